/*
 * csv_out.c: the results as CSV tables, one file per table, every row keyed
 * by year.  The set is written into a staging folder next to the target and
 * moved into place only when every table is complete, so a failed run never
 * leaves a half-written table, nor a mix of tables from two runs.  Numbers
 * are printed in the C locale.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strutil.h"
#include "rareflow/output.h"

typedef void (*table_fn)(FILE *fp, const rf_results *res);

/* Numbers as written: no "-0" (a zero dual can come out negative zero). */
static double z(double v) { return v == 0.0 ? 0.0 : v; }

static void quoted(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"') fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

static void t_prices(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,region,product,usd_per_kg,export_usd_per_kg\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].nprices; i++) {
            const rf_price *p = &res->years[y].prices[i];
            fprintf(fp, "%d,%s,%s,%.10g,", res->years[y].year, w->regions[p->region].id,
                    rf_year_product_name(w, &res->years[y], p->product, p->variant), z(p->usd_per_kg));
            if (p->has_export) fprintf(fp, "%.10g", z(p->export_usd_per_kg));
            fputc('\n', fp);
        }
}

static void t_production(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,facility,region,stage,product,t\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].nproduction; i++) {
            const rf_output *o = &res->years[y].production[i];
            const rf_facility *f = &w->facilities[o->facility];
            fprintf(fp, "%d,%s,%s,%s,%s,%.10g\n", res->years[y].year, f->id, w->regions[f->region].id,
                    rf_stage_result_name(f->stage), w->products[o->product].id, o->t);
        }
}

static void t_trade(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,from,to,product,t\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].ntrade; i++) {
            const rf_trade_flow *t = &res->years[y].trade[i];
            fprintf(fp, "%d,%s,%s,%s,%.10g\n", res->years[y].year, w->regions[t->from].id,
                    w->regions[t->to].id, rf_year_product_name(w, &res->years[y], t->product, t->variant),
                    t->t);
        }
}

static void t_shares(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,stage,region,t,share\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].nshares; i++) {
            const rf_share *s = &res->years[y].shares[i];
            fprintf(fp, "%d,%s,%s,%.10g,%.10g\n", res->years[y].year, rf_stage_result_name(s->stage),
                    w->regions[s->region].id, s->t, s->share);
        }
}

static void t_hhi(FILE *fp, const rf_results *res)
{
    fprintf(fp, "year,stage,value,total_t\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].nhhi; i++)
            fprintf(fp, "%d,%s,%.10g,%.10g\n", res->years[y].year,
                    rf_stage_result_name(res->years[y].hhi[i].stage), res->years[y].hhi[i].value,
                    res->years[y].hhi[i].total_t);
}

static const char *elem_name(const rf_world *w, int e) { return e >= 0 ? w->elements[e].id : "REO"; }

static void t_elem_shares(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,stage,element,region,t,share\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].nelem_shares; i++) {
            const rf_elem_share *s = &res->years[y].elem_shares[i];
            fprintf(fp, "%d,%s,%s,%s,%.10g,%.10g\n", res->years[y].year, rf_stage_result_name(s->stage),
                    elem_name(w, s->element), w->regions[s->region].id, s->t, s->share);
        }
}

static void t_elem_hhi(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,stage,element,value,total_t\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].nelem_hhi; i++) {
            const rf_elem_hhi *h = &res->years[y].elem_hhi[i];
            fprintf(fp, "%d,%s,%s,%.10g,%.10g\n", res->years[y].year, rf_stage_result_name(h->stage),
                    elem_name(w, h->element), h->value, h->total_t);
        }
}

static void t_top3(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,stage,element,share\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].ntop3; i++) {
            const rf_top3 *t = &res->years[y].top3[i];
            fprintf(fp, "%d,%s,%s,%.10g\n", res->years[y].year, rf_stage_result_name(t->stage),
                    elem_name(w, t->element), t->share);
        }
}

static void t_reliance(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,region,product,production_t,imports_t,exports_t,stock_drawdown_t,consumption_t,share\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].nimport_reliance; i++) {
            const rf_import_reliance *r = &res->years[y].import_reliance[i];
            fprintf(fp, "%d,%s,%s,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g\n", res->years[y].year,
                    w->regions[r->region].id, w->products[r->product].id, z(r->production_t), z(r->imports_t),
                    z(r->exports_t), z(r->stock_drawdown_t), z(r->consumption_t), z(r->share));
        }
}

static void t_supply_risk(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,element,region,stage,hhi_wgi,ir,eol_rir,si,value\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].nsupply_risk; i++) {
            const rf_supply_risk *r = &res->years[y].supply_risk[i];
            fprintf(fp, "%d,%s,%s,%s,%.10g,%.10g,%.10g,%.10g,%.10g\n", res->years[y].year,
                    elem_name(w, r->element), w->regions[r->region].id, rf_stage_result_name(r->stage),
                    z(r->hhi_wgi), z(r->ir), z(r->eol_rir), z(r->si), z(r->value));
        }
}

static void unserved(FILE *fp, const rf_results *res, int shortage)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,region,sector,product,ref_t,served_t,t,share\n");
    for (int y = 0; y < res->nyears; y++) {
        const rf_year_result *yr = &res->years[y];
        if (yr->status != RF_YEAR_OPTIMAL) continue;
        for (int d = 0; d < w->ndemand; d++) {
            double t = shortage ? yr->shortage_t[d] : yr->response_t[d];
            fprintf(fp, "%d,%s,", yr->year, w->regions[w->demand[d].region].id);
            quoted(fp, w->demand[d].sector);
            fprintf(fp, ",%s,%.10g,%.10g,%.10g,%.10g\n", w->products[w->demand[d].product].id,
                    yr->ref_t[d], yr->served_t[d], t, yr->ref_t[d] > 0 ? t / yr->ref_t[d] : 0.0);
        }
    }
}

static void t_shortage(FILE *fp, const rf_results *res) { unserved(fp, res, 1); }
static void t_response(FILE *fp, const rf_results *res) { unserved(fp, res, 0); }

/* ---- the tables of the years ---- */

static void t_capacity(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,stage,region,t\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].ncapacity; i++) {
            const rf_capacity *c = &res->years[y].capacity[i];
            fprintf(fp, "%d,%s,%s,%.10g\n", res->years[y].year, rf_stage_name(c->stage), w->regions[c->region].id, c->t);
        }
}

static void t_projects(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,id,operator,region,stage,status,decided,arrives,npv_usd,capex_usd,generic,blocks,capacity_t\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].nprojects; i++) {
            const rf_project_row *r = &res->years[y].projects[i];
            const rf_project *p = &w->projects[r->project];
            const rf_facility *f = &w->facilities[p->facility];
            fprintf(fp, "%d,%s,", res->years[y].year, f->id);
            quoted(fp, f->operator_name ? f->operator_name : "");
            fprintf(fp, ",%s,%s,%s,", w->regions[f->region].id, rf_stage_name(f->stage), rf_project_stage_name(r->status));
            if (r->decided) fprintf(fp, "%d", r->decided);
            fputc(',', fp);
            if (r->arrives) fprintf(fp, "%d", r->arrives);
            fputc(',', fp);
            if (isfinite(r->npv_usd)) fprintf(fp, "%.10g", z(r->npv_usd));
            fprintf(fp, ",%.10g,%d,%d,%.10g\n", r->capex_usd, p->generic, r->blocks, r->capacity_t);
        }
}

static void t_capex(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,region,stage,usd\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].ncapex; i++) {
            const rf_capex *c = &res->years[y].capex[i];
            fprintf(fp, "%d,%s,%s,%.10g\n", res->years[y].year, w->regions[c->region].id, rf_stage_name(c->stage), c->usd);
        }
}

/* What each lever cost each government in the year (LP levers and the
 * support of the projects decided): positive when the government pays. */
static void t_govcost(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,region,policy,usd\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].ngovernment_cost; i++) {
            const rf_gov_cost *g = &res->years[y].government_cost[i];
            fprintf(fp, "%d,%s,", res->years[y].year, w->regions[g->region].id);
            quoted(fp, g->policy);
            fprintf(fp, ",%.10g\n", z(g->usd));
        }
}

/* The rent of each export quota or licence in force, USD per kg of its basis. */
static void t_rent(FILE *fp, const rf_results *res)
{
    fprintf(fp, "year,policy,usd_per_kg\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].nquota_rent; i++) {
            const rf_quota_rent *q = &res->years[y].quota_rent[i];
            fprintf(fp, "%d,", res->years[y].year);
            quoted(fp, q->policy);
            fprintf(fp, ",%.10g\n", z(q->usd_per_kg));
        }
}

static void inventory_rows(FILE *fp, const rf_world *w, const rf_year_result *yr, int year)
{
    char label[32];
    rf_year_period_label(yr, label, sizeof label);
    for (int i = 0; i < yr->ninventory; i++) {
        const rf_inventory *v = &yr->inventory[i];
        fprintf(fp, "%d,%s,%s,%s,%.10g,%.10g\n", year, label, w->regions[v->region].id,
                w->products[v->product].id, z(v->open_t), z(v->t));
    }
}

/* Commercial stocks at the year's start and end, then at each period's. */
static void t_inventory(FILE *fp, const rf_results *res)
{
    fprintf(fp, "year,period,region,product,open_t,t\n");
    for (int y = 0; y < res->nyears; y++) {
        const rf_year_result *yr = &res->years[y];
        inventory_rows(fp, res->world, yr, yr->year);
        for (int k = 0; k < yr->nperiods; k++) inventory_rows(fp, res->world, &yr->periods[k], yr->year);
    }
}

static void stage_flow_rows(FILE *fp, const rf_world *w, const rf_year_result *yr, int year)
{
    char label[32];
    rf_year_period_label(yr, label, sizeof label);
    for (int i = 0; i < yr->nstage_flows; i++) {
        const rf_stage_flow *f = &yr->stage_flows[i];
        fprintf(fp, "%d,%s,%s,%s,%s,%s,%s,", year, label, rf_flow_stage_name(f->from_stage),
                f->from_region >= 0 ? w->regions[f->from_region].id : "stock", rf_flow_stage_name(f->to_stage),
                w->regions[f->to_region].id, w->products[f->product].id);
        quoted(fp, f->sector ? f->sector : "");
        fprintf(fp, ",%.10g\n", z(f->t));
    }
}

/* The Sankey's links of each year, then of each of its periods. */
static void t_stage_flows(FILE *fp, const rf_results *res)
{
    fprintf(fp, "year,period,from_stage,from_region,to_stage,to_region,product,sector,t\n");
    for (int y = 0; y < res->nyears; y++) {
        const rf_year_result *yr = &res->years[y];
        stage_flow_rows(fp, res->world, yr, yr->year);
        for (int k = 0; k < yr->nperiods; k++) stage_flow_rows(fp, res->world, &yr->periods[k], yr->year);
    }
}

static void t_contracts(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,facility,gap_usd_per_kg,breach_t\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].ncontracts; i++) {
            const rf_contract_row *c = &res->years[y].contracts[i];
            fprintf(fp, "%d,%s,%.10g,%.10g\n", res->years[y].year, w->facilities[c->facility].id,
                    z(c->gap_usd_per_kg), z(c->breach_t));
        }
}

static void t_consumption(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,region,direct_t,embedded_in_t,embedded_out_t,final_t\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].nconsumption; i++) {
            const rf_consumption *c = &res->years[y].consumption[i];
            if (!(c->direct_t > 0.0 || c->embedded_in_t > 0.0)) continue;
            fprintf(fp, "%d,%s,%.10g,%.10g,%.10g,%.10g\n", res->years[y].year, w->regions[c->region].id,
                    z(c->direct_t), z(c->embedded_in_t), z(c->embedded_out_t),
                    z(c->direct_t + c->embedded_in_t - c->embedded_out_t));
        }
}

static void t_inuse(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,region,sector,t\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].nin_use; i++) {
            const rf_inuse *u = &res->years[y].in_use[i];
            fprintf(fp, "%d,%s,", res->years[y].year, w->regions[u->region].id);
            quoted(fp, u->sector);
            fprintf(fp, ",%.10g\n", u->t);
        }
}

static void t_eol(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,region,product,t\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].neol_scrap; i++) {
            const rf_eol *e = &res->years[y].eol_scrap[i];
            fprintf(fp, "%d,%s,%s,%.10g\n", res->years[y].year, w->regions[e->region].id, w->products[e->product].id, e->t);
        }
}

static void t_recycled(FILE *fp, const rf_results *res)
{
    const rf_world *w = res->world;
    fprintf(fp, "year,region,product,t\n");
    for (int y = 0; y < res->nyears; y++)
        for (int i = 0; i < res->years[y].nrecycled; i++) {
            const rf_recycled *r = &res->years[y].recycled[i];
            fprintf(fp, "%d,%s,%s,%.10g\n", res->years[y].year, w->regions[r->region].id, w->products[r->product].id, r->t);
        }
}

static void t_years(FILE *fp, const rf_results *res)
{
    fprintf(fp, "year,status,converged,objective_kusd,iterations,simplex_iterations,lp_rows,lp_cols,lp_nonzeros\n");
    for (int y = 0; y < res->nyears; y++) {
        const rf_year_result *yr = &res->years[y];
        fprintf(fp, "%d,%s,%d,", yr->year, rf_year_status_str(yr->status), yr->converged);
        if (yr->status == RF_YEAR_OPTIMAL) fprintf(fp, "%.12g", yr->objective);
        fprintf(fp, ",%d,%d,%d,%d,%ld\n", yr->iterations, yr->simplex_iterations, yr->lp_rows,
                yr->lp_cols, yr->lp_nonzeros);
    }
}

static rf_status write_one(const char *dir, const char *name, table_fn fn, const rf_results *res,
                           rf_err *err)
{
    char ebuf[128];
    char *path = rf__path_join(dir, name);
    if (!path) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    rf_status st = RF_OK;
    FILE *fp = fopen(path, "w");
    if (!fp) {
        st = rf_err_set(err, RF_EIO, path, 0, NULL, "cannot create: %s", rf__strerror(errno, ebuf, sizeof ebuf));
    } else {
        rf__cloc loc;
        rf__cloc_enter(&loc);
        fn(fp, res);
        rf__cloc_leave(&loc);
        int bad = ferror(fp);
        if (fclose(fp) != 0 || bad) st = rf_err_set(err, RF_EIO, path, 0, NULL, "write failed");
    }
    free(path);
    return st;
}

rf_status rf_io_make_dirs(const char *dir, rf_err *err)
{
    char ebuf[128];
    if (!dir || !*dir) return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "an empty folder name");
    char *path = rf__strdup(dir);
    if (!path) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    /* mkdir -p: create each prefix that ends at a '/', then the whole path. */
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0') continue;
        char c = *p;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            rf_status st = rf_err_set(err, RF_EIO, path, 0, NULL, "cannot create the folder: %s",
                                      rf__strerror(errno, ebuf, sizeof ebuf));
            free(path);
            return st;
        }
        *p = c;
        if (c == '\0') break;
    }
    free(path);
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return rf_err_set(err, RF_EIO, dir, 0, NULL, "exists and is not a folder");
    return RF_OK;
}

rf_status rf_output_check_dir(const char *dir, rf_err *err)
{
    if (!dir || !*dir) return rf_err_set(err, RF_EINVAL, NULL, 0, "--out", "an empty folder name");
    struct stat sb;
    if (stat(dir, &sb) == 0) {
        if (!S_ISDIR(sb.st_mode)) return rf_err_set(err, RF_EINVAL, dir, 0, NULL, "exists and is not a folder");
        if (access(dir, W_OK | X_OK) != 0)
            return rf_err_set(err, RF_EINVAL, dir, 0, NULL, "the folder cannot be written");
        return RF_OK;
    }
    /* Not there yet: the nearest folder that exists above it must be writable. */
    char *p = rf__strdup(dir);
    if (!p) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    rf_status st = RF_OK;
    for (;;) {
        char *up = rf__dirname(p);
        if (!up) {
            st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
            break;
        }
        int same = strcmp(up, p) == 0;
        free(p);
        p = up;
        if (stat(p, &sb) == 0) {
            if (!S_ISDIR(sb.st_mode))
                st = rf_err_set(err, RF_EINVAL, dir, 0, NULL, "`%s` is not a folder", p);
            else if (access(p, W_OK | X_OK) != 0)
                st = rf_err_set(err, RF_EINVAL, dir, 0, NULL, "cannot be created: `%s` is not writable", p);
            break;
        }
        if (same) break;
    }
    free(p);
    return st;
}

/* Remove the staging folder and the tables in it (never anything else). */
static void discard_staging(const char *stage, size_t ntables, const char *const *names)
{
    for (size_t i = 0; i < ntables; i++) {
        char *path = rf__path_join(stage, names[i]);
        if (path) remove(path);
        free(path);
    }
    rmdir(stage);
}

/* A staging folder next to `dir`: "PARENT/.BASE.rareflow-XXXXXX", on the same
 * file system as `dir`, so that renaming out of it is atomic.  Owned. */
static char *make_staging(const char *dir, rf_err *err)
{
    char ebuf[128];
    char *parent = rf__dirname(dir);
    const char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : dir;
    size_t n = (parent ? strlen(parent) : 0) + strlen(base) + 32;
    char *tmpl = parent ? malloc(n) : NULL;
    if (!tmpl) {
        free(parent);
        rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        return NULL;
    }
    snprintf(tmpl, n, "%s/.%s.rareflow-XXXXXX", parent, base);
    rf_status st = rf_io_make_dirs(parent, err);
    free(parent);
    if (st == RF_OK && !mkdtemp(tmpl)) {
        rf_err_set(err, RF_EIO, tmpl, 0, NULL, "cannot create a staging folder: %s",
                   rf__strerror(errno, ebuf, sizeof ebuf));
        st = RF_EIO;
    }
    if (st != RF_OK) {
        free(tmpl);
        return NULL;
    }
    return tmpl;
}

rf_status rf_csv_write_results(const rf_results *res, const char *dir, rf_err *err)
{
    static const struct {
        const char *name;
        table_fn fn;
    } tables[] = {{"years.csv", t_years},       {"prices.csv", t_prices},
                  {"production.csv", t_production}, {"trade.csv", t_trade},
                  {"shares.csv", t_shares},     {"hhi.csv", t_hhi},
                  {"shares_by_element.csv", t_elem_shares}, {"hhi_by_element.csv", t_elem_hhi},
                  {"top3.csv", t_top3},         {"import_reliance.csv", t_reliance},
                  {"supply_risk.csv", t_supply_risk},
                  {"shortage.csv", t_shortage}, {"demand_response.csv", t_response},
                  {"capacity.csv", t_capacity}, {"projects.csv", t_projects},
                  {"capex.csv", t_capex},       {"in_use_stock.csv", t_inuse},
                  {"eol_scrap.csv", t_eol},     {"recycled.csv", t_recycled},
                  {"government_cost.csv", t_govcost}, {"quota_rent.csv", t_rent},
                  {"inventory.csv", t_inventory}, {"contracts.csv", t_contracts},
                  {"magnet_consumption.csv", t_consumption}, {"stage_flows.csv", t_stage_flows}};
    enum { NT = sizeof tables / sizeof tables[0] };
    const char *names[NT];
    for (size_t i = 0; i < NT; i++) names[i] = tables[i].name;
    char ebuf[128];
    rf_status st = rf_output_check_dir(dir, err);
    if (st != RF_OK) return st;
    /* Every table is written into the staging folder first; only when all of
     * them are complete does anything reach `dir`. */
    char *stage = make_staging(dir, err);
    if (!stage) return err ? err->code : RF_EIO;
    for (size_t i = 0; st == RF_OK && i < NT; i++) st = write_one(stage, tables[i].name, tables[i].fn, res, err);
    struct stat sb;
    if (st == RF_OK && stat(dir, &sb) != 0) {
        /* A new folder: the whole set appears at once. */
        if (rename(stage, dir) != 0)
            st = rf_err_set(err, RF_EIO, dir, 0, NULL, "cannot move the tables into place: %s",
                            rf__strerror(errno, ebuf, sizeof ebuf));
        else {
            free(stage);
            return RF_OK;
        }
    } else if (st == RF_OK) {
        /* An existing folder: each table replaces its namesake by rename, on the
         * same file system, after every table was written. */
        for (size_t i = 0; st == RF_OK && i < NT; i++) {
            char *from = rf__path_join(stage, tables[i].name), *to = rf__path_join(dir, tables[i].name);
            if (!from || !to) st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
            else if (rename(from, to) != 0)
                st = rf_err_set(err, RF_EIO, to, 0, NULL, "cannot move into place: %s",
                                rf__strerror(errno, ebuf, sizeof ebuf));
            free(from);
            free(to);
        }
    }
    discard_staging(stage, NT, names);
    free(stage);
    return st;
}

/* ---------- files written under temporary names, moved into place together ---------- */

void rf_staged_init(rf_staged *s)
{
    memset(s, 0, sizeof *s);
}

const char *rf_staged_add(rf_staged *s, const char *final_path, rf_err *err)
{
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 8;
        char **t = realloc(s->tmp, (size_t)cap * sizeof *t);
        if (t) s->tmp = t;
        char **f = realloc(s->final, (size_t)cap * sizeof *f);
        if (f) s->final = f;
        if (!t || !f) {
            rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
            return NULL;
        }
        s->cap = cap;
    }
    size_t n = strlen(final_path) + 32;
    char *tmp = malloc(n), *fin = rf__strdup(final_path);
    if (!tmp || !fin) {
        free(tmp);
        free(fin);
        rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
        return NULL;
    }
    snprintf(tmp, n, "%s.partial-%ld", final_path, (long)getpid());
    s->tmp[s->n] = tmp;
    s->final[s->n] = fin;
    s->n++;
    return tmp;
}

rf_status rf_staged_commit(rf_staged *s, rf_err *err)
{
    char ebuf[128];
    rf_status st = RF_OK;
    struct stat sb;
    for (int i = 0; st == RF_OK && i < s->n; i++)
        /* A year with no final LP (infeasible before it, not converged) wrote no file. */
        if (stat(s->tmp[i], &sb) == 0 && rename(s->tmp[i], s->final[i]) != 0)
            st = rf_err_set(err, RF_EIO, s->final[i], 0, NULL, "cannot move into place: %s",
                            rf__strerror(errno, ebuf, sizeof ebuf));
    rf_staged_discard(s);
    return st;
}

void rf_staged_discard(rf_staged *s)
{
    for (int i = 0; i < s->n; i++) {
        remove(s->tmp[i]); /* already renamed after a commit: nothing to remove */
        free(s->tmp[i]);
        free(s->final[i]);
    }
    free(s->tmp);
    free(s->final);
    memset(s, 0, sizeof *s);
}
