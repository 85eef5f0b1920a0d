/* concepts/hello-threads (safe): one thread prints 1-5, another a-e.
 *
 * The first program of the primer, in C: start two threads and let them
 * print. main joins both before it returns: pthread_join waits until the
 * thread has ended AND releases it (its exit status and its stack), so no
 * thread leaks. */
#include "racekit.h"

static void *print_numbers(void *arg)
{
    (void)arg;
    for (int i = 1; i <= 5; i++)
        printf("%d\n", i);
    return NULL;
}

static void *print_letters(void *arg)
{
    (void)arg;
    for (char c = 'a'; c <= 'e'; c++)
        printf("%c\n", c);
    return NULL;
}

int main(void)
{
    pthread_t numbers, letters;
    pthread_create(&numbers, NULL, print_numbers, NULL);
    pthread_create(&letters, NULL, print_letters, NULL);
    pthread_join(numbers, NULL);
    pthread_join(letters, NULL);
    return 0;
}
