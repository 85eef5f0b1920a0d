/* tamper.h - what the hostile tamper/ programs share: a data race TSan
 * always reports (forced with the ordering barrier) and a walk over the
 * descriptors the program did not open itself. */
#ifndef TAMPER_H
#define TAMPER_H

#include "racekit.h"

#include <dirent.h>
#include <string.h>
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

/* ---- the channel attacks of issue 19 (a)-(f) ------------------------------ */

/* The hook's line writer as racekit once exported it (it keyed any line it
 * was given); NULL where the hook no longer exports one. */
extern void racekit_hook_record(const char *line) __attribute__((weak));

/* tamper_channel_fd - the records channel: the highest descriptor above 2
 * the program did not open itself, or -1. */
static int tamper_channel_fd(void)
{
    int best = -1;
    DIR *d = opendir("/proc/self/fd");
    if (d == NULL)
        return -1;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        int fd = atoi(e->d_name);
        if (fd > 2 && fd != dirfd(d) && fd > best)
            best = fd;
    }
    closedir(d);
    return best;
}

/* tamper_key_scan - look for the channel's key (32 lowercase hex digits
 * ending in a NUL) in the program's own .data and .bss; 1 and the key in
 * `key` (33 bytes) when found. */
static int tamper_key_scan(char *key)
{
    extern char __data_start[], _end[];
    int run = 0;
    for (const char *p = __data_start; p < _end; p++) {
        int hex = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');
        if (hex) {
            run++;
            continue;
        }
        if (*p == '\0' && run == 32) {
            memcpy(key, p - 32, 32);
            key[32] = '\0';
            return 1;
        }
        run = 0;
    }
    return 0;
}

/* tamper_forged_lines - the lines of a clean run (hello, work, bye) of
 * this process, each ended by "\t<key>" when `key` is not NULL, into buf. */
static int tamper_forged_lines(char *buf, size_t n, const char *key)
{
    char k[40] = "";
    if (key)
        snprintf(k, sizeof k, "\t%s", key);
    long pid = (long)getpid();
    return snprintf(buf, n, "hello\t%ld%s\nwork\t1\t0%s\nbye\t%ld\t0%s\n", pid, k, k, pid, k);
}

/* tamper_forge_bye - a clean run's work and bye lines through the hook's
 * exported writer, else written with a key found in memory; 1 when one of
 * them was there to use. */
static int tamper_forge_bye(void)
{
    char line[128], key[40];
    if (racekit_hook_record) {
        racekit_hook_record("work\t1\t0\n");
        snprintf(line, sizeof line, "bye\t%ld\t0\n", (long)getpid());
        racekit_hook_record(line);
        return 1;
    }
    int fd = tamper_channel_fd();
    if (fd < 0 || !tamper_key_scan(key))
        return 0;
    int n = snprintf(line, sizeof line, "work\t1\t0\t%s\nbye\t%ld\t0\t%s\n", key, (long)getpid(), key);
    return write(fd, line, (size_t)n) == n;
}

#endif
