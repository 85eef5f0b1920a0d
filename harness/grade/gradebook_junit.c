/* gradebook_junit.c - grades.junit.xml: the gradebook as a JUnit report,
 * for the CI engines that show one (GitLab's test widget and Tests tab):
 * a <testsuite> per student (name order), a <testcase> per test named
 * with its points ("clean (2 points)"); a test that fails or did not run
 * earns nothing and is a <failure> with its reason (see gradebook.h). */
#define _XOPEN_SOURCE 700
#include "gradebook.h"
#include "report/report.h"

#include <string.h>

static void text(rk_strbuf *sb, const char *s)
{
    rk_xml_escape(sb, s ? s : "", s ? strlen(s) : 0, 1);
}

static int failures(const gradebook *gb, const grade_row *r)
{
    int n = 0;
    for (int i = 0; i < gb->x.n_tests; i++)
        n += r->marks[i].verdict != GRADE_PASS;
    return n;
}

static void suite(rk_strbuf *sb, const gradebook *gb, const grade_row *r)
{
    rk_sb_puts(sb, "  <testsuite name=\"");
    text(sb, r->student);
    rk_sb_printf(sb, "\" tests=\"%d\" failures=\"%d\">\n", gb->x.n_tests, failures(gb, r));
    rk_sb_printf(sb, "    <properties><property name=\"points\" value=\"%g\"/><property name=\"max\" value=\"%g\"/>"
                     "</properties>\n", r->points, gb->x.max);
    for (int i = 0; i < gb->x.n_tests; i++) {
        const grade_test *t = &gb->x.tests[i];
        const grade_mark *m = &r->marks[i];
        rk_sb_puts(sb, "    <testcase classname=\"");
        text(sb, r->student);
        rk_sb_printf(sb, "\" name=\"%s (%g point%s)\"", t->name, t->points, t->points == 1 ? "" : "s");
        if (m->verdict == GRADE_PASS) {
            rk_sb_puts(sb, "/>\n");
            continue;
        }
        rk_sb_printf(sb, "><failure type=\"%s\" message=\"", grade_verdict_name(m->verdict));
        text(sb, m->reason);
        rk_sb_puts(sb, "\">");
        text(sb, m->reason);
        rk_sb_puts(sb, "</failure></testcase>\n");
    }
    rk_sb_puts(sb, "  </testsuite>\n");
}

int gradebook_junit(const gradebook *gb)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    int all = 0, failed = 0;
    for (int k = 0; k < gb->n; k++)
        all += gb->x.n_tests, failed += failures(gb, &gb->rows[k]);
    rk_sb_puts(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"racekit grade ");
    text(&sb, gb->x.arg);
    rk_sb_printf(&sb, "\" tests=\"%d\" failures=\"%d\">\n", all, failed);
    for (int k = 0; k < gb->n; k++)
        suite(&sb, gb, &gb->rows[k]);
    rk_sb_puts(&sb, "</testsuites>\n");
    return gradebook_write(gb, "grades.junit.xml", &sb);
}
