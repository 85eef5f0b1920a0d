/* wild/signal-printf (safe): the handler only counts; main prints.
 *
 * The handler touches nothing but a `volatile sig_atomic_t`, the one kind
 * of object C lets a handler write safely, and returns. The printing
 * moves to main, which does it at a point of its own choosing, where no
 * printf or malloc of its own can have been interrupted half-way. */
#include <signal.h>
#include <stdio.h>

volatile sig_atomic_t count;

void handler(int sig)
{
    (void)sig;
    count++;
}

int main(void)
{
    signal(SIGUSR1, handler);
    raise(SIGUSR1);
    printf("got signal %d\n", SIGUSR1);
    printf("%d signal handled\n", (int)count);
    return 0;
}
