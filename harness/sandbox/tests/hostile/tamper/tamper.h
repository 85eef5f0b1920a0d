/* tamper.h - what the hostile tamper/ programs share: a data race TSan
 * always reports (forced with the ordering barrier) and a walk over the
 * descriptors the program did not open itself. */
#ifndef TAMPER_H
#define TAMPER_H

#include "racekit.h"

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static long tamper_hits;
static racekit_order tamper_order;

static void tamper_worker(int index, void *shared)
{
    (void)index, (void)shared;
    racekit_order_wait(&tamper_order);
    tamper_hits++; /* RACE */
}

/* tamper_race - two threads write tamper_hits with no lock: one report. */
static void tamper_race(void)
{
    racekit_order_init(&tamper_order, 2);
    racekit_run(2, tamper_worker, NULL);
}

/* tamper_each_fd - call fn on every open descriptor above 2 (the records
 * channel among them, wherever the hook moved it). */
static void tamper_each_fd(void (*fn)(int fd))
{
    int fds[1024], n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL)
        exit(2);
    for (struct dirent *e; (e = readdir(d)) != NULL && n < 1024;) {
        int fd = atoi(e->d_name);
        if (fd > 2 && fd != dirfd(d))
            fds[n++] = fd;
    }
    closedir(d);
    for (int i = 0; i < n; i++)
        fn(fds[i]);
}

/* tamper_silence_stderr - no text report either. */
static void tamper_silence_stderr(void)
{
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 2);
    close(null);
}

static _Atomic long tamper_worker_tid;

static void *tamper_note_tid(void *arg)
{
    tamper_worker_tid = syscall(SYS_gettid);
    return arg;
}

/* tamper_leak_thread - start a thread and wait until the kernel has ended
 * it, without joining it: a thread leak, which TSan reports at exit. */
static void tamper_leak_thread(void)
{
    pthread_t t;
    pthread_create(&t, NULL, tamper_note_tid, NULL);
    for (;;) {
        char path[64];
        long tid = tamper_worker_tid;
        snprintf(path, sizeof path, "/proc/self/task/%ld", tid);
        if (tid != 0 && access(path, F_OK) != 0)
            return;
        sched_yield();
    }
}

#endif
