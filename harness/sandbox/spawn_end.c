/* spawn_end.c - how a run ended, in a sentence (see spawn.h). */
#define _GNU_SOURCE
#include "spawn.h"
#include "util/util.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* How the program ended, without the notes; a new string (caller frees). */
static char *describe_end(const rk_run *r)
{
    const char *abbrev = r->end == RK_END_SIGNAL ? sigabbrev_np(r->status) : NULL;
    switch (r->end) {
    case RK_END_EXIT:
        return rk_xasprintf("exited with status %d", r->status);
    case RK_END_SIGNAL:
        if (r->limit == RK_LIMIT_MEMORY)
            return rk_xasprintf("killed by the harness (SIGKILL) for using more than %ld MiB of memory "
                                "(the sandbox's bound, RACEKIT_MAX_RSS_MB)", r->limit_amount);
        return rk_xasprintf("killed by signal SIG%s (%s)", abbrev ? abbrev : "?", strsignal(r->status));
    case RK_END_TIMEOUT:
        return rk_xasprintf("still running after %.1f s: timed out and killed", r->duration_s);
    case RK_END_SPAWN_ERROR:
        return rk_xstrdup(r->error ? r->error : "could not be started");
    }
    return rk_xstrdup("ended in an unknown way");
}

char *rk_end_describe(const rk_run *r)
{
    char *s = describe_end(r);
    if (r->limit == RK_LIMIT_TASKS) {
        char *t = rk_xasprintf("%s, after a fork or thread start was refused at the bound of %ld tasks "
                               "(RACEKIT_MAX_PROCS)", s, r->limit_amount);
        free(s);
        s = t;
    }
    return s;
}
