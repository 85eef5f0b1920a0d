/* wild/signal-printf (unsafe): a handler installed with signal() prints.
 *
 * The program counts the SIGUSR1 signals it gets and reports each one
 * from the handler with printf. printf is not async-signal-safe: it
 * takes the lock of `stdout` and may malloc its buffer, and a signal can
 * arrive while the program itself is in the middle of a printf or a
 * malloc - the handler then deadlocks on a lock its own thread holds, or
 * corrupts the heap. Here the handler's printf is the first output of
 * the program, so it allocates stdout's buffer: TSan sees a malloc inside
 * a signal handler and reports it on every run. */
#include <signal.h>
#include <stdio.h>

int count;

void handler(int sig)
{
    count++;
    printf("got signal %d\n", sig); /* not async-signal-safe */
}

int main(void)
{
    signal(SIGUSR1, handler);
    raise(SIGUSR1);
    printf("%d signal handled\n", count);
    return 0;
}
