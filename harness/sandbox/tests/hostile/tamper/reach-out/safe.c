/* tamper/reach-out: has no race, and reaches out of its own process tree:
 * ptrace and process_vm_readv on its parent (the harness), a signal to it
 * and to every process (kill -1), its parent's limits through prlimit.
 * Before that it signals its own forked child and itself, which must
 * work. Prints what each call returned. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_usr1(int sig) { got = sig; }

static void say(const char *what, long rc)
{
    printf("%s: %s\n", what, rc < 0 ? strerror(errno) : "done");
}

int main(void)
{
    pid_t child = fork();
    if (child == 0) {
        pause();
        _exit(0);
    }
    int status = 0;
    say("own child signalled", kill(child, SIGKILL));
    waitpid(child, &status, 0);
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    printf("own signal %s\n", got == SIGUSR1 ? "arrived" : "lost");

    pid_t harness = getppid();
    char byte;
    struct iovec mine = { &byte, 1 }, theirs = { (void *)0x400000, 1 };
    struct rlimit none = { 0, 0 };
    say("ptrace", ptrace(PTRACE_ATTACH, harness, 0, 0));
    say("process_vm_readv", process_vm_readv(harness, &mine, 1, &theirs, 1, 0));
    say("kill parent", kill(harness, 0));
    say("kill -1", kill(-1, 0));
    say("prlimit parent", prlimit(harness, RLIMIT_NPROC, &none, NULL));
    return 0;
}
