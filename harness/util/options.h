/* options.h - the one command-line parser of every racekit command. A
 * command describes itself once, in an rk_command: its name, operands,
 * what it does and a table of its options. rk_opts_next walks argv against
 * that table and rk_command_help prints the command's --help from the same
 * table, so a flag a command takes is always in its help.
 *
 * What every command gets from it: `--help` and `-h` print the help on
 * stdout (status 0); `--name=value` is `--name value`, and `-jN` is `-j N` for
 * a one-letter alias; a missing value, a
 * value given to a switch, an unknown option (and whose it is, when it
 * belongs to another command), too few or too many operands each give one
 * line on stderr naming the option and status 2 (RK_EXIT_USAGE), as does
 * a required option left out; options and operands may come in any order;
 * after `--` every word is an operand. A value option takes the next word
 * unless it is an option ("--runs --quiet" is a --runs without its value;
 * "--name=--x" gives such a value).
 *
 * Usage:
 *
 *     enum { OPT_RUNS, OPT_QUIET };
 *     static const rk_option options[] = {
 *         [OPT_RUNS] = { "--runs", NULL, "N", "run it N times (default 1)" },
 *         [OPT_QUIET] = { "--quiet", "-q", NULL, "print the verdict line only" },
 *         { NULL },
 *     };
 *     const rk_command rk_check_command = { "check", "<case-dir> <variant>", "judge one variant",
 *                                           NULL, 2, 2, options };
 *     ...
 *     rk_opts p;
 *     rk_opts_start(&p, &rk_check_command, argc, argv);
 *     for (int k; (k = rk_opts_next(&p)) != RK_OPT_END;)
 *         switch (k) {
 *         case OPT_RUNS: if (rk_opt_number(&p, 1, 100, &n) < 0) return p.status; ...
 *         case RK_OPT_OPERAND: ... p.value ...
 *         case RK_OPT_STOP: return p.status;
 *         }
 */
#ifndef RK_OPTIONS_H
#define RK_OPTIONS_H

#include <stdint.h>
#include <stdio.h>

typedef struct {
    const char *name;  /* "--runs"; NULL ends a table */
    const char *alias; /* another spelling ("-q", "-o"), or NULL */
    const char *value; /* its value's placeholder ("N"), NULL for a switch */
    const char *help;  /* what it does, its range and default; wrapped by --help */
    int required;      /* 1: the command needs it (a missing one is a mistake) */
} rk_option;

typedef struct {
    const char *name;     /* "check" */
    const char *operands; /* "<case-dir> <unsafe|safe>", or "" */
    const char *summary;  /* one line: what the command does */
    const char *about;    /* paragraphs for --help after the summary (operands, exit status), or NULL */
    int min_operands, max_operands; /* max_operands -1: no limit */
    const rk_option *options;       /* ends with { NULL }; at most 64 */
} rk_command;

/* Where rk_opts_next is in argv. Read `value` and `status` only. */
typedef struct {
    const rk_command *cmd;
    int argc;
    char **argv;
    int next;          /* the next word of argv to read */
    int at;            /* the word rk_opts_next returned (its index in argv) */
    const char *value; /* the option's value (NULL for a switch), or the operand */
    char given[64];    /* the option as written, without "=value" (for messages) */
    int operands;      /* operands returned so far */
    uint64_t seen;     /* bit i: options[i] was given */
    int after_dashdash;/* 1 once "--" ended the options */
    int status;        /* with RK_OPT_STOP: the exit status */
} rk_opts;

enum {
    RK_OPT_END = -1,     /* argv is done and the operands are as many as the command takes */
    RK_OPT_OPERAND = -2, /* value is an operand */
    RK_OPT_STOP = -3,    /* help printed (status 0) or a mistake reported (status 2): exit with status */
};

/* What a command's own parse function returns when the command goes on;
 * otherwise it returns the exit status (RK_OPT_STOP's, or after its own
 * check of the options together). */
enum { RK_OPTS_GO_ON = -1 };

/* rk_opts_start - begin reading argv (argv[0] is the command's name) for `cmd`. */
void rk_opts_start(rk_opts *p, const rk_command *cmd, int argc, char **argv);

/* rk_opts_next - the index in cmd->options of the next option (p->value
 * its value, NULL for a switch), RK_OPT_OPERAND, RK_OPT_END, or RK_OPT_STOP
 * after printing the help or the one line of a mistake. */
int rk_opts_next(rk_opts *p);

/* rk_opts_operands - read the command line of a command that takes no
 * option but --help: its operands into out[0..max_operands-1] (NULL
 * beyond those given). RK_OPTS_GO_ON, or the exit status. */
int rk_opts_operands(const rk_command *cmd, int argc, char **argv, const char **out);

/* rk_opt_fail - report a mistake with the option just returned as one line
 * "<command>: <option>: <message>" and set p->status; returns -1. */
int rk_opt_fail(rk_opts *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* rk_opt_number - the option's value as a whole number from lo to hi into
 * *out; else -1 after rk_opt_fail ("expected a whole number from lo to hi,
 * got 'x'"). */
int rk_opt_number(rk_opts *p, uint64_t lo, uint64_t hi, uint64_t *out);

/* rk_opt_choice - the index of the option's value in the NULL-terminated
 * `choices`; else -1 after rk_opt_fail naming them. */
int rk_opt_choice(rk_opts *p, const char *const *choices);

/* rk_usage_fail - report a mistake of the whole command line as
 * "<command>: <message> (see <racekit> <command> --help)" and return
 * RK_EXIT_USAGE: for what needs every option first (one that does not
 * apply with another). */
int rk_usage_fail(const rk_command *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* rk_command_help - print cmd's help: the usage line, the summary, the
 * about text and every option of its table with its help, wrapped to 79
 * columns. */
void rk_command_help(const rk_command *cmd, FILE *to);

/* rk_commands_help - the usage of racekit itself: each of `all` (n
 * commands) with its summary and its synopsis, every option included
 * ("racekit check [--runs N] [-q|--quiet] <case-dir> ..."). */
void rk_commands_help(const rk_command *const *all, int n, FILE *to);

/* rk_commands_register - every command of this program (`all`, n of them,
 * static storage), so that an option of another command is named as such
 * ("'--runs' is an option of check and lint, not of report"). */
void rk_commands_register(const rk_command *const *all, int n);

#endif
