/* stacks.c - thread waits of a hung program from /proc, and its record (see stacks.h). */
#define _GNU_SOURCE
#include "stacks.h"
#include "stacks_gdb.h"
#include "build/build.h"
#include "sandbox/sandbox.h"
#include "util/util.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { FUTEX_CMD_MASK = 0x7f }; /* op without FUTEX_PRIVATE_FLAG / CLOCK_REALTIME */

/* ---- what /proc shows ---------------------------------------------------- */

/* qsort's order of rk_thread_wait by tid, lowest first. */
static int by_tid(const void *a, const void *b)
{
    pid_t x = ((const rk_thread_wait *)a)->tid, y = ((const rk_thread_wait *)b)->tid;
    return (x > y) - (x < y);
}

/* The futex word a thread sleeps on, from "202 0x<uaddr> 0x<op> ...":
 * FUTEX_WAIT or FUTEX_WAIT_BITSET (glibc's lock wait), FUTEX_LOCK_PI or
 * FUTEX_LOCK_PI2 (then *pi = 1); 0 for anything else. */
static unsigned long futex_of(const char *syscall_line, int *pi)
{
    char *end;
    long nr = strtol(syscall_line, &end, 10);
    if (end == syscall_line || nr != SYS_futex)
        return 0;
    unsigned long addr = strtoul(end, &end, 16);
    unsigned long op = strtoul(end, NULL, 16) & FUTEX_CMD_MASK;
    *pi = op == 6 || op == 13;
    return op == 0 || op == 9 || *pi ? addr : 0;
}

/* Fill t->state and t->futex (t->futex_pi) of thread t->tid of `pid` from
 * its /proc stat and syscall files; '?' and 0 for what cannot be read. */
static void read_thread(pid_t pid, rk_thread_wait *t)
{
    char *stat_path = rk_xasprintf("/proc/%ld/task/%ld/stat", (long)pid, (long)t->tid);
    char *sys_path = rk_xasprintf("/proc/%ld/task/%ld/syscall", (long)pid, (long)t->tid);
    char *stat = rk_read_file(stat_path, 4096, NULL);
    char *sys = rk_read_file(sys_path, 4096, NULL);
    const char *paren = stat ? strrchr(stat, ')') : NULL;
    t->state = paren && paren[1] == ' ' && paren[2] ? paren[2] : '?';
    t->futex = sys ? futex_of(sys, &t->futex_pi) : 0;
    free(stat), free(sys), free(stat_path), free(sys_path);
}

/* 1 when one of the `n` threads in `t` has the tid `tid`. */
static int has_tid(const rk_thread_wait *t, int n, pid_t tid)
{
    for (int i = 0; i < n; i++)
        if (t[i].tid == tid)
            return 1;
    return 0;
}

/* For each futex word: is it a locked glibc mutex, and held by whom? The
 * lock word is the first int of pthread_mutex_t: 1 or 2 (locked, maybe
 * with waiters) for the usual kinds, the holder's tid for PI mutexes;
 * __owner, the third int, is the holder's tid. Other futexes, such as
 * pthread_join's wait on a thread's tid, do not look like that. */
static void read_owners(pid_t pid, rk_thread_wait *t, int n)
{
    char *mem_path = rk_xasprintf("/proc/%ld/mem", (long)pid);
    int mem = open(mem_path, O_RDONLY | O_CLOEXEC);
    free(mem_path);
    for (int i = 0; i < n && mem >= 0; i++) {
        int words[3];
        if (t[i].futex == 0 || pread(mem, words, sizeof words, (off_t)t[i].futex) != (ssize_t)sizeof words)
            continue;
        pid_t owner = t[i].futex_pi ? (pid_t)(words[0] & 0x3fffffff) /* FUTEX_TID_MASK */ : words[2];
        if ((t[i].futex_pi || words[0] == 1 || words[0] == 2) && has_tid(t, n, owner))
            t[i].owner = owner;
    }
    if (mem >= 0)
        close(mem);
}

/* Every thread of `pid`, sorted by tid (creation order), with its wait. */
static int read_waits(pid_t pid, rk_thread_wait *t, int max)
{
    char *dir = rk_xasprintf("/proc/%ld/task", (long)pid);
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && n < max && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        memset(&t[n], 0, sizeof t[n]);
        t[n].tid = (pid_t)atol(e->d_name);
        read_thread(pid, &t[n]);
        n++;
    }
    if (d)
        closedir(d);
    free(dir);
    qsort(t, (size_t)n, sizeof *t, by_tid);
    read_owners(pid, t, n);
    return n;
}

/* The stacks text without gdb: one line per thread with its state, kernel
 * wait channel, futex and the holder of that mutex, under a heading that
 * says why gdb was not used (`no_gdb`, or NULL when turned off). Caller
 * frees. */
static char *from_proc(pid_t pid, const rk_thread_wait *t, int n, const char *no_gdb)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_sb_printf(&sb, "threads (from /proc; %s):\n", no_gdb ? no_gdb : "RACEKIT_GDB=none");
    for (int i = 0; i < n; i++) {
        char *wchan_path = rk_xasprintf("/proc/%ld/task/%ld/wchan", (long)pid, (long)t[i].tid);
        char *wchan = rk_read_file(wchan_path, 256, NULL);
        rk_sb_printf(&sb, "thread tid %ld%s: state %c, waiting in %s", (long)t[i].tid,
                     t[i].tid == pid ? " (main)" : "", t[i].state, wchan && *wchan ? wchan : "-");
        if (t[i].futex)
            rk_sb_printf(&sb, ", futex 0x%lx", t[i].futex);
        if (t[i].owner)
            rk_sb_printf(&sb, " (a mutex held by tid %ld)", (long)t[i].owner);
        rk_sb_putc(&sb, '\n');
        free(wchan), free(wchan_path);
    }
    return rk_sb_detach(&sb);
}

/* ---- the record --------------------------------------------------------- */

char *rk_collect_stacks(pid_t pid, const char *variant, char **summary)
{
    rk_thread_wait *t = rk_xcalloc(MAX_THREADS, sizeof *t);
    int n = read_waits(pid, t, MAX_THREADS); /* before gdb stops the threads */
    /* gdb runs as the harness, outside the sandbox: only the one found at
     * configure time (or named by RACEKIT_GDB), and only when the program
     * could not have replaced it (sandbox/tool.h). */
    char *no_gdb = NULL, *gdb = rk_tool_path(RK_TOOL_GDB, NULL, &no_gdb);
    char *gdb_text = gdb ? rk_stacks_with_gdb(gdb, pid, t, n) : NULL;
    if (gdb && gdb_text == NULL)
        no_gdb = rk_xasprintf("gdb %s showed no threads", gdb);
    free(gdb);
    *summary = rk_explain_waits(t, n, pid, gdb_text, variant);
    rk_strbuf sb = RK_STRBUF_INIT;
    if (*summary)
        rk_sb_printf(&sb, "%s\n\n", *summary);
    char *threads = gdb_text ? gdb_text : from_proc(pid, t, n, no_gdb);
    rk_sb_puts(&sb, threads);
    free(threads), free(no_gdb);
    free(t);
    return rk_sb_detach(&sb);
}
