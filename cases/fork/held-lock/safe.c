/* fork/held-lock (safe): pthread_atfork takes the log lock around fork, so the child gets it unlocked.
 *
 * The prepare handler locks `log_lock` before fork() copies the process, so
 * fork waits until the worker has released it; the parent and child
 * handlers unlock it again, each in its own process. The child always
 * starts with `log_lock` free and held by nobody. The worker now releases
 * the lock before its second barrier: holding it there would keep main's
 * fork waiting in the prepare handler, and main would never reach the
 * barrier. */
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

static void lock_log(void) { pthread_mutex_lock(&log_lock); }
static void unlock_log(void) { pthread_mutex_unlock(&log_lock); }

static void *worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&log_lock);
    racekit_order_wait(&order); /* main forks now, while log_lock is held */
    printf("[worker] saving the report\n");
    pthread_mutex_unlock(&log_lock);
    racekit_order_wait(&order); /* the fork is done */
    return NULL;
}

int main(void)
{
    pthread_t t;
    racekit_order_init(&order, 2);
    pthread_atfork(lock_log, unlock_log, unlock_log);
    pthread_create(&t, NULL, worker, NULL);
    racekit_order_wait(&order);
    pid_t pid = fork();
    if (pid == 0) {
        log_line("child", "started");
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
