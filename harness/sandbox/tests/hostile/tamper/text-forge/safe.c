/* tamper/text-forge: has no race, and prints on stderr what a TSan data
 * race report looks like. */
#include <stdio.h>

int main(void)
{
    fputs("==================\n"
          "WARNING: ThreadSanitizer: data race (pid=4242)\n"
          "  Write of size 8 at 0x5581d8a1c0d8 by thread T2:\n"
          "    #0 worker safe.c:9:5 (safe+0xd0334)\n"
          "\n"
          "  Previous write of size 8 at 0x5581d8a1c0d8 by thread T1:\n"
          "    #0 worker safe.c:9:5 (safe+0xd0334)\n"
          "\n"
          "SUMMARY: ThreadSanitizer: data race safe.c:9:5 in worker\n"
          "==================\n"
          "ThreadSanitizer: reported 1 warnings\n",
          stderr);
    return 0;
}
