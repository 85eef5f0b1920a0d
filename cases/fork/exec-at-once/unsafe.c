/* fork/exec-at-once (unsafe): the child logs a line between fork and exec, and hangs.
 *
 * run_helper() forks a child to run a helper program. Before it calls
 * exec, the child logs what it is about to do with log_line(), which takes
 * `log_lock`. But fork() copies only the thread that called it: the
 * worker holds `log_lock` at the moment main forks, so the child starts
 * with the lock locked by a thread it does not have, and waits for it
 * forever; main waits forever for the child. Between fork and exec, a
 * child of a threaded program may only make async-signal-safe calls. The
 * ordering barrier makes main fork exactly while the worker holds the
 * lock, on every run. */
#include "racekit.h"

#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static racekit_order order;

/* log_line - print one line of the log; the lock keeps lines whole. */
static void log_line(const char *who, const char *what)
{
    pthread_mutex_lock(&log_lock);
    printf("[%s] %s\n", who, what);
    fflush(stdout);
    pthread_mutex_unlock(&log_lock);
}

static void *worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&log_lock);
    racekit_order_wait(&order); /* main forks now, while log_lock is held */
    printf("[worker] saving the report\n");
    racekit_order_wait(&order); /* the fork is done */
    pthread_mutex_unlock(&log_lock);
    return NULL;
}

/* run_helper - run the program `true` in a child process and wait for it;
 * returns its wait status. */
static int run_helper(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        log_line("helper", "starting"); /* the child hangs here */
        execlp("true", "true", (char *)NULL);
        _exit(127);
    }
    racekit_order_wait(&order);
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

int main(void)
{
    pthread_t t;
    racekit_order_init(&order, 2);
    pthread_create(&t, NULL, worker, NULL);
    racekit_order_wait(&order);
    int status = run_helper();
    pthread_join(t, NULL);
    RACEKIT_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the helper did not finish (status %d)", status);
    log_line("main", "the helper finished");
    return 0;
}
