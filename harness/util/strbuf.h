/* strbuf.h - a growable byte buffer, always NUL-terminated. */
#ifndef RK_STRBUF_H
#define RK_STRBUF_H

#include <stddef.h>

typedef struct {
    char *buf;  /* owned; NUL-terminated; may hold NUL bytes before len */
    size_t len;
    size_t cap;
} rk_strbuf;

#define RK_STRBUF_INIT { NULL, 0, 0 }

/* rk_sb_add - append `n` bytes from `p`. */
void rk_sb_add(rk_strbuf *sb, const void *p, size_t n);
/* rk_sb_puts - append a C string. */
void rk_sb_puts(rk_strbuf *sb, const char *s);
/* rk_sb_putc - append one byte. */
void rk_sb_putc(rk_strbuf *sb, char c);
/* rk_sb_printf - append printf-formatted text. */
void rk_sb_printf(rk_strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* rk_sb_cstr - the text so far ("" for an empty buffer); owned by `sb`. */
const char *rk_sb_cstr(const rk_strbuf *sb);
/* rk_sb_detach - hand the text to the caller (who frees it); `sb` is reset. */
char *rk_sb_detach(rk_strbuf *sb);
/* rk_sb_reset - empty the buffer, keep its memory. */
void rk_sb_reset(rk_strbuf *sb);
/* rk_sb_free - release the memory; `sb` is reset. */
void rk_sb_free(rk_strbuf *sb);

#endif
