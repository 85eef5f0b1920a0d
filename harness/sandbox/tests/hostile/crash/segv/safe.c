/* crash/segv: a write through a null pointer. */
#include <stdio.h>

int main(void)
{
    int *volatile nowhere = NULL;
    puts("about to crash");
    *nowhere = 1;
    return 0;
}
