/* tamper/default-suppressions: tells the runtime, from the program itself,
 * to suppress every race, then races. */
#include "../tamper.h"

const char *__tsan_default_suppressions(void)
{
    return "race:*\n";
}

int main(void)
{
    tamper_race();
    return 0;
}
