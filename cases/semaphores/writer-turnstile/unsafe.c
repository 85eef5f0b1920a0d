/* semaphores/writer-turnstile (unsafe): a readers-writer lock built from
 * semaphores. Readers share the room, a writer needs it empty.
 *
 * Readers use the "light switch": under `mutex` they count themselves in
 * `readers`; the first one in takes `room_empty`, the last one out posts
 * it. To stop new readers from streaming in while it waits, the writer
 * holds the readers' `mutex` as well - and that is the bug. A reader in the
 * room cannot leave without `mutex`, and the writer keeps `mutex` until the
 * room is empty: the writer waits for the reader, the reader for the
 * writer. It happens only when the writer arrives while a reader is inside. */
#include <assert.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

enum { READERS = 2 };

static struct {
    long version; /* the writer bumps both; a reader must see them equal */
    long copy;
} doc;
static int readers;      /* readers in the room, under mutex */
static sem_t mutex;      /* guards readers */
static sem_t room_empty; /* 1 while nobody is in the room */
static long seen[READERS];

static void *reader(void *arg)
{
    long index = (long)arg;
    sem_wait(&mutex);
    if (++readers == 1)
        sem_wait(&room_empty); /* the first reader in locks the writer out */
    sem_post(&mutex);

    assert(doc.version == doc.copy);
    seen[index] = doc.version;

    sem_wait(&mutex);
    if (--readers == 0)
        sem_post(&room_empty); /* the last reader out lets the writer in */
    sem_post(&mutex);
    return NULL;
}

static void *writer(void *arg)
{
    (void)arg;
    sem_wait(&mutex);      /* no new reader may come in ... */
    sem_wait(&room_empty); /* ... while the room empties */
    doc.version++;
    doc.copy++;
    sem_post(&room_empty);
    sem_post(&mutex);
    return NULL;
}

int main(void)
{
    sem_init(&mutex, 0, 1); /* 0: this process's threads only */
    sem_init(&room_empty, 0, 1);
    pthread_t r[READERS], w;
    for (long i = 0; i < READERS; i++)
        pthread_create(&r[i], NULL, reader, (void *)i);
    pthread_create(&w, NULL, writer, NULL);
    for (int i = 0; i < READERS; i++)
        pthread_join(r[i], NULL);
    pthread_join(w, NULL);
    printf("readers saw versions %ld and %ld; now %ld\n", seen[0], seen[1], doc.version);
    assert(doc.version == 1);
    return 0;
}
