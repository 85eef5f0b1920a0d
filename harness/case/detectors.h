/* detectors.h - the detectors a case can run under: how to build a variant
 * for each, how to run it, and whether the machine has it. */
#ifndef RK_DETECTORS_H
#define RK_DETECTORS_H

typedef enum {
    RK_FAMILY_TSAN,     /* built with -fsanitize=thread, the hook linked in */
    RK_FAMILY_VALGRIND, /* built plain, run under a Valgrind tool */
} rk_family;

typedef struct {
    const char *name;          /* "tsan", "tsan-gcc", "helgrind", ... */
    rk_family family;
    const char *compiler;      /* program name; NULL: the configured clang */
    const char *packages;      /* Debian packages that provide it */
    const char *valgrind_tool; /* "helgrind" or "drd"; NULL for TSan */
    double timeout_scale;      /* the case's timeout is multiplied by this */
    const char *display_name;  /* in verdict reasons; NULL: "TSan" */
} rk_detector;

/* rk_detector_find - the detector called `name`, or NULL. */
const rk_detector *rk_detector_find(const char *name);

/* rk_is_detector_name - 1 when `name` names a detector racekit knows. */
int rk_is_detector_name(const char *name);

/* rk_detector_names_help - the known names as one comma-separated line. */
const char *rk_detector_names_help(void);

/* rk_detector_compiler - the compiler `d` builds with: d->compiler, or for
 * the default detector `configured` (RACEKIT_CC or what CMake found). */
const char *rk_detector_compiler(const rk_detector *d, const char *configured);

#endif
