/* check/failed-check: the program's own check fails. */
#include "racekit.h"

int main(void)
{
    int count = 0;
    for (int i = 0; i < 3; i++)
        count++;
    RACEKIT_CHECK(count == 4, "count is %d, expected 4", count); /* CHECK */
    return 0;
}
