/* report_sarif_text.c - what TSan's text report adds to a row's frames for
 * SARIF: the column of each frame and a label for each stack that is not
 * an access (see report_sarif.h). The result file keeps the frames without
 * columns and without the stack headers, but it keeps the text. */
#define _POSIX_C_SOURCE 200809L
#include "report_sarif.h"
#include "read/read.h"
#include "util/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    char *base;     /* the frame file's base name */
    int line, column;
} text_frame;

typedef struct {
    char *header;   /* "Mutex M0 (0x..) created at:", trimmed */
    int access;     /* an access header ("Previous write of size 8 ...") */
    text_frame *frames;
    int n;
} text_stack;

typedef struct {
    text_stack *stacks;
    int n;
} text_block;

/* 1 when `h` starts an access's stack, as tsan_text.c reads it. */
static int is_access_header(const char *h)
{
    if (strncmp(h, "Previous ", 9) == 0)
        h += 9;
    if (strncasecmp(h, "atomic ", 7) == 0)
        h += 7;
    return strncasecmp(h, "write of size", 13) == 0 || strncasecmp(h, "read of size", 12) == 0;
}

/* "#3 func dir/file.c:18:12 (bin+0x..)" -> base name, line and column of
 * its location (the last word before the module); 0 when it has none. */
static int parse_frame(const char *t, text_frame *f)
{
    const char *module = strstr(t, " (");
    size_t n = module ? (size_t)(module - t) : strlen(t);
    char *body = rk_xstrndup(t, n);
    char *where = strrchr(body, ' ');
    int nums[2] = { 0, 0 }, k = 0;
    char *end = where ? where + strlen(where) : NULL;
    while (where && k < 2) {
        char *colon = strrchr(where, ':');
        if (colon == NULL || !isdigit((unsigned char)colon[1]) || colon + 1 + strspn(colon + 1, "0123456789") != end)
            break;
        nums[k++] = atoi(colon + 1);
        *colon = '\0';
        end = colon;
    }
    int ok = k > 0;
    if (ok) {
        f->base = rk_xstrdup(rk_basename(where + 1));
        f->line = k == 2 ? nums[1] : nums[0];
        f->column = k == 2 ? nums[0] : 0;
    }
    free(body);
    return ok;
}

static void block_free(text_block *b)
{
    for (int i = 0; i < b->n; i++) {
        free(b->stacks[i].header);
        for (int j = 0; j < b->stacks[i].n; j++)
            free(b->stacks[i].frames[j].base);
        free(b->stacks[i].frames);
    }
    free(b->stacks);
}

/* One line of a block: a stack header (two spaces, text, ':') starts a
 * stack; a frame ("    #0 ...") joins the last one. */
static void block_line(text_block *b, const char *line)
{
    const char *t = line + strspn(line, " ");
    size_t n = strlen(t);
    while (n && (t[n - 1] == ' ' || t[n - 1] == '\r'))
        n--;
    if (*t == '#' && b->n > 0) {
        text_stack *s = &b->stacks[b->n - 1];
        text_frame f;
        if (parse_frame(t, &f)) {
            s->frames = rk_xrealloc(s->frames, (size_t)(s->n + 1) * sizeof *s->frames);
            s->frames[s->n++] = f;
        }
    } else if (t - line == 2 && n > 1 && t[n - 1] == ':') {
        b->stacks = rk_xrealloc(b->stacks, (size_t)(b->n + 1) * sizeof *b->stacks);
        text_stack *s = &b->stacks[b->n++];
        memset(s, 0, sizeof *s);
        s->header = rk_xstrndup(t, n - 1);
        s->access = is_access_header(s->header);
    }
}

/* The text block of the rank-th report of `kind` in r->err, into *b
 * (empty when there is none). */
static void find_block(const rk_row *r, const char *kind, int rank, text_block *b)
{
    memset(b, 0, sizeof *b);
    int seen = -1, inside = 0;
    for (const char *p = r->err, *end = r->err + r->err_len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        char *line = rk_xstrndup(p, nl ? (size_t)(nl - p) : (size_t)(end - p));
        p = nl ? nl + 1 : end;
        const char *w = strstr(line, "WARNING: ThreadSanitizer: ");
        if (w) {
            const char *k = rk_tsan_kind_from_title(w + 26);
            inside = k && strcmp(k, kind) == 0 && ++seen == rank;
        } else if (strncmp(line, "SUMMARY: ThreadSanitizer", 24) == 0 || strncmp(line, "=====", 5) == 0) {
            if (inside) {
                free(line);
                return;
            }
        } else if (inside) {
            block_line(b, line);
        }
        free(line);
    }
}

/* The column of the frame of `s` at `f`'s file and line, or 0. */
static int column_in(const text_stack *s, const rk_frame *f)
{
    for (int i = 0; s && i < s->n; i++)
        if (s->frames[i].line == f->line && strcmp(s->frames[i].base, rk_basename(f->file)) == 0)
            return s->frames[i].column;
    return 0;
}

/* The column of `f` in any stack of the block (when the stacks and the
 * frames do not line up one to one). */
static int column_anywhere(const text_block *b, const rk_frame *f)
{
    for (int i = 0; i < b->n; i++) {
        int c = column_in(&b->stacks[i], f);
        if (c)
            return c;
    }
    return 0;
}

static void drop_last(rk_strlist *l)
{
    free(l->items[--l->n]);
}

/* A stack header as a label: parenthesised parts, addresses and sizes
 * dropped, a trailing "at" or "here" too, "main thread" made "the main
 * thread": "Thread T2 (tid=9, running) created by main thread at" ->
 * "thread T2 created by the main thread". Caller frees. */
static char *header_label(const char *h)
{
    rk_strlist words = RK_STRLIST_INIT;
    char *copy = rk_xstrdup(h), *save = NULL;
    int depth = 0;
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        depth += w[0] == '(';
        int closes = strchr(w, ')') != NULL;
        if (depth > 0) {
            depth -= closes;
            continue;
        }
        if (strncmp(w, "0x", 2) == 0) {
            if (words.n && strcmp(words.items[words.n - 1], "at") == 0)
                drop_last(&words);
            continue;
        }
        if (words.n && strcmp(words.items[words.n - 1], "size") == 0 && isdigit((unsigned char)w[0])) {
            drop_last(&words); /* "of size 8" */
            if (words.n && strcmp(words.items[words.n - 1], "of") == 0)
                drop_last(&words);
            continue;
        }
        if (strcmp(w, "main") == 0 && words.n && (strcmp(words.items[words.n - 1], "by") == 0 ||
                                                 strcmp(words.items[words.n - 1], "in") == 0))
            rk_sl_add(&words, "the");
        rk_sl_add(&words, w);
    }
    while (words.n > 1 && (strcmp(words.items[words.n - 1], "at") == 0 ||
                           strcmp(words.items[words.n - 1], "here") == 0))
        drop_last(&words);
    char *label = rk_sl_join(&words, " ");
    label[0] = (char)tolower((unsigned char)label[0]);
    rk_sl_free(&words);
    free(copy);
    return label;
}

void rk_sarif_text_read(const rk_row *r, int index, rk_sarif_text *t)
{
    const rk_report *rep = &r->reports.items[index];
    t->n_accesses = rep->n_accesses;
    t->n_locations = rep->n_locations;
    t->access_column = rk_xcalloc((size_t)rep->n_accesses + 1, sizeof *t->access_column);
    t->location_column = rk_xcalloc((size_t)rep->n_locations + 1, sizeof *t->location_column);
    t->location_label = rk_xcalloc((size_t)rep->n_locations + 1, sizeof *t->location_label);
    int rank = 0;
    for (int i = 0; i < index; i++)
        rank += strcmp(r->reports.items[i].kind, rep->kind) == 0;
    text_block b;
    find_block(r, rep->kind, rank, &b);
    const text_stack *acc[64], *other[64];
    int na = 0, no = 0;
    for (int i = 0; i < b.n; i++) {
        if (b.stacks[i].access && na < 64)
            acc[na++] = &b.stacks[i];
        else if (!b.stacks[i].access && no < 64)
            other[no++] = &b.stacks[i];
    }
    int aligned = na == rep->n_accesses && no == rep->n_locations;
    for (int i = 0; i < rep->n_accesses; i++)
        t->access_column[i] = aligned ? column_in(acc[i], &rep->accesses[i].frame)
                                      : column_anywhere(&b, &rep->accesses[i].frame);
    for (int i = 0; i < rep->n_locations; i++) {
        t->location_column[i] = aligned ? column_in(other[i], &rep->locations[i])
                                        : column_anywhere(&b, &rep->locations[i]);
        t->location_label[i] = aligned ? header_label(other[i]->header) : NULL;
    }
    block_free(&b);
}

void rk_sarif_text_free(rk_sarif_text *t)
{
    for (int i = 0; i < t->n_locations; i++)
        free(t->location_label[i]);
    free(t->access_column);
    free(t->location_column);
    free(t->location_label);
    memset(t, 0, sizeof *t);
}
