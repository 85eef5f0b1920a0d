/* tamper/channel-forge: has no race, and writes a data-race record block
 * to every descriptor it did not open (the records channel too), with a
 * key it made up. */
#include "../tamper.h"

#include <stdio.h>
#include <string.h>

static void forge(int fd)
{
    char block[512];
    const char *key = "00112233445566778899aabbccddeeff";
    int n = snprintf(block, sizeof block,
                     "report\tdata-race\t%ld\t1\t%s\nmop\t1\t1\t0\t8\t%s\nf\tmain\tsafe.c\t9\t%s\n"
                     "mop\t2\t1\t0\t8\t%s\nf\tmain\tsafe.c\t9\t%s\nend\t%s\n",
                     (long)getpid(), key, key, key, key, key, key);
    if (write(fd, block, (size_t)n) < 0) {
        /* not every descriptor takes writes */
    }
}

int main(void)
{
    tamper_each_fd(forge);
    return 0;
}
