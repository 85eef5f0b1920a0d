/* tamper/key-scan (issue 19, attack d): races, then looks for the records
 * channel's key (32 hex digits) in its own .data and .bss; with it,
 * empties the channel and writes a clean run's lines, keyed, and leaves
 * by exit_group(0). */
#include "../tamper.h"

int main(void)
{
    char key[40], lines[512];
    tamper_race();
    int fd = tamper_channel_fd();
    if (fd >= 0 && tamper_key_scan(key)) {
        puts("key found");
        if (ftruncate(fd, 0) < 0)
            perror("ftruncate");
        int n = tamper_forged_lines(lines, sizeof lines, key);
        if (write(fd, lines, (size_t)n) < 0)
            perror("write");
    }
    fflush(stdout);
    syscall(SYS_exit_group, 0);
    return 0;
}
