/* main.c - `racekit <command> ...`: dispatch to the subcommands; the help
 * of racekit itself lists every command with every option, from the same
 * tables as each command's own --help (util/options.h). */
#include "commands.h"
#include "config.h"
#include "explore/explore.h"
#include "grade/grade.h"
#include "report/report.h"
#include "teach/teach.h"
#include "util/util.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const rk_command *cmd;
    int (*run)(int argc, char **argv);
} commands[] = {
    { &rk_check_command, rk_cmd_check },
    { &rk_meta_command, rk_cmd_meta },
    { &rk_new_command, rk_cmd_new },
    { &rk_lint_command, rk_cmd_lint },
    { &rk_explain_command, rk_cmd_explain },
    { &rk_exercise_command, rk_cmd_exercise },
    { &rk_lessons_command, rk_cmd_lessons },
    { &rk_grade_command, rk_cmd_grade },
    { &rk_explore_command, rk_cmd_explore },
    { &rk_replay_command, rk_cmd_replay },
    { &rk_step_command, rk_cmd_step },
    { &rk_paths_command, rk_cmd_paths },
    { &rk_cached_command, rk_cmd_cached },
    { &rk_report_command, rk_cmd_report },
};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

static const rk_command *all[N_COMMANDS];

/* Every command: its name and what it does, then its synopsis. */
static int usage(FILE *to)
{
    fprintf(to, "racekit %s - lock-based thread safety, by experiment\n\n", RK_VERSION);
    rk_commands_help(all, N_COMMANDS, to);
    return to == stdout ? RK_EXIT_PASS : RK_EXIT_USAGE;
}

/* Run the command argv[0] names. */
static int dispatch(int argc, char **argv)
{
    for (int i = 0; i < N_COMMANDS; i++)
        if (strcmp(argv[0], commands[i].cmd->name) == 0)
            return commands[i].run(argc, argv);
    rk_error("unknown command '%s' (see %s --help)", argv[0], rk_prog());
    return RK_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    rk_prog_set(argv[0]);
    for (int i = 0; i < N_COMMANDS; i++)
        all[i] = commands[i].cmd;
    rk_commands_register(all, N_COMMANDS);
    if (argc < 2)
        return usage(stderr);
    if (argc > 2 && strcmp(argv[1], "help") == 0) { /* racekit help <command>: its --help */
        char *args[] = { argv[2], (char *)"--help", NULL };
        return dispatch(2, args);
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0)
        return usage(stdout);
    if (strcmp(argv[1], "--version") == 0) {
        printf("racekit %s\n", RK_VERSION);
        return RK_EXIT_PASS;
    }
    return dispatch(argc - 1, argv + 1);
}
