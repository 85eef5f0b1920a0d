/* diff.h - line diff between two texts (the unsafe and safe variants): the
 * lesson of a case is this diff. Used by lint (its size), explain (unified
 * form) and the HTML report (side by side). */
#ifndef RK_DIFF_H
#define RK_DIFF_H

#include "strbuf.h"

#include <stddef.h>

typedef enum { RK_DIFF_SAME, RK_DIFF_DEL, RK_DIFF_ADD } rk_diff_op;

typedef struct {
    rk_diff_op op;
    int a_line; /* 1-based line in the old text; 0 for an added line */
    int b_line; /* 1-based line in the new text; 0 for a deleted line */
} rk_diff_edit;

typedef struct {
    rk_diff_edit *edits; /* in order; owned */
    int n;
    int added, deleted;  /* the size of the change */
} rk_diff;

/* rk_diff_lines - the shortest line edit script from `a` to `b` (texts of
 * alen and blen bytes; a final line without '\n' counts). Texts of more than
 * 20000 lines each are refused: returns -1 and *out stays empty; else 0. */
int rk_diff_lines(const char *a, size_t alen, const char *b, size_t blen, rk_diff *out);

/* rk_diff_unified - append the diff in unified format ("--- a", "+++ b",
 * "@@ -l,n +l,n @@" hunks with `context` lines around each change). */
void rk_diff_unified(const rk_diff *d, const char *a, size_t alen, const char *b,
                     size_t blen, int context, const char *label_a,
                     const char *label_b, rk_strbuf *out);

/* rk_diff_free - release the edits; *d is reset. */
void rk_diff_free(rk_diff *d);

#endif
