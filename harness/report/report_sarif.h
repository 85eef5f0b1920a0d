/* report_sarif.h - private to the SARIF writer (report_sarif.c): where a
 * result points and what names it, read from what a result file keeps
 * besides its frames - TSan's text for columns and stack labels, the
 * compiler's message, the thread stacks of a hang - and the fingerprint
 * that keeps one finding one alert across runs (report_sarif_locate.c),
 * and the location objects (report_sarif_places.c). */
#ifndef RK_REPORT_SARIF_H
#define RK_REPORT_SARIF_H

#include "results/results.h"
#include "report_formats.h"

/* One place a result points at: a frame's file (as the result file has
 * it), its line (0: no region) and column (0: none), and what happened
 * there: a label ("write by thread T1"; several joined by "; ") and the
 * function, both optional. */
typedef struct {
    const char *path;
    int line, column;
    const char *function;
    char *label;       /* owned */
} rk_sarif_place;

/* rk_sarif_put_location - a location object at `p` (its label and
 * function as its message), with "id" when id >= 0. A path below the
 * root is a relative URI with uriBaseId %SRCROOT%, others file:// URIs. */
void rk_sarif_put_location(rk_jw *w, const rk_sarif_place *p, const rk_report_opts *o, int id);

/* rk_sarif_put_report_locations - "locations" and "relatedLocations" of
 * report `index` of `r`: the result is at its first access (else its
 * first other stack); the other accesses and stacks are related, each
 * labelled with what happened there, each place once (a second label at
 * one place joins the first's, the result's own included). *primary comes
 * in as the variant's source and leaves as the result's place (path
 * borrowed from the row; label owned by the caller). */
void rk_sarif_put_report_locations(rk_jw *w, const rk_row *r, int index, const rk_report_opts *o,
                                   rk_sarif_place *primary);

/* rk_sarif_access_label - "write by thread T1", "atomic read by the main
 * thread". Caller frees. */
char *rk_sarif_access_label(const rk_access *a);

/* What TSan's text says about one report of a row, beyond its frames:
 * the column of each access's frame and of each other stack's frame (0
 * when the text does not give it), and the header of each other stack
 * made a label ("mutex M0 created", "thread T2 created by the main
 * thread"; NULL when the text and the frames do not line up). */
typedef struct {
    int *access_column;     /* n_accesses entries */
    int *location_column;   /* n_locations entries */
    char **location_label;  /* n_locations entries, owned */
    int n_accesses, n_locations;
} rk_sarif_text;

/* rk_sarif_text_read - fill *t for report `index` of `r`, from r->err.
 * The report is matched to the text block of the same kind and rank; a
 * row without TSan text leaves every column 0 and every label NULL.
 * Free with rk_sarif_text_free. */
void rk_sarif_text_read(const rk_row *r, int index, rk_sarif_text *t);
void rk_sarif_text_free(rk_sarif_text *t);

/* rk_sarif_verdict_line - where a failure without a report points in its
 * own source, or 0 when nothing says (then the result has no region): a
 * line the reason names, the compiler's first error (with its column in
 * *column), for a hang the line a thread other than main waits on, for an
 * explored schedule where a thread is blocked or its last step in the
 * program, else the first `// RACE` line (where a missed race should have
 * been seen). */
int rk_sarif_verdict_line(const rk_row *r, int *column);

/* rk_sarif_compiler_message - the compiler's first error of a build error
 * as one line from the file's base name on ("safe.c:14:15: error:
 * expected ';' after expression"), or NULL when the log has none. Caller
 * frees. */
char *rk_sarif_compiler_message(const rk_row *r);

/* rk_sarif_line_text - line `line` of the file `path` with its leading and
 * trailing white space removed and inner runs of it made one space, or
 * NULL when the file or the line cannot be read. Caller frees. */
char *rk_sarif_line_text(const char *path, int line);

/* rk_sarif_fingerprint - 16 hex digits naming a finding by what does not
 * move between runs and machines: the rule, the path below the root, the
 * function and the text of its line (either may be NULL), never a line
 * number, an address or an absolute path. `out` holds 17 bytes. */
void rk_sarif_fingerprint(const char *rule_id, const char *rel_path, const char *function,
                          const char *line_text, char out[17]);

#endif
