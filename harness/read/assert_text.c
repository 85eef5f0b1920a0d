/* assert_text.c - a failed assert() in a program's stderr (see assert_text.h). */
#define _GNU_SOURCE
#include "assert_text.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

static const char ASSERTION[] = "Assertion `";
static const char FAILED[] = "' failed.";

/* The end of the line that starts at `p` (its '\n' or `end`). */
static const char *line_end(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    return nl ? nl : end;
}

/* The function's name in glibc's function field, which clang and gcc fill
 * with the pretty name ("int main(void)" -> "main"); NULL when empty. The
 * caller frees. */
static char *function_name(const char *field)
{
    const char *paren = strchr(field, '('), *end = paren ? paren : field + strlen(field);
    const char *start = end;
    while (start > field && (start[-1] == '_' || (start[-1] >= '0' && start[-1] <= '9') ||
                             ((start[-1] | 32) >= 'a' && (start[-1] | 32) <= 'z')))
        start--;
    return start < end ? rk_xstrndup(start, (size_t)(end - start)) : NULL;
}

/* Parse one line [p, e) of glibc's format into *inv; 1 when it is one. */
static int parse_line(const char *p, const char *e, rk_invariant *inv)
{
    char *line = rk_xstrndup(p, (size_t)(e - p));
    char *a = strstr(line, ASSERTION), *f = a ? strstr(a, FAILED) : NULL;
    int ok = 0;
    if (!a || !f || f[sizeof FAILED - 1] != '\0') /* "failed." ends the line */
        goto out;
    *a = '\0', *f = '\0';
    const char *expr = a + sizeof ASSERTION - 1;
    /* Before "Assertion `": "<program>: <file>:<line>: <function>: ", the
     * fields split at ": ". The file field is the first that ends in
     * ":<digits>"; the function, when present, follows it. */
    char *fields[8];
    int n = 0;
    for (char *s = line; n < 8;) {
        char *sep = strstr(s, ": ");
        if (!sep)
            break;
        *sep = '\0';
        fields[n++] = s;
        s = sep + 2;
    }
    for (int i = 0; i < n; i++) {
        char *colon = strrchr(fields[i], ':');
        if (!colon || colon == fields[i] || colon[1] == '\0' || strspn(colon + 1, "0123456789") != strlen(colon + 1))
            continue;
        *colon = '\0';
        const char *base = strrchr(fields[i], '/');
        inv->failed = 1;
        inv->file = rk_xstrdup(base ? base + 1 : fields[i]);
        inv->line = atoi(colon + 1);
        char *fn = i + 1 < n ? function_name(fields[i + 1]) : NULL;
        inv->message = fn ? rk_xasprintf("assert(%s) failed in %s", expr, fn)
                          : rk_xasprintf("assert(%s) failed", expr);
        free(fn);
        ok = 1;
        break;
    }
out:
    free(line);
    return ok;
}

int rk_assert_parse(const char *text, size_t len, rk_invariant *inv)
{
    const char *end = text + len, *last = NULL;
    for (const char *p = text; p < end;) {
        const char *e = line_end(p, end);
        if (memmem(p, (size_t)(e - p), ASSERTION, sizeof ASSERTION - 1))
            last = p;
        p = e < end ? e + 1 : end;
    }
    return last && parse_line(last, line_end(last, end), inv);
}
