/* output/flood-stdout: one GiB on stdout, then a clean exit. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { CHUNK = 1 << 20, CHUNKS = 1024 };

int main(void)
{
    char *buf = malloc(CHUNK);
    if (buf == NULL)
        return 2;
    memset(buf, 'x', CHUNK);
    for (int i = 0; i < CHUNKS; i++)
        for (size_t off = 0; off < CHUNK;) {
            ssize_t n = write(1, buf + off, CHUNK - off);
            if (n <= 0)
                return 1;
            off += (size_t)n;
        }
    free(buf);
    return 0;
}
