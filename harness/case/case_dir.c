/* case_dir.c - find and check a case folder (see case_dir.h). */
#define _XOPEN_SOURCE 700
#include "case_dir.h"
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *locate(const char *arg, const char *cases_root)
{
    if (rk_is_dir(arg))
        return realpath(arg, NULL);
    char *under = rk_path_join(cases_root, arg);
    char *real = rk_is_dir(under) ? realpath(under, NULL) : NULL;
    free(under);
    return real;
}

static int check_files(const rk_case *c, char *err, size_t errlen)
{
    static const char *const files[] = { "unsafe.c", "safe.c", "README.md" };
    for (size_t i = 0; i < 3; i++) {
        char *path = rk_case_file(c, files[i]);
        int ok = access(path, R_OK) == 0 && rk_is_file(path);
        int saved = errno;
        if (!ok) {
            if (saved == ENOENT || rk_is_dir(path))
                snprintf(err, errlen, "%s: missing (a case folder needs unsafe.c, safe.c and README.md)", path);
            else
                snprintf(err, errlen, "%s: cannot read: %s", path, strerror(saved));
        }
        free(path);
        if (!ok)
            return -1;
    }
    return 0;
}

int rk_case_resolve(const char *arg, const char *cases_root, rk_case *c,
                    char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->dir = locate(arg, cases_root);
    if (c->dir == NULL) {
        snprintf(err, errlen, "%s: no such case folder (give a path, or topic/name under %s)", arg, cases_root);
        return -1;
    }
    char *copy = rk_xstrdup(c->dir);
    char *slash = strrchr(copy, '/');
    *slash = '\0';
    c->name = rk_xstrdup(slash + 1);
    slash = strrchr(copy, '/');
    c->topic = rk_xstrdup(slash ? slash + 1 : copy);
    free(copy);
    c->id = rk_xasprintf("%s/%s", c->topic, c->name);
    if (!rk_is_word_name(c->topic) || !rk_is_word_name(c->name)) {
        snprintf(err, errlen, "%s: topic and name must be lowercase words joined by '-' (got '%s')", c->dir, c->id);
        rk_case_free(c);
        return -1;
    }
    if (check_files(c, err, errlen) < 0) {
        rk_case_free(c);
        return -1;
    }
    return 0;
}

int rk_case_open(const char *arg, rk_case *c, rk_meta *meta)
{
    char err[1024];
    char *root = rk_path_join(rk_paths_get()->source_dir, "cases");
    int rc = rk_case_resolve(arg, root, c, err, sizeof err);
    free(root);
    memset(meta, 0, sizeof *meta);
    if (rc == 0) {
        char *readme = rk_case_file(c, "README.md");
        rc = rk_meta_load(readme, meta, err, sizeof err);
        free(readme);
        if (rc < 0)
            rk_case_free(c);
    }
    if (rc < 0)
        rk_error("%s", err);
    return rc;
}

char *rk_case_file(const rk_case *c, const char *file) { return rk_path_join(c->dir, file); }

void rk_case_free(rk_case *c)
{
    free(c->dir);
    free(c->topic);
    free(c->name);
    free(c->id);
    memset(c, 0, sizeof *c);
}
