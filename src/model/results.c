/* results.c: lifecycle of rf_results (see rareflow/results.h). */
#include "rareflow/results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"

static const char *const year_status_names[] = {"not_run", "optimal", "infeasible",
                                                "unbounded", "error", "not_converged"};

const char *rf_year_status_str(rf_year_status s)
{
    if ((int)s < 0 || (size_t)s >= sizeof year_status_names / sizeof *year_status_names)
        return "error";
    return year_status_names[s];
}

rf_results *rf_results_new(const rf_world *world, const char *scenario, int nyears, rf_err *err)
{
    rf_results *res = calloc(1, sizeof *res);
    if (!res) goto oom;
    res->world = world;
    res->scenario = rf__strdup(scenario ? scenario : "");
    res->years = calloc(nyears > 0 ? (size_t)nyears : 1, sizeof *res->years);
    if (!res->scenario || !res->years) goto oom;
    res->nyears = nyears;
    res->passes = 1;
    res->settled = 1;
    res->decoupling.region = res->decoupling.focus = -1;
    return res;
oom:
    rf_results_free(res);
    rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory allocating results");
    return NULL;
}

void rf_year_result_clear(rf_year_result *yr)
{
    int year = yr->year;
    free(yr->prices);
    free(yr->production);
    free(yr->trade);
    free(yr->disposal);
    free(yr->activity);
    free(yr->activity_compliant);
    free(yr->served_t);
    free(yr->ref_t);
    free(yr->shortage_t);
    free(yr->response_t);
    free(yr->shares);
    free(yr->hhi);
    free(yr->elem_shares);
    free(yr->elem_hhi);
    free(yr->top3);
    free(yr->import_reliance);
    free(yr->supply_risk);
    free(yr->limit_dual);
    for (int i = 0; i < yr->npolicies_active; i++) free(yr->policies_active[i]);
    free(yr->policies_active);
    free(yr->tariff_revenue);
    free(yr->export_tax_revenue);
    for (int i = 0; i < yr->nquota_rent; i++) free(yr->quota_rent[i].policy);
    free(yr->quota_rent);
    free(yr->export_wedge);
    free(yr->extra_t);
    free(yr->extra_region);
    free(yr->extra_product);
    free(yr->extra_sign);
    free(yr->extra_eol);
    for (int i = 0; i < yr->nvariant_names; i++) free(yr->variant_names[i]);
    free(yr->variant_names);
    for (int i = 0; i < yr->ngovernment_cost; i++) free(yr->government_cost[i].policy);
    free(yr->government_cost);
    free(yr->capacity);
    free(yr->projects);
    free(yr->capex);
    free(yr->in_use);
    free(yr->eol_scrap);
    free(yr->recycled);
    free(yr->stockpile);
    free(yr->inventory);
    free(yr->contracts);
    free(yr->provenance);
    free(yr->welfare);
    free(yr->companies);
    free(yr->facility_capex);
    free(yr->cap_factor);
    free(yr->touched);
    free(yr->stage_flows);
    free(yr->embedded);
    free(yr->consumption);
    for (int i = 0; i < yr->nperiods; i++) rf_year_result_clear(&yr->periods[i]);
    free(yr->periods);
    memset(yr, 0, sizeof *yr);
    yr->year = year;
}

const char *rf_year_product_name(const rf_world *w, const rf_year_result *yr, int product, int variant)
{
    if (variant && yr->variant_names && product >= 0 && product < yr->nvariant_names)
        return yr->variant_names[product];
    return w->products[product].id;
}

void rf_year_period_label(const rf_year_result *p, char *buf, size_t size)
{
    int n = p->nperiods_of_year;
    if (p->period <= 0) buf[0] = '\0';
    else if (n == 4) snprintf(buf, size, "%dQ%d", p->year, p->period);
    else if (n == 2) snprintf(buf, size, "%dH%d", p->year, p->period);
    else if (n == 12) snprintf(buf, size, "%dM%02d", p->year, p->period);
    else snprintf(buf, size, "%dP%d", p->year, p->period);
}

const char *rf_flow_stage_name(int stage)
{
    if (stage == RF_FLOW_END_USE) return "end_use";
    if (stage == RF_FLOW_END_OF_LIFE) return "end_of_life";
    return rf_stage_name((rf_stage)stage);
}

static const char *const project_stage_names[RF_PROJ_STAGE_COUNT] = {
    "candidate", "building", "ramping", "operating", "closed", "blocked"};

const char *rf_project_stage_name(rf_project_stage s)
{
    return (int)s >= 0 && s < RF_PROJ_STAGE_COUNT ? project_stage_names[s] : "?";
}

void rf_results_free(rf_results *res)
{
    if (!res) return;
    free(res->expectations);
    free(res->decoupling.never);
    for (int i = 0; i < res->nyears; i++) rf_year_result_clear(&res->years[i]);
    free(res->years);
    free(res->scenario);
    free(res);
}
