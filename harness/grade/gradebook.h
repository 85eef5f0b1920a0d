/* gradebook.h - what the files of harness/grade/ share: the exercise and
 * its tests, one row per submission, and the job of each file. Not a door:
 * only this folder includes it. */
#ifndef RK_GRADEBOOK_H
#define RK_GRADEBOOK_H

#include "case/case.h"
#include "judge/judge.h"
#include "util/util.h"

#include <stdint.h>

enum { GRADE_MAX_TESTS = 8 };

typedef enum { GRADE_PASS, GRADE_FAIL, GRADE_NOT_RUN } grade_verdict;

/* One test of the exercise and what it is worth. */
typedef struct {
    const char *name;  /* "compiles", "clean", "schedules", or an exercise rule's name */
    const char *about; /* what it asks, for the gradebook's legend */
    double points;
} grade_test;

typedef struct {
    char *dir;         /* the exercise folder, absolute */
    const char *arg;   /* as the teacher typed it: the student's path to it too */
    char *name;        /* its last component: the scratch copies' folder name */
    rk_meta meta;
    grade_test tests[GRADE_MAX_TESTS];
    int n_tests;
    double max;
    char *hint;        /* the lesson's hint for the feedback, or NULL */
    uint64_t key;      /* its files (grade_exercise_files): shards of one exercise share it */
} grade_exercise;

typedef struct {
    grade_verdict verdict;
    char *reason;
    double points;
} grade_mark;

/* One entry of <submissions>. Every string is owned; the student's name is
 * untrusted text (any bytes a folder name may hold). */
typedef struct {
    char *student;     /* the entry's name */
    char *found;       /* safe.c's path below <submissions>, or NULL */
    char *problem;     /* why it was not graded (no safe.c, grading timed out...), or NULL */
    char *slug;        /* a lowercase word name: the scratch copy's parent */
    char *scratch;     /* the scratch exercise folder */
    uint64_t key;      /* content key (grade_cache.c) */
    int cached;        /* its result came from the cache */
    char *result;      /* the result file's text, or NULL */
    size_t result_len;
    int check_pass;    /* racekit check's own verdict */
    int line;          /* the first safe.c line a failure names, or 0 */
    char *line_text;   /* that line of the student's safe.c, or NULL */
    char *schedule;    /* the failing schedule for racekit replay, or NULL */
    grade_mark marks[GRADE_MAX_TESTS];
    double points;
    char *feedback;    /* merged: the shard's feedback file, written as it is; or NULL */
} grade_row;

typedef struct {
    grade_exercise x;
    char *subs;        /* the submissions folder, absolute */
    char *out;         /* the gradebook folder, absolute */
    char *work;        /* <out>/.work: scratch copies, build tree, cache */
    int jobs, runs;
    double timeout_s;  /* per submission */
    int shard_k, shard_n; /* --shard K/N, or 0 0 for the whole class */
    grade_row *rows;
    int n;
} gradebook;

/* grade_exercise.c - load the exercise folder `arg`: its front matter, its
 * tests and their points (`points:`), the lesson's hint. -1 with one line
 * printed on bad input. Free with grade_exercise_free. */
int grade_exercise_load(const char *arg, grade_exercise *x);
void grade_exercise_free(grade_exercise *x);
/* grade_exercise_files - the exercise's files a scratch copy takes: its
 * regular files and those of its folder of expected outputs
 * (expected-stdout/), hidden ones and safe.c left out, as paths below
 * x->dir in byte order. */
void grade_exercise_files(const grade_exercise *x, rk_strlist *out);
/* grade_test_index - the index of test `name` in x, or -1. */
int grade_test_index(const grade_exercise *x, const char *name);

/* grade_find.c - every entry of gb->subs (hidden ones and gb->out left
 * out), sorted by name, into gb->rows, each with its safe.c found (the
 * entry's own, or at the exercise's path inside a clone) or a problem.
 * -1 with one line when the folder cannot be read. */
int grade_find(gradebook *gb);
/* grade_find_self - the exercise folder itself as the one submission (its
 * own safe.c: a student's repository, graded where it is); gb->subs
 * becomes its parent. */
void grade_find_self(gradebook *gb);
/* grade_read_submission - the student's safe.c (no symbolic link, at most
 * 1 MiB), or NULL with *problem set (owned). */
char *grade_read_submission(const gradebook *gb, const grade_row *r, size_t *len, char **problem);

/* grade_shard.c - parse "K/N" (1 <= K <= N <= 1000) into gb; -1 when it
 * is not. grade_shard_keep: only the rows of share K (the FNV-1a hash of
 * the student's name, modulo N, is K-1), the others freed. */
int grade_shard_parse(gradebook *gb, const char *text);
void grade_shard_keep(gradebook *gb);
/* grade_row_free - what row r owns. */
void grade_row_free(grade_row *r);

/* grade_merge.c - racekit grade --merge: the gradebooks in dirs[0..n-1]
 * (their grades.json and feedback/) into gb's exercise and rows, in name
 * order. -1 with one line naming the file when one cannot be read, is of
 * another exercise, holds a student another holds, or a shard is
 * missing. The parsed files stay in docs[0..n-1] (gb's test names point
 * into them): free them after gb. */
int grade_merge(gradebook *gb, char *const *dirs, int n, rk_json *docs);

/* grade_classroom.c - racekit grade --classroom: write x's
 * .github/workflows/classroom.yml (GitHub Classroom's autograding: a
 * command-grader step per test with its points, then the reporter) and
 * .gitlab-ci.yml (one job, a JUnit report), each grading the repository's
 * own safe.c with racekit grade --test. -1 with one line. */
int grade_classroom(const gradebook *gb);

/* grade_scratch.c - a fresh scratch exercise folder for row r: the
 * exercise's files with the student's safe.c; sets r->slug, r->scratch.
 * -1 with r->problem set. */
int grade_scratch(const gradebook *gb, grade_row *r);
/* grade_result_path - where racekit check writes r's result. Caller frees. */
char *grade_result_path(const gradebook *gb, const grade_row *r);

/* grade_cache.c - r->key from every input of its grading; and the cache
 * of result files by key: grade_cache_get fills r->result (1) or not (0);
 * grade_cache_put keeps r->result. */
void grade_cache_key(const gradebook *gb, grade_row *r);
int grade_cache_get(const gradebook *gb, grade_row *r);
void grade_cache_put(const gradebook *gb, const grade_row *r);

/* grade_run.c - run racekit check on every row that has neither a problem
 * nor a result, gb->jobs at a time, each in its own child with its own
 * timeout; fills r->result or r->problem. Returns how many ran. */
int grade_run_all(gradebook *gb);

/* grade_marks.c - each test's verdict, reason and points for row r, from
 * its result file and the exercise's rules judged on its scratch copy. */
void grade_marks(const gradebook *gb, grade_row *r);

/* The gradebook's files, each written atomically into gb->out; -1 with one
 * line printed. Rows are in name order; the HTML page sorts them itself. */
int gradebook_csv(const gradebook *gb);
int gradebook_json(const gradebook *gb);
int gradebook_html(const gradebook *gb);
int gradebook_feedback(const gradebook *gb);
int gradebook_junit(const gradebook *gb);

/* gradebook_write - write `text` as gb->out/<file>; -1 with one line. */
int gradebook_write(const gradebook *gb, const char *file, rk_strbuf *text);
/* grade_verdict_name - "pass", "fail", "not run". */
const char *grade_verdict_name(grade_verdict v);
/* grade_feedback_file - "feedback/<student>.md". Caller frees. */
char *grade_feedback_file(const grade_row *r);
/* grade_exercise_key_hex - x's key as 16 hex digits into buf. */
void grade_exercise_key_hex(const grade_exercise *x, char buf[17]);
/* grade_first_failure - the first failing test of r (its index), or -1. */
int grade_first_failure(const gradebook *gb, const grade_row *r);

#endif
