/* gradebook_csv.c - grades.csv: a row per student (name order) with the
 * points, the maximum, racekit check's verdict and each test's verdict and
 * reason; RFC 4180 quoting (see gradebook.h). */
#define _XOPEN_SOURCE 700
#include "gradebook.h"

#include <string.h>

/* One field: quoted when it holds a comma, a quote or a line break (quotes
 * doubled). A student's name that a spreadsheet would read as a formula
 * (=, +, -, @ first) gets a leading ' so it stays text. */
static void field(rk_strbuf *sb, const char *s, int untrusted_name)
{
    int formula = untrusted_name && strchr("=+-@", s[0]) != NULL && s[0] != '\0';
    if (strpbrk(s, ",\"\r\n") == NULL && !formula) {
        rk_sb_puts(sb, s);
        return;
    }
    rk_sb_putc(sb, '"');
    if (formula)
        rk_sb_putc(sb, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            rk_sb_putc(sb, '"');
        rk_sb_putc(sb, *p);
    }
    rk_sb_putc(sb, '"');
}

static void number(rk_strbuf *sb, double v)
{
    rk_sb_printf(sb, ",%g", v);
}

int gradebook_csv(const gradebook *gb)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_sb_puts(&sb, "student,points,max,check");
    for (int i = 0; i < gb->x.n_tests; i++)
        rk_sb_printf(&sb, ",%s,%s reason", gb->x.tests[i].name, gb->x.tests[i].name);
    rk_sb_puts(&sb, "\r\n");
    for (int k = 0; k < gb->n; k++) {
        const grade_row *r = &gb->rows[k];
        field(&sb, r->student, 1);
        number(&sb, r->points);
        number(&sb, gb->x.max);
        rk_sb_printf(&sb, ",%s", r->problem ? "not run" : r->check_pass ? "pass" : "fail");
        for (int i = 0; i < gb->x.n_tests; i++) {
            rk_sb_printf(&sb, ",%s,", grade_verdict_name(r->marks[i].verdict));
            field(&sb, r->marks[i].reason ? r->marks[i].reason : "", 0);
        }
        rk_sb_puts(&sb, "\r\n");
    }
    return gradebook_write(gb, "grades.csv", &sb);
}
