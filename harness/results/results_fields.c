/* results_fields.c - one field of a result file (see results_fields.h). */
#define _POSIX_C_SOURCE 200809L
#include "results_fields.h"
#include "util/util.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rk_field_problem(rk_fields *f, const char *fmt, ...)
{
    if (f->failed)
        return;
    f->failed = 1;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(f->err, f->errlen, "%s: %s", f->file, msg);
}

/* The member `key` of `obj` when it has `type`; NULL when it is absent or
 * null (a problem unless allowed) or of another type (always a problem). */
const rk_json *rk_field_member(rk_fields *f, const rk_json *obj, const char *key, rk_json_type type,
                             int required, int nullable)
{
    const rk_json *v = rk_json_get(obj, key);
    if (v == NULL) {
        if (required)
            rk_field_problem(f, "missing required field '%s'", key);
        return NULL;
    }
    if (v->type == RK_JSON_NULL) {
        if (!nullable)
            rk_field_problem(f, "field '%s' must be %s %s, not null", key,
                    type == RK_JSON_ARRAY || type == RK_JSON_OBJECT ? "an" : "a", rk_json_type_name(type));
        return NULL;
    }
    if (v->type != type) {
        rk_field_problem(f, "field '%s' must be %s %s, not %s %s", key,
                type == RK_JSON_ARRAY || type == RK_JSON_OBJECT ? "an" : "a", rk_json_type_name(type),
                v->type == RK_JSON_ARRAY || v->type == RK_JSON_OBJECT ? "an" : "a", rk_json_type_name(v->type));
        return NULL;
    }
    return v;
}

char *rk_field_copy(const rk_json *v, size_t *len)
{
    char *s = rk_xmalloc(v->len + 1);
    memcpy(s, v->str, v->len + 1);
    if (len)
        *len = v->len;
    return s;
}

/* A string member: a copy, or `fallback` copied (NULL stays NULL). */
char *rk_field_str(rk_fields *f, const rk_json *obj, const char *key, int required,
                        int nullable, const char *fallback, size_t *len)
{
    const rk_json *v = rk_field_member(f, obj, key, RK_JSON_STRING, required, nullable);
    if (v)
        return rk_field_copy(v, len);
    if (len)
        *len = fallback ? strlen(fallback) : 0;
    return fallback ? rk_xstrdup(fallback) : NULL;
}

/* A whole number from 0 to INT_MAX; `fallback` when absent and allowed. */
int rk_field_int(rk_fields *f, const rk_json *obj, const char *key, int required, int fallback)
{
    const rk_json *v = rk_field_member(f, obj, key, RK_JSON_NUMBER, required, 0);
    if (v == NULL)
        return fallback;
    if (!(v->number >= 0 && v->number <= INT_MAX) || v->number != floor(v->number)) {
        rk_field_problem(f, "field '%s' must be a whole number from 0, not %g", key, v->number);
        return fallback;
    }
    return (int)v->number;
}

void rk_field_strlist(rk_fields *f, const rk_json *obj, const char *key, rk_strlist *out)
{
    const rk_json *v = rk_field_member(f, obj, key, RK_JSON_ARRAY, 1, 0);
    for (int i = 0; v && i < v->n; i++) {
        if (v->items[i].type != RK_JSON_STRING) {
            rk_field_problem(f, "field '%s' must hold strings, item %d is %s", key, i + 1,
                    rk_json_type_name(v->items[i].type));
            return;
        }
        rk_sl_add(out, v->items[i].str);
    }
}

int rk_fields_open(rk_fields *f, rk_json *doc, const char *file, const char *text, size_t len, char *err,
                   size_t errlen)
{
    rk_json_error je;
    *f = (rk_fields){ doc, file, err, errlen, 0 };
    if (rk_json_parse(text, len, doc, &je) < 0) {
        snprintf(err, errlen, "%s:%d: not valid JSON: %s (byte %zu)", file, je.line, je.message, je.offset);
        f->failed = 1;
        return -1;
    }
    if (doc->type != RK_JSON_OBJECT)
        rk_field_problem(f, "a result file holds one JSON object, not %s", rk_json_type_name(doc->type));
    return f->failed ? -1 : 0;
}
