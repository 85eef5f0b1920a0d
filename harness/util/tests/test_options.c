/* test_options.c - the command-line parser every command uses (options.h)
 * and how racekit names itself in hints (prog.h): values in both
 * spellings, each kind of mistake named in one line with status 2, the
 * help listing every option of the table, paths shown as a user types them. */
#define _POSIX_C_SOURCE 200809L
#include "util/util.h"
#include "tests/rk_test.h"

#include <stdlib.h>
#include <unistd.h>

enum { OPT_RUNS, OPT_QUIET, OPT_FORMAT, OPT_NEED };
static const rk_option demo_options[] = {
    [OPT_RUNS] = { "--runs", NULL, "N", "run it N times" },
    [OPT_QUIET] = { "--quiet", "-q", NULL, "say less" },
    [OPT_FORMAT] = { "--format", "-f", "F", "table or json, the way the report is written out for whoever reads it "
                     "later, wrapped over several lines of the help" },
    { NULL },
};
static const rk_command demo = { "demo", "<a> <b>", "try the parser", NULL, 1, 2, demo_options };

static const rk_option needy_options[] = {
    [0] = { "--schedule", NULL, "STR", "what to replay", 1 },
    { NULL },
};
static const rk_command needy = { "needy", "", "needs its option", NULL, 0, 0, needy_options };

static const rk_option other_options[] = { [0] = { "--jobs", NULL, "N", "in parallel" }, { NULL } };
static const rk_command other = { "other", "", "another command", NULL, 0, 0, other_options };

/* What the parser made of one command line. */
struct parsed {
    int end;            /* RK_OPT_END or RK_OPT_STOP */
    int status;         /* with RK_OPT_STOP */
    const char *runs, *format, *ops[4];
    int quiet, n_ops;
    char err[1024];     /* what it wrote on stderr */
};

/* Parse `words` (NULL-terminated, after the command's name) as `cmd`. */
static struct parsed parse(const rk_command *cmd, const char **words)
{
    struct parsed r;
    memset(&r, 0, sizeof r);
    char *argv[16] = { (char *)cmd->name };
    int argc = 1;
    for (; words[argc - 1]; argc++)
        argv[argc] = (char *)words[argc - 1];
    FILE *cap = tmpfile();
    fflush(stderr);
    int saved = dup(2);
    dup2(fileno(cap), 2);
    rk_opts p;
    rk_opts_start(&p, cmd, argc, argv);
    int k;
    while ((k = rk_opts_next(&p)) >= 0 || k == RK_OPT_OPERAND) {
        if (k == RK_OPT_OPERAND)
            r.ops[r.n_ops++] = p.value;
        else if (cmd == &demo && k == OPT_RUNS)
            r.runs = p.value;
        else if (cmd == &demo && k == OPT_FORMAT)
            r.format = p.value;
        else if (cmd == &demo && k == OPT_QUIET)
            r.quiet = 1;
    }
    r.end = k;
    r.status = p.status;
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    rewind(cap);
    size_t n = fread(r.err, 1, sizeof r.err - 1, cap);
    r.err[n] = '\0';
    fclose(cap);
    return r;
}

#define PARSE(cmd, ...) parse(cmd, (const char *[]){ __VA_ARGS__, NULL })

/* RK_EXPECT_HAS(text, part) - `part` occurs in `text`. */
#define RK_EXPECT_HAS(text, part)                                                                             \
    do {                                                                                                      \
        if (strstr((text), (part)) == NULL) {                                                                 \
            fprintf(stderr, "FAIL %s (%s:%d): \"%s\" lacks \"%s\"\n", rk_test_current, __FILE__, __LINE__,    \
                    (text), (part));                                                                          \
            rk_test_failures++;                                                                               \
        }                                                                                                     \
    } while (0)

/* A mistake: status 2 and exactly one line on stderr that names `part`. */
static void expect_refused(struct parsed r, const char *part)
{
    RK_EXPECT_INT(r.end, RK_OPT_STOP);
    RK_EXPECT_INT(r.status, RK_EXIT_USAGE);
    RK_EXPECT_HAS(r.err, part);
    char *nl = strchr(r.err, '\n');
    RK_EXPECT(nl != NULL && nl[1] == '\0');
}

static void test_values(void)
{
    struct parsed a = PARSE(&demo, "--runs=3", "x", "-q", "--format", "json");
    struct parsed b = PARSE(&demo, "--runs", "3", "x", "--quiet", "-f", "json");
    RK_EXPECT_INT(a.end, RK_OPT_END);
    RK_EXPECT_STR(a.runs, "3");
    RK_EXPECT_STR(a.format, "json");
    RK_EXPECT_INT(a.quiet, 1);
    RK_EXPECT_INT(a.n_ops, 1);
    RK_EXPECT_STR(a.ops[0], "x");
    RK_EXPECT_INT(b.end, RK_OPT_END);
    RK_EXPECT_STR(b.runs, "3"); /* --runs=3 is --runs 3 */
    RK_EXPECT_INT(b.quiet, 1);
    RK_EXPECT_STR(b.format, "json");
    RK_EXPECT_STR(b.err, "");
    struct parsed c = PARSE(&demo, "--runs=", "x");
    RK_EXPECT_STR(c.runs, ""); /* an empty value is the option's to judge */
    struct parsed d = PARSE(&demo, "--", "--runs", "-q");
    RK_EXPECT_INT(d.end, RK_OPT_END);
    RK_EXPECT_INT(d.n_ops, 2); /* after --, options are operands */
    RK_EXPECT_STR(d.ops[0], "--runs");
    RK_EXPECT(d.runs == NULL && d.quiet == 0);
    struct parsed e = PARSE(&demo, "-fjson", "x");
    RK_EXPECT_INT(e.end, RK_OPT_END);
    RK_EXPECT_STR(e.format, "json"); /* -fjson is -f json, as getopt takes it */
}

static void test_mistakes(void)
{
    expect_refused(PARSE(&demo, "x", "--runs"), "demo: --runs needs a value (N)");
    expect_refused(PARSE(&demo, "x", "--runs", "--quiet"), "--runs needs a value");
    expect_refused(PARSE(&demo, "x", "--quiet=yes"), "--quiet takes no value");
    expect_refused(PARSE(&demo, "x", "--colour"), "unknown option '--colour'");
    expect_refused(PARSE(&demo, "x", "--colour=red"), "unknown option '--colour'");
    expect_refused(PARSE(&demo, "x", "-qx"), "unknown option '-qx'"); /* -q takes no value */
    expect_refused(PARSE(&demo, "--quiet"), "expected <a> <b>, got 0 operands");
    expect_refused(PARSE(&demo, "a", "b", "c"), "unexpected operand 'c'");
    expect_refused(parse(&needy, (const char *[]){ NULL }), "--schedule STR is required");
    /* Every message says where the options are explained. */
    expect_refused(PARSE(&demo, "x", "--colour"), "(see racekit demo --help)");
    const rk_command *all[] = { &demo, &needy, &other };
    rk_commands_register(all, 3);
    expect_refused(PARSE(&demo, "x", "--jobs", "2"), "'--jobs' is an option of other, not of demo");
    expect_refused(PARSE(&other, "--runs=2"), "'--runs' is an option of demo, not of other");
    expect_refused(PARSE(&other, "--schedule", "1"), "'--schedule' is an option of needy, not of other");
    rk_commands_register(NULL, 0);
}

/* The number and choice checks: in range, or one line naming the option. */
static void test_number_and_choice(void)
{
    char *argv[] = { "demo", "--runs", "12", "--runs", "0", "--runs", "1x", "--format", "xml", NULL };
    rk_opts p;
    uint64_t n = 0;
    rk_opts_start(&p, &demo, 9, argv);
    FILE *cap = tmpfile();
    fflush(stderr);
    int saved = dup(2);
    dup2(fileno(cap), 2);
    RK_EXPECT_INT(rk_opts_next(&p), OPT_RUNS);
    RK_EXPECT_INT(rk_opt_number(&p, 1, 100, &n), 0);
    RK_EXPECT_INT(n, 12);
    RK_EXPECT_INT(rk_opts_next(&p), OPT_RUNS);
    RK_EXPECT_INT(rk_opt_number(&p, 1, 100, &n), -1);
    RK_EXPECT_INT(rk_opts_next(&p), OPT_RUNS);
    RK_EXPECT_INT(rk_opt_number(&p, 1, 100, &n), -1);
    RK_EXPECT_INT(rk_opts_next(&p), OPT_FORMAT);
    static const char *const formats[] = { "table", "json", NULL };
    RK_EXPECT_INT(rk_opt_choice(&p, formats), -1);
    RK_EXPECT_INT(p.status, RK_EXIT_USAGE);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char text[2048];
    rewind(cap);
    text[fread(text, 1, sizeof text - 1, cap)] = '\0';
    fclose(cap);
    RK_EXPECT_HAS(text, "demo: --runs: expected a whole number from 1 to 100, got '0'\n");
    RK_EXPECT_HAS(text, "got '1x'");
    RK_EXPECT_HAS(text, "demo: --format: expected one of table, json, got 'xml'");
}

/* --help: every option of the table with its value and help, status 0. */
static void test_help(void)
{
    FILE *out = tmpfile();
    rk_command_help(&demo, out);
    char text[4096];
    rewind(out);
    text[fread(text, 1, sizeof text - 1, out)] = '\0';
    fclose(out);
    RK_EXPECT_HAS(text, "usage: racekit demo [options] <a> <b>\n");
    RK_EXPECT_HAS(text, "Try the parser.\n");
    RK_EXPECT_HAS(text, "  --runs N ");
    RK_EXPECT_HAS(text, "run it N times");
    RK_EXPECT_HAS(text, "  -q, --quiet ");
    RK_EXPECT_HAS(text, "  -f, --format F ");
    RK_EXPECT_HAS(text, "  -h, --help ");
    for (char *line = text; *line; line += strcspn(line, "\n") + 1)
        RK_EXPECT(strcspn(line, "\n") <= 79); /* wrapped */
    RK_EXPECT_HAS(text, "                          the help\n"); /* wrapped at its column, nothing lost */
    fflush(stdout);
    int saved = dup(1);
    FILE *cap = tmpfile();
    dup2(fileno(cap), 1);
    struct parsed h = PARSE(&demo, "x", "-h", "--colour");
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    fclose(cap);
    RK_EXPECT_INT(h.end, RK_OPT_STOP);
    RK_EXPECT_INT(h.status, RK_EXIT_PASS); /* help wins over what follows */
    RK_EXPECT_STR(h.err, "");
}

/* Paths as the user types them: below the directory with "./", else
 * absolute; quoted when a shell would split them. */
static void expect_shown(const char *path, const char *cwd, const char *want)
{
    char *s = rk_prog_shown(path, cwd);
    RK_EXPECT_STR(s, want);
    free(s);
}

static void test_prog_shown(void)
{
    expect_shown("/a/b/racekit", "/a", "./b/racekit");
    expect_shown("/a/racekit", "/a/", "./racekit");
    expect_shown("b/./racekit", "/a", "./b/racekit");
    expect_shown("/x//racekit", "/a", "/x/racekit");
    expect_shown("/ab/racekit", "/a", "/ab/racekit"); /* not below /a */
    expect_shown("/racekit", "/", "/racekit");
    expect_shown("/my kit/racekit", "/tmp", "'/my kit/racekit'");
    expect_shown("/it's/racekit", "/tmp", "'/it'\\''s/racekit'");
    RK_EXPECT_STR(rk_prog(), "racekit"); /* never set: the unit tests, the configure-time helper */
}

int main(void)
{
    RK_RUN(test_values);
    RK_RUN(test_mistakes);
    RK_RUN(test_number_and_choice);
    RK_RUN(test_help);
    RK_RUN(test_prog_shown);
    return rk_test_done();
}
