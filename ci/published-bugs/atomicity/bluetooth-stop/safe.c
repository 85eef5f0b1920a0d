/* atomicity/bluetooth-stop (safe): a driver counts the requests in
 * flight, and a stop routine waits until none is left before it stops the
 * device.
 *
 * io_begin() checks `stopping` and counts the request in one critical
 * section: either the request is counted before the stopper drops its
 * reference (and the stopper waits for it), or it sees `stopping` and is
 * refused. */
#include <assert.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t dev_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle = PTHREAD_COND_INITIALIZER;
static int pending_io = 1;  /* the driver's own reference */
static int stopping, stopped, stop_event;

static int io_begin(void)
{
    pthread_mutex_lock(&dev_lock);
    int refused = stopping;
    if (!refused)
        pending_io++;
    pthread_mutex_unlock(&dev_lock);
    return refused ? -1 : 0;
}

static void io_end(void)
{
    pthread_mutex_lock(&dev_lock);
    if (--pending_io == 0) {
        stop_event = 1;
        pthread_cond_broadcast(&idle);
    }
    pthread_mutex_unlock(&dev_lock);
}

static void *request(void *arg)
{
    (void)arg;
    if (io_begin() == 0) {
        pthread_mutex_lock(&dev_lock);
        assert(!stopped); /* the work needs a running device */
        pthread_mutex_unlock(&dev_lock);
        io_end();
    }
    return NULL;
}

static void *stopper(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&dev_lock);
    stopping = 1;
    pthread_mutex_unlock(&dev_lock);
    io_end();
    pthread_mutex_lock(&dev_lock);
    while (!stop_event)
        pthread_cond_wait(&idle, &dev_lock);
    stopped = 1;
    pthread_mutex_unlock(&dev_lock);
    return NULL;
}

int main(void)
{
    pthread_t req, stop;
    pthread_create(&req, NULL, request, NULL);
    pthread_create(&stop, NULL, stopper, NULL);
    pthread_join(req, NULL);
    pthread_join(stop, NULL);
    printf("stopped = %d, pending = %d\n", stopped, pending_io);
    return 0;
}
