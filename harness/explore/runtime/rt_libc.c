/* rt_libc.c - library calls with state shared by every thread (strtok's
 * cursor, localtime's buffer, rand's seed, the environment; RK_CALLS in
 * explore_proto.h) become steps, through the linker's --wrap. The call
 * itself runs whole, as one step: libc is not instrumented, so what happens
 * inside it is not interleaved, but another thread can run between two
 * calls - which is where strtok(NULL, ...) picks up someone else's string. */
#define _GNU_SOURCE
#include "rt.h"

#include <dirent.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PC() ((uintptr_t)__builtin_return_address(0))

static void call_step(uintptr_t pc, enum rk_call which)
{
    rt_thread *self = rt_controlled();
    if (self)
        rt_step(self, RK_OP_CALL, pc, 0, 0, (uint32_t)which);
}

/* WRAP(return type, name, (parameters), (arguments)) */
#define WRAP(ret, name, params, args)              \
    ret __real_##name params;                      \
    ret __wrap_##name params;                      \
    ret __wrap_##name params                       \
    {                                              \
        call_step(PC(), RK_CALL_##name);           \
        return __real_##name args;                 \
    }

WRAP(char *, strtok, (char *s, const char *delim), (s, delim))
WRAP(struct tm *, localtime, (const time_t *t), (t))
WRAP(struct tm *, gmtime, (const time_t *t), (t))
WRAP(char *, ctime, (const time_t *t), (t))
WRAP(char *, asctime, (const struct tm *tm), (tm))
WRAP(int, rand, (void), ())
WRAP(long, random, (void), ())
WRAP(double, drand48, (void), ())
WRAP(long, lrand48, (void), ())
WRAP(long, mrand48, (void), ())
WRAP(char *, strerror, (int e), (e))
WRAP(char *, strsignal, (int sig), (sig))
WRAP(char *, getenv, (const char *name), (name))
WRAP(int, setenv, (const char *name, const char *value, int overwrite), (name, value, overwrite))
WRAP(int, unsetenv, (const char *name), (name))
WRAP(int, putenv, (char *text), (text))
WRAP(struct dirent *, readdir, (DIR *d), (d))
WRAP(struct passwd *, getpwnam, (const char *name), (name))
WRAP(struct passwd *, getpwuid, (uid_t uid), (uid))
WRAP(struct group *, getgrnam, (const char *name), (name))
WRAP(struct group *, getgrgid, (gid_t gid), (gid))

/* The seeding calls return nothing. */
#define WRAP_VOID(name, params, args)              \
    void __real_##name params;                     \
    void __wrap_##name params;                     \
    void __wrap_##name params                      \
    {                                              \
        call_step(PC(), RK_CALL_##name);           \
        __real_##name args;                        \
    }

WRAP_VOID(srand, (unsigned seed), (seed))
WRAP_VOID(srandom, (unsigned seed), (seed))
WRAP_VOID(srand48, (long seed), (seed))
