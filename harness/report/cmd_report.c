/* cmd_report.c - `racekit report`: read every result file under the results
 * folders, score them, and write one format (or all of them). */
#define _POSIX_C_SOURCE 200809L
#include "report.h"
#include "util/util.h"
#include "report_formats.h"
#include "results/results.h"
#include "scoreboard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    const char *output; /* -o: a file, or the folder for ALL; NULL: stdout */
    rk_report_opts ro;
    const char **dirs;
    int n_dirs;
};

static int usage(void)
{
    fputs("usage: racekit report [--format table|markdown|json|junit|sarif|html|all] [-o FILE|DIR]\n"
          "                      [--root DIR] [--sarif-expected] <results-dir>...\n", stderr);
    return RK_EXIT_USAGE;
}

static int find_format(const char *name)
{
    if (strcmp(name, "all") == 0)
        return ALL;
    for (int i = 0; i < N_FORMATS; i++)
        if (strcmp(name, formats[i].name) == 0)
            return i;
    rk_error("report: unknown format '%s' (known: table, markdown, json, junit, sarif, html, all)", name);
    return -2;
}

static int parse_args(int argc, char **argv, struct options *o)
{
    memset(o, 0, sizeof *o);
    o->ro.root = rk_paths_get()->source_dir;
    o->dirs = rk_xcalloc((size_t)argc, sizeof *o->dirs);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "--format") == 0 || strcmp(a, "-f") == 0) && i + 1 < argc) {
            if ((o->format = find_format(argv[++i])) < -1)
                return -1;
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc) {
            o->output = argv[++i];
        } else if (strcmp(a, "--root") == 0 && i + 1 < argc) {
            o->ro.root = argv[++i];
        } else if (strcmp(a, "--sarif-expected") == 0) {
            o->ro.sarif_expected = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            rk_error("report: unknown option '%s'", a);
            return usage(), -1;
        } else {
            o->dirs[o->n_dirs++] = a;
        }
    }
    if (o->n_dirs == 0)
        return usage(), -1;
    if (o->format == ALL && o->output == NULL) {
        rk_error("report: --format all writes several files: name their folder with -o DIR");
        return -1;
    }
    return 0;
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
    if (parse_args(argc, argv, &o) < 0) {
        free(o.dirs);
        return RK_EXIT_USAGE;
    }
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
    return rc;
}
