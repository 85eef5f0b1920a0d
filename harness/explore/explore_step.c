/* explore_step.c - `racekit step`: the user is the scheduler. Wherever
 * more than one thread can run, it shows each thread's next line and asks
 * which one runs; it says when the invariant broke, the threads deadlocked
 * or the program finished.
 *
 * Each answer re-runs the program from the start with the choices so far
 * (the runtime's step mode pauses where the choices run out): runs are
 * deterministic under the scheduler, so the prefix always leads to the same
 * point, and no process is kept waiting on a terminal. Enter takes the
 * suggested thread (the one that ran last, when it can go on), "?" lists
 * the choices again, "c" takes the suggestion until the order matters (two
 * threads about to touch the same object). --choices gives the answers up
 * front (scripts, tests); the transcript is the same. */
#define _POSIX_C_SOURCE 200809L
#include "explore.h"
#include "runtime/explore_proto.h"

#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct step_args {
    const char *case_arg, *variant, *cases_root, *choices;
    double timeout_s;
};

enum { OPT_CHOICES, OPT_TIMEOUT, OPT_CASES_ROOT };
static const rk_option options[] = {
    [OPT_CHOICES] = { "--choices", NULL, "N,N,...",
                      "the threads to run at each choice, given up front (scripts, tests); without it, one answer "
                      "per line on standard input" },
    [OPT_TIMEOUT] = { "--timeout", NULL, "SEC", "limit each run to SEC seconds, 1 to 3600 (default: the case's "
                      "timeout)" },
    [OPT_CASES_ROOT] = { "--cases-root", NULL, "DIR", RK_CASES_ROOT_HELP },
    { NULL },
};

const rk_command rk_step_command = {
    "step", "<case-dir> <unsafe|safe>", "be the scheduler: pick which thread runs next",
    "Wherever more than one thread can run, shows each thread's next line and asks which one runs: a thread "
    "number, Enter for the suggested one (the thread that ran last, when it can go on), ? to list the choices "
    "again, c to take the suggestion until two threads are about to touch the same object, q to stop. Says when "
    "the invariant broke, the threads deadlocked or the program finished, and prints the schedule to replay. "
    "Writes <build>/results/explore/<topic>/<name>/<variant>.step.json.",
    2, 2, options,
};

/* Fill *a from argv; RK_OPTS_GO_ON, or the exit status after --help or a mistake. */
static int parse_args(int argc, char **argv, struct step_args *a)
{
    rk_opts p;
    uint64_t n;
    rk_opts_start(&p, &rk_step_command, argc, argv);
    for (int k; (k = rk_opts_next(&p)) != RK_OPT_END;) {
        switch (k) {
        case OPT_CHOICES:
            if (p.value[strspn(p.value, "0123456789,")] != '\0') {
                rk_opt_fail(&p, "expected thread numbers separated by commas, got '%s'", p.value);
                return p.status;
            }
            a->choices = p.value;
            break;
        case OPT_TIMEOUT:
            if (rk_opt_number(&p, 1, 3600, &n) < 0)
                return p.status;
            a->timeout_s = (double)n;
            break;
        case OPT_CASES_ROOT:
            a->cases_root = p.value;
            break;
        case RK_OPT_OPERAND:
            *(a->case_arg ? &a->variant : &a->case_arg) = p.value;
            break;
        default:
            return p.status;
        }
    }
    return RK_OPTS_GO_ON;
}

/* What an answer asks for besides a thread number. */
enum { ANSWER_QUIT = -1, ANSWER_BAD = -2, ANSWER_LIST = -4, ANSWER_CONTINUE = -5 };

/* The next answer: from the --choices list (advancing *list) or a line of
 * standard input, where Enter takes `suggested`, "?" lists the choices
 * again, "c" continues to the next interesting choice and "q" quits.
 * Returns the thread number or one of the ANSWER_ codes (ANSWER_QUIT also
 * when the list or the input has ended). */
static long next_answer(const char **list, int *from_list, long suggested)
{
    if (*from_list) {
        if (*list == NULL || **list == '\0')
            return ANSWER_QUIT;
        const char *start = *list;
        char *end;
        long t = strtol(start, &end, 10);
        *list = *end == ',' ? end + 1 : end;
        return end == start ? ANSWER_BAD : t;
    }
    char line[64];
    printf("which thread runs next? [Enter: thread %ld, ?: the choices, c: continue, q: quit] ", suggested);
    fflush(stdout);
    if (fgets(line, sizeof line, stdin) == NULL)
        return ANSWER_QUIT;
    char *at = line + strspn(line, " \t");
    if (*at == '\n' || *at == '\0')
        return suggested;
    if (*at == 'q')
        return ANSWER_QUIT;
    if (*at == '?')
        return ANSWER_LIST;
    if (*at == 'c')
        return ANSWER_CONTINUE;
    char *end;
    long t = strtol(at, &end, 10);
    return end == at || (*end != '\n' && *end != '\0' && *end != ' ') ? ANSWER_BAD : t;
}

/* 1 when thread `t` can run at r's pause. */
static int can_run(const rk_xrun *r, long t)
{
    for (size_t i = 0; i < r->n_threads; i++)
        if (r->threads[i].id == t && strcmp(r->threads[i].state, "enabled") == 0)
            return 1;
    return 0;
}

/* The thread the timeline suggests at r's pause: the one that took the
 * last step, when it can go on (no switch), else the lowest-numbered that
 * can run; -1 when none can. */
static long suggested_thread(const rk_xrun *r)
{
    if (r->n_steps > 0 && can_run(r, r->steps_v[r->n_steps - 1].thread))
        return r->steps_v[r->n_steps - 1].thread;
    for (size_t i = 0; i < r->n_threads; i++)
        if (strcmp(r->threads[i].state, "enabled") == 0)
            return r->threads[i].id;
    return -1;
}

/* 1 when the order at r's pause matters: two threads that can run are
 * about to touch the same location or object (the same lock, the same
 * shared variable), so which goes first can change what happens. */
static int interesting(const rk_xrun *r)
{
    for (size_t i = 0; i < r->n_threads; i++)
        for (size_t j = i + 1; j < r->n_threads; j++) {
            const rk_xthread *a = &r->threads[i], *b = &r->threads[j];
            if (strcmp(a->state, "enabled") == 0 && strcmp(b->state, "enabled") == 0 && a->kind != '-' &&
                a->kind == b->kind && a->block == b->block && a->addr == b->addr)
                return 1;
        }
    return 0;
}

/* Print the end, the timeline and the deadlock; write the result file. */
static int conclude(const rk_xcase *x, const rk_xrun *r, const rk_xopts *o, const char *choices, double start)
{
    const char *outcome = rk_explore_outcome(r);
    char *text = rk_explore_end_text(r, outcome, ": ", "");
    rk_timeline tl;
    rk_timeline_build(x->built.binary, r, &tl);
    rk_strbuf out = RK_STRBUF_INIT, dead = RK_STRBUF_INIT;
    rk_timeline_text(&tl, &out);
    rk_explore_deadlock_text(x->built.binary, r, &dead);
    printf("\n%s\n\n%s%s%s", text, rk_sb_cstr(&out), dead.len ? "\n" : "", rk_sb_cstr(&dead));
    printf("\nyour choices: %s\n", *choices ? choices : "(none)");
    if (r->schedule)
        printf("replay: %s replay %s %s --schedule %s\n", rk_prog(), x->c.id, x->variant, r->schedule);
    rk_explore_result res = { x->c.id, x->variant, "step", o, r, &tl, outcome, rk_sb_cstr(&dead),
                              strcmp(outcome, "clean") != 0, 0, text, rk_now() - start };
    int wrote = rk_explore_result_save(&res);
    free(text);
    rk_sb_free(&out);
    rk_sb_free(&dead);
    rk_timeline_free(&tl);
    return wrote < 0 ? RK_EXIT_USAGE : RK_EXIT_PASS;
}

/* Ask at r's pause until the answer is a thread that can run, the choices
 * listed again for "?"; returns it, ANSWER_QUIT, ANSWER_CONTINUE, or -3
 * after a bad --choices entry (message printed). */
static long ask(const rk_xrun *r, const char **list, int *from_list, long suggested, int asked,
                const char *threads)
{
    for (;;) {
        long t = next_answer(list, from_list, suggested);
        if (t == ANSWER_QUIT || t == ANSWER_CONTINUE || (t >= 0 && can_run(r, t)))
            return t;
        if (*from_list) {
            if (t == ANSWER_BAD)
                rk_error("--choices: choice %d is not a thread number", asked + 1);
            else
                rk_error("--choices: choice %d: thread %ld cannot run now", asked + 1, t);
            return -3;
        }
        if (t == ANSWER_LIST)
            printf("%s", threads);
        else if (t == ANSWER_BAD)
            printf("answer with a thread number, Enter, ?, c or q\n");
        else
            printf("thread %ld cannot run now\n", t);
    }
}

/* The loop: run with the choices so far; at a pause ask (or, continuing,
 * take the suggested thread until the order matters), else conclude. */
static int play(const rk_xcase *x, const struct step_args *a, rk_xopts *o)
{
    double start = rk_now();
    const char *list = a->choices;
    int from_list = a->choices != NULL;
    rk_strbuf choices = RK_STRBUF_INIT; /* every choice, the kit's included: the runtime's input */
    rk_strbuf answers = RK_STRBUF_INIT; /* the user's own: what --choices takes */
    int rc = RK_EXIT_PASS, asked = 0, continuing = 0;
    for (;;) {
        o->schedule = choices.len ? choices.buf : NULL;
        rk_xrun r;
        if (rk_explore_run(x->built.binary, x->c.dir, o, &r) < 0 || r.run_error) {
            printf("racekit step: %s\n", r.run_error);
            rk_xrun_free(&r);
            rc = RK_EXIT_FAIL;
            break;
        }
        if (!r.have_run || strcmp(r.end, RK_XEND_PAUSED) != 0) {
            if (r.have_run && strcmp(r.end, RK_XEND_DIVERGED) == 0) {
                rk_error("--choices: %s", r.detail);
                rc = RK_EXIT_USAGE;
            } else {
                rc = conclude(x, &r, o, rk_sb_cstr(&answers), start);
            }
            rk_xrun_free(&r);
            break;
        }
        rk_strbuf threads = RK_STRBUF_INIT;
        int kit = rk_explore_pause_text(x->built.binary, &r, &threads);
        if (kit >= 0) { /* the kit's own code: no question to ask */
            rk_sb_printf(&choices, "%s%d", choices.len ? "," : "", kit);
            rk_sb_free(&threads);
            rk_xrun_free(&r);
            continue;
        }
        long suggested = suggested_thread(&r);
        long t;
        if (continuing && !interesting(&r)) {
            t = suggested;
            printf("%schoice %d, after %llu steps: thread %ld (continue)\n", asked ? "\n" : "", asked + 1,
                   (unsigned long long)r.steps, t);
        } else {
            continuing = 0;
            printf("%schoice %d, after %llu steps:\n%s", asked ? "\n" : "", asked + 1,
                   (unsigned long long)r.steps, rk_sb_cstr(&threads));
            t = ask(&r, &list, &from_list, suggested, asked, rk_sb_cstr(&threads));
            if (t == ANSWER_CONTINUE)
                continuing = 1, t = suggested;
        }
        rk_sb_free(&threads);
        rk_xrun_free(&r);
        if (t == -3) {
            rc = RK_EXIT_USAGE;
            break;
        }
        if (t < 0) {
            printf("\nstopped after %d choice%s", asked, asked == 1 ? "" : "s");
            if (answers.len)
                printf(": %s (%s step --choices %s %s %s plays them again)", rk_sb_cstr(&answers), rk_prog(),
                       rk_sb_cstr(&answers), x->c.id, x->variant);
            printf("\n");
            break;
        }
        if (from_list || !isatty(STDIN_FILENO)) /* a transcript shows each answer */
            printf("-> thread %ld\n", t);
        rk_sb_printf(&choices, "%s%ld", choices.len ? "," : "", t);
        rk_sb_printf(&answers, "%s%ld", answers.len ? "," : "", t);
        asked++;
    }
    rk_sb_free(&choices);
    rk_sb_free(&answers);
    return rc;
}

int rk_cmd_step(int argc, char **argv)
{
    struct step_args a;
    memset(&a, 0, sizeof a);
    int status = parse_args(argc, argv, &a);
    if (status != RK_OPTS_GO_ON)
        return status;
    rk_xcase x;
    int rc = rk_xcase_open(&x, a.case_arg, a.variant, a.cases_root);
    if (rc == RK_EXIT_PASS && !x.built.ok) {
        printf("%s: does not compile\n%s", x.source, rk_sb_cstr(&x.built.diagnostics));
        rc = RK_EXIT_FAIL;
    } else if (rc == RK_EXIT_PASS) {
        rk_xopts o;
        memset(&o, 0, sizeof o);
        o.mode = "step";
        o.schedules = 1;
        o.seed = 1;
        o.depth = 1;
        o.strategy = "pct";
        o.timeout_s = a.timeout_s > 0 ? a.timeout_s : x.meta.timeout;
        o.total_s = o.timeout_s * 3 + 30;
        rc = play(&x, &a, &o);
    }
    rk_xcase_free(&x);
    return rc;
}
