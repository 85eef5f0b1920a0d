/* fuzz_hook_records.c - libFuzzer target: the parser of the hook's records
 * (harness/hook_records.h) on any bytes. The records are written by the
 * program under test, which may scribble on the descriptor or be killed in
 * the middle of a block. */
#include "classify.h"
#include "hook_records.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data; /* not NUL-terminated: len bounds it */
    rk_report_list reports = RK_REPORT_LIST_INIT, again = RK_REPORT_LIST_INIT;
    rk_invariant inv = { 0, NULL, 0, NULL }, inv2 = { 0, NULL, 0, NULL };
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
