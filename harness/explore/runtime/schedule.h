/* schedule.h - the schedule string: which thread ran at each step, run-length
 * encoded. "0:12,1:3,0:5" means thread 0 ran 12 steps, then thread 1 ran 3,
 * then thread 0 ran 5. Thread 0 is main, then 1, 2, ... in creation order.
 * Every step counts, also those where only one thread could run, so the
 * string fixes the whole interleaving: `racekit replay --schedule` takes it.
 *
 * Shared by the runtime (which records and follows schedules) and the
 * harness (which checks and prints them): no allocation, no libc beyond
 * what a freestanding build has. */
#ifndef RK_SCHEDULE_H
#define RK_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t thread;
    uint32_t count; /* >= 1 */
} rk_sched_run;

enum { RK_SCHED_MAX_THREAD = 65535 };

/* rk_sched_push - append one step of `thread` to runs[0..*n): extends the
 * last run when it is the same thread, else starts a new one. Returns 0, or
 * -1 when a new run is needed and *n == cap (nothing changed). */
int rk_sched_push(rk_sched_run *runs, size_t *n, size_t cap, uint32_t thread);

/* rk_sched_format - write "t:c,t:c,..." for runs[0..n) into out (cap bytes,
 * NUL-terminated). Returns the length the whole string needs (excluding the
 * NUL); when that is >= cap, the output is cut and must not be used. */
size_t rk_sched_format(const rk_sched_run *runs, size_t n, char *out, size_t cap);

/* rk_sched_parse - read `len` bytes of `s` (leading and trailing blanks
 * allowed) into runs (at most cap). Returns the number of runs, or -1 when
 * the text is not a schedule (bad syntax, a count of 0, a thread above
 * RK_SCHED_MAX_THREAD, a count above 2^32 - 1), or -2 when it has more than
 * `cap` runs. *bad_at (may be NULL) gets the offset of the first bad byte.
 * Two adjacent runs of the same thread are accepted. */
long rk_sched_parse(const char *s, size_t len, rk_sched_run *runs, size_t cap, size_t *bad_at);

/* rk_sched_steps - total steps of runs[0..n). */
uint64_t rk_sched_steps(const rk_sched_run *runs, size_t n);

#endif
