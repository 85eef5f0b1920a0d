/* markup.h - program output made safe and short for the report formats:
 * whatever bytes a program printed (control characters, invalid UTF-8, NUL),
 * XML, HTML and Markdown output stays well-formed and readable. */
#ifndef RK_MARKUP_H
#define RK_MARKUP_H

#include "util/util.h"

#include <stddef.h>

/* rk_xml_escape - append `n` bytes of `s` as XML 1.0 character data, valid
 * in HTML too: & < > " ' become entities; bytes that are not valid UTF-8
 * and characters XML 1.0 forbids (controls other than tab, newline and
 * carriage return, U+FFFE, U+FFFF) become U+FFFD. With `attr` set, tab,
 * newline and carriage return become character references so attribute
 * values keep them. */
void rk_xml_escape(rk_strbuf *out, const char *s, size_t n, int attr);

/* rk_md_escape - append `n` bytes of `s` as the text of one Markdown table
 * cell: line breaks and tabs become spaces, Markdown and HTML punctuation
 * (\ ` * _ [ ] < > | ~ &) is escaped so nothing renders as markup, and
 * control characters and invalid UTF-8 become U+FFFD. */
void rk_md_escape(rk_strbuf *out, const char *s, size_t n);

/* rk_text_clean - append `n` bytes of `s` as one line of plain text for a
 * terminal or a text file: line breaks and tabs become spaces, control
 * characters (escape sequences too) and invalid UTF-8 become U+FFFD. */
void rk_text_clean(rk_strbuf *out, const char *s, size_t n);

/* rk_text_width - the number of characters (code points; an invalid byte
 * counts as one) in `s`, for aligning columns. */
size_t rk_text_width(const char *s);

/* rk_text_excerpt - append the start of `n` bytes of `s`, trimmed: no
 * blank lines at either end, at most `max_lines` lines and `max_bytes`
 * bytes, then a line "[... N more lines]" or "[... N more bytes]" saying
 * what was cut. The bytes are copied as they are (escape them after). */
void rk_text_excerpt(rk_strbuf *out, const char *s, size_t n, int max_lines, size_t max_bytes);

#endif
