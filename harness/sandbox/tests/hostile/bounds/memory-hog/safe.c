/* bounds/memory-hog: allocates and touches memory without end. */
#include <stdlib.h>
#include <string.h>

enum { CHUNK = 16 << 20 };

/* The chunks stay reachable, or the compiler would drop the allocations. */
static char *volatile last;

int main(void)
{
    for (;;) {
        char *p = malloc(CHUNK);
        if (p == NULL)
            return 2;
        memset(p, 1, CHUNK);
        *(char **)p = last;
        last = p;
    }
}
