/* unseen.h - calls a detector cannot see: threads, locks and signal
 * handlers a program sets up through entry points the detector's runtime
 * does not intercept (C11 <threads.h> under every TSan runtime on Debian 12,
 * glibc's __sysv_signal, a raw clone). Such a program's verdict would mean
 * nothing: TSan crashes in a thread it never saw start, or judges a handler
 * it does not know is one; DRD misses what threads thrd_create started do. The finding comes from the link, not from how the run ended: the
 * linker traces every watched symbol (-Wl,-y), saying which object of the
 * program references it and which library defines it. */
#ifndef RK_UNSEEN_H
#define RK_UNSEEN_H

#include "case/case.h"
#include "util/util.h"

enum { RK_UNSEEN_MAX = 24 };

typedef struct {
    const char *call;    /* "thrd_create" (static storage) */
    const char *instead; /* what to use: "pthread_create" (static storage) */
    const char *spelled; /* the name the source uses when a header renamed it
                          * ("signal" for __sysv_signal), else NULL */
    int line;            /* first line of the variant that calls it, 0: unknown */
} rk_unseen_call;

typedef struct {
    rk_unseen_call calls[RK_UNSEEN_MAX];
    int n;
} rk_unseen;

/* rk_unseen_trace_flags - add to `link_flags` the linker options that make
 * the link trace every watched symbol (one -Wl,-y,... option). */
void rk_unseen_trace_flags(rk_strlist *link_flags);

/* rk_unseen_scan - read the linker's trace in the compiler messages `log`,
 * remove its lines from `log` (they are not the compiler's warnings), and
 * fill *out with the watched calls that the program's own objects reference
 * and that detector `d` cannot see: for TSan, those its runtime does not
 * define (a definition from a library whose path names tsan is an
 * interceptor), and clone always (TSan's interceptor follows only clones
 * that act as fork); for Valgrind's tools, those the table in unseen.c
 * says the tool misses (DRD: thrd_create). `source` (the
 * variant's text, may be NULL) gives each call its line. Never fails. */
void rk_unseen_scan(rk_strbuf *log, const rk_detector *d, const char *source, rk_unseen *out);

/* rk_unseen_reason - one sentence saying what the detector (`runtime`, e.g.
 * "clang 14's ThreadSanitizer") cannot see in `variant_file` and what to do,
 * e.g. "unsafe.c calls thrd_create (unsafe.c:14), which clang 14's
 * ThreadSanitizer does not intercept: ... use pthread_create instead, or a
 * detector that intercepts it (docs/detectors.md)". NULL when u->n is 0.
 * Caller frees. */
char *rk_unseen_reason(const rk_unseen *u, const char *runtime, const char *variant_file);

/* rk_runtime_name - how reasons name detector `d` built with the compiler
 * whose version line is `version` (may be NULL): "clang 14's
 * ThreadSanitizer", "gcc 12's ThreadSanitizer", "Helgrind". Caller frees. */
char *rk_runtime_name(const rk_detector *d, const char *version);

#endif
