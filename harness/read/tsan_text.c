/* tsan_text.c - TSan text report parser (see tsan_text.h). */
#define _POSIX_C_SOURCE 200809L
#include "tsan_text.h"
#include "util/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct { const char *title; const char *kind; } titles[] = {
    { "data race on vptr", "data-race-vptr" },
    { "data race", "data-race" },
    { "heap-use-after-free (virtual call vs free)", "heap-use-after-free-vptr" },
    { "heap-use-after-free", "heap-use-after-free" },
    { "thread leak", "thread-leak" },
    { "destroy of a locked mutex", "locked-mutex-destroy" },
    { "double lock of a mutex", "mutex-double-lock" },
    { "use of an invalid mutex", "mutex-invalid-access" },
    { "unlock of an unlocked mutex", "mutex-bad-unlock" },
    { "read lock of a write locked mutex", "mutex-bad-read-lock" },
    { "read unlock of a write locked mutex", "mutex-bad-read-unlock" },
    { "signal-unsafe call inside of a signal", "signal-unsafe-call" },
    { "signal handler spoils errno", "errno-in-signal-handler" },
    { "lock-order-inversion", "lock-order-inversion" },
};

const char *rk_tsan_kind_from_title(const char *title)
{
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
        if (strncmp(title, titles[i].title, strlen(titles[i].title)) == 0)
            return titles[i].kind;
    return NULL;
}

enum { MAX_FRAMES = 32 };

/* The stack being read and what it belongs to. */
struct stack {
    enum { NONE, ACCESS, OTHER } type;
    int thread, write, atomic;
    char *functions[MAX_FRAMES];
    char *files[MAX_FRAMES];
    int lines[MAX_FRAMES];
    int n;
};

static void flush(struct stack *s, rk_report *r, const char *variant)
{
    if (s->type != NONE && r != NULL && s->n > 0) {
        int i = rk_pick_frame(s->functions, s->files, s->n, variant);
        if (s->type == ACCESS)
            rk_report_add_access(r, s->thread, s->write, s->atomic,
                                 s->functions[i], s->files[i], s->lines[i]);
        else
            rk_report_add_location(r, s->functions[i], s->files[i], s->lines[i]);
    }
    for (int i = 0; i < s->n; i++) {
        free(s->functions[i]);
        free(s->files[i]);
    }
    memset(s, 0, sizeof *s);
}

/* "Write of size 8 at 0x.. by thread T2:", "Previous atomic read of size 4
 * at 0x.. by main thread:" -> 1 and the fields; else 0. */
static int parse_access_header(const char *t, struct stack *s)
{
    if (strncmp(t, "Previous ", 9) == 0)
        t += 9;
    int atomic = 0;
    if (strncasecmp(t, "atomic ", 7) == 0) {
        atomic = 1;
        t += 7;
    }
    int write;
    if (strncasecmp(t, "write of size", 13) == 0)
        write = 1;
    else if (strncasecmp(t, "read of size", 12) == 0)
        write = 0;
    else
        return 0;
    const char *by = strstr(t, " by ");
    if (by == NULL)
        return 0;
    int thread = 0;
    const char *tp = strstr(by, "thread T");
    if (tp != NULL)
        thread = atoi(tp + 8);
    s->type = ACCESS;
    s->thread = thread;
    s->write = write;
    s->atomic = atomic;
    return 1;
}

/* Split "file:line" or "file:line:col" (a file name may itself hold ':'). */
static void split_location(char *where, int *line)
{
    char *c1 = strrchr(where, ':');
    *line = 0;
    if (c1 == NULL || !isdigit((unsigned char)c1[1]))
        return;
    *c1 = '\0';
    char *c0 = strrchr(where, ':');
    if (c0 && isdigit((unsigned char)c0[1])) {
        *c0 = '\0';
        *line = atoi(c0 + 1);
    } else {
        *line = atoi(c1 + 1);
    }
}

/* "#3 func /path/file.c:18:12 (bin+0x..) (BuildId: ..)" -> frame fields.
 * The module part starts at the first " ("; before it come the function,
 * which may hold spaces (C++ signatures in the runtime's own frames), and
 * the location: an absolute path (which may hold spaces too), else the last
 * word ("<null>" when unknown). 0 when malformed. */
static int parse_frame(const char *t, struct stack *s)
{
    if (*t != '#' || s->n >= MAX_FRAMES)
        return 0;
    t++;
    while (isdigit((unsigned char)*t))
        t++;
    while (*t == ' ')
        t++;
    const char *module = strstr(t, " (");
    char *body = rk_xstrndup(t, module ? (size_t)(module - t) : strlen(t));
    /* An absolute path may hold spaces: it starts at the first " /". */
    char *space = strstr(body, " /");
    if (space == NULL)
        space = strrchr(body, ' ');
    char *file, *function;
    int line = 0;
    if (space == NULL) { /* "#0 func (bin+0x..)": no location at all */
        function = rk_xstrdup(body);
        file = rk_xstrdup("<null>");
    } else {
        *space = '\0';
        function = rk_xstrdup(body);
        split_location(space + 1, &line);
        file = rk_xstrdup(space + 1);
    }
    free(body);
    s->functions[s->n] = function;
    s->files[s->n] = file;
    s->lines[s->n] = line;
    s->n++;
    return 1;
}

struct state {
    rk_report_list *reports;
    rk_report *cur;
    struct stack st;
    const char *variant;
};

static void take_line(struct state *ps, const char *line)
{
    const char *t = line;
    while (*t == ' ')
        t++;
    const char *w = strstr(line, "WARNING: ThreadSanitizer: ");
    if (w != NULL) {
        flush(&ps->st, ps->cur, ps->variant);
        const char *kind = rk_tsan_kind_from_title(w + 26);
        ps->cur = rk_report_new(ps->reports, kind ? kind : "unknown");
        return;
    }
    if (ps->cur == NULL)
        return;
    if (strncmp(t, "SUMMARY: ThreadSanitizer", 24) == 0 || strncmp(line, "=====", 5) == 0) {
        flush(&ps->st, ps->cur, ps->variant);
        ps->cur = NULL;
    } else if (*t == '#') {
        if (ps->st.type == NONE)
            ps->st.type = OTHER;
        parse_frame(t, &ps->st);
    } else if (*t != '\0') {
        /* A header line starts the next stack ("Thread T1 ... created by",
         * "Mutex M1 ... created at:", "Call to malloc ..."). */
        flush(&ps->st, ps->cur, ps->variant);
        parse_access_header(t, &ps->st);
    }
}

void rk_tsan_text_parse(const char *text, size_t len, const char *variant,
                        rk_report_list *reports)
{
    struct state ps;
    memset(&ps, 0, sizeof ps);
    ps.reports = reports;
    ps.variant = variant;
    for (const char *pos = text, *end = text + len; pos < end;) {
        const char *nl = memchr(pos, '\n', (size_t)(end - pos));
        size_t n = nl ? (size_t)(nl - pos) : (size_t)(end - pos);
        char *line = rk_xstrndup(pos, n);
        take_line(&ps, line);
        free(line);
        pos = nl ? nl + 1 : end;
    }
    flush(&ps.st, ps.cur, ps.variant);
}

static const char *find_bytes(const char *text, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(text + i, needle, n) == 0)
            return text + i;
    return NULL;
}

char *rk_tsan_tool_error(const char *text, size_t len)
{
    static const char *const needles[] = {
        "FATAL: ThreadSanitizer", "ThreadSanitizer: CHECK failed",
        "ThreadSanitizer CHECK failed", "ThreadSanitizer: nested bug", NULL,
    };
    for (const char *const *n = needles; *n; n++) {
        const char *at = find_bytes(text, len, *n);
        if (at == NULL)
            continue;
        /* Keep the first three lines of the message. */
        const char *end = text + len, *stop = at;
        for (int lines = 0; stop < end && lines < 3; lines++) {
            const char *nl = memchr(stop, '\n', (size_t)(end - stop));
            stop = nl ? nl + 1 : end;
        }
        size_t n_bytes = (size_t)(stop - at);
        while (n_bytes > 0 && at[n_bytes - 1] == '\n')
            n_bytes--;
        return rk_xstrndup(at, n_bytes);
    }
    return NULL;
}

int rk_tsan_is_mapping_error(const char *text, size_t len)
{
    return find_bytes(text, len, "unexpected memory mapping") != NULL;
}
