/*
 * fuzz_pipeline.c: structure-aware fuzzing of the whole run, from scenario
 * text to solved years, on the toy world (tests/data/toy).
 *
 * A byte-level fuzzer of the YAML reader reaches 95% of its lines and still
 * misses combinations, such as a shock that gives both `exporter` and
 * `region` (issue 8).  Here the input's bytes are a choice stream: each byte
 * picks the next decision of a generator that writes a scenario from the
 * grammar of src/io/scenario_yaml.c (every root key, every lever section
 * with each key it accepts, plus foreign, duplicate and malformed ones),
 * with values drawn mostly from what the toy world knows (its regions,
 * products, families such as "magnet:*", facilities, sectors, "*") and
 * otherwise from the edges: 0, -1, 1e9, 1e24, 1e25, 1e308, nan, inf, dates
 * such as 2025-02-30, years 1999 and 2101, names with blanks, over-long ids
 * and names.  When the stream runs out every decision takes its first
 * choice, so any input is a scenario.  The scenario then goes through what
 * `rareflow run` does (src/cli/main.c: load_inputs, solve_years):
 * rf_scenario_parse, rf_scenario_check, rf_policy_check, and
 * rf_policy_solve_year for its first one or two years on a fresh market.
 *
 * An input that starts with the line `#!yaml` is a scenario as it is (the
 * line is a YAML comment): hand-written regressions are readable and run
 * with `rareflow run --data tests/data/toy FILE` as well; its first two
 * years are solved.  The `data:` key is parsed but the toy world is always
 * the one used.
 *
 * Findings: a crash, a sanitizer report, a leak, a broken invariant of
 * fuzz_util.h (such as a year reported optimal with a non-finite number or a
 * reference quantity above RF_MAX_QTY_T).  An error status is a correct
 * answer to bad input; with RF_FUZZ_STRICT=1 in the environment, a status
 * that is not an input error (the CLI's exit 1, say a solver failure) is a
 * finding too.  RF_FUZZ_VERBOSE=1 prints each generated scenario and what
 * became of it (to turn a binary crash file into a readable regression).
 */
#include <string.h>

#include "fuzz.h"
#include "fuzz_util.h"
#include "rareflow/io.h"
#include "rareflow/limits.h"
#include "rareflow/market.h"
#include "rareflow/policy.h"

#define YAML_MAGIC "#!yaml\n"
#define MAX_TEXT (64 * 1024)

/*
 * State kept across inputs.  The project has no globals (STYLE.md, 8), but
 * this is test code: the toy world is loaded once in LLVMFuzzerInitialize and
 * only read afterwards (every call takes it as const), and the options come
 * from the environment once.  Nothing here changes from one input to the next.
 */
static rf_world *toy;
static int verbose, strict;
static char long_id[RF_MAX_ID_BYTES + 2];       /* one byte above the id limit */
static char long_name[RF_MAX_NAME_BYTES + 2];   /* one byte above the name limit */
static char long_field[RF_MAX_FIELD_BYTES + 2]; /* one byte above the scalar limit */

/* ---- the choice stream ------------------------------------------------- */

typedef struct stream {
    const uint8_t *p;
    size_t n, i;
} stream;

/* The next choice among n (0 when the stream is spent). */
static unsigned pick(stream *s, unsigned n)
{
    if (n <= 1 || s->i >= s->n) return 0;
    return s->p[s->i++] % n;
}

/* One chance in n (never once the stream is spent). */
static int rare(stream *s, unsigned n)
{
    return pick(s, n) == n - 1;
}

/* ---- the text being written -------------------------------------------- */

typedef struct text {
    char *buf;
    size_t len, cap;
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > MAX_TEXT) return; /* bounded: the rest is cut */
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 1024;
        while (cap < t->len + n + 1) cap *= 2;
        char *b = realloc(t->buf, cap);
        RF_FUZZ_CHECK(b != NULL, "out of memory");
        t->buf = b;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

static void puts_t(text *t, const char *s)
{
    put(t, s, strlen(s));
}

/* ---- value pools --------------------------------------------------------- */

/* A pool lists its valid values first (nvalid of them), then the edges. */
typedef struct pool {
    const char *const *v;
    unsigned nvalid, n;
    int raw; /* values are YAML fragments, written as they are */
} pool;

#define POOL(arr, nvalid) {arr, nvalid, sizeof arr / sizeof arr[0], 0}
#define RAW_POOL(arr, nvalid) {arr, nvalid, sizeof arr / sizeof arr[0], 1}

static const char *const regions[] = {"CN", "US", "JP", "AU", "*", "EU", "cn", "", "C N",
                                      long_id, "magnet:*", "\xc3\xa9", "US,CN", "A\x01"};
static const char *const products[] = {
    "magnet:NdFeB", "magnet:NdFeB-hc", "oxide:NdPr", "oxide:Dy", "oxide:Tb", "metal:NdPr",
    "metal:Dy", "metal:Tb", "oxide:Ce", "oxide:La", "oxide:Pr", "oxide:Nd", "oxide:Sm",
    "oxide:Gd", "oxide:Y", "oxide:other", "concentrate:bastnaesite", "concentrate:clay", "scrap",
    "*", "magnet:*", "oxide:*", "metal:*", "concentrate:*", "scrap:*",
    /* edges */
    "gem:*", "oxide:Xx", "magnet:NdFeB@dfars", "", "magnet:", ":*", "oxide:*:*", long_id};
static const char *const facilities[] = {
    "cn-mine", "us-mine", "au-clay", "cn-sep", "us-sep", "cn-metal", "jp-metal", "cn-magnet",
    "jp-magnet", "*", "nope", "", "CN", long_id};
static const char *const stages[] = {"mine", "separation", "metal", "magnet", "recycling",
                                     "smelting", "", "*", "Mine"};
static const char *const sectors[] = {"ev_traction", "wind", "electronics", "defense", "catalysts",
                                      "*", "toys", "", "Wind", long_id};
static const char *const specs[] = {"US:defense", "CN:ev_traction", "JP:electronics", "US:wind",
                                    "*:wind", "US:*", "*:*", "US", "US:defense:x", "XX:wind",
                                    "US:toys", ":defense", "US:"};
static const char *const names[] = {"n1", "tariff-1", "dfars", "rule_a", "my rule", "x: y", "",
                                    long_name, "\xc3\xa9-\xc3\xb1", "a\tb", "quote\"d", "#hash",
                                    "name,comma", "a/b", "a@b"};
static const char *const dates[] = {
    "2024", "2025", "2026", "2025-04-04", "2024-02-29", "2024-12-31", "2025-07-01", "2026-01-01",
    /* edges */
    "2025-02-30", "2025-02-29", "1999", "2101", "2100", "2000", "2025-13-01", "2025-00-10",
    "2025-4-4", "20250404", "2025-04-04x", "x", " 2025", "2025.5", "-2025", "2024-02-29T00:00"};
static const char *const years[] = {
    "2024", "2025", "2024:2025", "[2024, 2025]", "2025:2026", "2026", "[2026, 2024]",
    /* edges */
    "1999", "2101", "2025:2024", "[2024, 2024]", "2000:2100", "[]", "\"2024:2026\"", "2100",
    "x", "2024:", "[2024, [2025]]", "{a: 1}", "~", "2024:2101", "1999:2024", "[2024, 2024:2025]"};
static const char *const datas[] = {"../toy", "data", "/nonexistent/dir", "", long_name};
static const char *const modes[] = {"ban", "quota", "licence", "license", "embargo", "", "BAN"};
static const char *const types[] = {"outage", "demand", "ban", "flood", ""};
static const char *const bools[] = {"true", "false", "yes", "1", "TRUE", "~"};
static const char *const rates[] = {"0.1", "0.25", "1", "2", "0", "100", "0.5", "1.25",
                                    "100.5", "1e24", "1e25", "1e308", "-1", "nan", "inf", "1e9",
                                    "-0", "1,5", "0x10", ".inf"};
static const char *const prices[] = {"50", "110", "0", "1", "40", "200", "1e6", "12.5",
                                     "1000001", "1e24", "1e25", "1e308", "-1", "nan", "inf", "1e9"};
static const char *const qtys[] = {"100", "0", "10", "1000", "500", "50", "1e9",
                                   "1e10", "1e308", "-5", "nan", "inf", "1e24", "1e-300"};
static const char *const shares[] = {"0.5", "0", "1", "0.25", "0.9", "1.5", "-0.1", "nan", "2"};
/* Money in MUSD (grants, guaranteed EBITDA) and whole years (tenors, guarantees). */
static const char *const musds[] = {"140", "0.5", "0", "500", "1e6", "1000001", "1e7", "-1", "nan", "inf",
                                    "1e308"};
static const char *const terms[] = {"10", "5", "1", "20", "3", "0", "7.5", "100", "101", "-1", "1e9",
                                    "nan"};
static const char *const factors[] = {"0.5", "0", "1", "2", "1.2", "0.9", "10", "1000",
                                      "1001", "1e308", "-1", "inf", "nan", "1e24", "1e9", "1e-320"};

/* The kinds of values a key takes. */
typedef enum vkind {
    V_NAME, V_DATE, V_REGIONS, V_REGION, V_PRODUCTS, V_PRODUCT, V_FACILITY, V_STAGE, V_SECTOR,
    V_SPECS, V_MODE, V_TYPE, V_BOOL, V_RATE, V_PRICE, V_QTY, V_SHARE, V_FACTOR, V_YEARS, V_DATA,
    V_FACILITIES, V_STAGES, V_MUSD, V_TERM, V_SECTORS, V_NKINDS
} vkind;

static const pool pools[V_NKINDS] = {
    [V_NAME] = POOL(names, 4),         [V_DATE] = POOL(dates, 8),
    [V_REGIONS] = POOL(regions, 5),    [V_REGION] = POOL(regions, 5),
    [V_PRODUCTS] = POOL(products, 25), [V_PRODUCT] = POOL(products, 19),
    [V_FACILITY] = POOL(facilities, 10), [V_STAGE] = POOL(stages, 5),
    [V_SECTOR] = POOL(sectors, 6),     [V_SPECS] = POOL(specs, 7),
    [V_MODE] = POOL(modes, 4),         [V_TYPE] = POOL(types, 3),
    [V_BOOL] = POOL(bools, 2),         [V_RATE] = POOL(rates, 8),
    [V_PRICE] = POOL(prices, 8),       [V_QTY] = POOL(qtys, 7),
    [V_SHARE] = POOL(shares, 5),       [V_FACTOR] = POOL(factors, 8),
    [V_YEARS] = RAW_POOL(years, 7),    [V_DATA] = POOL(datas, 1),
    [V_FACILITIES] = POOL(facilities, 10), [V_STAGES] = POOL(stages, 5),
    [V_MUSD] = POOL(musds, 5),         [V_TERM] = POOL(terms, 6),
    [V_SECTORS] = POOL(sectors, 6),
};

/* ---- the grammar (src/io/scenario_yaml.c) ------------------------------ */

/* A key of a section.  Shocks and export controls accept the union of the
 * keys of their kinds (`type`) or modes (`mode`), but each kind or mode uses
 * only some of them (scenario_yaml.c: lever_keys, lever_rules): `in` is the
 * set of profiles (bit i: the i-th valid value of the profile key) that use
 * the key, 0 for all; `req` those that require it. */
typedef struct gkey {
    const char *key;
    vkind kind;
    int required;
    unsigned in, req;
} gkey;

#define MAX_KEYS 13

typedef struct gsection {
    const char *section;
    const char *profile; /* the key whose value picks the profile, or NULL */
    gkey keys[MAX_KEYS]; /* ended by a NULL key */
} gsection;

#define COMMON {"name", V_NAME, 0, 0, 0}, {"from", V_DATE, 0, 0, 0}, {"to", V_DATE, 0, 0, 0}
#define INVEST_SELECT {"projects", V_FACILITIES, 0, 0, 0}, {"regions", V_REGIONS, 0, 0, 0}, \
                      {"stages", V_STAGES, 0, 0, 0}
/* Shock profiles (the order of `types`) and export control modes (`modes`). */
enum { OUTAGE = 1, DEMAND = 2, BAN = 4 };
enum { M_BAN = 1, M_QUOTA = 2, M_LICENCE = 4 };

/* Every list section with every key its items accept (scenario_yaml.c:
 * demand_keys, capacity_keys and the lever forms).  A key added there belongs
 * here, in tests/fuzz/scenario.dict and in tests/fuzz/seeds/scenario/. */
static const gsection sections[] = {
    {"demand", NULL,
     {{"region", V_REGION, 1, 0, 0}, {"sector", V_SECTOR, 1, 0, 0}, {"product", V_PRODUCT, 0, 0, 0},
      {"factor", V_FACTOR, 1, 0, 0}}},
    {"capacity", NULL, {{"facility", V_FACILITY, 1, 0, 0}, {"factor", V_FACTOR, 1, 0, 0}}},
    {"tariffs", NULL,
     {COMMON, {"origin", V_REGIONS, 1, 0, 0}, {"destination", V_REGIONS, 1, 0, 0},
      {"products", V_PRODUCTS, 1, 0, 0}, {"rate", V_RATE, 1, 0, 0}, {"specific", V_PRICE, 0, 0, 0}}},
    {"exemptions", NULL,
     {COMMON, {"origin", V_REGIONS, 0, 0, 0}, {"destination", V_REGIONS, 0, 0, 0},
      {"products", V_PRODUCTS, 1, 0, 0}}},
    {"export_controls", "mode",
     {COMMON, {"exporter", V_REGIONS, 1, 0, 0}, {"destinations", V_REGIONS, 0, 0, 0},
      {"products", V_PRODUCTS, 1, 0, 0}, {"mode", V_MODE, 1, 0, 0},
      {"quota_t", V_QTY, 0, M_QUOTA, M_QUOTA}, {"share", V_SHARE, 0, M_LICENCE, M_LICENCE}}},
    {"sanctions", NULL, {COMMON, {"between", V_REGIONS, 1, 0, 0}, {"and", V_REGIONS, 1, 0, 0}}},
    {"shocks", "type",
     {COMMON, {"type", V_TYPE, 1, 0, 0}, {"exporter", V_REGIONS, 0, BAN, BAN},
      {"destinations", V_REGIONS, 0, BAN, 0}, {"products", V_PRODUCTS, 0, DEMAND | BAN, BAN},
      {"facility", V_FACILITY, 0, OUTAGE, OUTAGE}, {"region", V_REGIONS, 0, OUTAGE | DEMAND, DEMAND},
      {"stage", V_STAGE, 0, OUTAGE, 0}, {"sector", V_SECTOR, 0, DEMAND, DEMAND},
      {"factor", V_FACTOR, 0, OUTAGE | DEMAND, OUTAGE | DEMAND}}},
    {"price_floors", NULL,
     {COMMON, {"product", V_PRODUCT, 1, 0, 0}, {"facility", V_FACILITY, 1, 0, 0},
      {"floor", V_PRICE, 1, 0, 0}, {"volume_cap_t", V_QTY, 0, 0, 0}, {"payer", V_REGION, 1, 0, 0},
      {"upside_share", V_SHARE, 0, 0, 0}}},
    {"offtakes", NULL,
     {COMMON, {"product", V_PRODUCT, 1, 0, 0}, {"facility", V_FACILITY, 1, 0, 0},
      {"price", V_PRICE, 0, 0, 0}, {"buyer", V_REGION, 1, 0, 0}, {"share", V_SHARE, 1, 0, 0}}},
    {"stockpiles", NULL,
     {COMMON, {"region", V_REGION, 1, 0, 0}, {"product", V_PRODUCT, 1, 0, 0},
      {"initial_t", V_QTY, 0, 0, 0}, {"target_t", V_QTY, 1, 0, 0}, {"fill_price", V_PRICE, 1, 0, 0},
      {"fill_rate_t", V_QTY, 1, 0, 0}, {"release_price", V_PRICE, 1, 0, 0},
      {"release_rate_t", V_QTY, 1, 0, 0}}},
    {"sourcing_rules", NULL,
     {COMMON, {"demand", V_SPECS, 1, 0, 0}, {"exclude", V_REGIONS, 1, 0, 0},
      {"members", V_REGIONS, 0, 0, 0}, {"tariff_free", V_BOOL, 0, 0, 0}}},
    {"content_rules", NULL,
     {COMMON, {"exporter", V_REGIONS, 1, 0, 0}, {"destinations", V_REGIONS, 0, 0, 0}}},
    /* The investment levers: which projects (facility ids, regions, stages), and their terms. */
    {"grants", NULL,
     {COMMON, INVEST_SELECT, {"payer", V_REGION, 1, 0, 0}, {"share", V_SHARE, 0, 0, 0},
      {"amount_musd", V_MUSD, 0, 0, 0}}},
    {"loans", NULL,
     {COMMON, INVEST_SELECT, {"payer", V_REGION, 1, 0, 0}, {"share", V_SHARE, 1, 0, 0},
      {"rate", V_SHARE, 1, 0, 0}, {"market_rate", V_SHARE, 0, 0, 0}, {"tenor_years", V_TERM, 1, 0, 0},
      {"grace_years", V_TERM, 0, 0, 0}}},
    {"equity", NULL, {COMMON, INVEST_SELECT, {"payer", V_REGION, 1, 0, 0}, {"share", V_SHARE, 1, 0, 0}}},
    {"ebitda_guarantees", NULL,
     {COMMON, INVEST_SELECT, {"payer", V_REGION, 1, 0, 0}, {"ebitda_musd", V_MUSD, 1, 0, 0},
      {"years", V_TERM, 1, 0, 0}}},
    {"permitting", NULL,
     {COMMON, {"regions", V_REGIONS, 0, 0, 0}, {"stages", V_STAGES, 0, 0, 0}, {"cut_years", V_TERM, 0, 0, 0},
      {"cut_share", V_SHARE, 0, 0, 0}}},
    {"technology_bans", NULL,
     {COMMON, {"exporter", V_REGIONS, 1, 0, 0}, {"stages", V_STAGES, 0, 0, 0},
      {"capex_premium", V_FACTOR, 1, 0, 0}, {"delay_years", V_TERM, 1, 0, 0},
      {"ramp_stretch", V_FACTOR, 1, 0, 0}}},
    {"project_blocks", NULL, {COMMON, INVEST_SELECT}},
    /* Collection: (region, sector) pairs and a share. */
    {"collection", NULL,
     {COMMON, {"regions", V_REGIONS, 0, 0, 0}, {"sectors", V_SECTORS, 0, 0, 0}, {"rate", V_SHARE, 1, 0, 0}}},
};
#define NSECTIONS (sizeof sections / sizeof sections[0])

/* Scalar root keys. */
static const gkey root_scalars[] = {
    {"name", V_NAME, 0, 0, 0}, {"years", V_YEARS, 0, 0, 0}, {"data", V_DATA, 0, 0, 0}};
#define NROOT_SCALARS (sizeof root_scalars / sizeof root_scalars[0])
#define NROOT (NROOT_SCALARS + NSECTIONS)

/* ---- writing values ---------------------------------------------------- */

static int isalnum_c(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* A value YAML reads back as the same plain scalar: letters, digits and
 * `_ . + - : @ /`, starting with a letter, a digit, '-' or '.'. */
static int plain_ok(const char *v)
{
    if (!*v || !(isalnum_c(*v) || *v == '-' || *v == '.')) return 0;
    for (const char *c = v; *c; c++)
        if (!isalnum_c(*c) && !strchr("_.+-:@/", *c)) return 0;
    return 1;
}

static void put_quoted(text *t, const char *v)
{
    puts_t(t, "\"");
    for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
        char esc[8];
        if (*c == '"' || *c == '\\') {
            snprintf(esc, sizeof esc, "\\%c", *c);
            puts_t(t, esc);
        } else if (*c < 0x20 || *c == 0x7f) {
            snprintf(esc, sizeof esc, "\\x%02x", *c);
            puts_t(t, esc);
        } else {
            put(t, (const char *)c, 1);
        }
    }
    puts_t(t, "\"");
}

static void put_scalar(text *t, const char *v, int quote)
{
    if (!quote && plain_ok(v)) puts_t(t, v);
    else put_quoted(t, v);
}

/* A number made of the stream's bytes, to reach magnitudes no pool lists. */
static void put_synth_number(stream *s, text *t)
{
    char buf[64];
    int exp = (int)pick(s, 81) - 40;
    if (rare(s, 8)) exp = 290 + (int)pick(s, 40); /* around DBL_MAX */
    snprintf(buf, sizeof buf, "%s%u.%02ue%d", rare(s, 4) ? "-" : "", pick(s, 256), pick(s, 100), exp);
    puts_t(t, buf);
}

/* Something of the wrong type where a scalar is expected. */
static void put_wrong_type(stream *s, text *t)
{
    static const char *const wrong[] = {"[x]", "{a: b}", "~", "[]", "{}", "[[1]]", "\"\""};
    puts_t(t, wrong[pick(s, sizeof wrong / sizeof wrong[0])]);
}

/* A few bytes of the stream, as they are (reaches the reader's and the
 * parser's errors). */
static void put_raw_bytes(stream *s, text *t)
{
    unsigned n = 1 + pick(s, 8);
    for (unsigned i = 0; i < n && s->i < s->n; i++) put(t, (const char *)&s->p[s->i++], 1);
}

static const char *draw(stream *s, const pool *p)
{
    if (!rare(s, 16)) return p->v[pick(s, p->nvalid)];
    return p->v[pick(s, p->n)];
}

static int is_number(vkind k)
{
    return k == V_RATE || k == V_PRICE || k == V_QTY || k == V_SHARE || k == V_FACTOR || k == V_MUSD ||
           k == V_TERM;
}

static int is_list(vkind k)
{
    return k == V_REGIONS || k == V_PRODUCTS || k == V_SPECS || k == V_FACILITIES || k == V_STAGES ||
           k == V_SECTORS;
}

static void put_value(stream *s, text *t, vkind k)
{
    const pool *p = &pools[k];
    if (rare(s, 64)) {
        put_wrong_type(s, t);
    } else if (rare(s, 256)) {
        put_raw_bytes(s, t);
    } else if (rare(s, 256)) {
        put_quoted(t, long_field);
    } else if (p->raw) {
        puts_t(t, draw(s, p));
    } else if (is_number(k) && rare(s, 8)) {
        put_synth_number(s, t);
    } else if (is_list(k) && pick(s, 2)) {
        /* A flow list of one to four ids (or, rarely, none). */
        unsigned n = rare(s, 32) ? 0 : 1 + pick(s, 4);
        puts_t(t, "[");
        for (unsigned i = 0; i < n; i++) {
            if (i) puts_t(t, ", ");
            put_scalar(t, draw(s, p), rare(s, 8));
        }
        puts_t(t, "]");
    } else {
        put_scalar(t, draw(s, p), rare(s, 8));
    }
}

/* ---- writing a scenario ------------------------------------------------- */

/* A key of any section (a foreign key in this one), or an unknown one. */
static const gkey *any_key(stream *s)
{
    static const gkey unknown = {"bogus", V_NAME, 0, 0, 0};
    unsigned sec = pick(s, NSECTIONS + 1);
    if (sec == NSECTIONS) return &unknown;
    unsigned n = 0;
    while (n < MAX_KEYS && sections[sec].keys[n].key) n++;
    return &sections[sec].keys[pick(s, n)];
}

/* One key: value pair of an item, in flow ({k: v, ...}) or block style; the
 * value is `fixed` when not NULL. */
static void put_pair(stream *s, text *t, const gkey *k, const char *fixed, int flow, int *first)
{
    if (flow) puts_t(t, *first ? "  - {" : ", ");
    else puts_t(t, *first ? "  - " : "    ");
    *first = 0;
    puts_t(t, k->key);
    puts_t(t, ": ");
    if (fixed) put_scalar(t, fixed, 0);
    else put_value(s, t, k->kind);
    if (!flow) puts_t(t, "\n");
}

/* The profile of an item: the value of its profile key (drawn first) picks
 * which keys it mostly has.  Returns that value, or NULL for a section
 * without profiles; *profile is its bit, or 0 for a value that is no
 * profile (then every key is as likely). */
static const char *draw_profile(stream *s, const gsection *g, unsigned *profile)
{
    *profile = 0;
    if (!g->profile) return NULL;
    const pool *p = &pools[!strcmp(g->profile, "type") ? V_TYPE : V_MODE];
    unsigned i = rare(s, 16) ? pick(s, p->n) : pick(s, p->nvalid);
    if (i < p->nvalid) *profile = 1u << (i < 3 ? i : 2); /* "license" is "licence" */
    return p->v[i];
}

static void put_item(stream *s, text *t, const gsection *g)
{
    int flow = (int)pick(s, 2), first = 1;
    unsigned nkeys = 0, profile;
    while (nkeys < MAX_KEYS && g->keys[nkeys].key) nkeys++;
    const char *pvalue = draw_profile(s, g, &profile);
    for (unsigned i = 0; i < nkeys; i++) {
        const gkey *k = &g->keys[i];
        int is_profile = pvalue && !strcmp(k->key, g->profile);
        int used = !profile || !k->in || (k->in & profile);
        int required = k->required || (profile & k->req);
        /* Required keys are nearly always there and optional ones half the
         * time, so that every pair of keys of a section meets often; a key
         * the item's kind or mode does not use comes now and then. */
        int in = !used ? rare(s, 16) : required ? !rare(s, 32) : (int)pick(s, 2);
        if (in) put_pair(s, t, k, is_profile ? pvalue : NULL, flow, &first);
    }
    if (rare(s, 16)) put_pair(s, t, any_key(s), NULL, flow, &first);               /* foreign key */
    if (rare(s, 32)) put_pair(s, t, &g->keys[pick(s, nkeys)], NULL, flow, &first); /* duplicate */
    if (first) puts_t(t, flow ? "  - {}\n" : "  - \n");
    else if (flow) puts_t(t, "}\n");
}

static void put_section(stream *s, text *t, const gsection *g)
{
    puts_t(t, g->section);
    if (rare(s, 16)) {
        /* Empty, null, or not a list at all. */
        static const char *const odd[] = {":\n", ": []\n", ": {a: 1}\n", ": 5\n", ": [5]\n"};
        puts_t(t, odd[pick(s, sizeof odd / sizeof odd[0])]);
        return;
    }
    puts_t(t, ":\n");
    unsigned n = 1 + pick(s, 3);
    for (unsigned i = 0; i < n; i++) put_item(s, t, g);
}

static void put_root_key(stream *s, text *t, unsigned k)
{
    if (k < NROOT_SCALARS) {
        puts_t(t, root_scalars[k].key);
        puts_t(t, ": ");
        put_value(s, t, root_scalars[k].kind);
        puts_t(t, "\n");
    } else {
        put_section(s, t, &sections[k - NROOT_SCALARS]);
    }
}

/* A scenario: usually `years`, then up to four more root keys (a repeated
 * one only rarely: it is a duplicate-key error). */
static void put_scenario(stream *s, text *t)
{
    int used[NROOT] = {0};
    if (!rare(s, 4)) {
        put_root_key(s, t, 1);
        used[1] = 1;
    }
    unsigned n = pick(s, 5);
    for (unsigned i = 0; i < n; i++) {
        unsigned k = pick(s, NROOT);
        if (used[k] && !rare(s, 8)) continue;
        used[k] = 1;
        put_root_key(s, t, k);
    }
    if (rare(s, 256)) put_raw_bytes(s, t);
    if (t->len == 0) puts_t(t, "{}\n");
}

/* ---- the run ------------------------------------------------------------ */

/* Check what a step returned; with RF_FUZZ_STRICT, only bad input (and
 * running out of memory) may stop a run. */
static int step(const char *what, rf_status st, const rf_err *err)
{
    rf_fuzz_check_status(what, st, err);
    if (verbose && st != RF_OK) {
        char buf[RF_ERR_FILE_MAX + RF_ERR_FIELD_MAX + RF_ERR_MSG_MAX + 64];
        rf_err_format(err, buf, sizeof buf);
        fprintf(stderr, "%s: %s: %s\n", what, rf_status_str(st), buf);
    }
    if (strict)
        RF_FUZZ_CHECK(st == RF_OK || rf_status_is_input(st) || st == RF_ENOMEM,
                      "%s failed with %s (not an input error): %s", what, rf_status_str(st), err->msg);
    return st != RF_OK;
}

/* Solve the first `nsolve` years of `sc` on a fresh market, as solve_years
 * in src/cli/main.c does.  Returns the results (NULL when they could not be
 * made). */
static rf_results *solve(const rf_scenario *sc, int nsolve)
{
    rf_err err;
    rf_err_clear(&err);
    int n = sc->nyears < nsolve ? sc->nyears : nsolve;
    rf_results *res = rf_results_new(toy, sc->name, n, &err);
    if (step("rf_results_new", res ? RF_OK : err.code, &err)) return NULL;
    rf_market *m = rf_market_new(toy, &err);
    rf_policy_state *state = m ? rf_policy_state_new(sc, &err) : NULL;
    if (!step("rf_market_new/rf_policy_state_new", m && state ? RF_OK : err.code, &err)) {
        for (int i = 0; i < n; i++) {
            rf_status st = rf_policy_solve_year(m, toy, sc, sc->years[i], state, &res->years[i],
                                                NULL, &err);
            if (step("rf_policy_solve_year", st, &err)) break;
            rf_fuzz_check_year(toy, &res->years[i], sc->years[i]);
            if (verbose)
                fprintf(stderr, "year %d: %s\n", sc->years[i], rf_year_status_str(res->years[i].status));
        }
    }
    rf_policy_state_free(state);
    rf_market_free(m);
    return res;
}

static void run(const char *yaml, size_t len, int nsolve)
{
    rf_scenario *sc = NULL;
    rf_results *res = NULL;
    rf_err err;
    rf_err_clear(&err);
    rf_status st = rf_scenario_parse("fuzz/pipeline.yaml", yaml, len, &sc, &err);
    if (step("rf_scenario_parse", st, &err)) {
        RF_FUZZ_CHECK(sc == NULL, "rf_scenario_parse failed but returned a scenario");
        return;
    }
    RF_FUZZ_CHECK(sc != NULL, "rf_scenario_parse returned RF_OK and no scenario");
    rf_fuzz_check_scenario(sc);
    rf_warnings warn;
    rf_warnings_init(&warn);
    if (!step("rf_scenario_check", rf_scenario_check(sc, toy, &err), &err) &&
        !step("rf_policy_check", rf_policy_check(sc, toy, &warn, &err), &err)) {
        rf_fuzz_check_warnings(&warn);
        res = solve(sc, nsolve);
    }
    rf_warnings_close(&warn);
    /* results.h: the results own their strings and outlive the scenario. */
    rf_scenario_free(sc);
    if (res) rf_fuzz_check_strings(res);
    rf_results_free(res);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (toy) return 0;
    rf_err err;
    rf_err_clear(&err);
    if (rf_dataset_load(RF_TEST_DATA_DIR "/toy", &toy, &err) != RF_OK) {
        fprintf(stderr, "fuzz_pipeline: cannot load the toy world: %s:%d: %s\n", err.file, err.line,
                err.msg);
        abort();
    }
    const char *v = getenv("RF_FUZZ_VERBOSE"), *st = getenv("RF_FUZZ_STRICT");
    verbose = v && *v && strcmp(v, "0") != 0;
    strict = st && *st && strcmp(st, "0") != 0;
    memset(long_id, 'A', sizeof long_id - 1);
    memset(long_name, 'n', sizeof long_name - 1);
    memset(long_field, 'f', sizeof long_field - 1);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!toy) LLVMFuzzerInitialize(NULL, NULL);
    size_t magic = sizeof YAML_MAGIC - 1;
    if (size >= magic && memcmp(data, YAML_MAGIC, magic) == 0) {
        if (verbose) fprintf(stderr, "---- scenario as given (%zu bytes)\n", size);
        run((const char *)data, size, 2);
        return 0;
    }
    stream s = {data, size, 0};
    text t = {NULL, 0, 0};
    int nsolve = 1 + (int)pick(&s, 2);
    put_scenario(&s, &t);
    if (verbose) fprintf(stderr, "---- generated scenario (%zu bytes)\n%s----\n", t.len, t.buf);
    run(t.buf, t.len, nsolve);
    free(t.buf);
    return 0;
}
