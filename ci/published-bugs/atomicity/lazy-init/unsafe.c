/* atomicity/lazy-init (unsafe): three threads share a table that the first
 * one to need it builds.
 *
 * get_table() looks for the table under the lock, unlocks, builds it, and
 * publishes it under the lock again. Two threads can both see "not built
 * yet" and both build it: the table is initialised twice, and the threads
 * end up using different copies. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct table { int squares[8]; };

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct table *shared_table;
static int builds;

static struct table *get_table(void)
{
    pthread_mutex_lock(&table_lock);
    struct table *t = shared_table;
    pthread_mutex_unlock(&table_lock);
    if (t == NULL) {
        t = malloc(sizeof *t);
        for (int i = 0; i < 8; i++)
            t->squares[i] = i * i;
        pthread_mutex_lock(&table_lock);
        shared_table = t;
        builds++;
        pthread_mutex_unlock(&table_lock);
    }
    return t;
}

static void *worker(void *arg)
{
    struct table **used = arg;
    *used = get_table();
    assert((*used)->squares[3] == 9);
    return NULL;
}

int main(void)
{
    pthread_t threads[3];
    struct table *used[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&threads[i], NULL, worker, &used[i]);
    for (int i = 0; i < 3; i++)
        pthread_join(threads[i], NULL);
    printf("built %d time(s)\n", builds);
    assert(builds == 1);
    assert(used[0] == used[1] && used[1] == used[2]);
    free(shared_table);
    return 0;
}
