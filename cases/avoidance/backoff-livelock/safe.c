/* avoidance/backoff-livelock (safe): every transfer locks the account at the lower address first.
 *
 * Backing off was a way round the deadlock of two opposite lock orders;
 * the order itself was the problem. With one global order, the order of
 * the addresses, both threads ask first for the same lock, the one that
 * does not get it waits holding nothing, and the other can take its
 * second lock: no deadlock, and no try that can fail, so nothing to back
 * off from and no livelock. The addresses are compared as integers
 * (uintptr_t): `<` between pointers to two separate objects is not
 * defined in C. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

struct account {
    pthread_mutex_t lock;
    long balance;
};

static struct account checking = { PTHREAD_MUTEX_INITIALIZER, 100 };
static struct account savings = { PTHREAD_MUTEX_INITIALIZER, 100 };

/* transfer - move `amount` from one account to the other, both locked,
 * the lower address first. */
static void transfer(struct account *from, struct account *to, long amount)
{
    int from_first = (uintptr_t)from < (uintptr_t)to;
    struct account *first = from_first ? from : to;
    struct account *second = from_first ? to : from;
    pthread_mutex_lock(&first->lock);
    pthread_mutex_lock(&second->lock);
    from->balance -= amount;
    to->balance += amount;
    pthread_mutex_unlock(&second->lock);
    pthread_mutex_unlock(&first->lock);
}

static void *save(void *arg)
{
    (void)arg;
    transfer(&checking, &savings, 30);
    return NULL;
}

static void *spend(void *arg)
{
    (void)arg;
    transfer(&savings, &checking, 20);
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    pthread_create(&a, NULL, save, NULL);
    pthread_create(&b, NULL, spend, NULL);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("checking %ld, savings %ld\n", checking.balance, savings.balance);
    return 0;
}
