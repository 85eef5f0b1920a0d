/* report_formats.h - the formats of `racekit report`, one writer per file
 * (report_table.c, report_markdown.c, report_json.c, report_junit.c,
 * report_sarif.c with its rules in report_sarif_rules.c, report_html.c).
 * Each appends the whole document for a scoreboard to `out`; the output
 * depends only on the result files and the options (no clock, no host
 * name), so golden files can pin it. Formats and fields are described in
 * docs/results.md. */
#ifndef RK_REPORT_FORMATS_H
#define RK_REPORT_FORMATS_H

#include "scoreboard.h"
#include "util/util.h"

typedef struct {
    const char *root;   /* the repository root: paths below it are written
                         * relative to it; relative paths in result files
                         * are read from it */
    int color;          /* table only: ANSI colours (a terminal without NO_COLOR) */
    int sarif_expected; /* SARIF only: also the reports that passing unsafe
                         * variants showed as expected, under rule
                         * racekit/expected (level note) */
} rk_report_opts;

/* The line a report ends with when it shortened a path outside the root
 * (rk_results_shorten_paths; rk_results.paths_shortened). */
#define RK_PATHS_NOTE "Paths outside the root (" RK_PATH_ELIDED "<file>) are shortened to the file's name."

/* rk_report_table - text for a terminal or a log: per detector a heading,
 * one row per case (failing cases first, each followed by its reasons),
 * the unreadable result files, then the totals line. */
void rk_report_table(const rk_scoreboard *sb, const rk_report_opts *o, rk_strbuf *out);

/* rk_report_markdown - GitHub-flavoured Markdown for a job summary or a
 * merge request comment: per detector the totals line, the scoreboard
 * metrics, the case table and the failures with their reasons. */
void rk_report_markdown(const rk_scoreboard *sb, const rk_report_opts *o, rk_strbuf *out);

/* rk_report_json - the scoreboard as JSON: per detector the counts and
 * metrics (null when undefined) and one row per variant. */
void rk_report_json(const rk_scoreboard *sb, const rk_report_opts *o, rk_strbuf *out);

/* rk_report_junit - JUnit XML: a testsuite per detector, a testcase per
 * variant; a failed verdict is a <failure> (an <error> for tool-error and
 * build-error) whose message is the reason; <system-out> holds the trimmed
 * stderr of the run (the TSan report), or the build log or thread stacks.
 * An unreadable result file is a testcase with an <error>. */
void rk_report_junit(const rk_scoreboard *sb, const rk_report_opts *o, rk_strbuf *out);

/* rk_report_sarif - SARIF 2.1.0: a run per detector, a result per report of
 * each failing variant (a failing variant without a report gets one result
 * on its source file), locations at each access and stack location; a rule
 * per report kind with help text. */
void rk_report_sarif(const rk_scoreboard *sb, const rk_report_opts *o, rk_strbuf *out);

/* rk_report_sarif_rule - the SARIF rule "racekit/<kind>" as one object:
 * name, short and full description, help text (plain and Markdown) naming
 * the lessons of `d` whose case expects `kind` (their README below `root`),
 * default level and tags; an unknown kind gets a generic text
 * (report_sarif_rules.c). */
void rk_report_sarif_rule(rk_jw *w, const char *kind, const rk_detector_score *d, const char *root);

/* rk_report_html - one self-contained HTML page (inline CSS, one small
 * script of its own that opens the section a link names, no network): the
 * scoreboard and case table (with each case's reason), then per case the
 * unsafe and safe sources side by side with the diff coloured and the
 * lines a run points at marked (report_html_source.c), and each variant's
 * reason and TSan report. Readable at 400 px: tables scroll in their box.
 * Reads the sources named in the result files. */
void rk_report_html(const rk_scoreboard *sb, const rk_report_opts *o, rk_strbuf *out);

/* rk_report_html_explored - the HTML report's section on the explore and
 * replay results in `res` (nothing when there are none): a table of the
 * variants, failing first, each linking to its section with the verdict,
 * the replay command and, for a failing schedule, its timeline with a
 * column per thread, steps outside the program left out
 * (report_html_explore.c). */
void rk_report_html_explored(const rk_results *res, rk_strbuf *out);

#endif
