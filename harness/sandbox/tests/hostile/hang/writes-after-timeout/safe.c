/* hang/writes-after-timeout: prints without end. */
#include <stdio.h>

int main(void)
{
    for (unsigned long line = 0;; line++) {
        printf("line %lu: still writing\n", line);
        fflush(stdout);
    }
}
