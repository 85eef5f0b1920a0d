/* tamper/key-hunt: looks for the records channel's key where a program
 * could find it: its environment, /proc/self/environ, and every descriptor
 * it did not open, read directly or opened again through /proc/self/fd. */
#include "../tamper.h"

#include <stdio.h>
#include <string.h>

static int found;

/* A key is 32 hex digits: after its variable's name, or on a channel line. */
static void look(const char *what, const char *text, size_t n)
{
    static const char name[] = "RACEKIT_REPORT_KEY=";
    for (size_t i = 0; i < n; i++) {
        size_t rest = n - i;
        int named = rest > sizeof name - 1 && memcmp(text + i, name, sizeof name - 1) == 0 &&
                    strchr("0123456789abcdef", text[i + sizeof name - 1]) && text[i + sizeof name - 1];
        int hello = rest >= 6 && memcmp(text + i, "hello\t", 6) == 0;
        if (named || hello) {
            printf("key found in %s\n", what);
            found = 1;
            return;
        }
    }
}

static void read_fd(int fd)
{
    char buf[4096], path[64];
    ssize_t n = pread(fd, buf, sizeof buf, 0);
    if (n > 0)
        look("a descriptor", buf, (size_t)n);
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    int again = open(path, O_RDONLY);
    if (again >= 0 && (n = read(again, buf, sizeof buf)) > 0)
        look("a descriptor opened again", buf, (size_t)n);
    if (again >= 0)
        close(again);
}

int main(void)
{
    extern char **environ;
    for (char **e = environ; *e; e++)
        look("the environment", *e, strlen(*e));
    char env[65536];
    int fd = open("/proc/self/environ", O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, env, sizeof env) : -1;
    for (ssize_t i = 0; i < n; i++)
        if (env[i] == '\0')
            env[i] = ' ';
    if (n > 0)
        look("/proc/self/environ", env, (size_t)n);
    if (fd >= 0)
        close(fd);
    tamper_each_fd(read_fd);
    puts(found ? "the key leaked" : "key hidden");
    return 0;
}
