/* grade_scratch.c - each submission's own scratch copy of the exercise:
 * the teacher's files, never the student's, with the student's safe.c
 * (see gradebook.h). */
#define _XOPEN_SOURCE 700
#include "gradebook.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { FILE_MAX = 16 << 20, SLUG_MAX = 40 };

/* A lowercase word name for any folder name ("Alice_99" -> "alice-99-<8
 * hex>"): racekit check names results after the scratch folder's parent,
 * and the hash of the whole name keeps "Alice_99" and "alice-99" apart. */
static char *slug(const char *student)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    for (const char *p = student; *p && sb.len < SLUG_MAX; p++) {
        if (isalnum((unsigned char)*p) && (unsigned char)*p < 128)
            rk_sb_putc(&sb, (char)tolower((unsigned char)*p));
        else if (sb.len > 0 && sb.buf[sb.len - 1] != '-')
            rk_sb_putc(&sb, '-');
    }
    if (sb.len > 0 && sb.buf[sb.len - 1] != '-')
        rk_sb_putc(&sb, '-');
    if (sb.len == 0)
        rk_sb_puts(&sb, "s-");
    rk_sb_printf(&sb, "%08x", (unsigned)(rk_hash_str(RK_HASH_INIT, student) & 0xffffffffu));
    return rk_sb_detach(&sb);
}

/* Copy the exercise's files (grade_exercise_files: not safe.c, nothing
 * hidden such as a Classroom repository's .gitlab-ci.yml) into `to`,
 * emptied of an earlier run's copy first. */
static int copy_exercise(const grade_exercise *x, const char *to)
{
    rk_strlist files = RK_STRLIST_INIT;
    grade_exercise_files(x, &files);
    char *outputs = rk_path_join(to, RK_EXERCISE_STDOUT_DIR);
    rk_empty_dir(to);
    if (rk_is_dir(outputs))
        rk_empty_dir(outputs); /* an older exercise's outputs must not stay */
    free(outputs);
    int rc = 0;
    for (int i = 0; rc == 0 && i < files.n; i++) {
        char *from = rk_path_join(x->dir, files.items[i]), *dest = rk_path_join(to, files.items[i]);
        char *parent = rk_dirname(dest);
        size_t len;
        char *text = rk_read_file(from, FILE_MAX, &len);
        rc = text && rk_mkdir_p(parent) == 0 && rk_write_file_atomic(dest, text, len) == 0 ? 0 : -1;
        free(text), free(from), free(dest), free(parent);
    }
    rk_sl_free(&files);
    return rc;
}

char *grade_result_path(const gradebook *gb, const grade_row *r)
{
    return rk_xasprintf("%s/build/results/tsan/%s/%s/safe.json", gb->work, r->slug, gb->x.name);
}

int grade_scratch(const gradebook *gb, grade_row *r)
{
    size_t len = 0;
    char *text = grade_read_submission(gb, r, &len, &r->problem);
    if (text == NULL)
        return -1;
    r->slug = slug(r->student);
    r->scratch = rk_xasprintf("%s/scratch/%s/%s", gb->work, r->slug, gb->x.name);
    char *safe = rk_path_join(r->scratch, "safe.c");
    int rc = rk_mkdir_p(r->scratch);
    if (rc == 0)
        rc = copy_exercise(&gb->x, r->scratch);
    if (rc == 0)
        rc = rk_write_file_atomic(safe, text, len);
    if (rc < 0)
        r->problem = rk_xasprintf("cannot make its scratch copy %s: %s", r->scratch, strerror(errno));
    free(safe);
    free(text);
    return rc;
}
