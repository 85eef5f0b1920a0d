/* hook_channel.h - part of the TSan hook (included once, by tsan_hook.c):
 * the hook's end of the records channel (harness/run/records_channel.h).
 * Every line it sends ends with a tab and the run's key, which it keeps
 * only masked; a send that fails or comes up short, or a descriptor that
 * no longer is the channel, ends the process with status 87. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The channel to the harness; fd -1 when the program runs by hand. */
static struct {
    int fd;
    int socket;     /* 1: send() one message at a time; 0 (a file, by hand): write() */
    dev_t dev;
    ino_t ino;
    unsigned char key[16], mask[16]; /* the key's bytes, masked: key ^ mask */
    pid_t first;    /* the process the hook started in */
    pid_t pid;      /* the process whose reports `reports` counts */
    long reports;
    int ended;      /* this process wrote its bye */
} channel = { -1, 0, 0, 0, {0}, {0}, 0, 0, 0, 0 };

enum { KEY_LEN = 32, CHANNEL_FD = 1000, FAILED_STATUS = 87 };

/* Take `name` out of the environment, its bytes too: /proc/self/environ
 * shows the strings the process started with, where environ points. */
static void scrub_env(const char *name)
{
    extern char **environ;
    size_t n = strlen(name);
    char *found = NULL;
    for (char **e = environ; e && *e && found == NULL; e++)
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
            found = *e;
    unsetenv(name);
    if (found)
        memset(found, 0, strlen(found));
}

/* The channel failed the hook: say so where a person may see it, end the
 * first process (when this is a forked child) and this one. */
static void channel_failed(const char *what, int err)
{
    char msg[256];
    int n = snprintf(msg, sizeof msg, "racekit: the report channel %s (%s): this run's records cannot be trusted\n",
                     what, err ? strerror(err) : "no error");
    if (n > 0 && write(2, msg, (size_t)(n < (int)sizeof msg ? n : (int)sizeof msg - 1)) < 0) {
        /* stderr may be gone too: the exit status still tells */
    }
    if (getpid() != channel.first && channel.first > 0)
        kill(channel.first, SIGKILL);
    syscall(SYS_exit_group, FAILED_STATUS);
}

/* Send all of `buf` as one message (a file by hand: as many writes as it
 * takes). EINTR and a full socket (the program may have made it
 * non-blocking) are waited out; anything else ends the process. */
static void channel_send(const char *buf, size_t n)
{
    for (size_t off = 0; off < n;) {
        ssize_t w = channel.socket ? send(channel.fd, buf + off, n - off, MSG_NOSIGNAL)
                                   : write(channel.fd, buf + off, n - off);
        if (w < 0 && (errno == EINTR || errno == EAGAIN)) {
            struct pollfd p = { channel.fd, POLLOUT, 0 };
            poll(&p, 1, 100);
            continue;
        }
        if (w <= 0)
            channel_failed("refused a record", w < 0 ? errno : 0);
        if (channel.socket && (size_t)w != n - off)
            channel_failed("took part of a record", 0);
        off += (size_t)w;
    }
}

/* The key as text, into out (KEY_LEN bytes, no NUL). */
static void key_text(char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < KEY_LEN / 2; i++) {
        unsigned b = (unsigned)(channel.key[i] ^ channel.mask[i]);
        out[2 * i] = hex[b >> 4];
        out[2 * i + 1] = hex[b & 15];
    }
}

/* Send all of `text` with the key before each newline, as one message
 * (lines of two writers never mix). Ends the process when the descriptor
 * no longer is the channel or the send fails. */
static void channel_write(const char *text, size_t len)
{
    /* A report block (BLOCK_SIZE) with the key on each of its lines. */
    static char out[8 * 32768];
    struct stat st;
    if (channel.fd < 0)
        return;
    if (fstat(channel.fd, &st) != 0 || st.st_dev != channel.dev || st.st_ino != channel.ino)
        channel_failed("was closed or replaced by the program", 0);
    char key[KEY_LEN];
    key_text(key);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (n + KEY_LEN + 3 > sizeof out) {
            channel_send(out, n);
            n = 0;
        }
        if (text[i] == '\n') {
            out[n++] = '\t';
            memcpy(out + n, key, KEY_LEN);
            n += KEY_LEN;
        }
        out[n++] = text[i];
    }
    channel_send(out, n);
    /* No text of the key left where the program could look for it. */
    memset(out, 0, n);
    memset(key, 0, sizeof key);
    __asm__ volatile("" : : "r"(key), "r"(out) : "memory");
}

/* One line of up to 1 KiB, formatted and keyed. */
static void channel_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void channel_line(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (n > (int)sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    channel_write(line, (size_t)n);
}

/* `s` (or "") copied into out (n bytes) as one field: tabs and newlines
 * become spaces, so a field cannot start another field or line. */
static const char *field(char *out, size_t n, const char *s)
{
    size_t i = 0;
    for (; s && s[i] && i + 1 < n; i++)
        out[i] = s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
    out[i] = '\0';
    return out;
}

/* A fresh random mask for the key; 0, or -1 when the kernel gave none. */
static int getrandom_mask(void)
{
    size_t got = 0;
    while (got < sizeof channel.mask) {
        long n = syscall(SYS_getrandom, channel.mask + got, sizeof channel.mask - got, 0);
        if (n < 0 && errno != EINTR)
            return -1;
        if (n > 0)
            got += (size_t)n;
    }
    return 0;
}

/* The 32 hex digits of `text` into the masked key; 0 when they are not that. */
static int take_key(const char *text)
{
    if (strlen(text) != KEY_LEN || getrandom_mask() < 0)
        return 0;
    for (int i = 0; i < KEY_LEN; i++) {
        char c = text[i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (v < 0)
            return 0;
        channel.key[i / 2] = (unsigned char)(channel.key[i / 2] | (v << (i % 2 ? 0 : 4)));
    }
    for (int i = 0; i < KEY_LEN / 2; i++)
        channel.key[i] ^= channel.mask[i];
    return 1;
}

/* A program image that found the channel open (it survives exec) but no
 * key: say so, once, without a key (there is none to use). */
static void say_exec(void)
{
    int type = 0;
    socklen_t len = sizeof type;
    if (getsockopt(CHANNEL_FD, SOL_SOCKET, SO_TYPE, &type, &len) != 0 || type != SOCK_SEQPACKET)
        return;
    char line[40];
    int n = snprintf(line, sizeof line, "exec\t%ld\n", (long)getpid());
    if (n > 0 && send(CHANNEL_FD, line, (size_t)n, MSG_NOSIGNAL) < 0) {
        /* the harness sees the second image some other way, or not at all */
    }
}

