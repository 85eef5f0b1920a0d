/* assert_text.h - a failed assert() found in what a program wrote to
 * stderr: glibc prints one line before it aborts,
 *
 *   <program>: <file>:<line>: <function>: Assertion `<expression>' failed.
 *
 * (the program and function parts may be missing). An abort with that line
 * is the program's own check failing, as a RACEKIT_CHECK is: outcome
 * `invariant`, under `racekit check` and the scheduler alike. */
#ifndef RK_ASSERT_TEXT_H
#define RK_ASSERT_TEXT_H

#include "hook_records.h"

#include <stddef.h>

/* rk_assert_parse - the LAST failed-assertion line in `len` bytes of
 * `text` (the last one is the one that aborted: under the scheduler every
 * schedule writes to the same stderr). On success fills *inv (failed = 1;
 * file: the base name; line; message "assert(<expression>) failed in
 * <function>", strings owned by *inv, which must be empty: see
 * rk_invariant_free) and returns 1; else returns 0 and leaves *inv alone. */
int rk_assert_parse(const char *text, size_t len, rk_invariant *inv);

#endif
