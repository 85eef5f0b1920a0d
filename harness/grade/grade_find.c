/* grade_find.c - the submissions: every entry of <submissions> and the
 * student's safe.c in it, read without following a link out of it (see
 * gradebook.h). */
#define _XOPEN_SOURCE 700
#include "gradebook.h"
#include "report/report.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { SUBMISSION_MAX = 1 << 20, PATH_DEPTH = 8 };

static int by_name(const void *a, const void *b)
{
    return strcmp(((const grade_row *)a)->student, ((const grade_row *)b)->student);
}

/* 1 when `path` resolves to a place inside the folder `inside` (both real). */
static int stays_inside(const char *path, const char *inside)
{
    char *real = realpath(path, NULL);
    size_t n = strlen(inside);
    int ok = real && strncmp(real, inside, n) == 0 && real[n] == '/';
    free(real);
    return ok;
}

/* Where the student's safe.c is in `entry`: its own safe.c, else the
 * exercise's path inside a clone of the student's repository
 * (<entry>/<name>/safe.c, <entry>/<parent>/<name>/safe.c, ...). Relative
 * to `entry`; NULL when there is none. */
static char *locate(const gradebook *gb, const char *entry)
{
    char *rel = rk_xstrdup("safe.c");
    const char *from = gb->x.dir + strlen(gb->x.dir);
    for (int depth = 0; depth <= PATH_DEPTH; depth++) {
        char *path = rk_path_join(entry, rel);
        struct stat st;
        int here = lstat(path, &st) == 0;
        free(path);
        if (here)
            return rel;
        free(rel);
        while (from > gb->x.dir && from[-1] != '/')
            from--;
        if (from <= gb->x.dir + 1)
            return NULL;
        rel = rk_xasprintf("%s/safe.c", from);
        from--;
    }
    free(rel);
    return NULL;
}

/* Fill row r for the entry `name` of the submissions folder. */
static void find_one(const gradebook *gb, const char *name, grade_row *r)
{
    memset(r, 0, sizeof *r);
    r->student = rk_xstrdup(name);
    char *entry = rk_path_join(gb->subs, name);
    char *rel = locate(gb, entry);
    if (rel == NULL)
        r->problem = rk_xasprintf("no safe.c: looked for safe.c and .../%s/safe.c inside the folder", gb->x.name);
    else
        r->found = rk_xasprintf("%s/%s", name, rel);
    free(rel);
    free(entry);
}

int grade_find(gradebook *gb)
{
    DIR *d = opendir(gb->subs);
    if (d == NULL) {
        rk_error("grade: %s: %s", gb->subs, strerror(errno));
        return -1;
    }
    struct stat out_st, st;
    int have_out = stat(gb->out, &out_st) == 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue; /* hidden entries (., .., .git) are no student's */
        char *entry = rk_path_join(gb->subs, e->d_name);
        int is_dir = lstat(entry, &st) == 0 && S_ISDIR(st.st_mode);
        int is_out = have_out && is_dir && st.st_dev == out_st.st_dev && st.st_ino == out_st.st_ino;
        free(entry);
        if (is_out)
            continue; /* the gradebook written inside the submissions folder */
        if (!is_dir) {
            rk_strbuf shown = RK_STRBUF_INIT;
            rk_text_clean(&shown, e->d_name, strlen(e->d_name));
            printf("note: %s is not a folder (a symbolic link or a file): not a submission, left out\n",
                   rk_sb_cstr(&shown));
            rk_sb_free(&shown);
            continue;
        }
        gb->rows = rk_xrealloc(gb->rows, (size_t)(gb->n + 1) * sizeof *gb->rows);
        find_one(gb, e->d_name, &gb->rows[gb->n++]);
    }
    closedir(d);
    qsort(gb->rows, (size_t)gb->n, sizeof *gb->rows, by_name);
    return 0;
}

void grade_find_self(gradebook *gb)
{
    free(gb->subs);
    gb->subs = rk_dirname(gb->x.dir);
    gb->rows = rk_xcalloc(1, sizeof *gb->rows);
    gb->n = 1;
    grade_row *r = &gb->rows[0];
    r->student = rk_xstrdup(rk_basename(gb->x.dir));
    char *safe = rk_path_join(gb->x.dir, "safe.c");
    struct stat st;
    if (lstat(safe, &st) == 0)
        r->found = rk_xasprintf("%s/safe.c", r->student);
    else
        r->problem = rk_xasprintf("no safe.c in %s", gb->x.dir);
    free(safe);
}

char *grade_read_submission(const gradebook *gb, const grade_row *r, size_t *len, char **problem)
{
    char *path = rk_path_join(gb->subs, r->found), *entry = rk_path_join(gb->subs, r->student);
    char *inside = realpath(entry, NULL), *text = NULL;
    int fd = -1;
    struct stat st;
    if (inside == NULL || !stays_inside(path, inside))
        *problem = rk_xasprintf("%s leads out of the student's folder (a symbolic link)", r->found);
    else if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) < 0)
        *problem = rk_xasprintf("%s: cannot read: %s", r->found, errno == ELOOP ? "a symbolic link" : strerror(errno));
    else if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
        *problem = rk_xasprintf("%s is not a regular file", r->found);
    else if (st.st_size > SUBMISSION_MAX)
        *problem = rk_xasprintf("%s is larger than 1 MiB", r->found);
    else {
        text = rk_xmalloc((size_t)st.st_size + 1);
        ssize_t got = read(fd, text, (size_t)st.st_size);
        if (got != st.st_size) {
            *problem = rk_xasprintf("%s: cannot read it whole", r->found);
            free(text);
            text = NULL;
        } else {
            text[got] = '\0';
            *len = (size_t)got;
        }
    }
    if (fd >= 0)
        close(fd);
    free(path), free(entry), free(inside);
    return text;
}
