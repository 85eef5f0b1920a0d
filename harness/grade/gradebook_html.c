/* gradebook_html.c - index.html: one page for the class, a row per
 * student, worst first, each linking to the student's feedback; every
 * text from a submission escaped (see gradebook.h). */
#define _XOPEN_SOURCE 700
#include "gradebook.h"
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

static const gradebook *sorting;

/* Fewest points first, then by name: the students to look at on top. */
static int worst_first(const void *a, const void *b)
{
    const grade_row *x = &sorting->rows[*(const int *)a], *y = &sorting->rows[*(const int *)b];
    if (x->points != y->points)
        return x->points < y->points ? -1 : 1;
    return strcmp(x->student, y->student);
}

static void text(rk_strbuf *sb, const char *s, int attr)
{
    rk_xml_escape(sb, s ? s : "", s ? strlen(s) : 0, attr);
}

/* The link to a feedback file: every byte but [A-Za-z0-9._~/-] %-encoded. */
static void href(rk_strbuf *sb, const char *file)
{
    for (const unsigned char *p = (const unsigned char *)file; *p; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("._~/-", *p))
            rk_sb_putc(sb, (char)*p);
        else
            rk_sb_printf(sb, "%%%02X", *p);
}

static void row(rk_strbuf *sb, const gradebook *gb, const grade_row *r)
{
    char *file = grade_feedback_file(r);
    int first = grade_first_failure(gb, r);
    rk_sb_printf(sb, "<tr class=\"%s\"><td><a href=\"", first < 0 ? "pass" : "fail");
    href(sb, file);
    rk_sb_puts(sb, "\">");
    text(sb, r->student, 0);
    rk_sb_printf(sb, "</a></td><td>%g / %g</td>", r->points, gb->x.max);
    for (int i = 0; i < gb->x.n_tests; i++) {
        rk_sb_printf(sb, "<td class=\"%s\" title=\"", grade_verdict_name(r->marks[i].verdict));
        text(sb, r->marks[i].reason, 1);
        rk_sb_printf(sb, "\">%s</td>", grade_verdict_name(r->marks[i].verdict));
    }
    rk_sb_puts(sb, "<td>");
    if (first >= 0) {
        rk_sb_printf(sb, "%s: ", gb->x.tests[first].name);
        text(sb, r->marks[first].reason, 0);
    }
    rk_sb_puts(sb, r->cached ? " <small>(cached)</small>" : "");
    rk_sb_puts(sb, "</td></tr>\n");
    free(file);
}

int gradebook_html(const gradebook *gb)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    int *order = rk_xcalloc((size_t)gb->n + 1, sizeof *order);
    for (int k = 0; k < gb->n; k++)
        order[k] = k;
    sorting = gb;
    qsort(order, (size_t)gb->n, sizeof *order, worst_first);
    rk_sb_puts(&sb, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Gradebook: ");
    text(&sb, gb->x.arg, 0);
    rk_sb_puts(&sb, "</title>\n<style>body{font-family:sans-serif}table{border-collapse:collapse}"
                    "td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}"
                    "td.pass{color:#060}td.fail{color:#a00;font-weight:bold}td.not.run{color:#888}</style>\n"
                    "</head><body>\n<h1>Gradebook: ");
    text(&sb, gb->x.arg, 0);
    rk_sb_printf(&sb, "</h1>\n<p>%d student%s, worst first; each name links to the student's feedback.</p>\n"
                      "<table>\n<tr><th>student</th><th>points</th>", gb->n, gb->n == 1 ? "" : "s");
    for (int i = 0; i < gb->x.n_tests; i++) {
        rk_sb_puts(&sb, "<th title=\"");
        text(&sb, gb->x.tests[i].about, 1);
        rk_sb_printf(&sb, "\">%s (%g)</th>", gb->x.tests[i].name, gb->x.tests[i].points);
    }
    rk_sb_puts(&sb, "<th>first failure</th></tr>\n");
    for (int k = 0; k < gb->n; k++)
        row(&sb, gb, &gb->rows[order[k]]);
    rk_sb_puts(&sb, "</table>\n</body></html>\n");
    free(order);
    return gradebook_write(gb, "index.html", &sb);
}
