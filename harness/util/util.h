/* util.h - error reporting and allocation that cannot fail silently; and
 * the door of harness/util/, the floor every stage stands on: strings and
 * lists, files and folders, hashes, diffs, JSON, UTF-8, where racekit's
 * pieces are (paths.h), the command-line parser of every command
 * (options.h) and this racekit as the user types it (prog.h). Depends on
 * nothing else of the harness. */
#ifndef RK_UTIL_H
#define RK_UTIL_H

#include "diff.h"
#include "fsutil.h"
#include "hash.h"
#include "json_read.h"
#include "json_write.h"
#include "options.h"
#include "paths.h"
#include "prog.h"
#include "strbuf.h"
#include "strlist.h"
#include "utf8.h"

#include <stddef.h>

/* Exit statuses of every racekit command (DESIGN: outcomes and verdicts). */
enum {
    RK_EXIT_PASS = 0,
    RK_EXIT_FAIL = 1,
    RK_EXIT_USAGE = 2,  /* bad usage or bad input: one line on stderr */
    RK_EXIT_SKIP = 77,  /* the detector is not installed */
};

/* rk_error - print "racekit: <message>" as one line on stderr. */
void rk_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* rk_xmalloc, rk_xcalloc, rk_xrealloc, rk_xstrdup, rk_xstrndup - allocate or
 * abort with a message: running out of memory in the harness is not a case
 * outcome. The caller owns the result and frees it with free(). */
void *rk_xmalloc(size_t n);
void *rk_xcalloc(size_t count, size_t size);
void *rk_xrealloc(void *p, size_t n);
char *rk_xstrdup(const char *s);
char *rk_xstrndup(const char *s, size_t n);

/* rk_xasprintf - printf into a new string the caller frees. */
char *rk_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* rk_env_select - the entries of this process's environment for which
 * keep(entry) is true, borrowed (not copied), in a new array with room for
 * `extra` more entries and the terminating NULL; *n is the number kept.
 * The caller frees the array only. */
char **rk_env_select(int (*keep)(const char *entry), size_t extra, size_t *n);

/* rk_now - monotonic clock in seconds. */
double rk_now(void);

/* rk_is_word_name - 1 when `s` is lowercase words ([a-z0-9]+) joined by '-'
 * (the rule for topic and case names), else 0. */
int rk_is_word_name(const char *s);

#endif
