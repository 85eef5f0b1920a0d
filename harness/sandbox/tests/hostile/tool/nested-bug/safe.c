/* tool/nested-bug: the detector fails while it reports. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    fputs("ThreadSanitizer: nested bug in the same thread, aborting.\n", stderr);
    abort();
}
