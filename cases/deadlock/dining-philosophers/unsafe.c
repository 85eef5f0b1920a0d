/* deadlock/dining-philosophers (unsafe): every philosopher takes the left fork, then the right.
 *
 * N philosophers sit at a round table with one fork between each pair.
 * Philosopher i needs fork i (left) and fork i+1 (right; fork 0 for the
 * last one) and picks them up in that order. If all of them pick up their
 * left fork at the same moment, each waits forever for a right fork held by
 * a neighbour: a cycle of N threads. Here the ordering barrier serves the
 * philosophers one at a time, so this run never blocks - but the lock order
 * fork 0 -> 1 -> ... -> N-1 -> 0 is a cycle, and TSan reports it. */
#include "racekit.h"

enum { MAX_PHILOSOPHERS = 64 };

struct fork {
    pthread_mutex_t lock;
    int uses; /* how often the fork was picked up */
};

static struct fork forks[MAX_PHILOSOPHERS];
static int philosophers;
static racekit_order order;

static void eat(int i)
{
    int left = i;
    int right = (i + 1) % philosophers;
    pthread_mutex_lock(&forks[left].lock);
    pthread_mutex_lock(&forks[right].lock);
    forks[left].uses++;
    forks[right].uses++;
    pthread_mutex_unlock(&forks[right].lock);
    pthread_mutex_unlock(&forks[left].lock);
}

static void philosopher(int index, void *shared)
{
    (void)shared;
    for (int turn = 0; turn < philosophers; turn++) {
        if (turn == index)
            eat(index);
        racekit_order_wait(&order); /* one philosopher eats per turn */
    }
}

int main(void)
{
    philosophers = racekit_env_int("RACEKIT_THREADS", 5);
    if (philosophers < 2 || philosophers > MAX_PHILOSOPHERS)
        philosophers = 5;
    for (int i = 0; i < philosophers; i++)
        pthread_mutex_init(&forks[i].lock, NULL);
    racekit_order_init(&order, (unsigned)philosophers);
    racekit_run(philosophers, philosopher, NULL);
    for (int i = 0; i < philosophers; i++) {
        RACEKIT_CHECK(forks[i].uses == 2, "fork %d was used %d times, expected 2", i, forks[i].uses);
        pthread_mutex_destroy(&forks[i].lock);
    }
    printf("%d philosophers ate once each\n", philosophers);
    return 0;
}
