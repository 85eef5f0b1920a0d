/* commands.h - the racekit subcommands; each returns the process exit
 * status (util.h: RK_EXIT_*). argv[0] is the subcommand's name. */
#ifndef RK_COMMANDS_H
#define RK_COMMANDS_H

/* racekit check [--runs N] [--detector NAME] [--quiet] <case-dir> <unsafe|safe> */
int rk_cmd_check(int argc, char **argv);

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
