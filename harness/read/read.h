/* read/read.h - the door of harness/read/: what the other stages
 * include. It takes what a run left (the hook's records, TSan's,
 * Helgrind's or DRD's text) and gives detector reports (detector_report.h),
 * symbolized in the harness where the run was not. */
#ifndef RK_READ_H
#define RK_READ_H

#include "detector_report.h"
#include "hook_records.h"
#include "symbolize.h"
#include "symbolize_report.h"
#include "tsan_text.h"
#include "valgrind_text.h"
#include "assert_text.h"

#endif
