/* symbolize_report.c - the records and the text of an unsymbolized TSan run,
 * rewritten with symbolize.c's frames (see symbolize_report.h). */
#define _GNU_SOURCE
#include "symbolize_report.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_INLINED = 8 };

/* The full path of the module TSan calls `base`, or NULL: the program, or
 * a module the records named (their paths are full). */
static const char *module_path(rk_symbolizer *s, const char *base, const char *binary)
{
    if (strchr(base, '/'))
        return base;
    if (binary && strcmp(rk_basename(binary), base) == 0)
        return binary;
    return rk_sym_module_named(s, base);
}

/* "0x1a2b" or "1a2b" -> value; 0 and *ok = 0 when it is not hex. */
static uint64_t parse_hex(const char *s, const char *end, int *ok)
{
    if (end - s > 2 && s[0] == '0' && s[1] == 'x')
        s += 2;
    char *stop = NULL;
    char buf[24];
    size_t n = (size_t)(end - s);
    *ok = n > 0 && n < sizeof buf;
    if (!*ok)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    uint64_t v = strtoull(buf, &stop, 16);
    *ok = *stop == '\0';
    return v;
}

static void records_line(rk_symbolizer *s, const char *line, size_t n, rk_strbuf *out)
{
    const char *tab1 = n > 2 && line[0] == 'm' && line[1] == '\t' ? memchr(line + 2, '\t', n - 2) : NULL;
    if (tab1 == NULL) {
        rk_sb_add(out, line, n);
        rk_sb_putc(out, '\n');
        return;
    }
    char *module = rk_xstrndup(line + 2, (size_t)(tab1 - line - 2));
    int ok;
    uint64_t offset = parse_hex(tab1 + 1, line + n, &ok);
    rk_sym_frame frames[MAX_INLINED];
    int nf = ok ? rk_sym_code(s, module, offset, frames, MAX_INLINED) : 0;
    if (nf == 0)
        rk_sb_puts(out, "f\t??\t??\t0\n");
    for (int i = 0; i < nf; i++)
        rk_sb_printf(out, "f\t%s\t%s\t%d\n", *frames[i].function ? frames[i].function : "??",
                     *frames[i].file ? frames[i].file : "??", frames[i].line);
    rk_sym_frames_free(frames, nf);
    free(module);
}

void rk_symbolize_records(rk_symbolizer *s, const char *in, size_t len, rk_strbuf *out)
{
    for (const char *pos = in, *end = in + len; pos < end;) {
        const char *nl = memchr(pos, '\n', (size_t)(end - pos));
        size_t n = nl ? (size_t)(nl - pos) : (size_t)(end - pos);
        records_line(s, pos, n, out);
        pos = nl ? nl + 1 : end;
    }
}

/* "(mod+0xoff)" starting at `open` in [open, end): the module's base name
 * and the offset; 0 when it is not that shape. */
static int module_offset(const char *open, const char *end, char **base, uint64_t *offset)
{
    const char *close = open < end ? memchr(open, ')', (size_t)(end - open)) : NULL;
    const char *plus = close ? memrchr(open, '+', (size_t)(close - open)) : NULL;
    if (*open != '(' || plus == NULL || plus == open + 1)
        return 0;
    int ok;
    *offset = parse_hex(plus + 1, close, &ok);
    if (!ok)
        return 0;
    *base = rk_xstrndup(open + 1, (size_t)(plus - open - 1));
    return 1;
}

/* Frames of `base`+`offset`, or 0 when the module is unknown. */
static int code_frames(rk_symbolizer *s, const char *base, uint64_t offset, const char *binary,
                       rk_sym_frame *frames)
{
    const char *path = module_path(s, base, binary);
    return path ? rk_sym_code(s, path, offset, frames, MAX_INLINED) : 0;
}

static void put_location(rk_strbuf *out, const rk_sym_frame *f)
{
    if (*f->file == '\0')
        rk_sb_puts(out, "<null>");
    else if (f->column > 0)
        rk_sb_printf(out, "%s:%d:%d", f->file, f->line, f->column);
    else if (f->line > 0)
        rk_sb_printf(out, "%s:%d", f->file, f->line);
    else
        rk_sb_puts(out, f->file);
}

/* The frames of one stack, held until its end: TSan cuts the frames below
 * main and its own thread start routine, which it can only tell by name. */
struct stack {
    char *lines[64];
    char *functions[64];
    int n;
    int shift; /* frames added to the numbering by inlined calls */
};

static void stack_add(struct stack *st, char *line, const char *function)
{
    if (st->n == (int)(sizeof st->lines / sizeof st->lines[0])) {
        free(line);
        return;
    }
    st->lines[st->n] = line;
    st->functions[st->n++] = rk_xstrdup(function);
}

/* Write the stack as TSan would have: without the frame that called main,
 * or a last frame of __tsan_thread_start_func or the C library's start. */
static void stack_flush(struct stack *st, rk_strbuf *out)
{
    int n = st->n;
    if (n >= 2) {
        const char *last = st->functions[n - 1], *above = st->functions[n - 2];
        if (strcmp(above, "main") == 0 || strcmp(last, "__tsan_thread_start_func") == 0 ||
            strcmp(last, "__libc_start_main") == 0 || strcmp(last, "__libc_csu_init") == 0 ||
            strcmp(last, "__do_global_ctors_aux") == 0)
            n--;
    }
    for (int i = 0; i < st->n; i++) {
        if (i < n)
            rk_sb_puts(out, st->lines[i]);
        free(st->lines[i]);
        free(st->functions[i]);
    }
    st->n = 0;
    st->shift = 0;
}

/* "    #N <null> <null> (mod+0x..) tail" with a known module: 1 and its
 * frames added to `st`, numbered after the inlined frames before them. */
static int frame_line(rk_symbolizer *s, const char *line, const char *end, const char *binary,
                      struct stack *st)
{
    static const char unknown[] = " <null> <null> (";
    const char *hash = line;
    while (hash < end && *hash == ' ')
        hash++;
    if (hash >= end || *hash != '#')
        return 0;
    char *stop = NULL;
    long number = strtol(hash + 1, &stop, 10);
    if (stop == hash + 1 || number < 0 || number > 1000 || (size_t)(end - stop) < sizeof unknown - 1 ||
        memcmp(stop, unknown, sizeof unknown - 1) != 0)
        return 0;
    const char *open = stop + sizeof unknown - 2;
    char *base = NULL;
    uint64_t offset;
    if (!module_offset(open, end, &base, &offset))
        return 0;
    rk_sym_frame frames[MAX_INLINED];
    int nf = code_frames(s, base, offset, binary, frames);
    free(base);
    if (nf == 0)
        return 0;
    for (int i = 0; i < nf; i++) {
        rk_strbuf sb = RK_STRBUF_INIT;
        const char *function = *frames[i].function ? frames[i].function : "<null>";
        rk_sb_add(&sb, line, (size_t)(hash - line));
        rk_sb_printf(&sb, "#%ld %s ", number + st->shift + i, function);
        put_location(&sb, &frames[i]);
        rk_sb_putc(&sb, ' ');
        rk_sb_add(&sb, open, (size_t)(end - open));
        rk_sb_putc(&sb, '\n');
        stack_add(st, rk_sb_detach(&sb), function);
    }
    st->shift += nf - 1;
    rk_sym_frames_free(frames, nf);
    return 1;
}

/* Any other "#N ..." line of a stack, kept as it is but numbered after
 * the inlined frames before it. */
static int other_frame(const char *line, const char *end, struct stack *st)
{
    const char *t = line;
    while (t < end && *t == ' ')
        t++;
    char *stop = NULL;
    long number = t < end && *t == '#' ? strtol(t + 1, &stop, 10) : -1;
    if (number < 0 || number > 1000 || stop == t + 1 || (number > 0 && st->n == 0))
        return 0;
    char *copy = rk_xasprintf("%.*s#%ld%.*s\n", (int)(t - line), line, number + st->shift, (int)(end - stop), stop);
    stack_add(st, copy, "");
    return 1;
}

/* The address of the last access line ("Write of size 8 at 0x7b04 by
 * ..."), the address a data race's location line is about; 0 when none. */
static uint64_t access_address(const char *line, const char *end, uint64_t last)
{
    static const char at[] = " at 0x";
    const char *of = memmem(line, (size_t)(end - line), " of size ", 9);
    const char *a = of ? memmem(of, (size_t)(end - of), at, sizeof at - 1) : NULL;
    if (a == NULL || memmem(line, (size_t)(end - line), "Location is", 11))
        return last;
    char *stop = NULL;
    uint64_t v = strtoull(a + sizeof at - 1, &stop, 16);
    return stop > a + sizeof at - 1 ? v : last;
}

/* "  Location is global '<null>' at 0x0 (mod+0x..)" -> the global named,
 * at the address the access gives. */
static int location_line(rk_symbolizer *s, const char *line, const char *end, const char *binary,
                         uint64_t accessed, rk_strbuf *out)
{
    static const char unnamed[] = "global '<null>' at ";
    const char *g = memmem(line, (size_t)(end - line), unnamed, sizeof unnamed - 1);
    const char *open = g ? memchr(g, '(', (size_t)(end - g)) : NULL;
    char *base = NULL;
    uint64_t offset, size = 0, into = 0;
    if (open == NULL || !module_offset(open, end, &base, &offset))
        return 0;
    const char *path = module_path(s, base, binary);
    char *name = path ? rk_sym_data(s, path, offset, &size, &into) : NULL;
    free(base);
    if (name == NULL)
        return 0;
    rk_sb_add(out, line, (size_t)(g - line));
    rk_sb_printf(out, "global '%s' of size %" PRIu64 " at 0x%012" PRIx64 " ", name, size,
                 accessed > into ? accessed - into : 0);
    rk_sb_add(out, open, (size_t)(end - open));
    rk_sb_putc(out, '\n');
    free(name);
    return 1;
}

/* "SUMMARY: ThreadSanitizer: title (/path/mod+0x..) ..." -> "... title
 * /path/file.c:12:5 in func", as TSan writes it when it symbolizes. */
static int summary_line(rk_symbolizer *s, const char *line, const char *end, const char *binary,
                        rk_strbuf *out)
{
    static const char prefix[] = "SUMMARY: ThreadSanitizer: ";
    if ((size_t)(end - line) < sizeof prefix || memcmp(line, prefix, sizeof prefix - 1) != 0)
        return 0;
    const char *open = memmem(line, (size_t)(end - line), " (", 2);
    char *base = NULL;
    uint64_t offset;
    if (open == NULL || !module_offset(open + 1, end, &base, &offset))
        return 0;
    rk_sym_frame frames[MAX_INLINED];
    int nf = code_frames(s, base, offset, binary, frames);
    free(base);
    if (nf == 0 || *frames[0].file == '\0') {
        rk_sym_frames_free(frames, nf);
        return 0;
    }
    rk_sb_add(out, line, (size_t)(open - line + 1));
    put_location(out, &frames[0]);
    rk_sb_printf(out, " in %s\n", *frames[0].function ? frames[0].function : "<null>");
    rk_sym_frames_free(frames, nf);
    return 1;
}

void rk_symbolize_tsan_text(rk_symbolizer *s, const char *text, size_t len, const char *binary,
                            rk_strbuf *out)
{
    struct stack st = { .n = 0 };
    uint64_t accessed = 0;
    for (const char *pos = text, *end = text + len; pos < end;) {
        const char *nl = memchr(pos, '\n', (size_t)(end - pos));
        size_t n = nl ? (size_t)(nl - pos) : (size_t)(end - pos);
        /* A copy ends in NUL: strtol and friends stop inside the line. */
        char *line = rk_xstrndup(pos, n), *stop = line + strlen(line);
        if (!frame_line(s, line, stop, binary, &st) && !other_frame(line, stop, &st)) {
            stack_flush(&st, out);
            accessed = access_address(line, stop, accessed);
            if (!location_line(s, line, stop, binary, accessed, out) && !summary_line(s, line, stop, binary, out)) {
                rk_sb_add(out, pos, n);
                if (nl)
                    rk_sb_putc(out, '\n');
            }
        }
        free(line);
        pos = nl ? nl + 1 : end;
    }
    stack_flush(&st, out);
}
