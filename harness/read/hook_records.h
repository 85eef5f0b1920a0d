/* hook_records.h - read the records a variant wrote to RACEKIT_REPORT_FD:
 * TSan report blocks from run/hook/tsan_hook.c and "invariant" lines from
 * RACEKIT_CHECK in include/racekit.h. */
#ifndef RK_HOOK_RECORDS_H
#define RK_HOOK_RECORDS_H

#include "detector_report.h"

#include <stddef.h>

typedef struct {
    int failed;      /* 1 when a RACEKIT_CHECK failed */
    char *file;      /* owned: where (base name), or NULL */
    int line;
    char *message;   /* owned, or NULL */
} rk_invariant;

/* rk_hook_parse - parse `len` bytes of records into `reports` (appended) and
 * *inv (the first failed check). `variant` is the base name of the variant's
 * source ("unsafe.c"), used to pick the frame each stack points at. Unknown or
 * malformed lines are skipped: the text is written by the program under test
 * and may be cut short by a kill. Never fails. */
void rk_hook_parse(const char *text, size_t len, const char *variant,
                   rk_report_list *reports, rk_invariant *inv);

/* rk_hook_no_runtime - 1 when the records hold the hook's "no-tsan" line:
 * the program ran without the TSan runtime, so it could report nothing. */
int rk_hook_no_runtime(const char *text, size_t len);

/* rk_invariant_free - release the strings of *inv and reset it. */
void rk_invariant_free(rk_invariant *inv);

#endif
