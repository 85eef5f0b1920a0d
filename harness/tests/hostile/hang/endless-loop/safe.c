/* hang/endless-loop: counts forever on the main thread. */
#include <stdio.h>

static volatile unsigned long counter;

int main(void)
{
    for (;;)
        counter++; /* LOOP */
}
