/* wild/shared-buffer (unsafe): two threads memcpy their message into one
 * buffer.
 *
 * Each thread builds its status line in a local array and copies it into
 * the global `last_status` with memcpy, so that main can print the last
 * status after the join. The two memcpy calls write the same bytes with
 * nothing ordering them: a data race, inside the library call. TSan
 * intercepts memcpy and checks the bytes it writes as if the program
 * wrote them itself, so it reports the race on every run, with memcpy as
 * the top frame and the line that called it below; main may print one
 * thread's line, the other's, or a mix of both. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define LINE 64

char last_status[LINE];

void *worker(void *arg)
{
    char line[LINE];
    snprintf(line, sizeof line, "worker %ld: done", (long)arg);
    memcpy(last_status, line, sizeof line); // RACE
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
