/* fuzz_hook_records.c - libFuzzer target: the records channel's check
 * (harness/run/records_channel.h, with the short key "K" so that keyed lines
 * are in reach), the parser of the hook's records (harness/read/hook_records.h)
 * and the work probe's line, on any bytes. The records are written by the
 * program under test, which may scribble on the descriptor or be killed in
 * the middle of a block. The "m" lines (module, offset) are resolved as
 * check resolves them (symbolize_report.h) before they are parsed. */
#include "judge/judge.h"
#include "read/read.h"
#include "run/run.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data; /* not NUL-terminated: len bounds it */
    rk_report_list reports = RK_REPORT_LIST_INIT, again = RK_REPORT_LIST_INIT;
    rk_invariant inv = { 0, NULL, 0, NULL }, inv2 = { 0, NULL, 0, NULL };
    rk_channel_view view = RK_CHANNEL_VIEW_INIT;
    rk_channel_verify(text, size, "K", &view);
    rk_work work;
    rk_work_parse(rk_sb_cstr(&view.records), view.records.len, &work);
    static rk_symbolizer *sym;
    if (sym == NULL)
        sym = rk_sym_new();
    rk_strbuf records = RK_STRBUF_INIT;
    rk_symbolize_records(sym, view.records.buf ? view.records.buf : "", view.records.len, &records);
    rk_hook_parse(rk_sb_cstr(&records), records.len, "unsafe.c", &reports, &inv);
    rk_sb_free(&records);
    rk_channel_view_free(&view);
    rk_hook_parse(text, size, "unsafe.c", &reports, &inv);
    (void)rk_hook_no_runtime(text, size);
    /* As check does: the same reports read twice, then merged. */
    rk_hook_parse(text, size, "unsafe.c", &again, &inv2);
    (void)rk_reports_enrich(&reports, &again);
    free(rk_where(&reports, NULL));
    rk_invariant_free(&inv);
    rk_invariant_free(&inv2);
    rk_report_list_free(&reports);
    rk_report_list_free(&again);
    return 0;
}
