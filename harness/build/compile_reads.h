/* compile_reads.h - name the files a build read to `racekit cached`
 * (RACEKIT_CACHE_READS; compile.h says the format). Internal to
 * compile*.c. */
#ifndef RK_COMPILE_READS_H
#define RK_COMPILE_READS_H

#include "util/util.h"

#include <time.h>

/* rk_compile_reads_since - the time a build starts, as the file system
 * stamps a change (the coarse real-time clock): a file whose ctime is not
 * older than this may have changed while the build read it. */
struct timespec rk_compile_reads_since(void);

/* rk_compile_note_reads - append to RACEKIT_CACHE_READS (nothing when it
 * is not set) one line per file of `deps`, a build that began at `since`:
 * its content hash, or "changed" when it cannot be read or changed after
 * `since`. Relative paths are made absolute (the wrapper may run in
 * another folder). A failed write removes the list (rk_compile_reads_append). */
void rk_compile_note_reads(const rk_strlist *deps, struct timespec since);

/* rk_compile_note_unknown - append to RACEKIT_CACHE_READS that what the
 * build of `source` read is not known ("unknown <path>"), so the pass of
 * the test that made it is not kept. */
void rk_compile_note_unknown(const char *source);

#endif
