/* markup.c - escaping and trimming program output (see markup.h). */
#define _POSIX_C_SOURCE 200809L
#include "markup.h"
#include "util/util.h"

#include <string.h>

static const char REPLACEMENT[] = "\xef\xbf\xbd"; /* U+FFFD */

/* XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF];
 * surrogates never decode (rk_utf8_seq refuses them). */
static int xml_char(unsigned cp)
{
    if (cp < 0x20)
        return cp == 0x9 || cp == 0xA || cp == 0xD;
    return cp != 0xFFFE && cp != 0xFFFF;
}

void rk_xml_escape(rk_strbuf *out, const char *s, size_t n, int attr)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t len = rk_utf8_seq(p + i, n - i, &cp);
        if (len == 0 || !xml_char(cp)) {
            rk_sb_puts(out, REPLACEMENT);
            i += len ? len : 1;
            continue;
        }
        switch (cp) {
        case '&': rk_sb_puts(out, "&amp;"); break;
        case '<': rk_sb_puts(out, "&lt;"); break;
        case '>': rk_sb_puts(out, "&gt;"); break;
        case '"': rk_sb_puts(out, "&quot;"); break;
        case '\'': rk_sb_puts(out, "&#39;"); break;
        case '\t': rk_sb_puts(out, attr ? "&#9;" : "\t"); break;
        case '\n': rk_sb_puts(out, attr ? "&#10;" : "\n"); break;
        case '\r': rk_sb_puts(out, "&#13;"); break; /* a raw CR would be read as a line end */
        default: rk_sb_add(out, p + i, len);
        }
        i += len;
    }
}

void rk_md_escape(rk_strbuf *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t len = rk_utf8_seq(p + i, n - i, &cp);
        if (len == 0) {
            rk_sb_puts(out, REPLACEMENT);
            i++;
            continue;
        }
        if (cp == '\n' || cp == '\r' || cp == '\t')
            rk_sb_putc(out, ' ');
        else if (cp < 0x20 || cp == 0x7F)
            rk_sb_puts(out, REPLACEMENT);
        else if (cp == '&')
            rk_sb_puts(out, "&amp;");
        else if (cp == '<')
            rk_sb_puts(out, "&lt;");
        else if (cp == '>')
            rk_sb_puts(out, "&gt;");
        else if (cp < 0x80 && strchr("\\`*_[]|~", (int)cp))
            rk_sb_putc(out, '\\'), rk_sb_putc(out, (char)cp);
        else
            rk_sb_add(out, p + i, len);
        i += len;
    }
}

void rk_text_clean(rk_strbuf *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        size_t len = rk_utf8_seq(p + i, n - i, &cp);
        if (len == 0) {
            rk_sb_puts(out, REPLACEMENT);
            i++;
            continue;
        }
        if (cp == '\n' || cp == '\r' || cp == '\t')
            rk_sb_putc(out, ' ');
        else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
            rk_sb_puts(out, REPLACEMENT);
        else
            rk_sb_add(out, p + i, len);
        i += len;
    }
}

size_t rk_text_width(const char *s)
{
    size_t w = 0, n = strlen(s);
    for (size_t i = 0; i < n; w++) {
        unsigned cp;
        size_t len = rk_utf8_seq((const unsigned char *)s + i, n - i, &cp);
        i += len ? len : 1;
    }
    return w;
}

static int blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

/* Length of the line at `s` (up to '\n' or `end`), without the '\n'. */
static size_t line_len(const char *s, const char *end)
{
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    return nl ? (size_t)(nl - s) : (size_t)(end - s);
}

void rk_text_excerpt(rk_strbuf *out, const char *s, size_t n, int max_lines, size_t max_bytes)
{
    const char *p = s, *end = s + n;
    while (p < end && blank_line(p, line_len(p, end))) { /* leading blank lines */
        p += line_len(p, end);
        p += p < end;
    }
    while (end > p && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    int lines = 0, cut = 0;
    const char *q = p;
    while (q < end && lines < max_lines && (size_t)(q - p) < max_bytes) {
        size_t len = line_len(q, end);
        if ((size_t)(q - p) + len > max_bytes) {
            len = max_bytes - (size_t)(q - p);
            cut = 1;
        }
        if (lines++)
            rk_sb_putc(out, '\n');
        rk_sb_add(out, q, len);
        q += len;
        if (cut)
            break;
        q += q < end; /* the '\n' */
    }
    if (q >= end)
        return;
    if (cut) {
        rk_sb_printf(out, "\n[... %zu more bytes]", (size_t)(end - q));
        return;
    }
    int more = 0;
    for (const char *r = q; r < end; r += line_len(r, end) + 1)
        more++;
    rk_sb_printf(out, "\n[... %d more lines]", more);
}
