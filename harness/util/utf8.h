/* utf8.h - decoding just enough UTF-8 to keep JSON and XML output valid. */
#ifndef RK_UTF8_H
#define RK_UTF8_H

#include <stddef.h>

/* rk_utf8_seq - length (1-4) of the valid UTF-8 sequence that starts at `s`
 * (at most `n` bytes available), storing its code point in *cp; 0 when the
 * bytes there are not valid UTF-8 (overlong, surrogate, truncated...). */
size_t rk_utf8_seq(const unsigned char *s, size_t n, unsigned *cp);

#endif
