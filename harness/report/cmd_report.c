/* cmd_report.c - `racekit report`: read every result file under the results
 * folders, score them, and write one format (or all of them). */
#define _GNU_SOURCE /* realpath */
#include "report.h"
#include "util/util.h"
#include "report_formats.h"
#include "results/results.h"
#include "scoreboard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef void (*writer_fn)(const rk_scoreboard *, const rk_report_opts *, rk_strbuf *);

static const struct {
    const char *name;
    const char *file;   /* its name in the folder of --format all */
    writer_fn write;
} formats[] = {
    { "table", "report.txt", rk_report_table },
    { "markdown", "report.md", rk_report_markdown },
    { "json", "report.json", rk_report_json },
    { "junit", "report.junit.xml", rk_report_junit },
    { "sarif", "report.sarif", rk_report_sarif },
    { "html", "report.html", rk_report_html },
};
enum { N_FORMATS = sizeof formats / sizeof formats[0], ALL = -1 };

struct options {
    int format;         /* index in formats, or ALL */
    char *root;         /* --root (or the default) resolved: absolute, no symbolic link */
    const char *output; /* -o: a file, or the folder for ALL; NULL: stdout */
    rk_report_opts ro;
    const char **dirs;
    int n_dirs;
};

enum { OPT_FORMAT, OPT_OUTPUT, OPT_ROOT, OPT_SARIF_EXPECTED };
static const rk_option options[] = {
    [OPT_FORMAT] = { "--format", "-f", "F",
                     "table (the default), markdown, json, junit, sarif, html, or all: every format, into the "
                     "folder -o names" },
    [OPT_OUTPUT] = { "--output", "-o", "FILE|DIR",
                     "write the report to FILE instead of standard output; with --format all, the folder DIR "
                     "(report.txt, report.md, report.json, report.junit.xml, report.sarif, report.html)" },
    [OPT_ROOT] = { "--root", NULL, "DIR",
                   "the repository root (default: the source folder racekit was built from): paths below it are "
                   "written relative to it, and relative paths in result files are read from it" },
    [OPT_SARIF_EXPECTED] = { "--sarif-expected", NULL, NULL,
                             "SARIF (--format sarif or all) also lists what passing unsafe variants reported as "
                             "expected (rule racekit/expected, level note)" },
    { NULL },
};

const rk_command rk_report_command = {
    "report", "<results-dir>...", "tables, Markdown, JSON, JUnit, SARIF and HTML from result files",
    "Reads every <detector>/<topic>/<name>/<variant>.json under each results folder or a subfolder of one "
    "(build/results/tsan/homework), merged; explore results and exercise folders' results in sections of their "
    "own, out of the corpus's numbers; no absolute path in any report (docs/results.md). Exit status: 0 when every result file was read, whatever the verdicts; 2 when one "
    "could not be, on bad usage, when a folder has no result file or a report cannot be written.",
    1, -1, options,
};

/* The folder --root names must exist: paths are made relative to it. */
static int check_root(rk_opts *p)
{
    struct stat st;
    if (stat(p->value, &st) < 0)
        return rk_opt_fail(p, "%s: %s", p->value, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return rk_opt_fail(p, "%s: not a folder", p->value);
    return 0;
}

/* Fill *o from argv; RK_OPTS_GO_ON, or the exit status after --help or a mistake. */
static int parse_args(int argc, char **argv, struct options *o)
{
    memset(o, 0, sizeof *o);
    o->ro.root = rk_paths_get()->source_dir;
    o->dirs = rk_xcalloc((size_t)argc, sizeof *o->dirs);
    const char *format_names[N_FORMATS + 2]; /* the formats, then "all" */
    for (int i = 0; i < N_FORMATS; i++)
        format_names[i] = formats[i].name;
    format_names[N_FORMATS] = "all", format_names[N_FORMATS + 1] = NULL;
    rk_opts p;
    rk_opts_start(&p, &rk_report_command, argc, argv);
    for (int k; (k = rk_opts_next(&p)) != RK_OPT_END;) {
        int f;
        switch (k) {
        case OPT_FORMAT:
            if ((f = rk_opt_choice(&p, format_names)) < 0)
                return p.status;
            o->format = f == N_FORMATS ? ALL : f;
            break;
        case OPT_OUTPUT:
            o->output = p.value;
            break;
        case OPT_ROOT:
            if (check_root(&p) < 0)
                return p.status;
            o->ro.root = p.value;
            break;
        case OPT_SARIF_EXPECTED:
            o->ro.sarif_expected = 1;
            break;
        case RK_OPT_OPERAND:
            o->dirs[o->n_dirs++] = p.value;
            break;
        default:
            return p.status;
        }
    }
    if (o->format == ALL && o->output == NULL)
        return rk_usage_fail(&rk_report_command, "--format all writes several files: name their folder with -o DIR");
    if (o->ro.sarif_expected && o->format != ALL && formats[o->format].write != rk_report_sarif)
        return rk_usage_fail(&rk_report_command, "--sarif-expected applies to --format sarif (or all), not %s",
                             formats[o->format].name);
    return RK_OPTS_GO_ON;
}

/* NO_COLOR (https://no-color.org): present and not empty turns colour off. */
static int want_color(void)
{
    const char *no = getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && !(no && *no);
}

static int write_out(const char *path, const rk_strbuf *text)
{
    if (rk_write_file_atomic(path, rk_sb_cstr(text), text->len) < 0) {
        rk_error("%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int write_all(const rk_scoreboard *sb, const struct options *o)
{
    for (int i = 0; i < N_FORMATS; i++) {
        rk_strbuf text = RK_STRBUF_INIT;
        formats[i].write(sb, &o->ro, &text);
        char *path = rk_path_join(o->output, formats[i].file);
        int rc = write_out(path, &text);
        if (rc == 0)
            printf("wrote %s\n", path);
        free(path);
        rk_sb_free(&text);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int write_one(const rk_scoreboard *sb, struct options *o)
{
    rk_strbuf text = RK_STRBUF_INIT;
    o->ro.color = o->output == NULL && formats[o->format].write == rk_report_table && want_color();
    formats[o->format].write(sb, &o->ro, &text);
    int rc = 0;
    if (o->output)
        rc = write_out(o->output, &text);
    else if (fwrite(text.buf ? text.buf : "", 1, text.len, stdout) != text.len || fflush(stdout) != 0)
        rc = -1;
    rk_sb_free(&text);
    return rc;
}

int rk_cmd_report(int argc, char **argv)
{
    struct options o;
    rk_results res;
    char err[1024];
    int rc = RK_EXIT_USAGE;
    if ((rc = parse_args(argc, argv, &o)) != RK_OPTS_GO_ON) {
        free(o.dirs);
        return rc;
    }
    /* A relative root ("." of an installed racekit) is resolved, so that
     * paths below it are found and SARIF's URIs are relative to it. */
    o.root = realpath(o.ro.root, NULL);
    if (o.root)
        o.ro.root = o.root;
    rc = RK_EXIT_USAGE;
    if (rk_results_load(o.dirs, o.n_dirs, &res, err, sizeof err) < 0) {
        rk_error("%s", err);
        goto out;
    }
    for (int i = 0; i < res.n_errors; i++)
        rk_error("%s", res.errors[i].message);
    if (res.n == 0 && res.n_explored == 0 && res.n_errors == 0) {
        rk_error("%s: no result files (<detector>/<topic>/<name>/<variant>.json): run the tests first",
                 o.dirs[0]);
        goto out;
    }
    rk_results_shorten_paths(&res, o.ro.root);
    rk_scoreboard sb;
    rk_scoreboard_build(&res, &sb);
    int wrc = o.format == ALL ? write_all(&sb, &o) : write_one(&sb, &o);
    rk_scoreboard_free(&sb);
    /* Unreadable result files are bad input: the reports are written, and
     * the status says some results are missing from them. */
    rc = wrc < 0 || res.n_errors ? RK_EXIT_USAGE : RK_EXIT_PASS;
out:
    rk_results_free(&res);
    free(o.dirs);
    free(o.root);
    return rc;
}
