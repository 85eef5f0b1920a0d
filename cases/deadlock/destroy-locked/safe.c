/* deadlock/destroy-locked (safe): the mutex is unlocked before it is destroyed.
 *
 * Two threads append lines to a shared log object under its mutex. After
 * joining them, main closes the log: log_close() locks the mutex to read
 * the final count, unlocks it, and only then destroys it and frees the
 * object. A mutex may be destroyed only when it is unlocked and no thread
 * will touch it again - here both writers have been joined. */
#include "racekit.h"

struct log {
    pthread_mutex_t lock;
    long lines;
};

static struct log *log_open(void)
{
    struct log *l = malloc(sizeof *l);
    if (l == NULL)
        abort();
    pthread_mutex_init(&l->lock, NULL);
    l->lines = 0;
    return l;
}

static void log_write(struct log *l)
{
    pthread_mutex_lock(&l->lock);
    l->lines++;
    pthread_mutex_unlock(&l->lock);
}

/* Destroys the log and returns how many lines were written. */
static long log_close(struct log *l)
{
    pthread_mutex_lock(&l->lock);
    long lines = l->lines;
    pthread_mutex_unlock(&l->lock);
    pthread_mutex_destroy(&l->lock);
    free(l);
    return lines;
}

static void writer(int index, void *shared)
{
    (void)index;
    struct log *l = shared;
    int iters = racekit_env_int("RACEKIT_ITERS", 100);
    for (int i = 0; i < iters; i++)
        log_write(l);
}

int main(void)
{
    int iters = racekit_env_int("RACEKIT_ITERS", 100);
    struct log *l = log_open();
    racekit_run(2, writer, l);
    long lines = log_close(l);
    RACEKIT_CHECK(lines == 2L * iters, "%ld lines, expected %ld", lines, 2L * iters);
    printf("lines = %ld\n", lines);
    return 0;
}
