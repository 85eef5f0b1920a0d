/* expect.h - the vocabulary of `expect`: TSan report kinds and the outcomes
 * a case may expect instead (DESIGN: case folder). */
#ifndef RK_EXPECT_H
#define RK_EXPECT_H

#include "util/util.h"

/* The report kinds, as TSan's report API names them; NULL-terminated. */
extern const char *const rk_report_kind_names[];

/* rk_is_report_kind - 1 when `s` is one of rk_report_kind_names. */
int rk_is_report_kind(const char *s);

/* rk_is_expect_item - 1 for a report kind or "invariant", "hang", "missed",
 * "unsupported". */
int rk_is_expect_item(const char *s);

/* rk_is_race_kind - 1 for the kinds whose accesses carry `// RACE` markers
 * (data-race, heap-use-after-free). */
int rk_is_race_kind(const char *s);

/* rk_expect_schedule_dependent - 1 when `expect` lists a bug that shows
 * only under some schedules (invariant, hang, lock-order-inversion): the
 * cases racekit's scheduler judges, rather than one lucky run. */
int rk_expect_schedule_dependent(const rk_strlist *expect);

/* rk_expect_items_help - the allowed items as one comma-separated line. */
const char *rk_expect_items_help(void);

#endif
