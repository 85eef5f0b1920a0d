/* tamper/channel-reopen (issue 19, attack f): races, then gives the
 * channel's file read and write permission (fchmod), opens it again
 * through /proc/self/fd/N, reads the key off the hook's hello line,
 * empties the file and writes a clean run's lines, keyed; exit_group(0).
 * It needs the program's uid to own the channel: the suite runs racekit as
 * an ordinary user for it (run_hostile.sh -u). */
#include "../tamper.h"

#include <sys/stat.h>

int main(void)
{
    char path[64], text[4096], key[40], lines[512];
    tamper_race();
    int fd = tamper_channel_fd();
    if (fd < 0)
        syscall(SYS_exit_group, 0);
    if (fchmod(fd, 0600) < 0)
        perror("fchmod");
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    int rw = open(path, O_RDWR);
    ssize_t n = rw >= 0 ? pread(rw, text, sizeof text - 1, 0) : -1;
    char *nl = n > 0 ? memchr(text, '\n', (size_t)n) : NULL;
    if (rw < 0 || nl == NULL || nl - text < 33) {
        perror("reopen");
        syscall(SYS_exit_group, 0);
    }
    memcpy(key, nl - 32, 32);
    key[32] = '\0';
    puts("key read");
    fflush(stdout);
    int len = tamper_forged_lines(lines, sizeof lines, key);
    if (ftruncate(rw, 0) < 0 || pwrite(rw, lines, (size_t)len, 0) != len)
        perror("rewrite");
    syscall(SYS_exit_group, 0);
    return 0;
}
