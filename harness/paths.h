/* paths.h - where racekit's pieces are: the header, the hook, the cases,
 * the build tree. Each comes from an environment variable when set, else
 * from what CMake configured (config.h). */
#ifndef RK_PATHS_H
#define RK_PATHS_H

typedef struct {
    const char *source_dir;  /* RACEKIT_SOURCE_DIR: holds cases/ */
    const char *build_dir;   /* RACEKIT_BUILD_DIR: cache/ and results/ */
    const char *include_dir; /* RACEKIT_INCLUDE_DIR: racekit.h */
    const char *hook_source; /* RACEKIT_HOOK_SOURCE: tsan_hook.c */
    const char *cc;          /* RACEKIT_CC: the clang of the tsan detector */
} rk_paths;

/* rk_paths_get - the paths in force (static storage; never NULL members). */
const rk_paths *rk_paths_get(void);

#endif
