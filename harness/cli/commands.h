/* commands.h - the racekit subcommands; each returns the process exit
 * status (util.h: RK_EXIT_*). argv[0] is the subcommand's name. */
#ifndef RK_COMMANDS_H
#define RK_COMMANDS_H

/* racekit check [--runs N] [--detector NAME] [--quiet] <case-dir> <unsafe|safe> */
int rk_cmd_check(int argc, char **argv);

/* racekit meta <case-dir>: validate a case; prints id, topic, timeout, title,
 * expect and fix as key=value lines (CMake and ci/catalogue.sh read them). */
int rk_cmd_meta(int argc, char **argv);

/* racekit new <topic>/<name> [--expect KIND] [--cases-root DIR]: start a
 * case folder from a skeleton. */
int rk_cmd_new(int argc, char **argv);

/* racekit lint [--runs N | --no-run] [--jobs N] [<case-dir>...]: is each
 * case (every case when none is given) ready to ship? Exit 1 when a finding
 * is an error. */
int rk_cmd_lint(int argc, char **argv);

/* racekit report [--format table|markdown|json|junit|sarif|html|all]
 * [-o FILE|DIR] [--root DIR] [--sarif-expected] <results-dir>...: read every
 * result file and write the scoreboard in one format, or all of them. */
int rk_cmd_report(int argc, char **argv);

/* racekit explain [--detector NAME] <topic>/<name>: the lesson, the diff
 * between the variants and the last result of each, reports as source lines. */
int rk_cmd_explain(int argc, char **argv);

/* racekit exercise <topic>/<name> <dir>: copy a case without its fix for a
 * student to repair; `racekit check <dir> safe` grades the repair. */
int rk_cmd_exercise(int argc, char **argv);

/* racekit paths: where the header, hook, templates, cases and build tree are. */
int rk_cmd_paths(int argc, char **argv);

/* racekit explore [--schedules N] [--seed S] [--depth D] [--strategy S]
 * [--timeout SEC] <case-dir> <variant>: search for a failing schedule under
 * racekit's controlled scheduler (docs/exploration.md). Exit 0 when the
 * verdict matches the case, 1 otherwise, 2 bad usage, 77 when the
 * scheduler cannot run or judge this variant. */
int rk_cmd_explore(int argc, char **argv);

/* racekit replay <case-dir> <variant> --schedule STR: run that one schedule;
 * same result file and exit status as explore. */
int rk_cmd_replay(int argc, char **argv);

/* racekit step [--choices 1,2,...] <case-dir> <variant>: the user picks the
 * thread that runs at each point where several can (from --choices, else
 * one per line on standard input). */
int rk_cmd_step(int argc, char **argv);

/* racekit cached [--input PATH]... -- <command> [arg...]: run a test
 * command unless it passed before with the same inputs (test_cache.h);
 * exits with the command's status, or 0 for a kept pass. */
int rk_cmd_cached(int argc, char **argv);

#endif
