/* tamper/channel-shutdown: shuts the sending side of the records channel
 * down (shutdown SHUT_WR, where it is a socket), silences stderr, then
 * races: the hook's write of the report fails. */
#include "../tamper.h"

#include <sys/socket.h>

int main(void)
{
    int fd = tamper_channel_fd();
    if (fd >= 0 && shutdown(fd, SHUT_WR) < 0)
        perror("shutdown");
    tamper_silence_stderr();
    tamper_race();
    return 0;
}
