/* cmd_paths.c - `racekit paths`: where this racekit finds its pieces (see
 * paths.h), one key=value line each, to check an installation. */
#include "commands.h"
#include "util/util.h"

#include <stdio.h>

int rk_cmd_paths(int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        fputs("usage: racekit paths\n", stderr);
        return RK_EXIT_USAGE;
    }
    const rk_paths *p = rk_paths_get();
    printf("prefix=%s\n", p->prefix ? p->prefix : "(not installed: paths of the source and build trees)");
    printf("source_dir=%s\nbuild_dir=%s\ninclude_dir=%s\nhook_source=%s\ntemplate_dir=%s\ncc=%s\n",
           p->source_dir, p->build_dir, p->include_dir, p->hook_source, p->template_dir, p->cc);
    return RK_EXIT_PASS;
}
