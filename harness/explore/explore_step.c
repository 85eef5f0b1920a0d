/* explore_step.c - `racekit step`: the user is the scheduler. Wherever
 * more than one thread can run, it shows each thread's next line and asks
 * which one runs; it says when the invariant broke, the threads deadlocked
 * or the program finished.
 *
 * Each answer re-runs the program from the start with the choices so far
 * (the runtime's step mode pauses where the choices run out): runs are
 * deterministic under the scheduler, so the prefix always leads to the same
 * point, and no process is kept waiting on a terminal. --choices gives the
 * answers up front (scripts, tests); the transcript is the same. */
#include "explore.h"
#include "runtime/explore_proto.h"

#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    "Wherever more than one thread can run, shows each thread's next line and asks which one runs; says when the "
    "invariant broke, the threads deadlocked or the program finished, and prints the schedule to replay. Writes "
    "<build>/results/explore/<topic>/<name>/<variant>.step.json.",
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

/* The next answer: from the --choices list (advancing *list) or a line of
 * standard input. Returns the thread number, or -1 when there is none
 * (list used up, end of input, or "q"). */
static long next_answer(const char **list, int *from_list)
{
    if (*from_list) {
        if (*list == NULL || **list == '\0')
            return -1;
        const char *start = *list;
        char *end;
        long t = strtol(start, &end, 10);
        *list = *end == ',' ? end + 1 : end;
        return end == start ? -2 : t;
    }
    char line[64];
    printf("which thread runs next? (q quits) ");
    fflush(stdout);
    if (fgets(line, sizeof line, stdin) == NULL)
        return -1;
    if (line[0] == 'q')
        return -1;
    char *end;
    long t = strtol(line, &end, 10);
    return end == line ? -2 : t; /* -2: not a number, ask again */
}

/* 1 when thread `t` can run at r's pause. */
static int can_run(const rk_xrun *r, long t)
{
    for (size_t i = 0; i < r->n_threads; i++)
        if (r->threads[i].id == t && strcmp(r->threads[i].state, "enabled") == 0)
            return 1;
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

/* The loop: run with the choices so far; at a pause ask, else conclude. */
static int play(const rk_xcase *x, const struct step_args *a, rk_xopts *o)
{
    double start = rk_now();
    const char *list = a->choices;
    int from_list = a->choices != NULL;
    rk_strbuf choices = RK_STRBUF_INIT; /* every choice, the kit's included: the runtime's input */
    rk_strbuf answers = RK_STRBUF_INIT; /* the user's own: what --choices takes */
    int rc = RK_EXIT_PASS, asked = 0;
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
        printf("%schoice %d, after %llu steps:\n%s", asked ? "\n" : "", asked + 1,
               (unsigned long long)r.steps, rk_sb_cstr(&threads));
        rk_sb_free(&threads);
        long t;
        while ((t = next_answer(&list, &from_list)) == -2 || (t >= 0 && !can_run(&r, t))) {
            if (from_list) {
                if (t == -2)
                    rk_error("--choices: choice %d is not a thread number", asked + 1);
                else
                    rk_error("--choices: choice %d: thread %ld cannot run now", asked + 1, t);
                t = -3;
                break;
            }
            printf("thread %ld cannot run now\n", t);
        }
        rk_xrun_free(&r);
        if (t == -3) {
            rc = RK_EXIT_USAGE;
            break;
        }
        if (t < 0) {
            printf("\nstopped after %d choices (%s)\n", asked, answers.len ? rk_sb_cstr(&answers) : "none");
            break;
        }
        if (from_list)
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
