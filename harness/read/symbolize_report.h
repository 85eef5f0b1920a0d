/* symbolize_report.h - resolve the frames of an unsymbolized TSan run: the
 * hook's "m" records and the "(module+0xoffset)" frames of TSan's text
 * (see symbolize.h for why the run is unsymbolized). */
#ifndef RK_SYMBOLIZE_REPORT_H
#define RK_SYMBOLIZE_REPORT_H

#include "util/util.h"
#include "symbolize.h"

#include <stddef.h>

/* rk_symbolize_records - append the hook's records `in` (len bytes) to
 * `out` with each "m\t<module>\t<hex offset>" line replaced by one
 * "f\t<function>\t<file>\t<line>" line per frame (inlined calls first), as
 * the hook writes when TSan symbolizes; an offset nothing is known of
 * gives "f\t??\t??\t0". Other lines are copied unchanged. */
void rk_symbolize_records(rk_symbolizer *s, const char *in, size_t len, rk_strbuf *out);

/* rk_symbolize_tsan_text - append clang TSan's stderr `text` to `out` with
 * every frame "#N <null> <null> (mod+0x..)" written as TSan's own
 * symbolizer writes it ("#N func /path/file.c:12:5 (mod+0x..)", inlined
 * frames numbered in), a global location named ("global 'counter' of size
 * 8"), and the SUMMARY line given its file, line and function. A frame's
 * module is the base name TSan prints: `binary` (the program) and the
 * modules rk_symbolize_records met are the ones looked up; a frame in any
 * other module is copied unchanged. */
void rk_symbolize_tsan_text(rk_symbolizer *s, const char *text, size_t len, const char *binary,
                            rk_strbuf *out);

#endif
