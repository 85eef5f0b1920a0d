/* tamper/channel-replace: puts /dev/null in place of every descriptor it
 * did not open (the records channel too), silences stderr, then races. */
#include "../tamper.h"

static void replace_fd(int fd)
{
    int null = open("/dev/null", O_WRONLY);
    dup2(null, fd);
    close(null);
}

int main(void)
{
    tamper_each_fd(replace_fd);
    tamper_silence_stderr();
    tamper_race();
    return 0;
}
