/* explore_proto.h - what racekit's scheduler runtime (linked into the
 * program, harness/explore/runtime/) and the harness (harness/explore/)
 * agree on: the environment that configures a run, the operation codes of
 * a step, how a schedule ended, and the record lines the runtime writes.
 *
 * Pure constants: included by both sides, no code. */
#ifndef RK_EXPLORE_PROTO_H
#define RK_EXPLORE_PROTO_H

/* Environment read by the runtime (set by the harness). */
#define RK_SCHED_ENV_FD "RACEKIT_SCHED_FD"             /* channel fd (below) */
#define RK_SCHED_ENV_INPUT "RACEKIT_SCHED_INPUT"       /* bytes of input at the channel's start */
#define RK_SCHED_ENV_MODE "RACEKIT_SCHED_MODE"         /* explore | replay | step */
#define RK_SCHED_ENV_STRATEGY "RACEKIT_SCHED_STRATEGY" /* pct | random | sync | bounded | mix */
#define RK_SCHED_ENV_SEED "RACEKIT_SCHED_SEED"         /* decimal */
#define RK_SCHED_ENV_SCHEDULES "RACEKIT_SCHED_SCHEDULES"
#define RK_SCHED_ENV_DEPTH "RACEKIT_SCHED_DEPTH"
#define RK_SCHED_ENV_BOUND "RACEKIT_SCHED_BOUND"       /* bounded search: most preemptions */
#define RK_SCHED_ENV_TIMEOUT_MS "RACEKIT_SCHED_TIMEOUT_MS" /* per schedule */
#define RK_SCHED_ENV_STUCK_MS "RACEKIT_SCHED_STUCK_MS"     /* no step for this long: stuck */
#define RK_SCHED_ENV_MAX_STEPS "RACEKIT_SCHED_MAX_STEPS"
#define RK_SCHED_ENV_TRACE "RACEKIT_SCHED_TRACE"       /* 1: record every step */
#define RK_SCHED_ENV_OUTPUTS "RACEKIT_SCHED_OUTPUTS"   /* N > 0: keep what each schedule prints (below) */

/* The channel: a file the harness opens and passes as RACEKIT_SCHED_FD. Its
 * first RACEKIT_SCHED_INPUT bytes are the input (replay: the schedule
 * string; step: the choices, "1,1,2"); the runtime appends its records
 * after them. */

/* The operation a thread performs in one step. Keep rk_op_names in step. */
enum rk_op {
    RK_OP_NONE,
    RK_OP_READ,
    RK_OP_WRITE,
    RK_OP_ATOMIC_LOAD,
    RK_OP_ATOMIC_STORE,
    RK_OP_ATOMIC_RMW,
    RK_OP_FENCE,
    RK_OP_LOCK,
    RK_OP_TRYLOCK,
    RK_OP_UNLOCK,
    RK_OP_RDLOCK,
    RK_OP_WRLOCK,
    RK_OP_RWUNLOCK,
    RK_OP_WAIT,     /* condvar wait: release the mutex, sleep */
    RK_OP_WAKE,     /* condvar wait: woken, take the mutex back */
    RK_OP_SIGNAL,
    RK_OP_BROADCAST,
    RK_OP_SEM_WAIT,
    RK_OP_SEM_POST,
    RK_OP_BARRIER,  /* arrive at a barrier */
    RK_OP_PASS,     /* leave a barrier once all have arrived */
    RK_OP_ONCE,
    RK_OP_ONCE_WAIT,
    RK_OP_CREATE,
    RK_OP_START,
    RK_OP_JOIN,
    RK_OP_EXIT,
    RK_OP_YIELD,
    RK_OP_SLEEP,
    RK_OP_DETACH,
    RK_OP_CALL,     /* a library call with hidden shared state (RK_CALLS) */
    RK_OP_COUNT
};

#define RK_OP_NAMES                                                          \
    { "none", "read", "write", "atomic load", "atomic store", "atomic update", \
      "fence", "lock", "trylock", "unlock", "rdlock", "wrlock", "unlock",    \
      "wait", "wake", "signal", "broadcast", "sem_wait", "sem_post",         \
      "barrier", "pass", "once", "once", "create", "start", "join", "exit",  \
      "yield", "sleep", "detach", "call" }

/* The library calls that keep state shared by every thread (a static
 * buffer, a hidden cursor, the environment): each call is a step, so the
 * scheduler can run another thread between two of them. The index is the
 * step's size field. X(name) per call; keep in sorted groups. */
#define RK_CALLS(X)                                                          \
    X(strtok) X(localtime) X(gmtime) X(ctime) X(asctime) X(rand) X(srand)     \
    X(random) X(srandom) X(drand48) X(lrand48) X(mrand48) X(srand48)          \
    X(strerror) X(strsignal) X(getenv) X(setenv) X(unsetenv) X(putenv)       \
    X(readdir) X(getpwnam) X(getpwuid) X(getgrnam) X(getgrgid)

#define RK_CALL_ENUM_(name) RK_CALL_##name,
enum rk_call { RK_CALLS(RK_CALL_ENUM_) RK_CALL_COUNT };
#define RK_CALL_NAME_(name) #name,
#define RK_CALL_NAMES { RK_CALLS(RK_CALL_NAME_) }

/* What kind of memory an address is, in records: 'g' a global of the
 * executable (value: its address in the ELF file), 'h' a heap block (block
 * number in allocation order from 1, offset), 'o' anything else (stack,
 * mapped memory: the raw address), '-' none. */

/* How one schedule ended (the "end" field of a `run` record). */
#define RK_XEND_EXIT "exit"         /* the process exited; status = exit status */
#define RK_XEND_SIGNAL "signal"     /* killed by a signal; status = its number */
#define RK_XEND_DEADLOCK "deadlock" /* every live thread blocked */
#define RK_XEND_LIVELOCK "livelock" /* more steps than RACEKIT_SCHED_MAX_STEPS */
#define RK_XEND_STUCK "stuck"       /* a thread ran without reaching a step */
#define RK_XEND_SLOW "slow"         /* the timeout fired while the threads still made steps */
#define RK_XEND_DIVERGED "diverged" /* replay/step: the input does not fit */
#define RK_XEND_PAUSED "paused"     /* step: the choices ran out */
#define RK_XEND_LIMIT "limit"       /* a table of the runtime is full */
#define RK_XEND_FOREIGN "foreign"   /* a thread the scheduler did not start */
#define RK_XEND_UNMODELLED "unmodelled" /* a call the scheduler does not model (rt_unmodelled.c) */

/* Record lines on the channel, tab-separated, one per line:
 *   sched  <version> <mode> <strategy> <seed> <schedules> <depth>
 *   run    <index> <seed> <strategy> <depth> <steps> <end> <status> <detail>
 *          (only the failing schedule in explore mode, and before it the
 *          first schedule that closed a lock-order cycle and failed in no
 *          other way; the one in replay/step). A run's records follow it,
 *          up to the next run.
 *   schedule <string>                    (for that run)
 *   step   <thread> <op> <pc> <kind> <block> <addr> <size> <count> <obj-kind> <obj-block> <obj-addr>
 *   block  <number> <pc> <size>          heap block: where it was allocated
 *   thread <id> <state> <op> <pc> <kind> <block> <addr> <holder> <holder-pc> <created-pc>
 *          state: enabled | blocked | finished (at the end of the run), or
 *          running: the thread the watch found holding the baton when it
 *          gave up (stuck, slow), whose step is the last it took
 *   cycle  <length> <thread> <from-kind> <from-block> <from-addr> <from-pc>
 *          <to-kind> <to-block> <to-addr> <to-pc>
 *          one edge of the run's first lock-order cycle, in order: <thread>
 *          took lock <to> at <to-pc> while it held <from> (taken at
 *          <from-pc>); <length> edges in all, at most 16 recorded
 *   invariant ...                        (the program's own record, as is)
 *   done   <index> <steps> <microseconds>  after each schedule: how far a
 *          runtime that never finishes got
 *   bounded <completed> <schedules> <bound> <cut> <all>   when the
 *          bounded search ran (--strategy bounded, or in mix): the highest
 *          bound whose every schedule ran (-1: none) and how many that
 *          took, the highest bound it began, 1 when a schedule had more
 *          choice points than the search can follow, and the schedules it
 *          ran over every bound
 *   output <index> <length> <hex>   with RACEKIT_SCHED_OUTPUTS=N: what a
 *          schedule that passed printed on stdout, each different output
 *          once (the first <length> bytes, at most RK_SCHED_OUTPUT_MAX, as
 *          hexadecimal; <length> is what it wrote in all), the first N of
 *          them; then "outputs more" once when a further one came
 *   summary <tried> <found> <microseconds> <max-steps>
 * pc: hexadecimal address in the ELF file (0 when unknown). */
#define RK_SCHED_PROTO_VERSION 1

/* The most of one schedule's stdout an "output" record holds. */
#define RK_SCHED_OUTPUT_MAX (64 * 1024)

/* Exit status of the runtime's own process when its configuration is bad. */
#define RK_SCHED_CONFIG_ERROR 3

#endif
