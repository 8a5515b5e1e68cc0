/*
 * project_finance.c: one project valued by the simulation (rf_project_value),
 * valued again at other prices or another rate for `rareflow finance`
 * (rareflow/sim.h).  It only rebuilds the finance core's input from the value
 * and the world's reference paths; every measure is rf_finance_measure's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rareflow/finance.h"
#include "rareflow/limits.h"
#include "rareflow/sim.h"

/* The output the NdPr price questions are about: the oxide (what floors such as
 * the DoD's are written on), else the metal; -1 when it makes neither. */
static int ndpr_output(const rf_world *w, const rf_project_value *v)
{
    const rf_recipe *r = &w->recipes[v->recipe];
    static const char *const ids[] = {"oxide:NdPr", "metal:NdPr"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        int prod = rf_world_product(w, ids[i]);
        for (int k = 0; prod >= 0 && k < v->noutputs; k++)
            if (r->out[k].product == prod) return k;
    }
    return -1;
}

void rf_project_finance_close(rf_project_finance *f)
{
    if (!f) return;
    free(f->buf);
    memset(f, 0, sizeof *f);
}

rf_status rf_sim_project_finance(const rf_world *w, const rf_project_value *v, const rf_finance_request *rq,
                                 rf_project_finance *out, rf_err *err)
{
    if (!out) return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "rf_sim_project_finance: no output");
    memset(out, 0, sizeof *out);
    if (!w || !v || !rq) return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "rf_sim_project_finance: a NULL argument");
    const rf_facility *fac = &w->facilities[w->projects[v->project].facility];
    if (v->blocked)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "project",
                          "%s: a project block covers it in %d: there are no cash flows to value", fac->id,
                          v->decided);
    if (v->recipe < 0 || v->flows.nyears == 0)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "project",
                          "%s: no recipe of the plant can run at the prices expected in %d (an input it "
                          "cannot get): there are no cash flows to value", fac->id, v->decided);
    int n = v->flows.nyears, no = v->noutputs, lead = v->arrives - v->decided;
    out->nyears = n;
    out->noutputs = no;
    out->prices = rq->prices;
    out->flat_usd_per_kg = rq->flat_usd_per_kg;
    out->ndpr_output = ndpr_output(w, v);
    if (rq->prices == RF_PRICES_FLAT && out->ndpr_output < 0)
        return rf_err_set(err, RF_EINVAL, NULL, 0, "--price-path",
                          "flat: sets the NdPr price, and %s makes no NdPr (oxide or metal)", fac->id);
    if (rq->prices == RF_PRICES_FLAT &&
        !(rq->flat_usd_per_kg >= 0.0 && rq->flat_usd_per_kg <= RF_MAX_PRICE_USD_PER_KG))
        return rf_err_set(err, RF_EINVAL, NULL, 0, "--price-path", "flat: %g USD/kg is outside 0..%g",
                          rq->flat_usd_per_kg, RF_MAX_PRICE_USD_PER_KG);
    double rate = rq->has_rate ? rq->rate : v->discount_rate;
    size_t nv = (size_t)no * (size_t)n, nwork = RF_FIN_MEASURES_WORK(n, no);
    out->buf = malloc((nv + (size_t)n * (RF_FINANCE_FLOW_LINES + 2) + nwork) * sizeof *out->buf);
    if (!out->buf) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    out->price_usd_per_kg = out->buf;
    double *lines = out->buf + nv, *work = lines + (size_t)n * RF_FINANCE_FLOW_LINES;
    out->opex_usd = work + nwork;
    out->support_usd = out->opex_usd + n;

    /* The prices: the run's, then what the path asks for over them, from the
     * first production year (the lead time sells nothing). */
    if (nv) memcpy(out->price_usd_per_kg, v->price_usd_per_kg, nv * sizeof *out->price_usd_per_kg);
    const rf_recipe *r = &w->recipes[v->recipe];
    for (int k = 0; k < no && rq->prices != RF_PRICES_RUN; k++) {
        if (rq->prices == RF_PRICES_FLAT && k != out->ndpr_output) continue;
        for (int t = lead < 0 ? 0 : lead; t < n; t++) {
            double *price = &out->price_usd_per_kg[(size_t)k * (size_t)n + (size_t)t], path;
            if (rq->prices == RF_PRICES_FLAT) *price = rq->flat_usd_per_kg;
            else if (rf_world_price_path(w, r->out[k].product, fac->region, v->decided + t, &path)) *price = path;
        }
    }
    rf_finance_project p = {n,           no, v->capex_by_year_usd, v->volume_t, out->price_usd_per_kg, v->opex_usd,
                            v->royalty_rate, v->tax_rate, v->depreciation_years};
    rf_status st = rf_finance_flows_bind(&out->flows, lines, (size_t)n * RF_FINANCE_FLOW_LINES, n, err);
    if (st == RF_OK)
        st = rf_finance_measure(&p, &v->support, rate, out->ndpr_output, &out->flows, work, nwork, &out->m, err);
    if (st != RF_OK) return st;
    /* Seven lines a reader can add up: the royalty is an operating cost of a mine, and
     * every government lever, the loan's flows and the state's equity share included,
     * is support (docs/finance.md, "rareflow finance"). */
    const rf_finance_flows *fl = &out->flows;
    for (int t = 0; t < n; t++) {
        out->opex_usd[t] = v->opex_usd[t] + fl->royalty_usd[t];
        out->support_usd[t] = fl->grant_usd[t] + fl->floor_topup_usd[t] - fl->floor_upside_usd[t] +
                              fl->ebitda_topup_usd[t] + fl->loan_draw_usd[t] - fl->interest_usd[t] -
                              fl->loan_principal_usd[t] + fl->gov_equity_usd[t];
    }
    out->capex_usd = v->capex_by_year_usd;
    out->net_usd = fl->investor_usd;
    return RF_OK;
}
