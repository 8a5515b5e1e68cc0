/*
 * mc.c: `rareflow mc` as text: the watched headlines by year with their P5,
 * P50 and P95, then the top drivers of each at the last year (Spearman's rho
 * of the output with each input over the successful draws).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/strutil.h"
#include "rareflow/report.h"

/* A headline: a metric kind and the labels it must have ("" or NULL: any). */
typedef struct headline {
    const char *title;
    rf_mc_metric_kind kind;
    const char *region, *product;
} headline;

static const headline heads[] = {
    {"NdPr oxide, CN, USD/kg", RF_MCM_PRICE, "CN", "oxide:NdPr"},
    {"NdPr oxide, US, USD/kg", RF_MCM_PRICE, "US", "oxide:NdPr"},
    {"Dy oxide, CN, USD/kg", RF_MCM_PRICE, "CN", "oxide:Dy"},
    {"Dy oxide, US, USD/kg", RF_MCM_PRICE, "US", "oxide:Dy"},
    {"Tb oxide, CN, USD/kg", RF_MCM_PRICE, "CN", "oxide:Tb"},
    {"Tb oxide, US, USD/kg", RF_MCM_PRICE, "US", "oxide:Tb"},
    {"NdFeB magnet, US, USD/kg", RF_MCM_PRICE, "US", "magnet:NdFeB"},
    {"NdFeB-hc magnet, US, USD/kg", RF_MCM_PRICE, "US", "magnet:NdFeB-hc"},
};
#define NHEADS ((int)(sizeof heads / sizeof heads[0]))

static int matches(const rf_mc_metric *m, rf_mc_metric_kind kind, const char *region, const char *product)
{
    return m->kind == kind && (!region || !strcmp(m->region, region)) && (!product || !strcmp(m->product, product));
}

static void row(FILE *fp, const rf_mc_metric *m, const rf_mc_pct_row *p, double scale)
{
    fprintf(fp, "    %d  %12.4g %12.4g %12.4g\n", m->year, p->v[RF_MC_P5] * scale, p->v[RF_MC_P50] * scale,
            p->v[RF_MC_P95] * scale);
}

/* The top drivers of the metric with these labels at year `year`. */
static void drivers(FILE *fp, const rf_mc_draws *d, const rf_mc_summary_t *s, const rf_mc_metric *like, int year)
{
    int shown = 0;
    for (int r = 0; r < s->nsens && shown < 3; r++) {
        const rf_mc_metric *m = &d->metrics[s->sens[r].metric];
        if (m->year != year || m->kind != like->kind || strcmp(m->region, like->region) ||
            strcmp(m->product, like->product) || strcmp(m->sector, like->sector) || strcmp(m->stage, like->stage))
            continue;
        fprintf(fp, "%s %s %+.2f", shown ? "," : " top drivers (Spearman's rho):", d->inputs[s->sens[r].input],
                s->sens[r].rho);
        shown++;
    }
    if (!shown) fprintf(fp, " no input correlates");
    fputc('\n', fp);
}

/* The percentiles by year of the metrics of `kind` with these labels (NULL:
 * any), then the drivers of the last year. */
static void table(FILE *fp, const rf_mc_draws *d, const rf_mc_summary_t *s, const char *title,
                  rf_mc_metric_kind kind, const char *region, const char *product, const char *sector,
                  const char *stage, double scale)
{
    int any = 0, last_year = 0;
    const rf_mc_metric *last = NULL;
    for (int r = 0; r < s->npct; r++) {
        const rf_mc_metric *m = &d->metrics[s->pct[r].metric];
        if (!matches(m, kind, region, product) || (sector && strcmp(m->sector, sector)) ||
            (stage && strcmp(m->stage, stage)))
            continue;
        if (!any) fprintf(fp, "  %s\n    year           P5          P50          P95\n", title);
        any = 1;
        row(fp, m, &s->pct[r], scale);
        if (m->year >= last_year) {
            last_year = m->year;
            last = m;
        }
    }
    if (last) {
        fprintf(fp, "    %d:", last_year);
        drivers(fp, d, s, last, last_year);
        fputc('\n', fp);
    }
}

rf_status rf_report_mc(FILE *fp, const char *scenario, const rf_mc_draws *d, const rf_mc_summary_t *s, rf_err *err)
{
    rf__cloc loc;
    rf__cloc_enter(&loc);
    fprintf(fp, "Monte Carlo: %s, %d draws, seed %llu, %s sampling; %d failed, %d values clamped\n",
            scenario ? scenario : "", d->ndraws, (unsigned long long)d->seed,
            d->sampling == RF_MC_LHS ? "Latin hypercube" : "random", s->failed_draws, s->clamped);
    if (s->nfailed) {
        fprintf(fp, "  failed draws:");
        for (int i = 0; i < s->nfailed && i < 20; i++) fprintf(fp, " %d", s->failed[i]);
        fprintf(fp, "%s\n", s->nfailed > 20 ? " ..." : "");
    }
    fprintf(fp, "\n");
    for (int h = 0; h < NHEADS; h++)
        table(fp, d, s, heads[h].title, heads[h].kind, heads[h].region, heads[h].product, NULL, NULL, 1.0);
    /* Shortage totals: every (region, sector) with a shortage in some draw. */
    int shortage = 0;
    for (int r = 0; r < s->npct; r++) {
        const rf_mc_metric *m = &d->metrics[s->pct[r].metric];
        if (m->kind != RF_MCM_SHORTAGE || !(s->pct[r].v[RF_MC_P95] > 0.0)) continue;
        int first = 1;
        for (int q = 0; q < r; q++) {
            const rf_mc_metric *o = &d->metrics[s->pct[q].metric];
            if (o->kind == RF_MCM_SHORTAGE && !strcmp(o->region, m->region) && !strcmp(o->sector, m->sector) &&
                s->pct[q].v[RF_MC_P95] > 0.0)
                first = 0;
        }
        if (!first) continue;
        char title[2 * RF_MC_LABEL + 32];
        if (m->region[0]) snprintf(title, sizeof title, "Shortage, %s %s, t", m->region, m->sector);
        else snprintf(title, sizeof title, "Shortage, all regions and sectors, t");
        table(fp, d, s, title, RF_MCM_SHORTAGE, m->region, NULL, m->sector, NULL, 1.0);
        shortage = 1;
    }
    if (!shortage) fprintf(fp, "  Shortage: none in any draw's P95\n\n");
    static const char *const st[] = {"mining", "separation", "metal", "magnet"};
    for (int k = 0; k < 4; k++) {
        char title[64];
        snprintf(title, sizeof title, "China's share of %s, %%", st[k]);
        table(fp, d, s, title, RF_MCM_CHINA_SHARE, NULL, NULL, NULL, st[k], 100.0);
    }
    rf__cloc_leave(&loc);
    if (fflush(fp) != 0 || ferror(fp)) return rf_err_set(err, RF_EIO, NULL, 0, NULL, "could not write the report");
    return RF_OK;
}
