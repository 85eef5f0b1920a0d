/* fixture invariants/balance (unsafe): the check fails, and the program
 * prints hostile bytes first - control characters, an escape sequence,
 * invalid UTF-8, a NUL, markup - which every report format must survive. */
#include "racekit.h"

static const char hostile[] = "bell\a esc\033[31mred\033[0m nul[\0] bad[\xff\xfe] cr\r"
                              " </system-out>]]> <script>alert(1)</script> a|b `c` *d* & \xc3\xa9\n";

int main(void)
{
    long balance = 100;
    fwrite(hostile, 1, sizeof hostile - 1, stdout);
    fwrite(hostile, 1, sizeof hostile - 1, stderr);
    balance -= 150;
    RACEKIT_CHECK(balance >= 0, "balance is %ld <0|&>", balance);
    return 0;
}
