/* paths.h - where racekit's pieces are: the header, the hook, the case
 * templates, the cases, the build tree. Each comes from an environment
 * variable when set; else, for an installed racekit (see below), from the
 * install prefix; else from what CMake configured (config.h). */
#ifndef RK_PATHS_H
#define RK_PATHS_H

typedef struct {
    const char *source_dir;  /* RACEKIT_SOURCE_DIR: holds cases/ */
    const char *build_dir;   /* RACEKIT_BUILD_DIR: cache/ and results/ */
    const char *include_dir; /* RACEKIT_INCLUDE_DIR: racekit.h */
    const char *hook_source; /* RACEKIT_HOOK_SOURCE: tsan_hook.c */
    const char *template_dir;/* RACEKIT_TEMPLATE_DIR: skeletons for `racekit new` */
    const char *cc;          /* RACEKIT_CC: the clang of the tsan detector */
    const char *prefix;      /* install prefix when installed, else NULL */
} rk_paths;

/* rk_paths_get - the paths in force (static storage; members other than
 * `prefix` are never NULL).
 *
 * A racekit is "installed" when its own executable (/proc/self/exe) is
 * <prefix>/bin/racekit and <prefix>/share/racekit/tsan_hook.c exists, as
 * `cmake --install` lays it out. Then the header is <prefix>/include, the
 * hook and templates are under <prefix>/share/racekit, cases are under the
 * current directory (source_dir ".") and results go to "./build", so the
 * kit works wherever the prefix was moved and never writes into it. */
const rk_paths *rk_paths_get(void);

#endif
