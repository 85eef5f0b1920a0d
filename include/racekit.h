/* racekit.h - the small header every racekit case includes.
 *
 * Four things a case needs and nothing more:
 *   1. racekit_run():      start N threads behind one start line, join them all;
 *   2. racekit_order_*():  an ordering barrier that TSan does not see, to force a
 *                          bad interleaving on every run without hiding the race;
 *   3. RACEKIT_CHECK():    an invariant check the harness classifies as
 *                          `invariant` (not as a crash);
 *   4. racekit_env_int():  thread and iteration counts the environment may
 *                          override (RACEKIT_THREADS, RACEKIT_ITERS).
 *
 * Everything is static inline so a case is one file plus this header; the
 * header needs -pthread and C11 or later (the compiler's default dialect).
 */
#ifndef RACEKIT_H
#define RACEKIT_H

/* No feature-test macro here: the harness compiles as a plain `cc` does (a
 * GNU dialect, everything glibc declares), and defining one in a header
 * would change what calls like signal() mean in the case that includes it. */

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* RACEKIT_TSAN is 1 when the file is compiled with -fsanitize=thread. */
#if defined(__SANITIZE_THREAD__)
#define RACEKIT_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RACEKIT_TSAN 1
#endif
#endif
#ifndef RACEKIT_TSAN
#define RACEKIT_TSAN 0
#endif

/* Exit status of a program whose invariant check failed (see RACEKIT_CHECK). */
#define RACEKIT_INVARIANT_STATUS 86

/* Environment variable naming the file descriptor on which the harness
 * collects structured records (TSan reports and failed checks). */
#define RACEKIT_REPORT_FD_ENV "RACEKIT_REPORT_FD"
/* ... and the key ending each record's line (harness/run/records_channel.h). */
#define RACEKIT_REPORT_KEY_ENV "RACEKIT_REPORT_KEY"

/* Defined by the harness's TSan hook (linked into TSan variants only): the
 * record of a failed check, made by the hook from the check's file, line
 * and message. */
extern void racekit_hook_check_failed(const char *file, int line, const char *message)
    __attribute__((weak));

/* racekit_env_int - read a positive count from the environment.
 * Returns the value of `name` when it is a decimal integer >= 1, else
 * `fallback`. Use it for every thread or iteration count so a student can
 * scale a case without editing it:
 *
 *     int threads = racekit_env_int("RACEKIT_THREADS", 2);
 *     long iters  = racekit_env_int("RACEKIT_ITERS", 1000);
 */
static inline int racekit_env_int(const char *name, int fallback)
{
    const char *s = getenv(name);
    if (s == NULL || *s == '\0')
        return fallback;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < 1 || v > 1000000000L)
        return fallback;
    return (int)v;
}

/* ---- 1. Start threads together ------------------------------------------ */

/* One thread's body: receives its index (0..n-1) and the shared argument. */
typedef void (*racekit_body)(int index, void *shared);

struct racekit_slot_ {
    racekit_body body;
    void *shared;
    int index;
    pthread_barrier_t *start;
};

static inline void *racekit_trampoline_(void *p)
{
    struct racekit_slot_ *slot = p;
    /* The start line is a real pthread barrier: it only orders what happens
     * before the threads start, never the accesses a case wants to race. */
    pthread_barrier_wait(slot->start);
    slot->body(slot->index, slot->shared);
    return NULL;
}

/* racekit_run - run `body(i, shared)` on `n` threads (i = 0..n-1) that all
 * wait at one start line, then join every one of them before returning.
 * Aborts with a message if a thread cannot be created (n is at most 64).
 *
 *     static long counter;
 *     static void add(int i, void *shared) { (void)i; (void)shared; counter++; }
 *     int main(void) { racekit_run(2, add, NULL); printf("%ld\n", counter); }
 */
static inline void racekit_run(int n, racekit_body body, void *shared)
{
    enum { MAX = 64 };
    pthread_t tids[MAX];
    struct racekit_slot_ slots[MAX];
    pthread_barrier_t start;

    if (n < 1 || n > MAX) {
        fprintf(stderr, "racekit_run: thread count %d is not in 1..%d\n", n, MAX);
        abort();
    }
    pthread_barrier_init(&start, NULL, (unsigned)n);
    for (int i = 0; i < n; i++) {
        slots[i] = (struct racekit_slot_){ body, shared, i, &start };
        int err = pthread_create(&tids[i], NULL, racekit_trampoline_, &slots[i]);
        if (err != 0) {
            fprintf(stderr, "racekit_run: pthread_create: %s\n", strerror(err));
            abort();
        }
    }
    for (int i = 0; i < n; i++)
        pthread_join(tids[i], NULL);
    pthread_barrier_destroy(&start);
}

/* ---- 2. Ordering barrier, invisible to TSan ------------------------------- */

/* An ordering barrier: `count` threads meet at racekit_order_wait(); none
 * leaves before all have arrived. Under TSan it is the runtime's test-only
 * barrier, which orders threads in time WITHOUT creating happens-before, so a
 * race across it is still reported, on every run. A sleep or a pthread
 * barrier would be seen by TSan as synchronisation and hide the race.
 * Without TSan it is a plain spin barrier. In a witness build (compiled
 * with RACEKIT_WITNESS=1 by `racekit check --witness`) it does nothing: the
 * threads race freely, as in a real program, to measure how often the bug
 * shows by itself. The storage is 8 bytes wide because older runtimes take
 * a 64-bit word. */
typedef struct {
    unsigned long long word; /* the TSan runtime's barrier state */
    atomic_uint arrived;     /* fallback spin barrier: arrivals this round */
    atomic_uint round;       /* fallback spin barrier: completed rounds */
    unsigned count;
} racekit_order;

#if RACEKIT_TSAN
void __tsan_testonly_barrier_init(unsigned long long *barrier, unsigned count);
void __tsan_testonly_barrier_wait(unsigned long long *barrier);
#endif

/* racekit_order_init - prepare `o` for `count` threads (count >= 1). Call it
 * once, before the threads start (e.g. in main).
 *
 *     static racekit_order order;
 *     racekit_order_init(&order, 2);
 */
static inline void racekit_order_init(racekit_order *o, unsigned count)
{
    o->word = 0;
    atomic_init(&o->arrived, 0);
    atomic_init(&o->round, 0);
    o->count = count;
#if RACEKIT_TSAN
    __tsan_testonly_barrier_init(&o->word, count);
#endif
}

/* racekit_order_off_ - 1 when the environment says RACEKIT_ORDER=off: the
 * ordering barrier then does nothing, so the threads meet in whatever order
 * the scheduler gives them. `racekit explore` sets it, to find the bad
 * interleaving without the hand-placed barrier:
 *
 *     RACEKIT_ORDER=off ./unsafe      # the barrier waits for nobody
 */
static inline int racekit_order_off_(void)
{
    const char *v = getenv("RACEKIT_ORDER");
    return v != NULL && strcmp(v, "off") == 0;
}

/* racekit_order_wait - block until `count` threads have called it; then all
 * go on. Use it to make "A's access happens first, then B's" true on every
 * run. The barrier may be reused for the next step.
 *
 *     // thread A                        // thread B
 *     shared = 1;        // RACE         racekit_order_wait(&order);
 *     racekit_order_wait(&order);        shared = 2;        // RACE
 */
static inline void racekit_order_wait(racekit_order *o)
{
#if defined(RACEKIT_WITNESS) && RACEKIT_WITNESS
    (void)o;
#elif RACEKIT_TSAN
    if (racekit_order_off_())
        return;
    __tsan_testonly_barrier_wait(&o->word);
#else
    if (racekit_order_off_())
        return;
    unsigned round = atomic_load(&o->round);
    if (atomic_fetch_add(&o->arrived, 1) + 1 == o->count) {
        atomic_store(&o->arrived, 0);
        atomic_fetch_add(&o->round, 1);
        return;
    }
    while (atomic_load(&o->round) == round)
        sched_yield();
#endif
}

/* ---- 3. Invariant checks ------------------------------------------------- */

/* racekit_check_failed_ - report a failed check to the harness and exit.
 * Not called directly: use RACEKIT_CHECK. */
static inline void racekit_check_failed_(const char *file, int line,
                                         const char *cond, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (char *p = msg; *p; p++) /* the record is one line of tab-separated fields */
        if (*p == '\n' || *p == '\t')
            *p = ' ';

    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    fprintf(stderr, "racekit: check failed at %s:%d: %s (%s)\n", base, line, msg, cond);
    fflush(stderr);

    /* Under TSan the harness's hook holds the records channel (it took the
     * key out of the environment) and writes the record; otherwise
     * (Valgrind, racekit's scheduler) the record goes to the descriptor
     * itself, with the key. */
    const char *fd_text = getenv(RACEKIT_REPORT_FD_ENV), *key = getenv(RACEKIT_REPORT_KEY_ENV);
    if (racekit_hook_check_failed != NULL) {
        racekit_hook_check_failed(base, line, msg);
    } else if (fd_text != NULL) {
        char keyed[800];
        int k = snprintf(keyed, sizeof keyed, "invariant\t%s\t%d\t%.500s\t%s\n", base, line, msg, key ? key : "");
        if (k > (int)sizeof keyed - 1)
            k = (int)sizeof keyed - 1;
        if (k > 0 && write(atoi(fd_text), keyed, (size_t)k) < 0) {
            /* nothing better to do: stderr already has the message */
        }
    }
    exit(RACEKIT_INVARIANT_STATUS);
}

/* RACEKIT_CHECK(cond, fmt, ...) - the case's own invariant. When `cond` is
 * false, prints "racekit: check failed at unsafe.c:LINE: <message>", tells
 * the harness (outcome `invariant`) and exits with RACEKIT_INVARIANT_STATUS.
 * Check after joining the threads, so the check itself does not race:
 *
 *     racekit_run(2, add, NULL);
 *     RACEKIT_CHECK(counter == 2, "counter is %ld, expected 2", counter);
 */
#define RACEKIT_CHECK(cond, ...) \
    ((cond) ? (void)0 : racekit_check_failed_(__FILE__, __LINE__, #cond, __VA_ARGS__))

#endif /* RACEKIT_H */
