/* report_sarif_places.c - the places a SARIF result points at: location
 * objects (a URI below the root with %SRCROOT%, a region when the line is
 * known) and, for a report, its own location and the related ones, each
 * place once and labelled (see report_sarif.h). */
#define _POSIX_C_SOURCE 200809L
#include "report_sarif.h"
#include "util/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A path as a URI: relative to the root, or file:// when outside it;
 * bytes other than unreserved characters and '/' are percent-encoded. */
static char *uri_of(const char *path, const char *root, int *relative)
{
    const char *rel = rk_path_under_root(path, root);
    /* a path outside the root, shortened ("…/racekit.h", results_load.h):
     * a reference with no base, not a file below %SRCROOT% */
    int elided = strncmp(rel, RK_PATH_ELIDED, strlen(RK_PATH_ELIDED)) == 0;
    *relative = rel[0] != '/' && !elided;
    rk_strbuf sb = RK_STRBUF_INIT;
    if (rel[0] == '/')
        rk_sb_puts(&sb, "file://");
    for (const unsigned char *p = (const unsigned char *)rel; *p; p++)
        if (isalnum(*p) || strchr("-._~/", *p))
            rk_sb_putc(&sb, (char)*p);
        else
            rk_sb_printf(&sb, "%%%02X", *p);
    return rk_sb_detach(&sb);
}

void rk_sarif_put_location(rk_jw *w, const rk_sarif_place *p, const rk_report_opts *o, int id)
{
    int relative;
    char *uri = uri_of(p->path, o->root, &relative);
    rk_jw_object(w);
    if (id >= 0) {
        rk_jw_key(w, "id");
        rk_jw_int(w, id);
    }
    rk_jw_key(w, "physicalLocation");
    rk_jw_object(w);
    rk_jw_key(w, "artifactLocation");
    rk_jw_object(w);
    rk_jw_key(w, "uri");
    rk_jw_str(w, uri);
    if (relative) {
        rk_jw_key(w, "uriBaseId");
        rk_jw_str(w, "%SRCROOT%");
    }
    rk_jw_end(w);
    if (p->line > 0) {
        rk_jw_key(w, "region");
        rk_jw_object(w);
        rk_jw_key(w, "startLine");
        rk_jw_int(w, p->line);
        if (p->column > 0) {
            rk_jw_key(w, "startColumn");
            rk_jw_int(w, p->column);
        }
        rk_jw_end(w);
    }
    rk_jw_end(w);
    if (p->label) {
        char *text = p->function ? rk_xasprintf("%s (in %s)", p->label, p->function) : rk_xstrdup(p->label);
        rk_jw_key(w, "message");
        rk_jw_object(w);
        rk_jw_key(w, "text");
        rk_jw_str(w, text);
        rk_jw_end(w);
        free(text);
    }
    rk_jw_end(w);
    free(uri);
}

/* 1 when the frame names a file and a line a location can point at. */
static int usable(const rk_frame *f)
{
    return f->file && *f->file && strcmp(f->file, "??") != 0 && f->line > 0;
}

char *rk_sarif_access_label(const rk_access *a)
{
    char thread[32];
    if (a->thread == 0)
        snprintf(thread, sizeof thread, "the main thread");
    else
        snprintf(thread, sizeof thread, "thread T%d", a->thread);
    return rk_xasprintf("%s%s by %s", a->atomic ? "atomic " : "", a->write ? "write" : "read", thread);
}

/* Join `label` to the place's own (once). */
static void join_label(rk_sarif_place *to, const char *label)
{
    if (to->label == NULL) {
        to->label = rk_xstrdup(label);
    } else if (strstr(to->label, label) == NULL) {
        char *joined = rk_xasprintf("%s; %s", to->label, label);
        free(to->label);
        to->label = joined;
    }
}

/* Add `p` to the places: where an earlier one is (the result's own at
 * places[0] included), its label joins that one's instead. */
static void add_place(rk_sarif_place *places, int *n, rk_sarif_place p)
{
    for (int i = 0; i < *n; i++)
        if (places[i].line == p.line && strcmp(places[i].path, p.path) == 0) {
            join_label(&places[i], p.label);
            if (places[i].function && p.function && strcmp(places[i].function, p.function) != 0)
                places[i].function = NULL; /* two functions on one line: name neither */
            free(p.label);
            return;
        }
    places[(*n)++] = p;
}

/* A stack's label: its header made words ("mutex M0 created"), else a
 * plain one. Caller frees. */
static char *stack_label(const char *header)
{
    return rk_xstrdup(header ? header : "a stack of the report");
}

void rk_sarif_put_report_locations(rk_jw *w, const rk_row *r, int index, const rk_report_opts *o,
                                   rk_sarif_place *primary)
{
    const rk_report *rep = &r->reports.items[index];
    rk_sarif_text t;
    rk_sarif_text_read(r, index, &t);
    int n_frames = rep->n_accesses + rep->n_locations, n = 0;
    rk_sarif_place *places = rk_xcalloc((size_t)n_frames + 1, sizeof *places);
    for (int i = 0; i < n_frames; i++) {
        int acc = i < rep->n_accesses, k = i - rep->n_accesses;
        const rk_frame *f = acc ? &rep->accesses[i].frame : &rep->locations[k];
        if (!usable(f))
            continue;
        rk_sarif_place p = { f->file, f->line, acc ? t.access_column[i] : t.location_column[k], f->function,
                    acc ? rk_sarif_access_label(&rep->accesses[i]) : stack_label(t.location_label[k]) };
        add_place(places, &n, p);
    }
    if (n > 0)
        *primary = places[0];
    rk_jw_key(w, "locations");
    rk_jw_array(w);
    rk_sarif_put_location(w, primary, o, -1); /* no usable frame: the variant's source */
    rk_jw_end(w);
    if (n > 1) {
        rk_jw_key(w, "relatedLocations");
        rk_jw_array(w);
        for (int i = 1; i < n; i++)
            rk_sarif_put_location(w, &places[i], o, i);
        rk_jw_end(w);
    }
    for (int i = 1; i < n; i++)
        free(places[i].label);
    free(places);
    rk_sarif_text_free(&t);
}

