/*
 * mc_out.c: the JSON document of `rareflow mc` (docs/uncertainty.md).
 *
 * Built whole in memory, then dumped with 15 significant digits in the C
 * locale, as json_out.c does.  Every row of a table has the same keys; a label
 * that does not apply is "".  Nothing depends on timing or on the number of
 * threads, so the same draws give the same bytes.
 */
#include <math.h>
#include <jansson.h>

#include "core/strutil.h"
#include "rareflow/output.h"
#include "output/json_dump.h"

static json_t *num(double v)
{
    if (!isfinite(v)) return NULL;
    if (v == 0.0) v = 0.0; /* no "-0.0" */
    return json_real(v);
}

/* Set key to value (owned); marks *bad when the value is NULL or on failure. */
static void put(json_t *o, const char *key, json_t *v, int *bad)
{
    if (!v) *bad = 1;
    else if (!o) {
        json_decref(v);
        *bad = 1;
    } else if (json_object_set_new(o, key, v)) /* steals v even when it fails */
        *bad = 1;
}

static void push(json_t *a, json_t *v, int *bad)
{
    if (!v) *bad = 1;
    else if (!a) {
        json_decref(v);
        *bad = 1;
    } else if (json_array_append_new(a, v))
        *bad = 1;
}

static void labels(json_t *o, const rf_mc_metric *m, int *bad)
{
    put(o, "metric", json_string(rf_mc_metric_name(m->kind)), bad);
    put(o, "region", json_string(m->region), bad);
    put(o, "product", json_string(m->product), bad);
    put(o, "sector", json_string(m->sector), bad);
    put(o, "stage", json_string(m->stage), bad);
}

rf_status rf_json_write_mc(const char *scenario, const rf_mc_draws *d, const rf_mc_summary_t *s, FILE *fp,
                           rf_err *err)
{
    int bad = 0;
    json_t *root = json_object(), *failed = json_array(), *inputs = json_array(), *pct = json_array(),
           *sens = json_array();
    if (!root || !failed || !inputs || !pct || !sens) bad = 1;
    put(root, "scenario", json_string(scenario ? scenario : ""), &bad);
    put(root, "draws", json_integer(d->ndraws), &bad);
    put(root, "seed", json_integer((json_int_t)d->seed), &bad);
    put(root, "sampling", json_string(d->sampling == RF_MC_LHS ? "lhs" : "random"), &bad);
    put(root, "threads_independent", json_true(), &bad);
    put(root, "failed_draws", json_integer(s->failed_draws), &bad);
    for (int i = 0; i < s->nfailed; i++) push(failed, json_integer(s->failed[i]), &bad);
    put(root, "failed", failed, &bad);
    put(root, "clamped", json_integer(s->clamped), &bad);
    for (int i = 0; i < d->ninputs; i++) {
        json_t *o = json_object();
        put(o, "name", json_string(d->inputs[i]), &bad);
        put(o, "target", json_string(d->input_targets[i]), &bad);
        put(o, "dist", json_string(d->input_dists[i]), &bad);
        push(inputs, o, &bad);
    }
    put(root, "inputs", inputs, &bad);
    static const char *const pk[RF_MC_NSUMMARY] = {"p5", "p25", "p50", "p75", "p95", "mean"};
    for (int r = 0; r < s->npct; r++) {
        const rf_mc_pct_row *p = &s->pct[r];
        const rf_mc_metric *m = &d->metrics[p->metric];
        json_t *o = json_object();
        put(o, "year", json_integer(m->year), &bad);
        labels(o, m, &bad);
        for (int k = 0; k < RF_MC_NSUMMARY; k++) put(o, pk[k], num(p->v[k]), &bad);
        push(pct, o, &bad);
    }
    put(root, "percentiles", pct, &bad);
    for (int r = 0; r < s->nsens; r++) {
        const rf_mc_sens_row *q = &s->sens[r];
        const rf_mc_metric *m = &d->metrics[q->metric];
        json_t *o = json_object();
        labels(o, m, &bad);
        put(o, "year", json_integer(m->year), &bad);
        put(o, "input", json_string(d->inputs[q->input]), &bad);
        put(o, "rho", num(q->rho), &bad);
        push(sens, o, &bad);
    }
    put(root, "sensitivity", sens, &bad);
    if (bad) {
        json_decref(root);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "could not build the JSON document");
    }
    return rf__json_dump(root, fp, err);
}
