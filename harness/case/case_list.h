/* case_list.h - every case folder under a cases root, in a stable order. */
#ifndef RK_CASE_LIST_H
#define RK_CASE_LIST_H

#include "util/util.h"

/* rk_case_list - append "<cases_root>/<topic>/<name>" for every directory
 * two levels below `cases_root` whose names do not start with '.', sorted by
 * topic then name. Folders with missing files are listed too (callers report
 * them). Returns the number appended, or -1 (errno set) when `cases_root`
 * cannot be read. */
int rk_case_list(const char *cases_root, rk_strlist *dirs);

#endif
