/* tsan_hook.c - linked into every TSan variant; hands each report to the
 * harness as structured records.
 *
 * The TSan runtime calls __tsan_on_report() once per report it prints (its
 * default is a weak no-op). We read the report through the runtime's debugging
 * API (__tsan_get_report_*, exported by clang's and gcc's runtimes alike) and
 * write one block of tab-separated lines to the file descriptor named by
 * RACEKIT_REPORT_FD. Without that variable the hook does nothing, so a variant
 * runs the same by hand. The block format is read by harness/hook_records.c:
 *
 *   report <kind>
 *   mop <tid> <write 0|1> <atomic 0|1> <size>     then its frames
 *   stack <index>                                 then its frames
 *   thread <tid> <running 0|1> <name>             then its creation frames
 *   mutex <id> <destroyed 0|1>                    then its frames
 *   loc <type> <tid>                              then its frames
 *   f <function> <file> <line>                    one frame, innermost first
 *   end
 *
 * and, at start-up, one line "no-tsan" when the program was linked without
 * the TSan runtime (its flags turned the sanitizer off): the API below is
 * declared weak so such a program still links, and the harness can say why
 * nothing was detected.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* clang 14's headers do not declare the debugging API: declare it here,
 * weak (see above). */
#define WEAK __attribute__((weak))
WEAK int __tsan_get_report_data(void *report, const char **description, int *count,
                           int *stack_count, int *mop_count, int *loc_count,
                           int *mutex_count, int *thread_count,
                           int *unique_tid_count, void **sleep_trace,
                           unsigned long trace_size);
WEAK int __tsan_get_report_mop(void *report, unsigned long idx, int *tid,
                          void **addr, int *size, int *write, int *atomic,
                          void **trace, unsigned long trace_size);
WEAK int __tsan_get_report_stack(void *report, unsigned long idx, void **trace,
                            unsigned long trace_size);
WEAK int __tsan_get_report_loc(void *report, unsigned long idx, const char **type,
                          void **addr, void **start, unsigned long *size,
                          int *tid, int *fd, int *suppressable, void **trace,
                          unsigned long trace_size);
WEAK int __tsan_get_report_mutex(void *report, unsigned long idx, uint64_t *mutex_id,
                            void **addr, int *destroyed, void **trace,
                            unsigned long trace_size);
WEAK int __tsan_get_report_thread(void *report, unsigned long idx, int *tid,
                             uint64_t *os_id, int *running, const char **name,
                             int *parent_tid, void **trace,
                             unsigned long trace_size);
WEAK void __sanitizer_symbolize_pc(void *pc, const char *fmt, char *out_buf,
                              size_t out_buf_size);
void __tsan_on_report(void *report);

enum { MAX_FRAMES = 8, MAX_ITEMS = 16, BLOCK_SIZE = 32768 };

__attribute__((constructor)) static void racekit_check_runtime(void)
{
    static const char line[] = "no-tsan\n";
    const char *fd_text = getenv("RACEKIT_REPORT_FD");
    if (fd_text != NULL && __tsan_get_report_data == NULL && write(atoi(fd_text), line, sizeof line - 1) < 0) {
        /* nothing more to do: the harness then sees no record at all */
    }
}

struct block {
    char text[BLOCK_SIZE];
    size_t len;
};

/* Append formatted text; a block that would overflow is cut, never broken. */
static void put(struct block *b, const char *fmt, ...)
{
    if (b->len >= sizeof b->text - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->text + b->len, sizeof b->text - b->len, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    b->len += (size_t)n;
    if (b->len > sizeof b->text - 1)
        b->len = sizeof b->text - 1;
}

/* Write one "f" line per frame. pc - 1 points inside the call or access
 * instruction, which is what the runtime's own printer symbolizes. A pc in
 * inlined code stands for several frames: the symbolizer writes them one
 * after another, each ended by a NUL, and an empty string after the last. */
static void put_frames(struct block *b, void **trace, int n)
{
    for (int i = 0; i < n && trace[i] != NULL; i++) {
        char sym[1024];
        memset(sym, 0, sizeof sym);
        __sanitizer_symbolize_pc((char *)trace[i] - 1, "%f\t%s\t%l", sym, sizeof sym - 1);
        if (sym[0] == '\0')
            put(b, "f\t??\t??\t0\n");
        /* clang 14's runtime renders the first inlined frame again for each
         * further one: skip repeats, the text report has the full chain. */
        const char *prev = "";
        for (const char *s = sym; *s && s < sym + sizeof sym - 1; s += strlen(s) + 1) {
            if (strcmp(s, prev) != 0)
                put(b, "f\t%s\n", s);
            prev = s;
        }
    }
}

static int clamp(int n) { return n < MAX_ITEMS ? n : MAX_ITEMS; }

void __tsan_on_report(void *report)
{
    const char *fd_text = getenv("RACEKIT_REPORT_FD");
    if (fd_text == NULL)
        return;

    static struct block b; /* reports are serialised by the runtime */
    const char *kind = "unknown";
    int count = 0, nstack = 0, nmop = 0, nloc = 0, nmutex = 0, nthread = 0, nuniq = 0;
    void *sleep_trace[MAX_FRAMES] = {0};
    b.len = 0;
    __tsan_get_report_data(report, &kind, &count, &nstack, &nmop, &nloc, &nmutex,
                           &nthread, &nuniq, sleep_trace, MAX_FRAMES);
    put(&b, "report\t%s\n", kind);

    for (int i = 0; i < clamp(nmop); i++) {
        void *trace[MAX_FRAMES] = {0}, *addr = NULL;
        int tid = 0, size = 0, write = 0, atomic = 0;
        __tsan_get_report_mop(report, (unsigned long)i, &tid, &addr, &size, &write,
                              &atomic, trace, MAX_FRAMES);
        put(&b, "mop\t%d\t%d\t%d\t%d\n", tid, write != 0, atomic != 0, size);
        put_frames(&b, trace, MAX_FRAMES);
    }
    for (int i = 0; i < clamp(nstack); i++) {
        void *trace[MAX_FRAMES] = {0};
        __tsan_get_report_stack(report, (unsigned long)i, trace, MAX_FRAMES);
        put(&b, "stack\t%d\n", i);
        put_frames(&b, trace, MAX_FRAMES);
    }
    for (int i = 0; i < clamp(nthread); i++) {
        void *trace[MAX_FRAMES] = {0};
        int tid = 0, running = 0, parent = 0;
        uint64_t os_id = 0;
        const char *name = NULL;
        __tsan_get_report_thread(report, (unsigned long)i, &tid, &os_id, &running,
                                 &name, &parent, trace, MAX_FRAMES);
        put(&b, "thread\t%d\t%d\t%s\n", tid, running != 0, name ? name : "");
        put_frames(&b, trace, MAX_FRAMES);
    }
    for (int i = 0; i < clamp(nmutex); i++) {
        void *trace[MAX_FRAMES] = {0}, *addr = NULL;
        uint64_t id = 0;
        int destroyed = 0;
        __tsan_get_report_mutex(report, (unsigned long)i, &id, &addr, &destroyed,
                                trace, MAX_FRAMES);
        put(&b, "mutex\t%llu\t%d\n", (unsigned long long)id, destroyed != 0);
        put_frames(&b, trace, MAX_FRAMES);
    }
    for (int i = 0; i < clamp(nloc); i++) {
        void *trace[MAX_FRAMES] = {0}, *addr = NULL, *start = NULL;
        unsigned long size = 0;
        int tid = 0, fd = 0, suppressable = 0;
        const char *type = NULL;
        __tsan_get_report_loc(report, (unsigned long)i, &type, &addr, &start, &size,
                              &tid, &fd, &suppressable, trace, MAX_FRAMES);
        put(&b, "loc\t%s\t%d\n", type ? type : "?", tid);
        put_frames(&b, trace, MAX_FRAMES);
    }
    put(&b, "end\n");

    int fd = atoi(fd_text);
    for (size_t off = 0; off < b.len;) {
        ssize_t n = write(fd, b.text + off, b.len - off);
        if (n <= 0)
            break;
        off += (size_t)n;
    }
}
