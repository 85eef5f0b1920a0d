/* test_markers.c - `// RACE` markers and line_match; JSON escaping of
 * hostile bytes. */
#include "util/util.h"
#include "judge/markers.h"
#include "tests/rk_test.h"

#include <stdlib.h>

static void test_scan(void)
{
    const char src[] = "int x;\n"
                       "x++; // RACE\n"
                       "y++; //RACE: both sides\n"
                       "z++; // RACEWAY is not a marker\n"
                       "w++; /* // RACE */\n";
    rk_markers m;
    rk_markers_scan(src, sizeof src - 1, &m);
    RK_EXPECT_INT(m.n, 3);
    RK_EXPECT(rk_markers_has(&m, 2) && rk_markers_has(&m, 3) && rk_markers_has(&m, 5));
    RK_EXPECT(!rk_markers_has(&m, 4));
    rk_markers_free(&m);
}

static void test_line_match(void)
{
    const char src[] = "a\nb // RACE\nc\nd // RACE\n";
    rk_markers m;
    rk_markers_scan(src, sizeof src - 1, &m);
    rk_report_list l = RK_REPORT_LIST_INIT;
    RK_EXPECT_INT(rk_line_match(&l, &m, "unsafe.c"), -1);
    rk_report *leak = rk_report_new(&l, "thread-leak");
    rk_report_add_location(leak, "main", "/x/unsafe.c", 1);
    RK_EXPECT_INT(rk_line_match(&l, &m, "unsafe.c"), -1);
    rk_report *r = rk_report_new(&l, "data-race");
    rk_report_add_access(r, 1, 1, 0, "f", "/x/unsafe.c", 2);
    rk_report_add_access(r, 2, 0, 0, "g", "/x/unsafe.c", 4);
    RK_EXPECT_INT(rk_line_match(&l, &m, "unsafe.c"), 1);
    rk_report_add_access(r, 2, 0, 0, "g", "/x/unsafe.c", 3);
    RK_EXPECT_INT(rk_line_match(&l, &m, "unsafe.c"), 0);
    rk_report_list_free(&l);
    rk_markers_free(&m);
}

static void test_json_escape(void)
{
    const char raw[] = "a\"b\\c\n\x01\xff\xc3\xa9\0z";
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_json_escape(&sb, raw, sizeof raw - 1);
    RK_EXPECT_STR(rk_sb_cstr(&sb), "\"a\\\"b\\\\c\\n\\u0001\\ufffd\xc3\xa9\\u0000z\"");
    rk_sb_free(&sb);
    rk_jw w = rk_jw_start(&sb, 0);
    rk_jw_object(&w);
    rk_jw_key(&w, "k");
    rk_jw_array(&w);
    rk_jw_int(&w, 1);
    rk_jw_bool(&w, 0);
    rk_jw_null(&w);
    rk_jw_end(&w);
    rk_jw_key(&w, "d");
    rk_jw_double(&w, 0.5);
    rk_jw_end(&w);
    RK_EXPECT_STR(rk_sb_cstr(&sb), "{\"k\":[1,false,null],\"d\":0.5}");
    rk_sb_free(&sb);
}

int main(void)
{
    RK_RUN(test_scan);
    RK_RUN(test_line_match);
    RK_RUN(test_json_escape);
    return rk_test_done();
}
