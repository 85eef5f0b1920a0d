/* report_html_source.c - the HTML report's sources of a case: unsafe.c
 * and safe.c side by side, the diff coloured, and each line a run points
 * at marked with what happened there (see report_html.h). */
#define _POSIX_C_SOURCE 200809L
#include "report_html.h"
#include "report_sarif.h"
#include "markup.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_SOURCE_BYTES = 1 << 20 };

/* What a line is marked as; a higher mark wins on a line with two. */
typedef enum { MARK_NONE, MARK_CTX, MARK_STOP, MARK_HIT } mark;

/* The class and the title of each mark (index: mark). */
static const char *const MARK_CLASS[] = { "", "ctx", "stop", "hit" };
static const char *const MARK_TITLE[] = {
    "", "a thread or mutex of the report was created or taken here", "the run stopped here",
    "an access the detector reported"
};

typedef struct {
    char *path;        /* absolute path of the file */
    char *text;        /* its bytes, or NULL when it cannot be read */
    size_t len;
    const char **line; /* start of each line */
    size_t *line_len;
    int n;
    mark *marks;       /* per line (1-based, n + 1 entries) */
} source;

static void split(source *s)
{
    int cap = 0;
    for (const char *p = s->text, *end = s->text + s->len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (s->n == cap) {
            cap = cap ? cap * 2 : 64;
            s->line = rk_xrealloc(s->line, (size_t)cap * sizeof *s->line);
            s->line_len = rk_xrealloc(s->line_len, (size_t)cap * sizeof *s->line_len);
        }
        s->line[s->n] = p;
        s->line_len[s->n++] = nl ? (size_t)(nl - p) : (size_t)(end - p);
        p = nl ? nl + 1 : end;
    }
}

static void put_mark(source *s, const rk_frame *f, mark m)
{
    if (strcmp(rk_basename(f->file), rk_basename(s->path)) == 0 && f->line >= 1 && f->line <= s->n &&
        s->marks[f->line] < m)
        s->marks[f->line] = m;
}

/* The lines of `s` that `row` points at: its reports' accesses (the
 * finding), their other stacks (where a thread or a mutex was created or
 * taken), and for a build error or a hang the line it stopped at (the
 * compiler's error, the wait). */
static void mark_lines(source *s, const rk_row *row)
{
    s->marks = rk_xcalloc((size_t)s->n + 1, sizeof *s->marks);
    if (row == NULL)
        return;
    for (int i = 0; i < row->reports.n; i++) {
        const rk_report *r = &row->reports.items[i];
        for (int j = 0; j < r->n_accesses; j++)
            put_mark(s, &r->accesses[j].frame, MARK_HIT);
        for (int j = 0; j < r->n_locations; j++)
            put_mark(s, &r->locations[j], MARK_CTX);
    }
    if (row->outcome == RK_OUT_BUILD_ERROR || row->outcome == RK_OUT_HANG) {
        int column;
        rk_frame f = { NULL, s->path, rk_sarif_verdict_line(row, &column) };
        put_mark(s, &f, MARK_STOP);
    }
}

static void load_source(source *s, const char *path, const rk_row *row)
{
    memset(s, 0, sizeof *s);
    s->path = rk_xstrdup(path);
    s->text = rk_read_file(path, MAX_SOURCE_BYTES, &s->len);
    if (s->text)
        split(s);
    mark_lines(s, row);
}

static void free_source(source *s)
{
    free(s->path);
    free(s->text);
    free(s->line);
    free(s->line_len);
    free(s->marks);
}

/* One side of a row: line number and text, or two empty cells. A marked
 * line shows its mark rather than the diff's colour. */
static void put_side(rk_strbuf *out, const source *s, int line, const char *change)
{
    if (line == 0) {
        rk_sb_puts(out, "<td class=\"ln\"></td><td></td>");
        return;
    }
    mark m = s->marks[line];
    const char *cls = m ? MARK_CLASS[m] : change;
    if (*cls)
        rk_sb_printf(out, "<td class=\"ln %s\">%d</td><td class=\"%s\"%s%s%s>", cls, line, cls,
                     m ? " title=\"" : "", MARK_TITLE[m], m ? "\"" : "");
    else
        rk_sb_printf(out, "<td class=\"ln\">%d</td><td>", line);
    rk_xml_escape(out, s->line[line - 1], s->line_len[line - 1], 0);
    rk_sb_puts(out, "</td>");
}

/* A block of changes: deleted lines beside added ones, row by row. */
static void put_change(rk_strbuf *out, const source *a, const source *b, const rk_diff_edit *e, int n)
{
    int dels = 0, adds = 0;
    for (int i = 0; i < n; i++) {
        dels += e[i].op == RK_DIFF_DEL;
        adds += e[i].op == RK_DIFF_ADD;
    }
    for (int r = 0, di = 0, ai = 0; r < (dels > adds ? dels : adds); r++) {
        while (di < n && e[di].op != RK_DIFF_DEL)
            di++;
        while (ai < n && e[ai].op != RK_DIFF_ADD)
            ai++;
        rk_sb_puts(out, "<tr>");
        put_side(out, a, di < n ? e[di].a_line : 0, "del");
        put_side(out, b, ai < n ? e[ai].b_line : 0, "add");
        rk_sb_puts(out, "</tr>\n");
        di++, ai++;
    }
}

static void put_sources(rk_strbuf *out, const source *a, const source *b)
{
    rk_diff d;
    if (a->text == NULL || b->text == NULL || rk_diff_lines(a->text, a->len, b->text, b->len, &d) < 0) {
        rk_sb_puts(out, "<p class=\"missing\">sources not available:");
        const source *s[2] = { a, b };
        for (int i = 0; i < 2; i++)
            if (s[i]->text == NULL) {
                rk_sb_putc(out, ' ');
                rk_xml_escape(out, s[i]->path, strlen(s[i]->path), 0);
            }
        rk_sb_puts(out, "</p>\n");
        return;
    }
    rk_sb_puts(out, "<div class=\"scroll\"><table class=\"src\"><colgroup><col class=\"ln\"><col><col class=\"ln\"><col>"
                    "</colgroup><thead><tr><th colspan=\"2\">unsafe.c</th><th colspan=\"2\">safe.c</th></tr></thead>"
                    "<tbody>\n");
    for (int k = 0; k < d.n;) {
        if (d.edits[k].op == RK_DIFF_SAME) {
            rk_sb_puts(out, "<tr>");
            put_side(out, a, d.edits[k].a_line, "");
            put_side(out, b, d.edits[k].b_line, "");
            rk_sb_puts(out, "</tr>\n");
            k++;
            continue;
        }
        int end = k;
        while (end < d.n && d.edits[end].op != RK_DIFF_SAME)
            end++;
        put_change(out, a, b, d.edits + k, end - k);
        k = end;
    }
    rk_sb_puts(out, "</tbody></table></div>\n");
    rk_diff_free(&d);
}

/* The path of `variant`'s source: from its row, else beside the other's. */
static char *variant_path(const rk_pair *p, const char *variant, const char *root)
{
    const rk_row *own = strcmp(variant, "unsafe") == 0 ? p->unsafe : p->safe;
    const rk_row *other = own == p->unsafe ? p->safe : p->unsafe;
    if (own && *own->source)
        return rk_path_from_root(own->source, root);
    if (other == NULL || *other->source == '\0')
        return rk_xasprintf("%s/%s.c", p->case_id, variant);
    char *dir = rk_path_from_root(other->source, root);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    char *path = slash ? rk_xasprintf("%s/%s.c", dir, variant) : rk_xasprintf("%s.c", variant);
    free(dir);
    return path;
}

void rk_html_sources(rk_strbuf *out, const rk_pair *p, const rk_report_opts *o)
{
    char *pa = variant_path(p, "unsafe", o->root), *pb = variant_path(p, "safe", o->root);
    source a, b;
    load_source(&a, pa, p->unsafe);
    load_source(&b, pb, p->safe);
    put_sources(out, &a, &b);
    free_source(&a);
    free_source(&b);
    free(pa);
    free(pb);
}
