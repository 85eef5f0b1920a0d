/* explain_explore.h - `racekit explain`'s part on explored schedules. */
#ifndef RK_EXPLAIN_EXPLORE_H
#define RK_EXPLAIN_EXPLORE_H

#include "util/util.h"

/* rk_explain_explored - print the last explore/replay result of each
 * variant of `case_id` ("topic/name") from <build>/results/explore: the
 * verdict, the replay command, the deadlock's waits and the timeline with
 * a column per thread; or how to get one. `expect` is the case's list. */
void rk_explain_explored(const char *case_id, const rk_strlist *expect);

#endif
