/* tamper/default-options: asks the runtime for no reports at all, then
 * races. */
#include "../tamper.h"

const char *__tsan_default_options(void)
{
    return "report_bugs=0 report_thread_leaks=0 log_path=/dev/null";
}

int main(void)
{
    tamper_race();
    return 0;
}
