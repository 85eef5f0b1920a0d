/* report_html.c - one self-contained HTML page (see report_formats.h): no
 * script, no external file, no network, so it opens from a CI artifact or
 * a mail attachment as it is. Every text passes rk_xml_escape. */
#define _POSIX_C_SOURCE 200809L
#include "util/util.h"
#include "markup.h"
#include "report_formats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_SOURCE_BYTES = 1 << 20, OUTPUT_LINES = 200, OUTPUT_BYTES = 64 << 10 };

static const char CSS[] =
    ":root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#656d76;--line:#d0d7de;"
    "--del:#ffebe9;--add:#dafbe1;--hit:#fff8c5;--hitbar:#bf8700;--fail:#cf222e;--pass:#1a7f37;--skip:#9a6700}\n"
    "@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#8d96a0;--line:#30363d;"
    "--del:#3c1618;--add:#12261e;--hit:#3b2e0a;--hitbar:#d29922;--fail:#f85149;--pass:#3fb950;--skip:#d29922}}\n"
    "body{font:14px/1.45 system-ui,sans-serif;color:var(--fg);background:var(--bg);margin:2em auto;max-width:1400px;padding:0 1em}\n"
    "h1{font-size:1.6em}h2{border-bottom:1px solid var(--line);padding-bottom:.2em}h2 small{color:var(--muted);font-weight:normal}\n"
    "table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid var(--line);padding:.2em .5em;text-align:left;vertical-align:top}\n"
    "td.num,th.num{text-align:right}.totals{font-weight:bold;font-size:1.1em}\n"
    ".FAIL,.bad{color:var(--fail);font-weight:bold}.pass,.ok{color:var(--pass)}.skip{color:var(--skip)}\n"
    "a{color:inherit}details.case{border:1px solid var(--line);border-radius:6px;margin:.6em 0;padding:.3em .8em}\n"
    "details.case>summary{cursor:pointer;font-weight:bold}details.case>summary .title{font-weight:normal;color:var(--muted)}\n"
    "table.src{width:100%;table-layout:fixed;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}\n"
    "table.src td{border:none;border-right:1px solid var(--line);padding:0 .4em;white-space:pre-wrap;word-break:break-all;tab-size:4}\n"
    "table.src col.ln{width:3.5em}table.src td.ln{text-align:right;color:var(--muted);user-select:none}\n"
    "table.src th{font-family:system-ui,sans-serif}\n"
    "td.del{background:var(--del)}td.add{background:var(--add)}td.hit{background:var(--hit);box-shadow:inset 3px 0 var(--hitbar)}\n"
    "td.ln.hit{font-weight:bold;color:var(--hitbar)}\n"
    "pre.out{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;background:rgba(127,127,127,.08);padding:.6em;overflow-x:auto;white-space:pre-wrap}\n"
    ".legend span{padding:0 .4em;margin-right:.6em}.missing{color:var(--muted);font-style:italic}\n";

static void esc(rk_strbuf *out, const char *s)
{
    rk_xml_escape(out, s, strlen(s), 0);
}

/* ---- the scoreboard and the case table ---- */

static void put_ratio(rk_strbuf *out, double v)
{
    if (isnan(v))
        rk_sb_puts(out, "<td class=\"num\">-</td>");
    else
        rk_sb_printf(out, "<td class=\"num\">%.3f</td>", v);
}

static void put_metrics(rk_strbuf *out, const rk_detector_score *d)
{
    rk_metrics m;
    rk_score_metrics(d, &m);
    rk_sb_puts(out, "<table class=\"metrics\"><tr><th>TP</th><th>FP</th><th>TN</th><th>FN</th>"
                    "<th>precision</th><th>recall</th><th>specificity</th><th>F1</th><th>accuracy</th>"
                    "<th>SV-COMP</th><th>line precision</th><th>line recall</th></tr>\n<tr>");
    rk_sb_printf(out, "<td class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td>"
                      "<td class=\"num\">%d",
                 d->tp, d->fp, d->tn, d->fn);
    if (d->known_fn)
        rk_sb_printf(out, " (%d known)", d->known_fn);
    rk_sb_puts(out, "</td>");
    put_ratio(out, m.precision);
    put_ratio(out, m.recall);
    put_ratio(out, m.specificity);
    put_ratio(out, m.f1);
    put_ratio(out, m.accuracy);
    rk_sb_printf(out, "<td class=\"num\">%ld</td>", m.svcomp);
    put_ratio(out, m.line_precision);
    put_ratio(out, m.line_recall);
    rk_sb_puts(out, "</tr></table>\n");
}

static void put_case_table(rk_strbuf *out, const rk_detector_score *d)
{
    rk_sb_puts(out, "<table class=\"cases\"><thead><tr><th>case</th><th>unsafe</th><th>safe</th>"
                    "<th>verdict</th><th>kinds</th><th>lines</th><th class=\"num\">time</th></tr></thead><tbody>\n");
    for (int i = 0; i < d->n_pairs; i++) {
        const rk_pair *p = &d->pairs[i];
        rk_pair_cells c;
        rk_pair_cells_fill(p, &c);
        rk_sb_printf(out, "<tr><td><a href=\"#%s/%s\">%s</a></td><td>", d->detector, p->case_id, p->case_id);
        esc(out, c.unsafe);
        rk_sb_puts(out, "</td><td>");
        esc(out, c.safe);
        rk_sb_printf(out, "</td><td class=\"%s\">%s</td><td>", c.verdict, c.verdict);
        esc(out, c.kinds);
        rk_sb_printf(out, "</td><td>%s</td><td class=\"num\">%s</td></tr>\n", c.lines, c.time);
        rk_pair_cells_free(&c);
    }
    rk_sb_puts(out, "</tbody></table>\n");
}

/* ---- one case: sources side by side ---- */

typedef struct {
    char *path;      /* absolute path of the file */
    char *text;      /* its bytes, or NULL when it cannot be read */
    size_t len;
    const char **line; /* start of each line */
    size_t *line_len;
    int n;
    int *hit;        /* per line (1-based, n + 1 entries): reported here */
} source;

static void split(source *s)
{
    int cap = 0;
    for (const char *p = s->text, *end = s->text + s->len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (s->n == cap) {
            cap = cap ? cap * 2 : 64;
            s->line = rk_xrealloc(s->line, (size_t)cap * sizeof *s->line);
            s->line_len = rk_xrealloc(s->line_len, (size_t)cap * sizeof *s->line_len);
        }
        s->line[s->n] = p;
        s->line_len[s->n++] = nl ? (size_t)(nl - p) : (size_t)(end - p);
        p = nl ? nl + 1 : end;
    }
}

/* The lines of `s` that `row`'s reports point at (accesses and stacks). */
static void mark_hits(source *s, const rk_row *row)
{
    s->hit = rk_xcalloc((size_t)s->n + 1, sizeof *s->hit);
    if (row == NULL)
        return;
    const char *base = rk_basename(s->path);
    for (int i = 0; i < row->reports.n; i++) {
        const rk_report *r = &row->reports.items[i];
        for (int j = 0; j < r->n_accesses + r->n_locations; j++) {
            const rk_frame *f = j < r->n_accesses ? &r->accesses[j].frame : &r->locations[j - r->n_accesses];
            if (strcmp(rk_basename(f->file), base) == 0 && f->line >= 1 && f->line <= s->n)
                s->hit[f->line] = 1;
        }
    }
}

static void load_source(source *s, const char *path, const rk_row *row)
{
    memset(s, 0, sizeof *s);
    s->path = rk_xstrdup(path);
    s->text = rk_read_file(path, MAX_SOURCE_BYTES, &s->len);
    if (s->text)
        split(s);
    mark_hits(s, row);
}

static void free_source(source *s)
{
    free(s->path);
    free(s->text);
    free(s->line);
    free(s->line_len);
    free(s->hit);
}

/* One side of a row: line number and text, or two empty cells. */
static void put_side(rk_strbuf *out, const source *s, int line, const char *change)
{
    if (line == 0) {
        rk_sb_puts(out, "<td class=\"ln\"></td><td></td>");
        return;
    }
    const char *cls = s->hit[line] ? "hit" : change;
    if (*cls)
        rk_sb_printf(out, "<td class=\"ln %s\">%d</td><td class=\"%s\"%s>", cls, line, cls,
                     s->hit[line] ? " title=\"reported by the detector\"" : "");
    else
        rk_sb_printf(out, "<td class=\"ln\">%d</td><td>", line);
    rk_xml_escape(out, s->line[line - 1], s->line_len[line - 1], 0);
    rk_sb_puts(out, "</td>");
}

/* A block of changes: deleted lines beside added ones, row by row. */
static void put_change(rk_strbuf *out, const source *a, const source *b, const rk_diff_edit *e, int n)
{
    int dels = 0, adds = 0;
    for (int i = 0; i < n; i++) {
        dels += e[i].op == RK_DIFF_DEL;
        adds += e[i].op == RK_DIFF_ADD;
    }
    for (int r = 0, di = 0, ai = 0; r < (dels > adds ? dels : adds); r++) {
        while (di < n && e[di].op != RK_DIFF_DEL)
            di++;
        while (ai < n && e[ai].op != RK_DIFF_ADD)
            ai++;
        rk_sb_puts(out, "<tr>");
        put_side(out, a, di < n ? e[di].a_line : 0, "del");
        put_side(out, b, ai < n ? e[ai].b_line : 0, "add");
        rk_sb_puts(out, "</tr>\n");
        di++, ai++;
    }
}

static void put_sources(rk_strbuf *out, const source *a, const source *b)
{
    rk_diff d;
    if (a->text == NULL || b->text == NULL || rk_diff_lines(a->text, a->len, b->text, b->len, &d) < 0) {
        rk_sb_puts(out, "<p class=\"missing\">sources not available:");
        const source *s[2] = { a, b };
        for (int i = 0; i < 2; i++)
            if (s[i]->text == NULL) {
                rk_sb_putc(out, ' ');
                esc(out, s[i]->path);
            }
        rk_sb_puts(out, "</p>\n");
        return;
    }
    rk_sb_puts(out, "<table class=\"src\"><colgroup><col class=\"ln\"><col><col class=\"ln\"><col></colgroup>"
                    "<thead><tr><th colspan=\"2\">unsafe.c</th><th colspan=\"2\">safe.c</th></tr></thead><tbody>\n");
    for (int k = 0; k < d.n;) {
        if (d.edits[k].op == RK_DIFF_SAME) {
            rk_sb_puts(out, "<tr>");
            put_side(out, a, d.edits[k].a_line, "");
            put_side(out, b, d.edits[k].b_line, "");
            rk_sb_puts(out, "</tr>\n");
            k++;
            continue;
        }
        int end = k;
        while (end < d.n && d.edits[end].op != RK_DIFF_SAME)
            end++;
        put_change(out, a, b, d.edits + k, end - k);
        k = end;
    }
    rk_sb_puts(out, "</tbody></table>\n");
    rk_diff_free(&d);
}

/* The path of `variant`'s source: from its row, else beside the other's. */
static char *variant_path(const rk_pair *p, const char *variant, const char *root)
{
    const rk_row *own = strcmp(variant, "unsafe") == 0 ? p->unsafe : p->safe;
    const rk_row *other = own == p->unsafe ? p->safe : p->unsafe;
    if (own && *own->source)
        return rk_path_from_root(own->source, root);
    if (other == NULL || *other->source == '\0')
        return rk_xasprintf("%s/%s.c", p->case_id, variant);
    char *dir = rk_path_from_root(other->source, root);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    char *path = slash ? rk_xasprintf("%s/%s.c", dir, variant) : rk_xasprintf("%s.c", variant);
    free(dir);
    return path;
}

static void put_variant_output(rk_strbuf *out, const rk_row *r)
{
    if (r == NULL)
        return;
    rk_sb_printf(out, "<h4>%s: <span class=\"%s\">%s</span> (%s)</h4>\n<p>", r->variant,
                 strcmp(r->verdict, "fail") == 0 ? "FAIL" : r->verdict, r->verdict, rk_outcome_name(r->outcome));
    esc(out, r->reason);
    rk_sb_puts(out, "</p>\n");
    rk_strbuf text = RK_STRBUF_INIT;
    rk_row_output(r, OUTPUT_LINES, OUTPUT_BYTES, &text);
    if (text.len) {
        rk_sb_puts(out, "<pre class=\"out\">");
        rk_xml_escape(out, text.buf, text.len, 0);
        rk_sb_puts(out, "</pre>\n");
    }
    rk_sb_free(&text);
}

static void put_case(rk_strbuf *out, const char *detector, const rk_pair *p, const rk_report_opts *o)
{
    const rk_row *any = p->unsafe ? p->unsafe : p->safe;
    const char *verdict = rk_pair_verdict(p);
    rk_sb_printf(out, "<details class=\"case\" id=\"%s/%s\"%s><summary><span class=\"%s\">%s</span> %s "
                      "<span class=\"title\">",
                 detector, p->case_id, p->failed ? " open" : "", verdict, verdict, p->case_id);
    esc(out, any->title);
    rk_sb_puts(out, "</span></summary>\n<p>expect: ");
    char *expect = rk_sl_join(&any->expect, ", ");
    esc(out, expect);
    free(expect);
    rk_sb_puts(out, "</p>\n");
    char *pa = variant_path(p, "unsafe", o->root), *pb = variant_path(p, "safe", o->root);
    source a, b;
    load_source(&a, pa, p->unsafe);
    load_source(&b, pb, p->safe);
    put_sources(out, &a, &b);
    free_source(&a);
    free_source(&b);
    free(pa);
    free(pb);
    put_variant_output(out, p->unsafe);
    put_variant_output(out, p->safe);
    rk_sb_puts(out, "</details>\n");
}

static void put_detector(rk_strbuf *out, const rk_detector_score *d, const rk_scoreboard *sb,
                         const rk_report_opts *o)
{
    rk_sb_printf(out, "<section id=\"%s\">\n<h2>", d->detector);
    esc(out, d->detector);
    if (d->compilers.n) {
        char *c = rk_sl_join(&d->compilers, ", ");
        rk_sb_puts(out, " <small>");
        esc(out, c);
        rk_sb_puts(out, "</small>");
        free(c);
    }
    rk_sb_printf(out, "</h2>\n<p class=\"totals %s\">", d->missed || d->false_alarms || d->errors ? "bad" : "ok");
    rk_totals_line(d, out);
    rk_sb_puts(out, "</p>\n");
    put_metrics(out, d);
    put_case_table(out, d);
    for (int i = 0; i < sb->results->n_errors; i++)
        if (strcmp(sb->results->errors[i].detector, d->detector) == 0) {
            rk_sb_puts(out, "<p class=\"bad\">unreadable result: ");
            esc(out, sb->results->errors[i].message);
            rk_sb_puts(out, "</p>\n");
        }
    rk_sb_puts(out, "<p class=\"legend\"><span class=\"del\" style=\"background:var(--del)\">only in unsafe.c</span>"
                    "<span style=\"background:var(--add)\">only in safe.c</span>"
                    "<span style=\"background:var(--hit)\">line in a report</span></p>\n");
    for (int i = 0; i < d->n_pairs; i++)
        put_case(out, d->detector, &d->pairs[i], o);
    rk_sb_puts(out, "</section>\n");
}

/* With several detectors, one line each at the top, linking to its section. */
static void put_overview(rk_strbuf *out, const rk_scoreboard *sb)
{
    if (sb->n < 2)
        return;
    rk_sb_puts(out, "<ul class=\"overview\">\n");
    for (int i = 0; i < sb->n; i++) {
        const rk_detector_score *d = &sb->items[i];
        rk_sb_printf(out, "<li><a href=\"#%s\">%s</a>: <span class=\"%s\">", d->detector, d->detector,
                     d->missed || d->false_alarms || d->errors ? "bad" : "ok");
        rk_totals_line(d, out);
        rk_sb_puts(out, "</span></li>\n");
    }
    rk_sb_puts(out, "</ul>\n");
}

void rk_report_html(const rk_scoreboard *sb, const rk_report_opts *o, rk_strbuf *out)
{
    rk_sb_printf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>racekit report</title>\n<style>\n%s</style>\n</head>\n<body>\n"
                      "<h1>racekit report</h1>\n",
                 CSS);
    put_overview(out, sb);
    for (int i = 0; i < sb->n; i++)
        put_detector(out, &sb->items[i], sb, o);
    rk_report_html_explored(sb->results, out);
    rk_sb_puts(out, "</body>\n</html>\n");
}
