/* valgrind_text.h - parse what Helgrind and DRD print into racekit's report
 * kinds where they map (data race, lock order, misuse of the pthread API);
 * other errors become kind "other" (their text stays in the result's
 * stderr, verbatim). */
#ifndef RK_VALGRIND_TEXT_H
#define RK_VALGRIND_TEXT_H

#include "detector_report.h"

#include <stddef.h>

/* rk_valgrind_kind - the report kind for one error line of Helgrind or DRD
 * (without the "==PID== " prefix), "other" for an error racekit does not
 * map, or NULL when the line does not start an error. */
const char *rk_valgrind_kind(const char *line);

/* rk_valgrind_text_parse - append one report per error in `text` (len
 * bytes of Valgrind's output, program output may be mixed in) to `reports`.
 * Accesses and frames are chosen as in rk_pick_frame with `variant`. Never
 * fails. */
void rk_valgrind_text_parse(const char *text, size_t len, const char *variant,
                            rk_report_list *reports);

/* rk_valgrind_tool_error - a new string with Valgrind's own failure (e.g.
 * "valgrind: failed to start tool"), or NULL. Caller frees. */
char *rk_valgrind_tool_error(const char *text, size_t len);

#endif
