/* deadlock/dining-philosophers (safe): every philosopher takes the lower-numbered fork first.
 *
 * N philosophers sit at a round table with one fork between each pair.
 * Philosopher i needs forks i and i+1 (fork 0 for the last one) and always
 * picks up the fork with the smaller number first. For everyone but the
 * last philosopher that is still "left, then right"; the last one takes
 * fork 0 before fork N-1. Forks are now always locked in increasing order,
 * so there is no cycle of waiting philosophers and no deadlock. */
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
    int first = left < right ? left : right;
    int second = left < right ? right : left;
    pthread_mutex_lock(&forks[first].lock);
    pthread_mutex_lock(&forks[second].lock);
    forks[left].uses++;
    forks[right].uses++;
    pthread_mutex_unlock(&forks[second].lock);
    pthread_mutex_unlock(&forks[first].lock);
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
