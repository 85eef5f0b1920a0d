/* signals/signal-malloc (unsafe): a signal handler calls malloc.
 *
 * The handler for SIGUSR1 records each signal in a linked list, and
 * allocates the list node with malloc. A signal can interrupt the program
 * anywhere - also in the middle of a malloc or free, while the allocator's
 * lists are half updated or its lock is held - and then the handler's own
 * malloc corrupts the heap or deadlocks. malloc is not async-signal-safe.
 * Here a second thread sends the signal with pthread_kill while main waits
 * in sigsuspend, so the handler runs asynchronously on every run. */
#include "racekit.h"
#include <signal.h>

struct event {
    int sig;
    struct event *next;
};

static struct event *events; /* signals received, newest first */
static pthread_t main_thread;

static void on_signal(int sig)
{
    struct event *e = malloc(sizeof *e); /* not async-signal-safe */
    if (e == NULL)
        return;
    e->sig = sig;
    e->next = events;
    events = e;
}

static void *sender(void *arg)
{
    (void)arg;
    pthread_kill(main_thread, SIGUSR1);
    return NULL;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);

    /* Block SIGUSR1 so it can only arrive inside sigsuspend below. */
    sigset_t usr1, unblocked;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, &unblocked);

    main_thread = pthread_self();
    pthread_t tid;
    pthread_create(&tid, NULL, sender, NULL);
    while (events == NULL)
        sigsuspend(&unblocked); /* wait with SIGUSR1 unblocked: the handler runs here */
    pthread_join(tid, NULL);

    int count = 0;
    while (events != NULL) {
        struct event *e = events;
        events = e->next;
        RACEKIT_CHECK(e->sig == SIGUSR1, "recorded signal %d, expected %d", e->sig, SIGUSR1);
        free(e);
        count++;
    }
    RACEKIT_CHECK(count == 1, "recorded %d signals, expected 1", count);
    printf("recorded %d signal\n", count);
    return 0;
}
