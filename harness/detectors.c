/* detectors.c - the detectors a case can run under (see detectors.h). */
#define _POSIX_C_SOURCE 200809L
#include "detectors.h"

#include <string.h>

static const char *const names[] = {
    "tsan", "tsan-clang16", "tsan-clang19", "tsan-gcc", "helgrind", "drd", NULL,
};

int rk_is_detector_name(const char *name)
{
    for (const char *const *n = names; *n; n++)
        if (strcmp(*n, name) == 0)
            return 1;
    return 0;
}

const char *rk_detector_names_help(void)
{
    return "tsan, tsan-clang16, tsan-clang19, tsan-gcc, helgrind, drd";
}
