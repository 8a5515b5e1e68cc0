/*
 * companies.c: who wins and who loses, by company (docs/analytics.md,
 * "Companies"): the operators of the dataset's plants, their revenue,
 * operating margin, capex and the government money their plants receive.
 * A scenario then reads as "MP Materials gains, Chinese exporters lose".
 */
#include <stdlib.h>
#include <string.h>

#include "rareflow/analytics.h"

rf_status rf_analytics_companies(const rf_world *w, rf_year_result *yr, rf_err *err)
{
    free(yr->companies);
    yr->companies = NULL;
    yr->ncompanies = 0;
    if (yr->status != RF_YEAR_OPTIMAL) return RF_OK;
    rf_company_row *rows = calloc((size_t)w->nfacilities + 1, sizeof *rows);
    int *of = malloc((size_t)(w->nfacilities + 1) * sizeof *of);
    if (!rows || !of) {
        free(rows);
        free(of);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    int n = 0;
    /* One row per distinct operator name, in the order the plants come. */
    for (int f = 0; f < w->nfacilities; f++) {
        const char *op = w->facilities[f].operator_name && w->facilities[f].operator_name[0]
                             ? w->facilities[f].operator_name : w->facilities[f].id;
        int j = 0;
        while (j < n && strcmp(rows[j].operator_name, op)) j++;
        if (j == n) rows[n++].operator_name = op;
        of[f] = j;
        double revenue, margin;
        rf_analytics_plant_margin(w, yr, f, &revenue, &margin);
        rows[j].revenue_usd += revenue;
        rows[j].margin_usd += margin;
        if (yr->facility_capex) rows[j].capex_usd += yr->facility_capex[f];
    }
    for (int i = 0; i < yr->ngovernment_cost; i++) {
        int f = yr->government_cost[i].facility;
        if (f >= 0 && f < w->nfacilities) rows[of[f]].support_usd += yr->government_cost[i].usd;
    }
    int m = 0;
    for (int j = 0; j < n; j++)
        if (rows[j].revenue_usd != 0.0 || rows[j].capex_usd != 0.0 || rows[j].support_usd != 0.0) rows[m++] = rows[j];
    free(of);
    yr->companies = rows;
    yr->ncompanies = m;
    return RF_OK;
}
