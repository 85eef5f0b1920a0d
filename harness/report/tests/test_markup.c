/* test_markup.c - program output made safe for XML, HTML, Markdown and a
 * terminal, and trimmed with a note of what was cut. */
#include "report/markup.h"
#include "tests/rk_test.h"

#include <stdlib.h>

static char *xml(const char *s, size_t n, int attr)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_xml_escape(&sb, s, n, attr);
    return rk_sb_detach(&sb);
}

static void test_xml(void)
{
    /* NUL, BEL, ESC, an invalid byte, U+FFFE: replaced; tab and newline kept. */
    const char in[] = "a<b>&\"'\0\a\033[1m\xff\xef\xbf\xbe\t\n\r\xc3\xa9";
    char *got = xml(in, sizeof in - 1, 0);
    RK_EXPECT_STR(got, "a&lt;b&gt;&amp;&quot;&#39;\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd[1m\xef\xbf\xbd"
                       "\xef\xbf\xbd\t\n&#13;\xc3\xa9");
    free(got);
    got = xml("a\tb\nc", 5, 1);
    RK_EXPECT_STR(got, "a&#9;b&#10;c");
    free(got);
    /* A truncated sequence at the end is one replacement per byte. */
    got = xml("x\xe2\x82", 3, 0);
    RK_EXPECT_STR(got, "x\xef\xbf\xbd\xef\xbf\xbd");
    free(got);
}

static void test_markdown(void)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    const char in[] = "a|b `c` *d* _e_ [f](g) <h> & ~i~ \\ line\nnext\x01\xff";
    rk_md_escape(&sb, in, sizeof in - 1);
    RK_EXPECT_STR(rk_sb_cstr(&sb), "a\\|b \\`c\\` \\*d\\* \\_e\\_ \\[f\\](g) &lt;h&gt; &amp; \\~i\\~ \\\\ line next"
                                   "\xef\xbf\xbd\xef\xbf\xbd");
    rk_sb_free(&sb);
}

static void test_terminal(void)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    const char in[] = "red \033[31mX\033[0m\ttab\nline \xc2\x9b c1 \xff";
    rk_text_clean(&sb, in, sizeof in - 1);
    RK_EXPECT_STR(rk_sb_cstr(&sb), "red \xef\xbf\xbd[31mX\xef\xbf\xbd[0m tab line \xef\xbf\xbd c1 \xef\xbf\xbd");
    RK_EXPECT_INT(rk_text_width(rk_sb_cstr(&sb)), 30);
    RK_EXPECT_INT(rk_text_width("\xc3\xa9t\xc3\xa9"), 3);
    rk_sb_free(&sb);
}

static char *excerpt(const char *s, int lines, size_t bytes)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_text_excerpt(&sb, s, strlen(s), lines, bytes);
    return sb.len ? rk_sb_detach(&sb) : (rk_sb_free(&sb), calloc(1, 1));
}

static void test_excerpt(void)
{
    char *got = excerpt("\n  \none\ntwo\nthree\n\n\n", 10, 1000);
    RK_EXPECT_STR(got, "one\ntwo\nthree");
    free(got);
    got = excerpt("1\n2\n3\n4\n5\n", 2, 1000);
    RK_EXPECT_STR(got, "1\n2\n[... 3 more lines]");
    free(got);
    got = excerpt("abcdefghij\nk\n", 10, 4);
    RK_EXPECT_STR(got, "abcd\n[... 8 more bytes]");
    free(got);
    got = excerpt("\n\n", 10, 100);
    RK_EXPECT_STR(got, "");
    free(got);
}

int main(void)
{
    RK_RUN(test_xml);
    RK_RUN(test_markdown);
    RK_RUN(test_terminal);
    RK_RUN(test_excerpt);
    return rk_test_done();
}
