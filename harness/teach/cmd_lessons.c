/* cmd_lessons.c - `racekit lessons [--week N] [--detector NAME]
 * [--cases-root DIR] [--markdown]`: the course (<cases-root>/COURSE,
 * course.h) in order, week by week, each lesson with its title and the
 * status of each variant on this machine (lessons.h), the week's exercise
 * and step session, and a summary line; the cases the course has no place
 * for are listed after it. --markdown prints the weeks as docs/course.md
 * lays them out (no status: the same on every machine; ci/course.sh). */
#define _POSIX_C_SOURCE 200809L
#include "case/case.h"
#include "course.h"
#include "lessons.h"
#include "teach.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct options {
    uint64_t week;          /* 0: every week */
    const char *detector;
    const char *cases_root; /* as given, or NULL: the kit's cases/ */
    int markdown;
};

enum { OPT_WEEK, OPT_DETECTOR, OPT_CASES_ROOT, OPT_MARKDOWN };
static const rk_option options[] = {
    [OPT_WEEK] = { "--week", NULL, "N", "show week N only (1 to the number of weeks of the course)" },
    [OPT_DETECTOR] = { "--detector", NULL, "NAME",
                       "the status from this detector's check results (default tsan; docs/detectors.md)" },
    [OPT_CASES_ROOT] = { "--cases-root", NULL, "DIR",
                         "the folder of <topic>/<name>/ case folders whose COURSE file to read "
                         "(default: the kit's cases/)" },
    [OPT_MARKDOWN] = { "--markdown", NULL, NULL,
                       "print the weeks as docs/course.md lays them out, without status (ci/course.sh writes "
                       "docs/course.md with it)" },
    { NULL },
};

const rk_command rk_lessons_command = {
    "lessons", "", "print the course in order: each week's lessons with their status on this machine",
    "The course is <cases-root>/COURSE (docs/course.md). Each lesson shows its title and, for each variant, "
    "passed, failed, not run or skipped, from the result files under <build>/results/: the check result of "
    "--detector, and the explore result where there is no check result or the case says 'explore: cannot'. "
    "Then the week's exercise and racekit step session, a summary line (N passed, M failed, K not run), and "
    "the cases the course has no place for. Exit status 0; 2 on bad usage, a COURSE file that does not parse "
    "or names a lesson that is not there, or a result file or lesson that cannot be read (one line each on "
    "stderr).",
    0, 0, options,
};

/* Fill *o from argv; RK_OPTS_GO_ON, or the exit status after --help or a mistake. */
static int parse_args(int argc, char **argv, struct options *o)
{
    memset(o, 0, sizeof *o);
    o->detector = "tsan";
    rk_opts p;
    rk_opts_start(&p, &rk_lessons_command, argc, argv);
    for (int k; (k = rk_opts_next(&p)) != RK_OPT_END;) {
        if (k == OPT_WEEK) {
            if (rk_opt_number(&p, 1, 1000, &o->week) < 0)
                return p.status;
        } else if (k == OPT_DETECTOR && !rk_is_detector_name(p.value)) {
            rk_opt_fail(&p, "unknown detector '%s' (known: %s)", p.value, rk_detector_names_help());
            return p.status;
        } else if (k == OPT_DETECTOR) {
            o->detector = p.value;
        } else if (k == OPT_CASES_ROOT) {
            o->cases_root = p.value;
        } else if (k == OPT_MARKDOWN) {
            o->markdown = 1;
        } else {
            return p.status;
        }
    }
    return RK_OPTS_GO_ON;
}

/* One lesson as listed. */
struct lesson {
    const char *id;
    char *title;
    char *expect;
    rk_lesson_status status[2]; /* unsafe, safe */
};

/* What the listing counts. */
struct tally {
    int by_status[4];
    int errors;
};

/* The lesson `id` under root: its title and expect from the front matter,
 * the status of each variant; a problem is one line on stderr, counted. */
static void lesson_fill(struct lesson *l, const char *root, const char *results, const struct options *o,
                        struct tally *t)
{
    char *readme = rk_path_join(root, l->id);
    char *path = rk_path_join(readme, "README.md");
    rk_meta meta;
    char err[1024];
    int cannot = 0;
    if (rk_meta_load(path, &meta, err, sizeof err) < 0) {
        rk_error("%s", err);
        t->errors++;
        l->title = rk_xstrdup("(its README.md cannot be read)");
        l->expect = rk_xstrdup("?");
    } else {
        l->title = rk_xstrdup(meta.title);
        l->expect = rk_sl_join(&meta.expect, ", ");
        cannot = meta.explore == RK_EXPLORE_CANNOT;
        rk_meta_free(&meta);
    }
    free(path);
    free(readme);
    static const char *const variants[2] = { "unsafe", "safe" };
    for (int v = 0; v < 2; v++) {
        l->status[v] = rk_lesson_variant_status(results, o->detector, l->id, variants[v], cannot, err, sizeof err);
        if (*err) {
            rk_error("%s", err);
            t->errors++;
        }
        t->by_status[l->status[v]]++;
    }
}

static void lesson_free(struct lesson *l)
{
    free(l->title);
    free(l->expect);
}

/* "  basics/counter   unsafe: passed   safe: not run   Lost update ..." */
static void print_lesson(const struct lesson *l, int width)
{
    char unsafe[32], safe[32];
    snprintf(unsafe, sizeof unsafe, "unsafe: %s", rk_lesson_status_name(l->status[0]));
    snprintf(safe, sizeof safe, "safe: %s", rk_lesson_status_name(l->status[1]));
    printf("  %-*s  %-15s  %-13s  %s\n", width, l->id, unsafe, safe, l->title);
}

/* The case as the printed commands name it: its id under the kit's cases,
 * else its folder under --cases-root. */
static char *case_arg(const struct options *o, const char *id)
{
    return o->cases_root ? rk_path_join(o->cases_root, id) : rk_xstrdup(id);
}

/* The week's exercise and step session, as commands to type. */
static void print_commands(const rk_week *w, const struct options *o)
{
    char *ex = case_arg(o, w->exercise), *st = case_arg(o, w->step_case);
    const char *name = strchr(w->exercise, '/') + 1;
    printf("  exercise: %s exercise %s homework/%s\n", rk_prog(), ex, name);
    printf("  step:     %s step %s %s%s\n", rk_prog(), st, w->step_variant,
           w->choices ? "" : "   (answer c at each question: the bug shows)");
    if (w->choices)
        printf("            %s step --choices %s %s %s   (answers that show the bug)\n", rk_prog(), w->choices, st,
               w->step_variant);
    free(ex);
    free(st);
}

/* `text` as a Markdown table cell: '|' escaped, '<' and '>' as entities
 * (a title such as "A C11 <threads.h> program" is no HTML tag). */
static void print_cell(const char *text)
{
    for (const char *p = text; *p; p++)
        if (*p == '|')
            fputs("\\|", stdout);
        else if (*p == '<')
            fputs("&lt;", stdout);
        else if (*p == '>')
            fputs("&gt;", stdout);
        else
            putchar(*p);
}

/* The weeks as docs/course.md shows them: a heading, the chapter, the
 * lessons as a table linked to their lessons, the exercise and the step
 * session as commands. */
static void print_markdown_week(const rk_week *w, const struct lesson *ls)
{
    printf("## Week %d: %s\n\n", w->number, w->title);
    printf("**Chapters:** %s\n\n", w->chapter);
    if (w->about)
        printf("%s\n\n", w->about);
    printf("| # | lesson | title | expect |\n|---|---|---|---|\n");
    for (int i = 0; i < w->lessons.n; i++) {
        printf("| %d | [%s](../cases/%s/README.md) | ", i + 1, ls[i].id, ls[i].id);
        print_cell(ls[i].title);
        printf(" | %s |\n", ls[i].expect);
    }
    const char *name = strchr(w->exercise, '/') + 1;
    printf("\n**Exercise:** `%s` handed out without its fix; the repair passes when `racekit check` does:\n\n",
           w->exercise);
    printf("    racekit exercise %s homework/%s\n    racekit check homework/%s safe\n\n", w->exercise, name, name);
    printf("**Step session:** be the scheduler of `%s` (%s)", w->step_case, w->step_variant);
    printf(w->choices ? "; the second command gives the answers that show the bug"
                      : "; answer `c` (continue) at each question and the run ends in the bug");
    printf(":\n\n    racekit step %s %s\n", w->step_case, w->step_variant);
    if (w->choices)
        printf("    racekit step --choices %s %s %s\n", w->choices, w->step_case, w->step_variant);
    printf("\n");
}

/* The summary line of `n` lessons. */
static void print_summary(const char *what, int n, const struct tally *t)
{
    printf("%s: %d lesson%s, %d variants: %d passed, %d failed, %d not run", what, n, n == 1 ? "" : "s", 2 * n,
           t->by_status[RK_LESSON_PASSED], t->by_status[RK_LESSON_FAILED], t->by_status[RK_LESSON_NOT_RUN]);
    if (t->by_status[RK_LESSON_SKIPPED])
        printf(", %d skipped", t->by_status[RK_LESSON_SKIPPED]);
    printf("\n");
}

/* The cases under root that the course has no place for, listed with
 * their status (they are not counted in the course's summary). */
static void print_outside(const rk_course *c, const char *root, const char *results, const struct options *o,
                          struct tally *t)
{
    rk_strlist dirs = RK_STRLIST_INIT;
    if (rk_case_list(root, &dirs) < 0)
        return;
    rk_strlist extra = RK_STRLIST_INIT;
    for (int i = 0; i < dirs.n; i++) {
        const char *slash = strrchr(dirs.items[i], '/');
        while (slash > dirs.items[i] && slash[-1] != '/')
            slash--;
        char *id = rk_xstrdup(slash > dirs.items[i] ? slash : dirs.items[i]);
        if (rk_course_week_of(c, id) == 0)
            rk_sl_add(&extra, id);
        free(id);
    }
    if (extra.n > 0) {
        printf("\nnot in the course (%s has no place for %s):\n", c->path, extra.n == 1 ? "it" : "them");
        struct tally outside = { { 0 }, 0 };
        int width = 0;
        for (int i = 0; i < extra.n; i++)
            width = (int)strlen(extra.items[i]) > width ? (int)strlen(extra.items[i]) : width;
        for (int i = 0; i < extra.n; i++) {
            struct lesson l = { extra.items[i], NULL, NULL, { 0, 0 } };
            lesson_fill(&l, root, results, o, &outside);
            print_lesson(&l, width);
            lesson_free(&l);
        }
        t->errors += outside.errors;
    }
    rk_sl_free(&extra);
    rk_sl_free(&dirs);
}

int rk_cmd_lessons(int argc, char **argv)
{
    struct options o;
    int status = parse_args(argc, argv, &o);
    if (status != RK_OPTS_GO_ON)
        return status;
    char *root = o.cases_root ? rk_xstrdup(o.cases_root) : rk_path_join(rk_paths_get()->source_dir, "cases");
    char *results = rk_path_join(rk_paths_get()->build_dir, "results");
    rk_course c;
    char err[2048];
    if (rk_course_load(root, &c, err, sizeof err) < 0) {
        rk_error("%s", err);
        free(root);
        free(results);
        return RK_EXIT_USAGE;
    }
    if (o.week > (uint64_t)c.n_weeks) {
        free(root);
        free(results);
        status = rk_usage_fail(&rk_lessons_command, "--week %llu: %s has %d weeks", (unsigned long long)o.week,
                               c.path, c.n_weeks);
        rk_course_free(&c);
        return status;
    }
    int width = 0;
    for (int i = 0; i < c.n_weeks; i++)
        for (int j = 0; j < c.weeks[i].lessons.n; j++)
            width = (int)strlen(c.weeks[i].lessons.items[j]) > width ? (int)strlen(c.weeks[i].lessons.items[j])
                                                                      : width;
    struct tally t = { { 0 }, 0 };
    int shown = 0;
    for (int i = 0; i < c.n_weeks; i++) {
        const rk_week *w = &c.weeks[i];
        if (o.week && (uint64_t)w->number != o.week)
            continue;
        struct lesson *ls = rk_xcalloc((size_t)w->lessons.n, sizeof *ls);
        for (int j = 0; j < w->lessons.n; j++) {
            ls[j].id = w->lessons.items[j];
            lesson_fill(&ls[j], root, results, &o, &t);
        }
        if (o.markdown) {
            print_markdown_week(w, ls);
        } else {
            printf("%sweek %d: %s\n  chapter: %s\n", shown ? "\n" : "", w->number, w->title, w->chapter);
            for (int j = 0; j < w->lessons.n; j++)
                print_lesson(&ls[j], width);
            print_commands(w, &o);
        }
        for (int j = 0; j < w->lessons.n; j++)
            lesson_free(&ls[j]);
        free(ls);
        shown += w->lessons.n;
    }
    if (!o.markdown) {
        if (!o.week)
            print_outside(&c, root, results, &o, &t);
        char *what = o.week ? rk_xasprintf("\nweek %llu", (unsigned long long)o.week)
                            : rk_xasprintf("\n%d weeks", c.n_weeks);
        print_summary(what, shown, &t);
        free(what);
    }
    rk_course_free(&c);
    free(root);
    free(results);
    return t.errors ? RK_EXIT_USAGE : RK_EXIT_PASS;
}
