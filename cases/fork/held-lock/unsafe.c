/* fork/held-lock (unsafe): main forks while a worker thread holds the log lock, and the child hangs.
 *
 * fork() copies the whole memory of the process but only the thread that
 * called it. The worker holds `log_lock` at the moment main forks, so the
 * child starts with `log_lock` locked by a thread that does not exist in
 * it, and nobody will ever unlock it. The child's first log_line() waits
 * forever; main waits forever for the child. The ordering barrier makes
 * main fork exactly while the worker holds the lock, on every run. */
#include "racekit.h"

#include <sys/wait.h>

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

int main(void)
{
    pthread_t t;
    racekit_order_init(&order, 2);
    pthread_create(&t, NULL, worker, NULL);
    racekit_order_wait(&order);
    pid_t pid = fork();
    if (pid == 0) {
        log_line("child", "started"); /* the child hangs here */
        _exit(0);
    }
    racekit_order_wait(&order);
    int status = 0;
    waitpid(pid, &status, 0);
    pthread_join(t, NULL);
    RACEKIT_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child did not finish (status %d)", status);
    log_line("main", "the child finished");
    return 0;
}
