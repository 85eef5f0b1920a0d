/* wild/shared-buffer (safe): the copy into the shared buffer is locked.
 *
 * A mutex around the memcpy makes each copy a critical section: the
 * buffer always holds one whole line, never a mix, and the unlock/lock
 * pair orders the two copies for TSan. A library call is no critical
 * section of its own: memcpy, strcat or qsort on shared memory need the
 * same lock a plain loop would. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define LINE 64

char last_status[LINE];
pthread_mutex_t status_lock = PTHREAD_MUTEX_INITIALIZER;

void *worker(void *arg)
{
    char line[LINE];
    snprintf(line, sizeof line, "worker %ld: done", (long)arg);
    pthread_mutex_lock(&status_lock);
    memcpy(last_status, line, sizeof line);
    pthread_mutex_unlock(&status_lock);
    return NULL;
}

int main(void)
{
    pthread_t t1, t2;
    pthread_create(&t1, NULL, worker, (void *)1L);
    pthread_create(&t2, NULL, worker, (void *)2L);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    printf("last status: %s\n", last_status);
    return 0;
}
