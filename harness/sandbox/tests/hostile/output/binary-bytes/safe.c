/* output/binary-bytes: output that is not text. */
#include <unistd.h>

static const char bytes[] = "nul:\0 ff:\xff fe:\xfe lone:\x80 overlong:\xc0\xaf cut:\xe2\x82 esc:\x1b[31m bell:\a end\n";

int main(void)
{
    if (write(1, bytes, sizeof bytes - 1) < 0 || write(2, bytes, sizeof bytes - 1) < 0)
        return 1;
    return 0;
}
