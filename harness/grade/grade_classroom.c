/* grade_classroom.c - racekit grade --classroom <exercise>: the files that
 * make the exercise folder an assignment repository graded where courses
 * live (see gradebook.h; docs/exercises.md, "Publishing an exercise").
 *
 *   .github/workflows/classroom.yml  GitHub Classroom's autograding: one
 *       classroom-resources/autograding-command-grader step per test of
 *       racekit grade with its points, then the grading reporter, which
 *       sends the sum to Classroom;
 *   .gitlab-ci.yml  one job whose JUnit report (grades.junit.xml) shows
 *       every test with its points in GitLab's test widget.
 *
 * Each step runs `racekit grade --test NAME .`: the repository's own
 * safe.c, graded as racekit grade grades a class (its scratch copy, both
 * judges, every rule); the first step grades and keeps the result, the
 * others read it back (unchanged: cached), so every step judges the same
 * run. racekit itself is built from the Git repository the variable
 * RACEKIT_GIT names (an organisation's or group's CI variable). */
#define _XOPEN_SOURCE 700
#include "gradebook.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The command every step and the job run, for test `name`. */
static char *grade_command(const gradebook *gb, const char *name)
{
    return rk_xasprintf("racekit grade --test %s --runs %d --timeout %g -o gradebook .", name, gb->runs,
                        gb->timeout_s);
}

/* How racekit gets onto the runner: built from RACEKIT_GIT (at
 * RACEKIT_REF, when set) and installed under /usr/local. `sudo` is "sudo "
 * on GitHub's runners and "" in GitLab's root container; `src` the
 * folder of the clone. Each line is indented by `indent`. */
static void install_lines(rk_strbuf *sb, const char *indent, const char *sudo, const char *src)
{
    const char *lines[] = {
        "if [ -z \"$RACEKIT_GIT\" ]; then echo \"racekit: set the CI variable RACEKIT_GIT to the Git URL of the "
        "racekit to grade with (docs/exercises.md)\" >&2; exit 1; fi",
        "git clone --depth 1 ${RACEKIT_REF:+--branch \"$RACEKIT_REF\"} \"$RACEKIT_GIT\" \"%s\"",
        "\"%s/ci/install-deps.sh\"",
        "cmake -S \"%s\" -B \"%s/build\" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo",
        "cmake --build \"%s/build\" --target racekit",
        "%scmake --install \"%s/build\" --prefix /usr/local",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        rk_sb_puts(sb, indent);
        if (i == 3)
            rk_sb_printf(sb, lines[i], src, src);
        else if (i == 5)
            rk_sb_printf(sb, lines[i], sudo, src);
        else
            rk_sb_printf(sb, lines[i], src);
        rk_sb_putc(sb, '\n');
    }
}

/* The minutes a step may take: the whole grading (the first step does it)
 * and a minute more, as the command grader's `timeout` wants them. */
static int step_minutes(const gradebook *gb)
{
    return (int)ceil(gb->timeout_s / 60) + 1;
}

static void github(rk_strbuf *sb, const gradebook *gb)
{
    rk_sb_printf(sb,
                 "# GitHub Classroom's autograding for the racekit exercise %s, written by\n"
                 "# `racekit grade --classroom` (write it again after changing `points:` in\n"
                 "# README.md). One command-grader step per test of `racekit grade`, with its\n"
                 "# points; each runs `racekit grade --test <test> .` on this repository's\n"
                 "# safe.c (the first grades it, the others read its result back), then the\n"
                 "# reporter sends the points to Classroom. racekit is built from the Git\n"
                 "# repository in the variable RACEKIT_GIT (Settings > Secrets and variables >\n"
                 "# Actions > Variables, of the classroom's organisation).\n"
                 "# Classroom needs this name, one job of this name and 'on' as below.\n"
                 "name: Autograding Tests\n"
                 "'on':\n  - push\n  - repository_dispatch\n  - workflow_dispatch\n"
                 "permissions:\n  checks: write\n  actions: read\n  contents: read\n"
                 "jobs:\n  run-autograding-tests:\n    runs-on: ubuntu-24.04\n"
                 "    if: github.actor != 'github-classroom[bot]'\n"
                 "    steps:\n"
                 "      - name: Checkout code\n        uses: actions/checkout@v4\n"
                 "      - name: Install racekit\n"
                 "        env:\n          RACEKIT_GIT: ${{ vars.RACEKIT_GIT }}\n"
                 "          RACEKIT_REF: ${{ vars.RACEKIT_REF }}\n"
                 "        run: |\n",
                 gb->x.name);
    install_lines(sb, "          ", "sudo ", "$RUNNER_TEMP/racekit");
    rk_sb_puts(sb, "          # TSan maps its shadow memory with at most 28 bits of mmap randomisation.\n"
                   "          sudo sysctl -w vm.mmap_rnd_bits=28\n");
    for (int i = 0; i < gb->x.n_tests; i++) {
        const grade_test *t = &gb->x.tests[i];
        char *cmd = grade_command(gb, t->name);
        rk_sb_printf(sb,
                     "      - name: %s\n        id: %s\n"
                     "        uses: classroom-resources/autograding-command-grader@v1\n"
                     "        with:\n          test-name: %s\n          command: %s\n"
                     "          timeout: %d\n          max-score: %g\n",
                     t->name, t->name, t->name, cmd, step_minutes(gb), t->points);
        free(cmd);
    }
    rk_sb_puts(sb, "      - name: Autograding Reporter\n"
                   "        uses: classroom-resources/autograding-grading-reporter@v1\n        env:\n");
    for (int i = 0; i < gb->x.n_tests; i++) {
        rk_strbuf upper = RK_STRBUF_INIT;
        for (const char *p = gb->x.tests[i].name; *p; p++)
            rk_sb_putc(&upper, *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p);
        rk_sb_printf(sb, "          %s_RESULTS: \"${{ steps.%s.outputs.result }}\"\n", rk_sb_cstr(&upper),
                     gb->x.tests[i].name);
        rk_sb_free(&upper);
    }
    rk_sb_puts(sb, "        with:\n          runners: ");
    for (int i = 0; i < gb->x.n_tests; i++)
        rk_sb_printf(sb, "%s%s", i ? "," : "", gb->x.tests[i].name);
    rk_sb_puts(sb, "\n      - name: Feedback\n        if: always()\n"
                   "        run: cat gradebook/feedback/*.md >> \"$GITHUB_STEP_SUMMARY\" || true\n");
}

static void gitlab(rk_strbuf *sb, const gradebook *gb)
{
    char *cmd = grade_command(gb, "all");
    rk_sb_printf(sb,
                 "# GitLab CI for the racekit exercise %s, written by `racekit grade\n"
                 "# --classroom` (write it again after changing `points:` in README.md). One\n"
                 "# job grades this repository's safe.c with `racekit grade --test all .`\n"
                 "# (it fails unless every test passes); its JUnit report shows each test of\n"
                 "# racekit grade with its points in the merge request and the pipeline's\n"
                 "# Tests tab, and the gradebook (feedback/ says what failed) is kept. racekit\n"
                 "# is built from the Git repository in the CI/CD variable RACEKIT_GIT (set it\n"
                 "# on the course's group).\n"
                 "racekit-grade:\n  image: debian:bookworm\n"
                 "  variables:\n    DEBIAN_FRONTEND: noninteractive\n"
                 "  before_script:\n"
                 "    - apt-get update -qq && apt-get install -y -qq --no-install-recommends git ca-certificates\n"
                 "    - |\n",
                 gb->x.name);
    install_lines(sb, "      ", "", "/opt/racekit-src");
    rk_sb_printf(sb,
                 "  script:\n    - %s\n  timeout: %d minutes\n"
                 "  artifacts:\n    when: always\n    expire_in: 30 days\n    paths:\n"
                 "      - gradebook/grades.csv\n      - gradebook/grades.json\n      - gradebook/index.html\n"
                 "      - gradebook/feedback/\n    reports:\n      junit: gradebook/grades.junit.xml\n",
                 cmd, step_minutes(gb) + 20);
    free(cmd);
}

/* Classroom's max-score is a whole number (the command grader reads it
 * with parseInt): 1.5 points would count as 1. */
static int whole_points(const gradebook *gb)
{
    for (int i = 0; i < gb->x.n_tests; i++)
        if (gb->x.tests[i].points != floor(gb->x.tests[i].points)) {
            rk_error("grade: %s/README.md: points: GitHub Classroom gives whole points only, and %s has %g",
                     gb->x.dir, gb->x.tests[i].name, gb->x.tests[i].points);
            return -1;
        }
    return 0;
}

static int put(const char *dir, const char *file, rk_strbuf *text)
{
    char *path = rk_path_join(dir, file), *parent = rk_dirname(path);
    int rc = rk_mkdir_p(parent) == 0 && rk_write_file_atomic(path, text->buf, text->len) == 0 ? 0 : -1;
    if (rc < 0)
        rk_error("grade: %s: cannot write: %s", path, strerror(errno));
    free(path);
    free(parent);
    rk_sb_free(text);
    return rc;
}

int grade_classroom(const gradebook *gb)
{
    if (whole_points(gb) < 0)
        return -1;
    rk_strbuf gh = RK_STRBUF_INIT, gl = RK_STRBUF_INIT;
    github(&gh, gb);
    gitlab(&gl, gb);
    if (put(gb->x.dir, ".github/workflows/classroom.yml", &gh) < 0) {
        rk_sb_free(&gl);
        return -1;
    }
    if (put(gb->x.dir, ".gitlab-ci.yml", &gl) < 0)
        return -1;
    printf("classroom: %s/.github/workflows/classroom.yml: GitHub Classroom's autograding, %d test%s, %g point%s\n",
           gb->x.arg, gb->x.n_tests, gb->x.n_tests == 1 ? "" : "s", gb->x.max, gb->x.max == 1 ? "" : "s");
    printf("classroom: %s/.gitlab-ci.yml: GitLab CI, one job with a JUnit report\n", gb->x.arg);
    printf("both build racekit from the CI variable RACEKIT_GIT; publish %s as the assignment's repository\n",
           gb->x.arg);
    return 0;
}
