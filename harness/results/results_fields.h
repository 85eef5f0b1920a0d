/* results_fields.h - reading one field of a result file, with one message
 * naming the file and the field when it is absent or of the wrong type or
 * value (results_row.c for check results, results_explore.c for explore
 * results). The first problem is kept; later ones are ignored. */
#ifndef RK_RESULTS_FIELDS_H
#define RK_RESULTS_FIELDS_H

#include "util/util.h"

#include <stddef.h>

/* Result files are at most a few hundred kilobytes (program output is
 * capped at 64 KiB per stream); anything far larger is not one. */
enum { RK_MAX_RESULT_BYTES = 16 << 20 };

typedef struct {
    const rk_json *doc;
    const char *file;
    char *err;          /* where the message goes: "<file>: <problem>" */
    size_t errlen;
    int failed;
} rk_fields;

/* rk_fields_open - parse one result file's text into *doc and point *f at
 * it: 0 when it is one JSON object; -1 with f->failed and err filled when
 * it is not JSON (doc empty) or not an object. Free doc either way. */
int rk_fields_open(rk_fields *f, rk_json *doc, const char *file, const char *text, size_t len, char *err,
                   size_t errlen);

/* rk_field_problem - record a problem (the first one only). */
void rk_field_problem(rk_fields *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* rk_field_member - the member `key` of `obj` when it has `type`; NULL when
 * it is absent or null (a problem unless allowed) or of another type
 * (always a problem). */
const rk_json *rk_field_member(rk_fields *f, const rk_json *obj, const char *key, rk_json_type type,
                               int required, int nullable);

/* rk_field_copy - a copy of a string value (NUL bytes kept), its length in *len. */
char *rk_field_copy(const rk_json *v, size_t *len);

/* rk_field_str - a string member: a copy, or `fallback` copied (NULL stays NULL). */
char *rk_field_str(rk_fields *f, const rk_json *obj, const char *key, int required, int nullable,
                   const char *fallback, size_t *len);

/* rk_field_int - a whole number from 0 to INT_MAX; `fallback` when absent
 * and allowed. */
int rk_field_int(rk_fields *f, const rk_json *obj, const char *key, int required, int fallback);

/* rk_field_strlist - an array of strings, appended to *out. */
void rk_field_strlist(rk_fields *f, const rk_json *obj, const char *key, rk_strlist *out);

#endif
