/* concepts/event-loop (unsafe): messages arrive on two pipes; a handler
 * counts them and adds up their values.
 *
 * Here each pipe has its own reader thread, which calls handle() for every
 * message: both threads update the same counters, unordered - a data race.
 * The ordering barrier lets reader 0 finish before reader 1 starts, without
 * telling TSan: the race is reported, and the totals come out right. */
#include "racekit.h"

#include <stdbool.h>

enum { PIPES = 2, MAX_MESSAGES = 4096 };

static int pipes[PIPES][2]; /* [i][0] read end, [i][1] write end */
static long messages;       /* state: messages handled */
static long sum;            /* and the sum of their values */
static racekit_order order;

static void handle(int value)
{
    messages++;   // RACE
    sum += value; // RACE
}

/* Read one message from fd and handle it; false at end of file. */
static bool receive(int fd)
{
    int value;
    if (read(fd, &value, sizeof value) != sizeof value)
        return false;
    handle(value);
    return true;
}

static void reader(int index, void *shared)
{
    (void)shared;
    if (index == 1)
        racekit_order_wait(&order); /* reader 1 goes second */
    while (receive(pipes[index][0]))
        ;
    if (index == 0)
        racekit_order_wait(&order);
}

int main(void)
{
    int per_pipe = racekit_env_int("RACEKIT_ITERS", 100);
    if (per_pipe > MAX_MESSAGES) /* all messages must fit in the pipe */
        per_pipe = MAX_MESSAGES;
    long expected = 0;
    for (int i = 0; i < PIPES; i++) { /* fill every pipe before reading */
        if (pipe(pipes[i]) != 0)
            return 1;
        for (int k = 1; k <= per_pipe; k++) {
            int value = 1000 * i + k;
            if (write(pipes[i][1], &value, sizeof value) != sizeof value)
                return 1;
            expected += value;
        }
        close(pipes[i][1]); /* end of file after the last message */
    }
    racekit_order_init(&order, 2);
    racekit_run(PIPES, reader, NULL);
    RACEKIT_CHECK(messages == (long)PIPES * per_pipe, "handled %ld messages, expected %ld",
                  messages, (long)PIPES * per_pipe);
    RACEKIT_CHECK(sum == expected, "sum is %ld, expected %ld", sum, expected);
    printf("%ld messages, sum %ld\n", messages, sum);
    return 0;
}
