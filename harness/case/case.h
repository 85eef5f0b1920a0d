/* case/case.h - the door of harness/case/: what the other stages
 * include. It takes a case folder (unsafe.c, safe.c, README.md) and
 * gives its id and its front matter, checked against the vocabulary of
 * `expect` and the detectors racekit knows; and the cases under a root. */
#ifndef RK_CASE_H
#define RK_CASE_H

#include "case_dir.h"
#include "case_list.h"
#include "case_meta.h"
#include "detectors.h"
#include "expect.h"

#endif
