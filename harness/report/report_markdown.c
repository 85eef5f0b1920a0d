/* report_markdown.c - GitHub-flavoured Markdown for a CI job summary or a
 * merge request comment (see report_formats.h). Every text from a result
 * file is escaped: in table cells with rk_md_escape, program output inside
 * <pre> with rk_xml_escape. */
#define _POSIX_C_SOURCE 200809L
#include "markup.h"
#include "report_formats.h"
#include "util/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { EXCERPT_LINES = 40, EXCERPT_BYTES = 8 << 10 };

static void md(rk_strbuf *out, const char *s)
{
    rk_md_escape(out, s, strlen(s));
}

static void put_ratio(rk_strbuf *out, double v)
{
    if (isnan(v))
        rk_sb_puts(out, " - |");
    else
        rk_sb_printf(out, " %.3f |", v);
}

static void put_metrics(rk_strbuf *out, const rk_detector_score *d)
{
    rk_metrics m;
    rk_score_metrics(d, &m);
    rk_sb_puts(out, "| TP | FP | TN | FN | precision | recall | specificity | F1 | accuracy "
                    "| SV-COMP | line precision | line recall |\n"
                    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    rk_sb_printf(out, "| %d | %d | %d | %d", d->tp, d->fp, d->tn, d->fn);
    if (d->known_fn)
        rk_sb_printf(out, " (%d known)", d->known_fn);
    rk_sb_puts(out, " |");
    put_ratio(out, m.precision);
    put_ratio(out, m.recall);
    put_ratio(out, m.specificity);
    put_ratio(out, m.f1);
    put_ratio(out, m.accuracy);
    rk_sb_printf(out, " %ld |", m.svcomp);
    put_ratio(out, m.line_precision);
    put_ratio(out, m.line_recall);
    rk_sb_puts(out, "\n\n");
}

static void put_cases(rk_strbuf *out, const rk_detector_score *d)
{
    if (d->n_pairs == 0)
        return;
    rk_sb_puts(out, "| | case | unsafe | safe | verdict | kinds | lines | time |\n"
                    "|---|---|---|---|---|---|---|---:|\n");
    for (int i = 0; i < d->n_pairs; i++) {
        const rk_pair *p = &d->pairs[i];
        rk_pair_cells c;
        rk_pair_cells_fill(p, &c);
        rk_sb_printf(out, "| %s | ", p->failed ? "❌" : strcmp(c.verdict, "pass") == 0 ? "✅" : "⏭️");
        const char *cells[] = { p->case_id, c.unsafe, c.safe, c.verdict, c.kinds, c.lines, c.time };
        for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++) {
            md(out, cells[k]);
            rk_sb_puts(out, " |");
            if (k + 1 < sizeof cells / sizeof cells[0])
                rk_sb_putc(out, ' ');
        }
        rk_sb_putc(out, '\n');
        rk_pair_cells_free(&c);
    }
    rk_sb_putc(out, '\n');
}

/* A failing variant: its reason, then its output folded away. */
static void put_failure(rk_strbuf *out, const rk_row *r)
{
    rk_sb_puts(out, "- **");
    md(out, r->case_id);
    rk_sb_printf(out, "/%s**: ", r->variant);
    md(out, r->reason);
    rk_sb_putc(out, '\n');
    rk_strbuf ex = RK_STRBUF_INIT;
    rk_row_output(r, EXCERPT_LINES, EXCERPT_BYTES, &ex);
    if (ex.len) {
        const char *what = r->explored ? "schedule" : r->outcome == RK_OUT_BUILD_ERROR ? "compiler" : "output";
        rk_sb_printf(out, "\n<details><summary>%s/%s: %s</summary>\n\n<pre>\n", r->case_id, r->variant, what);
        rk_xml_escape(out, rk_sb_cstr(&ex), ex.len, 0);
        rk_sb_puts(out, "\n</pre>\n\n</details>\n\n");
    }
    rk_sb_free(&ex);
}

static void put_detector(rk_strbuf *out, const rk_detector_score *d)
{
    char title[96];
    rk_sb_puts(out, "## racekit: ");
    md(out, rk_score_title(d, title, sizeof title));
    if (d->compilers.n) {
        char *c = rk_sl_join(&d->compilers, ", ");
        rk_sb_puts(out, " (");
        md(out, c);
        rk_sb_puts(out, ")");
        free(c);
    }
    rk_sb_puts(out, "\n\n**");
    rk_totals_line(d, out);
    rk_sb_puts(out, "**\n\n");
    if (d->kind == RK_SCORE_DETECTOR) /* the metrics measure a detector on the corpus */
        put_metrics(out, d);
    put_cases(out, d);
    if (d->failed || d->errors)
        rk_sb_puts(out, "### Failures\n\n");
    for (int i = 0; i < d->n_pairs && d->pairs[i].failed; i++) {
        const rk_row *v[2] = { d->pairs[i].unsafe, d->pairs[i].safe };
        for (int k = 0; k < 2; k++)
            if (v[k] && strcmp(v[k]->verdict, "fail") == 0)
                put_failure(out, v[k]);
    }
    for (int i = 0; i < d->file_errors; i++) {
        rk_sb_puts(out, "- unreadable result: ");
        md(out, d->load_errors[i]->message);
        rk_sb_putc(out, '\n');
    }
    rk_sb_putc(out, '\n');
}

void rk_report_markdown(const rk_scoreboard *sb, const rk_report_opts *o, rk_strbuf *out)
{
    (void)o;
    const rk_detector_score *d;
    for (int i = 0; (d = rk_scoreboard_section(sb, i)) != NULL; i++)
        put_detector(out, d);
    if (sb->results->paths_shortened)
        rk_sb_printf(out, "%s\n", RK_PATHS_NOTE);
}
