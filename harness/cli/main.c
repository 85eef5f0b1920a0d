/* main.c - `racekit <command> ...`: dispatch to the subcommands. */
#include "commands.h"
#include "config.h"
#include "explore/explore.h"
#include "report/report.h"
#include "teach/teach.h"
#include "util/util.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} commands[] = {
    { "check", rk_cmd_check, "check [--runs N] [--no-scheduler] <case-dir> <unsafe|safe>  compile, run, classify, judge one variant" },
    { "meta", rk_cmd_meta, "meta <case-dir>                           validate a case folder (used by CMake)" },
    { "new", rk_cmd_new, "new <topic>/<name> [--expect KIND]        start a case from a skeleton" },
    { "lint", rk_cmd_lint, "lint [--runs N|--no-run] [--jobs N] [<case-dir>...]  is each case ready to ship? (all when none given)" },
    { "explain", rk_cmd_explain, "explain <topic>/<name>                    the lesson, the fix as a diff, the last results" },
    { "exercise", rk_cmd_exercise, "exercise <topic>/<name> <dir>             hand out a case without its fix; check <dir> safe grades it" },
    { "explore", rk_cmd_explore, "explore [--schedules N] [--seed S] [--depth D] <case-dir> <unsafe|safe>  find the failing interleaving" },
    { "replay", rk_cmd_replay, "replay <case-dir> <unsafe|safe> --schedule STR  run one schedule explore printed, again" },
    { "step", rk_cmd_step, "step [--choices 1,2,...] <case-dir> <unsafe|safe>  you pick which thread runs next" },
    { "paths", rk_cmd_paths, "paths                                     where this racekit finds its header, hook, cases" },
    { "cached", rk_cmd_cached, "cached [--input PATH]... -- <command>    run a test unless it passed with the same inputs" },
    { "report", rk_cmd_report, "report [--format F|all] [-o OUT] <results-dir>...  tables, JUnit, SARIF, HTML from result files" },
};

static int usage(FILE *to)
{
    fprintf(to, "racekit %s - lock-based thread safety, by experiment\n\nusage:\n", RK_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(to, "  racekit %s\n", commands[i].help);
    return to == stdout ? RK_EXIT_PASS : RK_EXIT_USAGE;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage(stderr);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0)
        return usage(stdout);
    if (strcmp(argv[1], "--version") == 0) {
        printf("racekit %s\n", RK_VERSION);
        return RK_EXIT_PASS;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    rk_error("unknown command '%s' (try 'racekit --help')", argv[1]);
    return RK_EXIT_USAGE;
}
