/* signals/signal-errno (unsafe): a SIGCHLD handler changes errno behind the program's back.
 *
 * The handler reaps finished children with waitpid until none is left - and
 * the last waitpid, finding no more children, fails and sets errno to
 * ECHILD. The handler can run between any two statements of the program,
 * for example between a failing call and the line that reads its errno;
 * that line then sees ECHILD instead of the real error. Here main forks a
 * child that exits at once and waits in sigsuspend, so SIGCHLD arrives and
 * the handler runs on every run. */
#include "racekit.h"
#include <signal.h>
#include <sys/wait.h>

static volatile sig_atomic_t reaped; /* children reaped by the handler */

static void on_sigchld(int sig)
{
    (void)sig;
    while (waitpid(-1, NULL, WNOHANG) > 0) /* the last call fails: errno = ECHILD */
        reaped++;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigchld;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);

    /* Block SIGCHLD so it can only arrive inside sigsuspend below. */
    sigset_t chld, unblocked;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &unblocked);

    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return 1;
    }
    if (pid == 0)
        _exit(0); /* the child: exits at once, the kernel sends SIGCHLD */
    while (reaped == 0)
        sigsuspend(&unblocked); /* wait with SIGCHLD unblocked: the handler runs here */

    RACEKIT_CHECK(reaped == 1, "reaped %d children, expected 1", (int)reaped);
    printf("reaped %d child\n", (int)reaped);
    return 0;
}
