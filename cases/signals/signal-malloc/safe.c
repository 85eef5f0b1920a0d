/* signals/signal-malloc (safe): the signal handler only sets a flag.
 *
 * The handler for SIGUSR1 stores the signal number in a volatile
 * sig_atomic_t - one of the few things a handler may safely do - and
 * returns. The normal program, back from sigsuspend, sees the flag and does
 * the real work there: it allocates the list node with malloc outside any
 * handler, where malloc cannot have been interrupted half-way. */
#include "racekit.h"
#include <signal.h>

struct event {
    int sig;
    struct event *next;
};

static struct event *events; /* signals received, newest first */
static pthread_t main_thread;
static volatile sig_atomic_t pending; /* the only thing the handler touches */

static void on_signal(int sig)
{
    pending = sig;
}

static void record(int sig)
{
    struct event *e = malloc(sizeof *e); /* outside the handler: fine */
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
    while (pending == 0)
        sigsuspend(&unblocked); /* wait with SIGUSR1 unblocked: the handler runs here */
    record(pending);
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
