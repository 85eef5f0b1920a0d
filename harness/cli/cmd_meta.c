/* cmd_meta.c - `racekit meta <case-dir>`: check a case folder's shape and
 * front matter, and print what CMake (timeout) and the corpus scripts
 * (title, expect, fix, explore, and each expect.<detector> / false-alarm.<detector>
 * in the order written) need, one key=value line each. */
#include "case/case.h"
#include "commands.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>

static const rk_option options[] = { { NULL } };

const rk_command rk_meta_command = {
    "meta", "<case-dir>", "check a case folder's files and front matter, and print what CMake and the corpus "
    "scripts read from it",
    "One key=value line each: id, topic, timeout, title, expect, fix, explore, then every expect.<detector> and "
    "false-alarm.<detector> in the order written. A mistake is one line naming the file and the line, exit "
    "status 2.",
    1, 1, options,
};

int rk_cmd_meta(int argc, char **argv)
{
    const char *dir;
    int status = rk_opts_operands(&rk_meta_command, argc, argv, &dir);
    if (status != RK_OPTS_GO_ON)
        return status;
    rk_case c;
    rk_meta meta;
    if (rk_case_open(dir, &c, &meta) < 0)
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
