/* fork/shared-fd (safe): a spawn lock makes pipe, fork and closing the pipe one step, so no child inherits another job's pipe.
 *
 * `spawn_lock` is held from the pipe() to the close of the parent's last
 * end of it, the fork included. When one job forks, the other job's pipe
 * either does not exist yet or is already closed in the parent, so a child
 * only ever holds its own pipe, and each read reaches its end. The ordering
 * barriers now sit outside the lock: a job holding the lock at a barrier
 * would keep the other from reaching it. */
#include "racekit.h"

#include <sys/wait.h>

static const char *const jobs[2] = { "report for job 0\n", "report for job 1\n" };
static int status[2];
static racekit_order order;
static pthread_mutex_t spawn_lock = PTHREAD_MUTEX_INITIALIZER;

/* count_to_end - the child: read `fd` until the end, return the bytes read. */
static long count_to_end(int fd)
{
    char buf[64];
    long total = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        total += n;
    return total;
}

static void run_job(int index, void *shared)
{
    (void)shared;
    int p[2];
    racekit_order_wait(&order); /* both jobs start together */
    pthread_mutex_lock(&spawn_lock);
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[1]);
        long got = count_to_end(p[0]); /* waits for every write end to close */
        _exit(got == (long)strlen(jobs[index]) ? 0 : 1);
    }
    close(p[0]);
    write(p[1], jobs[index], strlen(jobs[index]));
    close(p[1]);
    pthread_mutex_unlock(&spawn_lock);
    racekit_order_wait(&order); /* both jobs have spawned their child */
    waitpid(pid, &status[index], 0);
}

int main(void)
{
    racekit_order_init(&order, 2);
    racekit_run(2, run_job, NULL);
    for (int i = 0; i < 2; i++)
        RACEKIT_CHECK(WIFEXITED(status[i]) && WEXITSTATUS(status[i]) == 0, "child %d failed (status %d)", i, status[i]);
    printf("both children read their job\n");
    return 0;
}
