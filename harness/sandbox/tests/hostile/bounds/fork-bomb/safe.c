/* bounds/fork-bomb: every process forks until a fork is refused. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
    for (;;)
        if (fork() < 0) {
            perror("fork");
            exit(1);
        }
}
