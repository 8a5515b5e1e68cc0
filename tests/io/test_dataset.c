/*
 * test_dataset.c: the dataset reader on the toy world, and every bad-input
 * rule of docs/data-format.md on a mutated copy of it (file:line: field).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rareflow/limits.h"

#include "rareflow/io.h"
#include "rf_test.h"

#define TOY RF_TEST_DATA_DIR "/toy"

static const char *const toy_files[] = {"regions.csv", "elements.csv", "baskets.csv",
                                        "products.csv", "recipes.csv", "facilities.csv",
                                        "demand.csv", "trade.csv", NULL};

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, fp);
    s[got] = '\0';
    fclose(fp);
    return s;
}

static void spit(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* Copy the toy into a fresh temp folder; in `file`, replace `from` by `to`
 * (first occurrence) or, when from is NULL, append `to`. */
static void mutated_toy(char *dir, const char *file, const char *from, const char *to)
{
    strcpy(dir, "/tmp/rf_ds_XXXXXX");
    assert_non_null(mkdtemp(dir));
    for (int i = 0; toy_files[i]; i++) {
        char src[512], dst[512];
        snprintf(src, sizeof src, "%s/%s", TOY, toy_files[i]);
        snprintf(dst, sizeof dst, "%s/%s", dir, toy_files[i]);
        char *text = slurp(src);
        assert_non_null(text);
        if (strcmp(toy_files[i], file) == 0) {
            size_t n = strlen(text) + strlen(to) + 1;
            char *out = malloc(n);
            if (!from) {
                snprintf(out, n, "%s%s", text, to);
            } else {
                char *at = strstr(text, from);
                assert_non_null(at);
                *at = '\0';
                snprintf(out, n, "%s%s%s", text, to, at + strlen(from));
            }
            spit(dst, out);
            free(out);
        } else {
            spit(dst, text);
        }
        free(text);
    }
    /* A table the toy does not have (parameters.csv) is written whole. */
    int listed = 0;
    for (int i = 0; toy_files[i]; i++) listed |= strcmp(toy_files[i], file) == 0;
    if (!listed && !from) {
        char dst[512];
        snprintf(dst, sizeof dst, "%s/%s", dir, file);
        spit(dst, to);
    }
}

static void remove_dir(const char *dir)
{
    char extra[512];
    snprintf(extra, sizeof extra, "%s/parameters.csv", dir);
    remove(extra);
    for (int i = 0; toy_files[i]; i++) {
        char p[512];
        snprintf(p, sizeof p, "%s/%s", dir, toy_files[i]);
        remove(p);
    }
    rmdir(dir);
}

/* Load a mutated toy and expect the error `code` at file:line: field. */
static void expect_error(const char *file, const char *from, const char *to, rf_status code,
                         int line, const char *field, const char *msg_part)
{
    char dir[64];
    rf_world *w = NULL;
    rf_err err;
    rf_err_clear(&err);
    mutated_toy(dir, file, from, to);
    rf_status st = rf_dataset_load(dir, &w, &err);
    char buf[1024];
    rf_err_format(&err, buf, sizeof buf);
    if (st != code || err.line != line || strcmp(err.field, field) != 0 ||
        !strstr(err.msg, msg_part) || !strstr(err.file, file))
        fail_msg("%s: want code %d line %d field %s msg ~%s; got %d: %s", file, (int)code, line,
                 field, msg_part, (int)st, buf);
    assert_null(w);
    remove_dir(dir);
}

static void test_toy_loads(void **state)
{
    (void)state;
    rf_world *w = NULL;
    rf_err err;
    rf_err_clear(&err);
    assert_int_equal(rf_dataset_load(TOY, &w, &err), RF_OK);
    assert_int_equal(w->nregions, 4);
    assert_int_equal(w->nelements, 10);
    assert_int_equal(w->nores, 2);
    assert_int_equal(w->nfacilities, 9);
    assert_int_equal(w->ndemand, 6);
    /* sep-bast expands to the bastnaesite basket x 0.95: La 0.285, Ce 0.475,
     * NdPr (Pr 5 + Nd 15) 0.19. */
    const rf_recipe *r = NULL;
    for (int i = 0; i < w->nrecipes; i++)
        if (strcmp(w->recipes[i].id, "sep-bast") == 0) r = &w->recipes[i];
    assert_non_null(r);
    assert_int_equal(r->nin, 1);
    assert_int_equal(r->nout, 3);
    int ndpr = rf_world_product(w, "oxide:NdPr");
    double q = 0;
    for (int i = 0; i < r->nout; i++)
        if (r->out[i].product == ndpr) q = r->out[i].qty;
    RF_ASSERT_NEAR(q, 0.19, 1e-12, 0);
    /* Trade rules: the most specific matching rule wins; no arc to itself. */
    double c = 0;
    assert_true(rf_world_arc_cost(w, 0, 1, rf_world_product(w, "magnet:NdFeB"), &c));
    RF_ASSERT_NEAR(c, 2.0, 0, 0);
    assert_false(rf_world_arc_cost(w, 1, 1, ndpr, &c));
    assert_false(rf_world_arc_cost(w, 0, 1, rf_world_product(w, "scrap"), &c));
    rf_world_free(w);
}

static void test_tranches_and_steps(void **state)
{
    (void)state;
    rf_world *w = NULL;
    assert_int_equal(rf_dataset_load(TOY, &w, NULL), RF_OK);
    double size[RF_MAX_TRANCHES], cost[RF_MAX_TRANCHES];
    int n = rf_world_tranches(w, 0, 1.0, size, cost);
    assert_int_equal(n, 1);
    RF_ASSERT_NEAR(size[0], 1000, 0, 1e-12);
    /* The default rule on the same facility: 70/20/10 moved by 1.3%. */
    w->facilities[0].ntranches = 0;
    n = rf_world_tranches(w, 0, 0.5, size, cost);
    assert_int_equal(n, 3);
    RF_ASSERT_NEAR(size[0], 500 * 0.713, 1e-9, 0);
    RF_ASSERT_NEAR(size[1], 500 * 0.187, 1e-9, 0);
    RF_ASSERT_NEAR(size[2], 50, 1e-9, 0);
    RF_ASSERT_NEAR(cost[2], 2 * 1.35, 1e-12, 0);
    /* CN ev std magnets: q0 600, p0 40, e -0.5: P = 40 (3 - 2 q / 600). */
    double wd[RF_MAX_DEMAND_STEPS], wtp[RF_MAX_DEMAND_STEPS], end[RF_MAX_DEMAND_STEPS];
    n = rf_world_demand_steps(w, 0, 1.0, wd, wtp, end);
    assert_int_equal(n, 20); /* the step [1.5, 2] q0 is worth nothing */
    RF_ASSERT_NEAR(wtp[0], 108, 1e-9, 0); /* midpoint 0.15 q0: 40 (1 + 0.85 / 0.5) */
    RF_ASSERT_NEAR(wtp[6], 40 * (3 - 2 * 0.96), 1e-9, 0); /* [0.95, 0.97] */
    RF_ASSERT_NEAR(wtp[10], 40 * (3 - 2 * 0.9975), 1e-9, 0); /* [0.995, 1] */
    RF_ASSERT_NEAR(end[10], 600, 1e-9, 0);          /* a breakpoint exactly at q0 */
    RF_ASSERT_NEAR(end[8], 594, 1e-9, 0);           /* and one at 0.99 q0 */
    RF_ASSERT_NEAR(wd[11], 3, 1e-9, 0);             /* [1, 1.005] q0: 3 t */
    RF_ASSERT_NEAR(wtp[19], 40 * (3 - 2 * 1.4), 1e-9, 0);
    rf_world_free(w);
}

static void test_bad_input(void **state)
{
    (void)state;
    /* Duplicate facility id: the last row again, on line 11. */
    expect_error("facilities.csv", NULL,
                 "jp-magnet,JP magnets,magnet,JP,JP Magnet,operating,,,100,11.5,mag-std,1@1,x\n",
                 RF_EINVAL, 11, "id", "duplicate facility");
    expect_error("facilities.csv", "cn-mine,CN bastnaesite mine,mine,CN", "cn-mine,CN mine,mine,XX",
                 RF_EINVAL, 2, "region", "unknown region `XX`");
    expect_error("facilities.csv", ",,,1000,2,", ",,,-1000,2,", RF_EINVAL, 2, "capacity_t",
                 "negative");
    expect_error("facilities.csv", "mine-bast,1@1,", "mine-nope,1@1,", RF_EINVAL, 2, "recipes",
                 "unknown recipe");
    expect_error("facilities.csv", "1@1,toy", "0.5@1;0.4@1.2,toy", RF_EINVAL, 2, "tranches",
                 "sum to");
    expect_error("baskets.csv", "bastnaesite,Nd,15,", "bastnaesite,Nd,14,", RF_EINVAL, 2, "pct",
                 "sums to 99");
    expect_error("baskets.csv", "clay,Y,49,", "clay,Q,49,", RF_EINVAL, 12, "element",
                 "unknown element");
    expect_error("demand.csv", "CN,catalysts,oxide:Ce,", "CN,catalysts,oxide:Cx,", RF_EINVAL, 7,
                 "product", "unknown product");
    expect_error("demand.csv", "US,defense,magnet:NdFeB-hc,20,60,-0.2,600,",
                 "US,defense,magnet:NdFeB-hc,20,60,0.2,600,", RF_EINVAL, 5, "elasticity",
                 "above the maximum");
    expect_error("demand.csv", NULL, "CN,ev_traction,magnet:NdFeB,1,1,-1,2,\"dup\"\n", RF_EINVAL,
                 8, "sector", "duplicate demand");
    expect_error("regions.csv", "JP,Japan,toy: invented for a hand-solved test world (see README.md)",
                 "JP,Japan,", RF_EINVAL, 4, "source", "missing source");
    expect_error("products.csv", "scrap,scrap,t REO-eq,1,,,0,", "scrap,junk,t REO-eq,1,,,0,",
                 RF_EINVAL, 20, "family", "unknown family");
    expect_error("trade.csv", "*,*,metal:*,1.0,", "*,*,metal:*,abc,", RF_EINVAL, 4,
                 "cost_usd_per_kg", "not a number");
    expect_error("recipes.csv", "sep-clay,separate,concentrate:clay,0.95,",
                 "sep-clay,separate,concentrate:clay,1.5,", RF_EINVAL, 5, "qty", "recovery");
    expect_error("recipes.csv", "recipe,role,product,qty,source", "recipe,role,product,amount,source",
                 RF_EPARSE, 1, "qty", "missing column");
    expect_error("facilities.csv", "cn-mine,CN bastnaesite mine,mine,CN,CN Mining,operating,,,1000",
                 "cn-mine,\"CN mine, unterminated,mine,CN,CN Mining,operating,,,1000", RF_EPARSE, 2,
                 "", "unterminated");
}

/* Issue 8: bad numbers, mass that would be created, bytes that are not text. */
static void test_robust_input(void **state)
{
    (void)state;
    /* The mass rule: NdPr metal out of oxide at 1.6 t per t holds 1.87 t REO-eq per t in. */
    expect_error("recipes.csv", "met-ndpr,out,metal:NdPr,0.8,", "met-ndpr,out,metal:NdPr,1.6,", RF_EINVAL, 6,
                 "qty", "no recipe may create mass");
    /* Each capacity that is not a positive finite number of tonnes. */
    expect_error("facilities.csv", ",,,1000,2,", ",,,0,2,", RF_EINVAL, 2, "capacity_t", "must be positive");
    expect_error("facilities.csv", ",,,1000,2,", ",,,nan,2,", RF_EINVAL, 2, "capacity_t", "not a number");
    expect_error("facilities.csv", ",,,1000,2,", ",,,inf,2,", RF_EINVAL, 2, "capacity_t", "not a number");
    expect_error("facilities.csv", ",,,1000,2,", ",,,1e308,2,", RF_EINVAL, 2, "capacity_t", "above the maximum");
    expect_error("facilities.csv", "1@1,toy", "1@1e25,toy", RF_EINVAL, 2, "tranches", "RF_MAX_COST_FACTOR");
    expect_error("facilities.csv", ",,,1000,2,", ",1990,1980,1000,2,", RF_EINVAL, 2, "end_year", "before start");
    expect_error("facilities.csv", ",,,1000,2,", ",2150,,1000,2,", RF_EINVAL, 2, "start_year", "within 1800..2100");
    /* Only a mine makes material from nothing. */
    expect_error("facilities.csv", "cn-sep,CN separation,separation,CN,CN Sep,operating,,,5000,3,sep-bast;sep-clay",
                 "cn-sep,CN separation,separation,CN,CN Sep,operating,,,5000,3,mine-bast", RF_EINVAL, 5, "recipes",
                 "only a mine");
    /* Ids: not UTF-8, a control character, longer than RF_MAX_ID_BYTES. */
    expect_error("regions.csv", "AU,Australia", "A\xff,Australia", RF_EPARSE, 5, "", "not valid UTF-8");
    expect_error("regions.csv", "AU,Australia", "A\xc0\xafU,Australia", RF_EPARSE, 5, "", "not valid UTF-8");
    expect_error("regions.csv", "AU,Australia", "A\x01U,Australia", RF_EINVAL, 5, "id", "not a valid id");
    expect_error("regions.csv", "AU,Australia",
                 "AUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAUAU,Australia", RF_EINVAL, 5, "id",
                 "not a valid id");
    /* Linear-time duplicate checks still name the first line. */
    expect_error("baskets.csv", NULL, "clay,Dy,1,dup\n", RF_EINVAL, 13, "element", "first at line 11");
    expect_error("demand.csv", NULL, "US,wind,magnet:NdFeB,1,1,-1,2,dup\n", RF_EINVAL, 8, "sector",
                 "first at line 3");
}

/* A table with a NUL byte: refused at its line, never cut short. */
static void test_nul_byte(void **state)
{
    (void)state;
    char dir[64];
    mutated_toy(dir, "regions.csv", NULL, "");
    char path[128];
    snprintf(path, sizeof path, "%s/regions.csv", dir);
    FILE *fp = fopen(path, "ab");
    assert_non_null(fp);
    fwrite("ZZ,Zed\0land,x\n", 1, 15, fp);
    fclose(fp);
    rf_world *w = NULL;
    rf_err err;
    assert_int_equal(rf_dataset_load(dir, &w, &err), RF_EPARSE);
    assert_int_equal(err.line, 6);
    assert_non_null(strstr(err.msg, "NUL"));
    assert_null(w);
    remove_dir(dir);
}

/* CRLF line ends and a UTF-8 byte-order mark: the same world as the plain toy. */
static void test_crlf_and_bom(void **state)
{
    (void)state;
    char dir[64];
    strcpy(dir, "/tmp/rf_ds_XXXXXX");
    assert_non_null(mkdtemp(dir));
    for (int i = 0; toy_files[i]; i++) {
        char src[512], dst[512];
        snprintf(src, sizeof src, "%s/%s", TOY, toy_files[i]);
        snprintf(dst, sizeof dst, "%s/%s", dir, toy_files[i]);
        char *text = slurp(src);
        FILE *fp = fopen(dst, "wb");
        fputs("\xEF\xBB\xBF", fp);
        for (char *c = text; *c; c++) {
            if (*c == '\n') fputc('\r', fp);
            fputc(*c, fp);
        }
        fclose(fp);
        free(text);
    }
    rf_world *a = NULL, *b = NULL;
    rf_err err;
    assert_int_equal(rf_dataset_load(TOY, &a, &err), RF_OK);
    if (rf_dataset_load(dir, &b, &err) != RF_OK) fail_msg("%s:%d: %s: %s", err.file, err.line, err.field, err.msg);
    assert_int_equal(a->nregions, b->nregions);
    assert_int_equal(a->nfacilities, b->nfacilities);
    assert_int_equal(a->ndemand, b->ndemand);
    assert_string_equal(a->regions[0].id, b->regions[0].id);
    assert_string_equal(a->facilities[8].source, b->facilities[8].source);
    RF_ASSERT_NEAR(b->demand[5].choke_usd_per_kg, a->demand[5].choke_usd_per_kg, 0, 0);
    rf_world_free(a);
    rf_world_free(b);
    remove_dir(dir);
}

/* More regions than RF_MAX_REGIONS: refused at the first one too many. */
static void test_region_limit(void **state)
{
    (void)state;
    size_t cap = 64 + (size_t)(RF_MAX_REGIONS + 1) * 16;
    char *rows = malloc(cap), *q = rows;
    for (int i = 0; i <= RF_MAX_REGIONS; i++) q += sprintf(q, "R%d,Region %d,x\n", i, i);
    char dir[64];
    mutated_toy(dir, "regions.csv", NULL, rows);
    free(rows);
    rf_world *w = NULL;
    rf_err err;
    assert_int_equal(rf_dataset_load(dir, &w, &err), RF_EINVAL);
    assert_int_equal(err.line, 6 + RF_MAX_REGIONS - 4);
    assert_non_null(strstr(err.msg, "RF_MAX_REGIONS"));
    remove_dir(dir);
}

/* A dataset served from memory loads as the same world as from files. */
typedef struct mem_tables {
    const char *dir;
} mem_tables;

static rf_status read_from_toy(void *ctx, const char *path, char **text, size_t *len, int *absent, rf_err *err)
{
    const mem_tables *m = ctx;
    const char *name = strrchr(path, '/') + 1;
    assert_int_equal(strncmp(path, m->dir, strlen(m->dir)), 0);
    char src[512];
    snprintf(src, sizeof src, "%s/%s", TOY, name);
    *text = slurp(src);
    if (!*text) {
        *absent = 1;
        return rf_err_set(err, RF_ENOENT, path, 0, NULL, "no such table");
    }
    *len = strlen(*text);
    return RF_OK;
}

static void test_load_with_reader(void **state)
{
    (void)state;
    mem_tables m = {"mem:toy"};
    rf_world *a = NULL, *b = NULL;
    rf_err err;
    assert_int_equal(rf_dataset_load(TOY, &a, &err), RF_OK);
    if (rf_dataset_load_with("mem:toy", read_from_toy, &m, &b, &err) != RF_OK) fail_msg("%s", err.msg);
    assert_string_equal(b->dir, "mem:toy");
    assert_int_equal(a->nrecipes, b->nrecipes);
    assert_int_equal(a->nfac_recipes, b->nfac_recipes);
    for (int f = 0; f < a->nfacilities; f++) RF_ASSERT_NEAR(b->facilities[f].capacity_t, a->facilities[f].capacity_t, 0, 0);
    assert_int_equal(b->has_ref_prices, 0); /* the toy has no prices.csv: absent is fine */
    rf_world_free(a);
    rf_world_free(b);
}

/* prices.csv present but unreadable is an error, not a missing table. */
static void test_prices_not_a_file(void **state)
{
    (void)state;
    char dir[64], sub[128];
    mutated_toy(dir, "regions.csv", NULL, "");
    snprintf(sub, sizeof sub, "%s/prices.csv", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    rf_world *w = NULL;
    rf_err err;
    assert_int_equal(rf_dataset_load(dir, &w, &err), RF_ENOENT);
    assert_non_null(strstr(err.file, "prices.csv"));
    assert_non_null(strstr(err.msg, "not a file"));
    rmdir(sub);
    remove_dir(dir);
}

static void test_missing_folder(void **state)
{
    (void)state;
    rf_world *w = NULL;
    rf_err err;
    rf_err_clear(&err);
    assert_int_equal(rf_dataset_load("/nonexistent/rareflow", &w, &err), RF_ENOENT);
    assert_non_null(strstr(err.file, "regions.csv"));
    assert_null(w);
}

/* The solver-path parameters (docs/data-format.md): loaded, defaulting to 0,
 * and refused out of their ranges with the line and field. */
static void test_path_parameters(void **state)
{
    (void)state;
    rf_world *w = NULL;
    assert_int_equal(rf_dataset_load(TOY, &w, NULL), RF_OK);
    RF_ASSERT_NEAR(w->params.tie_break, 0.0, 0, 0);
    RF_ASSERT_NEAR(w->params.price_probe_t, 0.0, 0, 0);
    rf_world_free(w);
    char dir[64];
    mutated_toy(dir, "parameters.csv", NULL, "key,value,source\ntie_break,1e-5,t\nprice_probe_t,0.01,t\n");
    w = NULL;
    assert_int_equal(rf_dataset_load(dir, &w, NULL), RF_OK);
    RF_ASSERT_NEAR(w->params.tie_break, 1e-5, 0, 0);
    RF_ASSERT_NEAR(w->params.price_probe_t, 0.01, 0, 0);
    rf_world_free(w);
    remove_dir(dir);
    expect_error("parameters.csv", NULL, "key,value,source\nprice_probe_t,0.01,t\ntie_break,0.01,t\n", RF_EINVAL, 3,
                 "value", "within [0, 0.001]");
    expect_error("parameters.csv", NULL, "key,value,source\nprice_probe_t,2,t\n", RF_EINVAL, 2, "value",
                 "tonnes within [0, 1]");
    expect_error("parameters.csv", NULL, "key,value,source\ntie_break,-1e-6,t\n", RF_EINVAL, 2, "value",
                 "within [0, 0.001]");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_toy_loads), cmocka_unit_test(test_tranches_and_steps),
        cmocka_unit_test(test_bad_input), cmocka_unit_test(test_missing_folder),
        cmocka_unit_test(test_robust_input), cmocka_unit_test(test_path_parameters), cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_crlf_and_bom), cmocka_unit_test(test_region_limit),
        cmocka_unit_test(test_load_with_reader), cmocka_unit_test(test_prices_not_a_file)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
