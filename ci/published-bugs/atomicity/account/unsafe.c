/* atomicity/account (unsafe): three clerks post to one bank account.
 *
 * Each clerk reads the balance in one critical section and writes the new
 * balance in another. Every access is locked, but a clerk that runs between
 * another clerk's read and write has its posting overwritten: a lost
 * deposit, and the balance at the end is wrong. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t account_lock = PTHREAD_MUTEX_INITIALIZER;
static int balance = 100;

static void *post(void *arg)
{
    int amount = *(const int *)arg;
    pthread_mutex_lock(&account_lock);
    int seen = balance;
    pthread_mutex_unlock(&account_lock);
    pthread_mutex_lock(&account_lock);
    balance = seen + amount;
    pthread_mutex_unlock(&account_lock);
    return NULL;
}

int main(void)
{
    static const int amounts[3] = { 20, 50, -30 };
    pthread_t clerks[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&clerks[i], NULL, post, (void *)&amounts[i]);
    for (int i = 0; i < 3; i++)
        pthread_join(clerks[i], NULL);
    printf("balance = %d\n", balance);
    assert(balance == 140);
    return 0;
}
