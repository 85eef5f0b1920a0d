/* detector_report.h - one detector report, however it was read (hook or text). */
#ifndef RK_DETECTOR_REPORT_H
#define RK_DETECTOR_REPORT_H

#include "util/util.h"

#include <stddef.h>

typedef struct {
    char *function; /* owned; "??" when unknown */
    char *file;     /* owned; as the runtime printed it (often absolute) */
    int line;       /* 0 when unknown */
} rk_frame;

/* A memory access of a race report ("Write of size 8 ... by thread T2"). */
typedef struct {
    int thread;   /* TSan thread id: 0 is the main thread */
    int write;    /* 1 write, 0 read */
    int atomic;
    rk_frame frame; /* where the access happened: see rk_pick_frame */
} rk_access;

/* One edge of the cycle of a lock-order-inversion report: `thread` (-1:
 * unknown) locked mutex M<acquired> while it held M<held> (TSan's numbers).
 * Edge i's frames are the report's locations 2i (where it locked
 * M<acquired>) and 2i+1 (where it had locked M<held>), as TSan lists its
 * stacks with second_deadlock_stack=1. */
typedef struct {
    int thread;
    int held, acquired;
} rk_lock_edge;

typedef struct {
    char *kind;            /* report API name, e.g. "data-race" */
    rk_access *accesses;   /* memory accesses (races, use-after-free) */
    int n_accesses;
    rk_frame *locations;   /* one frame per other stack (threads, mutexes, calls) */
    int n_locations;
    rk_lock_edge *edges;   /* lock-order-inversion: the cycle, in order (owned) */
    int n_edges;
} rk_report;

typedef struct {
    rk_report *items;
    int n;
    int cap;
} rk_report_list;

#define RK_REPORT_LIST_INIT { NULL, 0, 0 }

/* rk_pick_frame - index of the frame that best says where a stack points:
 * the first whose file's base name is `variant` (e.g. "unsafe.c"), else the
 * first that is not in the sanitizer runtime or an interceptor, else 0.
 * `files` and `functions` hold `n` entries (n >= 1). */
int rk_pick_frame(char *const *functions, char *const *files, int n, const char *variant);

/* rk_report_new - append an empty report of `kind` and return it. */
rk_report *rk_report_new(rk_report_list *list, const char *kind);
/* rk_report_add_access, rk_report_add_location - append to `r`; the frame's
 * strings are copied. */
void rk_report_add_access(rk_report *r, int thread, int write, int atomic,
                          const char *function, const char *file, int line);
void rk_report_add_location(rk_report *r, const char *function, const char *file, int line);

/* rk_report_kinds - add each distinct kind of `list` to `kinds`, in order. */
void rk_report_kinds(const rk_report_list *list, rk_strlist *kinds);

/* rk_reports_enrich - when `text` (parsed from the text report) holds the
 * same reports as `hook` (same count, same kind in the same order, same
 * number of accesses each), replace the frames of `hook` with those of
 * `text`: the text has every inlined frame, the hook only the innermost.
 * Returns 1 when it did, 0 when the two disagree (hook left as is). */
int rk_reports_enrich(rk_report_list *hook, rk_report_list *text);

/* rk_lock_cycles_attach - give each lock-order-inversion report of `list`
 * the edges of its cycle, read from the text report `text` (len bytes):
 * the n-th such block of the text ("Mutex M1 acquired here while holding
 * mutex M0 in thread T1:") belongs to the n-th such report of the list,
 * whether the list came from the hook or the text. Reports without a block
 * keep no edges. */
void rk_lock_cycles_attach(rk_report_list *list, const char *text, size_t len);

/* rk_report_list_free - free every report; `list` is reset. */
void rk_report_list_free(rk_report_list *list);

/* rk_report_list_drop - remove (and free) every report of `kind` from
 * `list`, keeping the others in order; returns how many went. */
int rk_report_list_drop(rk_report_list *list, const char *kind);

#endif
