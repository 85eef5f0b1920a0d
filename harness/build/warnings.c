/* warnings.c - warnings out of the compiler's messages (see warnings.h). */
#define _POSIX_C_SOURCE 200809L
#include "warnings.h"
#include "util/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A ":<digits>" at `p`: returns the position after it, or NULL. */
static const char *colon_number(const char *p)
{
    if (*p != ':' || !isdigit((unsigned char)p[1]))
        return NULL;
    for (p++; isdigit((unsigned char)*p); p++)
        ;
    return p;
}

/* One line of the messages: the warning it holds as an item, or NULL. */
static char *warning_of(const char *line, size_t len)
{
    static const char tag[] = ": warning: ";
    char *copy = rk_xstrndup(line, len), *item = NULL;
    char *at = strstr(copy, tag);
    if (at) {
        /* Find "<file>:<line>[:<col>]" just before the tag. */
        *at = '\0';
        char *file_end = NULL;
        for (char *p = copy; (p = strchr(p, ':')) != NULL; p++) {
            const char *after = colon_number(p);
            if (after && (*after == '\0' || (colon_number(after) && *colon_number(after) == '\0'))) {
                file_end = p;
                break;
            }
        }
        if (file_end && file_end > copy) {
            char *where = file_end; /* ":12:5" */
            *file_end = '\0';
            item = rk_xasprintf("%s:%s: %s", rk_basename(copy), where + 1, at + sizeof tag - 1);
        }
    }
    free(copy);
    return item;
}

void rk_warnings_parse(const char *log, rk_strlist *out)
{
    for (const char *p = log; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *item = warning_of(p, len);
        if (item && !rk_sl_contains(out, item))
            rk_sl_add(out, item);
        free(item);
        p = nl ? nl + 1 : NULL;
    }
}
