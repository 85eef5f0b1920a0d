/* detectors.c - the detectors a case can run under (see detectors.h). */
#define _POSIX_C_SOURCE 200809L
#include "detectors.h"
#include <string.h>

static const rk_detector detectors[] = {
    { "tsan", RK_FAMILY_TSAN, NULL, "clang-14 libclang-rt-14-dev", NULL, 1, NULL },
    { "tsan-clang16", RK_FAMILY_TSAN, "clang-16", "clang-16 libclang-rt-16-dev", NULL, 1, NULL },
    { "tsan-clang19", RK_FAMILY_TSAN, "clang-19", "clang-19 libclang-rt-19-dev", NULL, 1, NULL },
    { "tsan-gcc", RK_FAMILY_TSAN, "gcc", "gcc libtsan2", NULL, 1, NULL },
    { "helgrind", RK_FAMILY_VALGRIND, "cc", "valgrind", "helgrind", 5, "Helgrind" },
    { "drd", RK_FAMILY_VALGRIND, "cc", "valgrind", "drd", 5, "DRD" },
};

enum { N_DETECTORS = sizeof detectors / sizeof detectors[0] };

const rk_detector *rk_detector_find(const char *name)
{
    for (int i = 0; i < N_DETECTORS; i++)
        if (strcmp(detectors[i].name, name) == 0)
            return &detectors[i];
    return NULL;
}

int rk_is_detector_name(const char *name) { return rk_detector_find(name) != NULL; }

const char *rk_detector_names_help(void)
{
    return "tsan, tsan-clang16, tsan-clang19, tsan-gcc, helgrind, drd";
}

const char *rk_detector_compiler(const rk_detector *d, const char *configured)
{
    return d->compiler ? d->compiler : configured;
}
