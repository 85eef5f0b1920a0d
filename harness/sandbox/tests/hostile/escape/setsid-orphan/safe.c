/* escape/setsid-orphan: a daemon that escapes the process group. */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    int ready[2];
    if (pipe(ready) < 0)
        return 2;
    pid_t child = fork();
    if (child < 0)
        return 2;
    if (child == 0) {
        setsid();
        if (fork() == 0) {
            close(ready[1]);
            for (;;)
                pause();
        }
        close(ready[1]);
        for (;;)
            pause();
    }
    close(ready[1]);
    char c;
    /* EOF once the child and the grandchild have closed their ends. */
    while (read(ready[0], &c, 1) > 0)
        ;
    puts("parent done; the daemons go on");
    return 0;
}
