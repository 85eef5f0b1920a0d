/* tsan_text.h - parse the text reports TSan prints on stderr (clang's and
 * gcc's runtimes: with or without column numbers, either access order). */
#ifndef RK_TSAN_TEXT_H
#define RK_TSAN_TEXT_H

#include "detector_report.h"

#include <stddef.h>

/* rk_tsan_kind_from_title - the report API kind for a WARNING title such as
 * "data race" or "lock-order-inversion (potential deadlock)"; NULL when the
 * title is not one racekit knows. */
const char *rk_tsan_kind_from_title(const char *title);

/* rk_tsan_text_parse - append one report per "WARNING: ThreadSanitizer: ..."
 * block of `text` (len bytes) to `reports`. Frames are chosen as in
 * rk_pick_frame with `variant` ("unsafe.c"). A title racekit does not know
 * becomes a report of kind "unknown". Never fails. */
void rk_tsan_text_parse(const char *text, size_t len, const char *variant,
                        rk_report_list *reports);

/* rk_tsan_tool_error - when `text` shows the runtime itself failing
 * ("FATAL: ThreadSanitizer", "CHECK failed", "nested bug"), return a new
 * string with the first lines of that message (caller frees); else NULL. */
char *rk_tsan_tool_error(const char *text, size_t len);

/* rk_tsan_is_mapping_error - 1 when the failure is "unexpected memory
 * mapping" (kernel ASLR entropy too high for the runtime). */
int rk_tsan_is_mapping_error(const char *text, size_t len);

#endif
