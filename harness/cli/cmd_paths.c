/* cmd_paths.c - `racekit paths`: where this racekit finds its pieces (see
 * paths.h), one key=value line each, to check an installation. */
#include "commands.h"
#include "util/util.h"

#include <stdio.h>

static const rk_option options[] = { { NULL } };

const rk_command rk_paths_command = {
    "paths", "", "print where this racekit finds its header, hook, templates, cases and build tree",
    "One key=value line each; each comes from its RACEKIT_* environment variable when set (paths.h).",
    0, 0, options,
};

int rk_cmd_paths(int argc, char **argv)
{
    int status = rk_opts_operands(&rk_paths_command, argc, argv, NULL);
    if (status != RK_OPTS_GO_ON)
        return status;
    const rk_paths *p = rk_paths_get();
    printf("prefix=%s\n", p->prefix ? p->prefix : "(not installed: paths of the source and build trees)");
    printf("source_dir=%s\nbuild_dir=%s\ninclude_dir=%s\nhook_source=%s\ntemplate_dir=%s\ncc=%s\n",
           p->source_dir, p->build_dir, p->include_dir, p->hook_source, p->template_dir, p->cc);
    return RK_EXIT_PASS;
}
