/* exercise.c - grading a student's repair in an exercise folder (see
 * exercise.h). Creating the folder is cmd_exercise.c. */
#define _XOPEN_SOURCE 700
#include "exercise.h"
#include "util/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { SOURCE_MAX = 4 << 20, STDOUT_MAX = 1 << 20 };

char *rk_exercise_root(const char *case_arg)
{
    char *marker = rk_path_join(case_arg, RK_EXERCISE_MARKER);
    int is = rk_is_file(marker);
    free(marker);
    char *real = is ? realpath(case_arg, NULL) : NULL;
    if (real == NULL)
        return NULL;
    for (int k = 0; k < 2; k++) {
        char *slash = strrchr(real, '/');
        if (slash)
            *slash = '\0';
    }
    if (real[0] == '\0')
        strcpy(real, "/");
    return real;
}

static int is_ident(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* Skip a string or character literal starting at p (on its quote). */
static const char *skip_literal(const char *p)
{
    char q = *p++;
    while (*p && *p != q) {
        if (*p == '\\' && p[1])
            p++;
        p++;
    }
    return *p ? p + 1 : p;
}

/* From "(" at p to its matching ")", white space removed, into out. */
static const char *take_call(const char *p, rk_strbuf *out)
{
    int depth = 0;
    while (*p) {
        if (*p == '"' || *p == '\'') {
            const char *end = skip_literal(p);
            rk_sb_add(out, p, (size_t)(end - p));
            p = end;
            continue;
        }
        if (*p == '(')
            depth++;
        else if (*p == ')' && --depth == 0) {
            rk_sb_putc(out, ')');
            return p + 1;
        }
        if (!isspace((unsigned char)*p))
            rk_sb_putc(out, *p);
        p++;
    }
    return p;
}

/* When `p` starts a comment: the text after it, with the newlines inside
 * it added to *line (a // comment ends before its newline); else NULL. */
static const char *skip_comment(const char *p, int *line)
{
    if (p[0] == '/' && p[1] == '/')
        return p + strcspn(p, "\n");
    if (p[0] != '/' || p[1] != '*')
        return NULL;
    const char *end = strstr(p + 2, "*/");
    const char *stop = end ? end : p + strlen(p);
    for (const char *q = p; q < stop; q++)
        *line += *q == '\n';
    return end ? end + 2 : stop;
}

void rk_exercise_calls(const char *text, const char *name, rk_strlist *out, int **lines)
{
    size_t name_len = strlen(name);
    int line = 1, n = 0;
    if (lines)
        *lines = NULL;
    for (const char *p = text; *p;) {
        const char *after;
        if (*p == '\n') {
            line++;
            p++;
        } else if ((after = skip_comment(p, &line)) != NULL) {
            p = after;
        } else if (*p == '"' || *p == '\'') {
            p = skip_literal(p);
        } else if (strncmp(p, name, name_len) == 0 && (p == text || !is_ident(p[-1])) &&
                   !is_ident(p[name_len])) {
            const char *q = p + name_len;
            while (isspace((unsigned char)*q))
                q++;
            if (*q != '(') {
                p = q;
                continue;
            }
            rk_strbuf call = RK_STRBUF_INIT;
            rk_sb_puts(&call, name);
            const char *end = take_call(q, &call);
            rk_sl_add(out, rk_sb_cstr(&call));
            rk_sb_free(&call);
            if (lines) {
                *lines = rk_xrealloc(*lines, (size_t)(n + 1) * sizeof **lines);
                (*lines)[n++] = line;
            }
            for (; p < end; p++)
                line += *p == '\n';
        } else {
            p++;
        }
    }
}

/* How many threads `text` starts: its calls of racekit_run and
 * pthread_create. */
static int thread_starts(const char *text)
{
    rk_strlist calls = RK_STRLIST_INIT;
    rk_exercise_calls(text, "racekit_run", &calls, NULL);
    rk_exercise_calls(text, "pthread_create", &calls, NULL);
    int n = calls.n;
    rk_sl_free(&calls);
    return n;
}

/* The words by which a program tells ThreadSanitizer what to see: its
 * interface (__tsan_*, __sanitizer_*, the dynamic annotations Annotate*),
 * the attributes that turn instrumentation off, the macros that tell a
 * program it runs under TSan, and its options variable; or does what it
 * cannot see (asm, a raw syscall); or reaches into the kit's records
 * channel (racekit_hook_*, RACEKIT_REPORT_*). */
static int is_control(const char *word, size_t n)
{
    static const char *const prefixes[] = { "__tsan_", "__sanitizer_", "racekit_hook_", "RACEKIT_REPORT_", NULL };
    static const char *const words[] = { "no_sanitize", "no_sanitize_thread", "disable_sanitizer_instrumentation",
                                         "__SANITIZE_THREAD__", "thread_sanitizer", "TSAN_OPTIONS",
                                         "asm", "__asm", "__asm__", "syscall", NULL };
    for (const char *const *p = prefixes; *p; p++)
        if (n > strlen(*p) && strncmp(word, *p, strlen(*p)) == 0)
            return 1;
    for (const char *const *w = words; *w; w++)
        if (n == strlen(*w) && strncmp(word, *w, n) == 0)
            return 1;
    return n > 8 && strncmp(word, "Annotate", 8) == 0 && isupper((unsigned char)word[8]);
}

void rk_exercise_controls(const char *text, rk_strlist *out, int **lines)
{
    int line = 1, n = 0;
    if (lines)
        *lines = NULL;
    for (const char *p = text; *p;) {
        const char *after = skip_comment(p, &line);
        if (after != NULL) {
            p = after;
        } else if (is_ident(*p) && !isdigit((unsigned char)*p)) {
            const char *start = p;
            while (is_ident(*p))
                p++;
            if (is_control(start, (size_t)(p - start))) {
                char *word = rk_xasprintf("%.*s", (int)(p - start), start);
                rk_sl_add(out, word);
                free(word);
                if (lines) {
                    *lines = rk_xrealloc(*lines, (size_t)(n + 1) * sizeof **lines);
                    (*lines)[n++] = line;
                }
            }
        } else {
            line += *p == '\n';
            p++;
            while (is_ident(*p) && is_ident(p[-1])) /* the rest of a number */
                p++;
        }
    }
}

/* The first item of `from` (its line in `lines`) that `in` lacks, into
 * *item (owned) and *line; nothing when every one is there. */
static void first_missing(const rk_strlist *from, const int *lines, const rk_strlist *in, char **item, int *line)
{
    for (int i = 0; i < from->n; i++)
        if (!rk_sl_contains(in, from->items[i])) {
            *item = rk_xstrdup(from->items[i]);
            *line = lines[i];
            return;
        }
}

/* The first detector control of safe.c that unsafe.c does not have: in
 * their translation units when both preprocess (a macro or token pasting
 * hides nothing), else in their text. */
static void find_new_control(const char *dir, const char *unsafe, const char *safe, rk_exercise *ex)
{
    rk_strlist before = RK_STRLIST_INIT, after = RK_STRLIST_INIT;
    int *lines = NULL;
    if (rk_exercise_tu_controls(dir, "unsafe", &before, NULL) < 0 ||
        rk_exercise_tu_controls(dir, "safe", &after, &lines) < 0) {
        rk_sl_free(&before);
        rk_sl_free(&after);
        free(lines);
        lines = NULL;
        rk_exercise_controls(unsafe, &before, NULL);
        rk_exercise_controls(safe, &after, &lines);
    }
    first_missing(&after, lines, &before, &ex->control, &ex->control_line);
    free(lines);
    rk_sl_free(&before);
    rk_sl_free(&after);
}

/* What safe.c lost from unsafe.c: a check, or calls that start threads;
 * and what it gained that speaks to the detector. */
static void compare_variants(const char *dir, rk_exercise *ex)
{
    char *up = rk_path_join(dir, "unsafe.c"), *sp = rk_path_join(dir, "safe.c");
    char *unsafe = rk_read_file(up, SOURCE_MAX, NULL), *safe = rk_read_file(sp, SOURCE_MAX, NULL);
    if (unsafe && safe) {
        rk_strlist want = RK_STRLIST_INIT, have = RK_STRLIST_INIT;
        int *lines = NULL;
        rk_exercise_calls(unsafe, "RACEKIT_CHECK", &want, &lines);
        rk_exercise_calls(safe, "RACEKIT_CHECK", &have, NULL);
        first_missing(&want, lines, &have, &ex->missing_check, &ex->missing_line);
        free(lines);
        rk_sl_free(&want);
        rk_sl_free(&have);
        ex->thread_starts_want = thread_starts(unsafe);
        ex->thread_starts_have = thread_starts(safe);
        find_new_control(dir, unsafe, safe, ex);
    }
    free(unsafe), free(safe), free(up), free(sp);
}

int rk_exercise_is(const char *case_dir)
{
    char *marker = rk_path_join(case_dir, RK_EXERCISE_MARKER);
    int is = rk_is_file(marker);
    free(marker);
    return is;
}

char *rk_exercise_origin(const char *case_dir)
{
    char *marker = rk_path_join(case_dir, RK_EXERCISE_MARKER);
    char *text = rk_read_file(marker, STDOUT_MAX, NULL), *id = NULL;
    free(marker);
    if (text && strncmp(text, RK_EXERCISE_ORIGIN, strlen(RK_EXERCISE_ORIGIN)) == 0) {
        const char *p = text + strlen(RK_EXERCISE_ORIGIN);
        size_t n = strcspn(p, " \n");
        if (n > 1 && p[n - 1] == '.')
            n--;
        if (n > 0)
            id = rk_xstrndup(p, n);
    }
    free(text);
    return id;
}

rk_exercise *rk_exercise_open(const char *case_dir)
{
    if (!rk_exercise_is(case_dir))
        return NULL;
    rk_exercise *ex = rk_xcalloc(1, sizeof *ex);
    char *marker = rk_path_join(case_dir, RK_EXERCISE_MARKER);
    char *text = rk_read_file(marker, STDOUT_MAX, NULL);
    ex->judge_work = text == NULL || strstr(text, RK_EXERCISE_NO_WORK_RULE) == NULL;
    free(text);
    free(marker);
    rk_exercise_outputs_load(case_dir, &ex->expected);
    compare_variants(case_dir, ex);
    return ex;
}

static const char *const rule_names[RK_RULE_COUNT] = { "detector", "checks-kept", "concurrent", "thread-work",
                                                        "output" };

const char *rk_exercise_rule_name(rk_exercise_rule rule) { return rule_names[rule]; }

int rk_exercise_rule_applies(const rk_exercise *ex, rk_exercise_rule rule)
{
    if (rule == RK_RULE_WORK)
        return ex->judge_work;
    if (rule == RK_RULE_OUTPUT)
        return ex->expected.n > 0;
    return 1;
}

int rk_exercise_judge_rule(const rk_exercise *ex, rk_exercise_rule rule, const char *out, size_t len,
                           size_t total, const rk_work *work, char **why)
{
    *why = NULL;
    if (!rk_exercise_rule_applies(ex, rule))
        return 1;
    switch (rule) {
    case RK_RULE_DETECTOR:
        if (ex->control) {
            const char *c = ex->control;
            const char *does = strstr(c, "asm") || strcmp(c, "syscall") == 0
                                   ? "it does what ThreadSanitizer cannot see"
                               : strncmp(c, "racekit_hook_", 13) == 0 || strncmp(c, "RACEKIT_REPORT_", 15) == 0
                                   ? "it reaches into what the kit records of a run"
                                   : "it tells ThreadSanitizer what to see or report";
            char *at = ex->control_line > 0 ? rk_xasprintf("safe.c:%d", ex->control_line)
                                            : rk_xstrdup("in a header safe.c includes");
            *why = rk_xasprintf("safe.c uses %s (%s), which unsafe.c does not: %s, and a repair must fix the "
                                "threads, not the detector", c, at, does);
            free(at);
        }
        break;
    case RK_RULE_CHECKS:
        if (ex->missing_check)
            *why = rk_xasprintf("safe.c no longer has the case's own check from unsafe.c:%d (%s): keep every "
                                "check and repair the threads instead", ex->missing_line, ex->missing_check);
        break;
    case RK_RULE_CONCURRENT:
        if (ex->thread_starts_have < ex->thread_starts_want)
            *why = rk_xasprintf("safe.c starts threads in %d place%s, unsafe.c in %d (racekit_run, "
                                "pthread_create): the repair must stay concurrent", ex->thread_starts_have,
                                ex->thread_starts_have == 1 ? "" : "s", ex->thread_starts_want);
        break;
    case RK_RULE_WORK:
        if (work && work->measured && ex->thread_starts_have > 0 && work->writes == 0 && work->outputs == 0)
            *why = rk_xstrdup("safe.c's threads do no work: the threads it starts wrote no memory outside their "
                              "own stacks and printed nothing, so its output comes from the main thread alone; "
                              "keep the work in the threads and make it safe there");
        break;
    case RK_RULE_OUTPUT:
        return rk_exercise_outputs_match(&ex->expected, out, len, total, why);
    case RK_RULE_COUNT:
        break;
    }
    return *why == NULL;
}

void rk_exercise_grade(const rk_exercise *ex, const rk_run *run, const rk_work *work, int *pass,
                       char **reason)
{
    if (ex == NULL || !*pass)
        return;
    for (int rule = 0; rule < RK_RULE_COUNT; rule++) {
        char *why;
        if (!rk_exercise_judge_rule(ex, (rk_exercise_rule)rule, run->out.buf, run->out.len, run->out_total, work,
                                    &why)) {
            *pass = 0;
            free(*reason);
            *reason = why;
            return;
        }
    }
}

void rk_exercise_close(rk_exercise *ex)
{
    if (ex == NULL)
        return;
    rk_exercise_outputs_free(&ex->expected);
    free(ex->missing_check);
    free(ex->control);
    free(ex);
}
