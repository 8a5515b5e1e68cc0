/*
 * html_out.c: the self-contained HTML report (docs/report.md).
 *
 * The report is a template (web/src/report.html) with three marks filled in:
 * the style sheet, the scripts (the chart library from the npm registry and
 * rareflow's own chart code, all inlined so that the file opens offline) and
 * the data: one JSON document in <script type="application/json"
 * id="rareflow-data">, the run's document as `run --json` printed it (with
 * --vs, {"runs": [A, B]}) plus the `sankey` the report draws.  The charts are
 * drawn by the library in the browser; nothing here draws.
 *
 * A Monte Carlo run's document (`mc --json`: it has `percentiles` and
 * `draws`, no `years`) is the data block as it is, with no Sankey; its
 * template is web/src/mc_report.html (docs/uncertainty.md).
 *
 * The run documents are copied as text, not re-printed, so that the report
 * carries the very numbers `run --json` printed; only `<` is escaped (as
 * \u003c, valid anywhere a `<` can stand in JSON: inside strings), so that no
 * scenario name can close the script element.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>

#include "rareflow/output.h"

#define MARK_STYLE "<!-- rareflow:style -->"
#define MARK_SCRIPTS "<!-- rareflow:scripts -->"
#define MARK_DATA "<!-- rareflow:data -->"

/* The order of the Sankey's columns: mines and end-of-life collection, then
 * separators and recyclers, metal, magnets, end use.  A link must run from a
 * lower column to a higher one (a Sankey is drawn acyclic); what runs back
 * (swarf from magnet makers to recyclers) is reported as loop_t instead. */
static int stage_rank(const char *s)
{
    static const char *order[] = {"mine", "end_of_life", "separation", "recycling", "metal", "magnet", "end_use"};
    static const int rank[] = {0, 0, 1, 1, 2, 3, 4};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (s && !strcmp(s, order[i])) return rank[i];
    return -1;
}

/* The node "stage:region" of `nodes` (added if new); its index or -1 on ENOMEM. */
static int node_of(json_t *nodes, json_t *index, const char *stage, const char *region)
{
    char id[160];
    snprintf(id, sizeof id, "%s:%s", stage, region);
    json_t *at = json_object_get(index, id);
    if (at) return (int)json_integer_value(at);
    int k = (int)json_array_size(nodes);
    json_t *n = json_pack("{s:s, s:s, s:s}", "id", id, "stage", stage, "region", region);
    if (!n || json_array_append_new(nodes, n) || json_object_set_new(index, id, json_integer(k))) return -1;
    return k;
}

/* One year's Sankey from its stage_flows rows: nodes (stage, region), links
 * between them summed over products.  NULL on ENOMEM. */
static json_t *sankey_year(json_t *year, int run)
{
    json_t *nodes = json_array(), *links = json_array(), *index = json_object(), *sums = json_object();
    json_t *out = NULL;
    double loop_t = 0.0;
    int ok = nodes && links && index && sums;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(year, "stage_flows"), i, row) {
        if (!ok) break;
        const char *fs = json_string_value(json_object_get(row, "from_stage"));
        const char *fr = json_string_value(json_object_get(row, "from_region"));
        const char *ts = json_string_value(json_object_get(row, "to_stage"));
        const char *tr = json_string_value(json_object_get(row, "to_region"));
        double t = json_number_value(json_object_get(row, "t"));
        if (!fs || !fr || !ts || !tr || !(t > 0.0)) continue;
        if (stage_rank(ts) <= stage_rank(fs)) {
            loop_t += t;
            continue;
        }
        int a = node_of(nodes, index, fs, fr), b = node_of(nodes, index, ts, tr);
        if (a < 0 || b < 0) {
            ok = 0;
            break;
        }
        char key[32];
        snprintf(key, sizeof key, "%d>%d", a, b);
        json_t *link = json_object_get(sums, key);
        if (link) {
            json_object_set_new(link, "t", json_real(json_number_value(json_object_get(link, "t")) + t));
            continue;
        }
        link = json_pack("{s:i, s:i, s:f}", "source", a, "target", b, "t", t);
        ok = link && !json_array_append_new(links, link) && !json_object_set(sums, key, link);
    }
    if (ok)
        out = json_pack("{s:O, s:i, s:O, s:O, s:f}", "year", json_object_get(year, "year"), "run", run, "nodes",
                        nodes, "links", links, "loop_t", loop_t);
    json_decref(nodes);
    json_decref(links);
    json_decref(index);
    json_decref(sums);
    return out;
}

/* Write `s` with every `<` as \u003c (see the head of this file). */
static int put_json_text(FILE *fp, const char *s)
{
    for (const char *p = s; *p;) {
        const char *lt = strchr(p, '<');
        size_t n = lt ? (size_t)(lt - p) : strlen(p);
        if (n && fwrite(p, 1, n, fp) != n) return -1;
        if (!lt) break;
        if (fputs("\\u003c", fp) == EOF) return -1;
        p = lt + 1;
    }
    return 0;
}

/* A script's text inlined: a `</script`, `<script` or `<!--` in it would end
 * or confuse the element (or a reader that looks for the data block by its
 * tag), so such a `<` is written as `<\` (the same characters for JavaScript
 * inside a string, regex or comment; the chart library has none today). */
static int put_script(FILE *fp, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p == '<' && (!strncasecmp(p + 1, "/script", 7) || !strncasecmp(p + 1, "script", 6) || !strncmp(p + 1, "!--", 3))) {
            if (fputs("<\\", fp) == EOF) return -1;
            continue;
        }
        if (fputc(*p, fp) == EOF) return -1;
    }
    return 0;
}

/* The text of a run document without its opening `{` (the report splices its
 * own keys in front), or NULL when it is not an object. */
static const char *after_brace(const char *doc)
{
    while (*doc == ' ' || *doc == '\n' || *doc == '\t' || *doc == '\r') doc++;
    return *doc == '{' ? doc + 1 : NULL;
}

static int is_mc(json_t *root)
{
    return json_is_object(root) && json_is_array(json_object_get(root, "percentiles")) &&
           json_object_get(root, "draws") && !json_object_get(root, "years");
}

int rf_html_is_mc_document(const char *doc)
{
    json_t *root = doc ? json_loads(doc, 0, NULL) : NULL;
    int mc = is_mc(root);
    json_decref(root);
    return mc;
}

/* The data block: {"sankey": [...], <doc A's keys>} or {"sankey": [...],
 * "runs": [A, B]}; a Monte Carlo run's document as it is (sankey NULL). */
static rf_status put_data(FILE *fp, const char *const *docs, int ndocs, json_t *sankey, rf_err *err)
{
    if (!sankey) {
        int bad = fputs("<script type=\"application/json\" id=\"rareflow-data\">", fp) == EOF ||
                  put_json_text(fp, docs[0]) || fputs("</script>", fp) == EOF;
        return bad ? rf_err_set(err, RF_EIO, NULL, 0, NULL, "cannot write the report") : RF_OK;
    }
    char *sk = json_dumps(sankey, JSON_COMPACT | JSON_REAL_PRECISION(10));
    if (!sk) return rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    int bad = fprintf(fp, "<script type=\"application/json\" id=\"rareflow-data\">{\"sankey\":%s,", sk) < 0;
    free(sk);
    if (ndocs == 1) {
        bad = bad || put_json_text(fp, after_brace(docs[0]));
    } else {
        bad = bad || fputs("\"runs\":[", fp) == EOF || put_json_text(fp, docs[0]) || fputc(',', fp) == EOF ||
              put_json_text(fp, docs[1]) || fputs("]}", fp) == EOF;
    }
    bad = bad || fputs("</script>", fp) == EOF;
    return bad ? rf_err_set(err, RF_EIO, NULL, 0, NULL, "cannot write the report") : RF_OK;
}

rf_status rf_html_write_report(const rf_report_assets *assets, const char *const *docs, int ndocs, FILE *fp,
                               rf_err *err)
{
    if (ndocs < 1 || ndocs > 2) return rf_err_set(err, RF_EINTERNAL, NULL, 0, NULL, "a report is of one run or two");
    const char *tpl = assets->template_html;
    const char *m_style = strstr(tpl, MARK_STYLE), *m_scripts = strstr(tpl, MARK_SCRIPTS),
               *m_data = strstr(tpl, MARK_DATA);
    if (!m_style || !m_scripts || !m_data || !(m_style < m_data && m_data < m_scripts))
        return rf_err_set(err, RF_EINVAL, assets->template_name, 0, NULL,
                          "the report template lacks the marks %s, %s and %s in that order", MARK_STYLE, MARK_DATA,
                          MARK_SCRIPTS);
    json_t *sankey = json_array();
    rf_status st = sankey ? RF_OK : rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
    for (int d = 0; d < ndocs && st == RF_OK; d++) {
        if (!after_brace(docs[d])) {
            st = rf_err_set(err, RF_EINVAL, NULL, 0, NULL, "run document %d is not a JSON object", d + 1);
            break;
        }
        json_error_t je;
        json_t *root = json_loads(docs[d], 0, &je);
        if (!root) {
            st = rf_err_set(err, RF_EINVAL, NULL, je.line, NULL, "run document %d: %s", d + 1, je.text);
            break;
        }
        if (is_mc(root)) {
            json_decref(root);
            if (ndocs != 1) {
                st = rf_err_set(err, RF_EINVAL, NULL, 0, "--vs", "a Monte Carlo run's report is of that run alone");
                break;
            }
            json_decref(sankey);
            sankey = NULL; /* the mc report has no Sankey */
            break;
        }
        size_t i;
        json_t *year;
        json_array_foreach(json_object_get(root, "years"), i, year) {
            json_t *y = sankey_year(year, d);
            if (!y || json_array_append_new(sankey, y)) {
                st = rf_err_set(err, RF_ENOMEM, NULL, 0, NULL, "out of memory");
                break;
            }
        }
        json_decref(root);
    }
    int bad = 0;
    if (st == RF_OK) {
        bad = fwrite(tpl, 1, (size_t)(m_style - tpl), fp) != (size_t)(m_style - tpl) ||
              fprintf(fp, "<style>\n%s\n</style>", assets->style_css) < 0;
        const char *p = m_style + strlen(MARK_STYLE);
        bad = bad || fwrite(p, 1, (size_t)(m_data - p), fp) != (size_t)(m_data - p);
        if (!bad) st = put_data(fp, docs, ndocs, sankey, err);
        p = m_data + strlen(MARK_DATA);
        bad = bad || fwrite(p, 1, (size_t)(m_scripts - p), fp) != (size_t)(m_scripts - p);
        for (int k = 0; k < assets->nscripts && !bad && st == RF_OK; k++)
            bad = fputs("<script>\n", fp) == EOF || put_script(fp, assets->scripts[k]) ||
                  fputs("\n</script>\n", fp) == EOF;
        p = m_scripts + strlen(MARK_SCRIPTS);
        bad = bad || fputs(p, fp) == EOF;
    }
    json_decref(sankey);
    if (st == RF_OK && bad) st = rf_err_set(err, RF_EIO, NULL, 0, NULL, "cannot write the report");
    return st;
}
