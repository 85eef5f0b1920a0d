/* tamper/exit-early: the same unjoined thread as tamper/exit-group, but it
 * leaves with _exit(0): the runtime still runs its end-of-run checks. */
#include "../tamper.h"

int main(void)
{
    tamper_leak_thread();
    _exit(0);
}
