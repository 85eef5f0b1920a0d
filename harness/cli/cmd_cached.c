/* cmd_cached.c - `racekit cached [--input PATH]... -- <command> [arg...]`:
 * run a test command unless it passed before with the same inputs
 * (test_cache.h). CTest runs every test of the kit through it, so running
 * the suite again with nothing changed costs a hash of its inputs per
 * test; RACEKIT_TEST_CACHE=off runs every test again. */
#define _GNU_SOURCE
#include "commands.h"
#include "build/build.h"
#include "util/util.h"
#include "test_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t child_pid;

/* CTest's timeout or a ^C ends the test, not only this wrapper. */
static void forward(int sig)
{
    if (child_pid > 0)
        kill((pid_t)child_pid, sig);
}

/* Run `cmd` as a child and return its exit status as a shell gives it
 * (128 + the signal that killed it; 127 when it could not be started). */
static int run(char **cmd)
{
    /* Installed before the fork, so no signal falls between the start
     * and the handler; exec resets it in the child. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = forward;
    sigemptyset(&sa.sa_mask);
    int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        rk_error("cached: cannot start %s: %s", cmd[0], strerror(errno));
        return 127;
    }
    if (pid == 0) {
        execvp(cmd[0], cmd);
        rk_error("cached: cannot run %s: %s", cmd[0], strerror(errno));
        _exit(127);
    }
    child_pid = pid;
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return 127;
    child_pid = 0;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Hand the lines of the files read to the enclosing racekit cached's list
 * `outer` (NULL: none). */
static void forward_reads(const char *outer, const rk_strlist *reads)
{
    if (outer == NULL)
        return;
    char *text = rk_sl_join(reads, "\n");
    char *lines = rk_xasprintf("%s%s", text, reads->n ? "\n" : "");
    rk_compile_reads_append(outer, lines);
    free(lines);
    free(text);
}

/* Make the empty list the test's builds name the files they read in, at
 * `path` (RACEKIT_CACHE_READS); 0, or -1 with errno set. */
static int start_reads(const char *path)
{
    unlink(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == ENOENT) {
        char *dir = rk_dirname(path);
        if (rk_mkdir_p(dir) == 0)
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        free(dir);
    }
    if (fd < 0)
        return -1;
    close(fd);
    return setenv("RACEKIT_CACHE_READS", path, 1);
}

/* Run the test `cmd` and keep its pass at `stamp` under `key` with the
 * files its builds read, when it passed, may pass again and every file
 * read is known; returns its exit status. */
static int run_and_keep(char **cmd, const char *stamp, uint64_t key, const char *outer)
{
    /* A command whose pass may not repeat (racekit check when only one
     * run's schedule showed the bug) writes why to this file. */
    char *note = rk_xasprintf("%s.note", stamp);
    char *list = rk_xasprintf("%s.reads", stamp);
    unlink(note);
    setenv("RACEKIT_CACHE_NOTE", note, 1);
    char *why = start_reads(list) < 0 ? rk_xasprintf("cannot make %s: %s", list, strerror(errno)) : NULL;
    int status = run(cmd);
    char *luck = status == 0 ? rk_read_file(note, 4096, NULL) : NULL;
    char *text = rk_read_file(list, 1 << 22, NULL);
    rk_strlist reads = RK_STRLIST_INIT;
    if (why == NULL)
        why = rk_test_reads_parse(text, &reads);
    if (outer && text)
        rk_compile_reads_append(outer, text);
    else if (outer)
        unlink(outer); /* what this test's builds read is unknown: so is the enclosing test's */
    /* Only a pass that repeats is kept: a failure runs again, every time. */
    if (luck) {
        luck[strcspn(luck, "\n")] = '\0';
        printf("racekit cached: not kept, it may not pass again: %s\n", luck);
        unlink(stamp);
    } else if (status == 0 && why) {
        printf("racekit cached: not kept: %s\n", why);
        unlink(stamp);
    } else if (status == 0 && rk_test_stamp_write(stamp, key, &reads) < 0) {
        rk_error("cached: %s: cannot keep the pass: %s", stamp, strerror(errno));
    } else if (status != 0) {
        unlink(stamp);
    }
    unlink(note);
    unlink(list);
    rk_sl_free(&reads);
    free(luck), free(text), free(why), free(note), free(list);
    return status;
}

enum { OPT_INPUT };
static const rk_option options[] = {
    [OPT_INPUT] = { "--input", NULL, "PATH",
                    "a file or folder the test reads besides what its builds name; its content is in the test's key "
                    "(repeatable)" },
    { NULL },
};

const rk_command rk_cached_command = {
    "cached", "-- <command> [arg...]", "run a test command unless it passed before with the same inputs",
    "The test cache of the kit's own tests (docs/performance.md): a pass is kept with the hash of the command, "
    "its --input files and every file its builds read; the same inputs again print 'PASS (cached)'. "
    "RACEKIT_TEST_CACHE=off runs every test. Exits with the command's status (0 for a kept pass, 127 when it "
    "cannot be started).",
    1, -1, options,
};

int rk_cmd_cached(int argc, char **argv)
{
    rk_strlist inputs = RK_STRLIST_INIT;
    rk_opts p;
    char **cmd = NULL;
    rk_opts_start(&p, &rk_cached_command, argc, argv);
    /* The first word after -- ends the loop: RK_OPT_END (with no operand, a
     * mistake: the command takes at least one) never comes before it. */
    for (int k; cmd == NULL && (k = rk_opts_next(&p)) != RK_OPT_END;) {
        if (k == OPT_INPUT) {
            rk_sl_add(&inputs, p.value);
        } else if (k == RK_OPT_OPERAND && p.after_dashdash) {
            cmd = argv + p.at; /* the rest of argv is the command */
        } else {
            if (k == RK_OPT_OPERAND)
                rk_usage_fail(&rk_cached_command, "'%s': the command goes after --", p.value);
            rk_sl_free(&inputs);
            return k == RK_OPT_OPERAND ? RK_EXIT_USAGE : p.status;
        }
    }
    const char *mode = getenv("RACEKIT_TEST_CACHE");
    int use = !(mode && (strcmp(mode, "off") == 0 || strcmp(mode, "0") == 0));
    uint64_t key = rk_test_key(cmd, &inputs);
    rk_sl_free(&inputs);
    /* An enclosing racekit cached (a test that runs tests) keeps a pass
     * only with the files this one's builds read. */
    char *outer = getenv("RACEKIT_CACHE_READS") ? rk_xstrdup(getenv("RACEKIT_CACHE_READS")) : NULL;
    char *stamp = rk_test_stamp_path(cmd);
    rk_strlist reads = RK_STRLIST_INIT;
    char when[64];
    int status;
    int hit = use && rk_test_stamp_read(stamp, key, when, sizeof when, &reads);
    rk_test_hashes_save();
    if (hit) {
        printf("PASS (cached): passed at %s, and nothing it reads has changed since "
               "(RACEKIT_TEST_CACHE=off runs it again)\n", when);
        status = RK_EXIT_PASS;
        forward_reads(outer, &reads);
    } else {
        rk_sl_free(&reads);
        status = run_and_keep(cmd, stamp, key, outer);
    }
    rk_sl_free(&reads);
    free(outer);
    free(stamp);
    return status;
}
