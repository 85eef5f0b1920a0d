/* fork/exec-at-once (safe): the child calls exec at once; the parent logs.
 *
 * Between fork and exec the child makes no call but execlp and _exit,
 * both async-signal-safe: it takes no lock, so the copy of `log_lock`
 * that another thread held at the fork does not matter, and exec replaces
 * the whole copied memory, locks included, with the helper's. The line
 * the child wanted to log is logged by the parent, which has all its
 * threads. The ordering barrier still forks while the worker holds the
 * lock. */
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
        execlp("true", "true", (char *)NULL); /* nothing before exec */
        _exit(127);
    }
    racekit_order_wait(&order);
    log_line("helper", "starting");
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
