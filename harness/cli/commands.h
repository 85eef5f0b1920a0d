/* commands.h - the racekit subcommands of cli/; each returns the process
 * exit status (util.h: RK_EXIT_*). argv[0] is the subcommand's name. Each
 * rk_<name>_command describes its command line (options.h): main.c's
 * help and the command's own --help are printed from it. */
#ifndef RK_COMMANDS_H
#define RK_COMMANDS_H

#include "util/options.h"

extern const rk_command rk_check_command, rk_meta_command, rk_paths_command, rk_cached_command;

/* racekit check [--runs N] [--witness N] [--detector NAME] [--cases-root DIR]
 * [--no-scheduler] [--quiet] <case-dir> <unsafe|safe> */
int rk_cmd_check(int argc, char **argv);

/* rk_check_parse - check's command line into *o (judge/check.h):
 * RK_OPTS_GO_ON, or the exit status after its --help or a mistake
 * (check_args.c). */
struct check_options;
int rk_check_parse(int argc, char **argv, struct check_options *o);

/* racekit meta <case-dir>: validate a case; prints id, topic, timeout, title,
 * expect and fix as key=value lines (CMake and ci/catalogue.sh read them). */
int rk_cmd_meta(int argc, char **argv);

/* racekit paths: where the header, hook, templates, cases and build tree are. */
int rk_cmd_paths(int argc, char **argv);

/* racekit cached [--input PATH]... -- <command> [arg...]: run a test
 * command unless it passed before with the same inputs (test_cache.h);
 * exits with the command's status, or 0 for a kept pass. */
int rk_cmd_cached(int argc, char **argv);

#endif
