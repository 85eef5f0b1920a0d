/* tamper/channel-close: closes every descriptor it did not open (the
 * records channel too) and silences stderr, then races. */
#include "../tamper.h"

static void close_fd(int fd) { close(fd); }

int main(void)
{
    tamper_each_fd(close_fd);
    tamper_silence_stderr();
    tamper_race();
    return 0;
}
