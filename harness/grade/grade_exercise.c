/* grade_exercise.c - the exercise a class is graded on: its folder, its
 * tests and what each is worth (`points:` in its front matter), and the
 * lesson's hint for the feedback (see gradebook.h). */
#define _XOPEN_SOURCE 700
#include "gradebook.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const struct {
    const char *name, *about;
} base_tests[] = {
    { "compiles", "safe.c compiles with the case's flags" },
    { "clean", "every run: no ThreadSanitizer report, exit status 0, the case's own checks pass, no hang" },
    { "schedules", "racekit's scheduler finds no failing schedule (its seed comes from the case id)" },
};

static const char *const rule_about[RK_RULE_COUNT] = {
    "safe.c gains nothing that tells ThreadSanitizer what to see",
    "every RACEKIT_CHECK of unsafe.c is still in safe.c",
    "safe.c starts threads in as many places as unsafe.c",
    "the threads it starts do the work (the work probe sees it)",
    "the output equals the reference's (expected-stdout.txt)",
};

int grade_test_index(const grade_exercise *x, const char *name)
{
    for (int i = 0; i < x->n_tests; i++)
        if (strcmp(x->tests[i].name, name) == 0)
            return i;
    return -1;
}

static void add_test(grade_exercise *x, const char *name, const char *about)
{
    x->tests[x->n_tests++] = (grade_test){ name, about, 1 };
}

/* The tests of this exercise, in the order racekit check judges them. */
static void list_tests(grade_exercise *x)
{
    add_test(x, base_tests[0].name, base_tests[0].about);
    add_test(x, base_tests[1].name, base_tests[1].about);
    if (x->meta.explore != RK_EXPLORE_CANNOT && rk_expect_schedule_dependent(&x->meta.expect))
        add_test(x, base_tests[2].name, base_tests[2].about);
    rk_exercise *ex = rk_exercise_open(x->dir);
    for (int rule = 0; ex && rule < RK_RULE_COUNT; rule++)
        if (rk_exercise_rule_applies(ex, (rk_exercise_rule)rule))
            add_test(x, rk_exercise_rule_name((rk_exercise_rule)rule), rule_about[rule]);
    rk_exercise_close(ex);
}

/* A number of points: 0 or more, at most 1000. */
static int parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno != 0 || !(v >= 0) || v > 1000)
        return -1;
    *out = v;
    return 0;
}

static char *test_names(const grade_exercise *x)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    for (int i = 0; i < x->n_tests; i++)
        rk_sb_printf(&sb, "%s%s", i ? ", " : "", x->tests[i].name);
    return rk_sb_detach(&sb);
}

/* `points:` is "name=N, name=N" (a test not named keeps 1) or one number
 * per test, in the order of the tests, apart by spaces or commas. */
static int parse_points(grade_exercise *x, const char *readme)
{
    char *text = rk_xstrdup(x->meta.points), *why = NULL;
    int numbers = strchr(text, '=') == NULL, n = 0;
    for (char *save = NULL, *tok = strtok_r(text, numbers ? ", \t" : ",", &save); tok && !why;
         tok = strtok_r(NULL, numbers ? ", \t" : ",", &save)) {
        char *eq = strchr(tok, '='), *name = tok, *value = tok;
        double v;
        if (!numbers) {
            if (eq == NULL) {
                why = rk_xasprintf("'%s' is not test=points", tok);
                break;
            }
            *eq = '\0';
            value = eq + 1;
            name += strspn(name, " \t");
            name[strcspn(name, " \t")] = '\0';
            value += strspn(value, " \t");
            value[strcspn(value, " \t")] = '\0';
        }
        int i = numbers ? n : grade_test_index(x, name);
        if (i < 0 || i >= x->n_tests) {
            char *names = test_names(x);
            why = numbers ? rk_xasprintf("more numbers than tests (this exercise has %d: %s)", x->n_tests, names)
                          : rk_xasprintf("'%s' is not a test of this exercise (its tests: %s)", name, names);
            free(names);
        } else if (parse_number(value, &v) < 0) {
            why = rk_xasprintf("'%s' is not a number of points from 0 to 1000", value);
        } else {
            x->tests[i].points = v;
            n++;
        }
    }
    if (!why && numbers && n != x->n_tests) {
        char *names = test_names(x);
        why = rk_xasprintf("%d number%s for %d tests (%s): give one per test, or test=points", n, n == 1 ? "" : "s",
                           x->n_tests, names);
        free(names);
    }
    if (why)
        rk_error("grade: %s:%d: points: %s", readme, x->meta.points_line, why);
    free(why);
    free(text);
    return why ? -1 : 0;
}

/* The first paragraph of section `title` of the README body, or NULL. */
static char *section_paragraph(const char *text, const char *title)
{
    const char *p = text;
    size_t tlen = strlen(title);
    while ((p = strstr(p, title)) != NULL && !((p == text || p[-1] == '\n') && p[tlen] == '\n'))
        p++;
    if (p == NULL)
        return NULL;
    p += tlen + 1;
    p += strspn(p, "\n");
    const char *end = strstr(p, "\n\n"), *next = strstr(p, "\n#");
    if (end == NULL || (next && next < end))
        end = next ? next : p + strlen(p);
    return end > p ? rk_xstrndup(p, (size_t)(end - p)) : NULL;
}

/* The hint: the README's "## Hint" (a teacher may add one), else the start
 * of "## What goes wrong"; and the primitive of the fix, when named. */
static void load_hint(grade_exercise *x, const char *readme)
{
    char *text = rk_read_file(readme, RK_META_MAX_BYTES, NULL);
    char *hint = text ? section_paragraph(text, "## Hint") : NULL;
    if (text && hint == NULL)
        hint = section_paragraph(text, "## What goes wrong");
    if (x->meta.fix) {
        char *with = rk_xasprintf("%s%sThe fix uses %s.", hint ? hint : "", hint ? "\n\n" : "", x->meta.fix);
        free(hint);
        hint = with;
    }
    x->hint = hint;
    free(text);
}

/* The scratch copies' folder name: the folder's own when it is lowercase
 * words joined by '-', else made so ("counter-Alice99", a Classroom
 * repository checked out, is "counter-alice99"). */
static char *word_name(const char *base)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    for (const char *p = base; *p && sb.len < 64; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 128 && isalnum(c))
            rk_sb_putc(&sb, (char)tolower(c));
        else if (sb.len > 0 && sb.buf[sb.len - 1] != '-')
            rk_sb_putc(&sb, '-');
    }
    while (sb.len > 0 && sb.buf[sb.len - 1] == '-')
        sb.buf[--sb.len] = '\0';
    if (sb.len == 0)
        rk_sb_puts(&sb, "exercise");
    return rk_sb_detach(&sb);
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of `dir`/`rel` into *out as paths below `dir`, and at
 * the top those of the folder of expected outputs (expected-stdout/: the
 * only folder an exercise has; a student's repository may hold others,
 * its gradebook/ among them); hidden entries left out. */
static void list_files(const char *dir, const char *rel, rk_strlist *out)
{
    char *here = rel ? rk_path_join(dir, rel) : rk_xstrdup(dir);
    DIR *d = opendir(here);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char *name = rel ? rk_path_join(rel, e->d_name) : rk_xstrdup(e->d_name), *path = rk_path_join(dir, name);
        struct stat st;
        int found = lstat(path, &st) == 0;
        if (found && S_ISREG(st.st_mode))
            rk_sl_add(out, name);
        else if (found && rel == NULL && strcmp(name, RK_EXERCISE_STDOUT_DIR) == 0 && S_ISDIR(st.st_mode))
            list_files(dir, name, out);
        free(name);
        free(path);
    }
    if (d)
        closedir(d);
    free(here);
}

void grade_exercise_files(const grade_exercise *x, rk_strlist *out)
{
    rk_strlist all = RK_STRLIST_INIT;
    list_files(x->dir, NULL, &all);
    qsort(all.items, (size_t)all.n, sizeof *all.items, by_text);
    for (int i = 0; i < all.n; i++)
        if (strcmp(all.items[i], "safe.c") != 0)
            rk_sl_add(out, all.items[i]);
    rk_sl_free(&all);
}

/* What the teacher gave: every file grade_exercise_files lists, names
 * and contents folded. Two shards graded on two machines agree on it when
 * they grade the same exercise, and a result is graded again when it
 * changes (grade_cache.c). */
static uint64_t exercise_key(const grade_exercise *x)
{
    rk_strlist names = RK_STRLIST_INIT;
    grade_exercise_files(x, &names);
    uint64_t h = rk_hash_str(RK_HASH_INIT, "racekit exercise 1");
    for (int i = 0; i < names.n; i++) {
        char *f = rk_path_join(x->dir, names.items[i]);
        h = rk_hash_str(h, names.items[i]);
        if (rk_hash_file(&h, f) < 0)
            h = rk_hash_str(h, "unreadable");
        free(f);
    }
    rk_sl_free(&names);
    return h;
}

void grade_exercise_key_hex(const grade_exercise *x, char buf[17])
{
    snprintf(buf, 17, "%016" PRIx64, x->key);
}

int grade_exercise_load(const char *arg, grade_exercise *x)
{
    memset(x, 0, sizeof *x);
    x->arg = arg;
    if ((x->dir = realpath(arg, NULL)) == NULL || !rk_exercise_is(x->dir)) {
        rk_error("grade: %s: %s", arg, x->dir ? "not an exercise folder (no exercise.txt; make one with racekit "
                                                "exercise <topic>/<name> <dir>)" : strerror(errno));
        return -1;
    }
    x->name = word_name(rk_basename(x->dir));
    x->key = exercise_key(x);
    char *readme = rk_path_join(x->dir, "README.md"), err[1024];
    int rc = rk_meta_load(readme, &x->meta, err, sizeof err);
    if (rc < 0)
        rk_error("grade: %s", err);
    if (rc == 0) {
        list_tests(x);
        rc = x->meta.points ? parse_points(x, readme) : 0;
    }
    if (rc == 0) {
        load_hint(x, readme);
        for (int i = 0; i < x->n_tests; i++)
            x->max += x->tests[i].points;
    }
    free(readme);
    return rc;
}

void grade_exercise_free(grade_exercise *x)
{
    free(x->dir);
    free(x->name);
    free(x->hint);
    rk_meta_free(&x->meta);
    memset(x, 0, sizeof *x);
}
