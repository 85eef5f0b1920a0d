/* interrupt/sleeper: a long run with a process outside its group. */
#define _GNU_SOURCE
#include <unistd.h>

int main(void)
{
    if (fork() == 0)
        setsid();
    for (;;)
        pause();
}
