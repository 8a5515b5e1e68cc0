/*
 * compare.c: the differences between two runs (see rareflow/analytics.h).
 *
 * Each table is flattened to (keys, value) per run, then matched by keys; a
 * key present in one run only counts as 0 in the other (a price that appears
 * because a node came into use, a shortage that vanished).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/strutil.h"
#include "rareflow/analytics.h"

static const char *const kind_names[RF_DIFF_KIND_COUNT] = {
    "prices", "shortage", "demand_response", "shares", "tariff_revenue", "export_wedge",
    "export_tax_revenue", "quota_rent", "inventory", "shares_by_element", "top3", "import_reliance", "welfare"};

const char *rf_diff_kind_name(rf_diff_kind k)
{
    return (int)k >= 0 && k < RF_DIFF_KIND_COUNT ? kind_names[k] : "?";
}

/* A flat row of one run: keys and value. */
typedef struct flat {
    const char *key[3];
    double v;
} flat;

typedef struct flats {
    flat *rows;
    int n, cap;
} flats;

static int fpush(flats *f, const char *k0, const char *k1, const char *k2, double v)
{
    if (f->n == f->cap) {
        int cap = f->cap ? 2 * f->cap : 64;
        flat *r = realloc(f->rows, (size_t)cap * sizeof *r);
        if (!r) return -1;
        f->rows = r;
        f->cap = cap;
    }
    f->rows[f->n++] = (flat){{k0, k1, k2}, v};
    return 0;
}

static int same_keys(const flat *x, const flat *y)
{
    for (int i = 0; i < 3; i++)
        if ((x->key[i] == NULL) != (y->key[i] == NULL) || (x->key[i] && strcmp(x->key[i], y->key[i])))
            return 0;
    return 1;
}

/* Flatten table `kind` of one year. */
static int flatten(const rf_world *w, const rf_year_result *yr, rf_diff_kind kind, flats *f)
{
    f->n = 0;
    int rc = 0;
    switch (kind) {
    case RF_DIFF_PRICE:
        for (int i = 0; !rc && i < yr->nprices; i++)
            rc = fpush(f, w->regions[yr->prices[i].region].id,
                       rf_year_product_name(w, yr, yr->prices[i].product, yr->prices[i].variant), NULL,
                       yr->prices[i].usd_per_kg);
        break;
    case RF_DIFF_SHORTAGE:
    case RF_DIFF_RESPONSE:
        for (int d = 0; !rc && d < w->ndemand; d++)
            rc = fpush(f, w->regions[w->demand[d].region].id, w->demand[d].sector,
                       w->products[w->demand[d].product].id,
                       kind == RF_DIFF_SHORTAGE ? yr->shortage_t[d] : yr->response_t[d]);
        break;
    case RF_DIFF_SHARE:
        for (int i = 0; !rc && i < yr->nshares; i++)
            rc = fpush(f, rf_stage_result_name(yr->shares[i].stage), w->regions[yr->shares[i].region].id,
                       NULL, yr->shares[i].share);
        break;
    case RF_DIFF_REVENUE:
        for (int r = 0; !rc && yr->tariff_revenue && r < w->nregions; r++)
            rc = fpush(f, w->regions[r].id, NULL, NULL, yr->tariff_revenue[r]);
        break;
    case RF_DIFF_WEDGE:
        for (int i = 0; !rc && i < yr->nexport_wedge; i++) {
            const rf_export_wedge *e = &yr->export_wedge[i];
            rc = fpush(f, w->regions[e->region].id, w->products[e->product].id, NULL,
                       e->export_usd_per_kg - e->domestic_usd_per_kg);
        }
        break;
    case RF_DIFF_EXPORT_TAX:
        for (int r = 0; !rc && yr->export_tax_revenue && r < w->nregions; r++)
            rc = fpush(f, w->regions[r].id, NULL, NULL, yr->export_tax_revenue[r]);
        break;
    case RF_DIFF_QUOTA_RENT:
        for (int i = 0; !rc && i < yr->nquota_rent; i++)
            rc = fpush(f, yr->quota_rent[i].policy, NULL, NULL, yr->quota_rent[i].usd_per_kg);
        break;
    case RF_DIFF_INVENTORY:
        for (int i = 0; !rc && i < yr->ninventory; i++)
            rc = fpush(f, w->regions[yr->inventory[i].region].id, w->products[yr->inventory[i].product].id, NULL,
                       yr->inventory[i].t);
        break;
    case RF_DIFF_ELEM_SHARE:
        for (int i = 0; !rc && i < yr->nelem_shares; i++) {
            const rf_elem_share *s = &yr->elem_shares[i];
            rc = fpush(f, rf_stage_result_name(s->stage), w->elements[s->element].id, w->regions[s->region].id,
                       s->share);
        }
        break;
    case RF_DIFF_TOP3:
        for (int i = 0; !rc && i < yr->ntop3; i++) {
            const rf_top3 *t = &yr->top3[i];
            rc = fpush(f, rf_stage_result_name(t->stage), t->element >= 0 ? w->elements[t->element].id : "REO",
                       NULL, t->share);
        }
        break;
    case RF_DIFF_RELIANCE:
        for (int i = 0; !rc && i < yr->nimport_reliance; i++) {
            const rf_import_reliance *r = &yr->import_reliance[i];
            rc = fpush(f, w->regions[r->region].id, w->products[r->product].id, NULL, r->share);
        }
        break;
    case RF_DIFF_WELFARE:
        for (int i = 0; !rc && i < yr->nwelfare; i++) {
            const rf_welfare_row *v = &yr->welfare[i];
            const char *id = w->regions[v->region].id;
            rc = fpush(f, id, "consumer", NULL, v->consumer_usd) || fpush(f, id, "producer", NULL, v->producer_usd) ||
                 fpush(f, id, "government", NULL, v->government_usd) ||
                 fpush(f, id, "tariff_revenue", NULL, v->tariff_revenue_usd);
        }
        break;
    default: break;
    }
    return rc;
}

/* More than 0.01% apart and more than an absolute floor: 1e-6 in the table's
 * unit, and for prices, wedges and quota rents 1e-4 USD/kg, the solver's tolerance once
 * the tie-break is on (docs/model.md, "One answer whatever the solver's
 * path"): a by-product priced 0 in one run and 5e-5 USD/kg in the other is
 * the same price. */
static int differs(rf_diff_kind kind, double a, double b)
{
    double floor = kind == RF_DIFF_PRICE || kind == RF_DIFF_WEDGE || kind == RF_DIFF_QUOTA_RENT ? 1e-4 : 1e-6;
    return fabs(a - b) > floor && fabs(a - b) > 1e-4 * fmax(fabs(a), fabs(b));
}

static int add_row(rf_comparison *c, int *cap, rf_diff_kind kind, int year, const flat *k, double a,
                   double b)
{
    if (c->nrows == *cap) {
        int n = *cap ? 2 * *cap : 128;
        rf_diff *r = realloc(c->rows, (size_t)n * sizeof *r);
        if (!r) return -1;
        c->rows = r;
        *cap = n;
    }
    rf_diff *d = &c->rows[c->nrows];
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->year = year;
    /* Copies: a key may be a compliant variant's name, which the run owns. */
    for (int i = 0; i < 3; i++)
        if (k->key[i] && !(d->key[i] = rf__strdup(k->key[i]))) {
            for (int j = 0; j < i; j++) free(d->key[j]);
            return -1;
        }
    c->nrows++;
    d->a = a;
    d->b = b;
    return 0;
}

/* Rows of one kind and year: A's rows matched against B's, then B's alone. */
static int diff_kind(rf_comparison *c, int *cap, rf_diff_kind kind, int year, const flats *fa,
                     const flats *fb)
{
    for (int i = 0; i < fa->n; i++) {
        double b = 0.0;
        for (int j = 0; j < fb->n; j++)
            if (same_keys(&fa->rows[i], &fb->rows[j])) b = fb->rows[j].v;
        if (differs(kind, fa->rows[i].v, b) && add_row(c, cap, kind, year, &fa->rows[i], fa->rows[i].v, b))
            return -1;
    }
    for (int j = 0; j < fb->n; j++) {
        int found = 0;
        for (int i = 0; i < fa->n && !found; i++) found = same_keys(&fa->rows[i], &fb->rows[j]);
        if (!found && differs(kind, 0.0, fb->rows[j].v) &&
            add_row(c, cap, kind, year, &fb->rows[j], 0.0, fb->rows[j].v))
            return -1;
    }
    return 0;
}

rf_status rf_analytics_compare(const rf_world *w, const rf_results *a, const rf_results *b,
                               rf_comparison *out, rf_err *err)
{
    memset(out, 0, sizeof *out);
    flats fa = {0}, fb = {0};
    int cap = 0, rc = 0;
    for (int i = 0; !rc && i < a->nyears; i++) {
        const rf_year_result *ya = &a->years[i], *yb = NULL;
        for (int j = 0; j < b->nyears; j++)
            if (b->years[j].year == ya->year) yb = &b->years[j];
        if (!yb || ya->status != RF_YEAR_OPTIMAL || yb->status != RF_YEAR_OPTIMAL) continue;
        for (int k = 0; !rc && k < RF_DIFF_KIND_COUNT; k++)
            rc = flatten(w, ya, (rf_diff_kind)k, &fa) || flatten(w, yb, (rf_diff_kind)k, &fb) ||
                 diff_kind(out, &cap, (rf_diff_kind)k, ya->year, &fa, &fb);
    }
    free(fa.rows);
    free(fb.rows);
    if (rc) {
        rf_comparison_close(out);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    return RF_OK;
}

void rf_comparison_close(rf_comparison *c)
{
    if (!c) return;
    for (int i = 0; i < c->nrows; i++)
        for (int k = 0; k < 3; k++) free(c->rows[i].key[k]);
    free(c->rows);
    memset(c, 0, sizeof *c);
}
