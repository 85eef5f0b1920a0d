/* gradebook.c - what the gradebook's writers share (see gradebook.h). */
#define _XOPEN_SOURCE 700
#include "gradebook.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *grade_verdict_name(grade_verdict v)
{
    return v == GRADE_PASS ? "pass" : v == GRADE_FAIL ? "fail" : "not run";
}

char *grade_feedback_file(const grade_row *r)
{
    return rk_xasprintf("feedback/%s.md", r->student);
}

int grade_first_failure(const gradebook *gb, const grade_row *r)
{
    for (int i = 0; i < gb->x.n_tests; i++)
        if (r->marks[i].verdict != GRADE_PASS)
            return i;
    return -1;
}

int gradebook_write(const gradebook *gb, const char *file, rk_strbuf *text)
{
    char *path = rk_path_join(gb->out, file);
    int rc = rk_write_file_atomic(path, text->buf ? text->buf : "", text->len);
    if (rc < 0)
        rk_error("grade: %s: cannot write: %s", path, strerror(errno));
    free(path);
    rk_sb_free(text);
    return rc;
}
