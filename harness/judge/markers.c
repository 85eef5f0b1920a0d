/* markers.c - `// RACE` markers (see markers.h). */
#include "markers.h"
#include "case/case.h"
#include "util/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* 1 when the line [s, s+n) holds the marker. */
static int line_has_marker(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] != '/' || s[i + 1] != '/')
            continue;
        size_t j = i + 2;
        while (j < n && (s[j] == ' ' || s[j] == '\t'))
            j++;
        if (j + 4 <= n && memcmp(s + j, "RACE", 4) == 0 &&
            (j + 4 == n || !isalnum((unsigned char)s[j + 4])))
            return 1;
    }
    return 0;
}

void rk_markers_scan(const char *text, size_t len, rk_markers *m)
{
    memset(m, 0, sizeof *m);
    int line = 1;
    for (const char *pos = text, *end = text + len; pos < end; line++) {
        const char *nl = memchr(pos, '\n', (size_t)(end - pos));
        size_t n = nl ? (size_t)(nl - pos) : (size_t)(end - pos);
        if (line_has_marker(pos, n)) {
            m->lines = rk_xrealloc(m->lines, (size_t)(m->n + 1) * sizeof *m->lines);
            m->lines[m->n++] = line;
        }
        pos = nl ? nl + 1 : end;
    }
}

int rk_markers_has(const rk_markers *m, int line)
{
    for (int i = 0; i < m->n; i++)
        if (m->lines[i] == line)
            return 1;
    return 0;
}

int rk_line_match(const rk_report_list *reports, const rk_markers *m, const char *variant)
{
    int applicable = 0;
    for (int i = 0; i < reports->n; i++) {
        const rk_report *r = &reports->items[i];
        if (!rk_is_race_kind(r->kind))
            continue;
        applicable = 1;
        for (int j = 0; j < r->n_accesses; j++) {
            const rk_frame *f = &r->accesses[j].frame;
            if (strcmp(rk_basename(f->file), variant) != 0 || !rk_markers_has(m, f->line))
                return 0;
        }
    }
    return applicable ? 1 : -1;
}

void rk_markers_free(rk_markers *m)
{
    free(m->lines);
    memset(m, 0, sizeof *m);
}
