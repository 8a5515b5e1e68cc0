/*
 * balance.c: the element balance of a solved year (see rareflow/analytics.h).
 *
 * Each group's content of a product is its REO-equivalent per tonne times the
 * share of the group's elements in it (an oxide of NdPr is all NdPr; a
 * concentrate carries its ore's basket).  Magnets are the exception: their
 * content depends on the recipe that made them, so it is taken from the
 * recipes' inputs less their swarf, averaged over the year's output.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rareflow/analytics.h"

static const char *const group_names[RF_GROUP_COUNT] = {"REO", "NdPr", "Dy", "Tb"};
static const char *const stage_names[RF_BAL_STAGE_COUNT] = {
    "mined",      "separated",  "separation_loss", "recycled", "recycling_loss", "metal_feed",
    "metal_loss", "in_magnets", "swarf",           "consumed", "disposed", "withdrawn", "released",
    "eol_scrap",  "stock_drawn", "stock_built"};

const char *rf_group_name(rf_group g)
{
    return (int)g >= 0 && g < RF_GROUP_COUNT ? group_names[g] : "?";
}

const char *rf_bal_stage_name(rf_bal_stage s)
{
    return (int)s >= 0 && s < RF_BAL_STAGE_COUNT ? stage_names[s] : "?";
}

/* Working state: per-group content of every product, and the lines so far. */
typedef struct bal {
    const rf_world *w;
    double *content;   /* [nproducts * RF_GROUP_COUNT] t REO-eq of the group per t */
    rf_balance *out;
    int cap;
    int cn;            /* index of region CN, or -1 */
} bal;

static int in_group(const rf_world *w, int e, rf_group g)
{
    const char *id = w->elements[e].id;
    switch (g) {
    case RF_GROUP_REO: return 1;
    case RF_GROUP_NDPR: return strcmp(id, "Pr") == 0 || strcmp(id, "Nd") == 0;
    case RF_GROUP_DY: return strcmp(id, "Dy") == 0;
    case RF_GROUP_TB: return strcmp(id, "Tb") == 0;
    default: return 0;
    }
}

static double *cnt(const bal *b, int p) { return &b->content[(size_t)p * RF_GROUP_COUNT]; }

/* Add t (and its China part) to the line (group, stage, sector), creating it. */
static int add(bal *b, rf_group g, rf_bal_stage s, const char *sector, double t, int region)
{
    rf_balance *o = b->out;
    for (int i = 0; i < o->nlines; i++) {
        rf_balance_line *l = &o->lines[i];
        if (l->group == g && l->stage == s &&
            (l->sector == sector || (l->sector && sector && strcmp(l->sector, sector) == 0))) {
            l->t += t;
            if (region == b->cn) l->cn_t += t;
            return 0;
        }
    }
    if (o->nlines == b->cap) {
        int cap = b->cap ? 2 * b->cap : 64;
        rf_balance_line *n = realloc(o->lines, (size_t)cap * sizeof *n);
        if (!n) return -1;
        o->lines = n;
        b->cap = cap;
    }
    rf_balance_line *l = &o->lines[o->nlines++];
    l->group = g;
    l->stage = s;
    l->sector = sector;
    l->t = t;
    l->cn_t = region == b->cn ? t : 0.0;
    return 0;
}

/* Content of plain products, then of magnets from the year's recipe mix. */
static void fill_content(bal *b, const rf_year_result *yr)
{
    const rf_world *w = b->w;
    for (int p = 0; p < w->nproducts; p++)
        for (int g = 0; g < RF_GROUP_COUNT; g++) {
            double s = 0.0;
            for (int e = 0; e < w->nelements; e++)
                if (in_group(w, e, (rf_group)g)) s += w->products[p].content[e];
            cnt(b, p)[g] = w->products[p].reo_factor * s;
        }
    for (int p = 0; p < w->nproducts; p++) {
        if (w->products[p].family != RF_FAM_MAGNET) continue;
        double made = 0.0, re[RF_GROUP_COUNT] = {0};
        for (int f = 0; f < w->nfacilities; f++) {
            const rf_facility *fac = &w->facilities[f];
            for (int k = 0; k < fac->nrecipes; k++) {
                const rf_recipe *r = &w->recipes[fac->recipes[k]];
                double a = yr->activity[fac->recipe_offset + k], q = 0.0;
                for (int i = 0; i < r->nout; i++)
                    if (r->out[i].product == p) q += r->out[i].qty;
                if (a <= 0.0 || q <= 0.0) continue;
                made += a * q;
                /* The magnet keeps what went in, less what left as other outputs (swarf). */
                for (int g = 0; g < RF_GROUP_COUNT; g++) {
                    double kept = 0.0;
                    for (int i = 0; i < r->nin; i++) kept += r->in[i].qty * cnt(b, r->in[i].product)[g];
                    for (int i = 0; i < r->nout; i++)
                        if (w->products[r->out[i].product].family != RF_FAM_MAGNET)
                            kept -= r->out[i].qty * cnt(b, r->out[i].product)[g];
                    re[g] += a * kept;
                }
            }
        }
        for (int g = 0; g < RF_GROUP_COUNT; g++) cnt(b, p)[g] = made > 0.0 ? re[g] / made : 0.0;
    }
}

/* The lines that facilities make: mining, separation, metal, magnets, recycling. */
static int facility_lines(bal *b, const rf_year_result *yr)
{
    const rf_world *w = b->w;
    for (int f = 0; f < w->nfacilities; f++) {
        const rf_facility *fac = &w->facilities[f];
        for (int k = 0; k < fac->nrecipes; k++) {
            const rf_recipe *r = &w->recipes[fac->recipes[k]];
            double a = yr->activity[fac->recipe_offset + k];
            if (a <= 0.0) continue;
            for (int g = 0; g < RF_GROUP_COUNT; g++) {
                double in = 0.0, out = 0.0, swarf = 0.0;
                for (int i = 0; i < r->nin; i++) in += a * r->in[i].qty * cnt(b, r->in[i].product)[g];
                for (int i = 0; i < r->nout; i++) {
                    double v = a * r->out[i].qty * cnt(b, r->out[i].product)[g];
                    out += v;
                    if (w->products[r->out[i].product].family == RF_FAM_SCRAP) swarf += v;
                }
                /* The loader's mass rule (no recipe puts out more of a group than it
                 * takes in) makes every loss line below non-negative. */
                assert(fac->stage == RF_STAGE_MINE || fac->stage == RF_STAGE_MAGNET ||
                       in - out >= -1e-9 * (in > 1.0 ? in : 1.0));
                int rc = 0, reg = fac->region;
                switch (fac->stage) {
                case RF_STAGE_MINE: rc = add(b, (rf_group)g, RF_BAL_MINED, NULL, out, reg); break;
                case RF_STAGE_SEPARATION:
                    rc = add(b, (rf_group)g, RF_BAL_SEPARATED, NULL, out, reg) ||
                         add(b, (rf_group)g, RF_BAL_SEP_LOSS, NULL, in - out, reg);
                    break;
                case RF_STAGE_METAL:
                    rc = add(b, (rf_group)g, RF_BAL_METAL_FEED, NULL, in, reg) ||
                         add(b, (rf_group)g, RF_BAL_METAL_LOSS, NULL, in - out, reg);
                    break;
                case RF_STAGE_MAGNET:
                    rc = add(b, (rf_group)g, RF_BAL_IN_MAGNETS, NULL, in, reg) ||
                         add(b, (rf_group)g, RF_BAL_SWARF, NULL, swarf, reg);
                    break;
                case RF_STAGE_RECYCLING:
                    rc = add(b, (rf_group)g, RF_BAL_RECYCLED, NULL, out, reg) ||
                         add(b, (rf_group)g, RF_BAL_RECYCLE_LOSS, NULL, in - out, reg);
                    break;
                default: break;
                }
                if (rc) return -1;
            }
        }
    }
    return 0;
}

/* Consumption by sector and disposal at the nodes. */
static int use_lines(bal *b, const rf_year_result *yr)
{
    const rf_world *w = b->w;
    for (int d = 0; d < w->ndemand; d++) {
        const rf_demand *dm = &w->demand[d];
        for (int g = 0; g < RF_GROUP_COUNT; g++)
            if (add(b, (rf_group)g, RF_BAL_CONSUMED, dm->sector,
                    yr->served_t[d] * cnt(b, dm->product)[g], dm->region))
                return -1;
    }
    /* What levers took from or put into the use pools (stocks, offtakes). */
    for (int i = 0; i < yr->nextra && yr->extra_t; i++) {
        if (yr->extra_t[i] <= 0.0) continue;
        for (int g = 0; g < RF_GROUP_COUNT; g++)
            if (add(b, (rf_group)g,
                    yr->extra_eol && yr->extra_eol[i] ? RF_BAL_EOL
                    : yr->extra_sign[i] > 0           ? RF_BAL_RELEASED
                                                      : RF_BAL_WITHDRAWN,
                    NULL,
                    yr->extra_t[i] * cnt(b, yr->extra_product[i])[g], yr->extra_region[i]))
                return -1;
    }
    /* Commercial stocks: what the year drew from them is an input, what it added an output. */
    for (int i = 0; i < yr->ninventory; i++) {
        double change = yr->inventory[i].t - yr->inventory[i].open_t;
        if (change == 0.0) continue;
        for (int g = 0; g < RF_GROUP_COUNT; g++)
            if (add(b, (rf_group)g, change < 0.0 ? RF_BAL_STOCK_DRAWN : RF_BAL_STOCK_BUILT, NULL,
                    fabs(change) * cnt(b, yr->inventory[i].product)[g], yr->inventory[i].region))
                return -1;
    }
    for (int i = 0; i < yr->ndisposal; i++)
        for (int g = 0; g < RF_GROUP_COUNT; g++)
            if (add(b, (rf_group)g, RF_BAL_DISPOSED, NULL,
                    yr->disposal[i].t * cnt(b, yr->disposal[i].product)[g], yr->disposal[i].region))
                return -1;
    return 0;
}

static void closure(rf_balance *o)
{
    for (int g = 0; g < RF_GROUP_COUNT; g++) o->inputs_t[g] = o->outputs_t[g] = 0.0;
    for (int i = 0; i < o->nlines; i++) {
        const rf_balance_line *l = &o->lines[i];
        switch (l->stage) {
        case RF_BAL_MINED:
        case RF_BAL_EOL:
        case RF_BAL_RELEASED:
        case RF_BAL_STOCK_DRAWN: o->inputs_t[l->group] += l->t; break;
        case RF_BAL_STOCK_BUILT:
        case RF_BAL_WITHDRAWN:
        case RF_BAL_SEP_LOSS:
        case RF_BAL_RECYCLE_LOSS:
        case RF_BAL_METAL_LOSS:
        case RF_BAL_CONSUMED:
        case RF_BAL_DISPOSED: o->outputs_t[l->group] += l->t; break;
        default: break;
        }
    }
    for (int g = 0; g < RF_GROUP_COUNT; g++) {
        double in = o->inputs_t[g];
        o->rel_error[g] = in > 0.0 ? fabs(in - o->outputs_t[g]) / in : fabs(o->outputs_t[g]);
    }
}

rf_status rf_analytics_balance(const rf_world *w, const rf_year_result *yr, rf_balance *out,
                               rf_err *err)
{
    memset(out, 0, sizeof *out);
    if (yr->status != RF_YEAR_OPTIMAL || !yr->activity)
        return rf_err_set(err, RF_ENOTOPT, NULL, 0, NULL, "year %d is %s: no balance to compute",
                          yr->year, rf_year_status_str(yr->status));
    bal b = {w, calloc((size_t)(w->nproducts + 1) * RF_GROUP_COUNT, sizeof(double)), out, 0,
             rf_world_region(w, "CN")};
    if (!b.content) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    fill_content(&b, yr);
    int rc = facility_lines(&b, yr) || use_lines(&b, yr);
    free(b.content);
    if (rc) {
        rf_balance_close(out);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    closure(out);
    return RF_OK;
}

void rf_balance_close(rf_balance *b)
{
    if (!b) return;
    free(b->lines);
    memset(b, 0, sizeof *b);
}
