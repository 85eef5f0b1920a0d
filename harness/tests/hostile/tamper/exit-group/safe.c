/* tamper/exit-group: leaves a finished thread unjoined (a thread leak TSan
 * reports at exit) and leaves by the raw exit_group system call, past the
 * runtime's end-of-run checks. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static _Atomic long worker_tid;

static void *work(void *arg)
{
    worker_tid = syscall(SYS_gettid);
    return arg;
}

/* 1 while the kernel still has the worker thread. */
static int worker_alive(void)
{
    char path[64];
    long tid = worker_tid;
    snprintf(path, sizeof path, "/proc/self/task/%ld", tid);
    return tid == 0 || access(path, F_OK) == 0;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, work, NULL);
    while (worker_alive()) /* no join: the leak is the point */
        sched_yield();
    syscall(SYS_exit_group, 0);
    return 0;
}
