/* report_table.c - the terminal table of `racekit report` (see
 * report_formats.h). Every cell goes through rk_text_clean, so a program's
 * output cannot move the cursor or change colours of the terminal. */
#define _POSIX_C_SOURCE 200809L
#include "markup.h"
#include "report_formats.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

enum { N_COLS = 7 };

static const char *const HEADINGS[N_COLS] = { "CASE", "UNSAFE", "SAFE", "VERDICT", "KINDS", "LINES", "TIME" };

#define RED "\033[31;1m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

/* The cleaned text of each cell of a case row. */
static void row_cells(const rk_pair *p, char *cells[N_COLS])
{
    rk_pair_cells c;
    rk_pair_cells_fill(p, &c);
    const char *raw[N_COLS] = { p->case_id, c.unsafe, c.safe, c.verdict, c.kinds, c.lines, c.time };
    for (int i = 0; i < N_COLS; i++) {
        rk_strbuf sb = RK_STRBUF_INIT;
        rk_text_clean(&sb, raw[i], strlen(raw[i]));
        cells[i] = sb.len ? rk_sb_detach(&sb) : rk_xstrdup("");
        rk_sb_free(&sb);
    }
    rk_pair_cells_free(&c);
}

static const char *verdict_color(const char *verdict)
{
    return strcmp(verdict, "FAIL") == 0 ? RED : strcmp(verdict, "pass") == 0 ? GREEN : YELLOW;
}

/* One line of cells padded to the widths; the last column is not padded. */
static void put_cells(rk_strbuf *out, char *const cells[N_COLS], const size_t width[N_COLS],
                      const char *color_of_verdict)
{
    for (int i = 0; i < N_COLS; i++) {
        int colored = color_of_verdict && i == 3;
        if (colored)
            rk_sb_puts(out, color_of_verdict);
        rk_sb_puts(out, cells[i]);
        if (colored)
            rk_sb_puts(out, RESET);
        if (i < N_COLS - 1)
            for (size_t k = rk_text_width(cells[i]); k < width[i] + 2; k++)
                rk_sb_putc(out, ' ');
    }
    rk_sb_putc(out, '\n');
}

static void put_reason(rk_strbuf *out, const rk_row *row, int color)
{
    if (row == NULL || strcmp(row->verdict, "fail") != 0)
        return;
    rk_sb_printf(out, "  %s%s: ", color ? DIM : "", row->variant);
    rk_text_clean(out, row->reason, strlen(row->reason));
    rk_sb_printf(out, "%s\n", color ? RESET : "");
}

static void put_heading(rk_strbuf *out, const rk_detector_score *d, int color)
{
    char title[96];
    rk_sb_printf(out, "%s%s", color ? BOLD : "", rk_score_title(d, title, sizeof title));
    if (d->compilers.n) {
        char *c = rk_sl_join(&d->compilers, ", ");
        rk_sb_puts(out, " (");
        rk_text_clean(out, c, strlen(c));
        rk_sb_puts(out, ")");
        free(c);
    }
    rk_sb_printf(out, "%s\n", color ? RESET : "");
}

static void put_detector(rk_strbuf *out, const rk_detector_score *d, int color)
{
    put_heading(out, d, color);
    char *(*cells)[N_COLS] = rk_xcalloc((size_t)d->n_pairs + 1, sizeof *cells);
    size_t width[N_COLS];
    for (int c = 0; c < N_COLS; c++)
        width[c] = strlen(HEADINGS[c]);
    for (int i = 0; i < d->n_pairs; i++) {
        row_cells(&d->pairs[i], cells[i]);
        for (int c = 0; c < N_COLS; c++)
            if (rk_text_width(cells[i][c]) > width[c])
                width[c] = rk_text_width(cells[i][c]);
    }
    if (d->n_pairs)
        put_cells(out, (char *const *)HEADINGS, width, NULL);
    for (int i = 0; i < d->n_pairs; i++) {
        put_cells(out, cells[i], width, color ? verdict_color(cells[i][3]) : NULL);
        put_reason(out, d->pairs[i].unsafe, color);
        put_reason(out, d->pairs[i].safe, color);
        for (int c = 0; c < N_COLS; c++)
            free(cells[i][c]);
    }
    free(cells);
    for (int i = 0; i < d->file_errors; i++) {
        const char *m = d->load_errors[i]->message;
        rk_sb_printf(out, "%serror:%s ", color ? RED : "", color ? RESET : "");
        rk_text_clean(out, m, strlen(m));
        rk_sb_putc(out, '\n');
    }
    if (color)
        rk_sb_puts(out, d->failed || d->errors ? RED : GREEN);
    rk_totals_line(d, out);
    rk_sb_printf(out, "%s\n", color ? RESET : "");
}

void rk_report_table(const rk_scoreboard *sb, const rk_report_opts *o, rk_strbuf *out)
{
    const rk_detector_score *d;
    for (int i = 0; (d = rk_scoreboard_section(sb, i)) != NULL; i++) {
        if (i)
            rk_sb_putc(out, '\n');
        put_detector(out, d, o->color);
    }
    if (sb->results->paths_shortened)
        rk_sb_printf(out, "\n%s\n", RK_PATHS_NOTE);
}
