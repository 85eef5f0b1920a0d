/* wild/sleep-ordered (safe): the loader is joined before the reader starts.
 *
 * pthread_join(loader) returns only once the loader has finished, and it
 * orders everything the loader did before everything main does after it -
 * including starting the reader. That is the order the sleep only hoped
 * for, and it holds however slow the machine is. */
#include <pthread.h>
#include <stdio.h>

#define N 100

int table[N];
long total;

void *loader(void *arg)
{
    (void)arg;
    for (int i = 0; i < N; i++)
        table[i] = i * i;
    return NULL;
}

void *reader(void *arg)
{
    (void)arg;
    for (int i = 0; i < N; i++)
        total += table[i];
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, loader, NULL);
    pthread_join(t1, NULL); /* wait until the loader is done */
    pthread_create(&t2, NULL, reader, NULL);
    pthread_join(t2, NULL);
    printf("total = %ld\n", total);
    return 0;
}
