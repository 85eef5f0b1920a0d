/* cmd_exercise.c - `racekit exercise <topic>/<name> <dir>`: hand a case to a
 * student without its fix (exercise.h says what the folder holds, and
 * docs/exercises.md how a teacher builds an assignment from it). */
#define _XOPEN_SOURCE 700
#include "case/case.h"
#include "exercise_classroom.h"
#include "exercise_reference.h"
#include "teach.h"
#include "judge/judge.h"
#include "util/util.h"
#include "results/results.h"
#include "sandbox/sandbox.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { SOURCE_MAX = 4 << 20 };

static const char EXERCISE_TEXT[] =
    RK_EXERCISE_ORIGIN "%s.\n"
    "\n"
    "  safe.c              starts as a copy of unsafe.c: it has the bug. Repair it.\n"
    "  unsafe.c            the original, unchanged: racekit check %s unsafe\n"
    "  README.md           the lesson, without its fix\n"
    "  expected-stdout.txt what the reference solution prints (when present; or\n"
    "  expected-stdout/    every output it can print, one file each)\n"
    "\n"
    "Grade your repair with:\n"
    "\n"
    "  racekit check %s safe\n"
    "\n"
    "It passes when ThreadSanitizer reports nothing, the program exits with\n"
    "status 0, every RACEKIT_CHECK of unsafe.c is still in safe.c and passes,\n"
    "and the output is one the reference can print. Removing the threads or the\n"
    "checks is not a repair, nor are threads that do nothing while main\n"
    "prints the answer, nor is telling ThreadSanitizer not to look\n"
    "(no_sanitize, __tsan_* calls, annotations).\n";

static const char README_NOTE[] =
    "> **Exercise.** `safe.c` in this folder still has the bug of `unsafe.c`.\n"
    "> Repair it, then run `racekit check %s safe` (see `exercise.txt`).\n\n";

/* The absolute form of `dir`, which need not exist yet. Caller frees. */
static char *absolute(const char *dir)
{
    if (dir[0] == '/')
        return rk_xstrdup(dir);
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) == NULL)
        return rk_xstrdup(dir);
    return rk_path_join(cwd, dir);
}

/* The folder and its parent name the results (<parent>/<folder>), so both
 * follow the case naming rule. */
static int check_target(const char *dir)
{
    char *copy = rk_xstrdup(dir);
    size_t n = strlen(copy);
    while (n > 1 && copy[n - 1] == '/')
        copy[--n] = '\0';
    char *slash = strrchr(copy, '/');
    const char *name = slash ? slash + 1 : copy;
    if (slash)
        *slash = '\0';
    const char *parent = slash ? rk_basename(copy) : "";
    int ok = rk_is_word_name(name) && rk_is_word_name(parent);
    free(copy);
    struct stat st;
    if (!ok) {
        rk_error("exercise: %s: the folder and its parent must be lowercase words joined by '-' "
                 "(e.g. homework/counter): results are named after them", dir);
        return -1;
    }
    if (lstat(dir, &st) == 0) {
        rk_error("exercise: %s: already exists (pick a new folder)", dir);
        return -1;
    }
    return 0;
}

/* The README without its "## The fix" section, with a note for the student
 * right after the front matter. */
static char *exercise_readme(const char *text, int body_line, const char *dir)
{
    rk_strbuf out = RK_STRBUF_INIT;
    int line = 1, skipping = 0;
    for (const char *p = text; *p; line++) {
        size_t n = strcspn(p, "\n");
        if (line == body_line)
            rk_sb_printf(&out, README_NOTE, dir);
        if (line >= body_line && strncmp(p, "## ", 3) == 0)
            skipping = strncmp(p, "## The fix", 10) == 0;
        if (!skipping) {
            rk_sb_add(&out, p, n);
            rk_sb_putc(&out, '\n');
        }
        p += n + (p[n] == '\n');
    }
    return rk_sb_detach(&out);
}

/* Write one file of the exercise into `dir`; -1 with a message. */
static int put(const char *dir, const char *file, const char *data, size_t len)
{
    char *path = rk_path_join(dir, file);
    int rc = rk_write_file_atomic(path, data, len);
    if (rc < 0)
        rk_error("exercise: %s: cannot write: %s", path, strerror(errno));
    free(path);
    return rc;
}

struct exercise {
    rk_case c;
    rk_meta meta;
    char *unsafe, *readme;
    size_t unsafe_len, readme_len;
    rk_output_set expected; /* what the reference can print (empty: not judged) */
    int no_work; /* the reference's threads did no work the probe saw */
};

/* Write every file into `tmp`, a new folder that becomes `dir`. */
static int write_exercise(const struct exercise *x, const char *tmp, const char *dir)
{
    char *readme = exercise_readme(x->readme, x->meta.body_line, dir);
    char *text = rk_xasprintf(EXERCISE_TEXT, x->c.id, dir, dir);
    char *note = rk_xasprintf("%s%s", text, x->no_work ? "\n" RK_EXERCISE_NO_WORK_RULE "\n" : "");
    free(text);
    int rc = put(tmp, "safe.c", x->unsafe, x->unsafe_len);
    if (rc == 0)
        rc = put(tmp, "unsafe.c", x->unsafe, x->unsafe_len);
    if (rc == 0)
        rc = put(tmp, "README.md", readme, strlen(readme));
    if (rc == 0 && x->expected.n > 1) {
        char *sub = rk_path_join(tmp, RK_EXERCISE_STDOUT_DIR);
        if ((rc = rk_mkdir_p(sub)) < 0)
            rk_error("exercise: %s: cannot create: %s", sub, strerror(errno));
        free(sub);
    }
    for (size_t i = 0; rc == 0 && i < x->expected.n; i++) {
        char *file = rk_exercise_output_file(i, x->expected.n);
        rc = put(tmp, file, x->expected.v[i], x->expected.len[i]);
        free(file);
    }
    if (rc == 0)
        rc = put(tmp, RK_EXERCISE_MARKER, note, strlen(note));
    free(readme);
    free(note);
    return rc;
}

/* Load the case and what the exercise copies from it. */
static int load(const char *arg, struct exercise *x)
{
    char err[1024];
    char *root = rk_path_join(rk_paths_get()->source_dir, "cases");
    int rc = rk_case_resolve(arg, root, &x->c, err, sizeof err);
    free(root);
    if (rc == 0) {
        char *readme = rk_case_file(&x->c, "README.md");
        rc = rk_meta_load(readme, &x->meta, err, sizeof err);
        if (rc == 0 && (x->readme = rk_read_file(readme, RK_META_MAX_BYTES, &x->readme_len)) == NULL)
            rc = -1, snprintf(err, sizeof err, "%s: cannot read: %s", readme, strerror(errno));
        free(readme);
    }
    if (rc == 0) {
        char *unsafe = rk_case_file(&x->c, "unsafe.c");
        if ((x->unsafe = rk_read_file(unsafe, SOURCE_MAX, &x->unsafe_len)) == NULL)
            rc = -1, snprintf(err, sizeof err, "%s: cannot read: %s", unsafe, strerror(errno));
        free(unsafe);
    }
    if (rc < 0)
        rk_error("exercise: %s", err);
    return rc;
}

static void remove_partial(const char *tmp, size_t n_outputs)
{
    static const char *const files[] = { "safe.c", "unsafe.c", "README.md", RK_EXERCISE_STDOUT, RK_EXERCISE_MARKER };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *f = rk_path_join(tmp, files[i]);
        unlink(f);
        free(f);
    }
    for (size_t i = 0; i < n_outputs; i++) {
        char *file = rk_exercise_output_file(i, 2), *f = rk_path_join(tmp, file);
        unlink(f);
        free(f);
        free(file);
    }
    char *sub = rk_path_join(tmp, RK_EXERCISE_STDOUT_DIR);
    rmdir(sub);
    free(sub);
    rmdir(tmp);
}

static const rk_option options[] = { RK_EXERCISE_CLASSROOM_OPTION, { NULL } };

const rk_command rk_exercise_command = {
    "exercise", "<topic>/<name> <dir>", "hand a case out without its fix, for a student to repair",
    "Makes <dir> (new; it and its parent are lowercase words joined by '-') with safe.c a copy of unsafe.c, the "
    "README without \"## The fix\" and what the reference solution prints; racekit check <dir> safe grades a "
    "repair (docs/exercises.md).",
    2, 2, options,
};

int rk_cmd_exercise(int argc, char **argv)
{
    const char *args[2];
    int classroom = 0, rc = exercise_parse(&rk_exercise_command, argc, argv, args, &classroom);
    if (rc != RK_OPTS_GO_ON)
        return rc;
    struct exercise x;
    memset(&x, 0, sizeof x);
    char *dir = absolute(args[1]);
    char *tmp = NULL;
    rc = RK_EXIT_USAGE;
    if (check_target(dir) < 0 || load(args[0], &x) < 0)
        goto out;
    /* The reference is checked by this very program (see cmd_lint.c), with
     * the work probe that grades repairs (exercises.md, rule 6). */
    setenv("RACEKIT_WORK_PROBE", "1", 1);
    if (rk_reference_outputs(&x.c, "/proc/self/exe", &x.expected, &x.no_work) < 0)
        goto out;
    if (x.no_work)
        printf("note: the reference's threads do their work where the probe cannot see it: grading will not "
               "ask that the threads do the work\n");
    /* Build the folder aside and rename it into place: no half exercise. */
    tmp = rk_xasprintf("%.*s.%s.exercise-%ld", (int)(rk_basename(dir) - dir), dir, rk_basename(dir),
                       (long)getpid());
    if (rk_mkdir_p(tmp) < 0) {
        rk_error("exercise: %s: cannot create: %s", tmp, strerror(errno));
        goto out;
    }
    if (write_exercise(&x, tmp, args[1]) < 0) {
        remove_partial(tmp, x.expected.n);
        goto out;
    }
    if (rename(tmp, dir) < 0) {
        rk_error("exercise: %s: cannot create: %s", dir, strerror(errno));
        remove_partial(tmp, x.expected.n);
        goto out;
    }
    printf("created the exercise %s from %s:\n", args[1], x.c.id);
    printf("  safe.c     the bug, for the student to repair (a copy of unsafe.c)\n");
    printf("  unsafe.c   the original\n");
    printf("  README.md  the lesson without \"## The fix\"\n");
    if (x.expected.n == 1)
        printf("  %s  what the reference solution prints (%zu bytes)\n", RK_EXERCISE_STDOUT, x.expected.len[0]);
    else if (x.expected.n > 1)
        printf("  %s/  the %zu outputs the reference solution can print\n", RK_EXERCISE_STDOUT_DIR, x.expected.n);
    printf("\ngrade a repair with: %s check %s safe\n", rk_prog(), args[1]);
    rc = classroom ? exercise_classroom(args[1]) : RK_EXIT_PASS;
out:
    free(tmp);
    free(dir);
    free(x.unsafe), free(x.readme);
    rk_exercise_outputs_free(&x.expected);
    rk_meta_free(&x.meta);
    rk_case_free(&x.c);
    return rc;
}
