/* summary.c: the readable reports (see rareflow/report.h): the run summary of
 * `rareflow run`, the balance, the comparison, one project, the stock model. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "rareflow/report.h"

#define TOP_N 5

static const char *const stage_units[RF_STAGE_COUNT] = {
    "t REO mined", "t REO separated", "t REO-eq oxide feed", "t magnet", "t REO-eq recovered"};

/* Products whose price an analyst looks at first. */
static int is_key_product(const rf_world *w, int p)
{
    static const char *const key[] = {"oxide:NdPr", "oxide:Dy", "oxide:Tb", "metal:NdPr",
                                      "metal:Dy", "metal:Tb", NULL};
    for (int i = 0; key[i]; i++)
        if (strcmp(w->products[p].id, key[i]) == 0) return 1;
    for (int d = 0; d < w->ndemand; d++)
        if (w->demand[d].product == p) return 1;
    return 0;
}

static void print_shares(FILE *fp, const rf_world *w, const rf_year_result *yr)
{
    fprintf(fp, "  Production by stage (share of the stage's total; HHI 0-10,000)\n");
    for (int h = 0; h < yr->nhhi; h++) {
        rf_stage s = yr->hhi[h].stage;
        fprintf(fp, "    %-11s %12.1f %-20s HHI %5.0f  ", rf_stage_result_name(s),
                yr->hhi[h].total_t, stage_units[s], yr->hhi[h].value);
        /* Top producers: repeated selection of the largest share not yet printed. */
        char printed[256] = {0};
        for (int n = 0; n < TOP_N; n++) {
            int best = -1;
            for (int i = 0; i < yr->nshares; i++) {
                const rf_share *sh = &yr->shares[i];
                if (sh->stage != s || (sh->region < 256 && printed[sh->region])) continue;
                if (best < 0 || sh->share > yr->shares[best].share) best = i;
            }
            if (best < 0) break;
            if (yr->shares[best].region < 256) printed[yr->shares[best].region] = 1;
            fprintf(fp, " %s %.1f%%", w->regions[yr->shares[best].region].id,
                    100.0 * yr->shares[best].share);
        }
        fputc('\n', fp);
    }
}

static void print_prices(FILE *fp, const rf_world *w, const rf_year_result *yr)
{
    fprintf(fp, "  Prices, USD/kg (local use price by region)\n");
    int thin = 0;
    for (int p = 0; p < w->nproducts; p++) {
        if (!is_key_product(w, p)) continue;
        int any = 0;
        for (int i = 0; i < yr->nprices; i++) {
            const rf_price *pr = &yr->prices[i];
            if (pr->product != p || pr->variant) continue;
            if (!any) fprintf(fp, "    %-18s", w->products[p].id);
            int t = pr->supply_t < RF_THIN_POOL_T;
            fprintf(fp, " %s %.2f%s", w->regions[pr->region].id, pr->usd_per_kg, t ? "*" : "");
            thin |= t;
            any = 1;
        }
        if (any) fputc('\n', fp);
    }
    if (thin)
        fprintf(fp, "    * under %g t made or imported there in the year: what the next kg would cost, "
                    "not a traded price\n", RF_THIN_POOL_T);
}

/* Compliant variants of key products (a sourcing or content rule). */
static void print_variants(FILE *fp, const rf_world *w, const rf_year_result *yr)
{
    if (!yr->variant_tag[0]) return;
    fprintf(fp, "  Compliant prices (@%s), USD/kg\n", yr->variant_tag);
    for (int p = 0; p < w->nproducts; p++) {
        if (!is_key_product(w, p)) continue;
        int any = 0;
        for (int i = 0; i < yr->nprices; i++) {
            if (yr->prices[i].product != p || !yr->prices[i].variant) continue;
            if (!any) fprintf(fp, "    %-24s", rf_year_product_name(w, yr, p, 1));
            fprintf(fp, " %s %.2f", w->regions[yr->prices[i].region].id, yr->prices[i].usd_per_kg);
            any = 1;
        }
        if (any) fputc('\n', fp);
    }
}

/* Government costs and strategic stocks (support levers). */
static void print_support(FILE *fp, const rf_world *w, const rf_year_result *yr)
{
    for (int i = 0; i < yr->ngovernment_cost; i++)
        fprintf(fp, "  Government cost of %s, %s: %.4g million USD\n", w->regions[yr->government_cost[i].region].id,
                yr->government_cost[i].policy, yr->government_cost[i].usd / 1e6);
    for (int i = 0; i < yr->nstockpile; i++)
        fprintf(fp, "  Stock of %s in %s at the end of the year: %.1f t\n",
                w->products[yr->stockpile[i].product].id, w->regions[yr->stockpile[i].region].id,
                yr->stockpile[i].t);
}

static void print_unserved(FILE *fp, const rf_world *w, const rf_year_result *yr)
{
    fprintf(fp, "  Demand by sector, t (shortage: unserved demand willing to pay >= 1.5x its "
                "reference price; response: chose to go without)\n");
    for (int d = 0; d < w->ndemand; d++) {
        /* Print each sector once, summing its rows over regions and products. */
        int first = 1;
        for (int e = 0; e < d; e++)
            if (strcmp(w->demand[e].sector, w->demand[d].sector) == 0) first = 0;
        if (!first) continue;
        double ref = 0, served = 0, short_t = 0, resp = 0;
        for (int e = d; e < w->ndemand; e++) {
            if (strcmp(w->demand[e].sector, w->demand[d].sector) != 0) continue;
            ref += yr->ref_t[e];
            served += yr->served_t[e];
            short_t += yr->shortage_t[e];
            resp += yr->response_t[e];
        }
        fprintf(fp, "    %-20s ref %10.1f  served %10.1f  shortage %9.1f (%5.1f%%)  response %9.1f "
                    "(%5.1f%%)\n",
                w->demand[d].sector, ref, served, short_t, ref > 0 ? 100.0 * short_t / ref : 0.0,
                resp, ref > 0 ? 100.0 * resp / ref : 0.0);
    }
}

/* Capacity of (stage, region) in year index y (0 when none). */
static double capacity_of(const rf_year_result *yr, int stage, int region)
{
    for (int i = 0; i < yr->ncapacity; i++)
        if ((int)yr->capacity[i].stage == stage && yr->capacity[i].region == region) return yr->capacity[i].t;
    return 0.0;
}

/* Over the years: capacity by stage for every region that has some, in at
 * most 7 columns (first, last and evenly between), and every decision taken. */
/* The decoupling summary (docs/analytics.md): the focus region's magnets
 * that touched China at no stage, over the years, and the milestones. */
static void print_decoupling(FILE *fp, const rf_results *res)
{
    const rf_decoupling *d = &res->decoupling;
    const rf_world *w = res->world;
    if (d->region < 0 || d->focus < 0 || !d->never || res->nyears < 1) return;
    fprintf(fp, "\nMagnets used in %s that touched %s at no stage (share of the tonnes served)\n ",
            w->regions[d->region].id, w->regions[d->focus].id);
    for (int y = 0; y < res->nyears; y++)
        if (!isnan(d->never[y])) fprintf(fp, " %d %.0f%%", res->years[y].year, 100.0 * d->never[y]);
    fputc('\n', fp);
    for (int k = 0; k < RF_DECOUPLING_STEPS; k++) {
        if (d->year[k])
            fprintf(fp, "  past %.0f%% in %d, with %.1f bn USD of capex outside %s and %.2f bn USD of %s government cost\n",
                    100.0 * d->threshold[k], d->year[k], d->capex_usd[k] / 1e9, w->regions[d->focus].id,
                    d->government_usd[k] / 1e9, w->regions[d->region].id);
        else
            fprintf(fp, "  past %.0f%%: not within the run\n", 100.0 * d->threshold[k]);
    }
}

static void print_years(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    int n = res->nyears, cols[7], nc = 0;
    if (n < 2 || !res->years[0].simulated) return;
    for (int k = 0; k < 7 && k < n; k++) {
        int i = n <= 7 ? k : (int)((double)k * (n - 1) / 6.0 + 0.5);
        if (nc == 0 || cols[nc - 1] != i) cols[nc++] = i;
    }
    fprintf(fp, "\nCapacity over the years (t of activity a year: the stage's unit)\n  %-11s %-4s", "stage", "");
    for (int c = 0; c < nc; c++) fprintf(fp, " %10d", res->years[cols[c]].year);
    fputc('\n', fp);
    for (int st = 0; st < RF_STAGE_COUNT; st++)
        for (int r = 0; r < w->nregions; r++) {
            double any = 0.0;
            for (int c = 0; c < nc; c++) any += capacity_of(&res->years[cols[c]], st, r);
            if (!(any > 0.0)) continue;
            fprintf(fp, "  %-11s %-4s", rf_stage_name((rf_stage)st), w->regions[r].id);
            for (int c = 0; c < nc; c++) fprintf(fp, " %10.0f", capacity_of(&res->years[cols[c]], st, r));
            fputc('\n', fp);
        }
    const rf_year_result *last = &res->years[n - 1];
    int header = 0;
    for (int i = 0; i < last->nprojects; i++) {
        const rf_project_row *pr = &last->projects[i];
        if (!pr->decided || pr->decided < res->years[0].year) continue;
        const rf_project *p = &w->projects[pr->project];
        const rf_facility *f = &w->facilities[p->facility];
        if (!header++) fprintf(fp, "\nProjects decided during the run (the latest decision of each)\n");
        fprintf(fp, "  %-24s %-4s %-10s decided %d, arrives %d", f->id, w->regions[f->region].id,
                rf_stage_name(f->stage), pr->decided, pr->arrives);
        if (p->generic) fprintf(fp, ", %d block%s", pr->blocks, pr->blocks == 1 ? "" : "s");
        if (isfinite(pr->npv_usd)) fprintf(fp, ", NPV %.0f MUSD", pr->npv_usd / 1e6);
        fprintf(fp, ", capex %.0f MUSD\n", pr->capex_usd / 1e6);
    }
}

/* Magnets short, and commercial stocks drawn and built, t. */
static void short_run_totals(const rf_world *w, const rf_year_result *yr, double *shortage, double *drawn, double *built)
{
    *shortage = *drawn = *built = 0.0;
    for (int d = 0; yr->shortage_t && d < w->ndemand; d++)
        if (w->products[w->demand[d].product].family == RF_FAM_MAGNET) *shortage += yr->shortage_t[d];
    for (int i = 0; i < yr->ninventory; i++) {
        double change = yr->inventory[i].t - yr->inventory[i].open_t;
        if (change < 0.0) *drawn -= change;
        else *built += change;
    }
}

/* One line per period of a year stepped by periods; and the year's stocks. */
static void print_short_run(FILE *fp, const rf_world *w, const rf_year_result *yr)
{
    double shortage, drawn, built;
    if (yr->ninventory > 0) {
        short_run_totals(w, yr, &shortage, &drawn, &built);
        fprintf(fp, "  Commercial stocks: %.1f t drawn, %.1f t built over the year\n", drawn, built);
    }
    /* A breach of a few kg is the price probes outbidding the plant for its feed
     * (docs/model.md, "One answer whatever the solver's path"), not a contract
     * that gave way: the summary names breaches from 0.1 t; --json has them all. */
    for (int r = 0; r < yr->ncontracts; r++) {
        const rf_contract_row *c = &yr->contracts[r];
        if (c->gap_usd_per_kg < 0.005 && c->breach_t < 0.1) continue;
        fprintf(fp, "  Contract holds %s at a loss of %.2f USD/kg", w->facilities[c->facility].id, c->gap_usd_per_kg);
        if (c->breach_t >= 0.1) fprintf(fp, " (breached by %.1f t)", c->breach_t);
        fputc('\n', fp);
    }
    if (yr->nperiods <= 1) return;
    fprintf(fp, "  Periods (magnets short, t; stocks drawn and built, t):\n");
    for (int k = 0; k < yr->nperiods; k++) {
        const rf_year_result *p = &yr->periods[k];
        short_run_totals(w, p, &shortage, &drawn, &built);
        fprintf(fp, "    %d/%d  %-10s short %9.1f  drawn %9.1f  built %9.1f\n", p->period, p->nperiods_of_year,
                rf_year_status_str(p->status), shortage, drawn, built);
    }
}

static void summary(FILE *fp, const rf_results *res, const char *data_dir)
{
    const rf_world *w = res->world;
    fprintf(fp, "rareflow: scenario \"%s\"", res->scenario);
    if (data_dir) fprintf(fp, " on dataset %s", data_dir);
    fputc('\n', fp);
    for (int y = 0; y < res->nyears; y++) {
        const rf_year_result *yr = &res->years[y];
        fprintf(fp, "\n%d: %s", yr->year, rf_year_status_str(yr->status));
        if (yr->status != RF_YEAR_OPTIMAL) {
            if (yr->status == RF_YEAR_NOT_CONVERGED)
                fprintf(fp, " after %d solves of the tariff iteration", yr->iterations);
            fprintf(fp, " (no numbers are reported for this year)\n");
            continue;
        }
        fprintf(fp, ", objective %.6g thousand USD, LP %d rows x %d columns, %d simplex iterations",
                yr->objective, yr->lp_rows, yr->lp_cols, yr->simplex_iterations);
        if (yr->iterations > 1) fprintf(fp, ", %d solves of the tariff iteration", yr->iterations);
        fputc('\n', fp);
        if (yr->npolicies_active > 0) {
            fprintf(fp, "  Levers in force:");
            for (int i = 0; i < yr->npolicies_active; i++) fprintf(fp, " %s", yr->policies_active[i]);
            fputc('\n', fp);
        }
        for (int r = 0; yr->tariff_revenue && r < w->nregions; r++)
            if (yr->tariff_revenue[r] > 0.0)
                fprintf(fp, "  Tariff revenue of %s: %.4g million USD\n", w->regions[r].id,
                        yr->tariff_revenue[r] / 1e6);
        for (int r = 0; yr->export_tax_revenue && r < w->nregions; r++)
            if (yr->export_tax_revenue[r] > 0.0)
                fprintf(fp, "  Export tax revenue of %s: %.4g million USD\n", w->regions[r].id,
                        yr->export_tax_revenue[r] / 1e6);
        for (int i = 0; i < yr->nquota_rent; i++)
            fprintf(fp, "  Quota rent of %s: %.2f USD/kg\n", yr->quota_rent[i].policy, yr->quota_rent[i].usd_per_kg);
        for (int i = 0; i < yr->nexport_wedge; i++) {
            const rf_export_wedge *e = &yr->export_wedge[i];
            fprintf(fp, "  Export wedge %s %s: domestic %.2f, export %.2f USD/kg\n",
                    w->regions[e->region].id, w->products[e->product].id, e->domestic_usd_per_kg,
                    e->export_usd_per_kg);
        }
        print_support(fp, w, yr);
        print_short_run(fp, w, yr);
        print_shares(fp, w, yr);
        print_prices(fp, w, yr);
        print_variants(fp, w, yr);
        print_unserved(fp, w, yr);
    }
    print_years(fp, res);
    print_decoupling(fp, res);
}

static void balance(FILE *fp, const char *scenario, int year, const rf_balance *b)
{
    fprintf(fp, "rareflow: element balance of scenario \"%s\", %d (t REO-equivalent; CN = China's "
                "share)\n", scenario, year);
    for (int g = 0; g < RF_GROUP_COUNT; g++) {
        fprintf(fp, "\n  %s\n", rf_group_name((rf_group)g));
        for (int i = 0; i < b->nlines; i++) {
            const rf_balance_line *l = &b->lines[i];
            if ((int)l->group != g || (l->t <= 0.0 && l->stage == RF_BAL_CONSUMED)) continue;
            char label[64];
            snprintf(label, sizeof label, "%s%s%s", rf_bal_stage_name(l->stage), l->sector ? ": " : "",
                     l->sector ? l->sector : "");
            fprintf(fp, "    %-32s %12.1f   CN %5.1f%%\n", label, l->t,
                    l->t > 0.0 ? 100.0 * l->cn_t / l->t : 0.0);
        }
        fprintf(fp, "    closure: mined (+ released) %.1f = consumed + losses + disposed (+ withdrawn) %.1f "
                    "(relative error %.2g)\n",
                b->inputs_t[g], b->outputs_t[g], b->rel_error[g]);
    }
}

static void comparison(FILE *fp, const char *name_a, const char *name_b, const rf_comparison *c)
{
    static const char *const units[RF_DIFF_KIND_COUNT] = {"USD/kg", "t", "t", "share", "USD",
                                                          "USD/kg (export - domestic)", "USD", "USD/kg",
                                                          "t at the year's end", "share of the element",
                                                          "share of the three largest regions",
                                                          "net imports / apparent consumption", "USD"};
    fprintf(fp, "rareflow: \"%s\" (A) against \"%s\" (B)\n", name_a, name_b);
    if (c->nrows == 0) fprintf(fp, "\nno differences\n");
    int year = 0, kind = -1;
    for (int i = 0; i < c->nrows; i++) {
        const rf_diff *d = &c->rows[i];
        if (d->year != year) {
            fprintf(fp, "\n%d\n", d->year);
            year = d->year;
            kind = -1;
        }
        if ((int)d->kind != kind) {
            kind = (int)d->kind;
            fprintf(fp, "  %s (%s)\n", rf_diff_kind_name(d->kind), units[d->kind]);
        }
        char label[160];
        snprintf(label, sizeof label, "%s%s%s%s%s", d->key[0] ? d->key[0] : "", d->key[1] ? " " : "",
                 d->key[1] ? d->key[1] : "", d->key[2] ? " " : "", d->key[2] ? d->key[2] : "");
        fprintf(fp, "    %-44s A %14.4g   B %14.4g   %+.4g", label, d->a, d->b, d->b - d->a);
        if (d->a != 0.0) fprintf(fp, " (%+.1f%%)", 100.0 * (d->b / d->a - 1.0));
        fputc('\n', fp);
    }
}

/* ---------- one project (rareflow project) ---------- */

/* v, except that a value that would print as "-0.00000000" (an outflow that
 * is 0 up to rounding) prints as 0. */
static double shown(double v)
{
    return v > -5e-9 && v < 5e-9 ? 0.0 : v;
}

/* USD in MUSD as printed with two decimals: no "-0.00". */
static double musd(double usd)
{
    double m = usd / 1e6;
    return m > -0.005 && m < 0.005 ? 0.0 : m;
}

/* A column of the project's table: heading and line, [nyears]. */
typedef struct project_col {
    const char *head;
    const double *usd;
    int optional; /* shown only when it is not 0 throughout */
} project_col;

/* Column c of year t (int+prin is the sum of two lines). */
static double project_cell(const rf_project_value *v, const project_col *c, int t)
{
    return c->usd ? c->usd[t] : v->flows.interest_usd[t] + v->flows.loan_principal_usd[t];
}

static void project_table(FILE *fp, const rf_project_value *v)
{
    const rf_finance_flows *f = &v->flows;
    const project_col c[] = {
        {"capex", v->capex_by_year_usd, 0}, {"revenue", f->revenue_usd, 0},   {"opex", v->opex_usd, 0},
        {"floor+", f->floor_topup_usd, 0},  {"upside", f->floor_upside_usd, 1}, {"royalty", f->royalty_usd, 0},
        {"guarant.", f->ebitda_topup_usd, 1}, {"tax", f->tax_usd, 0},        {"grant", f->grant_usd, 0},
        {"loan", f->loan_draw_usd, 0},      {"int+prin", NULL, 0},          {"investor", f->investor_usd, 0},
        {"gov cost", f->gov_cost_usd, 0}};
    enum { PROJECT_COLS = sizeof c / sizeof c[0] };
    int shown_col[PROJECT_COLS];
    double total[PROJECT_COLS] = {0};
    int n = f->nyears;
    for (int k = 0; k < PROJECT_COLS; k++) {
        int any = 0;
        for (int t = 0; t < n; t++) {
            double x = project_cell(v, &c[k], t);
            total[k] += x;
            any |= x != 0.0;
        }
        shown_col[k] = !c[k].optional || any;
    }
    fprintf(fp, "\n  %-6s", "MUSD");
    for (int k = 0; k < PROJECT_COLS; k++)
        if (shown_col[k]) fprintf(fp, " %9s", c[k].head);
    fputc('\n', fp);
    for (int t = 0; t <= n; t++) {
        if (t < n) fprintf(fp, "  %-6d", v->decided + t);
        else fprintf(fp, "  %-6s", "total");
        for (int k = 0; k < PROJECT_COLS; k++)
            if (shown_col[k]) fprintf(fp, " %9.2f", musd(t < n ? project_cell(v, &c[k], t) : total[k]));
        fputc('\n', fp);
    }
}

static void project_measures(FILE *fp, const rf_world *w, const rf_project_value *v)
{
    int n = v->flows.nyears;
    double undiscounted = 0.0;
    for (int t = 0; t < n; t++) undiscounted += v->flows.gov_cost_usd[t];
    fprintf(fp, "\n  NPV to the investor        %.2f MUSD\n", v->npv_usd / 1e6);
    const char *note = rf_finance_irr_note(&v->irr);
    if (v->irr.kind == RF_FIN_IRR_FOUND)
        fprintf(fp, "  IRR                        %.2f%% a year%s%s%s\n", 100.0 * v->irr.rate, note ? " (" : "",
                note ? note : "", note ? ")" : "");
    else fprintf(fp, "  IRR                        %s\n", note);
    if (!v->payback.paid_back)
        fprintf(fp, "  payback                    never (not within the %d years to %d)\n", n, v->decided + n - 1);
    else if (v->payback.year == 0)
        fprintf(fp, "  payback                    at once (the cumulative cash flow is never negative)\n");
    else
        fprintf(fp, "  payback                    %d (%.2f years after the decision)%s\n", v->decided + v->payback.year,
                v->payback.fractional, v->payback.dips_again ? "; the cumulative cash flow falls below 0 again later" : "");
    fprintf(fp, "  government cost            %.2f MUSD in present value at %.1f%% (%.2f MUSD undiscounted)\n",
            v->gov_cost_pv_usd / 1e6, 100.0 * w->params.government_discount_rate,
            undiscounted / 1e6);
}

static void project(FILE *fp, const rf_world *w, const char *scenario, const rf_project_value *v,
                    int decided_by_run)
{
    const rf_project *pj = &w->projects[v->project];
    const rf_facility *f = &w->facilities[pj->facility];
    fprintf(fp, "rareflow: project %s in scenario \"%s\", valued as decided at the end of %d\n", f->id, scenario,
            v->decided);
    fprintf(fp, "  %s: %s, %s, %s%s\n", f->name, f->operator_name ? f->operator_name : "operator unknown",
            w->regions[f->region].id, rf_stage_name(f->stage), pj->generic ? " (one generic block)" : "");
    if (decided_by_run) fprintf(fp, "  decided by the run in %d\n", decided_by_run);
    else fprintf(fp, "  not decided by the run by %d\n", v->decided);
    if (pj->earliest_decision) fprintf(fp, "  earliest decision (data): %d\n", pj->earliest_decision);
    if (v->blocked) {
        fprintf(fp, "  blocked: a project block covers it in %d; nothing is valued\n", v->decided);
        return;
    }
    fprintf(fp, "  first production %d (lead time %d years); capex %.1f MUSD; discount rate %.1f%% a year\n",
            v->arrives, v->arrives - v->decided, v->capex_usd / 1e6, 100.0 * v->discount_rate);
    if (v->recipe < 0 || v->flows.nyears == 0) {
        fprintf(fp, "  no recipe of the plant can run at the expected prices (an input it cannot get): "
                    "not valued\n");
        return;
    }
    const rf_recipe *r = &w->recipes[v->recipe];
    int n = v->flows.nyears, at = -1;
    /* Prices are those of the years it runs: the first such year speaks for them. */
    for (int t = 0; at < 0 && t < n; t++)
        for (int k = 0; k < v->noutputs; k++)
            if (v->volume_t[(size_t)k * (size_t)n + (size_t)t] > 0.0) at = t;
    fprintf(fp, "  recipe %s; ", r->id);
    if (at < 0) {
        at = v->arrives - v->decided < n ? v->arrives - v->decided : n - 1;
        fprintf(fp, "it never runs (no year's expected margin covers its cash cost); expected prices in %d:",
                v->decided + at);
    } else {
        fprintf(fp, "expected prices in %d, its first year running:", v->decided + at);
    }
    for (int k = 0; k < v->noutputs; k++)
        fprintf(fp, "%s %s %.2f USD/kg", k ? "," : "", w->products[r->out[k].product].id,
                v->price_usd_per_kg[(size_t)k * (size_t)n + (size_t)at]);
    fputc('\n', fp);
    project_measures(fp, w, v);
    project_table(fp, v);
}

/* ---------- one project's finance (rareflow finance) ---------- */

static void finance_header(FILE *fp, const rf_world *w, const char *scenario, const rf_project_value *v,
                           const rf_project_finance *f)
{
    const rf_facility *fac = &w->facilities[w->projects[v->project].facility];
    const rf_recipe *r = &w->recipes[v->recipe];
    fprintf(fp, "rareflow: finance of %s in scenario \"%s\", decided at the end of %d, first production %d\n",
            fac->id, scenario, v->decided, v->arrives);
    fprintf(fp, "  %s: %s, %s, %s; recipe %s\n", fac->name, fac->operator_name ? fac->operator_name : "operator unknown",
            w->regions[fac->region].id, rf_stage_name(fac->stage), r->id);
    const char *ndpr = f->ndpr_output >= 0 ? w->products[r->out[f->ndpr_output].product].id : "NdPr";
    if (f->prices == RF_PRICES_FLAT)
        fprintf(fp, "  prices: %s flat at %.2f USD/kg from %d; other outputs at the run's expected prices\n", ndpr,
                f->flat_usd_per_kg, v->arrives);
    else if (f->prices == RF_PRICES_REFERENCE)
        fprintf(fp, "  prices: the reference paths (price_paths.csv); the run's expected prices where there is none\n");
    else fprintf(fp, "  prices: the run's expected prices at the decision\n");
}

/* Whether the NdPr output sells in some year (a floor has something to top up). */
static int sells_ndpr(const rf_project_finance *f, const rf_project_value *v)
{
    int k = f->ndpr_output, sells = 0;
    for (int t = 0; k >= 0 && t < f->nyears; t++) sells |= v->volume_t[(size_t)k * (size_t)f->nyears + (size_t)t] > 0.0;
    return sells;
}

static void finance_measures(FILE *fp, const rf_world *w, const rf_project_value *v, const rf_project_finance *f)
{
    const rf_finance_measures *m = &f->m;
    const char *why = rf_finance_irr_reason(&m->irr);
    int n = f->nyears;
    fprintf(fp, "\n  discount rate              %.2f%% a year\n", 100.0 * m->discount_rate);
    fprintf(fp, "  NPV to the investor        %.2f MUSD\n", m->npv_usd / 1e6);
    if (why) fprintf(fp, "  IRR                        none: %s\n", why);
    else fprintf(fp, "  IRR                        %.2f%% a year\n", 100.0 * m->irr.rate);
    if (!m->payback.paid_back)
        fprintf(fp, "  payback                    never (not within the %d years to %d)\n", n, v->decided + n - 1);
    else if (m->payback.year == 0)
        fprintf(fp, "  payback                    at once (the cumulative cash flow is never negative)\n");
    else
        fprintf(fp, "  payback                    %d (%.2f years after the decision)\n", v->decided + m->payback.year,
                m->payback.fractional);
    if (f->ndpr_output < 0)
        fprintf(fp, "  break-even NdPr floor      none: it makes no NdPr (recipe %s)\n", w->recipes[v->recipe].id);
    else if (m->floor.kind == RF_FIN_BE_ALREADY)
        fprintf(fp, "  break-even NdPr floor      0: it pays without a floor\n");
    else if (m->floor.kind == RF_FIN_BE_NEVER && !sells_ndpr(f, v))
        fprintf(fp, "  break-even NdPr floor      none: it idles in every year at the run's prices, so no "
                    "floor reaches it\n");
    else if (m->floor.kind == RF_FIN_BE_NEVER)
        fprintf(fp, "  break-even NdPr floor      none: no floor up to the price limit makes the NPV 0\n");
    else
        fprintf(fp, "  break-even NdPr floor      %.2f USD/kg (%s)\n", m->floor.value,
                m->floor_window_added ? "paid in every year of the horizon" : "in the scenario's floor window");
    fprintf(fp, "  NPV at the rate -25 bp     %.2f MUSD\n", m->npv_rate_minus_25bp / 1e6);
    fprintf(fp, "  NPV at the rate +100 bp    %.2f MUSD\n", m->npv_rate_plus_100bp / 1e6);
    fprintf(fp, "  NPV at prices -20%%         %.2f MUSD\n", m->npv_prices_minus_20pct / 1e6);
    fprintf(fp, "  NPV at prices +20%%         %.2f MUSD\n", m->npv_prices_plus_20pct / 1e6);
}

static void finance_table(FILE *fp, const rf_project_value *v, const rf_project_finance *f)
{
    const char *head[] = {"capex", "revenue", "opex", "tax", "support", "net"};
    const double *col[] = {f->capex_usd, f->flows.revenue_usd, f->opex_usd, f->flows.tax_usd, f->support_usd,
                           f->net_usd};
    enum { NCOL = sizeof col / sizeof col[0] };
    double total[NCOL] = {0};
    fprintf(fp, "\n  %-6s", "MUSD");
    for (int k = 0; k < NCOL; k++) fprintf(fp, " %10s", head[k]);
    fputc('\n', fp);
    for (int t = 0; t < f->nyears; t++) {
        fprintf(fp, "  %-6d", v->decided + t);
        for (int k = 0; k < NCOL; k++) {
            fprintf(fp, " %10.2f", musd(col[k][t]));
            total[k] += col[k][t];
        }
        fputc('\n', fp);
    }
    fprintf(fp, "  %-6s", "total");
    for (int k = 0; k < NCOL; k++) fprintf(fp, " %10.2f", musd(total[k]));
    fputc('\n', fp);
}

/* ---------- public API: C locale around the printing, errors of the stream checked ---------- */

static rf_status finish(FILE *fp, rf__cloc *loc, rf_err *err)
{
    rf__cloc_leave(loc);
    if (ferror(fp) || fflush(fp) != 0)
        return rf_err_set(err, RF_EIO, NULL, 0, NULL, "could not write the report");
    return RF_OK;
}

rf_status rf_report_summary(FILE *fp, const rf_results *res, const char *data_dir, rf_err *err)
{
    rf__cloc loc;
    rf__cloc_enter(&loc);
    summary(fp, res, data_dir);
    return finish(fp, &loc, err);
}

rf_status rf_report_trace(FILE *fp, const rf_world *w, const char *scenario, const rf_year_result *yr, int region,
                          int product, rf_err *err)
{
    (void)err;
    fprintf(fp, "rareflow: where %s's %s of %d has been (scenario \"%s\"; shares of the product)\n",
            w->regions[region].id, w->products[product].id, yr->year, scenario);
    for (int s = 0; s < RF_STAGE_RECYCLING; s++) {
        int any = 0;
        for (int i = 0; i < yr->nprovenance; i++) {
            const rf_provenance_row *p = &yr->provenance[i];
            if (p->region != region || p->product != product || p->stage != s) continue;
            if (!any) fprintf(fp, "  %-11s", rf_stage_name((rf_stage)s));
            any = 1;
            fprintf(fp, " %s %.1f%%", p->origin >= 0 ? w->regions[p->origin].id
                                      : p->origin == RF_ORIGIN_RECYCLED ? "recycled" : "stock",
                    100.0 * p->share);
        }
        if (any) fputc('\n', fp);
    }
    int found = 0;
    for (int i = 0; i < yr->ntouched; i++)
        if (yr->touched[i].region == region && yr->touched[i].product == product) {
            /* A sourcing rule's row names its set of regions ("CN+RU"), not one region. */
            const rf_touched_row *t = &yr->touched[i];
            fprintf(fp, "  touched %s at any stage: %.1f%%\n", t->focus >= 0 ? w->regions[t->focus].id : t->set,
                    100.0 * t->share);
            found = 1;
        }
    if (!found) fprintf(fp, "  (%s consumes no %s in %d)\n", w->regions[region].id, w->products[product].id, yr->year);
    return RF_OK;
}

rf_status rf_report_balance(FILE *fp, const char *scenario, int year, const rf_balance *b, rf_err *err)
{
    rf__cloc loc;
    rf__cloc_enter(&loc);
    balance(fp, scenario, year, b);
    return finish(fp, &loc, err);
}

rf_status rf_report_project(FILE *fp, const rf_world *w, const char *scenario, const rf_project_value *v,
                            int decided_by_run, rf_err *err)
{
    rf__cloc loc;
    rf__cloc_enter(&loc);
    project(fp, w, scenario, v, decided_by_run);
    return finish(fp, &loc, err);
}

rf_status rf_report_finance(FILE *fp, const rf_world *w, const char *scenario, const rf_project_value *v,
                            const rf_project_finance *f, rf_err *err)
{
    rf__cloc loc;
    rf__cloc_enter(&loc);
    finance_header(fp, w, scenario, v, f);
    finance_measures(fp, w, v, f);
    finance_table(fp, v, f);
    return finish(fp, &loc, err);
}

rf_status rf_report_project_ids(FILE *fp, const rf_world *w, rf_err *err)
{
    rf__cloc loc;
    rf__cloc_enter(&loc);
    /* Named projects first, then the generic candidates, whatever order the world keeps. */
    for (int pass = 0; pass < 2; pass++)
        for (int p = 0; p < w->nprojects; p++)
            if (!w->projects[p].generic == !pass) fprintf(fp, "%s\n", w->facilities[w->projects[p].facility].id);
    return finish(fp, &loc, err);
}

rf_status rf_report_comparison(FILE *fp, const char *name_a, const char *name_b, const rf_comparison *c,
                               rf_err *err)
{
    rf__cloc loc;
    rf__cloc_enter(&loc);
    comparison(fp, name_a, name_b, c);
    return finish(fp, &loc, err);
}

/* ---------- the dynamic stock model (rareflow stock) ---------- */

static void stock_table(FILE *fp, const rf_stock_lifetime *lt, const double *inflow, const double *stock,
                        const double *outflow, int n)
{
    fprintf(fp, "rareflow: in-use stock of %d years, %s lifetime", n, rf_stock_dist_name(lt->dist));
    if (lt->dist == RF_STOCK_WEIBULL) fprintf(fp, " (shape %g, scale %g years)\n", lt->shape, lt->scale_yr);
    else if (lt->dist == RF_STOCK_FIXED) fprintf(fp, " of %g years\n", lt->mean_yr);
    else fprintf(fp, " (mean %g years, sd %g years)\n", lt->mean_yr, lt->sd_yr);
    fprintf(fp, "\n  %5s %18s %18s %18s\n", "year", "inflow", "stock", "outflow");
    double in_sum = 0.0, out_sum = 0.0;
    for (int t = 0; t < n; t++) {
        fprintf(fp, "  %5d %18.8f %18.8f %18.8f\n", t, inflow[t], shown(stock[t]), shown(outflow[t]));
        in_sum += inflow[t];
        out_sum += outflow[t];
    }
    fprintf(fp, "\n  total inflow %.8f = outflow %.8f + stock at the end %.8f\n", in_sum, shown(out_sum),
            shown(stock[n - 1]));
}

rf_status rf_report_stock(FILE *fp, const rf_stock_lifetime *lt, const double *inflow, const double *stock,
                          const double *outflow, int n, rf_err *err)
{
    rf__cloc loc;
    rf__cloc_enter(&loc);
    if (n > 0) stock_table(fp, lt, inflow, stock, outflow, n);
    return finish(fp, &loc, err);
}
