/* fuzz_case_meta.c - libFuzzer target: the front matter parser
 * (harness/case/case_meta.h) on any bytes. Whatever a README holds, the answer
 * is a parsed front matter or one line naming the file and the problem. */
#include "case/case.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rk_meta meta;
    char err[512];
    err[0] = '\0';
    if (rk_meta_parse("cases/fuzz/input/README.md", (const char *)data, size, &meta, err, sizeof err) == 0) {
        (void)rk_meta_expect_for(&meta, "tsan");
        (void)rk_meta_expect_for(&meta, "helgrind");
        rk_meta_free(&meta);
    } else if (err[0] == '\0' || strchr(err, '\n') != NULL) {
        abort(); /* a refusal is always one line */
    }
    return 0;
}
