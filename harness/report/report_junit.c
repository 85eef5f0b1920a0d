/* report_junit.c - JUnit XML, as GitLab, Jenkins and most CI test views read
 * it (see report_formats.h). All text passes rk_xml_escape, so whatever a
 * program printed, the document stays well-formed XML 1.0. */
#define _POSIX_C_SOURCE 200809L
#include "markup.h"
#include "report_formats.h"
#include "util/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { OUTPUT_LINES = 200, OUTPUT_BYTES = 32 << 10 };

typedef struct {
    int tests, failures, errors, skipped;
    double time;
} tally;

static void attr(rk_strbuf *out, const char *name, const char *value)
{
    rk_sb_printf(out, " %s=\"", name);
    rk_xml_escape(out, value, strlen(value), 1);
    rk_sb_putc(out, '"');
}

static int is_error(const rk_row *r)
{
    return strcmp(r->verdict, "fail") == 0 && rk_is_error_outcome(r->outcome);
}

static void count(const rk_detector_score *d, tally *t)
{
    memset(t, 0, sizeof *t);
    for (int i = 0; i < d->n_pairs; i++) {
        const rk_row *v[2] = { d->pairs[i].unsafe, d->pairs[i].safe };
        for (int k = 0; k < 2; k++) {
            if (v[k] == NULL)
                continue;
            t->tests++;
            t->errors += is_error(v[k]);
            t->failures += strcmp(v[k]->verdict, "fail") == 0 && !is_error(v[k]);
            t->skipped += strcmp(v[k]->verdict, "skip") == 0;
            t->time += isfinite(v[k]->duration_s) ? v[k]->duration_s : 0;
        }
    }
    t->tests += d->file_errors;
    t->errors += d->file_errors;
}


static void put_counts(rk_strbuf *out, const tally *t)
{
    rk_sb_printf(out, " tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\"",
                 t->tests, t->failures, t->errors, t->skipped, t->time);
}

static void put_testcase(rk_strbuf *out, const char *suite, const rk_row *r)
{
    char *name = rk_xasprintf("%s/%s", r->case_id, r->variant);
    char *classname = rk_xasprintf("%s.%.*s", suite, (int)strcspn(r->case_id, "/"), r->case_id);
    rk_sb_puts(out, "    <testcase");
    attr(out, "name", name);
    attr(out, "classname", classname);
    if (*r->source)
        attr(out, "file", r->source_shown);
    rk_sb_printf(out, " time=\"%.3f\">\n", isfinite(r->duration_s) ? r->duration_s : 0.0);
    if (strcmp(r->verdict, "skip") == 0) {
        rk_sb_puts(out, "      <skipped");
        attr(out, "message", r->reason);
        rk_sb_puts(out, "/>\n");
    } else if (strcmp(r->verdict, "fail") == 0) {
        const char *tag = is_error(r) ? "error" : "failure";
        rk_sb_printf(out, "      <%s", tag);
        attr(out, "message", r->reason);
        attr(out, "type", rk_outcome_name(r->outcome));
        rk_sb_puts(out, ">");
        rk_xml_escape(out, r->reason, strlen(r->reason), 0);
        rk_sb_printf(out, "</%s>\n", tag);
    }
    rk_strbuf text = RK_STRBUF_INIT;
    rk_row_output(r, OUTPUT_LINES, OUTPUT_BYTES, &text);
    if (text.len) {
        rk_sb_puts(out, "      <system-out>");
        rk_xml_escape(out, text.buf, text.len, 0);
        rk_sb_puts(out, "</system-out>\n");
    }
    rk_sb_puts(out, "    </testcase>\n");
    rk_sb_free(&text);
    free(name);
    free(classname);
}

/* A result file that could not be read is a test that errored. */
static void put_unreadable(rk_strbuf *out, const char *suite, const rk_load_error *e)
{
    rk_sb_puts(out, "    <testcase");
    attr(out, "name", e->file);
    char *classname = rk_xasprintf("%s.unreadable", suite);
    attr(out, "classname", classname);
    rk_sb_puts(out, " time=\"0.000\">\n      <error");
    attr(out, "message", e->message);
    attr(out, "type", "unreadable-result");
    rk_sb_puts(out, "/>\n    </testcase>\n");
    free(classname);
}

static void put_suite(rk_strbuf *out, const rk_detector_score *d)
{
    tally t;
    count(d, &t);
    char name[96];
    const char *suite = rk_score_name(d, name, sizeof name);
    rk_sb_puts(out, "  <testsuite");
    attr(out, "name", suite);
    put_counts(out, &t);
    rk_sb_puts(out, ">\n    <properties>\n");
    const rk_strlist *props[] = { &d->compilers, &d->tsan_options };
    const char *names[] = { "compiler", "tsan_options" };
    for (int p = 0; p < 2; p++)
        for (int i = 0; i < props[p]->n; i++) {
            rk_sb_puts(out, "      <property");
            attr(out, "name", names[p]);
            attr(out, "value", props[p]->items[i]);
            rk_sb_puts(out, "/>\n");
        }
    rk_sb_puts(out, "    </properties>\n");
    for (int i = 0; i < d->n_pairs; i++) {
        if (d->pairs[i].unsafe)
            put_testcase(out, suite, d->pairs[i].unsafe);
        if (d->pairs[i].safe)
            put_testcase(out, suite, d->pairs[i].safe);
    }
    for (int i = 0; i < d->file_errors; i++)
        put_unreadable(out, suite, d->load_errors[i]);
    rk_sb_puts(out, "  </testsuite>\n");
}

void rk_report_junit(const rk_scoreboard *sb, const rk_report_opts *o, rk_strbuf *out)
{
    (void)o;
    tally all = { 0, 0, 0, 0, 0 };
    const rk_detector_score *d;
    for (int i = 0; (d = rk_scoreboard_section(sb, i)) != NULL; i++) {
        tally t;
        count(d, &t);
        all.tests += t.tests, all.failures += t.failures, all.errors += t.errors;
        all.skipped += t.skipped, all.time += t.time;
    }
    rk_sb_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"racekit\"");
    put_counts(out, &all);
    rk_sb_puts(out, ">\n");
    for (int i = 0; (d = rk_scoreboard_section(sb, i)) != NULL; i++)
        put_suite(out, d);
    rk_sb_puts(out, "</testsuites>\n");
}
