/* case_list.c - list the case folders of a cases root (see case_list.h). */
#define _POSIX_C_SOURCE 200809L
#include "case_list.h"
#include "util/util.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The subdirectories of `dir` (full paths, sorted) into `out`; -1 when
 * `dir` cannot be opened. */
static int subdirs(const char *dir, rk_strlist *out)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return -1;
    int first = out->n;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char *path = rk_path_join(dir, e->d_name);
        if (rk_is_dir(path))
            rk_sl_add(out, path);
        free(path);
    }
    closedir(d);
    qsort(out->items + first, (size_t)(out->n - first), sizeof *out->items, by_name);
    return out->n - first;
}

int rk_case_list(const char *cases_root, rk_strlist *dirs)
{
    rk_strlist topics = RK_STRLIST_INIT;
    if (subdirs(cases_root, &topics) < 0)
        return -1;
    int before = dirs->n;
    for (int i = 0; i < topics.n; i++)
        subdirs(topics.items[i], dirs);
    rk_sl_free(&topics);
    return dirs->n - before;
}
