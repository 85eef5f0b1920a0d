/* work_probe.c - link options and record of the work probe (see work_probe.h). */
#include "work_probe.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

/* Every symbol hook/work_probe.h wraps. */
static const char *const WRAPPED[] = {
    "__tsan_write1", "__tsan_write2", "__tsan_write4", "__tsan_write8", "__tsan_write16",
    "__tsan_unaligned_write2", "__tsan_unaligned_write4", "__tsan_unaligned_write8",
    "__tsan_unaligned_write16", "__tsan_write_range", "__tsan_memcpy", "__tsan_memmove", "__tsan_memset",
    "strcpy", "strcat", "strncpy", "strncat", "sprintf", "snprintf", "vsprintf", "vsnprintf",
    "printf", "fprintf", "dprintf", "vprintf", "vfprintf", "vdprintf",
    "puts", "fputs", "putchar", "putc", "fputc", "fwrite", "write",
    "pthread_kill", "kill", "raise", "sigqueue", "sem_post", "pthread_cond_signal", "pthread_cond_broadcast", NULL,
};

static const char *const ATOMIC_OPS[] = {
    "store", "exchange", "fetch_add", "fetch_sub", "fetch_and", "fetch_or", "fetch_xor", "fetch_nand",
    "compare_exchange_strong", "compare_exchange_weak", "compare_exchange_val", NULL,
};

void rk_work_probe_flags(rk_strlist *link_flags)
{
    rk_strbuf opt = RK_STRBUF_INIT;
    rk_sb_puts(&opt, "-Wl");
    for (const char *const *w = WRAPPED; *w; w++)
        rk_sb_printf(&opt, ",--wrap=%s", *w);
    static const int bits[] = { 8, 16, 32, 64 };
    for (size_t i = 0; i < sizeof bits / sizeof *bits; i++)
        for (const char *const *op = ATOMIC_OPS; *op; op++)
            rk_sb_printf(&opt, ",--wrap=__tsan_atomic%d_%s", bits[i], *op);
    rk_sl_add(link_flags, rk_sb_cstr(&opt));
    rk_sb_free(&opt);
}

void rk_work_parse(const char *records, size_t len, rk_work *w)
{
    memset(w, 0, sizeof *w);
    for (const char *p = records; p && p < records + len;) {
        const char *nl = memchr(p, '\n', (size_t)(records + len - p));
        if (strncmp(p, "work\t", 5) == 0) {
            char *end;
            w->writes = strtol(p + 5, &end, 10);
            if (*end == '\t') {
                w->outputs = strtol(end + 1, NULL, 10);
                w->measured = 1;
            }
        }
        p = nl ? nl + 1 : NULL;
    }
}
