/* report/report.h - the door of harness/report/: what the other stages
 * include. It takes result files and gives the scoreboard in every
 * format (table, Markdown, JSON, JUnit, SARIF, HTML): `racekit report`. */
#ifndef RK_REPORT_H
#define RK_REPORT_H

#include "markup.h"
#include "scoreboard.h"
#include "util/options.h"

/* Its command line (options.h), for racekit's help and its own --help. */
extern const rk_command rk_report_command;

/* racekit report [--format table|markdown|json|junit|sarif|html|all]
 * [-o FILE|DIR] [--root DIR] [--sarif-expected] <results-dir>...: read every
 * result file and write the scoreboard in one format, or all of them. */
int rk_cmd_report(int argc, char **argv);

#endif
