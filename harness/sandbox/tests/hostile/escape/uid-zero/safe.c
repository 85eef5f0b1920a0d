/* escape/uid-zero: a program that would be root. As uid 0 it could
 * rewrite the compiler the next check uses; it says which uid it got and
 * whether it runs from the sandbox's staged copy of its binary. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int shared;

static void *worker(void *arg)
{
    shared = 1;
    return arg;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    printf("euid %s, staged copy: %s\n", geteuid() == 0 ? "0" : "not 0",
           strncmp(exe, "/tmp/racekit-stage-", 19) == 0 ? "yes" : "no");
    return geteuid() == 0 ? 3 : 0; /* MARKER */
}
