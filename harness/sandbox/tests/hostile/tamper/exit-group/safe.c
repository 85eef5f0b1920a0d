/* tamper/exit-group: leaves a finished thread unjoined (a thread leak TSan
 * reports at exit) and leaves by the raw exit_group system call, past the
 * runtime's end-of-run checks. */
#include "../tamper.h"

int main(void)
{
    tamper_leak_thread();
    syscall(SYS_exit_group, 0);
    return 0;
}
