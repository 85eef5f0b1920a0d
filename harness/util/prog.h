/* prog.h - this racekit as the user can type it, for every hint that
 * tells them a command to run ("replay: ./racekit replay ..."). */
#ifndef RK_PROG_H
#define RK_PROG_H

/* rk_prog_set - remember how this process was started (its argv[0]);
 * main calls it first. */
void rk_prog_set(const char *argv0);

/* rk_prog - the command that runs this racekit from the current
 * directory: its bare name when the PATH finds this very program under
 * that name ("racekit"); else its path relative to the current directory
 * when it is below it ("./racekit", "./build/racekit"); else its absolute
 * path. A path with characters a shell would split or expand is
 * single-quoted. "racekit" when rk_prog_set was not called (unit tests,
 * the configure-time helper). Static storage, computed once; errno is
 * left as it was. */
const char *rk_prog(void);

/* rk_print_prog_command - print `prefix`, then `command` (a command
 * spelt "racekit ..." as result files keep it) with rk_prog() for its
 * first word, and a newline. */
void rk_print_prog_command(const char *prefix, const char *command);

/* rk_prog_shown - `path` (absolute or relative), normalised and put as
 * rk_prog puts its own (relative below `cwd` with "./", else absolute;
 * quoted for a shell when needed), in a new string the caller frees.
 * NULL `cwd`: the current directory. */
char *rk_prog_shown(const char *path, const char *cwd);

#endif
