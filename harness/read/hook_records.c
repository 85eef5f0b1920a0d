/* hook_records.c - parser for the hook's record stream (see hook_records.h). */
#define _POSIX_C_SOURCE 200809L
#include "hook_records.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_FIELDS = 8, MAX_FRAMES = 16 };

/* The element whose frames are being collected. */
struct owner {
    enum { NONE, MOP, OTHER } type;
    int thread, write, atomic;
    char *functions[MAX_FRAMES];
    char *files[MAX_FRAMES];
    int lines[MAX_FRAMES];
    int n;
};

static void flush_owner(struct owner *o, rk_report *r, const char *variant)
{
    if (o->type != NONE && r != NULL) {
        if (o->n == 0) {
            if (o->type == MOP)
                rk_report_add_access(r, o->thread, o->write, o->atomic, "??", "??", 0);
        } else {
            int i = rk_pick_frame(o->functions, o->files, o->n, variant);
            if (o->type == MOP)
                rk_report_add_access(r, o->thread, o->write, o->atomic,
                                     o->functions[i], o->files[i], o->lines[i]);
            else
                rk_report_add_location(r, o->functions[i], o->files[i], o->lines[i]);
        }
    }
    for (int i = 0; i < o->n; i++) {
        free(o->functions[i]);
        free(o->files[i]);
    }
    memset(o, 0, sizeof *o);
}

/* Split `line` in place at tabs; returns the number of fields. */
static int split(char *line, char **fields)
{
    int n = 0;
    fields[n++] = line;
    for (char *p = line; *p && n < MAX_FIELDS; p++)
        if (*p == '\t') {
            *p = '\0';
            fields[n++] = p + 1;
        }
    return n;
}

static void take_invariant(char **f, int nf, rk_invariant *inv)
{
    if (inv->failed || nf < 4)
        return;
    inv->failed = 1;
    inv->file = rk_xstrdup(f[1]);
    inv->line = atoi(f[2]);
    inv->message = rk_xstrdup(f[3]);
}

static void take_line(char *line, const char *variant, rk_report_list *reports,
                      rk_report **cur, struct owner *o, rk_invariant *inv)
{
    char *f[MAX_FIELDS];
    int nf = split(line, f);
    if (strcmp(f[0], "invariant") == 0) {
        take_invariant(f, nf, inv);
    } else if (strcmp(f[0], "report") == 0 && nf >= 2) {
        flush_owner(o, *cur, variant);
        *cur = rk_report_new(reports, f[1]);
    } else if (strcmp(f[0], "end") == 0) {
        flush_owner(o, *cur, variant);
        *cur = NULL;
    } else if (*cur == NULL) {
        return; /* a stray line outside a report block */
    } else if (strcmp(f[0], "mop") == 0 && nf >= 5) {
        flush_owner(o, *cur, variant);
        o->type = MOP;
        o->thread = atoi(f[1]);
        o->write = atoi(f[2]) != 0;
        o->atomic = atoi(f[3]) != 0;
    } else if (strcmp(f[0], "stack") == 0 || strcmp(f[0], "thread") == 0 ||
               strcmp(f[0], "mutex") == 0 || strcmp(f[0], "loc") == 0) {
        flush_owner(o, *cur, variant);
        o->type = OTHER;
    } else if (strcmp(f[0], "f") == 0 && nf >= 4 && o->type != NONE && o->n < MAX_FRAMES) {
        o->functions[o->n] = rk_xstrdup(f[1]);
        o->files[o->n] = rk_xstrdup(f[2]);
        o->lines[o->n] = atoi(f[3]);
        o->n++;
    }
}

void rk_hook_parse(const char *text, size_t len, const char *variant,
                   rk_report_list *reports, rk_invariant *inv)
{
    struct owner o;
    rk_report *cur = NULL;
    memset(&o, 0, sizeof o);
    for (const char *pos = text, *end = text + len; pos < end;) {
        const char *nl = memchr(pos, '\n', (size_t)(end - pos));
        size_t n = nl ? (size_t)(nl - pos) : (size_t)(end - pos);
        char *line = rk_xstrndup(pos, n);
        take_line(line, variant, reports, &cur, &o, inv);
        free(line);
        pos = nl ? nl + 1 : end;
    }
    flush_owner(&o, cur, variant);
}

int rk_hook_no_runtime(const char *text, size_t len)
{
    static const char line[] = "no-tsan\n";
    for (const char *pos = text, *end = text + len; pos < end;) {
        const char *nl = memchr(pos, '\n', (size_t)(end - pos));
        if (nl && (size_t)(nl + 1 - pos) == sizeof line - 1 && memcmp(pos, line, sizeof line - 1) == 0)
            return 1;
        pos = nl ? nl + 1 : end;
    }
    return 0;
}

void rk_invariant_free(rk_invariant *inv)
{
    free(inv->file);
    free(inv->message);
    memset(inv, 0, sizeof *inv);
}
