/* fuzz_valgrind_text.c - libFuzzer target: the Helgrind and DRD report
 * parser (harness/read/valgrind_text.h) on any bytes, as it reads the program's
 * stderr under Valgrind. */
#include "judge/judge.h"
#include "read/read.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data; /* not NUL-terminated: len bounds it */
    rk_report_list reports = RK_REPORT_LIST_INIT;
    rk_valgrind_text_parse(text, size, "unsafe.c", &reports);
    free(rk_where(&reports, NULL));
    free(rk_valgrind_tool_error(text, size));
    rk_report_list_free(&reports);
    return 0;
}
