/* test_json_read.c - the JSON reader: every value type, unescaping, and a
 * clear error with line and byte offset for each kind of damage. */
#include "util/json_read.h"
#include "util/json_write.h"
#include "tests/rk_test.h"

#include <stdlib.h>

static int parse(const char *text, rk_json *v, rk_json_error *e)
{
    return rk_json_parse(text, strlen(text), v, e);
}

static void test_values(void)
{
    rk_json v;
    rk_json_error e;
    RK_EXPECT_INT(parse(" {\"a\": [1, -2.5e1, true, false, null], \"b\": {}, \"c\": \"x\"} ", &v, &e), 0);
    RK_EXPECT_INT(v.type, RK_JSON_OBJECT);
    RK_EXPECT_INT(v.n, 3);
    const rk_json *a = rk_json_get(&v, "a");
    RK_EXPECT(a && a->type == RK_JSON_ARRAY && a->n == 5);
    if (a && a->n == 5) {
        RK_EXPECT(a->items[0].type == RK_JSON_NUMBER && a->items[0].number == 1);
        RK_EXPECT(a->items[1].number == -25);
        RK_EXPECT(a->items[2].type == RK_JSON_BOOL && a->items[2].boolean == 1);
        RK_EXPECT(a->items[3].type == RK_JSON_BOOL && a->items[3].boolean == 0);
        RK_EXPECT_INT(a->items[4].type, RK_JSON_NULL);
    }
    RK_EXPECT_INT(rk_json_get(&v, "b")->type, RK_JSON_OBJECT);
    RK_EXPECT_STR(rk_json_get(&v, "c")->str, "x");
    RK_EXPECT(rk_json_get(&v, "missing") == NULL);
    RK_EXPECT(rk_json_get(a, "a") == NULL); /* not an object */
    rk_json_free(&v);
    RK_EXPECT_INT(v.n, 0);
}

static void test_unescape(void)
{
    rk_json v;
    rk_json_error e;
    /* \u00e9 is é, \ud83d\ude00 a surrogate pair (U+1F600), \ud800 alone has
     * no UTF-8 form and becomes U+FFFD, \u0000 is kept as a byte. */
    RK_EXPECT_INT(parse("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\ud800x\\u0000z\"", &v, &e), 0);
    const char want[] = "a\"\\/\b\f\n\r\t\xc3\xa9\xf0\x9f\x98\x80\xef\xbf\xbdx\0z";
    RK_EXPECT_INT(v.len, sizeof want - 1);
    RK_EXPECT(v.str && memcmp(v.str, want, sizeof want - 1) == 0);
    rk_json_free(&v);
    /* Invalid UTF-8 is kept for the writers to replace. */
    RK_EXPECT_INT(parse("\"\xff\xfe\"", &v, &e), 0);
    RK_EXPECT_INT(v.len, 2);
    rk_json_free(&v);
}

/* What json_write produces, json_read reads back: hostile bytes included. */
static void test_round_trip(void)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_jw w = rk_jw_start(&sb, 1);
    const char hostile[] = "ok \x01\x1b[31m\x7f \xff tab\t";
    rk_jw_object(&w);
    rk_jw_key(&w, "s");
    rk_jw_strn(&w, hostile, sizeof hostile - 1);
    rk_jw_key(&w, "d");
    rk_jw_double(&w, 0.0966656);
    rk_jw_end(&w);
    rk_json v;
    rk_json_error e;
    RK_EXPECT_INT(rk_json_parse(sb.buf, sb.len, &v, &e), 0);
    RK_EXPECT_STR(rk_json_get(&v, "s")->str, "ok \x01\x1b[31m\x7f \xef\xbf\xbd tab\t");
    RK_EXPECT(rk_json_get(&v, "d")->number == 0.0966656);
    rk_json_free(&v);
    rk_sb_free(&sb);
}

struct bad {
    const char *text;
    size_t offset;
    int line;
    const char *message;
};

static void test_errors(void)
{
    static const struct bad cases[] = {
        { "", 0, 1, "expected a value, found the end of the text" },
        { "{\"a\" 1}", 5, 1, "expected ':' after the member name, found '1'" },
        { "{\n\"a\": 1,\n}", 10, 3, "expected a member name in quotes, found '}'" },
        { "[1, 2", 5, 1, "expected ',' or ']', found the end of the text" },
        { "\"abc", 0, 1, "unterminated string" },
        { "\"a\nb\"", 2, 1, "raw control character 0x0a in a string (it must be escaped)" },
        { "\"\\x\"", 2, 1, "unknown escape '\\x' in a string" },
        { "\"\\u12g4\"", 3, 1, "\\u must be followed by four hex digits" },
        { "-", 1, 1, "expected a digit, found the end of the text" },
        { "1.", 2, 1, "expected a digit, found the end of the text" },
        { "01", 1, 1, "unexpected '1' after the end of the JSON value" },
        { "{} x", 3, 1, "unexpected 'x' after the end of the JSON value" },
        { "nul", 0, 1, "unexpected 'n' (a value must start with '{', '[', '\"', a digit, '-', true, false or null)" },
        { "\xef\xbb\xbf{}", 0, 1, "unexpected byte 0xef (a value must start with '{', '[', '\"', a digit, '-', true, false or null)" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rk_json v;
        rk_json_error e;
        RK_EXPECT_INT(parse(cases[i].text, &v, &e), -1);
        RK_EXPECT_INT(e.offset, cases[i].offset);
        RK_EXPECT_INT(e.line, cases[i].line);
        RK_EXPECT_STR(e.message, cases[i].message);
        RK_EXPECT(v.type == RK_JSON_NULL && v.items == NULL && v.str == NULL);
    }
}

/* Deep nesting is refused with a message, not a stack overflow. */
static void test_depth(void)
{
    size_t n = 100000;
    char *deep = malloc(2 * n + 1);
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    deep[2 * n] = '\0';
    rk_json v;
    rk_json_error e;
    RK_EXPECT_INT(rk_json_parse(deep, 2 * n, &v, &e), -1);
    RK_EXPECT_INT(e.offset, RK_JSON_MAX_DEPTH);
    RK_EXPECT_STR(e.message, "nested deeper than 64 levels");
    /* Exactly the limit is fine. */
    RK_EXPECT_INT(rk_json_parse(deep + n - RK_JSON_MAX_DEPTH, 2 * RK_JSON_MAX_DEPTH, &v, &e), 0);
    rk_json_free(&v);
    free(deep);
}

int main(void)
{
    RK_RUN(test_values);
    RK_RUN(test_unescape);
    RK_RUN(test_round_trip);
    RK_RUN(test_errors);
    RK_RUN(test_depth);
    return rk_test_done();
}
