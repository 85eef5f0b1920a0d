/* fuzz_tsan_text.c - libFuzzer target: TSan's text report parser, and what
 * reads its reports, on any bytes. A program's stderr is the student's to
 * fill, so the parser must survive anything there (harness/read/tsan_text.h),
 * and so must the rewriting of unsymbolized frames (symbolize_report.h),
 * here with the fuzzer itself as the program whose frames are resolved. */
#include "judge/judge.h"
#include "read/read.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data; /* not NUL-terminated: len bounds it */
    static rk_symbolizer *sym;
    if (sym == NULL)
        sym = rk_sym_new();
    rk_strbuf rewritten = RK_STRBUF_INIT;
    rk_symbolize_tsan_text(sym, text, size, "/proc/self/exe", &rewritten);
    rk_report_list reports = RK_REPORT_LIST_INIT;
    rk_tsan_text_parse(rewritten.buf ? rewritten.buf : "", rewritten.len, "unsafe.c", &reports);
    rk_sb_free(&rewritten);
    rk_tsan_text_parse(text, size, "unsafe.c", &reports);
    rk_strlist kinds = RK_STRLIST_INIT;
    rk_report_kinds(&reports, &kinds);
    free(rk_where(&reports, NULL));
    for (int i = 0; i < kinds.n; i++)
        free(rk_where(&reports, kinds.items[i]));
    free(rk_tsan_tool_error(text, size));
    (void)rk_tsan_is_mapping_error(text, size);
    rk_sl_free(&kinds);
    rk_report_list_free(&reports);
    return 0;
}
