/* detector_report.c - one detector report and lists of them (see detector_report.h). */
#include "detector_report.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_runtime_frame(const char *function, const char *file)
{
    if (file == NULL || *file == '\0' || strcmp(file, "<null>") == 0 || strcmp(file, "??") == 0)
        return 1;
    if (strstr(file, "sanitizer") != NULL || strstr(file, "compiler-rt") != NULL)
        return 1;
    return strncmp(function, "__interceptor_", 14) == 0 || strncmp(function, "__tsan", 6) == 0;
}

int rk_pick_frame(char *const *functions, char *const *files, int n, const char *variant)
{
    for (int i = 0; i < n; i++)
        if (files[i] && strcmp(rk_basename(files[i]), variant) == 0)
            return i;
    for (int i = 0; i < n; i++)
        if (!is_runtime_frame(functions[i], files[i]))
            return i;
    return 0;
}

rk_report *rk_report_new(rk_report_list *list, const char *kind)
{
    if (list->n == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 4;
        list->items = rk_xrealloc(list->items, (size_t)list->cap * sizeof *list->items);
    }
    rk_report *r = &list->items[list->n++];
    memset(r, 0, sizeof *r);
    r->kind = rk_xstrdup(kind);
    return r;
}

static rk_frame make_frame(const char *function, const char *file, int line)
{
    rk_frame f = { rk_xstrdup(function ? function : "??"), rk_xstrdup(file ? file : "??"), line };
    return f;
}

void rk_report_add_access(rk_report *r, int thread, int write, int atomic,
                          const char *function, const char *file, int line)
{
    r->accesses = rk_xrealloc(r->accesses, (size_t)(r->n_accesses + 1) * sizeof *r->accesses);
    rk_access *a = &r->accesses[r->n_accesses++];
    a->thread = thread;
    a->write = write;
    a->atomic = atomic;
    a->frame = make_frame(function, file, line);
}

void rk_report_add_location(rk_report *r, const char *function, const char *file, int line)
{
    r->locations = rk_xrealloc(r->locations, (size_t)(r->n_locations + 1) * sizeof *r->locations);
    r->locations[r->n_locations++] = make_frame(function, file, line);
}

void rk_report_kinds(const rk_report_list *list, rk_strlist *kinds)
{
    for (int i = 0; i < list->n; i++)
        if (!rk_sl_contains(kinds, list->items[i].kind))
            rk_sl_add(kinds, list->items[i].kind);
}

static void free_frame(rk_frame *f)
{
    free(f->function);
    free(f->file);
}

/* Free the strings and arrays of one report. */
static void report_free(rk_report *r)
{
    free(r->kind);
    for (int j = 0; j < r->n_accesses; j++)
        free_frame(&r->accesses[j].frame);
    for (int j = 0; j < r->n_locations; j++)
        free_frame(&r->locations[j]);
    free(r->accesses);
    free(r->locations);
    free(r->edges);
}

void rk_report_list_free(rk_report_list *list)
{
    for (int i = 0; i < list->n; i++)
        report_free(&list->items[i]);
    free(list->items);
    list->items = NULL;
    list->n = list->cap = 0;
}

int rk_report_list_drop(rk_report_list *list, const char *kind)
{
    int kept = 0;
    for (int i = 0; i < list->n; i++) {
        if (strcmp(list->items[i].kind, kind) == 0)
            report_free(&list->items[i]);
        else
            list->items[kept++] = list->items[i];
    }
    int dropped = list->n - kept;
    list->n = kept;
    return dropped;
}

int rk_reports_enrich(rk_report_list *hook, rk_report_list *text)
{
    if (hook->n != text->n)
        return 0;
    for (int i = 0; i < hook->n; i++)
        if (strcmp(hook->items[i].kind, text->items[i].kind) != 0 ||
            hook->items[i].n_accesses != text->items[i].n_accesses)
            return 0;
    rk_report_list tmp = *hook;
    *hook = *text;
    *text = tmp;
    return 1;
}

/* "Mutex M1 acquired here while holding mutex M0 in thread T1:" (or "in
 * main thread:") -> 1 and the edge; else 0. */
static int edge_header(const char *line, rk_lock_edge *e)
{
    const char *t = line;
    while (*t == ' ')
        t++;
    char in[16] = "";
    int tid = -1;
    if (sscanf(t, "Mutex M%d acquired here while holding mutex M%d in %15s", &e->acquired, &e->held, in) != 3)
        return 0;
    const char *thr = strstr(t, " in thread T");
    if (thr)
        tid = atoi(thr + 12);
    else if (strstr(t, " in main thread"))
        tid = 0;
    e->thread = tid;
    return 1;
}

void rk_lock_cycles_attach(rk_report_list *list, const char *text, size_t len)
{
    int next = 0; /* the report the current block belongs to */
    rk_report *cur = NULL;
    for (const char *pos = text, *end = text + len; pos < end;) {
        const char *nl = memchr(pos, '\n', (size_t)(end - pos));
        size_t n = nl ? (size_t)(nl - pos) : (size_t)(end - pos);
        char *line = rk_xstrndup(pos, n);
        rk_lock_edge e;
        if (strstr(line, "WARNING: ThreadSanitizer: lock-order-inversion")) {
            cur = NULL;
            while (next < list->n && strcmp(list->items[next].kind, "lock-order-inversion") != 0)
                next++;
            if (next < list->n)
                cur = &list->items[next++];
            if (cur)
                cur->n_edges = 0;
        } else if (strstr(line, "WARNING: ThreadSanitizer: ")) {
            cur = NULL;
        } else if (cur && edge_header(line, &e)) {
            cur->edges = rk_xrealloc(cur->edges, (size_t)(cur->n_edges + 1) * sizeof *cur->edges);
            cur->edges[cur->n_edges++] = e;
        }
        free(line);
        pos = nl ? nl + 1 : end;
    }
}
