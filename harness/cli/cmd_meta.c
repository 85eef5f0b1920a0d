/* cmd_meta.c - `racekit meta <case-dir>`: check a case folder's shape and
 * front matter, and print what CMake (timeout) and the corpus scripts
 * (title, expect, fix, explore, and each expect.<detector> / false-alarm.<detector>
 * in the order written) need, one key=value line each. */
#include "case/case.h"
#include "commands.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>

int rk_cmd_meta(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: racekit meta <case-dir>\n", stderr);
        return RK_EXIT_USAGE;
    }
    rk_case c;
    rk_meta meta;
    if (rk_case_open(argv[1], &c, &meta) < 0)
        return RK_EXIT_USAGE;
    char *expect = rk_sl_join(&meta.expect, ", ");
    printf("id=%s\ntopic=%s\ntimeout=%g\ntitle=%s\nexpect=%s\nfix=%s\nexplore=%s\n", c.id, c.topic,
           meta.timeout, meta.title, expect, meta.fix ? meta.fix : "",
           meta.explore == RK_EXPLORE_CANNOT ? "cannot" : "find");
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
