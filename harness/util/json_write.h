/* json_write.h - emit JSON text into a strbuf, commas and escapes handled.
 *
 *     rk_strbuf out = RK_STRBUF_INIT;
 *     rk_jw w = rk_jw_start(&out, 1);
 *     rk_jw_object(&w);
 *     rk_jw_key(&w, "case"); rk_jw_str(&w, "basics/counter");
 *     rk_jw_end(&w);
 */
#ifndef RK_JSON_WRITE_H
#define RK_JSON_WRITE_H

#include "strbuf.h"

#include <stddef.h>

enum { RK_JW_MAX_DEPTH = 32 };

typedef struct {
    rk_strbuf *out;
    int pretty;                        /* indent with two spaces per level */
    int depth;
    int count[RK_JW_MAX_DEPTH];        /* values written at each level */
    char closer[RK_JW_MAX_DEPTH];      /* '}' or ']' */
    int after_key;
} rk_jw;

/* rk_jw_start - a writer appending to `out` (not owned). */
rk_jw rk_jw_start(rk_strbuf *out, int pretty);
/* rk_jw_object, rk_jw_array - open a container; rk_jw_end closes the last. */
void rk_jw_object(rk_jw *w);
void rk_jw_array(rk_jw *w);
void rk_jw_end(rk_jw *w);
/* rk_jw_key - the key of the next member (inside an object). */
void rk_jw_key(rk_jw *w, const char *key);
/* Values. rk_jw_strn escapes any bytes: control characters become \u00XX,
 * bytes that are not valid UTF-8 become U+FFFD, so the output always parses. */
void rk_jw_str(rk_jw *w, const char *s);          /* NULL writes null */
void rk_jw_strn(rk_jw *w, const char *s, size_t n);
void rk_jw_int(rk_jw *w, long long v);
void rk_jw_double(rk_jw *w, double v);            /* non-finite writes null */
void rk_jw_bool(rk_jw *w, int v);
void rk_jw_null(rk_jw *w);

/* rk_json_escape - append `s` (n bytes) to `out` as a quoted JSON string. */
void rk_json_escape(rk_strbuf *out, const char *s, size_t n);

#endif
