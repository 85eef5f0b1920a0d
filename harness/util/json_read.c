/* json_read.c - a small recursive-descent JSON parser (see json_read.h).
 * Strict about the grammar (RFC 8259) so a damaged result file is named as
 * such, lenient only about invalid UTF-8, which the report writers repair. */
#define _POSIX_C_SOURCE 200809L
#include "json_read.h"
#include "strbuf.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *s;
    size_t n;
    size_t pos;
    int depth;
    rk_json_error *err;
    int failed;
} parser;

static int parse_value(parser *p, rk_json *v);

__attribute__((format(printf, 2, 3)))
static int fail(parser *p, const char *fmt, ...)
{
    if (p->failed)
        return -1;
    p->failed = 1;
    p->err->offset = p->pos;
    p->err->line = 1;
    for (size_t i = 0; i < p->pos && i < p->n; i++)
        p->err->line += p->s[i] == '\n';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
    va_end(ap);
    return -1;
}

/* What sits at the current position, for messages. */
static const char *here(const parser *p)
{
    if (p->pos >= p->n)
        return "the end of the text";
    static char buf[32];
    unsigned char c = (unsigned char)p->s[p->pos];
    if (c >= 0x20 && c < 0x7F)
        snprintf(buf, sizeof buf, "'%c'", c);
    else
        snprintf(buf, sizeof buf, "byte 0x%02x", c);
    return buf;
}

static void skip_ws(parser *p)
{
    while (p->pos < p->n && strchr(" \t\r\n", p->s[p->pos]) && p->s[p->pos] != '\0')
        p->pos++;
}

static int literal(parser *p, const char *word)
{
    size_t len = strlen(word);
    if (p->n - p->pos < len || memcmp(p->s + p->pos, word, len) != 0)
        return fail(p, "unexpected %s (a value must start with '{', '[', '\"', a digit, '-', true, false or null)", here(p));
    p->pos += len;
    return 0;
}

static void put_utf8(rk_strbuf *sb, unsigned cp)
{
    if (cp < 0x80) {
        rk_sb_putc(sb, (char)cp);
    } else if (cp < 0x800) {
        rk_sb_putc(sb, (char)(0xC0 | (cp >> 6)));
        rk_sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        rk_sb_putc(sb, (char)(0xE0 | (cp >> 12)));
        rk_sb_putc(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
        rk_sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
    } else {
        rk_sb_putc(sb, (char)(0xF0 | (cp >> 18)));
        rk_sb_putc(sb, (char)(0x80 | ((cp >> 12) & 0x3F)));
        rk_sb_putc(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
        rk_sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
    }
}

/* Four hex digits after "\u" at p->pos; -1 when they are not there. */
static long hex4(parser *p)
{
    if (p->n - p->pos < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p->s[p->pos + (size_t)i];
        int d = c >= '0' && c <= '9' ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    p->pos += 4;
    return v;
}

/* After "\u": one code point, joining a surrogate pair when one follows. */
static int unicode_escape(parser *p, rk_strbuf *sb)
{
    long cp = hex4(p);
    if (cp < 0)
        return fail(p, "\\u must be followed by four hex digits");
    if (cp >= 0xD800 && cp <= 0xDBFF && p->n - p->pos >= 6 && p->s[p->pos] == '\\' &&
        p->s[p->pos + 1] == 'u') {
        size_t save = p->pos;
        p->pos += 2;
        long lo = hex4(p);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            put_utf8(sb, (unsigned)(0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)));
            return 0;
        }
        p->pos = save; /* not a pair: the next escape is read on its own */
    }
    /* A lone surrogate has no UTF-8 form. */
    put_utf8(sb, cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : (unsigned)cp);
    return 0;
}

static int escape(parser *p, rk_strbuf *sb)
{
    if (p->pos >= p->n)
        return fail(p, "unterminated string");
    char c = p->s[p->pos++];
    const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
    const char *k = c ? strchr(from, c) : NULL;
    if (k) {
        rk_sb_putc(sb, to[k - from]);
        return 0;
    }
    if (c == 'u')
        return unicode_escape(p, sb);
    p->pos--;
    return fail(p, "unknown escape '\\%c' in a string", c >= 0x20 && c < 0x7F ? c : '?');
}

/* A string at p->pos (which holds '"'); the unescaped text goes to *sb. */
static int string_body(parser *p, rk_strbuf *sb)
{
    size_t start = p->pos++;
    for (;;) {
        if (p->pos >= p->n) {
            p->pos = start;
            return fail(p, "unterminated string");
        }
        unsigned char c = (unsigned char)p->s[p->pos];
        if (c == '"') {
            p->pos++;
            return 0;
        }
        if (c < 0x20)
            return fail(p, "raw control character 0x%02x in a string (it must be escaped)", c);
        p->pos++;
        if (c == '\\') {
            if (escape(p, sb) < 0)
                return -1;
        } else {
            rk_sb_putc(sb, (char)c);
        }
    }
}

static int parse_string(parser *p, rk_json *v)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    int rc = string_body(p, &sb);
    if (rc == 0) {
        v->type = RK_JSON_STRING;
        v->len = sb.len;
        v->str = sb.buf ? rk_sb_detach(&sb) : rk_xstrdup("");
    }
    rk_sb_free(&sb);
    return rc;
}

static int digits(parser *p)
{
    size_t start = p->pos;
    while (p->pos < p->n && p->s[p->pos] >= '0' && p->s[p->pos] <= '9')
        p->pos++;
    return p->pos > start ? 0 : fail(p, "expected a digit, found %s", here(p));
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int parse_number(parser *p, rk_json *v)
{
    size_t start = p->pos;
    if (p->s[p->pos] == '-')
        p->pos++;
    if (p->pos < p->n && p->s[p->pos] == '0') {
        p->pos++;
    } else if (digits(p) < 0) {
        return -1;
    }
    if (p->pos < p->n && p->s[p->pos] == '.') {
        p->pos++;
        if (digits(p) < 0)
            return -1;
    }
    if (p->pos < p->n && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
        p->pos++;
        if (p->pos < p->n && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
            p->pos++;
        if (digits(p) < 0)
            return -1;
    }
    char *text = rk_xstrndup(p->s + start, p->pos - start);
    v->type = RK_JSON_NUMBER;
    v->number = strtod(text, NULL); /* racekit never calls setlocale: '.' */
    free(text);
    return 0;
}

/* The element or member slot after the last one, zeroed. */
static rk_json *grow(rk_json *v, int *cap)
{
    if (v->n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        v->items = rk_xrealloc(v->items, (size_t)*cap * sizeof *v->items);
        if (v->type == RK_JSON_OBJECT)
            v->keys = rk_xrealloc(v->keys, (size_t)*cap * sizeof *v->keys);
    }
    memset(&v->items[v->n], 0, sizeof v->items[v->n]);
    return &v->items[v->n];
}

/* Shared by arrays and objects: '[' or '{', members separated by ',', the
 * closer; a trailing comma is an error. */
static int parse_container(parser *p, rk_json *v, char closer)
{
    int cap = 0;
    v->type = closer == ']' ? RK_JSON_ARRAY : RK_JSON_OBJECT;
    p->pos++;
    skip_ws(p);
    if (p->pos < p->n && p->s[p->pos] == closer) {
        p->pos++;
        return 0;
    }
    for (;;) {
        rk_json *slot = grow(v, &cap);
        skip_ws(p);
        if (v->type == RK_JSON_OBJECT) {
            rk_strbuf key = RK_STRBUF_INIT;
            if (p->pos >= p->n || p->s[p->pos] != '"')
                return fail(p, "expected a member name in quotes, found %s", here(p));
            int rc = string_body(p, &key);
            v->keys[v->n] = rk_xstrdup(rk_sb_cstr(&key));
            rk_sb_free(&key);
            v->n++; /* counted now, so rk_json_free sees the key on error */
            if (rc < 0)
                return -1;
            skip_ws(p);
            if (p->pos >= p->n || p->s[p->pos] != ':')
                return fail(p, "expected ':' after the member name, found %s", here(p));
            p->pos++;
        } else {
            v->n++;
        }
        if (parse_value(p, slot) < 0)
            return -1;
        skip_ws(p);
        if (p->pos < p->n && p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->n && p->s[p->pos] == closer) {
            p->pos++;
            return 0;
        }
        return fail(p, "expected ',' or '%c', found %s", closer, here(p));
    }
}

static int parse_value(parser *p, rk_json *v)
{
    skip_ws(p);
    if (p->pos >= p->n)
        return fail(p, "expected a value, found the end of the text");
    char c = p->s[p->pos];
    if (c == '{' || c == '[') {
        if (p->depth >= RK_JSON_MAX_DEPTH)
            return fail(p, "nested deeper than %d levels", RK_JSON_MAX_DEPTH);
        p->depth++;
        int rc = parse_container(p, v, c == '{' ? '}' : ']');
        p->depth--;
        return rc;
    }
    if (c == '"')
        return parse_string(p, v);
    if (c == '-' || (c >= '0' && c <= '9'))
        return parse_number(p, v);
    if (c == 't' || c == 'f') {
        v->type = RK_JSON_BOOL;
        v->boolean = c == 't';
        return literal(p, c == 't' ? "true" : "false");
    }
    v->type = RK_JSON_NULL;
    return literal(p, "null");
}

int rk_json_parse(const char *text, size_t len, rk_json *out, rk_json_error *err)
{
    parser p = { text, len, 0, 0, err, 0 };
    memset(out, 0, sizeof *out);
    memset(err, 0, sizeof *err);
    if (parse_value(&p, out) == 0) {
        skip_ws(&p);
        if (p.pos == p.n)
            return 0;
        fail(&p, "unexpected %s after the end of the JSON value", here(&p));
    }
    rk_json_free(out);
    return -1;
}

const rk_json *rk_json_get(const rk_json *obj, const char *key)
{
    if (obj == NULL || obj->type != RK_JSON_OBJECT)
        return NULL;
    for (int i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return &obj->items[i];
    return NULL;
}

const char *rk_json_type_name(rk_json_type t)
{
    static const char *const names[] = { "null", "boolean", "number", "string", "array", "object" };
    return t <= RK_JSON_OBJECT ? names[t] : "?";
}

void rk_json_free(rk_json *v)
{
    for (int i = 0; i < v->n; i++) {
        if (v->items)
            rk_json_free(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    memset(v, 0, sizeof *v);
}
