/* gradebook_json.c - grades.json: the exercise, its tests and their
 * points, and a record per student (name order) with each test's verdict,
 * reason and points (see gradebook.h; docs/exercises.md lists the fields). */
#define _XOPEN_SOURCE 700
#include "gradebook.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static void tests(rk_jw *w, const gradebook *gb)
{
    rk_jw_key(w, "tests");
    rk_jw_array(w);
    for (int i = 0; i < gb->x.n_tests; i++) {
        rk_jw_object(w);
        rk_jw_key(w, "name");
        rk_jw_str(w, gb->x.tests[i].name);
        rk_jw_key(w, "points");
        rk_jw_double(w, gb->x.tests[i].points);
        rk_jw_key(w, "about");
        rk_jw_str(w, gb->x.tests[i].about);
        rk_jw_end(w);
    }
    rk_jw_end(w);
}

static void student(rk_jw *w, const gradebook *gb, const grade_row *r)
{
    char key[17], *feedback = grade_feedback_file(r);
    snprintf(key, sizeof key, "%016" PRIx64, r->key);
    rk_jw_object(w);
    rk_jw_key(w, "student");
    rk_jw_str(w, r->student);
    rk_jw_key(w, "source");
    rk_jw_str(w, r->found);
    rk_jw_key(w, "points");
    rk_jw_double(w, r->points);
    rk_jw_key(w, "max");
    rk_jw_double(w, gb->x.max);
    rk_jw_key(w, "check");
    rk_jw_str(w, r->problem ? "not run" : r->check_pass ? "pass" : "fail");
    rk_jw_key(w, "problem");
    rk_jw_str(w, r->problem);
    rk_jw_key(w, "cached");
    rk_jw_bool(w, r->cached);
    rk_jw_key(w, "key");
    rk_jw_str(w, r->slug ? key : NULL);
    rk_jw_key(w, "line");
    if (r->line > 0)
        rk_jw_int(w, r->line);
    else
        rk_jw_null(w);
    rk_jw_key(w, "schedule");
    rk_jw_str(w, r->schedule);
    rk_jw_key(w, "feedback");
    rk_jw_str(w, feedback);
    rk_jw_key(w, "tests");
    rk_jw_object(w);
    for (int i = 0; i < gb->x.n_tests; i++) {
        rk_jw_key(w, gb->x.tests[i].name);
        rk_jw_object(w);
        rk_jw_key(w, "verdict");
        rk_jw_str(w, grade_verdict_name(r->marks[i].verdict));
        rk_jw_key(w, "reason");
        rk_jw_str(w, r->marks[i].reason);
        rk_jw_key(w, "points");
        rk_jw_double(w, r->marks[i].points);
        rk_jw_end(w);
    }
    rk_jw_end(w);
    rk_jw_end(w);
    free(feedback);
}

int gradebook_json(const gradebook *gb)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_jw w = rk_jw_start(&sb, 1);
    rk_jw_object(&w);
    rk_jw_key(&w, "schema");
    rk_jw_int(&w, 1);
    rk_jw_key(&w, "exercise");
    rk_jw_str(&w, gb->x.dir);
    rk_jw_key(&w, "exercise_given"); /* as the teacher typed it: the page's title, the feedback's commands */
    rk_jw_str(&w, gb->x.arg);
    char key[17], shard[32];
    grade_exercise_key_hex(&gb->x, key);
    rk_jw_key(&w, "exercise_key");
    rk_jw_str(&w, key);
    snprintf(shard, sizeof shard, "%d/%d", gb->shard_k, gb->shard_n);
    rk_jw_key(&w, "shard");
    rk_jw_str(&w, gb->shard_n ? shard : NULL);
    rk_jw_key(&w, "max");
    rk_jw_double(&w, gb->x.max);
    tests(&w, gb);
    rk_jw_key(&w, "students");
    rk_jw_array(&w);
    for (int k = 0; k < gb->n; k++)
        student(&w, gb, &gb->rows[k]);
    rk_jw_end(&w);
    rk_jw_end(&w);
    rk_sb_putc(&sb, '\n');
    return gradebook_write(gb, "grades.json", &sb);
}
