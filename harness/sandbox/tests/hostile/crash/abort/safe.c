/* crash/abort: gives up with abort(), like a failed assert. */
#include <stdlib.h>

int main(void)
{
    abort();
}
