/* basics/free-while-used (safe): main hands a message to a sender thread
 * and frees it when the sender is done.
 *
 * main allocates a message, starts a thread that will send it, and frees the
 * message only after pthread_join has returned: the sender has ended, so
 * nobody can read the message any more, and the join orders every read the
 * sender made before the free. */
#include "racekit.h"

struct message {
    int length;
    char text[60];
};

static racekit_order order;

static void *sender(void *arg)
{
    const struct message *msg = arg;
    racekit_order_wait(&order);
    int length = msg->length;
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
    racekit_order_wait(&order);
    pthread_join(tid, NULL);
    free(msg); /* the sender has ended: nobody reads msg any more */
    return 0;
}
