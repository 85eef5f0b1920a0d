/* explore.h - the harness side of racekit's controlled scheduler
 * (`racekit explore`, `racekit replay`): build a variant against the
 * scheduler runtime (harness/explore/runtime/), run it, read the records
 * the runtime writes (explore_proto.h), turn the failing schedule into a
 * verdict, a timeline and a result file. */
#ifndef RK_EXPLORE_H
#define RK_EXPLORE_H

#include "build/build.h"
#include "case/case.h"
#include "util/util.h"

#include <stdint.h>

/* rk_explore_build_init - fill *b to build `variant` of case topic/name for
 * the scheduler: -fsanitize=thread instrumentation, linked without TSan's
 * runtime against the scheduler runtime's objects (compiled once per
 * compiler and runtime content into <build>/cache/explore-rt), with the
 * linker's --wrap for every call the runtime controls. Returns 0, or -1
 * with a one-line reason in err (the runtime does not compile: the caller
 * exits 77). Free with rk_tsan_build_free. */
int rk_explore_build_init(rk_build *b, const char *topic, const char *name, const char *variant,
                          const char *cflags, char *err, size_t errlen);

/* One step of the failing schedule, as the runtime recorded it. */
typedef struct {
    int thread;
    int op;              /* enum rk_op */
    uint64_t pc;         /* ELF address, 0 unknown */
    char kind;           /* g h o - (explore_proto.h) */
    uint32_t block;
    uint64_t addr;
    uint32_t size, count;
    char obj_kind;
    uint32_t obj_block;
    uint64_t obj;
} rk_xstep;

/* A thread's state when the schedule ended. */
typedef struct {
    int id;
    char state[12];      /* enabled, blocked, finished */
    int op;
    uint64_t pc;
    char kind;
    uint32_t block;
    uint64_t addr;
    int holder;
    uint64_t holder_pc;
} rk_xthread;

/* One edge of a lock-order cycle: `thread` took lock `to` at to_pc while
 * it held `from`, which it had taken at from_pc (kinds as in rk_xstep). */
typedef struct {
    int thread;
    char from_kind, to_kind;
    uint32_t from_block, to_block;
    uint64_t from, to, from_pc, to_pc;
} rk_xedge;

/* One output a schedule printed (rk_xopts.outputs): its first `len` bytes
 * (at most RK_SCHED_OUTPUT_MAX) of `total` written. */
typedef struct {
    char *data;          /* owned */
    size_t len;
    uint64_t total, index;
} rk_xoutput;

/* What one invocation of the program reported. */
typedef struct {
    int ok;              /* the runtime's summary line arrived */
    uint64_t tried, found_count, micros, max_steps;
    /* the failing (explore) or only (replay) schedule */
    int have_run;
    uint64_t index, seed, steps;
    char strategy[16], end[16];
    int status;
    char *detail;        /* owned, may be "" */
    char *schedule;      /* owned, or NULL */
    rk_xstep *steps_v;   /* owned */
    size_t n_steps;
    rk_xthread *threads; /* owned */
    size_t n_threads;
    char *invariant;     /* owned: "file:line: message", or NULL */
    /* the bounded search, when it ran (the "bounded" record) */
    int bounded;
    int bound_completed; /* every schedule with at most this many preemptions ran; -1: no bound done */
    uint64_t bound_schedules; /* how many that took */
    int bound_reached;   /* the highest bound begun */
    int bound_cut;       /* a schedule had more choice points than the search follows */
    uint64_t search_schedules; /* schedules the bounded search ran, every bound */
    rk_xedge *cycle;     /* owned: the run's first lock-order cycle, in order */
    size_t n_cycle, cycle_len; /* edges kept; edges in the cycle */
    char *cycle_text;    /* owned: rk_explore_cycle_text of it, or NULL */
    rk_strbuf out, err;  /* the program's output (owned) */
    char *run_error;     /* owned: the harness could not run it, or NULL */
    rk_xoutput *outputs; /* owned: with rk_xopts.outputs, each different stdout of a schedule that passed */
    size_t n_outputs;
    int outputs_more;    /* more different outputs came than were asked for */
} rk_xrun;

/* Options of one invocation. */
typedef struct {
    const char *mode;      /* explore | replay */
    uint64_t schedules, seed;
    int depth;
    int bound;             /* the bounded search's most preemptions */
    const char *strategy;  /* pct | random | sync | bounded | mix */
    const char *schedule;  /* replay input */
    double timeout_s;      /* per schedule */
    double total_s;        /* the whole invocation */
    int outputs;           /* > 0: keep what schedules that pass print, the first this many different */
} rk_xopts;

/* rk_explore_runtime_dir - where the scheduler runtime's sources are:
 * beside the hook's folder in the kit's tree (harness/run/hook ->
 * harness/explore/runtime), share/racekit/explore-runtime once installed.
 * Caller frees. */
char *rk_explore_runtime_dir(void);

/* rk_explore_run - run `binary` once with the scheduler configured by `o`
 * (the ordering barrier off, RACEKIT_ORDER=off), in the harness's sandbox
 * with the build tree, sources and `case_dir`'s cases root read-only; parse
 * its records into *r. Returns 0 (r filled; r->ok says whether the runtime
 * finished), -1 when the harness itself failed (r->run_error). Free with
 * rk_xrun_free. */
int rk_explore_run(const char *binary, const char *case_dir, const rk_xopts *o, rk_xrun *r);
void rk_xrun_free(rk_xrun *r);

/* rk_explore_outcome - the outcome of a run's failing schedule: invariant,
 * hang (deadlock; also livelock), crash, exit, lock-order-inversion (the
 * program finished, but its locks were taken in a cycle), clean, or error
 * when the
 * scheduler could not run it (a schedule that does not fit, a limit, a
 * thread it did not start, slow; stuck: a thread sat outside
 * every step, in a system call the scheduler does not control). */
const char *rk_explore_outcome(const rk_xrun *r);

/* One row of the timeline. */
typedef struct {
    int thread;
    char *file;          /* owned, "?" when unknown */
    int line;
    char *op;            /* owned: "read balance", "lock account_lock" */
} rk_xrow;

typedef struct {
    rk_xrow *rows;
    size_t n;
    int n_threads;
    size_t total;        /* steps before trimming */
} rk_timeline;

/* rk_timeline_build - resolve r's steps to file:line and names (one
 * batched addr2line and one nm process for `binary`), trim them to the
 * steps that matter (accesses to locations that two threads touch with at
 * least one write, and the synchronisation calls) and fill *t. Never
 * fails: unknown lines are "?" / 0. Free with rk_timeline_free. */
void rk_timeline_build(const char *binary, const rk_xrun *r, rk_timeline *t);
void rk_timeline_free(rk_timeline *t);

/* rk_timeline_text - the timeline as a table, one column per thread. */
void rk_timeline_text(const rk_timeline *t, rk_strbuf *out);

/* rk_explore_deadlock_text - one line per blocked thread: who waits for
 * what, held by whom, where ("thread 1 blocked at unsafe.c:27: lock `b`,
 * held by thread 2 (taken at unsafe.c:26)"); empty unless the run ended in
 * a deadlock. */
void rk_explore_deadlock_text(const char *binary, const rk_xrun *r, rk_strbuf *out);

/* rk_explore_cycle_text - r's lock-order cycle edge by edge, one
 * symbolizer pass over `binary`: "thread 0 took m2 at unsafe.c:20 while
 * holding m1 (taken at unsafe.c:19); thread 0 took m1 at unsafe.c:25 while
 * holding m2 (taken at unsafe.c:24)", with "(N more)" when the cycle is
 * longer than what was recorded. NULL when r has no cycle; caller frees. */
char *rk_explore_cycle_text(const char *binary, const rk_xrun *r);

/* rk_explore_pause_text - at a pause of step mode: the lowest-numbered
 * thread that can run and whose next step is inside racekit.h (starting
 * the threads together, the ordering barrier turned off), which step runs
 * without asking so that the student chooses only between lines of the
 * case; or, when there is none, -1 and one line per thread in `out`: its
 * number, state and next step ("thread 1 can run at unsafe.c:20: lock
 * `account_lock`"), for a blocked thread who holds what it waits for. One
 * addr2line process for both. */
int rk_explore_pause_text(const char *binary, const rk_xrun *r, rk_strbuf *out);

/* What one explore, replay or step invocation concluded (result file). */
typedef struct {
    const char *case_id, *variant, *mode; /* mode: explore | replay | step */
    const rk_xopts *opts;
    const rk_xrun *run;
    const rk_timeline *timeline;
    const char *outcome;   /* rk_explore_outcome */
    const char *deadlock;  /* rk_explore_deadlock_text, or "" */
    int pass;
    int skip;              /* nothing to judge, or the scheduler cannot run it (exit 77) */
    const char *reason;
    double duration_s;
} rk_explore_result;

/* rk_explore_result_save - the result as JSON (docs/results.md, "explore
 * results") written atomically to
 * <build>/results/explore/<topic>/<name>/<variant>.json (step:
 * <variant>.step.json), its folder made. Returns 0, or -1 after one line
 * naming the file and the problem. */
int rk_explore_result_save(const rk_explore_result *res);

/* One variant opened and built for the scheduler, shared by explore,
 * replay and step (explore_case.c). */
typedef struct {
    rk_case c;
    rk_meta meta;
    const char *variant;
    char *source;          /* <case>/<variant>.c */
    rk_build build;
    rk_build_result built;
} rk_xcase;

/* rk_xcase_open - resolve `case_arg` (a folder, "topic/name", or an
 * exercise folder) under `cases_root` (NULL: <source>/cases), read its
 * front matter and build `variant` for the scheduler. Returns RK_EXIT_PASS
 * (x->built.ok says whether the variant compiled; diagnostics kept),
 * RK_EXIT_USAGE after one line naming the file and the problem, or
 * RK_EXIT_SKIP when the scheduler runtime cannot be built here (message
 * printed). Free with rk_xcase_free in every case. */
int rk_xcase_open(rk_xcase *x, const char *case_arg, const char *variant, const char *cases_root);
void rk_xcase_free(rk_xcase *x);

/* rk_explore_end_text - how run r ended, in words, for a verdict or step:
 * "the invariant broke<open>unsafe.c:42: balance is -60<close>", "the
 * threads deadlocked", "the scheduler lost control<open>thread 1 sat in
 * read() (system call 0), which the scheduler does not control<close>",
 * "the program was killed by signal 11"... Caller frees. */
char *rk_explore_end_text(const rk_xrun *r, const char *outcome, const char *open, const char *close);

/* rk_explore_error_text - why the scheduler could not run r (outcome
 * error), for "the scheduler cannot run this variant: ...": the runtime's
 * detail, or for a schedule that sat outside every step the thread and
 * its system call. Caller frees. */
char *rk_explore_error_text(const rk_xrun *r);

/* rk_explore_judge - whether run r of x's variant meets the case: an unsafe
 * variant whose case expects invariant, hang or lock-order-inversion passes
 * when a failing schedule of such an outcome was found (for a
 * lock-order-inversion, a lock-order cycle or a real deadlock); a safe
 * variant passes when none was (a lock-order cycle fails it, whatever the
 * case expects, as TSan's report of it fails racekit check). A run the scheduler could not carry out (outcome error) is not
 * judged, except that a replayed schedule that does not fit fails; a case
 * that says `explore: cannot` passes exactly when the scheduler could not
 * run it. `replay` is 1 for racekit replay. Returns 1 pass, 0 fail, -1 not
 * judged (the scheduler cannot run it, or the case expects none of those
 * outcomes: nothing to judge in its unsafe variant); *reason is one line
 * (caller frees). */
int rk_explore_judge(const rk_xcase *x, const rk_xrun *r, const char *outcome, int replay, char **reason);

/* A run judged: its outcome, verdict, timeline and deadlock text. */
typedef struct {
    const char *outcome;   /* rk_explore_outcome */
    int pass, skip;        /* see rk_explore_result */
    char *reason;          /* owned */
    rk_timeline tl;
    rk_strbuf dead;        /* rk_explore_deadlock_text */
} rk_xconclusion;

/* rk_explore_conclude - judge run r of x (rk_explore_judge), build its
 * timeline and deadlock text into *c, and save the result file
 * (rk_explore_result_save; `start` is when the command began). Returns 0,
 * or -1 when the result file could not be written (message printed); *c
 * is filled either way. Free with rk_xconclusion_free. */
int rk_explore_conclude(const rk_xcase *x, const rk_xopts *o, const rk_xrun *r, double start, rk_xconclusion *c);
void rk_xconclusion_free(rk_xconclusion *c);

/* What the scheduler concluded for `racekit check` (docs/outcomes.md,
 * "Two judges"). */
typedef struct rk_xverdict {
    int judged;            /* 0: the scheduler could not judge this variant */
    int pass;              /* with judged: the variant meets the case */
    int found;             /* a failing schedule was found */
    char outcome[24];      /* rk_explore_outcome, "" when not run */
    char strategy[16];     /* of the failing schedule */
    uint64_t schedules, tried, index, seed;
    char *reason;          /* owned: the scheduler's one line */
    char *replay;          /* owned: the replay command of the failing schedule, or NULL */
    double duration_s;
} rk_xverdict;

/* rk_explore_case_seed - the scheduler's seed for case `case_id` in a
 * check: a hash of the id, so the same tree gives the same schedules on
 * every run and machine. */
uint64_t rk_explore_case_seed(const char *case_id);

/* rk_explore_verdict - judge `variant` of the case at `case_dir` (under
 * `cases_root`, NULL for the kit's) with the scheduler as a check does:
 * `mix`, seeded by rk_explore_case_seed, 1000 schedules for unsafe (the
 * search stops at the first failing one) and 100 for safe, the case's
 * timeout per schedule. Writes the explore result file like racekit
 * explore. Returns 0 with *v filled (v->judged 0 when the scheduler cannot
 * run or judge it), or -1 when the case cannot be read or the result not
 * written (message printed). Free with rk_xverdict_free. */
int rk_explore_verdict(const char *case_dir, const char *variant, const char *cases_root, rk_xverdict *v);
void rk_xverdict_free(rk_xverdict *v);

/* Every output a variant printed under the scheduler (rk_explore_outputs). */
typedef struct {
    rk_xoutput *v;         /* owned: different outputs, sorted by their bytes */
    size_t n;
    int complete;          /* every schedule with at most `bound` preemptions ran */
    int bound;
    uint64_t schedules;    /* schedules run */
    int more;              /* more than the most asked for: the set is not whole */
    int cut;               /* an output was longer than RK_SCHED_OUTPUT_MAX */
    int failed;            /* a schedule failed (failure says how) */
    char *failure;         /* owned: why the set is missing or not whole, or NULL */
} rk_xoutputs;

/* rk_explore_outputs - what `variant` of the case at `case_dir` (under
 * `cases_root`, NULL for the kit's) prints on stdout under the scheduler,
 * each different output once: the bounded search with at most 2
 * preemptions (seeded by rk_explore_case_seed, up to 3000 schedules), and
 * when it cannot finish within them 2000 schedules of `mix` as well, so
 * the same tree gives the same set. Stops at the first failing schedule
 * (s->failed, s->failure) or when more than `max` outputs came (s->more).
 * Returns 0 with *s filled (s->failure says why it has nothing when the
 * scheduler cannot run the variant), -1 when the case cannot be read
 * (message printed). Free with rk_xoutputs_free. */
int rk_explore_outputs(const char *case_dir, const char *variant, const char *cases_root, int max,
                       rk_xoutputs *s);
void rk_xoutputs_free(rk_xoutputs *s);

/* The command lines of explore, replay and step (options.h), for
 * racekit's help and their own --help. */
extern const rk_command rk_explore_command, rk_replay_command, rk_step_command;

/* racekit explore [--schedules N] [--seed S] [--depth D] [--strategy S]
 * [--bound K] [--timeout SEC] [--cases-root DIR] [--quiet] <case-dir> <variant>: search for a failing schedule under
 * racekit's controlled scheduler (docs/exploration.md). Exit 0 when the
 * verdict matches the case, 1 otherwise, 2 bad usage, 77 when the
 * scheduler cannot run or judge this variant. */
int rk_cmd_explore(int argc, char **argv);

/* racekit replay <case-dir> <variant> --schedule STR: run that one schedule;
 * same result file and exit status as explore. */
int rk_cmd_replay(int argc, char **argv);

/* racekit step [--choices 1,2,...] <case-dir> <variant>: the user picks the
 * thread that runs at each point where several can (from --choices, else
 * one per line on standard input). */
int rk_cmd_step(int argc, char **argv);

#endif
