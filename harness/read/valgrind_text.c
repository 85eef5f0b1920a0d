/* valgrind_text.c - Helgrind and DRD output parser (see valgrind_text.h). */
#define _POSIX_C_SOURCE 200809L
#include "valgrind_text.h"
#include "util/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Error headers, by prefix, and the kind each maps to. */
static const struct { const char *prefix; const char *kind; } headers[] = {
    { "Possible data race during ", "data-race" },            /* Helgrind */
    { "Conflicting load by thread", "data-race" },            /* DRD */
    { "Conflicting store by thread", "data-race" },
    { "Destroying locked mutex", "locked-mutex-destroy" },
    { "Mutex not locked", "mutex-bad-unlock" },
    { "Recursive locking not allowed", "mutex-double-lock" },
    /* A lock granted while another thread holds it: what TSan calls a
     * double lock (e.g. the mutex was overwritten while held). */
    { "The impossible happened: mutex is locked simultaneously", "mutex-double-lock" },
    { "Mutex still locked at thread exit", "other" },
    { "The object at address", "mutex-invalid-access" },
    { "Probably a race condition", "other" },
};

/* Helgrind writes "Thread #2: <what>" or "Thread #2 <what>". */
static const struct { const char *needle; const char *kind; } thread_errors[] = {
    { "lock order", "lock-order-inversion" },
    { "unlocked a not-locked lock", "mutex-bad-unlock" },
    { "unlocked lock at", "mutex-bad-unlock" },
    { "of a locked mutex", "locked-mutex-destroy" },
    { "containing a locked lock", "locked-mutex-destroy" },
    { "re-lock a non-recursive lock", "mutex-double-lock" },
    { "lock granted on mutex/rwlock which is currently wr-held by a different thread", "mutex-double-lock" },
    { "call to pthread_mutex_unlock failed", NULL }, /* follows an error above */
    { "was created", NULL },                          /* an announcement */
    { "is the program's main thread", NULL },
};

const char *rk_valgrind_kind(const char *line)
{
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++)
        if (strncmp(line, headers[i].prefix, strlen(headers[i].prefix)) == 0)
            return headers[i].kind;
    if (strncmp(line, "Thread #", 8) != 0)
        return NULL;
    for (size_t i = 0; i < sizeof thread_errors / sizeof thread_errors[0]; i++)
        if (strstr(line, thread_errors[i].needle))
            return thread_errors[i].kind;
    return strchr(line, ':') ? "other" : NULL;
}

enum { MAX_FRAMES = 32 };

struct stack {
    int open, is_access, thread, write;
    char *functions[MAX_FRAMES], *files[MAX_FRAMES];
    int lines[MAX_FRAMES], n;
};

struct state {
    rk_report_list *reports;
    rk_report *cur;
    struct stack st;
    const char *variant;
};

static void flush(struct state *s)
{
    struct stack *st = &s->st;
    if (st->open && s->cur && st->n > 0) {
        int i = rk_pick_frame(st->functions, st->files, st->n, s->variant);
        if (st->is_access)
            rk_report_add_access(s->cur, st->thread, st->write, 0, st->functions[i], st->files[i], st->lines[i]);
        else
            rk_report_add_location(s->cur, st->functions[i], st->files[i], st->lines[i]);
    }
    for (int i = 0; i < st->n; i++)
        free(st->functions[i]), free(st->files[i]);
    memset(st, 0, sizeof *st);
}

/* Open a stack; when the line names an access ("... write of size 8 ... by
 * thread #3", "Conflicting store by thread 3"), it is a memory access. */
static void open_stack(struct state *s, const char *line)
{
    flush(s);
    s->st.open = 1;
    const char *by = strstr(line, "by thread ");
    int is_write = strstr(line, "write of size") != NULL || strstr(line, "Conflicting store") != NULL;
    int is_read = strstr(line, "read of size") != NULL || strstr(line, "Conflicting load") != NULL;
    if (by && (is_write || is_read)) {
        by += 10;
        if (*by == '#')
            by++;
        s->st.is_access = 1;
        s->st.thread = atoi(by);
        s->st.write = is_write;
    }
}

/* "at 0x1093AD: add_one (unsafe.c:18)", "by 0x48F0: start (in /lib/x.so)". */
static void add_frame(struct state *s, const char *t)
{
    const char *colon = strstr(t, ": ");
    if (colon == NULL || s->st.n >= MAX_FRAMES || !s->st.open)
        return;
    const char *fn = colon + 2, *paren = strstr(fn, " (");
    char *function = rk_xstrndup(fn, paren ? (size_t)(paren - fn) : strlen(fn));
    char *file = rk_xstrdup("??");
    int line = 0;
    if (paren && strncmp(paren + 2, "in ", 3) != 0) {
        const char *close = strrchr(paren, ')');
        char *where = rk_xstrndup(paren + 2, close ? (size_t)(close - paren - 2) : strlen(paren + 2));
        char *c = strrchr(where, ':');
        if (c && isdigit((unsigned char)c[1])) {
            *c = '\0';
            line = atoi(c + 1);
        }
        free(file);
        file = where;
    }
    s->st.functions[s->st.n] = function;
    s->st.files[s->st.n] = file;
    s->st.lines[s->st.n] = line;
    s->st.n++;
}

static void take_line(struct state *s, const char *line)
{
    /* Only Valgrind's own lines: "==1234== text". */
    if (strncmp(line, "==", 2) != 0)
        return;
    const char *t = strstr(line + 2, "==");
    if (t == NULL)
        return;
    t += 2;
    if (*t == ' ')
        t++;
    const char *body = t;
    while (*body == ' ')
        body++;
    const char *kind = rk_valgrind_kind(body);
    if (kind) {
        flush(s);
        s->cur = rk_report_new(s->reports, kind);
        open_stack(s, body);
    } else if (strncmp(body, "This conflicts with a previous", 30) == 0 ||
               strncmp(body, "Other segment start", 19) == 0) {
        open_stack(s, body);
    } else if (strncmp(body, "at 0x", 5) == 0 || strncmp(body, "by 0x", 5) == 0) {
        add_frame(s, body);
    } else if (*body == '\0' || strncmp(body, "----", 4) == 0) {
        flush(s);
        if (strncmp(body, "----", 4) == 0 || strstr(line, "Thread-Announcement"))
            s->cur = NULL;
    } else if (strstr(body, "Thread-Announcement")) {
        flush(s);
        s->cur = NULL;
    }
}

void rk_valgrind_text_parse(const char *text, size_t len, const char *variant,
                            rk_report_list *reports)
{
    struct state s;
    memset(&s, 0, sizeof s);
    s.reports = reports;
    s.variant = variant;
    for (const char *pos = text, *end = text + len; pos < end;) {
        const char *nl = memchr(pos, '\n', (size_t)(end - pos));
        size_t n = nl ? (size_t)(nl - pos) : (size_t)(end - pos);
        char *line = rk_xstrndup(pos, n);
        take_line(&s, line);
        free(line);
        pos = nl ? nl + 1 : end;
    }
    flush(&s);
}

char *rk_valgrind_tool_error(const char *text, size_t len)
{
    static const char *const needles[] = { "valgrind: failed to start tool", "valgrind: Fatal error",
                                           "VALGRIND INTERNAL ERROR", NULL };
    for (const char *const *n = needles; *n; n++) {
        size_t nl = strlen(*n);
        for (size_t i = 0; i + nl <= len; i++)
            if (memcmp(text + i, *n, nl) == 0) {
                const char *eol = memchr(text + i, '\n', len - i);
                return rk_xstrndup(text + i, eol ? (size_t)(eol - text - i) : len - i);
            }
    }
    return NULL;
}
