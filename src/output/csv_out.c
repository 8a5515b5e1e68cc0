/*
 * csv_out.c: the results as CSV tables, one file per table, every row keyed
 * by year.  Each file is written under a temporary name and renamed into
 * place only when complete, so a failed run never leaves a half-written
 * table that looks whole.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    char *path = rf__path_join(dir, name);
    size_t n = path ? strlen(path) + 8 : 0;
    char *tmp = path ? malloc(n) : NULL;
    if (!tmp) {
        free(path);
        return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    }
    snprintf(tmp, n, "%s.tmp", path);
    rf_status st = RF_OK;
    FILE *fp = fopen(tmp, "w");
    if (!fp) {
        st = rf_err_set(err, RF_EIO, tmp, 0, NULL, "cannot create: %s", strerror(errno));
    } else {
        fn(fp, res);
        int bad = ferror(fp);
        if (fclose(fp) != 0 || bad) {
            st = rf_err_set(err, RF_EIO, tmp, 0, NULL, "write failed");
            remove(tmp);
        } else if (rename(tmp, path) != 0) {
            st = rf_err_set(err, RF_EIO, path, 0, NULL, "cannot rename into place: %s",
                            strerror(errno));
            remove(tmp);
        }
    }
    free(tmp);
    free(path);
    return st;
}

rf_status rf_io_make_dirs(const char *dir, rf_err *err)
{
    char *path = rf__strdup(dir);
    if (!path) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    /* mkdir -p: create each prefix that ends at a '/', then the whole path. */
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0') continue;
        char c = *p;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            rf_status st = rf_err_set(err, RF_EIO, path, 0, NULL, "cannot create the folder: %s",
                                      strerror(errno));
            free(path);
            return st;
        }
        *p = c;
        if (c == '\0') break;
    }
    free(path);
    return RF_OK;
}

rf_status rf_csv_write_results(const rf_results *res, const char *dir, rf_err *err)
{
    static const struct {
        const char *name;
        table_fn fn;
    } tables[] = {{"years.csv", t_years},       {"prices.csv", t_prices},
                  {"production.csv", t_production}, {"trade.csv", t_trade},
                  {"shares.csv", t_shares},     {"hhi.csv", t_hhi},
                  {"shortage.csv", t_shortage}, {"demand_response.csv", t_response}};
    rf_status made = rf_io_make_dirs(dir, err);
    if (made != RF_OK) return made;
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        rf_status st = write_one(dir, tables[i].name, tables[i].fn, res, err);
        if (st != RF_OK) return st;
    }
    return RF_OK;
}
