/* fork/shared-fd (unsafe): two threads each start a child fed through a pipe, and each child keeps the other's pipe open.
 *
 * A job makes a pipe, forks a child that reads the pipe to its end, writes
 * the job's data into it, closes its end and waits for the child. A child
 * gets a copy of every descriptor the process has at the fork, the other
 * thread's pipe too. The ordering barrier makes both pipes exist before
 * either fork, and both forks before either job closes its pipe, so child
 * 0 holds the write end of pipe 1 and child 1 the write end of pipe 0:
 * neither pipe ever reaches its end (a read returns 0 only once every
 * write end is closed), both children wait forever, and so do the two
 * threads waiting for them. */
#include "racekit.h"

#include <sys/wait.h>

static const char *const jobs[2] = { "report for job 0\n", "report for job 1\n" };
static int status[2];
static racekit_order order;

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
    pipe(p);
    racekit_order_wait(&order); /* both pipes exist before either fork */
    pid_t pid = fork();
    if (pid == 0) {
        close(p[1]);
        long got = count_to_end(p[0]); /* waits for every write end to close */
        _exit(got == (long)strlen(jobs[index]) ? 0 : 1);
    }
    close(p[0]);
    racekit_order_wait(&order); /* both children forked before either pipe is closed */
    write(p[1], jobs[index], strlen(jobs[index]));
    close(p[1]);
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
