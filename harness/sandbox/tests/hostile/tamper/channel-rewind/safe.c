/* tamper/channel-rewind (issue 19, attack b): races, then clears O_APPEND
 * on the records channel (fcntl F_SETFL), seeks back to just after the
 * hook's hello line and overwrites the report block, through the hook's
 * exported line writer, with padding and a clean run's work and bye that
 * end exactly where the file did; leaves by exit_group(0). */
#include "../tamper.h"

#include <sys/stat.h>

int main(void)
{
    tamper_race();
    int fd = tamper_channel_fd();
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0)
        syscall(SYS_exit_group, 0);
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_APPEND) < 0)
        perror("fcntl");
    if (racekit_hook_record == NULL)
        syscall(SYS_exit_group, 0);
    /* hello <pid> <key>: the key is 32 digits, after a tab. */
    char pid[24], work[] = "work\t1\t0\n", bye[64], pad[65536];
    int hello = snprintf(pid, sizeof pid, "%ld", (long)getpid()) + 6 + 1 + 32 + 1;
    snprintf(bye, sizeof bye, "bye\t%s\t0\n", pid);
    /* A keyed line is its text, a tab, the key and its newline. */
    long keyed = 33, rest = (long)st.st_size - hello - ((long)strlen(work) + keyed) - ((long)strlen(bye) + keyed);
    if (rest < keyed + 2 || rest - keyed > (long)sizeof pad - 2 || lseek(fd, hello, SEEK_SET) < 0) {
        perror("lseek");
        syscall(SYS_exit_group, 0);
    }
    memset(pad, '#', (size_t)(rest - keyed - 1));
    pad[rest - keyed - 1] = '\n';
    pad[rest - keyed] = '\0';
    racekit_hook_record(pad);
    racekit_hook_record(work);
    racekit_hook_record(bye);
    syscall(SYS_exit_group, 0);
    return 0;
}
