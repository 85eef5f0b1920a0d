/* cmd_meta.c - `racekit meta <case-dir>`: check a case folder's shape and
 * front matter, and print what CMake (timeout) and the corpus scripts
 * (title, expect, fix, and each expect.<detector> / false-alarm.<detector>
 * in the order written) need, one key=value line each. */
#include "case_dir.h"
#include "case_meta.h"
#include "commands.h"
#include "paths.h"
#include "fsutil.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>

int rk_cmd_meta(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: racekit meta <case-dir>\n", stderr);
        return RK_EXIT_USAGE;
    }
    char err[1024];
    rk_case c;
    rk_meta meta;
    char *cases_root = rk_path_join(rk_paths_get()->source_dir, "cases");
    int rc = rk_case_resolve(argv[1], cases_root, &c, err, sizeof err);
    free(cases_root);
    if (rc < 0) {
        rk_error("%s", err);
        return RK_EXIT_USAGE;
    }
    char *readme = rk_case_file(&c, "README.md");
    rc = rk_meta_load(readme, &meta, err, sizeof err);
    free(readme);
    if (rc < 0) {
        rk_error("%s", err);
        rk_case_free(&c);
        return RK_EXIT_USAGE;
    }
    char *expect = rk_sl_join(&meta.expect, ", ");
    printf("id=%s\ntopic=%s\ntimeout=%g\ntitle=%s\nexpect=%s\nfix=%s\n", c.id, c.topic,
           meta.timeout, meta.title, expect, meta.fix ? meta.fix : "");
    free(expect);
    for (int i = 0; i < meta.n_per_detector; i++) {
        const rk_detector_expect *de = &meta.per_detector[i];
        char *items = rk_sl_join(&de->items, ", ");
        printf("%s.%s=%s\n", de->false_alarm ? "false-alarm" : "expect", de->detector, items);
        free(items);
    }
    rk_meta_free(&meta);
    rk_case_free(&c);
    return RK_EXIT_PASS;
}
