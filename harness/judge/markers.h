/* markers.h - the `// RACE` comments that mark both sides of a race in an
 * unsafe variant (DESIGN: case folder), and whether reports hit them. */
#ifndef RK_MARKERS_H
#define RK_MARKERS_H

#include "read/read.h"

#include <stddef.h>

typedef struct {
    int *lines; /* 1-based line numbers, ascending */
    int n;
} rk_markers;

/* rk_markers_scan - find every line of `text` holding a `// RACE` comment
 * ("//", optional blanks, "RACE", then the end of the line or a non-letter).
 * Free with rk_markers_free. */
void rk_markers_scan(const char *text, size_t len, rk_markers *m);

/* rk_markers_has - 1 when `line` is marked. */
int rk_markers_has(const rk_markers *m, int line);

/* rk_line_match - for the race reports (data-race, heap-use-after-free) in
 * `reports`: 1 when every access sits in `variant` (base name) on a marked
 * line, 0 when one does not, -1 (not applicable) when there is no race
 * report. */
int rk_line_match(const rk_report_list *reports, const rk_markers *m, const char *variant);

void rk_markers_free(rk_markers *m);

#endif
