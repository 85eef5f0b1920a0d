/* tamper/channel-fsize (issue 19, attack c): forges a clean run's work and
 * bye, then sets RLIMIT_FSIZE at the channel's size (SIGXFSZ ignored) so
 * that the hook's write of the report fails, and races; stderr silenced,
 * leaves by exit_group(0). */
#include "../tamper.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

int main(void)
{
    tamper_forge_bye();
    int fd = tamper_channel_fd();
    struct stat st;
    signal(SIGXFSZ, SIG_IGN);
    if (fd >= 0 && fstat(fd, &st) == 0) {
        struct rlimit at = { (rlim_t)st.st_size, (rlim_t)st.st_size };
        if (setrlimit(RLIMIT_FSIZE, &at) < 0)
            perror("setrlimit");
    }
    tamper_silence_stderr();
    tamper_race();
    /* Past TSan's exit status 66 for the report it could not write. */
    syscall(SYS_exit_group, 0);
    return 0;
}
