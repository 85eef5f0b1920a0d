/* check_args.c - the command line of `racekit check`: its options, its
 * --help, and the check_options they give (see commands.h). */
#include "commands.h"
#include "judge/judge.h"
#include "util/util.h"

#include <string.h>

enum { MAX_RUNS = 10000 };

enum { OPT_RUNS, OPT_WITNESS, OPT_DETECTOR, OPT_CASES_ROOT, OPT_NO_SCHEDULER, OPT_QUIET };
static const rk_option options[] = {
    [OPT_RUNS] = { "--runs", NULL, "N",
                   "run the variant N times, 1 to 10000 (default 1); the run shown and judged is the first "
                   "failing one, so all N must pass" },
    [OPT_WITNESS] = { "--witness", NULL, "N",
                      "also build it without instrumentation and run it N times, 0 to 10000 (default 0), counting "
                      "the runs in which the bug showed by itself (docs/detectors.md)" },
    [OPT_DETECTOR] = { "--detector", NULL, "NAME",
                       "the detector to build and run it under (default tsan; docs/detectors.md lists them)" },
    [OPT_CASES_ROOT] = { "--cases-root", NULL, "DIR", RK_CASES_ROOT_HELP },
    [OPT_NO_SCHEDULER] = { "--no-scheduler", NULL, NULL,
                           "judge by the runs alone, without racekit's scheduler, a case whose bug shows only "
                           "under some schedules" },
    [OPT_QUIET] = { "--quiet", "-q", NULL, "print the verdict line only, not the report under it" },
    { NULL },
};

const rk_command rk_check_command = {
    "check", "<case-dir> <unsafe|safe>", "compile one variant of a case, run it, classify what happened and judge "
    "it against the case's expect",
    "<case-dir> is a case folder or <topic>/<name> under the cases root. Prints the verdict line and writes "
    "<build>/results/<detector>/<topic>/<name>/<variant>.json. Exit status: 0 pass, 1 fail, 2 bad usage or "
    "bad input, 77 the detector is not installed.",
    2, 2, options,
};

int rk_check_parse(int argc, char **argv, struct check_options *o)
{
    memset(o, 0, sizeof *o);
    o->runs = 1;
    o->detector = "tsan";
    rk_opts p;
    rk_opts_start(&p, &rk_check_command, argc, argv);
    uint64_t n;
    for (int k; (k = rk_opts_next(&p)) != RK_OPT_END;) {
        switch (k) {
        case OPT_RUNS:
        case OPT_WITNESS:
            if (rk_opt_number(&p, k == OPT_RUNS ? 1 : 0, MAX_RUNS, &n) < 0)
                return p.status;
            *(k == OPT_RUNS ? &o->runs : &o->witness) = (int)n;
            break;
        case OPT_DETECTOR:
            o->detector = p.value;
            break;
        case OPT_CASES_ROOT:
            o->cases_root = p.value;
            break;
        case OPT_NO_SCHEDULER:
            o->no_scheduler = 1;
            break;
        case OPT_QUIET:
            o->quiet = 1;
            break;
        case RK_OPT_OPERAND:
            *(o->case_arg ? &o->variant : &o->case_arg) = p.value;
            break;
        default:
            return p.status;
        }
    }
    if (strcmp(o->variant, "unsafe") != 0 && strcmp(o->variant, "safe") != 0)
        return rk_usage_fail(&rk_check_command, "variant must be 'unsafe' or 'safe', not '%s'", o->variant);
    return RK_OPTS_GO_ON;
}
