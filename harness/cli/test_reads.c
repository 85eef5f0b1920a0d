/* test_reads.c - the files a test's builds read, as part of its key (see
 * test_cache.h; the lines are those of build/compile.h). */
#define _GNU_SOURCE
#include "test_cache.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int compare_lines(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when `path` names a file in the folder `dir`. */
static int under(const char *path, const char *dir)
{
    size_t n = dir ? strlen(dir) : 0;
    return path && n > 0 && strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* 1 when `path` is in the build folder `build` (resolved), as named or
 * resolved (it may be gone by now): a file the test wrote itself, such as
 * an end-to-end script's scratch case, not one it reads. */
static int own_file(const char *path, const char *build)
{
    char *real = realpath(path, NULL);
    int own = under(path, build) || under(real, build);
    free(real);
    return own;
}

char *rk_test_reads_parse(const char *text, rk_strlist *reads)
{
    if (text == NULL)
        return rk_xstrdup("the list of files its builds read is missing");
    char *build = realpath(rk_paths_get()->build_dir, NULL), *why = NULL;
    char *source = realpath(rk_paths_get()->source_dir, NULL);
    /* A build folder that holds the sources (an in-source build) holds
     * inputs too: nothing in it is left out then. */
    if (source && under(source, build)) {
        free(build);
        build = NULL;
    }
    free(source);
    char *copy = rk_xstrdup(text), *save = NULL;
    rk_strlist found = RK_STRLIST_INIT;
    for (char *line = strtok_r(copy, "\n", &save); line && !why; line = strtok_r(NULL, "\n", &save)) {
        const char *path = strchr(line, ' ');
        if (path == NULL || path[1] != '/')
            why = rk_xasprintf("a line of the list of files its builds read is not one: '%s'", line);
        else if (own_file(path + 1, build))
            continue;
        else if (strncmp(line, "changed ", 8) == 0)
            why = rk_xasprintf("%s changed while it was built", path + 1);
        else if (strncmp(line, "unknown ", 8) == 0)
            why = rk_xasprintf("the compiler did not say what the build of %s read", path + 1);
        else
            rk_sl_add(&found, line);
    }
    /* Sorted, each line once: the same builds in another order (two jobs)
     * give the same key. */
    if (found.n > 1)
        qsort(found.items, (size_t)found.n, sizeof *found.items, compare_lines);
    for (int i = 0; i < found.n; i++)
        if (i == 0 || strcmp(found.items[i], found.items[i - 1]) != 0)
            rk_sl_add(reads, found.items[i]);
    rk_sl_free(&found);
    free(copy);
    free(build);
    return why;
}

void rk_test_reads_now(const rk_strlist *paths, rk_strlist *reads)
{
    for (int i = 0; i < paths->n; i++) {
        struct stat st;
        uint64_t h;
        char *line = stat(paths->items[i], &st) == 0 && S_ISREG(st.st_mode) &&
                             rk_test_content_hash(paths->items[i], &st, &h) == 0
                         ? rk_xasprintf("%016" PRIx64 " %s", h, paths->items[i])
                         : rk_xasprintf("unreadable %s", paths->items[i]);
        rk_sl_add(reads, line);
        free(line);
    }
}

uint64_t rk_test_key_reads(uint64_t key, const rk_strlist *reads)
{
    for (int i = 0; i < reads->n; i++)
        key = rk_hash_str(key, reads->items[i]);
    return key;
}
