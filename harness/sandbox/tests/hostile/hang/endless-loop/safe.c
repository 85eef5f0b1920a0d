/* hang/endless-loop: counts forever on the main thread. The loop is one
 * line so that wherever gdb stops it, the stack names that line. */
#include <stdio.h>

static volatile unsigned long counter;

int main(void)
{
    for (;;) counter++; /* LOOP */
}
