/*
 * market.c: builds, solves and reads one year's LP (see rareflow/market.h and
 * docs/model.md for the equations).
 *
 * Rows.  Every (region, product) has up to two balance nodes, both `>= 0`
 * (inflow - outflow >= 0; the slack is free disposal, which is how a
 * by-product such as Ce finds a price of zero):
 *   O(r,p)  the region's own output of p: facility outputs go in, exports
 *           and the transfer to local use go out;
 *   U(r,p)  local use of p: the transfer from O(r,p) and imports come in,
 *           facility inputs and demand go out.
 * Imports land in U, and only O exports, so material cannot be re-exported
 * as is: a ban on CN->US cannot leak through JP for one more freight leg
 * (origin pools, DESIGN.md).  Each running facility has one capacity link
 * row, sum_k x(f,k) - sum_t q(f,t) = 0, tying its recipe activities to its
 * cost tranches.
 *
 * Columns.  q(f,t) tranche use (cost = tranche unit cost, upper bound =
 * tranche size); x(f,k) recipe activity (cost = the recipe's extra cost);
 * tf(r,p) transfer O->U (cost 0); mv(r,s,p) trade (cost = transport cost);
 * d(j,i) demand step (cost = -willingness to pay, upper bound = width).
 *
 * Costs are in USD/kg and quantities in t, so the objective is in thousand
 * USD and every balance dual is a price in USD/kg.  Nodes, arcs and columns
 * exist only where the year uses them, which keeps the LP small.
 */
#include "rareflow/market.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/strutil.h"
#include "rareflow/limits.h"
#include "rareflow/lp.h"

/* Below this a flow is reported as zero (t/yr): solver noise, not trade. */
#define FLOW_EPS 1e-7
/* A demand step whose WTP is at least this multiple of p0 counts as shortage. */
#define SHORTAGE_WTP_FACTOR 1.5

struct colbuf;
struct rowbuf;

struct rf_market {
    const rf_world *w;
    rf_lp_basis *basis; /* last optimal basis, for a warm start by names */
    long solves, warm;  /* LPs solved, and of them started from a basis */
    /* The last LP solved to optimality and the arrays it was built from: the
     * next solve whose LP has the same rows, columns and matrix (a tariff
     * iteration, a period of a calm year) changes its bounds and costs in
     * place and re-solves from Clp's own state instead of rebuilding. */
    rf_lp *lp;
    struct rowbuf *kept_rows;
    struct colbuf *kept_cols;
    rf_lp_method method; /* of every LP the market builds */
};

/* ---------- column and row buffers ---------- */

/* A size limit of rareflow/limits.h, as the error that reports it names it. */
typedef struct lp_limit {
    long max;
    const char *what, *name;
} lp_limit;

#define LP_LIMIT(macro, what) {(long)(macro), what, #macro}
static const lp_limit limit_rows = LP_LIMIT(RF_MAX_LP_ROWS, "rows");
static const lp_limit limit_cols = LP_LIMIT(RF_MAX_LP_COLS, "columns");
static const lp_limit limit_nonzeros = LP_LIMIT(RF_MAX_LP_NONZEROS, "non-zeros");

typedef struct colbuf {
    const lp_limit *over; /* the limit hit (a failure that is not ENOMEM), or NULL */
    int n, cap;
    double *cost, *lo, *up;
    int *start;
    char **names;      /* point into text (a name's malloc and free for each was a measurable part of a run) */
    rf__strpool text;
    int nnz, nnz_cap;
    int *idx;
    double *val;
    double tie_break;  /* parameters.csv: tie_break x (1 + |cost|) x u(name) added to each cost */
    int exact;         /* while set, columns keep their cost (identities such as a transfer) */
} colbuf;

static void colbuf_free(colbuf *c)
{
    rf__strpool_free(&c->text);
    free(c->cost);
    free(c->lo);
    free(c->up);
    free(c->start);
    free(c->names);
    free(c->idx);
    free(c->val);
    memset(c, 0, sizeof *c);
}

/*
 * The name of a column from a format of %s, %d (non-negative) and %c only,
 * into buf[size], with its FNV-1a hash from RF__FNV_BASIS in *hash; its
 * length, or -1 when it does not fit or the format has anything else.  The LP
 * of a year names its few thousand columns on every build: vsnprintf was an
 * eighth of a whole baseline run, and then strlen, memcpy and a second pass
 * for the hash most of what was left, so each byte is copied and hashed in
 * one pass.  The names are the same as snprintf would make them.
 */
static int name_format(char *buf, size_t size, uint64_t *hash, const char *fmt, va_list ap)
{
    size_t n = 0;
    uint64_t h = RF__FNV_BASIS;
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            if (n + 1 >= size) return -1;
            buf[n++] = *f;
            h = rf__fnv1a_byte(h, (unsigned char)*f);
            continue;
        }
        char num[16];
        const char *s = num;
        size_t len;
        if (*++f == 's') {
            for (s = va_arg(ap, const char *); *s; s++) {
                if (n + 1 >= size) return -1;
                buf[n++] = *s;
                h = rf__fnv1a_byte(h, (unsigned char)*s);
            }
            continue;
        } else if (*f == 'c') {
            num[0] = (char)va_arg(ap, int);
            len = 1;
        } else if (*f == 'd') {
            int v = va_arg(ap, int);
            if (v < 0) return -1;
            char *e = num + sizeof num;
            do *--e = (char)('0' + v % 10);
            while ((v /= 10) > 0);
            s = e;
            len = (size_t)(num + sizeof num - e);
        } else {
            return -1;
        }
        if (len >= size - n) return -1;
        for (size_t k = 0; k < len; k++) {
            buf[n++] = s[k];
            h = rf__fnv1a_byte(h, (unsigned char)s[k]);
        }
    }
    buf[n] = '\0';
    *hash = h;
    return (int)n;
}

/* The name of an LP row or column from `fmt` (name_format's %s, %d and %c),
 * copied into `pool`; its hash in *hash.  NULL when it does not fit or on
 * ENOMEM.  A name joins at most four ids (RF_MAX_ID_BYTES
 * each) and a tag, which fits RF_LP_MAX_NAME_BYTES, so no name is cut short;
 * if one were, two items could share a name and the warm start would mix them
 * up. */
static char *pooled_name(rf__strpool *pool, uint64_t *hash, const char *fmt, va_list ap)
{
    char name[RF_LP_MAX_NAME_BYTES + 1];
    int n = name_format(name, sizeof name, hash, fmt, ap);
    return n < 0 ? NULL : rf__strpool_copy(pool, name, (size_t)n);
}

/* A number in [0, 1) from a name's FNV-1a hash (a 64-bit finaliser, so that
 * names differing in their last character spread over the whole interval). */
static double hash_unit(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    return (double)(h >> 11) * 0x1.0p-53;
}

/*
 * A number in [0, 1) fixed by a name, salted.  The tie-break (salt 0, from
 * the hash name_format makes) and the price probes use it: it depends on
 * nothing but the name, so a column keeps its share whatever the order the
 * LP is built in.
 */
static double name_unit(const char *s, size_t len, uint64_t salt)
{
    return hash_unit(rf__fnv1a(RF__FNV_BASIS ^ salt, s, len));
}

/* Start a new column; returns its index or -1 on ENOMEM. */
static int col_begin(colbuf *c, double cost, double lo, double up, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static int col_begin(colbuf *c, double cost, double lo, double up, const char *fmt, ...)
{
    if (c->n >= RF_MAX_LP_COLS) {
        c->over = &limit_cols;
        return -1;
    }
    if (c->n + 1 >= c->cap) {
        int cap = c->cap ? 2 * c->cap : 256;
        double *a = realloc(c->cost, (size_t)cap * sizeof *a);
        if (a) c->cost = a;
        double *b = realloc(c->lo, (size_t)cap * sizeof *b);
        if (b) c->lo = b;
        double *d = realloc(c->up, (size_t)cap * sizeof *d);
        if (d) c->up = d;
        int *s = realloc(c->start, (size_t)(cap + 1) * sizeof *s);
        if (s) c->start = s;
        char **nm = realloc(c->names, (size_t)cap * sizeof *nm);
        if (nm) c->names = nm;
        if (!a || !b || !d || !s || !nm) return -1;
        c->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    uint64_t h = 0;
    c->names[c->n] = pooled_name(&c->text, &h, fmt, ap);
    va_end(ap);
    if (!c->names[c->n]) return -1;
    /* Degenerate LPs have many optimal vertices; a cost raised by an amount
     * fixed by the column's name leaves one, whatever path the solver takes
     * (docs/model.md, "One answer whatever the solver's path").  The absolute
     * part (USD 1 x tie_break) separates recipes whose cost sits on a tranche. */
    c->cost[c->n] = cost;
    if (c->tie_break > 0.0 && !c->exact)
        c->cost[c->n] += c->tie_break * (1.0 + fabs(cost)) * hash_unit(h);
    c->lo[c->n] = lo;
    c->up[c->n] = up;
    c->start[c->n] = c->nnz;
    c->start[c->n + 1] = c->nnz;
    return c->n++;
}

/* Add coefficient v in `row` to the column begun last. */
static int col_put(colbuf *c, int row, double v)
{
    if (c->nnz >= RF_MAX_LP_NONZEROS) {
        c->over = &limit_nonzeros;
        return -1;
    }
    if (c->nnz == c->nnz_cap) {
        int cap = c->nnz_cap ? 2 * c->nnz_cap : 1024;
        int *i = realloc(c->idx, (size_t)cap * sizeof *i);
        if (i) c->idx = i;
        double *x = realloc(c->val, (size_t)cap * sizeof *x);
        if (x) c->val = x;
        if (!i || !x) return -1;
        c->nnz_cap = cap;
    }
    c->idx[c->nnz] = row;
    c->val[c->nnz] = v;
    c->nnz++;
    c->start[c->n] = c->nnz;
    return 0;
}

typedef struct rowbuf {
    const lp_limit *over; /* the limit hit (a failure that is not ENOMEM), or NULL */
    int n, cap;
    double *lo, *up;
    char **names;      /* point into text (a name's malloc and free for each was a measurable part of a run) */
    rf__strpool text;
} rowbuf;

static void rowbuf_free(rowbuf *r)
{
    rf__strpool_free(&r->text);
    free(r->lo);
    free(r->up);
    free(r->names);
    memset(r, 0, sizeof *r);
}

/* Add a row named by fmt (name_format's %s, %d and %c); its index, or -1. */
static int row_add(rowbuf *r, double lo, double up, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int row_add(rowbuf *r, double lo, double up, const char *fmt, ...)
{
    if (r->n >= RF_MAX_LP_ROWS) {
        r->over = &limit_rows;
        return -1;
    }
    if (r->n == r->cap) {
        int cap = r->cap ? 2 * r->cap : 256;
        double *a = realloc(r->lo, (size_t)cap * sizeof *a);
        if (a) r->lo = a;
        double *b = realloc(r->up, (size_t)cap * sizeof *b);
        if (b) r->up = b;
        char **nm = realloc(r->names, (size_t)cap * sizeof *nm);
        if (nm) r->names = nm;
        if (!a || !b || !nm) return -1;
        r->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    uint64_t h = 0;
    r->names[r->n] = pooled_name(&r->text, &h, fmt, ap);
    va_end(ap);
    if (!r->names[r->n]) return -1;
    r->lo[r->n] = lo;
    r->up[r->n] = up;
    return r->n++;
}

/* ---------- the year's LP layout ---------- */

/* Where each piece of the year's model sits in the LP. */
typedef struct layout {
    int nr, np;        /* regions, products */
    int nx;            /* extended products: 2 np, the variant of p is p + np */
    const rf_sourcing *src; /* the year's sourcing rule, or NULL */
    int *row_o;        /* [nr*nx] row of O(r,q) or -1 */
    int *row_u;        /* [nr*nx] row of U(r,q) or -1 */
    int *col_probe;    /* [2*nr*nx] price probe of O(r,q) (even) and U(r,q) (odd), or -1; NULL without probes */
    char *probe_buys;  /* [2*nr*nx] 1 when that probe buys, 0 when it gives */
    int *row_link;     /* [nfacilities] or -1 when the facility does not run */
    int *col_x;        /* [nfac_recipes] recipe activity columns or -1 */
    int *col_xc;       /* [nfac_recipes] compliant copies of the recipe columns or -1 */
    int *step_col;     /* [ndemand * RF_MAX_DEMAND_STEPS] or -1 */
    int *step_colc;    /* compliant share of each step, same shape, or -1 */
    double *step_wtp;  /* same shape */
    double *step_w;    /* width, same shape */
    double *step_end;  /* right end, same shape */
    int *arc_from, *arc_to, *arc_prod, *arc_col; /* trade arcs (arc_prod extended) */
    int *arc_ncol;     /* columns of each arc from arc_col on (sticky arcs have several) */
    int narcs, arc_cap;
    int *row_limit;    /* [nlimits] row of each active flow limit, or -1 */
    int *row_min;      /* [nfacilities] row of a facility's activity floor, or -1 */
    int *row_contract; /* [nfacilities] row of a facility's supply contract, or -1 */
    int *col_breach;   /* [nfacilities] the contract's breach column, or -1 */
    int *col_extra;    /* [nextra] column of each extra supply or demand */
    int *col_inv;      /* [ninv * INV_COLS] opening stock, then the closing steps, or -1 */
    double tau;        /* the period's length in years */
    const char **xnm;  /* [nx] each extended product's name (xname) */
    rf__strpool xtext; /* the variants' names */
} layout;

static void layout_free(layout *L)
{
    free(L->row_o);
    free(L->row_u);
    free(L->col_probe);
    free(L->probe_buys);
    free(L->row_link);
    free(L->col_x);
    free(L->col_xc);
    free(L->step_col);
    free(L->step_colc);
    free(L->step_wtp);
    free(L->step_w);
    free(L->step_end);
    free(L->arc_from);
    free(L->arc_to);
    free(L->arc_prod);
    free(L->arc_col);
    free(L->arc_ncol);
    free(L->col_inv);
    free(L->row_limit);
    free(L->row_min);
    free(L->row_contract);
    free(L->col_breach);
    free(L->col_extra);
    free(L->xnm);
    rf__strpool_free(&L->xtext);
}

static int layout_alloc(layout *L, const rf_world *w, const rf_year_input *in)
{
    memset(L, 0, sizeof *L);
    L->nr = w->nregions;
    L->np = w->nproducts;
    L->nx = 2 * L->np;
    L->src = in->sourcing.active ? &in->sourcing : NULL;
    L->tau = in->nperiods > 1 ? 1.0 / (double)in->nperiods : 1.0;
    size_t nn = (size_t)L->nr * (size_t)L->nx;
    size_t ns = (size_t)(w->ndemand ? w->ndemand : 1) * RF_MAX_DEMAND_STEPS;
    L->row_o = malloc(nn * sizeof(int));
    L->row_u = malloc(nn * sizeof(int));
    L->row_link = malloc((size_t)(w->nfacilities + 1) * sizeof(int));
    L->col_x = malloc((size_t)(w->nfac_recipes + 1) * sizeof(int));
    L->col_xc = malloc((size_t)(w->nfac_recipes + 1) * sizeof(int));
    L->step_col = malloc(ns * sizeof(int));
    L->step_colc = malloc(ns * sizeof(int));
    L->step_wtp = calloc(ns, sizeof(double));
    L->step_w = calloc(ns, sizeof(double));
    L->step_end = calloc(ns, sizeof(double));
    L->xnm = malloc((size_t)(L->nx + 1) * sizeof *L->xnm);
    if (!L->row_o || !L->row_u || !L->row_link || !L->col_x || !L->col_xc || !L->step_col ||
        !L->step_colc || !L->step_wtp || !L->step_w || !L->step_end || !L->xnm)
        return -1;
    /* Named once per build: the builders ask for them per node and per arc
     * (a snprintf each was 1% of a policy scenario's run). */
    for (int q = 0; q < L->nx; q++) {
        if (q < L->np) {
            L->xnm[q] = w->products[q].id;
            continue;
        }
        char buf[2 * RF_MAX_ID_BYTES + 2];
        int n = snprintf(buf, sizeof buf, "%s@%s", w->products[q - L->np].id, L->src ? L->src->tag : "v");
        if (n < 0 || (size_t)n >= sizeof buf || !(L->xnm[q] = rf__strpool_copy(&L->xtext, buf, (size_t)n)))
            return -1;
    }
    for (size_t i = 0; i < nn; i++) L->row_o[i] = L->row_u[i] = -1;
    for (int i = 0; i < w->nfacilities; i++) L->row_link[i] = -1;
    for (int i = 0; i < w->nfac_recipes; i++) L->col_x[i] = L->col_xc[i] = -1;
    for (size_t i = 0; i < ns; i++) L->step_col[i] = L->step_colc[i] = -1;
    return 0;
}

static int arc_push(layout *L, int from, int to, int p, int col, int ncol)
{
    if (L->narcs == L->arc_cap) {
        int cap = L->arc_cap ? 2 * L->arc_cap : 256;
        int *a = realloc(L->arc_from, (size_t)cap * sizeof *a);
        if (a) L->arc_from = a;
        int *b = realloc(L->arc_to, (size_t)cap * sizeof *b);
        if (b) L->arc_to = b;
        int *c = realloc(L->arc_prod, (size_t)cap * sizeof *c);
        if (c) L->arc_prod = c;
        int *d = realloc(L->arc_col, (size_t)cap * sizeof *d);
        if (d) L->arc_col = d;
        int *e = realloc(L->arc_ncol, (size_t)cap * sizeof *e);
        if (e) L->arc_ncol = e;
        if (!a || !b || !c || !d || !e) return -1;
        L->arc_cap = cap;
    }
    L->arc_from[L->narcs] = from;
    L->arc_to[L->narcs] = to;
    L->arc_prod[L->narcs] = p;
    L->arc_col[L->narcs] = col;
    L->arc_ncol[L->narcs] = ncol;
    L->narcs++;
    return 0;
}

static int runs(const rf_world *w, const rf_year_input *in, int f)
{
    return in->cap_factor[f] > 0.0 && w->facilities[f].capacity_t > 0.0;
}

/* Node index of (region, extended product). */
#define NODE(L, r, q) ((r) * (L)->nx + (q))

/* Name of extended product q: the product id, with "@tag" for a variant. */
static const char *xname(const layout *L, int q) { return L->xnm[q]; }

/* The compliant copy of a recipe runs in regions outside the exclusion, for
 * recipes that make something a compliant demand needs. */
static int compliant_recipe(const layout *L, const rf_facility *fac, const rf_recipe *r)
{
    if (!L->src || L->src->excluded[fac->region]) return 0;
    for (int i = 0; i < r->nout; i++)
        if (L->src->variant[r->out[i].product]) return 1;
    return 0;
}

/* Extended product of a compliant recipe's flow of p: its variant if it has one. */
static int cq(const layout *L, int p)
{
    return L->src && L->src->variant[p] ? p + L->np : p;
}

/* Share of a demand row served compliant (0 without a rule). */
static double compliant_share(const layout *L, int d)
{
    return L->src && L->src->compliant_demand[d] ? L->src->frac : 0.0;
}

/* Decide which balance nodes exist and create their rows. */
static int build_rows(const rf_world *w, const rf_year_input *in, layout *L, rowbuf *rows)
{
    int nr = L->nr, nx = L->nx;
    char *need_o = calloc((size_t)nr * (size_t)nx, 1), *need_u = calloc((size_t)nr * (size_t)nx, 1);
    if (!need_o || !need_u) goto fail;
    for (int f = 0; f < w->nfacilities; f++) {
        if (!runs(w, in, f)) continue;
        const rf_facility *fac = &w->facilities[f];
        for (int k = 0; k < fac->nrecipes; k++) {
            const rf_recipe *r = &w->recipes[fac->recipes[k]];
            int comp = compliant_recipe(L, fac, r);
            for (int i = 0; i < r->nout; i++) {
                need_o[NODE(L, fac->region, r->out[i].product)] = 1;
                if (comp) need_o[NODE(L, fac->region, cq(L, r->out[i].product))] = 1;
            }
            for (int i = 0; i < r->nin; i++) {
                need_u[NODE(L, fac->region, r->in[i].product)] = 1;
                if (comp) need_u[NODE(L, fac->region, cq(L, r->in[i].product))] = 1;
            }
        }
    }
    for (int d = 0; d < w->ndemand; d++) {
        if (!(in->demand_factor[d] > 0.0)) continue;
        double cs = compliant_share(L, d);
        if (cs < 1.0) need_u[NODE(L, w->demand[d].region, w->demand[d].product)] = 1;
        if (cs > 0.0) need_u[NODE(L, w->demand[d].region, w->demand[d].product + L->np)] = 1;
    }
    /* End-of-life scrap is the region's own output (it may be exported to a
     * recycler abroad, as magnet scrap is); the levers' supplies and draws
     * (stocks, offtakes) are at the use pool. */
    for (int i = 0; i < in->nextra; i++) {
        char *need = in->extra[i].eol ? need_o : need_u;
        need[NODE(L, in->extra[i].region, in->extra[i].product)] = 1;
    }
    /* Under a content rule third regions may export only variants, so every use
     * pool outside the exclusion can receive them (and downgrade them). */
    if (L->src && L->src->exports_variants)
        for (int r = 0; r < nr; r++)
            for (int p = 0; p < L->np && !L->src->excluded[r]; p++)
                if (need_u[NODE(L, r, p)] && L->src->variant[p]) need_u[NODE(L, r, p + L->np)] = 1;
    for (int r = 0; r < nr; r++)
        for (int q = 0; q < nx; q++) {
            int i = NODE(L, r, q);
            if (need_o[i]) {
                if ((L->row_o[i] = row_add(rows, 0.0, RF_INF, "O:%s:%s", w->regions[r].id,
                                           xname(L, q))) < 0)
                    goto fail;
            }
            if (need_u[i]) {
                if ((L->row_u[i] = row_add(rows, 0.0, RF_INF, "U:%s:%s", w->regions[r].id,
                                           xname(L, q))) < 0)
                    goto fail;
            }
        }
    for (int f = 0; f < w->nfacilities; f++) {
        if (!runs(w, in, f)) continue;
        if ((L->row_link[f] = row_add(rows, 0.0, 0.0, "cap:%s", w->facilities[f].id)) < 0) goto fail;
    }
    /* Activity floors (a price floor or an offtake keeps the plant running). */
    L->row_min = malloc((size_t)(w->nfacilities + 1) * sizeof *L->row_min);
    if (!L->row_min) goto fail;
    for (int f = 0; f < w->nfacilities; f++) {
        L->row_min[f] = -1;
        if (L->row_link[f] < 0 || !(in->min_activity[f] > 0.0)) continue;
        if ((L->row_min[f] = row_add(rows, in->min_activity[f], RF_INF, "min:%s", w->facilities[f].id)) < 0) goto fail;
    }
    /* Supply contracts (docs/model.md, "Contracts"): activity + breach >= the
     * volume held, up to what the plant can run this year. */
    L->row_contract = malloc((size_t)(w->nfacilities + 1) * sizeof *L->row_contract);
    L->col_breach = malloc((size_t)(w->nfacilities + 1) * sizeof *L->col_breach);
    if (!L->row_contract || !L->col_breach) goto fail;
    for (int f = 0; f < w->nfacilities; f++) {
        L->row_contract[f] = L->col_breach[f] = -1;
        double cap = w->facilities[f].capacity_t * in->cap_factor[f];
        double held = in->contract_t && in->contract_t[f] < cap ? in->contract_t[f] : cap;
        if (L->row_link[f] < 0 || !in->contract_t || !(in->contract_t[f] > 0.0) || !(held > 0.0)) continue;
        if ((L->row_contract[f] = row_add(rows, held, RF_INF, "ct:%s", w->facilities[f].id)) < 0) goto fail;
    }
    /* Quota rows: sum of the flows on a limit's arcs <= its cap.  A deferred
     * limit (its cap awaits a pre-solve) is left out. */
    L->row_limit = malloc((size_t)(in->nlimits + 1) * sizeof *L->row_limit);
    if (!L->row_limit) goto fail;
    for (int i = 0; i < in->nlimits; i++) {
        L->row_limit[i] = -1;
        if (in->limits[i].deferred) continue;
        if ((L->row_limit[i] = row_add(rows, -RF_INF, in->limits[i].cap_t, "lim:%d", i + 1)) < 0) goto fail;
    }
    free(need_o);
    free(need_u);
    return 0;
fail:
    free(need_o);
    free(need_u);
    return -1;
}

/* Tranche and recipe columns of every running facility. */
static int build_facility_cols(const rf_world *w, const rf_year_input *in, layout *L, colbuf *c)
{
    double size[RF_MAX_TRANCHES], cost[RF_MAX_TRANCHES];
    for (int f = 0; f < w->nfacilities; f++) {
        if (L->row_link[f] < 0) continue;
        const rf_facility *fac = &w->facilities[f];
        int nt = rf_world_tranches(w, f, in->cap_factor[f], size, cost);
        for (int t = 0; t < nt; t++) {
            if (col_begin(c, cost[t], 0.0, size[t], "q:%s:%d", fac->id, t + 1) < 0) return -1;
            if (col_put(c, L->row_link[f], -1.0)) return -1;
            if (L->row_min[f] >= 0 && col_put(c, L->row_min[f], 1.0)) return -1;
            if (L->row_contract[f] >= 0 && col_put(c, L->row_contract[f], 1.0)) return -1;
        }
        /* Breaking the contract costs three times the plant's unit cost per kg not
         * run: the contract holds a plant whose loss stays below that (an
         * assumption; above it the buyer would rather pay the penalty). */
        if (L->row_contract[f] >= 0) {
            if ((L->col_breach[f] = col_begin(c, 3.0 * fac->unit_cost_usd_per_kg, 0.0, RF_INF, "ctb:%s", fac->id)) < 0 ||
                col_put(c, L->row_contract[f], 1.0))
                return -1;
        }
        for (int k = 0; k < fac->nrecipes; k++) {
            const rf_recipe *r = &w->recipes[fac->recipes[k]];
            /* copy 0 is the ordinary recipe; copy 1 its compliant twin, which takes
             * compliant inputs and makes compliant outputs (by-products nobody
             * compliant needs stay ordinary) and shares the plant's capacity. */
            for (int copy = 0; copy < 1 + compliant_recipe(L, fac, r); copy++) {
                int col = col_begin(c, r->extra_cost_usd_per_kg, 0.0, RF_INF, "%s:%s:%s",
                                    copy ? "xc" : "x", fac->id, r->id);
                if (col < 0) return -1;
                (copy ? L->col_xc : L->col_x)[fac->recipe_offset + k] = col;
                if (col_put(c, L->row_link[f], 1.0)) return -1;
                for (int i = 0; i < r->nin; i++) {
                    int q = copy ? cq(L, r->in[i].product) : r->in[i].product;
                    if (col_put(c, L->row_u[NODE(L, fac->region, q)], -r->in[i].qty)) return -1;
                }
                for (int i = 0; i < r->nout; i++) {
                    int q = copy ? cq(L, r->out[i].product) : r->out[i].product;
                    if (col_put(c, L->row_o[NODE(L, fac->region, q)], r->out[i].qty)) return -1;
                }
            }
        }
    }
    return 0;
}

/* Segments of a trade arc: without an anchor one column at the arc's cost;
 * a sticky arc (docs/model.md, "Sticky supply") carries the flow its buyer
 * has qualified the supplier for (the most of its last RF_QUALIFIED_YEARS)
 * at its normal cost, the contracted share of last period's flow F0 with a
 * bonus (leaving it forfeits what requalifying would cost), and flow above in
 * the switching steps of its family at rising premiums.  All in t/yr: a step
 * lets the rate rise by its share of the destination's use x the period's
 * length, so four quarters switch what one year does. */
#define ARC_MAX_SEGS (2 + RF_MAX_SWITCH_STEPS)
static const char *const seg_names[ARC_MAX_SEGS + 1] = {"mv", "mvk", "mv0", "mvs1", "mvs2", "mvs3", "mvs4"};

static int arc_segments(const rf_world *w, const rf_year_input *in, const layout *L, int r, int s, int p,
                        double *cost, double *up)
{
    int fam = (int)w->products[p].family, nsteps = w->nswitching[fam];
    size_t a = RF_ARC(in, r, s, p);
    double f0 = in->arc_last ? in->arc_last[a] : -1.0;
    double q0 = in->arc_anchor && in->arc_anchor[a] > f0 ? in->arc_anchor[a] : f0;
    if (f0 < 0.0 || nsteps == 0) {
        cost[0] = 0.0;
        up[0] = RF_INF;
        return 1;
    }
    double ref = w->ref_price[p], use = in->use_last ? in->use_last[(size_t)s * (size_t)L->np + (size_t)p] : 0.0;
    double kappa = w->params.contract_share, bonus = w->switching[fam][0].premium_share * ref;
    /* Each segment keeps its name from period to period (the basis carries
     * by name); one of no width gets no column. */
    cost[0] = -bonus;
    up[0] = kappa * f0;
    cost[1] = 0.0;
    up[1] = q0 - kappa * f0; /* up to the qualified flow, at the normal cost */
    /* An arc that carries flow has room at its normal cost for the price
     * probes' kg (a probe takes less than 2 eps): a few more kg from a
     * supplier already qualified pay no switching premium, which is for
     * volumes.  Without the room a pool whose flow sits at its anchor in a
     * calm period is priced at a switching step's premium (docs/model.md,
     * "One answer whatever the solver's path"). */
    if (q0 > 0.0) up[1] += 2.0 * w->params.price_probe_t;
    for (int k = 0; k < nsteps; k++) {
        const rf_switch_step *st = &w->switching[fam][k];
        cost[2 + k] = st->premium_share * ref;
        up[2 + k] = st->width_share < 0.0 ? RF_INF : st->width_share * (use > 0.0 ? use : 0.0) * L->tau;
    }
    return 2 + nsteps;
}

/* Transfers O->U within a region, and trade arcs O(r) -> U(s).  An arc's cost
 * is its freight plus the wedges policies wrote (specific tariffs and the ad
 * valorem wedge in force); its bound is a ban or sanction's cap. */
static int build_flow_cols(const rf_world *w, const rf_year_input *in, layout *L, colbuf *c)
{
    for (int r = 0; r < L->nr; r++)
        for (int q = 0; q < L->nx; q++) {
            int o = L->row_o[NODE(L, r, q)], u = L->row_u[NODE(L, r, q)];
            if (o < 0 && u < 0) continue; /* no node: nothing to name (a variant's costs a snprintf) */
            const char *pn = xname(L, q);
            /* A transfer and a downgrade stay free: a pool's use price is at most
             * its export price, and a compliant price at least the ordinary one,
             * exactly (the tie-break would break those identities by a hair). */
            c->exact = 1;
            if (o >= 0 && u >= 0 &&
                (col_begin(c, 0.0, 0.0, RF_INF, "tf:%s:%s", w->regions[r].id, pn) < 0 ||
                 col_put(c, o, -1.0) || col_put(c, u, 1.0)))
                return -1;
            /* Compliant material may always be used as ordinary material. */
            for (int pool = 0; pool < 2 && q >= L->np; pool++) {
                const int *rows = pool ? L->row_u : L->row_o;
                int from = rows[NODE(L, r, q)], to = rows[NODE(L, r, q - L->np)];
                if (from >= 0 && to >= 0 &&
                    (col_begin(c, 0.0, 0.0, RF_INF, "dg%c:%s:%s", pool ? 'U' : 'O', w->regions[r].id, pn) < 0 ||
                     col_put(c, from, -1.0) || col_put(c, to, 1.0)))
                    return -1;
            }
            c->exact = 0;
        }
    for (int q = 0; q < L->nx; q++) {
        int p = q % L->np;
        const char *pn = xname(L, q);
        for (int r = 0; r < L->nr; r++) {
            int o = L->row_o[NODE(L, r, q)];
            if (o < 0) continue;
            for (int s = 0; s < L->nr; s++) {
                int u = L->row_u[NODE(L, s, q)];
                double cost;
                if (u < 0 || !rf_world_arc_cost(w, r, s, p, &cost)) continue;
                size_t a = RF_ARC(in, r, s, p);
                double seg_cost[ARC_MAX_SEGS], seg_up[ARC_MAX_SEGS];
                int nseg = arc_segments(w, in, L, r, s, p, seg_cost, seg_up);
                double room = in->arc_cap[a] >= 0.0 ? in->arc_cap[a] : RF_INF;
                int first = -1;
                int ncol = 0;
                for (int k = 0; k < nseg; k++) {
                    /* A cap (a ban, a sanction) trims the segments in order of cost:
                     * the cheaper ones fill first, so this is the cap on their sum. */
                    double up = seg_up[k] < room ? seg_up[k] : room;
                    if (room < RF_INF) room -= up;
                    /* A segment of no width is left out (most arcs carry nothing), but
                     * every arc keeps one column, its priciest, whatever its cap. */
                    if (!(up > 0.0) && !(k == nseg - 1 && ncol == 0)) continue;
                    ncol++;
                    int col = col_begin(c, cost + seg_cost[k] + in->arc_specific[a] + in->arc_wedge[a], 0.0, up,
                                        "%s:%s>%s:%s", seg_names[nseg == 1 ? 0 : k + 1], w->regions[r].id,
                                        w->regions[s].id, pn);
                    if (col < 0 || col_put(c, o, -1.0) || col_put(c, u, 1.0)) return -1;
                    if (first < 0) first = col;
                    for (int i = 0; i < in->nlimits; i++) {
                        const rf_flow_limit *lim = &in->limits[i];
                        if (L->row_limit[i] >= 0 && lim->from == r && lim->to_mask[s] &&
                            lim->prod_mask[p] && !(lim->ordinary_only && q >= L->np) &&
                            col_put(c, L->row_limit[i], lim->prod_weight ? lim->prod_weight[p] : 1.0))
                            return -1;
                    }
                }
                if (arc_push(L, r, s, q, first, ncol)) return -1;
            }
        }
    }
    return 0;
}

/* Supplies and withdrawals that levers add to use pools (stocks, offtakes),
 * and end-of-life scrap to the own-output pool. */
static int build_extra_cols(const rf_world *w, const rf_year_input *in, layout *L, colbuf *c)
{
    L->col_extra = malloc((size_t)(in->nextra + 1) * sizeof *L->col_extra);
    if (!L->col_extra) return -1;
    for (int i = 0; i < in->nextra; i++) {
        const rf_extra_col *e = &in->extra[i];
        int u = (e->eol ? L->row_o : L->row_u)[NODE(L, e->region, e->product)];
        int col = col_begin(c, e->cost, e->lo, e->up, "ex:%d:%s:%s", i + 1, w->regions[e->region].id,
                            w->products[e->product].id);
        if (col < 0 || col_put(c, u, (double)e->sign)) return -1;
        L->col_extra[i] = col;
    }
    return 0;
}

/* Commercial stocks (docs/model.md, "Commercial inventories"): the opening
 * stock is a fixed supply to the use pool over the period; the closing stock
 * is a demand in three steps of value at the expected next-period price Pe:
 * the first half of the target, as far as it is on hand, is kept unless the
 * price passes 1.5 Pe (stock that keeps a line running), the rest of the
 * target unless it passes INV_WORKING x Pe (working stock, and stock bought
 * back after a draw: its convenience covers its holding cost),
 * and half a target more is bought when the price falls below Pe less the
 * period's holding cost (buying cheap to sell dear).  The steps are trimmed
 * in order to max_close_t, the pace at which holders can restock. */
#define INV_COLS 4
#define INV_SAFETY 1.5
#define INV_WORKING 1.1

static int build_inventory_cols(const rf_world *w, const rf_year_input *in, layout *L, colbuf *c)
{
    L->col_inv = malloc((size_t)(in->ninv * INV_COLS + 1) * sizeof *L->col_inv);
    if (!L->col_inv) return -1;
    double tau = L->tau, rate = w->params.inventory_capital_rate + w->params.inventory_storage_share;
    for (int i = 0; i < in->ninv; i++) {
        const rf_inventory_in *v = &in->inv[i];
        int *cols = &L->col_inv[i * INV_COLS];
        for (int k = 0; k < INV_COLS; k++) cols[k] = -1;
        int u = L->row_u[NODE(L, v->region, v->product)];
        if (u < 0) continue; /* nobody uses the product there this period */
        const char *rid = w->regions[v->region].id, *pid = w->products[v->product].id;
        double pe = v->price_usd_per_kg > 0.0 ? v->price_usd_per_kg : 0.0, hold = rate * tau * pe;
        double value[3] = {INV_SAFETY * pe, INV_WORKING * pe, pe - hold};
        /* Only safety stock on hand is worth 1.5 Pe: stock bought back after a
         * draw is worth what working stock is, or restocking at 1.5 times an
         * adaptive expectation would chase a rising price up year after year. */
        double safety = 0.5 * v->target_t < v->open_t ? 0.5 * v->target_t : v->open_t;
        double width[3] = {safety, v->target_t - safety, 0.5 * v->target_t};
        double room = v->max_close_t > 0.0 ? v->max_close_t : 0.0;
        if ((cols[0] = col_begin(c, 0.0, v->open_t / tau, v->open_t / tau, "iv0:%s:%s", rid, pid)) < 0 ||
            col_put(c, u, 1.0))
            return -1;
        for (int k = 0; k < 3; k++) {
            double wd = width[k] < room ? width[k] : room;
            room -= wd;
            if ((cols[k + 1] = col_begin(c, -value[k], 0.0, wd / tau, "iv%d:%s:%s", k + 1, rid, pid)) < 0 ||
                col_put(c, u, -1.0))
                return -1;
        }
    }
    return 0;
}

static int build_demand_cols(const rf_world *w, const rf_year_input *in, layout *L, colbuf *c)
{
    for (int d = 0; d < w->ndemand; d++) {
        const rf_demand *dm = &w->demand[d];
        if (!(in->demand_factor[d] > 0.0)) continue;
        double *wd = &L->step_w[d * RF_MAX_DEMAND_STEPS], *wtp = &L->step_wtp[d * RF_MAX_DEMAND_STEPS];
        double *end = &L->step_end[d * RF_MAX_DEMAND_STEPS];
        int n = rf_world_demand_steps(w, d, in->demand_factor[d], wd, wtp, end);
        /* Under a sourcing rule in force for a share s of the year, s of each step
         * must be served compliant and the rest may be ordinary. */
        double cs = compliant_share(L, d);
        for (int i = 0; i < n; i++)
            for (int comp = 0; comp < 2; comp++) {
                double width = comp ? cs * wd[i] : (1.0 - cs) * wd[i];
                if (width <= 0.0) continue;
                int u = L->row_u[NODE(L, dm->region, dm->product + (comp ? L->np : 0))];
                int col = col_begin(c, -wtp[i], 0.0, width, "d%s:%s:%s:%s:%d", comp ? "c" : "",
                                    w->regions[dm->region].id, dm->sector, w->products[dm->product].id, i + 1);
                if (col < 0 || col_put(c, u, -1.0)) return -1;
                (comp ? L->step_colc : L->step_col)[d * RF_MAX_DEMAND_STEPS + i] = col;
            }
    }
    return 0;
}

/* ---------- reading the solution ---------- */

static rf_status read_prices(const layout *L, const double *y,
                             rf_year_result *out)
{
    int n = 0;
    out->prices = calloc((size_t)L->nr * (size_t)L->nx + 1, sizeof *out->prices);
    if (!out->prices) return RF_ENOMEM;
    if (L->src) {
        snprintf(out->variant_tag, sizeof out->variant_tag, "%s", L->src->tag);
        out->variant_names = calloc((size_t)L->np + 1, sizeof *out->variant_names);
        if (!out->variant_names) return RF_ENOMEM;
        out->nvariant_names = L->np;
        for (int p = 0; p < L->np; p++) {
            if (!(out->variant_names[p] = rf__strdup(xname(L, p + L->np)))) return RF_ENOMEM;
        }
    }
    for (int r = 0; r < L->nr; r++)
        for (int q = 0; q < L->nx; q++) {
            int o = L->row_o[NODE(L, r, q)], u = L->row_u[NODE(L, r, q)];
            if (o < 0 && u < 0) continue;
            rf_price *pr = &out->prices[n++];
            pr->region = r;
            pr->product = q % L->np;
            pr->variant = q >= L->np;
            pr->usd_per_kg = u >= 0 ? y[u] : y[o];
            pr->has_export = o >= 0;
            pr->export_usd_per_kg = o >= 0 ? y[o] : 0.0;
        }
    out->nprices = n;
    return RF_OK;
}

static rf_status read_production(const rf_world *w, const layout *L, const double *x,
                                 rf_year_result *out)
{
    out->activity = calloc((size_t)w->nfac_recipes + 1, sizeof *out->activity);
    out->activity_compliant = calloc((size_t)w->nfac_recipes + 1, sizeof *out->activity_compliant);
    int cap = 16, n = 0;
    out->production = malloc((size_t)cap * sizeof *out->production);
    if (!out->activity || !out->activity_compliant || !out->production) return RF_ENOMEM;
    for (int f = 0; f < w->nfacilities; f++) {
        const rf_facility *fac = &w->facilities[f];
        for (int k = 0; k < fac->nrecipes; k++) {
            int col = L->col_x[fac->recipe_offset + k], colc = L->col_xc[fac->recipe_offset + k];
            double ac = colc >= 0 && x[colc] > FLOW_EPS ? x[colc] : 0.0;
            double a = (col >= 0 ? x[col] : 0.0) + ac;
            out->activity[fac->recipe_offset + k] = a > FLOW_EPS ? a : 0.0;
            out->activity_compliant[fac->recipe_offset + k] = ac;
        }
        /* Sum each output product over the recipes the facility ran. */
        for (int p = 0; p < w->nproducts; p++) {
            double t = 0.0;
            for (int k = 0; k < fac->nrecipes; k++) {
                const rf_recipe *r = &w->recipes[fac->recipes[k]];
                for (int i = 0; i < r->nout; i++)
                    if (r->out[i].product == p)
                        t += out->activity[fac->recipe_offset + k] * r->out[i].qty;
            }
            if (t <= FLOW_EPS) continue;
            if (n == cap) {
                cap *= 2;
                rf_output *g = realloc(out->production, (size_t)cap * sizeof *g);
                if (!g) return RF_ENOMEM;
                out->production = g;
            }
            out->production[n].facility = f;
            out->production[n].product = p;
            out->production[n].t = t;
            n++;
        }
    }
    out->nproduction = n;
    return RF_OK;
}

/* The slack of every balance node is what was disposed of there. */
static rf_status read_disposal(const layout *L, const double *act, const double *x, rf_year_result *out)
{
    int n = 0;
    out->disposal = malloc((size_t)L->nr * (size_t)L->np * sizeof *out->disposal + 1);
    if (!out->disposal) return RF_ENOMEM;
    for (int r = 0; r < L->nr; r++)
        for (int p = 0; p < L->np; p++) {
            /* Both pools, ordinary and compliant, count as the product. */
            const int rows[4] = {L->row_o[NODE(L, r, p)], L->row_u[NODE(L, r, p)],
                                 L->row_o[NODE(L, r, p + L->np)], L->row_u[NODE(L, r, p + L->np)]};
            const int nodes[4] = {NODE(L, r, p), NODE(L, r, p), NODE(L, r, p + L->np), NODE(L, r, p + L->np)};
            double t = 0.0, probes = 0.0;
            for (int i = 0; i < 4; i++) {
                if (rows[i] >= 0 && act[rows[i]] > FLOW_EPS) t += act[rows[i]];
                /* What the price probes bought, less what they gave, leaves the
                 * chain here too, so every balance closes (a few kg a pool). */
                size_t at = 2 * (size_t)nodes[i] + (size_t)(i & 1);
                int pc = L->col_probe && rows[i] >= 0 ? L->col_probe[at] : -1;
                if (pc >= 0 && x[pc] > 0.0) probes += L->probe_buys[at] ? x[pc] : -x[pc];
            }
            t += probes;
            if (fabs(t) <= FLOW_EPS) continue;
            out->disposal[n].region = r;
            out->disposal[n].product = p;
            out->disposal[n].t = t;
            n++;
        }
    out->ndisposal = n;
    return RF_OK;
}

/* The rent of a binding quota: minus the dual of its `<=` row (duals of `<=`
 * rows are <= 0 when minimising), in USD/kg. */
static rf_status read_extra(const layout *L, const rf_year_input *in, const double *x,
                            rf_year_result *out)
{
    size_t n = (size_t)in->nextra + 1;
    out->extra_t = calloc(n, sizeof *out->extra_t);
    out->extra_region = calloc(n, sizeof(int));
    out->extra_product = calloc(n, sizeof(int));
    out->extra_sign = calloc(n, sizeof(int));
    out->extra_eol = calloc(n, sizeof(int));
    if (!out->extra_t || !out->extra_region || !out->extra_product || !out->extra_sign || !out->extra_eol)
        return RF_ENOMEM;
    out->nextra = in->nextra;
    for (int i = 0; i < in->nextra; i++) {
        out->extra_t[i] = x[L->col_extra[i]] > FLOW_EPS ? x[L->col_extra[i]] : 0.0;
        out->extra_region[i] = in->extra[i].region;
        out->extra_product[i] = in->extra[i].product;
        out->extra_sign[i] = in->extra[i].sign;
        out->extra_eol[i] = in->extra[i].eol;
    }
    return RF_OK;
}

static rf_status read_limits(const layout *L, const rf_year_input *in, const double *y,
                             rf_year_result *out)
{
    out->limit_dual = calloc((size_t)in->nlimits + 1, sizeof *out->limit_dual);
    if (!out->limit_dual) return RF_ENOMEM;
    out->nlimits = in->nlimits;
    for (int i = 0; i < in->nlimits; i++)
        if (L->row_limit[i] >= 0) out->limit_dual[i] = y[L->row_limit[i]] < 0.0 ? -y[L->row_limit[i]] : 0.0;
    return RF_OK;
}

static rf_status read_trade(const layout *L, const double *x, rf_year_result *out)
{
    int n = 0;
    out->trade = malloc((size_t)(L->narcs + 1) * sizeof *out->trade);
    if (!out->trade) return RF_ENOMEM;
    for (int a = 0; a < L->narcs; a++) {
        double t = 0.0;
        for (int k = 0; k < L->arc_ncol[a]; k++) t += x[L->arc_col[a] + k];
        if (t <= FLOW_EPS) continue;
        out->trade[n].from = L->arc_from[a];
        out->trade[n].to = L->arc_to[a];
        out->trade[n].product = L->arc_prod[a] % L->np;
        out->trade[n].variant = L->arc_prod[a] >= L->np;
        out->trade[n].t = t;
        n++;
    }
    out->ntrade = n;
    return RF_OK;
}

/*
 * Unserved demand below the reference quantity, split by what it was willing
 * to pay: steps worth at least 1.5 p0 that go unserved are shortage (buyers
 * who would have paid well above the usual price and still got nothing); the
 * rest is demand response (buyers who chose to go without at that price).
 */
static rf_status read_demand(const rf_world *w, const rf_year_input *in, const layout *L,
                             const double *x, rf_year_result *out)
{
    size_t n = (size_t)(w->ndemand ? w->ndemand : 1);
    out->served_t = calloc(n, sizeof(double));
    out->ref_t = calloc(n, sizeof(double));
    out->shortage_t = calloc(n, sizeof(double));
    out->response_t = calloc(n, sizeof(double));
    if (!out->served_t || !out->ref_t || !out->shortage_t || !out->response_t) return RF_ENOMEM;
    for (int d = 0; d < w->ndemand; d++) {
        const rf_demand *dm = &w->demand[d];
        double q0 = dm->ref_qty_t * in->demand_factor[d];
        out->ref_t[d] = q0;
        for (int i = 0; i < RF_MAX_DEMAND_STEPS; i++) {
            int k = d * RF_MAX_DEMAND_STEPS + i, col = L->step_col[k], colc = L->step_colc[k];
            if (col < 0 && colc < 0) break;
            double served = (col >= 0 ? x[col] : 0.0) + (colc >= 0 ? x[colc] : 0.0);
            if (served <= FLOW_EPS) served = 0.0;
            out->served_t[d] += served;
            if (L->step_end[k] > q0 * (1.0 + 1e-12)) continue;
            double unserved = L->step_w[k] - served;
            if (unserved <= FLOW_EPS) continue;
            /* The relative slack keeps a step valued at exactly 1.5 p0 on the shortage side. */
            if (L->step_wtp[k] >= SHORTAGE_WTP_FACTOR * dm->ref_price_usd_per_kg * (1.0 - 1e-9))
                out->shortage_t[d] += unserved;
            else
                out->response_t[d] += unserved;
        }
    }
    return RF_OK;
}

/* Each contract and what it gave way on; its cost gap is the analytics' (from prices). */
static rf_status read_contracts(const rf_world *w, const layout *L, const double *x, rf_year_result *out)
{
    for (int f = 0; f < w->nfacilities; f++) {
        if (L->row_contract[f] < 0) continue;
        rf_contract_row *g = realloc(out->contracts, ((size_t)out->ncontracts + 1) * sizeof *g);
        if (!g) return RF_ENOMEM;
        out->contracts = g;
        double breach = x[L->col_breach[f]];
        g[out->ncontracts++] = (rf_contract_row){f, 0.0, breach > FLOW_EPS ? breach : 0.0};
    }
    return RF_OK;
}

/* Each stock's opening and closing level, t. */
static rf_status read_inventory(const layout *L, const rf_year_input *in, const double *x, rf_year_result *out)
{
    out->inventory = calloc((size_t)in->ninv + 1, sizeof *out->inventory);
    if (!out->inventory) return RF_ENOMEM;
    for (int i = 0; i < in->ninv; i++) {
        const int *cols = &L->col_inv[i * INV_COLS];
        rf_inventory *v = &out->inventory[out->ninventory++];
        v->region = in->inv[i].region;
        v->product = in->inv[i].product;
        v->open_t = in->inv[i].open_t;
        /* A stock nobody uses this period is carried as it is. */
        if (cols[0] < 0) {
            v->t = v->open_t;
            continue;
        }
        double rate = 0.0;
        for (int k = 1; k < INV_COLS; k++) rate += x[cols[k]] > 0.0 ? x[cols[k]] : 0.0;
        v->t = rate * L->tau;
    }
    return RF_OK;
}

/* The LP's flows are rates (t/yr); a period reports what flowed in it. */
static void scale_to_period(const rf_world *w, double tau, rf_year_result *out)
{
    if (tau == 1.0) return;
    out->objective *= tau;
    for (int i = 0; i < out->nproduction; i++) out->production[i].t *= tau;
    for (int i = 0; i < out->ntrade; i++) out->trade[i].t *= tau;
    for (int i = 0; i < out->ndisposal; i++) out->disposal[i].t *= tau;
    for (int i = 0; i < w->nfac_recipes; i++) {
        out->activity[i] *= tau;
        out->activity_compliant[i] *= tau;
    }
    for (int d = 0; d < w->ndemand; d++) {
        out->served_t[d] *= tau;
        out->ref_t[d] *= tau;
        out->shortage_t[d] *= tau;
        out->response_t[d] *= tau;
    }
    for (int i = 0; i < out->nextra; i++) out->extra_t[i] *= tau;
    for (int i = 0; i < out->ncontracts; i++) out->contracts[i].breach_t *= tau;
}

static rf_year_status year_status_of(rf_lp_status s)
{
    switch (s) {
    case RF_LP_OPTIMAL: return RF_YEAR_OPTIMAL;
    case RF_LP_INFEASIBLE: return RF_YEAR_INFEASIBLE;
    case RF_LP_UNBOUNDED: return RF_YEAR_UNBOUNDED;
    default: return RF_YEAR_ERROR;
    }
}

/* Monotonic wall clock in seconds, for the build and solve timings. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---------- public API ---------- */

rf_market *rf_market_new(const rf_world *w, rf_err *err)
{
    rf_market *m = calloc(1, sizeof *m);
    if (!m) {
        rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        return NULL;
    }
    m->w = w;
    return m;
}

/* Forget the kept LP (after a failure, or at the end). */
static void drop_kept(rf_market *m)
{
    rf_lp_free(m->lp);
    m->lp = NULL;
    if (m->kept_rows) rowbuf_free(m->kept_rows);
    if (m->kept_cols) colbuf_free(m->kept_cols);
    free(m->kept_rows);
    free(m->kept_cols);
    m->kept_rows = NULL;
    m->kept_cols = NULL;
}

void rf_market_free(rf_market *m)
{
    if (!m) return;
    drop_kept(m);
    rf_lp_basis_free(m->basis);
    free(m);
}

/* The same rows, columns (by name) and matrix: only bounds and costs may differ. */
static int same_structure(const rowbuf *ra, const colbuf *ca, const rowbuf *rb, const colbuf *cb)
{
    if (ra->n != rb->n || ca->n != cb->n || ca->nnz != cb->nnz) return 0;
    if (memcmp(ca->start, cb->start, (size_t)(ca->n + 1) * sizeof *ca->start) ||
        memcmp(ca->idx, cb->idx, (size_t)ca->nnz * sizeof *ca->idx) ||
        memcmp(ca->val, cb->val, (size_t)ca->nnz * sizeof *ca->val))
        return 0;
    for (int i = 0; i < ra->n; i++)
        if (strcmp(ra->names[i], rb->names[i])) return 0;
    for (int j = 0; j < ca->n; j++)
        if (strcmp(ca->names[j], cb->names[j])) return 0;
    return 1;
}

/* Move the kept LP's bounds and costs to those of the new arrays. */
static rf_status update_in_place(rf_lp *lp, const rowbuf *old_r, const colbuf *old_c, const rowbuf *r,
                                 const colbuf *c, rf_err *err)
{
    rf_status st = RF_OK;
    for (int i = 0; st == RF_OK && i < r->n; i++)
        if (r->lo[i] != old_r->lo[i] || r->up[i] != old_r->up[i]) st = rf_lp_set_row_bounds(lp, i, r->lo[i], r->up[i], err);
    for (int j = 0; st == RF_OK && j < c->n; j++) {
        if (c->lo[j] != old_c->lo[j] || c->up[j] != old_c->up[j]) st = rf_lp_set_col_bounds(lp, j, c->lo[j], c->up[j], err);
        if (st == RF_OK && c->cost[j] != old_c->cost[j]) st = rf_lp_set_cost(lp, j, c->cost[j], err);
    }
    /* The builder made every bound itself: a rejection is our bug. */
    if (st == RF_EINVAL) {
        if (err) err->code = RF_EINTERNAL;
        st = RF_EINTERNAL;
    }
    return st;
}

/*
 * Price probes (docs/model.md, "One answer whatever the solver's path").  The
 * LP alone leaves a range of optimal duals wherever it is degenerate: a captive
 * concentrate at its mine's capacity, a pool without trade, a flow held at a
 * sticky arc's anchor.  A probe moves each pool by a few kg, so that one end of
 * the range is the optimum:
 * - a use pool that something can supply buys eps x (1 + u) t at PROBE_VALUE
 *   times its reference price: its price is the cost of one more kg delivered
 *   (what a buyer pays);
 * - an origin pool, and a use pool nothing can supply, is given 0.5 eps x
 *   (1 + u) t for nothing: its price is what one more kg is worth in its best
 *   use (what a seller gets; a by-product's netback, not the cost of running
 *   the main product harder for it).
 * u in [0, 1) comes from the pool's name and the period.  Where an origin and
 * a use pool are joined by trade, the use pool's demand is the larger, so the
 * chain is priced from the buyer's side.  Net, the probes leave the chain at
 * the pool as disposal (read_disposal), so every balance still closes.
 */
#define PROBE_VALUE 100.0

/* The pools something can supply this period, by a fixed point: a column with
 * room supplies the pools where its coefficient is positive once every pool
 * it draws from (a negative coefficient) is supplied.  NULL when out of memory. */
static char *supplied_pools(const layout *L, int nrows, const colbuf *c)
{
    /* A worklist instead of sweeps over every column until nothing changes
     * (the same least fixed point; the sweeps were 2% of a run): each column
     * with room counts the pools it draws from that are not supplied yet, and
     * a pool that becomes supplied releases the columns drawing from it. */
    char *pool = calloc((size_t)nrows + 1, 1), *ok = calloc((size_t)nrows + 1, 1);
    int *waiting = calloc((size_t)c->n + 1, sizeof *waiting);      /* [column] pools it still waits for */
    int *ustart = calloc((size_t)nrows + 2, sizeof *ustart);        /* [row] its drawing columns in users */
    int *users = malloc(((size_t)c->nnz + 1) * sizeof *users);
    int *queue = malloc(((size_t)c->n + (size_t)nrows + 1) * sizeof *queue);
    if (!pool || !ok || !waiting || !ustart || !users || !queue) {
        free(pool);
        free(ok);
        free(waiting);
        free(ustart);
        free(users);
        free(queue);
        return NULL;
    }
    for (size_t i = 0; i < (size_t)L->nr * (size_t)L->nx; i++) {
        if (L->row_o[i] >= 0) pool[L->row_o[i]] = 1;
        if (L->row_u[i] >= 0) pool[L->row_u[i]] = 1;
    }
    /* Who draws from each pool (CSR by row), and how many pools each column waits for. */
    for (int j = 0; j < c->n; j++)
        for (int e = c->start[j]; c->up[j] > 0.0 && e < c->start[j + 1]; e++)
            if (c->val[e] < 0.0 && pool[c->idx[e]]) ustart[c->idx[e] + 1]++, waiting[j]++;
    for (int i = 0; i < nrows; i++) ustart[i + 1] += ustart[i];
    int *fill = queue; /* the row counters, borrowed before the queue is used */
    for (int i = 0; i < nrows; i++) fill[i] = ustart[i];
    for (int j = 0; j < c->n; j++)
        for (int e = c->start[j]; c->up[j] > 0.0 && e < c->start[j + 1]; e++)
            if (c->val[e] < 0.0 && pool[c->idx[e]]) users[fill[c->idx[e]]++] = j;
    int head = 0, tail = 0;
    for (int j = 0; j < c->n; j++)
        if (c->up[j] > 0.0 && waiting[j] == 0) queue[tail++] = j;
    while (head < tail) {
        int j = queue[head++];
        for (int e = c->start[j]; e < c->start[j + 1]; e++) {
            int row = c->idx[e];
            if (!(c->val[e] > 0.0) || !pool[row] || ok[row]) continue;
            ok[row] = 1;
            for (int u = ustart[row]; u < ustart[row + 1]; u++)
                if (--waiting[users[u]] == 0) queue[tail++] = users[u];
        }
    }
    free(pool);
    free(waiting);
    free(ustart);
    free(users);
    free(queue);
    return ok;
}

static int build_probe_cols(const rf_world *w, const rf_year_input *in, layout *L, int nrows, colbuf *c)
{
    double eps = w->params.price_probe_t;
    if (!(eps > 0.0)) return 0;
    /* Drawn again each period: a flow held at last period's (a sticky arc's
     * anchor) that a probe had shaped would otherwise meet the same kink. */
    uint64_t salt = (uint64_t)in->year * 8u + (uint64_t)in->period;
    size_t nn = 2 * (size_t)L->nr * (size_t)L->nx;
    char *ok = supplied_pools(L, nrows, c);
    L->col_probe = malloc(nn * sizeof *L->col_probe);
    L->probe_buys = calloc(nn, 1);
    if (!ok || !L->col_probe || !L->probe_buys) {
        free(ok);
        return -1;
    }
    for (size_t i = 0; i < nn; i++) L->col_probe[i] = -1;
    int rc = 0;
    for (int r = 0; r < L->nr && rc == 0; r++)
        for (int q = 0; q < L->nx && rc == 0; q++)
            for (int k = 0; k < 2 && rc == 0; k++) {
                int row = (k ? L->row_u : L->row_o)[NODE(L, r, q)];
                if (row < 0) continue;
                double ref = w->ref_price ? w->ref_price[q % L->np] : 0.0;
                int buys = k == 1 && ok[row];
                int col = col_begin(c, buys ? -PROBE_VALUE * (ref > 1.0 ? ref : 1.0) : 0.0, 0.0, 0.0, "pb:%c:%s:%s",
                                    k ? 'U' : 'O', w->regions[r].id, xname(L, q));
                if (col < 0 || col_put(c, row, buys ? -1.0 : 1.0)) {
                    rc = -1;
                    continue;
                }
                /* The size from the name col_begin made. */
                double u = name_unit(c->names[col], strlen(c->names[col]), salt);
                c->up[col] = (buys ? 1.0 : 0.5) * eps * (1.0 + u);
                size_t at = 2 * (size_t)NODE(L, r, q) + (size_t)k;
                L->col_probe[at] = col;
                L->probe_buys[at] = (char)buys;
            }
    free(ok);
    return rc;
}

/* Build the year's rows and columns into rows and cols. */
static rf_status build_bufs(const rf_world *w, const rf_year_input *in, layout *L, rowbuf *rows, colbuf *cols,
                            rf_err *err)
{
    rf_status st = RF_OK;
    cols->tie_break = w->params.tie_break;
    if (layout_alloc(L, w, in) || build_rows(w, in, L, rows) || build_facility_cols(w, in, L, cols) ||
        build_flow_cols(w, in, L, cols) || build_demand_cols(w, in, L, cols) ||
        build_extra_cols(w, in, L, cols) || build_inventory_cols(w, in, L, cols) ||
        build_probe_cols(w, in, L, rows->n, cols)) {
        const lp_limit *over = rows->over ? rows->over : cols->over;
        if (over) {
            st = rf_err_set(err, RF_EINVAL, NULL, 0, NULL,
                            "the LP of %d would exceed %ld %s (%s): the dataset and the levers ask for "
                            "too large a model", in->year, over->max, over->what, over->name);
        } else {
            st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory building the LP");
        }
    }
    return st;
}

/* A new rf_lp from the arrays. */
static rf_status lp_from_bufs(const rowbuf *rows, const colbuf *cols, rf_lp **out, rf_err *err)
{
    *out = NULL;
    rf_lp *lp = rf_lp_new(err);
    if (!lp) return err ? err->code : RF_ENOMEM;
    rf_status st = rf_lp_add_rows(lp, rows->n, rows->lo, rows->up, NULL, NULL, NULL,
                                  (const char *const *)rows->names, err);
    if (st == RF_OK)
        st = rf_lp_add_cols(lp, cols->n, cols->cost, cols->lo, cols->up, cols->start, cols->idx, cols->val,
                            (const char *const *)cols->names, err);
    if (st != RF_OK) {
        rf_lp_free(lp);
        /* The builder made every name and bound itself: a rejection is our bug. */
        if (st == RF_EINVAL) {
            if (err) err->code = RF_EINTERNAL;
            st = RF_EINTERNAL;
        }
        return st;
    }
    *out = lp;
    return RF_OK;
}

rf_status rf_market_solve(rf_market *m, const rf_year_input *in, rf_year_result *out,
                          const char *mps_path, rf_err *err)
{
    const rf_world *w = m->w;
    layout L;
    rf_lp *lp = NULL;
    rowbuf *rows = calloc(1, sizeof *rows);
    colbuf *cols = calloc(1, sizeof *cols);
    double *x = NULL, *y = NULL, *act = NULL;
    int in_place = 0, warm = 0;
    memset(&L, 0, sizeof L);
    rf_year_result_clear(out);
    out->year = in->year;
    out->status = RF_YEAR_ERROR;
    double t0 = now_s();
    rf_status st = rows && cols ? build_bufs(w, in, &L, rows, cols, err)
                                : rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    if (st == RF_OK && m->lp && same_structure(m->kept_rows, m->kept_cols, rows, cols)) {
        in_place = warm = 1;
        lp = m->lp;
        st = update_in_place(lp, m->kept_rows, m->kept_cols, rows, cols, err);
    } else if (st == RF_OK) {
        /* A new LP, started from the kept LP's basis by names (or the last one kept). */
        if (m->lp) {
            rf_lp_basis *b = rf_lp_basis_get(m->lp, err);
            if (!b) st = err ? err->code : RF_EINTERNAL;
            else {
                rf_lp_basis_free(m->basis);
                m->basis = b;
            }
        }
        if (st == RF_OK) st = lp_from_bufs(rows, cols, &lp, err);
        if (st == RF_OK) rf_lp_set_method(lp, m->method);
        if (st == RF_OK && m->basis) {
            st = rf_lp_basis_set(lp, m->basis, err);
            warm = 1;
        }
    }
    out->build_s = now_s() - t0;
    if (st != RF_OK) goto done;
    out->lp_nonzeros = cols->nnz;
    out->lp_rows = rf_lp_num_rows(lp);
    out->lp_cols = rf_lp_num_cols(lp);
    if (mps_path && (st = rf_lp_write_mps(lp, mps_path, err)) != RF_OK) goto done;
    m->solves++;
    m->warm += warm;
    t0 = now_s();
    st = rf_lp_solve(lp, err);
    out->solve_s = now_s() - t0;
    if (st != RF_OK) goto done;
    out->simplex_iterations = rf_lp_iterations(lp);
    out->iterations = 1;
    out->converged = 1;
    out->status = year_status_of(rf_lp_status_get(lp));
    if (out->status != RF_YEAR_OPTIMAL) goto done; /* a result, not an error */
    x = malloc((size_t)(out->lp_cols + 1) * sizeof *x);
    y = malloc((size_t)(out->lp_rows + 1) * sizeof *y);
    act = malloc((size_t)(out->lp_rows + 1) * sizeof *act);
    if (!x || !y || !act) {
        st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        goto done;
    }
    if ((st = rf_lp_objective(lp, &out->objective, err)) || (st = rf_lp_primal(lp, x, err)) ||
        (st = rf_lp_row_duals(lp, y, err)) || (st = rf_lp_row_activity(lp, act, err)))
        goto done;
    st = read_prices(&L, y, out);
    if (st == RF_OK) st = read_production(w, &L, x, out);
    if (st == RF_OK) st = read_trade(&L, x, out);
    if (st == RF_OK) st = read_disposal(&L, act, x, out);
    if (st == RF_OK) st = read_limits(&L, in, y, out);
    if (st == RF_OK) st = read_extra(&L, in, x, out);
    if (st == RF_OK) st = read_demand(w, in, &L, x, out);
    if (st == RF_OK) st = read_inventory(&L, in, x, out);
    if (st == RF_OK) st = read_contracts(w, &L, x, out);
    if (st == RF_OK) {
        out->cap_factor = malloc((size_t)(w->nfacilities + 1) * sizeof *out->cap_factor);
        if (!out->cap_factor) st = RF_ENOMEM;
        else if (w->nfacilities > 0) memcpy(out->cap_factor, in->cap_factor, (size_t)w->nfacilities * sizeof *out->cap_factor);
    }
    if (st == RF_OK) scale_to_period(w, L.tau, out);
    if (st != RF_OK) {
        rf_err_set(err, st, NULL, 0, NULL, "out of memory reading the solution");
        goto done;
    }
    /* Keep the optimal LP and its arrays for the next solve. */
    if (!in_place) drop_kept(m);
    else {
        rowbuf_free(m->kept_rows);
        colbuf_free(m->kept_cols);
        free(m->kept_rows);
        free(m->kept_cols);
    }
    m->lp = lp;
    m->kept_rows = rows;
    m->kept_cols = cols;
    lp = NULL;
    rows = NULL;
    cols = NULL;
    in_place = 0;
done:
    if (st != RF_OK) {
        int year = out->year;
        rf_year_result_clear(out);
        out->year = year;
        out->status = RF_YEAR_ERROR;
    }
    free(x);
    free(y);
    free(act);
    /* An LP that did not end optimal is not kept: the next solve rebuilds from
     * the last optimal basis (one updated in place is the kept one: drop it). */
    if (in_place) {
        m->lp = NULL;
        drop_kept(m);
    }
    rf_lp_free(lp);
    if (rows) rowbuf_free(rows);
    if (cols) colbuf_free(cols);
    free(rows);
    free(cols);
    layout_free(&L);
    return st;
}

rf_status rf_market_start_from(rf_market *m, const rf_market *from, rf_err *err)
{
    if (!m || !from || !from->lp || m->lp || m->basis) return RF_OK;
    m->basis = rf_lp_basis_get(from->lp, err);
    return m->basis ? RF_OK : err ? err->code : RF_ENOMEM;
}

void rf_market_set_method(rf_market *m, rf_lp_method method)
{
    if (!m) return;
    m->method = method;
    if (m->lp) rf_lp_set_method(m->lp, method);
}

void rf_market_counts(const rf_market *m, long *solves, long *warm)
{
    *solves = m ? m->solves : 0;
    *warm = m ? m->warm : 0;
}
