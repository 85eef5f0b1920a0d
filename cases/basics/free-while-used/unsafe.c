/* basics/free-while-used (unsafe): main hands a message to a sender thread
 * and frees it too early.
 *
 * main allocates a message, starts a thread that will send it, and frees the
 * message right away, while the sender may still be about to read it: the
 * sender then reads freed memory (a use after free), which the allocator may
 * already have given to someone else. The ordering barrier makes main free
 * the message before the sender reads it, on every run. */
#include "racekit.h"

struct message {
    int length;
    char text[60];
};

static racekit_order order;

static void *sender(void *arg)
{
    const struct message *msg = arg;
    racekit_order_wait(&order); /* main has freed msg by now */
    int length = msg->length; // RACE
    printf("sender: %d bytes to send\n", length);
    return NULL;
}

int main(void)
{
    struct message *msg = malloc(sizeof *msg);
    if (msg == NULL)
        return 1;
    msg->length = snprintf(msg->text, sizeof msg->text, "hello, thread");
    pthread_t tid;
    racekit_order_init(&order, 2);
    pthread_create(&tid, NULL, sender, msg);
    free(msg); // RACE
    racekit_order_wait(&order);
    pthread_join(tid, NULL);
    return 0;
}
