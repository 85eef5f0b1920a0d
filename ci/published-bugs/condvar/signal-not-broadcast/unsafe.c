/* condvar/signal-not-broadcast (unsafe): two customers wait on one
 * condition variable until the account holds what each wants to withdraw
 * (30 and 10); a clerk deposits 10, then 30.
 *
 * The clerk wakes one waiter per deposit with pthread_cond_signal. When
 * both customers are waiting for the second deposit, only one of them
 * wakes; the other is never told that the money is there, and waits
 * forever. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t account_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t funds = PTHREAD_COND_INITIALIZER;
static int balance;

static void *customer(void *arg)
{
    int amount = *(const int *)arg;
    pthread_mutex_lock(&account_lock);
    while (balance < amount)
        pthread_cond_wait(&funds, &account_lock);
    balance -= amount;
    pthread_mutex_unlock(&account_lock);
    return NULL;
}

static void *clerk(void *arg)
{
    (void)arg;
    static const int deposits[2] = { 10, 30 };
    for (int i = 0; i < 2; i++) {
        pthread_mutex_lock(&account_lock);
        balance += deposits[i];
        pthread_cond_signal(&funds);
        pthread_mutex_unlock(&account_lock);
    }
    return NULL;
}

int main(void)
{
    static const int wants[2] = { 30, 10 };
    pthread_t customers[2], cl;
    for (int i = 0; i < 2; i++)
        pthread_create(&customers[i], NULL, customer, (void *)&wants[i]);
    pthread_create(&cl, NULL, clerk, NULL);
    for (int i = 0; i < 2; i++)
        pthread_join(customers[i], NULL);
    pthread_join(cl, NULL);
    printf("balance = %d\n", balance);
    assert(balance == 0);
    return 0;
}
