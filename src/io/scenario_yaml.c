/*
 * scenario_yaml.c: rf_scenario_load, the scenario YAML reader.
 *
 * The whole file is loaded with libyaml's document API and then walked as a
 * tree, so every error can name the 1-based line of the offending node and
 * the key it belongs to (libyaml marks are 0-based).  Root keys are
 * dispatched through one table (root_keys) so that a new lever (tariffs,
 * export controls, ...) is one row plus one handler.  List items
 * (demand, capacity) are checked against their own key tables first, so
 * unknown, duplicate and missing keys are reported the same way everywhere;
 * a lever section of several sorts (shocks by `type`, export controls by
 * `mode`) is then narrowed to the keys of the item's sort (variants).
 */
#include "rareflow/io.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "core/strutil.h"
#include "io/read.h"
#include "rareflow/limits.h"

/* Model years; also bounds the "A:B" range so it cannot explode. */
#define YEAR_MIN RF_YEAR_MIN
#define YEAR_MAX RF_YEAR_MAX
#define YEAR_SPAN (YEAR_MAX - YEAR_MIN + 1)


/* Everything a handler needs; passed down instead of any global state. */
typedef struct load_ctx {
    const char *path;
    yaml_document_t *doc;
    rf_scenario *sc;
    rf_err *err;
} load_ctx;

/* Key table of a list item: the key and whether the item must have it. */
typedef struct item_key {
    const char *key;
    int required;
} item_key;

/* The value found for one item key and the line of the key (for duplicates). */
typedef struct item_slot {
    yaml_node_t *val;
    int key_line;
} item_slot;

/* Years seen so far: line[y - YEAR_MIN] is where y was first given, 0 if not.
 * Indexing by year gives duplicate detection with a line and sorted output. */
typedef struct year_set {
    int line[YEAR_SPAN];
} year_set;

static int mark_line(yaml_mark_t m)
{
    return m.line < (size_t)INT_MAX ? (int)m.line + 1 : INT_MAX;
}

static int node_line(const yaml_node_t *n)
{
    return mark_line(n->start_mark);
}

static const char *scalar_text(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

/* YAML's null: an empty or ~/null plain scalar (`key:` with nothing after it). */
static int is_null(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    const char *s = scalar_text(n);
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
           !strcmp(s, "NULL");
}

/* What a node is, in the words of an error message ("expected X, got a list"). */
static const char *node_kind(const yaml_node_t *n)
{
    if (n->type == YAML_MAPPING_NODE) return "a mapping";
    if (n->type == YAML_SEQUENCE_NODE) return "a list";
    return is_null(n) ? "nothing" : "a scalar";
}

static rf_status oom(load_ctx *c)
{
    return rf_err_set(c->err, RF_ENOMEM, c->path, 0, NULL, "out of memory reading the scenario");
}

/* "section.key" for item keys, "key" for root keys. */
static void make_field(char *out, size_t size, const char *section, const char *key)
{
    if (section)
        snprintf(out, size, "%s.%s", section, key);
    else
        snprintf(out, size, "%s", key);
}

/* Translate a libyaml parser failure into RF_EPARSE with a 1-based line. */
static rf_status parser_error(const yaml_parser_t *p, const char *path, const char *buf, size_t len,
                              rf_err *err)
{
    const char *problem = p->problem ? p->problem : "malformed YAML";
    if (p->error == YAML_MEMORY_ERROR)
        return rf_err_set(err, RF_ENOMEM, path, 0, NULL, "out of memory parsing YAML");
    if (p->error == YAML_READER_ERROR) {
        /* Reader errors (bad UTF-8, control bytes) carry a byte offset, no mark. */
        int line = 1;
        for (size_t i = 0; i < p->problem_offset && i < len; i++)
            if (buf[i] == '\n' && line < INT_MAX) line++;
        return rf_err_set(err, RF_EPARSE, path, line, NULL, "%s (byte offset %zu)", problem,
                          p->problem_offset);
    }
    int line = mark_line(p->problem_mark);
    if (p->context)
        return rf_err_set(err, RF_EPARSE, path, line, NULL, "%s (%s started at line %d)", problem,
                          p->context, mark_line(p->context_mark));
    return rf_err_set(err, RF_EPARSE, path, line, NULL, "%s", problem);
}

/* ---- first pass: limits on the event stream ---------------------------- */

/* What the first pass tracks per open collection: whether it is a mapping,
 * whether its next scalar is a key, and the last key seen (for messages). */
typedef struct level {
    int mapping;
    int expect_key;
    char key[RF_ERR_FIELD_MAX];
} level;

/* "root.inner" for the innermost two keys of the open collections. */
static void event_field(const level *lv, int depth, char *out, size_t size)
{
    int first = -1, last = -1;
    for (int i = 0; i < depth && i <= RF_MAX_YAML_DEPTH; i++)
        if (lv[i].mapping && lv[i].key[0]) {
            if (first < 0) first = i;
            last = i;
        }
    if (first < 0) out[0] = '\0';
    else if (first == last) snprintf(out, size, "%.48s", lv[first].key);
    else snprintf(out, size, "%.30s.%.30s", lv[first].key, lv[last].key);
}

/* A scalar or a collection start inside the current level: a key is recorded,
 * and the level's next scalar becomes a value (or a key) again. */
static void event_item(level *lv, int depth, const yaml_event_t *ev)
{
    if (depth == 0 || depth > RF_MAX_YAML_DEPTH || !lv[depth - 1].mapping) return;
    level *l = &lv[depth - 1];
    if (l->expect_key && ev->type == YAML_SCALAR_EVENT)
        snprintf(l->key, sizeof l->key, "%.*s",
                 (int)(ev->data.scalar.length < 48 ? ev->data.scalar.length : 48),
                 (const char *)ev->data.scalar.value);
    l->expect_key = !l->expect_key;
}

/*
 * Walk the event stream once before building the document, and stop at the
 * first event beyond a limit: nesting deeper than RF_MAX_YAML_DEPTH (libyaml
 * is quadratic in depth: 100 KB of brackets took 37 s), more nodes than
 * RF_MAX_YAML_NODES, a scalar longer than RF_MAX_FIELD_BYTES, or an anchor or
 * alias (a scenario has no use for them, and aliases expand exponentially:
 * the "billion laughs").  Because the walk stops early, no input costs more
 * than the limits allow.
 */
static rf_status check_events(const char *path, const char *buf, size_t len, rf_err *err)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    level lv[RF_MAX_YAML_DEPTH + 1];
    char field[RF_ERR_FIELD_MAX];
    int depth = 0;
    long nodes = 0;
    rf_status st = RF_OK;
    if (!yaml_parser_initialize(&parser))
        return rf_err_set(err, RF_ENOMEM, path, 0, NULL, "out of memory parsing YAML");
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
    for (int done = 0; !done && st == RF_OK;) {
        if (!yaml_parser_parse(&parser, &ev)) {
            st = parser_error(&parser, path, buf, len, err);
            break;
        }
        int line = mark_line(ev.start_mark);
        const unsigned char *anchor = NULL;
        event_field(lv, depth, field, sizeof field);
        switch (ev.type) {
        case YAML_STREAM_END_EVENT: done = 1; break;
        case YAML_ALIAS_EVENT:
            st = rf_err_set(err, RF_EPARSE, path, line, field[0] ? field : NULL,
                            "YAML aliases (*name) are not supported in a scenario: write the value out");
            break;
        case YAML_SCALAR_EVENT:
            anchor = ev.data.scalar.anchor;
            if (ev.data.scalar.length > RF_MAX_FIELD_BYTES)
                st = rf_err_set(err, RF_EINVAL, path, line, field[0] ? field : NULL,
                                "a value of %zu bytes, above the limit of %d (RF_MAX_FIELD_BYTES)",
                                ev.data.scalar.length, RF_MAX_FIELD_BYTES);
            event_item(lv, depth, &ev);
            nodes++;
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            anchor = ev.type == YAML_SEQUENCE_START_EVENT ? ev.data.sequence_start.anchor
                                                          : ev.data.mapping_start.anchor;
            event_item(lv, depth, &ev);
            if (depth >= RF_MAX_YAML_DEPTH) {
                st = rf_err_set(err, RF_EINVAL, path, line, field[0] ? field : NULL,
                                "nested deeper than %d levels (RF_MAX_YAML_DEPTH)", RF_MAX_YAML_DEPTH);
                break;
            }
            lv[depth] = (level){ev.type == YAML_MAPPING_START_EVENT, 1, ""};
            depth++;
            nodes++;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth > 0) depth--;
            break;
        default: break;
        }
        if (st == RF_OK && anchor)
            st = rf_err_set(err, RF_EPARSE, path, line, field[0] ? field : NULL,
                            "YAML anchors (&%s) are not supported in a scenario", (const char *)anchor);
        if (st == RF_OK && nodes > RF_MAX_YAML_NODES)
            st = rf_err_set(err, RF_EINVAL, path, line, NULL, "more than %d values (RF_MAX_YAML_NODES)",
                            RF_MAX_YAML_NODES);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return st;
}

/* Load the one document of the file; a second document is an error because
 * silently ignoring it would ignore half of what the user wrote. */
static rf_status parse_document(const char *path, const char *buf, size_t len,
                                yaml_document_t *doc, rf_err *err)
{
    yaml_parser_t parser;
    yaml_document_t extra;
    if (!yaml_parser_initialize(&parser))
        return rf_err_set(err, RF_ENOMEM, path, 0, NULL, "out of memory parsing YAML");
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
    rf_status st = RF_OK;
    if (!yaml_parser_load(&parser, doc)) {
        st = parser_error(&parser, path, buf, len, err);
    } else if (!yaml_parser_load(&parser, &extra)) {
        st = parser_error(&parser, path, buf, len, err);
        yaml_document_delete(doc);
    } else {
        yaml_node_t *root2 = yaml_document_get_root_node(&extra);
        if (root2)
            st = rf_err_set(err, RF_EPARSE, path, node_line(root2), NULL,
                            "a scenario file holds one YAML document, found a second one");
        yaml_document_delete(&extra);
        if (st) yaml_document_delete(doc);
    }
    yaml_parser_delete(&parser);
    return st;
}

/* The text of a scalar that must hold a value (not a list, a mapping or null). */
static rf_status scalar_value(load_ctx *c, const yaml_node_t *val, const char *field,
                              const char *what, const char **text)
{
    if (val->type != YAML_SCALAR_NODE || is_null(val))
        return rf_err_set(c->err, RF_EPARSE, c->path, node_line(val), field, "expected %s, got %s",
                          what, node_kind(val));
    /* A "\0" escape would silently cut the C string short. */
    if (strlen(scalar_text(val)) != val->data.scalar.length)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field,
                          "contains a NUL character");
    *text = scalar_text(val);
    return RF_OK;
}

/* An owned copy of a non-empty string scalar. */
static rf_status get_string(load_ctx *c, const yaml_node_t *val, const char *field, char **out)
{
    const char *s;
    rf_status st = scalar_value(c, val, field, "a string", &s);
    if (st) return st;
    if (!*s) return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field, "must not be empty");
    if (strlen(s) > RF_MAX_NAME_BYTES)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field,
                          "longer than %d bytes (RF_MAX_NAME_BYTES)", RF_MAX_NAME_BYTES);
    if (rf__has_control(s))
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field,
                          "contains a control character");
    *out = rf__strdup(s);
    return *out ? RF_OK : oom(c);
}

/* An owned copy of an identifier ("*" included: it passes rf__is_ident). */
static rf_status get_ident(load_ctx *c, const yaml_node_t *val, const char *field, char **out)
{
    const char *s;
    rf_status st = scalar_value(c, val, field, "an id", &s);
    if (st) return st;
    if (!rf__is_ident(s))
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field,
                          "`%.80s` is not a valid id (at most %d bytes; no blanks, commas, quotes or "
                          "control characters; \"*\" matches all)", s, RF_MAX_ID_BYTES);
    *out = rf__strdup(s);
    return *out ? RF_OK : oom(c);
}

/* A finite number within [lo, hi] (quoted numbers are accepted as well);
 * `limit` names hi when it is a limit of limits.h. */
static rf_status get_number(load_ctx *c, const yaml_node_t *val, const char *field, double lo,
                            double hi, const char *limit, double *out)
{
    const char *s;
    double v;
    rf_status st = scalar_value(c, val, field, "a number", &s);
    if (st) return st;
    if (rf__parse_double(s, &v))
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field, "`%s` is not a number", s);
    if (v < lo)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field, "must be >= %g, got %s", lo, s);
    if (v > hi && limit)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field, "must be <= %g (%s), got %s",
                          hi, limit, s);
    if (v > hi)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field,
                          "must be within [%g, %g], got %s", lo, hi, s);
    *out = v + 0.0; /* turns -0 into 0 so that output never shows "-0" */
    return RF_OK;
}

/* The text of a mapping key; keys that are lists or mappings are rejected. */
static rf_status key_text(load_ctx *c, const yaml_node_t *key, const char *section, const char **out)
{
    if (key->type != YAML_SCALAR_NODE)
        return rf_err_set(c->err, RF_EPARSE, c->path, node_line(key), section,
                          "keys must be plain names, got %s", node_kind(key));
    *out = scalar_text(key);
    return RF_OK;
}

static rf_status duplicate_key(load_ctx *c, const yaml_node_t *key, const char *section,
                               const char *name, int first_line)
{
    char field[RF_ERR_FIELD_MAX];
    make_field(field, sizeof field, section, name);
    return rf_err_set(c->err, RF_EPARSE, c->path, node_line(key), field,
                      "duplicate key `%s` (first given at line %d)", name, first_line);
}

/* Number of items of a list value; null (`demand:` with nothing) is an empty
 * list, so commenting out every item of a lever is not an error. */
static rf_status list_length(load_ctx *c, const yaml_node_t *val, const char *field,
                             const char *what, size_t *n)
{
    *n = 0;
    if (is_null(val)) return RF_OK;
    if (val->type != YAML_SEQUENCE_NODE)
        return rf_err_set(c->err, RF_EPARSE, c->path, node_line(val), field, "expected %s, got %s",
                          what, node_kind(val));
    ptrdiff_t len = val->data.sequence.items.top - val->data.sequence.items.start;
    if (len > INT_MAX)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field, "too many items");
    *n = (size_t)len;
    return RF_OK;
}

static void join_item_keys(char *out, size_t size, const item_key *keys, size_t nkeys)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t k = 0; k < nkeys && used < size; k++) {
        int w = snprintf(out + used, size - used, "%s%s%s", k ? ", " : "", keys[k].key,
                         keys[k].required ? "" : "?");
        if (w < 0) break;
        used += (size_t)w;
    }
}

/* Check an item's keys against its table and fill slots[] with the values;
 * unknown, duplicate and missing required keys are RF_EPARSE. */
static rf_status collect_item(load_ctx *c, yaml_node_t *item, const char *section,
                              const item_key *keys, size_t nkeys, item_slot *slots)
{
    char known[256], field[RF_ERR_FIELD_MAX];
    join_item_keys(known, sizeof known, keys, nkeys);
    if (item->type != YAML_MAPPING_NODE)
        return rf_err_set(c->err, RF_EPARSE, c->path, node_line(item), section,
                          "each %s item must be a mapping {%s}, got %s", section, known, node_kind(item));
    for (size_t k = 0; k < nkeys; k++) slots[k] = (item_slot){NULL, 0};
    for (yaml_node_pair_t *p = item->data.mapping.pairs.start; p < item->data.mapping.pairs.top; p++) {
        yaml_node_t *key = yaml_document_get_node(c->doc, p->key);
        const char *name = NULL;
        rf_status st = key_text(c, key, section, &name);
        if (st) return st;
        size_t k = 0;
        while (k < nkeys && strcmp(keys[k].key, name) != 0) k++;
        make_field(field, sizeof field, section, name);
        if (k == nkeys)
            return rf_err_set(c->err, RF_EPARSE, c->path, node_line(key), field,
                              "unknown key `%s` (known: %s)", name, known);
        if (slots[k].val) return duplicate_key(c, key, section, name, slots[k].key_line);
        slots[k].val = yaml_document_get_node(c->doc, p->value);
        slots[k].key_line = node_line(key);
    }
    for (size_t k = 0; k < nkeys; k++) {
        if (!keys[k].required || slots[k].val) continue;
        make_field(field, sizeof field, section, keys[k].key);
        return rf_err_set(c->err, RF_EPARSE, c->path, node_line(item), field,
                          "missing required key `%s`", keys[k].key);
    }
    return RF_OK;
}

/* ---- name, data ------------------------------------------------------- */

static rf_status load_name(load_ctx *c, const yaml_node_t *key, yaml_node_t *val)
{
    char *name;
    (void)key;
    rf_status st = get_string(c, val, "name", &name);
    if (st) return st;
    free(c->sc->name); /* the default derived from the file name */
    c->sc->name = name;
    return RF_OK;
}

static rf_status load_data(load_ctx *c, const yaml_node_t *key, yaml_node_t *val)
{
    char *rel;
    rf_status st = get_string(c, val, "data", &rel);
    if (st) return st;
    /* Relative to the scenario file, not the working directory, so that a
     * scenario and its dataset can be moved together. */
    char *dir = rf__dirname(c->path);
    char *full = dir ? rf__path_join(dir, rel) : NULL;
    free(dir);
    free(rel);
    if (!full) return oom(c);
    c->sc->data_dir = full;
    c->sc->data_line = node_line(key);
    return RF_OK;
}

/* ---- years ------------------------------------------------------------ */

static rf_status add_year(load_ctx *c, year_set *ys, int year, int line)
{
    if (year < YEAR_MIN || year > YEAR_MAX)
        return rf_err_set(c->err, RF_EINVAL, c->path, line, "years", "year %d is outside %d..%d", year,
                          YEAR_MIN, YEAR_MAX);
    int *first = &ys->line[year - YEAR_MIN];
    if (*first)
        return rf_err_set(c->err, RF_EINVAL, c->path, line, "years",
                          "year %d is given twice (first at line %d)", year, *first);
    *first = line;
    return RF_OK;
}

/* Split "A:B" into two ints; non-zero when the text is not such a range. */
static int parse_range(const char *s, int *a, int *b)
{
    const char *colon = strchr(s, ':');
    char left[32];
    size_t n = colon ? (size_t)(colon - s) : 0;
    if (!colon || n >= sizeof left) return -1;
    memcpy(left, s, n);
    left[n] = '\0';
    return rf__parse_int(left, a) || rf__parse_int(colon + 1, b);
}

/* One scalar: a year (2024) or an inclusive range ("2025:2027"). */
static rf_status years_scalar(load_ctx *c, const yaml_node_t *val, year_set *ys)
{
    const char *s;
    int a, b, line = node_line(val);
    rf_status st = scalar_value(c, val, "years", "a year, a list of years or a range A:B", &s);
    if (st) return st;
    if (!rf__parse_int(s, &a)) return add_year(c, ys, a, line);
    if (parse_range(s, &a, &b))
        return rf_err_set(c->err, RF_EINVAL, c->path, line, "years",
                          "`%s` is not a year or a range A:B", s);
    if (b < a)
        return rf_err_set(c->err, RF_EINVAL, c->path, line, "years", "range %d:%d ends before it starts",
                          a, b);
    /* Check both ends first so the loop below is bounded by YEAR_SPAN. */
    if ((st = add_year(c, ys, a, line)) != RF_OK) return st;
    if (b > YEAR_MAX) return add_year(c, ys, b, line);
    for (int y = a + 1; y <= b; y++)
        if ((st = add_year(c, ys, y, line)) != RF_OK) return st;
    return RF_OK;
}

static rf_status years_list(load_ctx *c, yaml_node_t *val, year_set *ys)
{
    for (yaml_node_item_t *it = val->data.sequence.items.start; it < val->data.sequence.items.top; it++) {
        yaml_node_t *item = yaml_document_get_node(c->doc, *it);
        if (item->type != YAML_SCALAR_NODE)
            return rf_err_set(c->err, RF_EPARSE, c->path, node_line(item), "years",
                              "expected a year, got %s", node_kind(item));
        rf_status st = years_scalar(c, item, ys);
        if (st) return st;
    }
    return RF_OK;
}

static rf_status load_years(load_ctx *c, const yaml_node_t *key, yaml_node_t *val)
{
    year_set ys = {{0}};
    rf_status st;
    if (val->type == YAML_SEQUENCE_NODE)
        st = years_list(c, val, &ys);
    else
        st = years_scalar(c, val, &ys); /* reports mappings and null as wrong type */
    if (st) return st;
    int n = 0;
    for (int i = 0; i < YEAR_SPAN; i++) n += ys.line[i] != 0;
    if (n == 0)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), "years", "empty list of years");
    int *years = malloc((size_t)n * sizeof *years);
    if (!years) return oom(c);
    n = 0;
    for (int i = 0; i < YEAR_SPAN; i++)
        if (ys.line[i]) years[n++] = YEAR_MIN + i; /* ascending by construction */
    free(c->sc->years); /* the default [2024] */
    c->sc->years = years;
    c->sc->nyears = n;
    c->sc->years_line = node_line(key);
    return RF_OK;
}

/* ---- demand, capacity ------------------------------------------------- */

enum { D_REGION, D_SECTOR, D_PRODUCT, D_FACTOR, D_NKEYS };
static const item_key demand_keys[] = {
    {"region", 1}, {"sector", 1}, {"product", 0}, {"factor", 1}};
_Static_assert(sizeof demand_keys / sizeof demand_keys[0] == D_NKEYS, "demand_keys out of sync");

enum { C_FACILITY, C_FACTOR, C_NKEYS };
static const item_key capacity_keys[] = {{"facility", 1}, {"factor", 1}};
_Static_assert(sizeof capacity_keys / sizeof capacity_keys[0] == C_NKEYS, "capacity_keys out of sync");

static rf_status demand_item(load_ctx *c, yaml_node_t *item, rf_demand_override *d)
{
    item_slot s[D_NKEYS];
    rf_status st = collect_item(c, item, "demand", demand_keys, D_NKEYS, s);
    if (st) return st;
    d->line = node_line(item);
    if ((st = get_ident(c, s[D_REGION].val, "demand.region", &d->region)) != RF_OK) return st;
    if ((st = get_ident(c, s[D_SECTOR].val, "demand.sector", &d->sector)) != RF_OK) return st;
    if (s[D_PRODUCT].val && (st = get_ident(c, s[D_PRODUCT].val, "demand.product", &d->product)) != RF_OK)
        return st;
    /* product "*" means every product, which the struct spells NULL; one
     * spelling means the model needs only one test. */
    if (d->product && !strcmp(d->product, "*")) {
        free(d->product);
        d->product = NULL;
    }
    return get_number(c, s[D_FACTOR].val, "demand.factor", 0, RF_MAX_FACTOR, "RF_MAX_FACTOR", &d->factor);
}

static rf_status load_demand(load_ctx *c, const yaml_node_t *key, yaml_node_t *val)
{
    size_t n;
    (void)key;
    rf_status st = list_length(c, val, "demand", "a list of {region, sector, product?, factor}", &n);
    if (st || n == 0) return st;
    if (n > (size_t)(RF_MAX_OVERRIDES - c->sc->ncapacity))
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), "demand",
                          "more than %d demand and capacity overrides (RF_MAX_OVERRIDES)", RF_MAX_OVERRIDES);
    c->sc->demand = calloc(n, sizeof *c->sc->demand);
    if (!c->sc->demand) return oom(c);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = yaml_document_get_node(c->doc, val->data.sequence.items.start[i]);
        /* Count the item before filling it so rf_scenario_free frees a half-filled one. */
        st = demand_item(c, item, &c->sc->demand[c->sc->ndemand++]);
        if (st) return st;
    }
    return RF_OK;
}

static rf_status capacity_item(load_ctx *c, yaml_node_t *item, rf_capacity_override *o)
{
    item_slot s[C_NKEYS];
    rf_status st = collect_item(c, item, "capacity", capacity_keys, C_NKEYS, s);
    if (st) return st;
    o->line = node_line(item);
    if ((st = get_ident(c, s[C_FACILITY].val, "capacity.facility", &o->facility)) != RF_OK) return st;
    return get_number(c, s[C_FACTOR].val, "capacity.factor", 0, RF_MAX_FACTOR, "RF_MAX_FACTOR", &o->factor);
}

static rf_status load_capacity(load_ctx *c, const yaml_node_t *key, yaml_node_t *val)
{
    size_t n;
    (void)key;
    rf_status st = list_length(c, val, "capacity", "a list of {facility, factor}", &n);
    if (st || n == 0) return st;
    if (n > (size_t)(RF_MAX_OVERRIDES - c->sc->ndemand))
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), "capacity",
                          "more than %d demand and capacity overrides (RF_MAX_OVERRIDES)", RF_MAX_OVERRIDES);
    c->sc->capacity = calloc(n, sizeof *c->sc->capacity);
    if (!c->sc->capacity) return oom(c);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = yaml_document_get_node(c->doc, val->data.sequence.items.start[i]);
        st = capacity_item(c, item, &c->sc->capacity[c->sc->ncapacity++]);
        if (st) return st;
    }
    return RF_OK;
}

/* ---- periods (the short run) -------------------------------------------- */

/* How many periods a year is stepped by: whole months, so 1, 2, 4 or 12
 * (rf_scenario_periods_valid).  The reader only stores it; the simulation
 * steps the periods. */
static rf_status load_periods(load_ctx *c, const yaml_node_t *key, yaml_node_t *val)
{
    const char *s;
    int n;
    rf_status st = scalar_value(c, val, "periods", "1, 2, 4 or 12", &s);
    if (st) return st;
    if (rf__parse_int(s, &n) || !rf_scenario_periods_valid(n))
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), "periods",
                          "`%s` is not a number of periods a year: 1 (annual), 2, 4 (quarters) or 12 (months)",
                          s);
    c->sc->periods = n;
    c->sc->periods_line = node_line(key);
    return RF_OK;
}

/* ---- expectations, demand growth (the years) ---------------------------- */

static rf_status load_expectations(load_ctx *c, const yaml_node_t *key, yaml_node_t *val)
{
    const char *s;
    rf_status st = scalar_value(c, val, "expectations", "adaptive, reference or perfect", &s);
    if (st) return st;
    if (!strcmp(s, "adaptive")) c->sc->expectations = RF_EXPECT_ADAPTIVE;
    else if (!strcmp(s, "reference")) c->sc->expectations = RF_EXPECT_REFERENCE;
    else if (!strcmp(s, "perfect")) c->sc->expectations = RF_EXPECT_PERFECT;
    else
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), "expectations",
                          "unknown expectations `%s` (adaptive, reference, perfect)", s);
    c->sc->expectations_line = node_line(key);
    return RF_OK;
}

enum { G_REGION, G_SECTOR, G_PRODUCT, G_RATE, G_FROM, G_TO, G_NKEYS };
static const item_key growth_keys[] = {{"region", 1}, {"sector", 1}, {"product", 0},
                                       {"rate", 1},   {"from", 0},   {"to", 0}};
_Static_assert(sizeof growth_keys / sizeof growth_keys[0] == G_NKEYS, "growth_keys out of sync");

/* A year of a growth item: within the run years' range. */
static rf_status growth_year(load_ctx *c, const yaml_node_t *val, const char *field, int *out)
{
    const char *s;
    rf_status st = scalar_value(c, val, field, "a year", &s);
    if (st) return st;
    if (rf__parse_int(s, out) || *out < YEAR_MIN || *out > YEAR_MAX)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field, "`%s` is not a year (%d..%d)", s,
                          YEAR_MIN, YEAR_MAX);
    return RF_OK;
}

static rf_status growth_item(load_ctx *c, yaml_node_t *item, rf_growth_override *g)
{
    item_slot s[G_NKEYS];
    rf_status st = collect_item(c, item, "demand_growth", growth_keys, G_NKEYS, s);
    if (st) return st;
    g->line = node_line(item);
    if ((st = get_ident(c, s[G_REGION].val, "demand_growth.region", &g->region)) ||
        (st = get_ident(c, s[G_SECTOR].val, "demand_growth.sector", &g->sector)) ||
        (s[G_PRODUCT].val && (st = get_ident(c, s[G_PRODUCT].val, "demand_growth.product", &g->product))) ||
        (st = get_number(c, s[G_RATE].val, "demand_growth.rate", -0.5, 1.0, NULL, &g->rate)) ||
        (s[G_FROM].val && (st = growth_year(c, s[G_FROM].val, "demand_growth.from", &g->from))) ||
        (s[G_TO].val && (st = growth_year(c, s[G_TO].val, "demand_growth.to", &g->to))))
        return st;
    if (g->product && !strcmp(g->product, "*")) {
        free(g->product);
        g->product = NULL;
    }
    if (g->from && g->to && g->to < g->from)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[G_TO].val), "demand_growth.to",
                          "ends before it starts");
    return RF_OK;
}

static rf_status load_growth(load_ctx *c, const yaml_node_t *key, yaml_node_t *val)
{
    size_t n;
    (void)key;
    rf_status st = list_length(c, val, "demand_growth", "a list of {region, sector, product?, rate, from?, to?}", &n);
    if (st || n == 0) return st;
    if (n > RF_MAX_OVERRIDES)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), "demand_growth",
                          "more than %d items (RF_MAX_OVERRIDES)", RF_MAX_OVERRIDES);
    c->sc->growth = calloc(n, sizeof *c->sc->growth);
    if (!c->sc->growth) return oom(c);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = yaml_document_get_node(c->doc, val->data.sequence.items.start[i]);
        st = growth_item(c, item, &c->sc->growth[c->sc->ngrowth++]);
        if (st) return st;
    }
    return RF_OK;
}

/* ---- levers (docs/policies.md) ----------------------------------------- */

/* An id or a list of ids ("*" allowed) into an owned rf_idlist. */
static rf_status get_idlist(load_ctx *c, yaml_node_t *val, const char *field, rf_idlist *out)
{
    size_t n = val->type == YAML_SEQUENCE_NODE
                   ? (size_t)(val->data.sequence.items.top - val->data.sequence.items.start)
                   : 1;
    /* One list is filled by one key: a second fill would index past the first
     * allocation (two keys of one item must never share a list). */
    if (out->ids || out->n)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field,
                          "this list was already given by another key of the item");
    if (n == 0)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field, "empty list");
    if (n > RF_MAX_LIST_IDS)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field,
                          "more than %d ids (RF_MAX_LIST_IDS)", RF_MAX_LIST_IDS);
    out->ids = calloc(n, sizeof *out->ids);
    if (!out->ids) return oom(c);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = val->type == YAML_SEQUENCE_NODE
                                ? yaml_document_get_node(c->doc, val->data.sequence.items.start[i])
                                : val;
        rf_status st = get_ident(c, item, field, &out->ids[out->n]);
        if (st) return st;
        out->n++;
    }
    return RF_OK;
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* A year (2025) or a date (2025-04-04) as a fractional year.  `end` makes a
 * year mean its end and a date the end of that day, so that `to` is inclusive
 * as people write it ("from 2027 to 2028" is two whole years). */
static rf_status get_date(load_ctx *c, const yaml_node_t *val, const char *field, int end, double *out)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const char *s;
    int y, m, d;
    char tail;
    rf_status st = scalar_value(c, val, field, "a year or a date YYYY-MM-DD", &s);
    if (st) return st;
    if (!rf__parse_int(s, &y)) {
        if (y < YEAR_MIN || y > YEAR_MAX) goto bad;
        *out = (double)y + (end ? 1.0 : 0.0);
        return RF_OK;
    }
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < YEAR_MIN || y > YEAR_MAX || m < 1 ||
        m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap(y)))
        goto bad;
    int doy = d - 1, ndays = 365 + leap(y);
    for (int i = 0; i < m - 1; i++) doy += mdays[i] + (i == 1 && leap(y));
    *out = (double)y + (double)(doy + (end ? 1 : 0)) / (double)ndays;
    return RF_OK;
bad:
    return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field,
                      "`%s` is not a year (%d..%d) or a date YYYY-MM-DD", s, YEAR_MIN, YEAR_MAX);
}

/* Keys every lever may have, then each lever's own.  A key is one meaning,
 * not one word: a loan's `rate` (K_LRATE, 0..1, the loan's) and a collection
 * lever's (K_CRATE, a share collected) are not a tariff's (K_RATE, up to
 * RF_MAX_TARIFF_RATE), so each has its own index; no form takes two of them. */
enum { K_NAME, K_FROM, K_TO, K_ORIGIN, K_DEST, K_PRODUCTS, K_RATE, K_SPECIFIC, K_MODE, K_QUOTA,
       K_SHARE, K_TYPE, K_FACILITY, K_REGION, K_STAGE, K_SECTOR, K_FACTOR, K_PRICE, K_VOLUME,
       K_PAYER, K_INITIAL, K_TARGET, K_FILLP, K_FILLR, K_RELP, K_RELR, K_DEMAND, K_EXCLUDE,
       K_MEMBERS, K_TFREE, K_UPSIDE,
       /* the investment levers (the years) */
       K_PROJECTS, K_STAGES, K_AMOUNT, K_MRATE, K_TENOR, K_GRACE, K_EBITDA, K_YEARS, K_CUTY, K_CUTS,
       K_PREMIUM, K_DELAY, K_STRETCH, K_LRATE,
       /* the collection lever */
       K_SECTORS, K_CRATE,
       /* quotas and licences counted in t of REO, exemptions of named tariffs (the short run) */
       K_BASIS, K_TARIFFS, K_NKEYS };
static const char *const key_names[K_NKEYS] = {
    "name", "from", "to", "origin", "destination", "products", "rate", "specific", "mode", "quota_t",
    "share", "type", "facility", "region", "stage", "sector", "factor", "price", "volume_cap_t",
    "payer", "initial_t", "target_t", "fill_price", "fill_rate_t", "release_price", "release_rate_t",
    "demand", "exclude", "members", "tariff_free", "upside_share",
    "projects", "stages", "amount_musd", "market_rate", "tenor_years", "grace_years", "ebitda_musd",
    "years", "cut_years", "cut_share", "capex_premium", "delay_years", "ramp_stretch", "rate",
    "sectors", "rate", "basis", "tariffs"};

/* One section of levers: its YAML key, its kind and which keys it takes
 * (0 not allowed, 1 optional, 2 required).  Export controls call the origin
 * `exporter` and the destinations `destinations`; sanctions `between`/`and`. */
typedef struct lever_form {
    const char *section;
    rf_policy_kind kind;
    signed char use[K_NKEYS];
    const char *alias[K_NKEYS];
} lever_form;

static const lever_form forms[] = {
    {"tariffs", RF_POL_TARIFF, {1, 1, 1, 2, 2, 2, 1, 1}, {0}},
    {"exemptions", RF_POL_EXEMPTION, {1, 1, 1, 1, 1, 2, [K_TARIFFS] = 1}, {0}},
    {"export_controls", RF_POL_EXPORT_CONTROL, {1, 1, 1, 2, 1, 2, 0, 0, 2, 1, 1, [K_BASIS] = 1},
     {[K_ORIGIN] = "exporter", [K_DEST] = "destinations"}},
    {"sanctions", RF_POL_SANCTION, {1, 1, 1, 2, 2}, {[K_ORIGIN] = "between", [K_DEST] = "and"}},
    {"shocks", RF_POL_KIND_COUNT, {1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 2, 1, 1, 1, 1, 1},
     {[K_ORIGIN] = "exporter", [K_DEST] = "destinations"}},
    {"price_floors", RF_POL_FLOOR,
     {[K_NAME] = 1, [K_FROM] = 1, [K_TO] = 1, [K_PRODUCTS] = 2, [K_FACILITY] = 2, [K_PRICE] = 2,
      [K_VOLUME] = 1, [K_PAYER] = 2, [K_UPSIDE] = 1},
     {[K_PRODUCTS] = "product", [K_PRICE] = "floor"}},
    {"offtakes", RF_POL_OFFTAKE,
     {[K_NAME] = 1, [K_FROM] = 1, [K_TO] = 1, [K_PRODUCTS] = 2, [K_FACILITY] = 2, [K_PRICE] = 1,
      [K_PAYER] = 2, [K_SHARE] = 2},
     {[K_PRODUCTS] = "product", [K_PAYER] = "buyer"}},
    {"stockpiles", RF_POL_STOCKPILE,
     {[K_NAME] = 1, [K_FROM] = 1, [K_TO] = 1, [K_REGION] = 2, [K_PRODUCTS] = 2, [K_INITIAL] = 1,
      [K_TARGET] = 2, [K_FILLP] = 2, [K_FILLR] = 2, [K_RELP] = 2, [K_RELR] = 2},
     {[K_PRODUCTS] = "product"}},
    {"sourcing_rules", RF_POL_SOURCING,
     {[K_NAME] = 1, [K_FROM] = 1, [K_TO] = 1, [K_DEMAND] = 2, [K_EXCLUDE] = 2, [K_MEMBERS] = 1,
      [K_TFREE] = 1},
     {0}},
    {"content_rules", RF_POL_CONTENT,
     {[K_NAME] = 1, [K_FROM] = 1, [K_TO] = 1, [K_ORIGIN] = 2, [K_DEST] = 1},
     {[K_ORIGIN] = "exporter", [K_DEST] = "destinations"}},
    /* The investment levers select projects by `projects` (facility ids), `regions`
     * (into origins) and `stages`; a technology ban by the regions outside `exporter`. */
    {"grants", RF_POL_GRANT,
     {[K_NAME] = 1, [K_FROM] = 1, [K_TO] = 1, [K_PAYER] = 2, [K_PROJECTS] = 1, [K_REGION] = 1,
      [K_STAGES] = 1, [K_SHARE] = 1, [K_AMOUNT] = 1},
     {[K_REGION] = "regions"}},
    {"loans", RF_POL_LOAN,
     {[K_NAME] = 1, [K_FROM] = 1, [K_TO] = 1, [K_PAYER] = 2, [K_PROJECTS] = 1, [K_REGION] = 1,
      [K_STAGES] = 1, [K_SHARE] = 2, [K_LRATE] = 2, [K_MRATE] = 1, [K_TENOR] = 2, [K_GRACE] = 1},
     {[K_REGION] = "regions"}},
    {"equity", RF_POL_EQUITY,
     {[K_NAME] = 1, [K_FROM] = 1, [K_TO] = 1, [K_PAYER] = 2, [K_PROJECTS] = 1, [K_REGION] = 1,
      [K_STAGES] = 1, [K_SHARE] = 2},
     {[K_REGION] = "regions"}},
    {"ebitda_guarantees", RF_POL_GUARANTEE,
     {[K_NAME] = 1, [K_FROM] = 1, [K_TO] = 1, [K_PAYER] = 2, [K_PROJECTS] = 1, [K_REGION] = 1,
      [K_STAGES] = 1, [K_EBITDA] = 2, [K_YEARS] = 2},
     {[K_REGION] = "regions"}},
    {"permitting", RF_POL_PERMITTING,
     {[K_NAME] = 1, [K_FROM] = 1, [K_TO] = 1, [K_REGION] = 1, [K_STAGES] = 1, [K_CUTY] = 1, [K_CUTS] = 1},
     {[K_REGION] = "regions"}},
    {"technology_bans", RF_POL_TECH_BAN,
     {[K_NAME] = 1, [K_FROM] = 1, [K_TO] = 1, [K_ORIGIN] = 2, [K_STAGES] = 1, [K_PREMIUM] = 2,
      [K_DELAY] = 2, [K_STRETCH] = 2},
     {[K_ORIGIN] = "exporter"}},
    {"project_blocks", RF_POL_PROJECT_BLOCK,
     {[K_NAME] = 1, [K_FROM] = 1, [K_TO] = 1, [K_PROJECTS] = 1, [K_REGION] = 1, [K_STAGES] = 1},
     {[K_REGION] = "regions"}},
    /* Collection selects (region, sector) pairs of the magnets in use; `rate` is a share. */
    {"collection", RF_POL_COLLECTION,
     {[K_NAME] = 1, [K_FROM] = 1, [K_TO] = 1, [K_REGION] = 1, [K_SECTORS] = 1, [K_CRATE] = 2},
     {[K_REGION] = "regions"}},
    /* An export tax names its exporter like an export control; no destinations: all. */
    {"export_taxes", RF_POL_EXPORT_TAX,
     {[K_NAME] = 1, [K_FROM] = 1, [K_TO] = 1, [K_ORIGIN] = 2, [K_DEST] = 1, [K_PRODUCTS] = 2, [K_RATE] = 2},
     {[K_ORIGIN] = "exporter", [K_DEST] = "destinations"}},
};

static const char *form_key(const lever_form *f, int k)
{
    return f->alias[k] ? f->alias[k] : key_names[k];
}

/* A section whose items are of several sorts takes the union of their keys;
 * once `type` (shocks) or `mode` (export controls) has said which sort an
 * item is, its variant says which of those keys it uses (0 not, 1 optional,
 * 2 required), so that every key has an effect and two keys never fill one
 * list (a shock's `exporter` and `region` both fill `origins`). */
typedef struct lever_variant {
    const char *section;
    rf_policy_kind kind;      /* as `type` made it */
    rf_control_mode mode;     /* export controls: as `mode` made it */
    const char *what;         /* for messages: "an outage shock", "mode quota" */
    signed char use[K_NKEYS];
} lever_variant;

#define COMMON [K_NAME] = 1, [K_FROM] = 1, [K_TO] = 1
static const lever_variant variants[] = {
    {"shocks", RF_POL_OUTAGE, RF_CTRL_BAN, "an outage shock",
     {COMMON, [K_TYPE] = 2, [K_FACILITY] = 1, [K_REGION] = 1, [K_STAGE] = 1, [K_FACTOR] = 2}},
    {"shocks", RF_POL_DEMAND, RF_CTRL_BAN, "a demand shock",
     {COMMON, [K_TYPE] = 2, [K_REGION] = 2, [K_SECTOR] = 2, [K_PRODUCTS] = 1, [K_FACTOR] = 2}},
    {"shocks", RF_POL_EXPORT_CONTROL, RF_CTRL_BAN, "a ban shock",
     {COMMON, [K_TYPE] = 2, [K_ORIGIN] = 2, [K_DEST] = 1, [K_PRODUCTS] = 2}},
    {"export_controls", RF_POL_EXPORT_CONTROL, RF_CTRL_BAN, "mode ban",
     {COMMON, [K_MODE] = 2, [K_ORIGIN] = 2, [K_DEST] = 1, [K_PRODUCTS] = 2}},
    {"export_controls", RF_POL_EXPORT_CONTROL, RF_CTRL_QUOTA, "mode quota",
     {COMMON, [K_MODE] = 2, [K_ORIGIN] = 2, [K_DEST] = 1, [K_PRODUCTS] = 2, [K_QUOTA] = 2, [K_BASIS] = 1}},
    {"export_controls", RF_POL_EXPORT_CONTROL, RF_CTRL_LICENCE, "mode licence",
     {COMMON, [K_MODE] = 2, [K_ORIGIN] = 2, [K_DEST] = 1, [K_PRODUCTS] = 2, [K_SHARE] = 2, [K_BASIS] = 1}},
};
#undef COMMON
#define N_VARIANTS (sizeof variants / sizeof variants[0])

/* Shock `type`: outage, demand, or ban (an export control under another name). */
static rf_status shock_kind(load_ctx *c, const yaml_node_t *val, rf_policy *p)
{
    const char *s;
    rf_status st = scalar_value(c, val, "shocks.type", "outage, demand or ban", &s);
    if (st) return st;
    if (!strcmp(s, "outage")) p->kind = RF_POL_OUTAGE;
    else if (!strcmp(s, "demand")) p->kind = RF_POL_DEMAND;
    else if (!strcmp(s, "ban")) {
        p->kind = RF_POL_EXPORT_CONTROL;
        p->mode = RF_CTRL_BAN;
    } else
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), "shocks.type",
                          "unknown shock `%s` (outage, demand, ban)", s);
    return RF_OK;
}

static rf_status control_mode(load_ctx *c, const yaml_node_t *val, rf_policy *p)
{
    const char *s;
    rf_status st = scalar_value(c, val, "export_controls.mode", "ban, quota or licence", &s);
    if (st) return st;
    if (!strcmp(s, "ban")) p->mode = RF_CTRL_BAN;
    else if (!strcmp(s, "quota")) p->mode = RF_CTRL_QUOTA;
    else if (!strcmp(s, "licence") || !strcmp(s, "license")) p->mode = RF_CTRL_LICENCE;
    else
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), "export_controls.mode",
                          "unknown mode `%s` (ban, quota, licence)", s);
    return RF_OK;
}

/* A sourcing or content rule's name becomes the tag of its compliant products
 * and so part of LP names and of every table: a short, plain word. */
static int tag_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 31) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.'))
            return 0;
    return 1;
}

/* A required key the lever's form or mode needs but the item lacks. */
static rf_status missing(load_ctx *c, const yaml_node_t *item, const char *section, const char *key,
                         const char *why)
{
    char field[RF_ERR_FIELD_MAX];
    make_field(field, sizeof field, section, key);
    return rf_err_set(c->err, RF_EPARSE, c->path, node_line(item), field, "missing key `%s`%s", key, why);
}

/* A key the item has that its variant does not use, naming the variants that do. */
static rf_status not_used(load_ctx *c, const lever_form *f, const item_slot *s, int k, const lever_variant *v)
{
    char field[RF_ERR_FIELD_MAX], only[128] = "";
    size_t used = 0;
    for (size_t i = 0; i < N_VARIANTS && used < sizeof only; i++)
        if (variants[i].use[k] && !strcmp(variants[i].section, f->section)) {
            int n = snprintf(only + used, sizeof only - used, "%s%s", used ? " or " : " (only in ", variants[i].what);
            if (n < 0) break;
            used += (size_t)n;
        }
    make_field(field, sizeof field, f->section, form_key(f, k));
    return rf_err_set(c->err, RF_EPARSE, c->path, s[k].key_line, field,
                      "`%s` does nothing in %s%s%s: every key must have an effect", form_key(f, k), v->what, only,
                      used ? ")" : "");
}

/*
 * The keys of an item against its variant, once `type` and `mode` are read
 * and before any other value is: a key the variant does not use, or one it
 * needs and the item lacks, is RF_EPARSE.  Sections without variants pass.
 */
static rf_status variant_keys(load_ctx *c, const lever_form *f, const yaml_node_t *item, const item_slot *s,
                              const rf_policy *p)
{
    const lever_variant *v = NULL;
    for (size_t i = 0; i < N_VARIANTS && !v; i++)
        if (!strcmp(variants[i].section, f->section) && variants[i].kind == p->kind &&
            (p->kind != RF_POL_EXPORT_CONTROL || variants[i].mode == p->mode))
            v = &variants[i];
    if (!v) return RF_OK;
    char why[64];
    snprintf(why, sizeof why, " (%s)", v->what);
    for (int k = 0; k < K_NKEYS; k++) {
        if (s[k].val && !v->use[k]) return not_used(c, f, s, k, v);
        if (!s[k].val && v->use[k] == 2) return missing(c, item, f->section, form_key(f, k), why);
    }
    return RF_OK;
}

/* Checks that depend on the lever's kind and mode, after its keys are read. */
static rf_status lever_rules(load_ctx *c, const lever_form *f, yaml_node_t *item, item_slot *s,
                             rf_policy *p)
{
    const char *sec = f->section;
    char field[RF_ERR_FIELD_MAX];
    if (p->kind == RF_POL_TARIFF && !s[K_RATE].val && !s[K_SPECIFIC].val)
        return missing(c, item, sec, "rate", " (or `specific`)");
    if (p->kind == RF_POL_OUTAGE && !s[K_FACILITY].val && !s[K_REGION].val)
        return missing(c, item, sec, "facility", " (or `region`)");
    if (p->kind == RF_POL_GRANT && !s[K_SHARE].val && !s[K_AMOUNT].val)
        return missing(c, item, sec, "share", " (or `amount_musd`)");
    if (p->kind == RF_POL_PERMITTING && !s[K_CUTY].val && !s[K_CUTS].val)
        return missing(c, item, sec, "cut_years", " (or `cut_share`)");
    if (p->kind == RF_POL_PERMITTING && s[K_CUTY].val && s[K_CUTS].val) {
        make_field(field, sizeof field, sec, "cut_share");
        return rf_err_set(c->err, RF_EPARSE, c->path, s[K_CUTS].key_line, field,
                          "give `cut_years` or `cut_share`, not both (`cut_years` at line %d)",
                          s[K_CUTY].key_line);
    }
    if (p->kind == RF_POL_LOAN && p->grace_years >= p->tenor_years) {
        make_field(field, sizeof field, sec, "grace_years");
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[K_GRACE].val), field,
                          "%d grace years leave no repayment before the tenor of %d years: must be "
                          "below tenor_years", p->grace_years, p->tenor_years);
    }
    if (p->kind == RF_POL_OUTAGE && p->factor > 1.0) {
        make_field(field, sizeof field, sec, "factor");
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[K_FACTOR].val), field,
                          "an outage factor is a share of capacity, within [0, 1]");
    }
    if (p->to <= p->from) {
        make_field(field, sizeof field, sec, "to");
        return rf_err_set(c->err, RF_EINVAL, c->path, s[K_TO].val ? node_line(s[K_TO].val) : node_line(item),
                          field, "ends before it starts");
    }
    return RF_OK;
}

/* A whole number within [lo, hi] (a number of years). */
static rf_status get_whole(load_ctx *c, const yaml_node_t *val, const char *field, int lo, int hi,
                           const char *limit, int *out)
{
    double v;
    rf_status st = get_number(c, val, field, lo, hi, limit, &v);
    if (st) return st;
    if (v != (double)(int)v)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field,
                          "must be a whole number of years, got %s", scalar_text(val));
    *out = (int)v;
    return RF_OK;
}

/*
 * The keys of the investment levers (grants, loans, equity, EBITDA
 * guarantees, permitting, technology bans, project blocks): which projects
 * they cover and their terms.  Money is given in MUSD and kept in USD.
 */
static rf_status invest_keys(load_ctx *c, const lever_form *f, const item_slot *s, rf_policy *p)
{
    char fld[RF_ERR_FIELD_MAX];
    rf_status st = RF_OK;
#define FIELD(k) (make_field(fld, sizeof fld, f->section, form_key(f, k)), fld)
    p->market_rate = -1.0; /* the project region's discount rate */
    p->ramp_stretch = 1.0;
    if (s[K_PROJECTS].val && (st = get_idlist(c, s[K_PROJECTS].val, FIELD(K_PROJECTS), &p->projects))) return st;
    if (s[K_STAGES].val && (st = get_idlist(c, s[K_STAGES].val, FIELD(K_STAGES), &p->stages))) return st;
    /* The stages are the model's, not the dataset's: known here already. */
    for (int i = 0; i < p->stages.n; i++)
        if (strcmp(p->stages.ids[i], "*") && rf_stage_from_name(p->stages.ids[i]) < 0)
            return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[K_STAGES].val), FIELD(K_STAGES),
                              "unknown stage `%s` (mine, separation, metal, magnet, recycling)", p->stages.ids[i]);
    if (s[K_LRATE].val && (st = get_number(c, s[K_LRATE].val, FIELD(K_LRATE), 0, 1, NULL, &p->loan_rate)))
        return st;
    if (s[K_MRATE].val && (st = get_number(c, s[K_MRATE].val, FIELD(K_MRATE), 0, 1, NULL, &p->market_rate)))
        return st;
    if (s[K_TENOR].val &&
        (st = get_whole(c, s[K_TENOR].val, FIELD(K_TENOR), 1, RF_MAX_TERM_YEARS, "RF_MAX_TERM_YEARS",
                        &p->tenor_years)))
        return st;
    if (s[K_GRACE].val &&
        (st = get_whole(c, s[K_GRACE].val, FIELD(K_GRACE), 0, RF_MAX_TERM_YEARS, "RF_MAX_TERM_YEARS",
                        &p->grace_years)))
        return st;
    if (s[K_YEARS].val &&
        (st = get_whole(c, s[K_YEARS].val, FIELD(K_YEARS), 1, RF_MAX_TERM_YEARS, "RF_MAX_TERM_YEARS", &p->years)))
        return st;
    const struct { int k; double *dst; double lo, hi; const char *limit; } nums[] = {
        {K_AMOUNT, &p->amount_usd, 0, RF_MAX_MUSD, "RF_MAX_MUSD"},
        {K_EBITDA, &p->ebitda_usd, 0, RF_MAX_MUSD, "RF_MAX_MUSD"},
        {K_CUTY, &p->cut_years, 0, RF_MAX_TERM_YEARS, "RF_MAX_TERM_YEARS"},
        {K_CUTS, &p->cut_share, 0, 1, NULL},
        {K_PREMIUM, &p->capex_premium, 0, RF_MAX_COST_FACTOR, "RF_MAX_COST_FACTOR"},
        {K_DELAY, &p->delay_years, 0, RF_MAX_TERM_YEARS, "RF_MAX_TERM_YEARS"},
        {K_STRETCH, &p->ramp_stretch, 1, RF_MAX_RAMP_STRETCH, "RF_MAX_RAMP_STRETCH"}};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        if (s[nums[i].k].val &&
            (st = get_number(c, s[nums[i].k].val, FIELD(nums[i].k), nums[i].lo, nums[i].hi, nums[i].limit,
                             nums[i].dst)))
            return st;
#undef FIELD
    p->amount_usd *= 1e6;
    p->ebitda_usd *= 1e6;
    return RF_OK;
}

static rf_status lever_item(load_ctx *c, const lever_form *f, yaml_node_t *item, rf_policy *p)
{
    item_key keys[K_NKEYS];
    int map[K_NKEYS], nk = 0;
    item_slot slots[K_NKEYS], s[K_NKEYS];
    for (int k = 0; k < K_NKEYS; k++)
        if (f->use[k]) {
            keys[nk] = (item_key){form_key(f, k), f->use[k] == 2};
            map[nk++] = k;
        }
    rf_status st = collect_item(c, item, f->section, keys, (size_t)nk, slots);
    if (st) return st;
    for (int k = 0; k < K_NKEYS; k++) s[k] = (item_slot){NULL, 0};
    for (int i = 0; i < nk; i++) s[map[i]] = slots[i];
    char fld[RF_ERR_FIELD_MAX];
#define FIELD(k) (make_field(fld, sizeof fld, f->section, form_key(f, k)), fld)
    p->line = node_line(item);
    p->kind = f->kind;
    p->from = -1e9;
    p->to = 1e9;
    p->factor = 1.0;
    if (s[K_TYPE].val && (st = shock_kind(c, s[K_TYPE].val, p))) return st;
    if (s[K_MODE].val && (st = control_mode(c, s[K_MODE].val, p))) return st;
    if ((st = variant_keys(c, f, item, s, p))) return st;
    if (s[K_NAME].val && (st = get_string(c, s[K_NAME].val, FIELD(K_NAME), &p->name))) return st;
    if (p->name && (p->kind == RF_POL_SOURCING || p->kind == RF_POL_CONTENT) && !tag_ok(p->name))
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[K_NAME].val), FIELD(K_NAME),
                          "`%.80s` cannot name a rule: it tags products (magnet:NdFeB@NAME), so it is "
                          "1-31 letters, digits, '_', '-' or '.'", p->name);
    if (s[K_FROM].val && (st = get_date(c, s[K_FROM].val, FIELD(K_FROM), 0, &p->from))) return st;
    if (s[K_TO].val && (st = get_date(c, s[K_TO].val, FIELD(K_TO), 1, &p->to))) return st;
    if (s[K_ORIGIN].val && (st = get_idlist(c, s[K_ORIGIN].val, FIELD(K_ORIGIN), &p->origins))) return st;
    if (s[K_REGION].val && (st = get_idlist(c, s[K_REGION].val, FIELD(K_REGION), &p->origins))) return st;
    if (s[K_DEST].val && (st = get_idlist(c, s[K_DEST].val, FIELD(K_DEST), &p->dests))) return st;
    if (s[K_PRODUCTS].val && (st = get_idlist(c, s[K_PRODUCTS].val, FIELD(K_PRODUCTS), &p->products)))
        return st;
    if (s[K_RATE].val &&
        (st = get_number(c, s[K_RATE].val, FIELD(K_RATE), 0, RF_MAX_TARIFF_RATE, "RF_MAX_TARIFF_RATE", &p->rate)))
        return st;
    /* A collection rate is a share of the magnets leaving use, not a tariff. */
    if (s[K_CRATE].val && (st = get_number(c, s[K_CRATE].val, FIELD(K_CRATE), 0, 1, NULL, &p->collection_rate)))
        return st;
    if (s[K_SECTORS].val && (st = get_idlist(c, s[K_SECTORS].val, FIELD(K_SECTORS), &p->sectors))) return st;
    if (s[K_SPECIFIC].val &&
        (st = get_number(c, s[K_SPECIFIC].val, FIELD(K_SPECIFIC), 0, RF_MAX_PRICE_USD_PER_KG,
                         "RF_MAX_PRICE_USD_PER_KG", &p->specific)))
        return st;
    if (s[K_QUOTA].val &&
        (st = get_number(c, s[K_QUOTA].val, FIELD(K_QUOTA), 0, RF_MAX_QTY_T, "RF_MAX_QTY_T", &p->quota_t)))
        return st;
    if (s[K_SHARE].val && (st = get_number(c, s[K_SHARE].val, FIELD(K_SHARE), 0, 1, NULL, &p->share))) return st;
    if (s[K_BASIS].val) {
        /* What a quota's tonnes are tonnes of: the product as traded, or its REO content. */
        const char *b;
        if ((st = scalar_value(c, s[K_BASIS].val, FIELD(K_BASIS), "product or reo", &b))) return st;
        if (!strcmp(b, "reo")) p->basis_reo = 1;
        else if (strcmp(b, "product"))
            return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[K_BASIS].val), FIELD(K_BASIS),
                              "unknown basis `%s` (product: t of each product as traded; reo: t of REO content)",
                              b);
    }
    if (s[K_FACTOR].val &&
        (st = get_number(c, s[K_FACTOR].val, FIELD(K_FACTOR), 0, RF_MAX_FACTOR, "RF_MAX_FACTOR", &p->factor)))
        return st;
    if (s[K_FACILITY].val && (st = get_ident(c, s[K_FACILITY].val, FIELD(K_FACILITY), &p->facility)))
        return st;
    if (s[K_STAGE].val && (st = get_ident(c, s[K_STAGE].val, FIELD(K_STAGE), &p->stage))) return st;
    if (s[K_SECTOR].val && (st = get_ident(c, s[K_SECTOR].val, FIELD(K_SECTOR), &p->sector))) return st;
    p->price = -1.0;
    p->volume_t = -1.0;
    /* Prices and tonnages, each within its limit (rareflow/limits.h). */
    const struct { int k; double *dst; int price; } nums[] = {
        {K_PRICE, &p->price, 1},      {K_VOLUME, &p->volume_t, 0},    {K_INITIAL, &p->initial_t, 0},
        {K_TARGET, &p->target_t, 0},  {K_FILLP, &p->fill_price, 1},   {K_FILLR, &p->fill_rate_t, 0},
        {K_RELP, &p->release_price, 1}, {K_RELR, &p->release_rate_t, 0}};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        if (s[nums[i].k].val &&
            (st = get_number(c, s[nums[i].k].val, FIELD(nums[i].k), 0,
                             nums[i].price ? RF_MAX_PRICE_USD_PER_KG : RF_MAX_QTY_T,
                             nums[i].price ? "RF_MAX_PRICE_USD_PER_KG" : "RF_MAX_QTY_T", nums[i].dst)))
            return st;
    if (s[K_PAYER].val && (st = get_ident(c, s[K_PAYER].val, FIELD(K_PAYER), &p->payer))) return st;
    if (s[K_UPSIDE].val && (st = get_number(c, s[K_UPSIDE].val, FIELD(K_UPSIDE), 0, 1, NULL, &p->upside_share)))
        return st;
    if (s[K_DEMAND].val && (st = get_idlist(c, s[K_DEMAND].val, FIELD(K_DEMAND), &p->demand_spec))) return st;
    if (s[K_EXCLUDE].val && (st = get_idlist(c, s[K_EXCLUDE].val, FIELD(K_EXCLUDE), &p->exclude))) return st;
    if (s[K_MEMBERS].val && (st = get_idlist(c, s[K_MEMBERS].val, FIELD(K_MEMBERS), &p->members))) return st;
    if (s[K_TARIFFS].val && (st = get_idlist(c, s[K_TARIFFS].val, FIELD(K_TARIFFS), &p->tariffs))) return st;
    if (s[K_TFREE].val) {
        const char *b;
        if ((st = scalar_value(c, s[K_TFREE].val, FIELD(K_TFREE), "true or false", &b))) return st;
        if (!strcmp(b, "true")) p->tariff_free = 1;
        else if (strcmp(b, "false"))
            return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[K_TFREE].val), FIELD(K_TFREE),
                              "`%s` is not true or false", b);
    }
    if ((st = invest_keys(c, f, s, p))) return st;
    if ((p->kind == RF_POL_FLOOR || p->kind == RF_POL_OFFTAKE || p->kind == RF_POL_STOCKPILE) &&
        p->products.n != 1)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[K_PRODUCTS].val), FIELD(K_PRODUCTS),
                          "names one product");
#undef FIELD
    return lever_rules(c, f, item, s, p);
}

static rf_status load_levers(load_ctx *c, const lever_form *f, yaml_node_t *val)
{
    size_t n;
    rf_status st = list_length(c, val, f->section, "a list of mappings", &n);
    if (st || n == 0) return st;
    if (n > (size_t)(RF_MAX_LEVERS - c->sc->npolicies))
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), f->section,
                          "more than %d levers and shocks in one scenario (RF_MAX_LEVERS)", RF_MAX_LEVERS);
    rf_policy *grown = realloc(c->sc->policies, (size_t)(c->sc->npolicies + (int)n) * sizeof *grown);
    if (!grown) return oom(c);
    c->sc->policies = grown;
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = yaml_document_get_node(c->doc, val->data.sequence.items.start[i]);
        rf_policy *p = &c->sc->policies[c->sc->npolicies++];
        memset(p, 0, sizeof *p);
        if ((st = lever_item(c, f, item, p)) != RF_OK) return st;
    }
    return RF_OK;
}

static rf_status load_tariffs(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[0], v); }
static rf_status load_exemptions(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[1], v); }
static rf_status load_controls(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[2], v); }
static rf_status load_sanctions(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[3], v); }
static rf_status load_shocks(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[4], v); }
static rf_status load_floors(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[5], v); }
static rf_status load_offtakes(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[6], v); }
static rf_status load_stockpiles(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[7], v); }
static rf_status load_sourcing(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[8], v); }
static rf_status load_content(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[9], v); }
static rf_status load_grants(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[10], v); }
static rf_status load_loans(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[11], v); }
static rf_status load_equity(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[12], v); }
static rf_status load_guarantees(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[13], v); }
static rf_status load_permitting(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[14], v); }
static rf_status load_tech_bans(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[15], v); }
static rf_status load_blocks(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[16], v); }
static rf_status load_collection(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[17], v); }
static rf_status load_export_taxes(load_ctx *c, const yaml_node_t *k, yaml_node_t *v) { (void)k; return load_levers(c, &forms[18], v); }

/* ---- uncertainty (docs/uncertainty.md) ---------------------------------- */

/* The keys of an `uncertainty:` item.  Which selectors a target takes, which
 * parameters a distribution takes and which apply modes a target allows are
 * checked once the item's target and dist are known, so that every key given
 * has an effect. */
enum { U_NAME, U_TARGET, U_REGION, U_SECTOR, U_PRODUCT, U_FACILITY, U_STAGE, U_PROJECT, U_POLICY, U_DIST,
       U_MEAN, U_SD, U_LO, U_HI, U_MODE, U_VALUES, U_PROBS, U_APPLY, U_TRUNCATE, U_GROUP, U_NKEYS };
static const item_key uncertain_keys[] = {
    {"name", 0},  {"target", 1}, {"region", 0}, {"sector", 0}, {"product", 0}, {"facility", 0}, {"stage", 0},
    {"project", 0}, {"policy", 0}, {"dist", 1}, {"mean", 0}, {"sd", 0}, {"lo", 0}, {"hi", 0}, {"mode", 0},
    {"values", 0}, {"probs", 0}, {"apply", 0}, {"truncate", 0}, {"group", 0}};
_Static_assert(sizeof uncertain_keys / sizeof uncertain_keys[0] == U_NKEYS, "uncertain_keys out of sync");

/* Per target: its YAML name, the selector keys it takes, its default apply
 * mode and the modes it allows (bit 1 << rf_uncertain_apply). */
#define SEL(k) (1u << (k))
#define AP(a) (1u << (a))
static const struct uncertain_form {
    const char *name;
    unsigned selectors;
    rf_uncertain_op dflt;
    unsigned applies;
} uforms[RF_UNC_TARGET_COUNT] = {
    {"demand.growth", SEL(U_REGION) | SEL(U_SECTOR) | SEL(U_PRODUCT), RF_UNC_SET,
     AP(RF_UNC_SET) | AP(RF_UNC_MULTIPLY) | AP(RF_UNC_ADD)},
    {"demand.elasticity", SEL(U_REGION) | SEL(U_SECTOR) | SEL(U_PRODUCT), RF_UNC_MULTIPLY,
     AP(RF_UNC_SET) | AP(RF_UNC_MULTIPLY) | AP(RF_UNC_ADD)},
    {"facility.capacity", SEL(U_FACILITY) | SEL(U_REGION) | SEL(U_STAGE), RF_UNC_MULTIPLY,
     AP(RF_UNC_SET) | AP(RF_UNC_MULTIPLY) | AP(RF_UNC_ADD)},
    {"facility.cost", SEL(U_FACILITY) | SEL(U_REGION) | SEL(U_STAGE), RF_UNC_MULTIPLY,
     AP(RF_UNC_SET) | AP(RF_UNC_MULTIPLY) | AP(RF_UNC_ADD)},
    {"project.capex", SEL(U_PROJECT) | SEL(U_REGION) | SEL(U_STAGE), RF_UNC_MULTIPLY,
     AP(RF_UNC_SET) | AP(RF_UNC_MULTIPLY) | AP(RF_UNC_ADD)},
    {"project.lead_time", SEL(U_PROJECT) | SEL(U_REGION) | SEL(U_STAGE), RF_UNC_ADD,
     AP(RF_UNC_SET) | AP(RF_UNC_MULTIPLY) | AP(RF_UNC_ADD)},
    {"policy.share", SEL(U_POLICY), RF_UNC_SET, AP(RF_UNC_SET) | AP(RF_UNC_MULTIPLY) | AP(RF_UNC_ADD)},
    {"policy.rate", SEL(U_POLICY), RF_UNC_SET, AP(RF_UNC_SET) | AP(RF_UNC_MULTIPLY) | AP(RF_UNC_ADD)},
    {"policy.price", SEL(U_POLICY), RF_UNC_SET, AP(RF_UNC_SET) | AP(RF_UNC_MULTIPLY) | AP(RF_UNC_ADD)},
    {"policy.quota_t", SEL(U_POLICY), RF_UNC_SET, AP(RF_UNC_SET) | AP(RF_UNC_MULTIPLY) | AP(RF_UNC_ADD)},
    {"policy.target_t", SEL(U_POLICY), RF_UNC_SET, AP(RF_UNC_SET) | AP(RF_UNC_MULTIPLY) | AP(RF_UNC_ADD)},
    {"policy.factor", SEL(U_POLICY), RF_UNC_SET, AP(RF_UNC_SET) | AP(RF_UNC_MULTIPLY) | AP(RF_UNC_ADD)},
    {"policy.from", SEL(U_POLICY), RF_UNC_SET, AP(RF_UNC_SET) | AP(RF_UNC_ADD)},
    {"policy.active", SEL(U_POLICY), RF_UNC_SET, AP(RF_UNC_SET)},
};

/* Per distribution: its name and the parameter keys it needs (all required). */
static const struct dist_form {
    const char *name;
    unsigned keys;
} dforms[] = {
    [RF_DIST_NORMAL] = {"normal", SEL(U_MEAN) | SEL(U_SD)},
    [RF_DIST_LOGNORMAL] = {"lognormal", SEL(U_MEAN) | SEL(U_SD)},
    [RF_DIST_UNIFORM] = {"uniform", SEL(U_LO) | SEL(U_HI)},
    [RF_DIST_TRIANGULAR] = {"triangular", SEL(U_LO) | SEL(U_MODE) | SEL(U_HI)},
    [RF_DIST_DISCRETE] = {"discrete", SEL(U_VALUES) | SEL(U_PROBS)},
};
#define N_DISTS (sizeof dforms / sizeof dforms[0])
#define U_PARAMS (SEL(U_MEAN) | SEL(U_SD) | SEL(U_LO) | SEL(U_HI) | SEL(U_MODE) | SEL(U_VALUES) | SEL(U_PROBS))

/* A distribution parameter: any finite number within +-1e15. */
#define U_BIG 1e15

/* A list of 1..RF_DIST_MAX_VALUES numbers. */
static rf_status get_numlist(load_ctx *c, yaml_node_t *val, const char *field, double *out, int *n)
{
    if (val->type != YAML_SEQUENCE_NODE)
        return rf_err_set(c->err, RF_EPARSE, c->path, node_line(val), field, "expected a list of numbers, got %s",
                          node_kind(val));
    ptrdiff_t len = val->data.sequence.items.top - val->data.sequence.items.start;
    if (len < 1 || len > RF_DIST_MAX_VALUES)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field,
                          "a list of 1 to %d numbers (RF_DIST_MAX_VALUES), got %td", RF_DIST_MAX_VALUES, len);
    for (ptrdiff_t i = 0; i < len; i++) {
        yaml_node_t *item = yaml_document_get_node(c->doc, val->data.sequence.items.start[i]);
        rf_status st = get_number(c, item, field, -U_BIG, U_BIG, NULL, &out[i]);
        if (st) return st;
    }
    *n = (int)len;
    return RF_OK;
}

/* `truncate: [lo, hi]`; a null end (`~`) is open. */
static rf_status get_truncate(load_ctx *c, yaml_node_t *val, rf_dist *d)
{
    const char *field = "uncertainty.truncate";
    if (val->type != YAML_SEQUENCE_NODE || val->data.sequence.items.top - val->data.sequence.items.start != 2)
        return rf_err_set(c->err, RF_EPARSE, c->path, node_line(val), field,
                          "expected [lo, hi] (a null end is open: [0, ~]), got %s", node_kind(val));
    double b[2] = {-HUGE_VAL, HUGE_VAL};
    for (int i = 0; i < 2; i++) {
        yaml_node_t *item = yaml_document_get_node(c->doc, val->data.sequence.items.start[i]);
        if (is_null(item)) continue;
        rf_status st = get_number(c, item, field, -U_BIG, U_BIG, NULL, &b[i]);
        if (st) return st;
    }
    if (!(b[0] < b[1]))
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), field,
                          "the lower end %g is not below the upper end %g", b[0], b[1]);
    d->truncated = 1;
    d->tlo = b[0];
    d->thi = b[1];
    return RF_OK;
}

/* Whether the distribution puts some probability within its truncation. */
static int dist_has_mass(const rf_dist *d)
{
    if (!d->truncated) return 1;
    switch (d->kind) {
    case RF_DIST_NORMAL: return d->sd > 0.0 || (d->mean >= d->tlo && d->mean <= d->thi);
    case RF_DIST_LOGNORMAL: return d->thi > 0.0 && (d->sd > 0.0 || (d->mean >= d->tlo && d->mean <= d->thi));
    case RF_DIST_UNIFORM:
    case RF_DIST_TRIANGULAR:
        if (d->lo == d->hi) return d->lo >= d->tlo && d->lo <= d->thi;
        return (d->hi < d->thi ? d->hi : d->thi) > (d->lo > d->tlo ? d->lo : d->tlo);
    case RF_DIST_DISCRETE:
        for (int i = 0; i < d->nvalues; i++)
            if (d->probs[i] > 0.0 && d->values[i] >= d->tlo && d->values[i] <= d->thi) return 1;
        return 0;
    }
    return 0;
}

/* The distribution's parameters, each checked (docs/uncertainty.md, "Distributions"). */
static rf_status uncertain_dist(load_ctx *c, yaml_node_t *item, const item_slot *s, rf_dist *d)
{
    rf_status st;
    const char *name;
    char field[RF_ERR_FIELD_MAX];
    if ((st = scalar_value(c, s[U_DIST].val, "uncertainty.dist", "a distribution", &name))) return st;
    size_t k = 0;
    while (k < N_DISTS && strcmp(dforms[k].name, name)) k++;
    if (k == N_DISTS)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[U_DIST].val), "uncertainty.dist",
                          "unknown distribution `%s` (normal, lognormal, uniform, triangular, discrete)", name);
    d->kind = (rf_dist_kind)k;
    d->tlo = -HUGE_VAL;
    d->thi = HUGE_VAL;
    for (int key = 0; key < U_NKEYS; key++) {
        if (!(U_PARAMS & SEL(key))) continue;
        make_field(field, sizeof field, "uncertainty", uncertain_keys[key].key);
        if (s[key].val && !(dforms[k].keys & SEL(key)))
            return rf_err_set(c->err, RF_EPARSE, c->path, s[key].key_line, field,
                              "`%s` does nothing in a %s distribution: every key must have an effect",
                              uncertain_keys[key].key, name);
        if (!s[key].val && (dforms[k].keys & SEL(key)))
            return rf_err_set(c->err, RF_EPARSE, c->path, node_line(item), field,
                              "missing key `%s` (a %s distribution needs it)", uncertain_keys[key].key, name);
    }
    const struct { int key; double *dst; } nums[] = {
        {U_MEAN, &d->mean}, {U_SD, &d->sd}, {U_LO, &d->lo}, {U_HI, &d->hi}, {U_MODE, &d->mode}};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        if (s[nums[i].key].val) {
            make_field(field, sizeof field, "uncertainty", uncertain_keys[nums[i].key].key);
            if ((st = get_number(c, s[nums[i].key].val, field, -U_BIG, U_BIG, NULL, nums[i].dst))) return st;
        }
    switch (d->kind) {
    case RF_DIST_NORMAL:
    case RF_DIST_LOGNORMAL:
        if (d->sd < 0.0)
            return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[U_SD].val), "uncertainty.sd",
                              "a standard deviation must be >= 0, got %g", d->sd);
        if (d->kind == RF_DIST_LOGNORMAL && !(d->mean > 0.0))
            return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[U_MEAN].val), "uncertainty.mean",
                              "a lognormal's mean (of the variable itself) must be > 0, got %g", d->mean);
        break;
    case RF_DIST_UNIFORM:
    case RF_DIST_TRIANGULAR:
        if (d->lo > d->hi)
            return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[U_HI].val), "uncertainty.hi",
                              "hi %g is below lo %g", d->hi, d->lo);
        if (d->kind == RF_DIST_TRIANGULAR && (d->mode < d->lo || d->mode > d->hi))
            return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[U_MODE].val), "uncertainty.mode",
                              "the peak %g is outside [lo, hi] = [%g, %g]", d->mode, d->lo, d->hi);
        break;
    case RF_DIST_DISCRETE: {
        int np = 0;
        double sum = 0.0;
        if ((st = get_numlist(c, s[U_VALUES].val, "uncertainty.values", d->values, &d->nvalues)) ||
            (st = get_numlist(c, s[U_PROBS].val, "uncertainty.probs", d->probs, &np)))
            return st;
        if (np != d->nvalues)
            return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[U_PROBS].val), "uncertainty.probs",
                              "%d probabilities for %d values: one each", np, d->nvalues);
        for (int i = 0; i < np; i++) {
            if (d->probs[i] < 0.0 || d->probs[i] > 1.0)
                return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[U_PROBS].val), "uncertainty.probs",
                                  "probability %g is outside [0, 1]", d->probs[i]);
            sum += d->probs[i];
        }
        if (fabs(sum - 1.0) > 1e-6)
            return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[U_PROBS].val), "uncertainty.probs",
                              "the probabilities sum to %.10g, not 1", sum);
        break;
    }
    }
    if (s[U_TRUNCATE].val && (st = get_truncate(c, s[U_TRUNCATE].val, d))) return st;
    if (!dist_has_mass(d))
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[U_TRUNCATE].val), "uncertainty.truncate",
                          "[%g, %g] leaves the %s distribution no probability", d->tlo, d->thi, name);
    return RF_OK;
}

/* The index of group `name`, added when new. */
static rf_status uncertain_group(load_ctx *c, const char *name, int *out)
{
    rf_scenario *sc = c->sc;
    for (int g = 0; g < sc->nuncertain_groups; g++)
        if (!strcmp(sc->uncertain_groups[g], name)) return *out = g, RF_OK;
    char **grown = realloc(sc->uncertain_groups, (size_t)(sc->nuncertain_groups + 1) * sizeof *grown);
    if (!grown) return oom(c);
    sc->uncertain_groups = grown;
    if (!(grown[sc->nuncertain_groups] = rf__strdup(name))) return oom(c);
    *out = sc->nuncertain_groups++;
    return RF_OK;
}

static rf_status uncertain_item(load_ctx *c, yaml_node_t *item, rf_uncertain *u)
{
    item_slot s[U_NKEYS];
    char field[RF_ERR_FIELD_MAX];
    rf_status st = collect_item(c, item, "uncertainty", uncertain_keys, U_NKEYS, s);
    if (st) return st;
    u->line = node_line(item);
    u->group = -1;
    u->policy_index = -1;
    const char *t;
    if ((st = scalar_value(c, s[U_TARGET].val, "uncertainty.target", "a target", &t))) return st;
    int k = 0;
    while (k < RF_UNC_TARGET_COUNT && strcmp(uforms[k].name, t)) k++;
    if (k == RF_UNC_TARGET_COUNT)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[U_TARGET].val), "uncertainty.target",
                          "unknown target `%s` (demand.growth, demand.elasticity, facility.capacity, facility.cost, "
                          "project.capex, project.lead_time, policy.share, policy.rate, policy.price, policy.quota_t, "
                          "policy.target_t, policy.factor, policy.from, policy.active)", t);
    u->target = (rf_uncertain_target)k;
    const struct uncertain_form *f = &uforms[k];
    /* Selectors: those of the target only; policy.* needs its lever. */
    static const int selkeys[] = {U_REGION, U_SECTOR, U_PRODUCT, U_FACILITY, U_STAGE, U_PROJECT, U_POLICY};
    for (size_t i = 0; i < sizeof selkeys / sizeof selkeys[0]; i++) {
        int key = selkeys[i];
        if (!s[key].val || (f->selectors & SEL(key))) continue;
        make_field(field, sizeof field, "uncertainty", uncertain_keys[key].key);
        return rf_err_set(c->err, RF_EPARSE, c->path, s[key].key_line, field,
                          "`%s` does nothing for target %s: every key must have an effect", uncertain_keys[key].key,
                          f->name);
    }
    if ((f->selectors & SEL(U_POLICY)) && !s[U_POLICY].val)
        return rf_err_set(c->err, RF_EPARSE, c->path, u->line, "uncertainty.policy",
                          "missing key `policy` (the name of the lever %s perturbs)", f->name);
    if ((s[U_REGION].val && (st = get_idlist(c, s[U_REGION].val, "uncertainty.region", &u->regions))) ||
        (s[U_SECTOR].val && (st = get_idlist(c, s[U_SECTOR].val, "uncertainty.sector", &u->sectors))) ||
        (s[U_PRODUCT].val && (st = get_idlist(c, s[U_PRODUCT].val, "uncertainty.product", &u->products))) ||
        (s[U_FACILITY].val && (st = get_idlist(c, s[U_FACILITY].val, "uncertainty.facility", &u->facilities))) ||
        (s[U_STAGE].val && (st = get_idlist(c, s[U_STAGE].val, "uncertainty.stage", &u->stages))) ||
        (s[U_PROJECT].val && (st = get_idlist(c, s[U_PROJECT].val, "uncertainty.project", &u->projects))) ||
        (s[U_POLICY].val && (st = get_string(c, s[U_POLICY].val, "uncertainty.policy", &u->policy))))
        return st;
    /* Stages are the model's: known already. */
    for (int i = 0; i < u->stages.n; i++)
        if (strcmp(u->stages.ids[i], "*") && rf_stage_from_name(u->stages.ids[i]) < 0)
            return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[U_STAGE].val), "uncertainty.stage",
                              "unknown stage `%s` (mine, separation, metal, magnet, recycling)", u->stages.ids[i]);
    if ((st = uncertain_dist(c, item, s, &u->dist))) return st;
    u->apply = f->dflt;
    if (s[U_APPLY].val) {
        const char *a;
        if ((st = scalar_value(c, s[U_APPLY].val, "uncertainty.apply", "set, multiply or add", &a))) return st;
        if (!strcmp(a, "set")) u->apply = RF_UNC_SET;
        else if (!strcmp(a, "multiply")) u->apply = RF_UNC_MULTIPLY;
        else if (!strcmp(a, "add")) u->apply = RF_UNC_ADD;
        else
            return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[U_APPLY].val), "uncertainty.apply",
                              "unknown apply `%s` (set, multiply, add)", a);
        if (!(f->applies & AP(u->apply)))
            return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[U_APPLY].val), "uncertainty.apply",
                              "%s takes apply %s only", f->name,
                              u->target == RF_UNC_POLICY_ACTIVE ? "set (1 on as written, 0 off)" : "set or add");
    }
    if (u->target == RF_UNC_POLICY_ACTIVE) {
        /* A switch: a discrete law on 0 (off) and 1 (on, as written). */
        int ok = u->dist.kind == RF_DIST_DISCRETE;
        for (int i = 0; ok && i < u->dist.nvalues; i++) ok = u->dist.values[i] == 0.0 || u->dist.values[i] == 1.0;
        if (!ok)
            return rf_err_set(c->err, RF_EINVAL, c->path, node_line(s[U_DIST].val), "uncertainty.dist",
                              "policy.active is a switch: dist discrete with values 0 (off) and 1 (on, as written)");
    }
    if (s[U_GROUP].val) {
        char *g = NULL;
        if ((st = get_ident(c, s[U_GROUP].val, "uncertainty.group", &g))) return st;
        st = uncertain_group(c, g, &u->group);
        free(g);
        if (st) return st;
    }
    if (s[U_NAME].val) {
        if ((st = get_string(c, s[U_NAME].val, "uncertainty.name", &u->name))) return st;
    } else {
        char buf[64];
        snprintf(buf, sizeof buf, "%s@%d", f->name, u->line);
        if (!(u->name = rf__strdup(buf))) return oom(c);
    }
    return RF_OK;
}

static rf_status load_uncertainty(load_ctx *c, const yaml_node_t *key, yaml_node_t *val)
{
    size_t n;
    (void)key;
    rf_status st = list_length(c, val, "uncertainty", "a list of {target, selectors, dist, parameters, ...}", &n);
    if (st || n == 0) return st;
    if (n > RF_MAX_OVERRIDES)
        return rf_err_set(c->err, RF_EINVAL, c->path, node_line(val), "uncertainty",
                          "more than %d uncertain inputs (RF_MAX_OVERRIDES)", RF_MAX_OVERRIDES);
    c->sc->uncertain = calloc(n, sizeof *c->sc->uncertain);
    if (!c->sc->uncertain) return oom(c);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = yaml_document_get_node(c->doc, val->data.sequence.items.start[i]);
        rf_uncertain *u = &c->sc->uncertain[c->sc->nuncertain++];
        if ((st = uncertain_item(c, item, u))) return st;
        for (int j = 0; j + 1 < c->sc->nuncertain; j++)
            if (!strcmp(c->sc->uncertain[j].name, u->name))
                return rf_err_set(c->err, RF_EINVAL, c->path, u->line, "uncertainty.name",
                                  "`%s` names two inputs (first at line %d): names label the outputs",
                                  u->name, c->sc->uncertain[j].line);
    }
    return RF_OK;
}

/* Once every section is read: each policy.* input names a lever of the
 * scenario that has the field it perturbs. */
static rf_status resolve_uncertain(load_ctx *c)
{
    rf_scenario *sc = c->sc;
    for (int i = 0; i < sc->nuncertain; i++) {
        rf_uncertain *u = &sc->uncertain[i];
        if (!u->policy) continue;
        int named = 0, has = 0;
        for (int k = 0; k < sc->npolicies; k++) {
            const rf_policy *p = &sc->policies[k];
            if (!p->name || strcmp(p->name, u->policy)) continue;
            if (u->policy_index < 0) u->policy_index = k;
            named++;
            switch (u->target) {
            case RF_UNC_POLICY_SHARE:
                has += (p->kind == RF_POL_EXPORT_CONTROL && p->mode == RF_CTRL_LICENCE) || p->kind == RF_POL_OFFTAKE ||
                       p->kind == RF_POL_LOAN || p->kind == RF_POL_EQUITY ||
                       (p->kind == RF_POL_GRANT && !(p->amount_usd > 0.0 && p->share == 0.0));
                break;
            case RF_UNC_POLICY_RATE:
                has += p->kind == RF_POL_TARIFF || p->kind == RF_POL_EXPORT_TAX || p->kind == RF_POL_LOAN ||
                       p->kind == RF_POL_COLLECTION;
                break;
            case RF_UNC_POLICY_PRICE: has += p->kind == RF_POL_FLOOR || (p->kind == RF_POL_OFFTAKE && p->price >= 0.0); break;
            case RF_UNC_POLICY_QUOTA: has += p->kind == RF_POL_EXPORT_CONTROL && p->mode == RF_CTRL_QUOTA; break;
            case RF_UNC_POLICY_TARGET: has += p->kind == RF_POL_STOCKPILE; break;
            case RF_UNC_POLICY_FACTOR: has += p->kind == RF_POL_OUTAGE || p->kind == RF_POL_DEMAND; break;
            default: has++; break; /* from, active: every lever */
            }
        }
        if (!named)
            return rf_err_set(c->err, RF_EINVAL, c->path, u->line, "uncertainty.policy",
                              "no lever of the scenario is named `%s` (give the lever a `name:`)", u->policy);
        if (!has) {
            static const char *const which[] = {
                [RF_UNC_POLICY_SHARE] = "a licence, an offtake, a grant by share, a loan or equity",
                [RF_UNC_POLICY_RATE] = "a tariff, an export tax, a loan or a collection lever",
                [RF_UNC_POLICY_PRICE] = "a price floor or an offtake at a fixed price",
                [RF_UNC_POLICY_QUOTA] = "an export quota",
                [RF_UNC_POLICY_TARGET] = "a stockpile",
                [RF_UNC_POLICY_FACTOR] = "an outage or a demand shock"};
            return rf_err_set(c->err, RF_EINVAL, c->path, u->line, "uncertainty.policy",
                              "lever `%s` is a %s, which has no %s: only %s has", u->policy,
                              rf_policy_kind_name(sc->policies[u->policy_index].kind),
                              rf_uncertain_target_name(u->target) + 7, which[u->target]);
        }
    }
    return RF_OK;
}
#undef SEL
#undef AP

/* ---- root ------------------------------------------------------------- */

/* A root key handler: `key` gives the line recorded in the scenario. */
typedef rf_status (*root_handler)(load_ctx *c, const yaml_node_t *key, yaml_node_t *val);

/* The root keys, in the order the "known:" list names them.  A new lever is
 * one row here and one handler above. */
static const struct root_key {
    const char *key;
    root_handler load;
} root_keys[] = {
    {"name", load_name},
    {"years", load_years},
    {"data", load_data},
    {"demand", load_demand},
    {"capacity", load_capacity},
    {"expectations", load_expectations},
    {"periods", load_periods},
    {"demand_growth", load_growth},
    {"tariffs", load_tariffs},
    {"exemptions", load_exemptions},
    {"export_controls", load_controls},
    {"sanctions", load_sanctions},
    {"shocks", load_shocks},
    {"price_floors", load_floors},
    {"offtakes", load_offtakes},
    {"stockpiles", load_stockpiles},
    {"sourcing_rules", load_sourcing},
    {"content_rules", load_content},
    {"grants", load_grants},
    {"loans", load_loans},
    {"equity", load_equity},
    {"ebitda_guarantees", load_guarantees},
    {"permitting", load_permitting},
    {"technology_bans", load_tech_bans},
    {"project_blocks", load_blocks},
    {"collection", load_collection},
    {"export_taxes", load_export_taxes},
    {"uncertainty", load_uncertainty},
};
#define N_ROOT_KEYS (sizeof root_keys / sizeof root_keys[0])

static rf_status unknown_root_key(load_ctx *c, const yaml_node_t *key, const char *name)
{
    char known[512];
    size_t used = 0;
    known[0] = '\0';
    for (size_t k = 0; k < N_ROOT_KEYS && used < sizeof known; k++) {
        int w = snprintf(known + used, sizeof known - used, "%s%s", k ? ", " : "", root_keys[k].key);
        if (w < 0) break;
        used += (size_t)w;
    }
    return rf_err_set(c->err, RF_EPARSE, c->path, node_line(key), name,
                      "unknown key `%s` (known: %s)", name, known);
}

static rf_status load_root(load_ctx *c, yaml_node_t *root)
{
    int first_line[N_ROOT_KEYS] = {0};
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *key = yaml_document_get_node(c->doc, p->key);
        const char *name = NULL;
        rf_status st = key_text(c, key, NULL, &name);
        if (st) return st;
        size_t k = 0;
        while (k < N_ROOT_KEYS && strcmp(root_keys[k].key, name) != 0) k++;
        if (k == N_ROOT_KEYS) return unknown_root_key(c, key, name);
        if (first_line[k]) return duplicate_key(c, key, NULL, name, first_line[k]);
        first_line[k] = node_line(key);
        st = root_keys[k].load(c, key, yaml_document_get_node(c->doc, p->value));
        if (st) return st;
    }
    return RF_OK;
}

/* The file's base name without its extension ("dir/shock.yaml" -> "shock"). */
static char *default_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = (dot && dot != base) ? (size_t)(dot - base) : strlen(base);
    if (n == 0) return rf__strdup("scenario");
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, base, n);
        s[n] = '\0';
    }
    return s;
}

/* Build the scenario from a parsed document, starting from the baseline so
 * that every key left out keeps the baseline's default. */
static rf_status build_scenario(const char *path, yaml_document_t *doc, rf_scenario **out, rf_err *err)
{
    yaml_node_t *root = yaml_document_get_root_node(doc);
    if (!root || is_null(root)) return rf_err_set(err, RF_EPARSE, path, 0, NULL, "empty scenario");
    if (root->type != YAML_MAPPING_NODE)
        return rf_err_set(err, RF_EPARSE, path, node_line(root), NULL,
                          "a scenario must be a mapping of keys (name, years, data, ...), got %s",
                          node_kind(root));
    rf_scenario *sc = rf_scenario_new_baseline(err);
    if (!sc) return RF_ENOMEM;
    load_ctx c = {path, doc, sc, err};
    free(sc->file);
    free(sc->name);
    sc->file = rf__strdup(path);
    sc->name = default_name(path);
    rf_status st = (sc->file && sc->name) ? load_root(&c, root) : oom(&c);
    if (st == RF_OK) st = resolve_uncertain(&c);
    if (st) {
        rf_scenario_free(sc);
        return st;
    }
    *out = sc;
    return RF_OK;
}

rf_status rf_scenario_parse(const char *name, const char *text, size_t len, rf_scenario **out,
                            rf_err *err)
{
    yaml_document_t doc;
    if (out) *out = NULL;
    if (!name || !text || !out)
        return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "rf_scenario_parse: name, text and out are required");
    if (len > RF_MAX_SCENARIO_BYTES)
        return rf_err_set(err, RF_EINVAL, name, 0, NULL,
                          "larger than the limit of %d bytes (RF_MAX_SCENARIO_BYTES)", RF_MAX_SCENARIO_BYTES);
    rf_status st = check_events(name, text, len, err);
    if (st == RF_OK) st = parse_document(name, text, len, &doc, err);
    if (st == RF_OK) {
        st = build_scenario(name, &doc, out, err);
        yaml_document_delete(&doc);
    }
    return st;
}

rf_status rf_scenario_load(const char *path, rf_scenario **out, rf_err *err)
{
    char *buf = NULL;
    size_t len = 0;
    if (out) *out = NULL;
    if (!path || !out)
        return rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "rf_scenario_load: path and out are required");
    rf_status st = rf__read_file(path, RF_MAX_SCENARIO_BYTES, "RF_MAX_SCENARIO_BYTES", &buf, &len, err);
    if (st == RF_OK) st = rf_scenario_parse(path, buf, len, out, err);
    free(buf);
    return st;
}
