/* report_sarif_locate.c - where a SARIF result without a report points,
 * the compiler's message of a build error, and the fingerprint of a
 * finding (see report_sarif.h). */
#define _POSIX_C_SOURCE 200809L
#include "report_sarif.h"
#include "util/util.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_SOURCE_BYTES = 1 << 20 };

/* "<variant>.c:<line>[:<column>]" in `text`, as a whole file name (so
 * "safe.c:" does not match inside "unsafe.c:"): the line, or 0. */
static int line_in(const char *text, const rk_row *r, int *column)
{
    char *needle = rk_xasprintf("%s.c:", r->variant);
    int line = 0;
    for (const char *p = strstr(text, needle); p && line == 0; p = strstr(p + 1, needle)) {
        if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '-'))
            continue;
        const char *q = p + strlen(needle);
        if (!isdigit((unsigned char)*q))
            continue;
        line = atoi(q);
        q += strspn(q, "0123456789");
        if (column)
            *column = *q == ':' && isdigit((unsigned char)q[1]) ? atoi(q + 1) : 0;
    }
    free(needle);
    return line;
}

/* The line a hung run waits on in its own source: the first frame in
 * <variant>.c of a thread other than gdb's thread 1 (main, which waits in
 * racekit_run's join), else main's. 0 when the stacks name none. */
static int wait_line(const rk_row *r)
{
    if (r->stacks == NULL)
        return 0;
    char *file = rk_xasprintf("/%s.c:", r->variant);
    int main_line = 0, other_line = 0, thread = 0, taken = 0;
    for (const char *p = r->stacks; *p && other_line == 0;) {
        const char *nl = strchr(p, '\n');
        char *line = rk_xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
        p = nl ? nl + 1 : p + strlen(p);
        if (strncmp(line, "Thread ", 7) == 0) {
            thread = atoi(line + 7);
            taken = 0;
        }
        const char *at = strstr(line, " at ");
        const char *hit = at ? strstr(at, file) : NULL;
        char *local = rk_xasprintf(" at %s.c:", r->variant); /* a path without a folder */
        if (hit == NULL && at && strncmp(at, local, strlen(local)) == 0)
            hit = at + 3;
        free(local);
        if (line[0] == '#' && hit && !taken && thread > 0) {
            int n = atoi(strchr(hit, ':') + 1);
            if (thread == 1 && main_line == 0)
                main_line = n;
            else if (thread != 1)
                other_line = n;
            taken = 1;
        }
        free(line);
    }
    free(file);
    return other_line ? other_line : main_line;
}

/* For an explored schedule: where a thread other than main is blocked in
 * <variant>.c (a deadlock line: "thread 1 blocked at safe.c:14: lock
 * `b`, ..."), else the schedule's last step in <variant>.c (where its
 * check failed or it crashed). 0 when neither names one. */
static int schedule_line(const rk_row *r)
{
    const rk_explore_row *x = r->explored;
    for (int i = 0; i < x->deadlock.n; i++)
        if (strncmp(x->deadlock.items[i], "thread 0 ", 9) != 0) {
            int line = line_in(x->deadlock.items[i], r, NULL);
            if (line)
                return line;
        }
    char *file = rk_xasprintf("%s.c", r->variant);
    int line = 0;
    for (int i = x->n_timeline - 1; i >= 0 && line == 0; i--)
        if (strcmp(x->timeline[i].file, file) == 0)
            line = x->timeline[i].line;
    free(file);
    return line;
}

int rk_sarif_verdict_line(const rk_row *r, int *column)
{
    *column = 0;
    int line = line_in(r->reason, r, column);
    if (line == 0 && r->outcome == RK_OUT_BUILD_ERROR)
        line = line_in(r->build_log, r, column);
    if (line == 0 && r->outcome == RK_OUT_HANG)
        line = wait_line(r);
    if (line == 0 && r->explored)
        line = schedule_line(r);
    if (line == 0 && r->n_race_lines > 0)
        line = r->race_lines[0];
    return line > 0 ? line : 0;
}

char *rk_sarif_compiler_message(const rk_row *r)
{
    const char *kinds[] = { ": fatal error: ", ": error: " };
    for (int k = 0; k < 2; k++)
        for (const char *p = r->build_log; *p;) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            char *line = rk_xstrndup(p, n);
            p += n + (nl != NULL);
            char *e = strstr(line, kinds[k]);
            if (e == NULL) {
                free(line);
                continue;
            }
            /* "dir/safe.c:14:15" before the kind: keep it from the base name. */
            char *colon = strchr(line, ':');
            *colon = '\0';
            const char *base = rk_basename(line);
            *colon = ':';
            char *msg = rk_xstrdup(base);
            free(line);
            return msg;
        }
    return NULL;
}

char *rk_sarif_line_text(const char *path, int line)
{
    size_t len;
    char *text = rk_read_file(path, MAX_SOURCE_BYTES, &len);
    if (text == NULL)
        return NULL;
    const char *p = text, *end = text + len;
    for (int i = 1; i < line && p < end; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    char *out = NULL;
    if (line >= 1 && p < end) {
        rk_strbuf sb = RK_STRBUF_INIT;
        int space = 0;
        for (; p < end && *p != '\n'; p++) {
            if (isspace((unsigned char)*p)) {
                space = sb.len > 0;
                continue;
            }
            if (space)
                rk_sb_putc(&sb, ' ');
            space = 0;
            rk_sb_putc(&sb, *p);
        }
        out = rk_sb_detach(&sb);
    }
    free(text);
    return out;
}

void rk_sarif_fingerprint(const char *rule_id, const char *rel_path, const char *function,
                          const char *line_text, char out[17])
{
    uint64_t h = RK_HASH_INIT;
    h = rk_hash_str(h, rule_id);
    h = rk_hash_str(h, rel_path);
    h = rk_hash_str(h, function ? function : "");
    h = rk_hash_str(h, line_text ? line_text : "");
    snprintf(out, 17, "%016" PRIx64, h);
}
