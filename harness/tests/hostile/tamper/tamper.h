/* tamper.h - what the hostile tamper/ programs share: a data race TSan
 * always reports (forced with the ordering barrier) and a walk over the
 * descriptors the program did not open itself. */
#ifndef TAMPER_H
#define TAMPER_H

#include "racekit.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
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

#endif
