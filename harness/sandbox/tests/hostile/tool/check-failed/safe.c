/* tool/check-failed: the detector's own assertion fails. */
#include <stdio.h>

int main(void)
{
    fputs("ThreadSanitizer: CHECK failed: tsan_rtl.cpp:640 \"((thr->shadow_stack_pos)) < ((thr->shadow_stack_end))\" (0x0, 0x0)\n"
          "    #0 __tsan::CheckUnwind() <null> (bin+0xbf1f2)\n"
          "    #1 __sanitizer::CheckFailed(char const*, int, char const*, unsigned long long, unsigned long long) <null> (bin+0x3c2bf)\n"
          "    #2 __tsan_func_entry <null> (bin+0x9f6a2)\n",
          stderr);
    return 66;
}
