/* concepts/event-loop (safe): messages arrive on two pipes; a handler
 * counts them and adds up their values.
 *
 * Here one thread runs an event loop: poll() waits until any pipe has a
 * message, the loop receives it, and waits again. Every call of handle()
 * runs on the same thread, one after another, so the counters need no
 * lock: there is no second thread to race with. */
#include "racekit.h"

#include <poll.h>
#include <stdbool.h>

enum { PIPES = 2, MAX_MESSAGES = 4096 };

static int pipes[PIPES][2]; /* [i][0] read end, [i][1] write end */
static long messages;       /* state: messages handled */
static long sum;            /* and the sum of their values */

static void handle(int value)
{
    messages++;
    sum += value;
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

static void event_loop(void)
{
    struct pollfd fds[PIPES];
    for (int i = 0; i < PIPES; i++)
        fds[i] = (struct pollfd){ .fd = pipes[i][0], .events = POLLIN };
    int open_pipes = PIPES;
    while (open_pipes > 0 && poll(fds, PIPES, -1) > 0) {
        for (int i = 0; i < PIPES; i++) {
            if (fds[i].revents != 0 && !receive(fds[i].fd)) {
                fds[i].fd = -1; /* end of file: poll() ignores it now */
                open_pipes--;
            }
        }
    }
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
    event_loop();
    RACEKIT_CHECK(messages == (long)PIPES * per_pipe, "handled %ld messages, expected %ld",
                  messages, (long)PIPES * per_pipe);
    RACEKIT_CHECK(sum == expected, "sum is %ld, expected %ld", sum, expected);
    printf("%ld messages, sum %ld\n", messages, sum);
    return 0;
}
