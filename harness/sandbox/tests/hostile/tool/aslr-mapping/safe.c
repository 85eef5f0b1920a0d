/* tool/aslr-mapping: fails like clang 14's TSan under high ASLR entropy. */
#include <stdio.h>
#include <sys/personality.h>

int main(void)
{
    if ((personality(0xffffffff) & ADDR_NO_RANDOMIZE) == 0) {
        fputs("FATAL: ThreadSanitizer: unexpected memory mapping 0x55d0c0a00000-0x55d0c0a01000\n", stderr);
        return 66;
    }
    puts("ran with ASLR off");
    return 0;
}
