/* tamper/channel-truncate (issue 19, attack a): races, then empties the
 * records channel with ftruncate, writes the lines of a clean run through
 * the hook's exported line writer (which added the key to any line) and
 * leaves by exit_group(0), so no real bye follows. */
#include "../tamper.h"

int main(void)
{
    char lines[256];
    tamper_race();
    int fd = tamper_channel_fd();
    if (fd >= 0 && ftruncate(fd, 0) < 0)
        perror("ftruncate");
    if (racekit_hook_record) {
        tamper_forged_lines(lines, sizeof lines, NULL);
        for (char *line = strtok(lines, "\n"); line; line = strtok(NULL, "\n")) {
            char one[128];
            snprintf(one, sizeof one, "%s\n", line);
            racekit_hook_record(one);
        }
    }
    syscall(SYS_exit_group, 0);
    return 0;
}
