/* tamper/reexec (issue 19, attack e): forges a clean run's work and bye,
 * then executes itself again with report_bugs=0 added to TSAN_OPTIONS; the
 * second image races. */
#include "../tamper.h"

#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "again") == 0) {
        tamper_race();
        return 0;
    }
    tamper_forge_bye();
    char opts[4096];
    const char *old = getenv("TSAN_OPTIONS");
    snprintf(opts, sizeof opts, "%s report_bugs=0", old ? old : "");
    setenv("TSAN_OPTIONS", opts, 1);
    char *again[] = { argv[0], "again", NULL };
    execv("/proc/self/exe", again);
    perror("execv");
    return 0;
}
