/*
 * element_shares.c: production shares, HHI and top-3 share by stage for the
 * magnet elements Nd, Pr, Dy and Tb (see rareflow/analytics.h).
 *
 * The stage totals of `shares` add every rare earth on one REO basis, which
 * hides that a country can hold 60% of NdPr mining and all of the Tb
 * separation.  Here each stage is measured in t REO-equivalent of one element:
 * a product's content of element e is reo_factor x content[e] (the same rule
 * as the element balance, balance.c).  Converting to t of the element itself
 * would multiply every region's tonnes of an element by one constant (the
 * oxide-to-element mass ratio), so no share, HHI or top-3 would change; the
 * oxide basis keeps the tonnes comparable with `balance`.
 *
 * Metal is measured by the element in the metal made rather than in the oxide
 * fed: the stage's product is what magnet makers can buy, and a plant should
 * not count for the oxide it lost.  Magnets are measured by what the recipe
 * keeps of its inputs (inputs less swarf and other non-magnet outputs),
 * because magnet products carry no element content of their own: it depends
 * on the recipe that made them.
 *
 * The top-3 share is the IEA's concentration measure (Global Critical
 * Minerals Outlook 2024): the share of a stage held by its three largest
 * regions.  HHI is the US DOJ/FTC index on shares in percent.
 */
#include <stdlib.h>
#include <string.h>

#include "rareflow/analytics.h"

/* The elements this measure resolves, in the order rows are written. */
static const char *const elem_ids[] = {"Nd", "Pr", "Dy", "Tb"};
#define NELEM ((int)(sizeof elem_ids / sizeof elem_ids[0]))

/* t REO-equivalent of element e per t of product p. */
static double content(const rf_world *w, int p, int e)
{
    return w->products[p].reo_factor * w->products[p].content[e];
}

/* Element e carried by one unit of activity of recipe k of facility f, in the
 * stage's measure (see the file comment). */
static double elem_measure(const rf_world *w, int f, int k, int e)
{
    const rf_facility *fac = &w->facilities[f];
    const rf_recipe *r = &w->recipes[fac->recipes[k]];
    double m = 0.0;
    switch (fac->stage) {
    case RF_STAGE_METAL:
        for (int i = 0; i < r->nout; i++)
            if (w->products[r->out[i].product].family == RF_FAM_METAL) m += r->out[i].qty * content(w, r->out[i].product, e);
        break;
    case RF_STAGE_MAGNET:
        for (int i = 0; i < r->nin; i++) m += r->in[i].qty * content(w, r->in[i].product, e);
        for (int i = 0; i < r->nout; i++)
            if (w->products[r->out[i].product].family != RF_FAM_MAGNET)
                m -= r->out[i].qty * content(w, r->out[i].product, e);
        break;
    default:
        /* As `shares`: scrap a mine or separator puts out is not its product. */
        for (int i = 0; i < r->nout; i++)
            if (w->products[r->out[i].product].family != RF_FAM_SCRAP || fac->stage == RF_STAGE_RECYCLING)
                m += r->out[i].qty * content(w, r->out[i].product, e);
        break;
    }
    return m;
}

void rf_analytics_concentration(const double *t, int n, double *hhi, double *top3)
{
    double total = 0.0, first = 0.0, second = 0.0, third = 0.0;
    for (int i = 0; i < n; i++) {
        double v = t[i];
        if (v <= 0.0) continue;
        total += v;
        if (v > first) {
            third = second;
            second = first;
            first = v;
        } else if (v > second) {
            third = second;
            second = v;
        } else if (v > third) {
            third = v;
        }
    }
    *hhi = *top3 = 0.0;
    if (total <= 0.0) return;
    for (int i = 0; i < n; i++)
        if (t[i] > 0.0) *hhi += (100.0 * t[i] / total) * (100.0 * t[i] / total);
    *top3 = (first + second + third) / total;
}

/* Free the three tables and zero their counts. */
static void drop(rf_year_result *yr)
{
    free(yr->elem_shares);
    free(yr->elem_hhi);
    free(yr->top3);
    yr->elem_shares = NULL;
    yr->elem_hhi = NULL;
    yr->top3 = NULL;
    yr->nelem_shares = yr->nelem_hhi = yr->ntop3 = 0;
}

/* The top-3 of stage s as `shares` measures it; 0 rows when the stage has no output. */
static int reo_top3(const rf_world *w, const rf_year_result *yr, rf_stage s, double *scratch, double *top3)
{
    int any = 0;
    memset(scratch, 0, (size_t)w->nregions * sizeof *scratch);
    for (int i = 0; i < yr->nshares; i++)
        if (yr->shares[i].stage == s) {
            scratch[yr->shares[i].region] += yr->shares[i].t;
            any = 1;
        }
    double hhi;
    rf_analytics_concentration(scratch, w->nregions, &hhi, top3);
    return any;
}

rf_status rf_analytics_element_shares(const rf_world *w, rf_year_result *yr, rf_err *err)
{
    drop(yr);
    if (yr->status != RF_YEAR_OPTIMAL || !yr->activity) return RF_OK;
    size_t nr = (size_t)w->nregions, ncell = (size_t)RF_STAGE_COUNT * NELEM;
    int eidx[NELEM];
    for (int j = 0; j < NELEM; j++) eidx[j] = rf_world_element(w, elem_ids[j]);
    /* by[(stage * NELEM + j) * nr + region]: t REO-eq of element j. */
    double *by = calloc(ncell * nr + 1, sizeof *by), *scratch = calloc(nr + 1, sizeof *scratch);
    yr->elem_shares = malloc((ncell * nr + 1) * sizeof *yr->elem_shares);
    yr->elem_hhi = malloc((ncell + 1) * sizeof *yr->elem_hhi);
    yr->top3 = malloc((ncell + RF_STAGE_COUNT + 1) * sizeof *yr->top3);
    if (!by || !scratch || !yr->elem_shares || !yr->elem_hhi || !yr->top3) {
        free(by);
        free(scratch);
        drop(yr);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    for (int f = 0; f < w->nfacilities; f++) {
        const rf_facility *fac = &w->facilities[f];
        for (int k = 0; k < fac->nrecipes; k++) {
            double a = yr->activity[fac->recipe_offset + k];
            if (a <= 0.0) continue;
            for (int j = 0; j < NELEM; j++)
                if (eidx[j] >= 0)
                    by[((size_t)fac->stage * NELEM + (size_t)j) * nr + (size_t)fac->region] +=
                        a * elem_measure(w, f, k, eidx[j]);
        }
    }
    for (int s = 0; s < RF_STAGE_COUNT; s++) {
        double reo;
        if (reo_top3(w, yr, (rf_stage)s, scratch, &reo)) yr->top3[yr->ntop3++] = (rf_top3){(rf_stage)s, -1, reo};
        for (int j = 0; j < NELEM; j++) {
            const double *t = &by[((size_t)s * NELEM + (size_t)j) * nr];
            double total = 0.0, hhi, top3;
            for (size_t r = 0; r < nr; r++)
                if (t[r] > 0.0) total += t[r];
            /* A stage that holds none of the element (or only rounding of it) has no row. */
            if (total <= 1e-12) continue;
            for (size_t r = 0; r < nr; r++)
                if (t[r] > 0.0)
                    yr->elem_shares[yr->nelem_shares++] =
                        (rf_elem_share){(rf_stage)s, eidx[j], (int)r, t[r], t[r] / total};
            rf_analytics_concentration(t, w->nregions, &hhi, &top3);
            yr->elem_hhi[yr->nelem_hhi++] = (rf_elem_hhi){(rf_stage)s, eidx[j], hhi, total};
            yr->top3[yr->ntop3++] = (rf_top3){(rf_stage)s, eidx[j], top3};
        }
    }
    free(by);
    free(scratch);
    return RF_OK;
}
