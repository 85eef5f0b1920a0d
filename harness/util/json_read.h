/* json_read.h - parse JSON text into a tree, for reading result files back
 * (the writer is json_write.h).
 *
 *     rk_json doc;
 *     rk_json_error e;
 *     if (rk_json_parse(text, len, &doc, &e) < 0)
 *         rk_error("%s:%d: %s (byte %zu)", path, e.line, e.message, e.offset);
 *     const rk_json *v = rk_json_get(&doc, "outcome");
 *     if (v && v->type == RK_JSON_STRING)
 *         puts(v->str);
 *     rk_json_free(&doc);
 */
#ifndef RK_JSON_READ_H
#define RK_JSON_READ_H

#include <stddef.h>

/* Nesting deeper than this is refused, so hostile input cannot exhaust the
 * stack; result files are 5 levels deep. */
enum { RK_JSON_MAX_DEPTH = 64 };

typedef enum {
    RK_JSON_NULL,
    RK_JSON_BOOL,
    RK_JSON_NUMBER,
    RK_JSON_STRING,
    RK_JSON_ARRAY,
    RK_JSON_OBJECT,
} rk_json_type;

typedef struct rk_json {
    rk_json_type type;
    int boolean;           /* BOOL: 0 or 1 */
    double number;         /* NUMBER */
    char *str;             /* STRING: owned, unescaped, NUL-terminated; may
                            * hold NUL bytes (from \u0000) before `len` */
    size_t len;
    struct rk_json *items; /* ARRAY: the elements; OBJECT: the member values */
    char **keys;           /* OBJECT: the member names, unescaped (owned) */
    int n;                 /* number of elements or members */
} rk_json;

typedef struct {
    size_t offset;         /* 0-based byte offset of the problem */
    int line;              /* 1-based line of that byte */
    char message[160];     /* e.g. "expected ':' after the member name" */
} rk_json_error;

/* rk_json_parse - parse the single JSON value in `text` (`len` bytes; it
 * need not be NUL-terminated), surrounded by optional white space. Escapes
 * are decoded to UTF-8, surrogate pairs joined; a lone surrogate becomes
 * U+FFFD. Bytes that are not valid UTF-8 are kept as they are (the writers
 * of every report format replace them), but raw control characters inside
 * strings, bad escapes, bad numbers, nesting beyond RK_JSON_MAX_DEPTH and
 * anything after the value are errors. Returns 0 and fills *out (free it
 * with rk_json_free), or -1 with *err filled and *out left empty (NULL). */
int rk_json_parse(const char *text, size_t len, rk_json *out, rk_json_error *err);

/* rk_json_get - the value of the first member named `key` of `obj`; NULL
 * when there is none or `obj` is NULL or not an object. Borrowed from obj. */
const rk_json *rk_json_get(const rk_json *obj, const char *key);

/* rk_json_type_name - "null", "boolean", "number", "string", "array" or
 * "object", for messages. */
const char *rk_json_type_name(rk_json_type t);

/* rk_json_free - release everything `v` owns; *v becomes null. */
void rk_json_free(rk_json *v);

#endif
