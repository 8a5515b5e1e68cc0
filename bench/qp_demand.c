/* Issue 10, item 4: the demand curve as steps (the LP rareflow writes) or as an exact quadratic
 * objective (Clp's QP).  Reads an LP written by `rareflow run --write-lp`, solves it as written
 * (dual simplex from cold, presolve on, as src/market/lp_clp.c does), then replaces every demand
 * step column `d:R:S:P:i` (and `dc:`) by one column per demand row with the exact linear inverse
 * demand P(q) = p0 (1 + (q/q0 - 1)/e) as a quadratic objective -a q + b q^2/2, a = p0 (1 - 1/e),
 * b = -p0/(e q0), q in [0, q0 (1 - e)] (P = 0 there).  The choke cap is kept exactly: where
 * P(0) = a exceeds the choke price the row gets a second, linear column [0, qc] at -choke
 * (qc = where P = choke) and the quadratic column starts at the choke price (cost -choke).
 *
 * Build (not part of CMake/Makefile):
 *   cc -O2 -I/usr/include/coin -o /tmp/qp_demand bench/qp_demand.c -lClp -lCoinUtils -lm
 * Run:
 *   /tmp/qp_demand LP.mps PARAMS FACTOR [REPS] [QPMODE]
 * PARAMS: one demand row a line, "region sector product q0 p0 e choke" (bench/qp_demand.sh makes
 * it from data/demand.csv); FACTOR scales q0 (the scenario's demand factor).  QPMODE: primal
 * (Clp_primal on the QP model, the default), initial (Clp_initialSolve), barrier
 * (Clp_initialBarrierSolve), nocross (Clp_initialBarrierNoCrossSolve), or all. */
#define _POSIX_C_SOURCE 200809L
#include <Clp_C_Interface.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    char key[160];  /* R:S:P, the step columns' stem */
    char urow[160]; /* U:R:P */
    double q0raw, q0, p0, e, choke;
    double a, b, qmax, qc; /* qc = 0 when the choke does not bind */
    int row;               /* index of the U row, -1 when missing */
    double stepw;          /* sum of the step widths found in the LP */
    int nsteps;
    int col_lin, col_quad; /* columns in the QP model (-1 none) */
    double q_lp;           /* demand in the step LP */
} drow;

static const char *targets[] = {"U:CN:oxide:NdPr", "U:CN:oxide:Dy", "U:CN:oxide:Tb",
                                "U:US:magnet:NdFeB", "U:CN:magnet:NdFeB-hc"};
#define NT 5

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/* Integral of the capped inverse demand from 0 to q (USD/kg x t). */
static double area(const drow *d, double q)
{
    if (q > d->qmax) q = d->qmax;
    double s = 0, q1 = 0;
    if (d->qc > 0) {
        q1 = q < d->qc ? q : d->qc;
        s += d->choke * q1;
    }
    if (q > q1) s += d->a * (q - q1) - 0.5 * d->b * (q * q - q1 * q1);
    return s;
}

static void set_params(drow *d, int nd, double factor)
{
    for (int j = 0; j < nd; j++) {
        drow *x = &d[j];
        x->q0 = x->q0raw * factor;
        x->a = x->p0 * (1 - 1 / x->e);
        x->b = -x->p0 / (x->e * x->q0);
        x->qmax = x->q0 * (1 - x->e);
        x->qc = (x->choke > 0 && x->choke < x->a) ? x->q0 * (1 + x->e * (x->choke / x->p0 - 1)) : 0;
    }
}

static int cmpd(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static int find_row(Clp_Simplex *m, const char *name)
{
    char buf[512];
    int nr = Clp_numberRows(m);
    for (int i = 0; i < nr; i++) {
        Clp_rowName(m, i, buf);
        if (!strcmp(buf, name)) return i;
    }
    return -1;
}

/* The price row of a target: U:... or, where it does not exist, O:... */
static int target_row(Clp_Simplex *m, const char *name, char *used)
{
    int i = find_row(m, name);
    strcpy(used, name);
    if (i < 0) {
        used[0] = 'O';
        i = find_row(m, used);
    }
    return i;
}

static Clp_Simplex *load(const char *mps)
{
    Clp_Simplex *m = Clp_newModel();
    Clp_setLogLevel(m, 0);
    if (Clp_readMps(m, mps, 1, 0)) {
        fprintf(stderr, "cannot read %s\n", mps);
        exit(1);
    }
    return m;
}

static void solve_lp(Clp_Simplex *m)
{
    Clp_Solve *opt = ClpSolve_new();
    ClpSolve_setSolveType(opt, 0 /* dual simplex */, -1);
    ClpSolve_setPresolveType(opt, 0 /* presolve on */, -1);
    Clp_initialSolveWithOptions(m, opt);
    ClpSolve_delete(opt);
}

/* Replace the step columns by the quadratic demand columns. */
static void build_qp(Clp_Simplex *m, drow *d, int nd, int quiet)
{
    int nc = Clp_numberColumns(m);
    const double *up = Clp_columnUpper(m);
    int *del = malloc(sizeof(int) * nc), ndel = 0, unmatched = 0;
    char name[512];
    for (int j = 0; j < nd; j++) d[j].stepw = 0, d[j].nsteps = 0;
    for (int c = 0; c < nc; c++) {
        Clp_columnName(m, c, name);
        int isd = !strncmp(name, "d:", 2), isdc = !strncmp(name, "dc:", 3);
        if (!isd && !isdc) continue;
        del[ndel++] = c;
        char *stem = name + (isd ? 2 : 3), *colon = strrchr(stem, ':');
        if (colon) *colon = 0;
        int k;
        for (k = 0; k < nd; k++)
            if (!strcmp(d[k].key, stem)) break;
        if (k == nd) unmatched++;
        else if (isd) d[k].stepw += up[c], d[k].nsteps++;
    }
    Clp_deleteColumns(m, ndel, del);
    free(del);
    int base = Clp_numberColumns(m), nadd = 0;
    double lo[2 * nd], hi[2 * nd], ob[2 * nd], el[2 * nd];
    int st[2 * nd + 1], ri[2 * nd];
    for (int j = 0; j < nd; j++) {
        d[j].col_lin = d[j].col_quad = -1;
        if (d[j].row < 0) continue;
        if (d[j].qc > 0) {
            lo[nadd] = 0, hi[nadd] = d[j].qc, ob[nadd] = -d[j].choke;
            st[nadd] = nadd, ri[nadd] = d[j].row, el[nadd] = -1, d[j].col_lin = base + nadd++;
        }
        lo[nadd] = 0, hi[nadd] = d[j].qmax - d[j].qc;
        ob[nadd] = d[j].qc > 0 ? -d[j].choke : -d[j].a;
        st[nadd] = nadd, ri[nadd] = d[j].row, el[nadd] = -1, d[j].col_quad = base + nadd++;
    }
    st[nadd] = nadd;
    Clp_addColumns(m, nadd, lo, hi, ob, st, ri, el);
    int n = Clp_numberColumns(m);
    CoinBigIndex *qs = calloc(n + 1, sizeof *qs);
    int *qi = malloc(sizeof(int) * nd);
    double *qe = malloc(sizeof(double) * nd);
    int nq = 0;
    for (int c = 0; c < n; c++) {
        qs[c] = nq;
        for (int j = 0; j < nd; j++)
            if (d[j].col_quad == c) qi[nq] = c, qe[nq++] = d[j].b;
    }
    qs[n] = nq;
    Clp_loadQuadraticObjective(m, n, qs, qi, qe);
    free(qs), free(qi), free(qe);
    if (!quiet) {
        double worst = 0;
        int missing = 0;
        for (int j = 0; j < nd; j++) {
            if (d[j].row < 0) { missing++; continue; }
            double r = fabs(d[j].stepw - d[j].qmax) / d[j].qmax;
            if (r > worst) worst = r;
        }
        printf("QP model: deleted %d step columns (%d unmatched), added %d columns (%d quadratic), "
               "%d rows without a U row; sum of step widths vs q_max: worst rel. gap %.4f\n",
               ndel, unmatched, nadd, nq, missing, worst);
    }
}

static int solve_qp(Clp_Simplex *m, const char *mode)
{
    if (!strcmp(mode, "primal")) return Clp_primal(m, 0);
    if (!strcmp(mode, "initial")) return Clp_initialSolve(m);
    if (!strcmp(mode, "barrier")) return Clp_initialBarrierSolve(m);
    if (!strcmp(mode, "nocross")) return Clp_initialBarrierNoCrossSolve(m);
    if (!strcmp(mode, "dual")) return Clp_dual(m, 0);
    fprintf(stderr, "unknown mode %s\n", mode);
    exit(1);
}

/* Quadratic part of the objective at x (as we defined it: b q^2 / 2). */
static double quad_value(const drow *d, int nd, const double *x)
{
    double s = 0;
    for (int j = 0; j < nd; j++)
        if (d[j].col_quad >= 0) s += 0.5 * d[j].b * x[d[j].col_quad] * x[d[j].col_quad];
    return s;
}

/* Complementary slackness and dual feasibility on every column and row of a solved model (min):
 * reduced cost dj = c_j + (Q x)_j - A_j' pi must be >= 0 at the lower bound, <= 0 at the upper, 0
 * in between; a row's dual must be 0 where the row is slack, >= 0 on an active G row, <= 0 on an
 * active L row.  Returns the worst violation in USD/kg (objective units per unit). */
static double kkt(Clp_Simplex *m, const drow *d, int nd, double *worst_row)
{
    int n = Clp_numberColumns(m), nr = Clp_numberRows(m);
    const CoinBigIndex *st = Clp_getVectorStarts(m);
    const int *len = Clp_getVectorLengths(m), *idx = Clp_getIndices(m);
    const double *el = Clp_getElements(m), *c = Clp_objective(m), *x = Clp_primalColumnSolution(m);
    const double *lo = Clp_columnLower(m), *up = Clp_columnUpper(m), *pi = Clp_dualRowSolution(m);
    const double *ra = Clp_primalRowSolution(m), *rl = Clp_rowLower(m), *ru = Clp_rowUpper(m);
    double worst = 0, wr = 0;
    for (int j = 0; j < n; j++) {
        double dj = c[j];
        for (int k = 0; k < nd; k++)
            if (d[k].col_quad == j) dj += d[k].b * x[j];
        for (CoinBigIndex k = st[j]; k < st[j] + len[j]; k++) dj -= el[k] * pi[idx[k]];
        double tol = 1e-5 * (1 + fabs(up[j]) + fabs(lo[j])); /* barrier ends near, not at, bounds */
        double v;
        if (up[j] - lo[j] <= tol) v = 0; /* fixed: any reduced cost */
        else if (x[j] <= lo[j] + tol) v = dj < 0 ? -dj : 0;
        else if (x[j] >= up[j] - tol) v = dj > 0 ? dj : 0;
        else v = fabs(dj);
        if (v > worst) {
            worst = v;
            if (getenv("QP_DEBUG")) {
                char nm[512];
                Clp_columnName(m, j, nm);
                fprintf(stderr, "col %s x %g [%g,%g] dj %g clp %g\n", nm, x[j], lo[j], up[j], dj,
                        Clp_dualColumnSolution(m)[j]);
            }
        }
    }
    for (int i = 0; i < nr; i++) {
        double tol = 1e-6 * (1 + fabs(ra[i])); /* Clp stops within ~1e-7 of a bound, scaled */
        int atlo = ra[i] <= rl[i] + tol, atup = ra[i] >= ru[i] - tol, v = 0;
        double viol = 0;
        if (!atlo && !atup) viol = fabs(pi[i]);
        else if (atlo && !atup) viol = pi[i] < 0 ? -pi[i] : 0;
        else if (atup && !atlo) viol = pi[i] > 0 ? pi[i] : 0;
        (void)v;
        if (viol > wr) {
            wr = viol;
            if (getenv("QP_DEBUG")) {
                char nm[512];
                Clp_rowName(m, i, nm);
                fprintf(stderr, "row %s activity %.9g [%g,%g] dual %g\n", nm, ra[i], rl[i], ru[i],
                        pi[i]);
            }
        }
    }
    *worst_row = wr;
    return worst;
}

static void report(const char *label, Clp_Simplex *m, double *t, int reps, int iters)
{
    qsort(t, reps, sizeof *t, cmpd);
    char used[200];
    printf("%-12s status %d/%d obj %.6e  time median %.2f ms (min %.2f, max %.2f) iters %d  "
           "primal inf %.2g dual inf %.2g\n",
           label, Clp_status(m), Clp_secondaryStatus(m), Clp_objectiveValue(m), 1e3 * t[reps / 2],
           1e3 * t[0], 1e3 * t[reps - 1], iters, Clp_sumPrimalInfeasibilities(m),
           Clp_sumDualInfeasibilities(m));
    const double *pi = Clp_dualRowSolution(m);
    printf("%-12s prices:", label);
    for (int k = 0; k < NT; k++) {
        int i = target_row(m, targets[k], used);
        printf(" %s=%.4f", used, i >= 0 ? pi[i] : NAN);
    }
    printf("\n");
}

/* Warm start as the simulation does it: the status of every column and row of a solved model,
 * carried by name into the next model (unknown names: at a bound / basic), then the LP re-solved
 * with dual simplex and no presolve, the QP with Clp_primal.  The QP also gets the previous
 * primal values (a QP optimum has superbasic columns that a basis alone does not carry). */
static void warm(const char *from, double ffrom, const char *to, double fto, drow *d, int nd,
                 int qp, int reps)
{
    double t[reps];
    int iters = 0, nsuper = 0, nbasic = 0;
    Clp_Simplex *m = NULL;
    for (int k = 0; k < reps; k++) {
        Clp_Simplex *a = load(from);
        set_params(d, nd, ffrom);
        if (qp) build_qp(a, d, nd, 1), Clp_primal(a, 0);
        else solve_lp(a);
        int na = Clp_numberColumns(a), nra = Clp_numberRows(a);
        if (k == 0 && qp) {
            const unsigned char *sa = Clp_statusArray(a);
            const double *xa = Clp_primalColumnSolution(a);
            const double *la = Clp_columnLower(a), *ua = Clp_columnUpper(a);
            for (int j = 0; j < na; j++) {
                int stj = sa[j] & 7;
                if (stj == 1) nbasic++;
                else if (xa[j] > la[j] + 1e-7 && xa[j] < ua[j] - 1e-7) nsuper++;
            }
            for (int i = 0; i < nra; i++) nbasic += (sa[na + i] & 7) == 1;
        }
        if (m) Clp_deleteModel(m);
        m = load(to);
        set_params(d, nd, fto);
        if (qp) build_qp(m, d, nd, 1);
        int n = Clp_numberColumns(m), nr = Clp_numberRows(m);
        unsigned char *st = malloc(n + nr);
        double *x = calloc(n, sizeof *x);
        const double *lo = Clp_columnLower(m), *up = Clp_columnUpper(m);
        for (int j = 0; j < n; j++) st[j] = (lo[j] > -1e30) ? 3 : (up[j] < 1e30 ? 2 : 0);
        for (int i = 0; i < nr; i++) st[n + i] = 1;
        const unsigned char *sa = Clp_statusArray(a);
        const double *xa = Clp_primalColumnSolution(a);
        char nm[512], nb[512];
        for (int j = 0; j < n; j++) {
            Clp_columnName(m, j, nm);
            int jj = j < na ? j : -1;
            if (jj >= 0) { Clp_columnName(a, jj, nb); if (strcmp(nm, nb)) jj = -1; }
            for (int c = 0; jj < 0 && c < na; c++) {
                Clp_columnName(a, c, nb);
                if (!strcmp(nm, nb)) jj = c;
            }
            if (jj >= 0) {
                st[j] = sa[jj] & 7;
                x[j] = xa[jj] < lo[j] ? lo[j] : (xa[jj] > up[j] ? up[j] : xa[jj]);
            }
        }
        for (int i = 0; i < nr && i < nra; i++) st[n + i] = sa[na + i] & 7; /* same rows, same order */
        Clp_copyinStatus(m, st);
        if (qp && !getenv("QP_WARM_NO_X")) Clp_setColSolution(m, x);
        free(st), free(x);
        Clp_deleteModel(a);
        double t0 = now();
        if (qp) Clp_primal(m, 0);
        else Clp_dual(m, 0);
        t[k] = now() - t0;
        iters = Clp_numberIterations(m);
    }
    char label[40];
    snprintf(label, sizeof label, qp ? "warm-QP" : "warm-LP");
    printf("%s from %s (x%.2f) to x%.2f:\n", label, from, ffrom, fto);
    report(label, m, t, reps, iters);
    {   /* recompute A x against the row bounds, and the objective, from the reported x */
        int n = Clp_numberColumns(m), nr = Clp_numberRows(m);
        const CoinBigIndex *cs = Clp_getVectorStarts(m);
        const int *len = Clp_getVectorLengths(m), *idx = Clp_getIndices(m);
        const double *el = Clp_getElements(m), *x = Clp_primalColumnSolution(m);
        const double *rl = Clp_rowLower(m), *ru = Clp_rowUpper(m), *c = Clp_objective(m);
        double *ax = calloc(nr, sizeof *ax), viol = 0, obj = qp ? quad_value(d, nd, x) : 0;
        for (int j = 0; j < n; j++) {
            obj += c[j] * x[j];
            for (CoinBigIndex k = cs[j]; k < cs[j] + len[j]; k++) ax[idx[k]] += el[k] * x[j];
        }
        for (int i = 0; i < nr; i++) {
            double v = ax[i] < rl[i] ? rl[i] - ax[i] : (ax[i] > ru[i] ? ax[i] - ru[i] : 0);
            if (v > viol) viol = v;
        }
        free(ax);
        double wrow, wcol = kkt(m, d, qp ? nd : 0, &wrow);
        printf("%-12s recomputed: objective %.6e, worst row violation %.3g t, KKT reduced-cost "
               "violation %.3g, row-dual %.3g\n", label, obj, viol, wcol, wrow);
    }
    if (qp)
        printf("%-12s the QP optimum it starts from: %d basic (columns + rows), %d columns strictly "
               "between bounds and not basic (superbasic); %d rows\n",
               label, nbasic, nsuper, Clp_numberRows(m));
    Clp_deleteModel(m);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s LP.mps PARAMS FACTOR [REPS] [QPMODE|all]\n", argv[0]);
        return 2;
    }
    const char *mps = argv[1];
    double factor = atof(argv[3]);
    int reps = argc > 4 ? atoi(argv[4]) : 11;
    const char *qmode = argc > 5 ? argv[5] : "primal";
    FILE *f = fopen(argv[2], "r");
    if (!f) { perror(argv[2]); return 1; }
    drow d[256];
    int nd = 0;
    char r[64], s[64], p[64];
    while (nd < 256 && fscanf(f, "%63s %63s %63s %lf %lf %lf %lf", r, s, p, &d[nd].q0, &d[nd].p0,
                              &d[nd].e, &d[nd].choke) == 7) {
        drow *x = &d[nd++];
        snprintf(x->key, sizeof x->key, "%s:%s:%s", r, s, p);
        snprintf(x->urow, sizeof x->urow, "U:%s:%s", r, p);
        x->q0raw = x->q0;
    }
    fclose(f);
    set_params(d, nd, factor);

    /* ---- the step LP as written ---- */
    double t[reps];
    Clp_Simplex *m = NULL;
    int iters = 0;
    for (int k = 0; k < reps; k++) {
        if (m) Clp_deleteModel(m);
        m = load(mps);
        double t0 = now();
        solve_lp(m);
        t[k] = now() - t0;
        iters = Clp_numberIterations(m);
    }
    printf("%s: %d rows x %d columns, factor %.2f\n", mps, Clp_numberRows(m),
           Clp_numberColumns(m), factor);
    report("step-LP", m, t, reps, iters);
    double lp_obj = Clp_objectiveValue(m);
    double *lp_pi = malloc(sizeof(double) * Clp_numberRows(m));
    memcpy(lp_pi, Clp_dualRowSolution(m), sizeof(double) * Clp_numberRows(m));
    double lp_exact = lp_obj;
    {   /* demand per row in the step LP */
        const double *x = Clp_primalColumnSolution(m), *cst = Clp_objective(m);
        char name[512];
        for (int j = 0; j < nd; j++) d[j].q_lp = 0, d[j].row = find_row(m, d[j].urow);
        for (int c = 0; c < Clp_numberColumns(m); c++) {
            Clp_columnName(m, c, name);
            if (strncmp(name, "d:", 2)) continue;
            lp_exact -= cst[c] * x[c];
            char *colon = strrchr(name, ':');
            *colon = 0;
            for (int j = 0; j < nd; j++)
                if (!strcmp(d[j].key, name + 2)) d[j].q_lp += x[c];
        }
    }
    for (int j = 0; j < nd; j++) lp_exact -= area(&d[j], d[j].q_lp);
    printf("step-LP      its solution valued on the exact curve: %.6e (step valuation %.6e)\n",
           lp_exact, lp_obj);
    int nrows_lp = Clp_numberRows(m);
    Clp_deleteModel(m);

    /* ---- the QP ---- */
    const char *modes[] = {"primal", "initial", "barrier", "nocross"};
    int nmodes = !strcmp(qmode, "all") ? 4 : 1;
    for (int md = 0; md < nmodes; md++) {
        const char *mode = nmodes == 1 ? qmode : modes[md];
        m = NULL;
        for (int k = 0; k < reps; k++) {
            if (m) Clp_deleteModel(m);
            m = load(mps);
            build_qp(m, d, nd, k > 0 || md > 0);
            if (getenv("QP_SCALING")) Clp_scaling(m, atoi(getenv("QP_SCALING")));
            double t0 = now();
            solve_qp(m, mode);
            t[k] = now() - t0;
            iters = Clp_numberIterations(m);
        }
        char label[32];
        snprintf(label, sizeof label, "QP-%s", mode);
        report(label, m, t, reps, iters);
        const double *x = Clp_primalColumnSolution(m), *pi = Clp_dualRowSolution(m);
        const double *c = Clp_objective(m);
        double lin = 0;
        for (int j = 0; j < Clp_numberColumns(m); j++) lin += c[j] * x[j];
        printf("%-12s objective check: c'x + sum b q^2/2 = %.6e (Clp says %.6e); step LP %.6e\n",
               label, lin + quad_value(d, nd, x), Clp_objectiveValue(m), lp_obj);
        /* KKT on every demand row: q interior -> price of its U row = P(q); q = 0 -> price >= P(0);
         * q = qmax -> price <= 0 (P = 0).  Also the price against the step LP's. */
        double worst = 0, worst_rel = 0;
        int ninterior = 0, nviol = 0;
        const char *wk = "";
        for (int j = 0; j < nd; j++) {
            if (d[j].row < 0) continue;
            double q = (d[j].col_lin >= 0 ? x[d[j].col_lin] : 0) + x[d[j].col_quad];
            double P = q < d[j].qc ? d[j].choke : d[j].a - d[j].b * q;
            if (P > d[j].choke && d[j].choke > 0) P = d[j].choke;
            double price = pi[d[j].row];
            if (q > 1e-6 * d[j].q0 && q < d[j].qmax * (1 - 1e-9)) {
                ninterior++;
                double dev = fabs(price - P);
                if (dev > worst) worst = dev, worst_rel = dev / (fabs(P) + 1e-12), wk = d[j].key;
            } else if (q <= 1e-6 * d[j].q0 ? price < P - 1e-6 : price > 1e-6)
                nviol++;
        }
        printf("%-12s KKT on demand rows: %d interior, max |price - P(q)| = %.3g USD/kg (%.2g rel, "
               "%s), %d bound violations\n",
               label, ninterior, worst, worst_rel, wk, nviol);
        double wrow, wcol = kkt(m, d, nd, &wrow);
        printf("%-12s KKT on all %d columns / %d rows: worst reduced-cost violation %.3g, worst "
               "row-dual violation %.3g (USD/kg)\n",
               label, Clp_numberColumns(m), Clp_numberRows(m), wcol, wrow);
        printf("%-12s demand rows (q/q0: step LP, QP; price step LP, QP, P(q_QP)):\n", label);
        for (int j = 0; j < nd; j++) {
            if (d[j].row < 0) continue;
            int show = 0;
            for (int k = 0; k < NT; k++)
                if (!strcmp(d[j].urow, targets[k])) show = 1;
            if (!show) continue;
            double q = (d[j].col_lin >= 0 ? x[d[j].col_lin] : 0) + x[d[j].col_quad];
            printf("   %-40s %.4f %.4f  %.3f %.3f %.3f\n", d[j].key, d[j].q_lp / d[j].q0,
                   q / d[j].q0, lp_pi[d[j].row], pi[d[j].row], d[j].a - d[j].b * q);
        }
        if (md == nmodes - 1 && nmodes == 1) {
            /* Write the QP to MPS to see what Clp writes (QUADOBJ section or not). */
            char out[600];
            snprintf(out, sizeof out, "%s.qp.mps", mps);
            int rc = Clp_writeMps(m, out, 0, 1, 0.0);
            printf("%-12s Clp_writeMps(%s) -> %d\n", label, out, rc);
        }
        Clp_deleteModel(m);
    }
    (void)nrows_lp;
    if (argc > 7) { /* warm start from another LP: FROM.mps FROM_FACTOR */
        warm(argv[6], atof(argv[7]), mps, factor, d, nd, 0, reps);
        warm(argv[6], atof(argv[7]), mps, factor, d, nd, 1, reps);
    }
    free(lp_pi);
    return 0;
}
