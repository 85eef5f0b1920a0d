/* lint.c - the static checks of `racekit lint`, and the whole of lint for
 * one case (see lint.h). The build and run checks are in lint_run.c, the
 * findings list in lint_findings.c. */
#define _POSIX_C_SOURCE 200809L
#include "lint.h"
#include "lint_findings.h"
#include "lint_run.h"
#include "util/util.h"
#include "case/case.h"
#include "judge/judge.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SOURCE_MAX = 4 << 20, README_MAX = 1 << 20 };

/* The lesson sections every case README has, in this order (issue 3). */
static const char *const sections[] = {
    "What goes wrong", "A bad interleaving", "What TSan says", "The fix", "Try it",
};
enum { N_SECTIONS = sizeof sections / sizeof sections[0] };

static const char TEMPLATE_HINT[] =
    "replace every TODO with your own text ('racekit new' left it as a placeholder)";

/* A line of text, split on the fly. */
typedef struct {
    const char *p, *end;
    const char *s; /* the current line, not NUL-terminated */
    size_t n;
    int no;        /* its 1-based number */
} line_iter;

/* Step `it` to the next line (without its "\r\n"); 0 at the end. */
static int next_line(line_iter *it)
{
    if (it->p >= it->end)
        return 0;
    const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
    it->s = it->p;
    it->n = nl ? (size_t)(nl - it->p) : (size_t)(it->end - it->p);
    if (it->n > 0 && it->s[it->n - 1] == '\r')
        it->n--;
    it->p = nl ? nl + 1 : it->end;
    it->no++;
    return 1;
}

/* 1 when the line holds racekit new's placeholder word TODO. */
static int has_todo(const char *s, size_t n)
{
    for (size_t i = 0; i + 4 <= n; i++)
        if (memcmp(s + i, "TODO", 4) == 0 && (i == 0 || !isalnum((unsigned char)s[i - 1])) &&
            (i + 4 == n || !isalnum((unsigned char)s[i + 4])))
            return 1;
    return 0;
}

/* The line shortened for a message: at most 60 bytes, leading blanks and
 * comment openers dropped. */
static char *excerpt(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t' || *s == '/' || *s == '*')) {
        s++;
        n--;
    }
    return n > 60 ? rk_xasprintf("%.57s...", s) : rk_xstrndup(s, n);
}

/* The file at `path` (at most `max` bytes; its length in *len), or NULL
 * after an error finding that says why it cannot be read. */
static char *read_or_report(const char *path, size_t max, size_t *len, rk_findings *f)
{
    char *text = rk_read_file(path, max, len);
    if (text == NULL) {
        char *msg = rk_xasprintf("cannot read: %s", strerror(errno));
        rk_lint_add(f, RK_LINT_ERROR, path, 0, msg, NULL);
        free(msg);
    }
    return text;
}

/* TODO lines left in a source file by the skeleton. */
static void check_source_todo(const char *path, const char *text, size_t len, rk_findings *f)
{
    line_iter it = { text, text + len, NULL, 0, 0 };
    while (next_line(&it))
        if (has_todo(it.s, it.n)) {
            char *ex = excerpt(it.s, it.n);
            char *msg = rk_xasprintf("template text left: \"%s\"", ex);
            rk_lint_add(f, RK_LINT_ERROR, path, it.no, msg, TEMPLATE_HINT);
            free(msg);
            free(ex);
        }
}

/* `// RACE` markers: present in unsafe.c when a race is expected, absent
 * from safe.c (the fix has no race). */
static void check_markers(const rk_case *c, const rk_meta *meta, const char *unsafe_path,
                          const char *unsafe, size_t ulen, const char *safe_path,
                          const char *safe, size_t slen, rk_findings *f)
{
    const rk_strlist *expect = rk_meta_expect_for(meta, "tsan");
    const char *race = NULL;
    for (int i = 0; i < expect->n && !race; i++)
        if (rk_is_race_kind(expect->items[i]))
            race = expect->items[i];
    rk_markers m;
    rk_markers_scan(unsafe, ulen, &m);
    if (race && m.n == 0) {
        char *msg = rk_xasprintf("%s expects %s, but no line carries a // RACE marker", c->id, race);
        rk_lint_add(f, RK_LINT_ERROR, unsafe_path, 1, msg,
                    "end both racing lines with '// RACE' so each report can be checked line by line");
        free(msg);
    }
    rk_markers_free(&m);
    rk_markers_scan(safe, slen, &m);
    for (int i = 0; i < m.n; i++)
        rk_lint_add(f, RK_LINT_ERROR, safe_path, m.lines[i], "safe.c carries a // RACE marker",
                    "the fixed program has no race: remove the marker");
    rk_markers_free(&m);
}

/* The diff between the variants is the lesson: keep it small. */
static void check_diff(const rk_meta *meta, const char *safe_path, const char *unsafe, size_t ulen,
                       const char *safe, size_t slen, rk_findings *f, rk_lint_summary *s)
{
    rk_diff d;
    if (rk_diff_lines(unsafe, ulen, safe, slen, &d) < 0)
        return;
    s->diff_added = d.added;
    s->diff_deleted = d.deleted;
    int first = 1;
    for (int i = 0; i < d.n; i++)
        if (d.edits[i].op != RK_DIFF_SAME) {
            first = d.edits[i].b_line > 0 ? d.edits[i].b_line : 1;
            break;
        }
    double limit = meta->diff_limit > 0 ? meta->diff_limit : RK_LINT_DIFF_LIMIT;
    if (d.added + d.deleted > limit) {
        char *msg = rk_xasprintf("the diff from unsafe.c is %d changed lines (+%d -%d), over the limit of %g",
                                 d.added + d.deleted, d.added, d.deleted, limit);
        char *hint = rk_xasprintf("keep the fix minimal, the diff is the lesson; or raise the limit in the "
                                  "front matter with 'diff-limit: %d <reason>'", d.added + d.deleted);
        rk_lint_add(f, RK_LINT_WARNING, safe_path, first, msg, hint);
        free(msg);
        free(hint);
    }
    rk_diff_free(&d);
}

/* Which required section a "## " heading opens, or -1. */
static int section_of(const char *s, size_t n)
{
    if (n < 3 || memcmp(s, "## ", 3) != 0)
        return -1;
    for (int i = 0; i < N_SECTIONS; i++) {
        size_t k = strlen(sections[i]);
        if (n - 3 >= k && memcmp(s + 3, sections[i], k) == 0)
            return i;
    }
    return -1;
}

struct lesson {
    int line[N_SECTIONS];     /* heading line, 0 when missing */
    int nonblank[N_SECTIONS]; /* non-blank lines in the section */
    int last_line;
};

/* Walk the README: headings, section sizes, and a finding per TODO line. */
static void scan_lesson(const char *path, const char *text, size_t len, int body_line,
                        struct lesson *l, rk_findings *f)
{
    memset(l, 0, sizeof *l);
    line_iter it = { text, text + len, NULL, 0, 0 };
    int cur = -1;
    while (next_line(&it)) {
        l->last_line = it.no;
        int sec = it.no >= body_line ? section_of(it.s, it.n) : -1;
        if (it.no >= body_line && it.n >= 3 && memcmp(it.s, "## ", 3) == 0)
            cur = sec;
        if (sec >= 0 && l->line[sec] == 0) {
            l->line[sec] = it.no;
            continue;
        }
        int blank = 1;
        for (size_t i = 0; i < it.n; i++)
            blank &= it.s[i] == ' ' || it.s[i] == '\t';
        if (cur >= 0 && !blank)
            l->nonblank[cur]++;
        if (!has_todo(it.s, it.n))
            continue;
        char *ex = excerpt(it.s, it.n);
        char *msg = it.no < body_line ? rk_xasprintf("front matter still holds template text: \"%s\"", ex)
                    : cur >= 0 ? rk_xasprintf("section '%s' still holds template text: \"%s\"", sections[cur], ex)
                               : rk_xasprintf("template text left: \"%s\"", ex);
        rk_lint_add(f, RK_LINT_ERROR, path, it.no, msg, TEMPLATE_HINT);
        free(msg);
        free(ex);
    }
}

/* The five lesson sections: present, in order, not empty. */
static void check_lesson(const char *path, const char *text, size_t len, int body_line, rk_findings *f)
{
    struct lesson l;
    scan_lesson(path, text, len, body_line, &l, f);
    static const char ORDER_HINT[] = "every lesson has these sections, in this order: ## What goes wrong, "
                                     "## A bad interleaving, ## What TSan says, ## The fix, ## Try it "
                                     "(see cases/basics/counter/README.md)";
    int prev = 0;
    for (int i = 0; i < N_SECTIONS; i++) {
        char *msg = NULL;
        if (l.line[i] == 0) {
            msg = rk_xasprintf("missing section '## %s'", sections[i]);
            rk_lint_add(f, RK_LINT_ERROR, path, l.last_line, msg, ORDER_HINT);
        } else if (l.nonblank[i] == 0) {
            msg = rk_xasprintf("section '## %s' is empty", sections[i]);
            rk_lint_add(f, RK_LINT_ERROR, path, l.line[i], msg, ORDER_HINT);
        } else if (l.line[i] < prev) {
            msg = rk_xasprintf("section '## %s' is out of order", sections[i]);
            rk_lint_add(f, RK_LINT_WARNING, path, l.line[i], msg, ORDER_HINT);
        }
        if (l.line[i])
            prev = l.line[i];
        free(msg);
    }
}

void rk_lint_static(const rk_case *c, const rk_meta *meta, rk_findings *f, rk_lint_summary *s)
{
    char *up = rk_case_file(c, "unsafe.c"), *sp = rk_case_file(c, "safe.c");
    char *rp = rk_case_file(c, "README.md");
    size_t ulen = 0, slen = 0, rlen = 0;
    char *unsafe = read_or_report(up, SOURCE_MAX, &ulen, f);
    char *safe = read_or_report(sp, SOURCE_MAX, &slen, f);
    char *readme = read_or_report(rp, README_MAX, &rlen, f);
    if (unsafe && safe) {
        check_markers(c, meta, up, unsafe, ulen, sp, safe, slen, f);
        check_diff(meta, sp, unsafe, ulen, safe, slen, f, s);
        check_source_todo(up, unsafe, ulen, f);
        check_source_todo(sp, safe, slen, f);
    }
    if (readme)
        check_lesson(rp, readme, rlen, meta->body_line, f);
    free(unsafe), free(safe), free(readme);
    free(up), free(sp), free(rp);
}

/* Add a one-line message "path:line: problem" or "path: problem" as an
 * error at that place. */
static void add_message(rk_findings *f, const char *msg, const char *hint)
{
    const char *sep = strstr(msg, ": ");
    if (sep == NULL) {
        rk_lint_add(f, RK_LINT_ERROR, "?", 0, msg, hint);
        return;
    }
    char *where = rk_xstrndup(msg, (size_t)(sep - msg));
    int line = 0;
    char *colon = strrchr(where, ':');
    if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
        line = atoi(colon + 1);
        *colon = '\0';
    }
    rk_lint_add(f, RK_LINT_ERROR, where, line, sep + 2, hint);
    free(where);
}

void rk_lint_case(const char *arg, const char *cases_root, const rk_lint_opts *o,
                  rk_findings *f, rk_lint_summary *s, char **id)
{
    rk_case c;
    rk_meta meta;
    char err[1024];
    memset(s, 0, sizeof *s);
    s->diff_added = s->diff_deleted = -1;
    s->median_s[0] = s->median_s[1] = -1;
    if (rk_case_resolve(arg, cases_root, &c, err, sizeof err) < 0) {
        add_message(f, err, NULL);
        *id = rk_xstrdup(arg);
        return;
    }
    *id = rk_xstrdup(c.id);
    char *readme = rk_case_file(&c, "README.md");
    int rc = rk_meta_load(readme, &meta, err, sizeof err);
    free(readme);
    if (rc < 0) {
        add_message(f, err, "see the front matter reference in docs/adding-a-case.md");
    } else {
        rk_lint_static(&c, &meta, f, s);
        rk_lint_build(&c, &meta, f);
        if (o->runs > 0)
            rk_lint_runs(&c, &meta, o, f, s);
        rk_meta_free(&meta);
    }
    rk_case_free(&c);
}
