/* results/results.h - the door of harness/results/: what the other stages
 * include. It takes a judged check and gives its result file and
 * verdict line; and reads result files (check and explore) back, field by
 * field. */
#ifndef RK_RESULTS_H
#define RK_RESULTS_H

#include "result.h"
#include "results_fields.h"
#include "results_load.h"

#endif
