/* tsan_hook.c - linked into every TSan variant; hands each report to the
 * harness as structured records.
 *
 * The TSan runtime calls __tsan_on_report() once per report it prints (its
 * default is a weak no-op). We read the report through the runtime's debugging
 * API (__tsan_get_report_*, exported by clang's and gcc's runtimes alike) and
 * send one block of tab-separated lines to the records channel, the socket
 * at the descriptor named by RACEKIT_REPORT_FD (harness/run/records_channel.h).
 * Without that variable the hook does nothing, so a variant runs the same by
 * hand. The block format is read by harness/read/hook_records.c:
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
 *
 * The channel is made so that the program cannot forge or hide a record
 * unnoticed: before main, the hook takes RACEKIT_REPORT_KEY and the
 * descriptor's variable out of the environment (and their bytes out of
 * /proc/self/environ) and keeps the key only masked (no text of it in
 * memory between writes); it ends every line it writes with a tab and the
 * key. It writes "hello <pid>" and the options the runtime was given first,
 * numbers each report block ("report <kind> <pid> <seq>"), and "bye <pid>
 * <reports>" when the runtime finishes (__tsan_on_finalize: exported from
 * the executable, see tsan_build.c). Before each write it checks that the
 * descriptor is still the channel; when the program closed or replaced it,
 * or a write fails or comes up short, the hook says so on stderr and ends
 * the process with status 87 (a forked child ends the first process too):
 * the harness calls that tampering. A program image that finds the channel
 * open but no key (a process that executed a program again: the key went
 * with the image that had it) says "exec <pid>", unkeyed, and nothing more.
 *
 * Nothing here is exported for the program to call except
 * racekit_hook_check_failed(), through which racekit.h hands a failed
 * RACEKIT_CHECK: it takes the check's file, line and message and writes an
 * invariant record of them, nothing else. Just before the bye comes "work
 * <writes> <outputs>": what threads other than main did, counted only in
 * builds linked with the probe's wrappers (work_probe.h; 0 0 otherwise).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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
WEAK int __sanitizer_get_module_and_offset_for_pc(void *pc, char *module_name,
                                                 size_t module_name_len, void **pc_offset);
WEAK const char *__tsan_default_options(void);
WEAK const char *__tsan_default_suppressions(void);
void __tsan_on_report(void *report);
int __tsan_on_finalize(int failed);
/* Not exported from the executable (hidden): only the program's own
 * objects, racekit.h's RACEKIT_CHECK among them, can reach it. */
__attribute__((visibility("hidden"))) void racekit_hook_check_failed(const char *file, int line,
                                                                    const char *message);

enum { MAX_FRAMES = 8, MAX_ITEMS = 16, BLOCK_SIZE = 32768 };

#include "hook_channel.h"

/* Before the program's own constructors: take the channel, say hello and
 * what the runtime was told. */
__attribute__((constructor(101))) static void racekit_channel_open(void)
{
    const char *fd_text = getenv("RACEKIT_REPORT_FD"), *key = getenv("RACEKIT_REPORT_KEY");
    if (key == NULL) {
        say_exec();
        return;
    }
    if (fd_text == NULL || !take_key(key)) {
        scrub_env("RACEKIT_REPORT_KEY");
        return;
    }
    int fd = atoi(fd_text), type = 0;
    socklen_t tlen = sizeof type;
    struct stat st;
    scrub_env("RACEKIT_REPORT_KEY");
    scrub_env("RACEKIT_REPORT_FD");
    if (fstat(fd, &st) != 0)
        return;
    channel.fd = fd;
    channel.socket = getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tlen) == 0;
    channel.dev = st.st_dev;
    channel.ino = st.st_ino;
    channel.first = channel.pid = getpid();
    channel_line("hello\t%ld", (long)channel.pid);
    char opts[2048], defaults[1024], supp[1024];
    const char *d = __tsan_default_options ? __tsan_default_options() : "";
    const char *sp = __tsan_default_suppressions ? __tsan_default_suppressions() : "";
    channel_line("options\t%s\t%s\t%s", field(opts, sizeof opts, getenv("TSAN_OPTIONS")),
                 field(defaults, sizeof defaults, d), field(supp, sizeof supp, sp));
    if (__tsan_get_report_data == NULL)
        channel_line("no-tsan");
}

#include "work_probe.h"

/* The runtime has finished its end-of-run checks (thread leaks...): say
 * what the threads did (work_probe.h) and how many reports were written. */
int __tsan_on_finalize(int failed)
{
    if (channel.fd >= 0 && !(channel.ended && getpid() == channel.pid)) {
        char work[64];
        work_line(work, sizeof work);
        channel_line("%s", work);
        if (getpid() != channel.pid) { /* a forked child that reported nothing */
            channel.pid = getpid();
            channel.reports = 0;
        }
        channel_line("bye\t%ld\t%ld", (long)channel.pid, channel.reports);
        channel.ended = 1;
    }
    return failed;
}

/* A failed RACEKIT_CHECK (racekit.h): one invariant record of the check's
 * file (its base name), line and message, each one field. */
void racekit_hook_check_failed(const char *file, int line, const char *message)
{
    char f[256], m[512];
    const char *base = file ? strrchr(file, '/') : NULL;
    base = base ? base + 1 : file;
    channel_line("invariant\t%s\t%d\t%s", field(f, sizeof f, base), line, field(m, sizeof m, message));
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
 * after another, each ended by a NUL, and an empty string after the last.
 * When the runtime does not symbolize (the harness runs clang's TSan with
 * symbolize=0 and resolves frames itself: harness/read/symbolize.c), the frame
 * is an "m" line, module path and offset, for the harness to resolve. */
static void put_frames(struct block *b, void **trace, int n)
{
    for (int i = 0; i < n && trace[i] != NULL; i++) {
        char *pc = (char *)trace[i] - 1, sym[1024], module[512];
        void *offset = NULL;
        memset(sym, 0, sizeof sym);
        __sanitizer_symbolize_pc(pc, "%f\t%s\t%l", sym, sizeof sym - 1);
        if ((sym[0] == '\0' || strncmp(sym, "<null>\t<null>\t", 14) == 0) &&
            __sanitizer_get_module_and_offset_for_pc &&
            __sanitizer_get_module_and_offset_for_pc(pc, module, sizeof module, &offset) &&
            strchr(module, '\n') == NULL && strchr(module, '\t') == NULL) {
            put(b, "m\t%s\t%lx\n", module, (unsigned long)(uintptr_t)offset);
            continue;
        }
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
    if (channel.fd < 0)
        return;

    static struct block b; /* reports are serialised by the runtime */
    const char *kind = "unknown";
    int count = 0, nstack = 0, nmop = 0, nloc = 0, nmutex = 0, nthread = 0, nuniq = 0;
    void *sleep_trace[MAX_FRAMES] = {0};
    b.len = 0;
    __tsan_get_report_data(report, &kind, &count, &nstack, &nmop, &nloc, &nmutex,
                           &nthread, &nuniq, sleep_trace, MAX_FRAMES);
    if (getpid() != channel.pid) { /* a forked child numbers its own */
        channel.pid = getpid();
        channel.reports = 0;
    }
    put(&b, "report\t%s\t%ld\t%ld\n", kind, (long)channel.pid, ++channel.reports);

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

    channel_write(b.text, b.len);
}
