/* detectors.h - the detectors a case can run under, by name. */
#ifndef RK_DETECTORS_H
#define RK_DETECTORS_H

/* rk_is_detector_name - 1 when `name` names a detector racekit knows. */
int rk_is_detector_name(const char *name);

/* rk_detector_names_help - the known names as one comma-separated line. */
const char *rk_detector_names_help(void);

#endif
