/* report_html.c - one self-contained HTML page (see report_formats.h): no
 * external file and no network, so it opens from a CI artifact or a mail
 * attachment as it is; one small script of its own opens the section a
 * link or the address names. Every text passes rk_xml_escape. The page
 * reads at any width: a table scrolls sideways inside its box, code wraps
 * at its spaces. The sources of a case are report_html_source.c, the
 * explored schedules report_html_explore.c. */
#define _POSIX_C_SOURCE 200809L
#include "util/util.h"
#include "markup.h"
#include "report_formats.h"
#include "report_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { OUTPUT_LINES = 200, OUTPUT_BYTES = 64 << 10 };

/* Marks mean one thing each: hit (yellow, a bar) an access a detector
 * reported; ctx (a dashed bar only) where a thread or mutex of the report
 * was created or taken; stop (red, a bar) where a run stopped without a
 * report: the compiler's error, the wait of a hang; step (grey) a step of
 * an explored schedule. */
static const char CSS[] =
    ":root{color-scheme:light dark;--fg:#1f2328;--bg:#fff;--muted:#656d76;--line:#d0d7de;"
    "--del:#ffebe9;--add:#dafbe1;--hit:#fff8c5;--hitbar:#bf8700;--stop:#ffd8d3;--stopbar:#cf222e;"
    "--fail:#cf222e;--pass:#1a7f37;--skip:#9a6700}\n"
    "@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#8d96a0;--line:#30363d;"
    "--del:#3c1618;--add:#12261e;--hit:#3b2e0a;--hitbar:#d29922;--stop:#4a1c1c;--stopbar:#f85149;"
    "--fail:#f85149;--pass:#3fb950;--skip:#d29922}}\n"
    "body{font:14px/1.45 system-ui,sans-serif;color:var(--fg);background:var(--bg);margin:2em auto;max-width:1400px;"
    "padding:0 1em;overflow-wrap:break-word}\n"
    "h1{font-size:1.6em}h2{border-bottom:1px solid var(--line);padding-bottom:.2em}h2 small{color:var(--muted);font-weight:normal}\n"
    "div.scroll{overflow-x:auto;max-width:100%}\n"
    "table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid var(--line);padding:.2em .5em;text-align:left;vertical-align:top}\n"
    "td.num,th.num{text-align:right}.totals{font-weight:bold;font-size:1.1em}table.cases td.reason{min-width:16em}\n"
    ".FAIL,.bad{color:var(--fail);font-weight:bold}.pass,.ok{color:var(--pass)}.skip{color:var(--skip)}\n"
    "a{color:inherit}details.case{border:1px solid var(--line);border-radius:6px;margin:.6em 0;padding:.3em .8em}\n"
    "details.case>summary{cursor:pointer;font-weight:bold}details.case>summary .title{font-weight:normal;color:var(--muted)}\n"
    "table.src{width:100%;min-width:40em;table-layout:fixed;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}\n"
    "table.src td{border:none;border-right:1px solid var(--line);padding:0 .4em;white-space:pre-wrap;word-break:normal;"
    "overflow-wrap:break-word;tab-size:4}\n"
    "table.src col.ln{width:3.5em}table.src td.ln{text-align:right;color:var(--muted);user-select:none}\n"
    "table.src th{font-family:system-ui,sans-serif}table.timeline{min-width:0;width:auto;table-layout:auto}\n"
    ".del{background:var(--del)}.add{background:var(--add)}.hit{background:var(--hit);box-shadow:inset 3px 0 var(--hitbar)}\n"
    ".ctx{border-left:2px dashed var(--muted)}\n"
    ".stop{background:var(--stop);box-shadow:inset 3px 0 var(--stopbar)}.step{background:rgba(127,127,127,.1)}\n"
    "td.ln.hit{font-weight:bold;color:var(--hitbar)}td.ln.stop{font-weight:bold;color:var(--stopbar)}\n"
    "pre.out{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;background:rgba(127,127,127,.08);padding:.6em;"
    "overflow-x:auto;white-space:pre-wrap;overflow-wrap:break-word}\n"
    ".legend span{padding:0 .4em;margin-right:.6em;display:inline-block}.missing{color:var(--muted);font-style:italic}\n";

/* Open the <details> a link or the address names (and those around it),
 * so a link never lands on a closed section: on load, on a change of the
 * address, and on the click itself (the address may not change). */
static const char SCRIPT[] =
    "(function(){\n"
    "function show(id){var e=document.getElementById(id);for(var p=e;p;p=p.parentElement)"
    "if(p.tagName==='DETAILS')p.open=true;}\n"
    "function fromHash(){if(location.hash.length>1)show(decodeURIComponent(location.hash.slice(1)));}\n"
    "document.addEventListener('click',function(ev){var a=ev.target.closest&&ev.target.closest('a[href^=\"#\"]');"
    "if(a)show(decodeURIComponent(a.getAttribute('href').slice(1)));});\n"
    "window.addEventListener('hashchange',fromHash);fromHash();\n"
    "})();\n";

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
    rk_sb_puts(out, "<div class=\"scroll\"><table class=\"metrics\"><tr><th>TP</th><th>FP</th><th>TN</th><th>FN</th>"
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
    rk_sb_puts(out, "</tr></table></div>\n");
}

/* The reason of a case in its row: the failing variants' reasons, or the
 * unsafe variant's (else the safe one's) when none failed. */
static void put_pair_reason(rk_strbuf *out, const rk_pair *p)
{
    const rk_row *v[2] = { p->unsafe, p->safe };
    int shown = 0;
    for (int i = 0; i < 2; i++)
        if (v[i] && strcmp(v[i]->verdict, "fail") == 0) {
            rk_sb_printf(out, "%s%s: ", shown++ ? "<br>" : "", v[i]->variant);
            esc(out, v[i]->reason);
        }
    const rk_row *any = p->unsafe ? p->unsafe : p->safe;
    if (shown == 0 && any)
        esc(out, any->reason);
}

/* One row per case, each linking to its section (which the script opens);
 * `name` is the section's (rk_score_name: exercises apart from the corpus). */
static void put_case_table(rk_strbuf *out, const rk_detector_score *d, const char *name)
{
    rk_sb_puts(out, "<div class=\"scroll\"><table class=\"cases\"><thead><tr><th>case</th><th>unsafe</th>"
                    "<th>safe</th><th>verdict</th><th>reason</th><th>kinds</th><th>lines</th>"
                    "<th class=\"num\">time</th></tr></thead><tbody>\n");
    for (int i = 0; i < d->n_pairs; i++) {
        const rk_pair *p = &d->pairs[i];
        rk_pair_cells c;
        rk_pair_cells_fill(p, &c);
        rk_sb_printf(out, "<tr><td><a href=\"#%s/%s\">%s</a></td><td>", name, p->case_id, p->case_id);
        esc(out, c.unsafe);
        rk_sb_puts(out, "</td><td>");
        esc(out, c.safe);
        rk_sb_printf(out, "</td><td class=\"%s\">%s</td><td class=\"reason\">", c.verdict, c.verdict);
        put_pair_reason(out, p);
        rk_sb_puts(out, "</td><td>");
        esc(out, c.kinds);
        rk_sb_printf(out, "</td><td>%s</td><td class=\"num\">%s</td></tr>\n", c.lines, c.time);
        rk_pair_cells_free(&c);
    }
    rk_sb_puts(out, "</tbody></table></div>\n");
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
    rk_html_sources(out, p, o);
    put_variant_output(out, p->unsafe);
    put_variant_output(out, p->safe);
    rk_sb_puts(out, "</details>\n");
}

/* One section: a detector on the corpus, or the exercises it judged. */
static void put_detector(rk_strbuf *out, const rk_detector_score *d, const rk_scoreboard *sb,
                         const rk_report_opts *o)
{
    char name_buf[96], title_buf[96];
    const char *name = rk_score_name(d, name_buf, sizeof name_buf);
    rk_sb_printf(out, "<section id=\"%s\">\n<h2>", name);
    esc(out, rk_score_title(d, title_buf, sizeof title_buf));
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
    if (d->kind == RK_SCORE_DETECTOR) /* the metrics measure a detector on the corpus */
        put_metrics(out, d);
    put_case_table(out, d, name);
    for (int i = 0; d->kind == RK_SCORE_DETECTOR && i < sb->results->n_errors; i++)
        if (strcmp(sb->results->errors[i].detector, d->detector) == 0) {
            rk_sb_puts(out, "<p class=\"bad\">unreadable result: ");
            esc(out, sb->results->errors[i].message);
            rk_sb_puts(out, "</p>\n");
        }
    rk_sb_puts(out, "<p class=\"legend\"><span class=\"del\">only in unsafe.c</span>"
                    "<span class=\"add\">only in safe.c</span><span class=\"hit\">an access the detector reported</span>"
                    "<span class=\"ctx\">a thread or mutex of the report created or taken</span>"
                    "<span class=\"stop\">the compiler's error, or where a hung run waits</span></p>\n");
    for (int i = 0; i < d->n_pairs; i++)
        put_case(out, name, &d->pairs[i], o);
    rk_sb_puts(out, "</section>\n");
}

/* With several sections (detectors, exercises), one line each at the top,
 * linking to it. The explore section has its own heading below. */
static void put_overview(rk_strbuf *out, const rk_scoreboard *sb)
{
    if (sb->n + sb->n_exercises < 2)
        return;
    rk_sb_puts(out, "<ul class=\"overview\">\n");
    const rk_detector_score *d;
    for (int i = 0; (d = rk_scoreboard_section(sb, i)) != NULL && d->kind != RK_SCORE_EXPLORE; i++) {
        char name[96], title[96];
        rk_sb_printf(out, "<li><a href=\"#%s\">", rk_score_name(d, name, sizeof name));
        esc(out, rk_score_title(d, title, sizeof title));
        rk_sb_printf(out, "</a>: <span class=\"%s\">", d->missed || d->false_alarms || d->errors ? "bad" : "ok");
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
    const rk_detector_score *d;
    for (int i = 0; (d = rk_scoreboard_section(sb, i)) != NULL && d->kind != RK_SCORE_EXPLORE; i++)
        put_detector(out, d, sb, o);
    rk_report_html_explored(sb->results, out);
    rk_sb_printf(out, "<script>\n%s</script>\n</body>\n</html>\n", SCRIPT);
}
