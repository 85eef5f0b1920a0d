/* stacks.h - what each thread of a hung program is doing, recorded before
 * the harness kills it, and who waits for whom.
 *
 * A thread blocked in pthread_mutex_lock sleeps in the futex system call on
 * the mutex's lock word; /proc/<pid>/task/<tid>/syscall gives that address,
 * and glibc's pthread_mutex_t keeps the holder's kernel tid in
 * __data.__owner (the third int), read from /proc/<pid>/mem. gdb, when
 * installed, adds each thread's stack, the source line it waits at and the
 * mutex's name. So a deadlock reads "deadlock: thread 1 waits for mutex `b`
 * held by thread 2 at unsafe.c:21; thread 2 waits for mutex `a` held by
 * thread 1 at unsafe.c:30". */
#ifndef RK_STACKS_H
#define RK_STACKS_H

#include <sys/types.h>

/* One thread of the hung program, as /proc showed it. */
typedef struct {
    pid_t tid;
    char state;          /* 'R' running, 'S' sleeping, 'D' ... ('?' unknown) */
    unsigned long futex; /* the futex word it sleeps on, or 0 */
    int futex_pi;        /* it sleeps in FUTEX_LOCK_PI (a priority-inheritance mutex) */
    pid_t owner;         /* that word is a locked mutex held by this tid, or 0 */
} rk_thread_wait;

/* rk_collect_stacks - record the running process `pid`: its threads' waits
 * from /proc, then every stack with gdb in batch mode (at most 10 seconds):
 * the gdb found at configure time, or the absolute path RACEKIT_GDB names
 * ("none" for /proc only), never one on PATH, and not when the program's
 * uid could have replaced it (sandbox/tool.h: the stacks then say why).
 * `variant` is the source file's base name ("unsafe.c"), for the lines
 * threads wait at. Returns the text for the
 * result's `stacks` (caller frees; never NULL) and, in *summary, one
 * sentence for the reason (see rk_explain_waits; caller frees; NULL when
 * there is nothing to say). */
char *rk_collect_stacks(pid_t pid, const char *variant, char **summary);

/* rk_explain_waits - who waits for whom: for each thread waiting for a
 * mutex held by another, "thread 2 waits for mutex `b` held by thread 1 at
 * unsafe.c:21", joined by "; ", prefixed "deadlock: " when the waits form a
 * cycle; when no thread waits for a mutex, where the program's threads were
 * ("the main thread was running in spin at unsafe.c:9"). Threads are named
 * as the student sees them: "the main thread" (tid == pid), "thread N" in
 * creation order, the detector's own threads left out; that needs gdb's
 * stacks (`gdb_text`, "thread apply all bt" output with "@@symbol <addr>"
 * lines before each "info symbol"), without them threads are named by tid.
 * Returns a new string, or NULL when nothing is known. */
char *rk_explain_waits(const rk_thread_wait *threads, int n, pid_t pid,
                       const char *gdb_text, const char *variant);

#endif
