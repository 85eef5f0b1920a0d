/* order/twostage-100 (safe): 99 writers each make a two-stage update of
 * (stage1, stage2), and one reader, created among them, checks it.
 *
 * A writer makes both stages in one critical section, and the reader reads
 * both under the same lock: it sees no update or a whole one. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

#define THREADS 100
#define READER (THREADS / 2)

static pthread_mutex_t stage_lock = PTHREAD_MUTEX_INITIALIZER;
static int stage1, stage2;

static void *writer(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&stage_lock);
    stage1 = 1;
    stage2 = stage1 + 1;
    pthread_mutex_unlock(&stage_lock);
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&stage_lock);
    int seen1 = stage1, seen2 = stage2;
    pthread_mutex_unlock(&stage_lock);
    if (seen1 == 1)
        assert(seen2 == 2);
    return NULL;
}

int main(void)
{
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&threads[i], NULL, i == READER ? reader : writer, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    printf("stage1 = %d, stage2 = %d\n", stage1, stage2);
    return 0;
}
