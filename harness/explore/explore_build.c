/* explore_build.c - how a variant is built for racekit's scheduler (see
 * explore.h): TSan's instrumentation, the scheduler runtime instead of
 * TSan's, and the linker's --wrap for every call the runtime models. */
#include "explore.h"
#include "runtime/explore_proto.h"

#include "util/util.h"
#include "sandbox/sandbox.h"
#include "build/build.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The runtime's translation units (harness/explore/runtime). */
static const char *const rt_sources[] = { "pct.c", "schedule.c", "rt_choose.c", "rt_config.c", "rt_core.c", "rt_main.c",
                                          "rt_memory.c", "rt_shared.c", "rt_bounded.c", "rt_libc.c", "rt_lockgraph.c", "rt_mutex.c", "rt_objects.c", "rt_outputs.c", "rt_records.c",
                                          "rt_state.c", "rt_thread.c", "rt_trace.c", "rt_tsan.c", "rt_unmodelled.c", "rt_wait.c", NULL };
static const char *const rt_headers[] = { "explore_proto.h", "pct.h", "rt.h", "rt_bounded.h", "rt_config.h", "rt_output.h", "schedule.h", NULL };

/* The calls the runtime takes over: each has a __wrap_ and a __real_. */
static const char *const wrapped[] = {
    "main", "pthread_create", "pthread_join", "pthread_detach", "pthread_exit", "sched_yield", "sleep",
    "usleep", "nanosleep", "clock_nanosleep", "fork", "malloc", "calloc", "realloc", "free",
    "aligned_alloc", "posix_memalign", "pthread_mutex_init", "pthread_mutex_destroy",
    "pthread_mutex_lock", "pthread_mutex_trylock", "pthread_mutex_timedlock", "pthread_mutex_unlock",
    "pthread_rwlock_init", "pthread_rwlock_destroy", "pthread_rwlock_rdlock", "pthread_rwlock_wrlock",
    "pthread_rwlock_tryrdlock", "pthread_rwlock_trywrlock", "pthread_rwlock_timedrdlock",
    "pthread_rwlock_timedwrlock", "pthread_rwlock_unlock", "pthread_spin_init", "pthread_spin_destroy",
    "pthread_spin_lock", "pthread_spin_trylock", "pthread_spin_unlock", "pthread_once",
    "pthread_cond_init", "pthread_cond_destroy", "pthread_cond_wait", "pthread_cond_timedwait",
    "pthread_cond_signal", "pthread_cond_broadcast", "sem_init", "sem_destroy", "sem_wait", "sem_trywait",
    "sem_timedwait", "sem_post", "sem_getvalue", "pthread_barrier_init", "pthread_barrier_destroy",
    "pthread_barrier_wait",
    /* rt_unmodelled.c: calls that end the schedule, and the cleanup handlers' bookkeeping. */
    "pthread_cancel", "pthread_kill", "__pthread_register_cancel", "__pthread_unregister_cancel",
    "__pthread_register_cancel_defer", "__pthread_unregister_cancel_restore", "pthread_mutex_clocklock",
    "pthread_cond_clockwait", "pthread_rwlock_clockrdlock", "pthread_rwlock_clockwrlock", "sem_clockwait",
    "pthread_timedjoin_np", "pthread_tryjoin_np", "sem_open",
#define RK_CALL_WRAP_(name) #name,
    RK_CALLS(RK_CALL_WRAP_) NULL
};

/* Run a trusted tool (the compiler); 0 when it exited 0, else -1 with
 * its messages in diag. */
static int run_compiler(char **argv, rk_strbuf *diag)
{
    rk_spawn_opts o = RK_SPAWN_OPTS_INIT;
    extern char **environ;
    o.argv = argv;
    o.envp = environ;
    o.timeout_s = 120;
    rk_run r;
    if (rk_spawn(&o, &r) < 0) {
        rk_sb_printf(diag, "cannot start %s: %s", argv[0], strerror(errno));
        return -1;
    }
    int ok = r.end == RK_END_EXIT && r.status == 0;
    if (!ok)
        rk_sb_printf(diag, "%s", rk_sb_cstr(&r.err));
    rk_run_free(&r);
    return ok ? 0 : -1;
}

char *rk_explore_runtime_dir(void)
{
    char *base = rk_dirname(rk_paths_get()->hook_source);
    char *tree = rk_xasprintf("%s/../../explore/runtime", base);
    char *dir = rk_is_dir(tree) ? tree : rk_xasprintf("%s/explore-runtime", base);
    if (dir != tree)
        free(tree);
    free(base);
    return dir;
}

/* The runtime's objects in <build>/cache/explore-rt/<key>/, compiled when
 * missing; the key covers the compiler and every runtime file, so an edit
 * of the runtime rebuilds it (and, being in the link line, every variant).
 * Adds each object's path to `objs`. Returns 0 or -1 (err filled). */
static int runtime_objects(const char *cc, rk_strlist *objs, char *err, size_t errlen)
{
    const rk_paths *p = rk_paths_get();
    char *dir = rk_explore_runtime_dir();
    uint64_t h = rk_hash_str(0x52414345u, cc);
    struct stat st;
    if (stat(cc, &st) == 0)
        h = rk_hash_bytes(h, &st.st_mtime, sizeof st.st_mtime);
    const char *const *lists[] = { rt_sources, rt_headers };
    for (int l = 0; l < 2; l++)
        for (const char *const *f = lists[l]; *f; f++) {
            char *path = rk_path_join(dir, *f);
            h = rk_hash_str(h, *f);
            if (rk_hash_file(&h, path) < 0) {
                snprintf(err, errlen, "%s: cannot read the scheduler runtime: %s", path, strerror(errno));
                free(path);
                free(dir);
                return -1;
            }
            free(path);
        }
    char *out = rk_xasprintf("%s/cache/explore-rt/%016" PRIx64, p->build_dir, h);
    int rc = rk_mkdir_p(out);
    if (rc < 0)
        snprintf(err, errlen, "%s: cannot create: %s", out, strerror(errno));
    for (const char *const *f = rt_sources; rc == 0 && *f; f++) {
        char *src = rk_path_join(dir, *f);
        char *obj = rk_xasprintf("%s/%.*s.o", out, (int)(strlen(*f) - 2), *f);
        if (!rk_is_file(obj)) {
            char *tmp = rk_xasprintf("%s.tmp.%ld", obj, (long)getpid());
            /* Plain code, never instrumented: it is what the
             * instrumentation calls. */
            char *argv[] = { (char *)cc, "-std=c11", "-c", "-g", "-O1", "-fPIC", "-o", tmp, src, NULL };
            rk_strbuf diag = { 0 };
            if (run_compiler(argv, &diag) < 0 || rename(tmp, obj) < 0) {
                snprintf(err, errlen, "%s: the scheduler runtime does not compile: %.300s", src,
                         rk_sb_cstr(&diag));
                rc = -1;
            }
            unlink(tmp);
            free(tmp);
            rk_sb_free(&diag);
        }
        rk_sl_add(objs, obj);
        free(obj);
        free(src);
    }
    free(out);
    free(dir);
    return rc;
}

int rk_explore_build_init(rk_build *b, const char *topic, const char *name, const char *variant,
                          const char *cflags, char *err, size_t errlen)
{
    const rk_paths *p = rk_paths_get();
    char *cc = rk_find_program(p->cc);
    if (cc == NULL) {
        snprintf(err, errlen, "%s: compiler not found", p->cc);
        return -1;
    }
    rk_strlist objs = RK_STRLIST_INIT;
    if (runtime_objects(cc, &objs, err, errlen) < 0) {
        free(cc);
        rk_sl_free(&objs);
        return -1;
    }
    free(cc);
    /* The instrumentation of a tsan build (tsan_build.c), nothing of its
     * link: the runtime is ours. */
    static const char *const flags[] = { "-pthread", "-fsanitize=thread", "-g", "-O1", "-fno-omit-frame-pointer",
                                         NULL };
    memset(b, 0, sizeof *b);
    b->cc = p->cc;
    for (const char *const *f = flags; *f; f++)
        rk_sl_add(&b->flags, *f);
    char *inc = rk_xasprintf("-I%s", p->include_dir);
    rk_sl_add(&b->flags, inc);
    free(inc);
    rk_sl_add(&b->link_flags, "-fno-sanitize-link-runtime");
    for (int i = 0; i < objs.n; i++)
        rk_sl_add(&b->link_flags, objs.items[i]);
    for (const char *const *w = wrapped; *w; w++) {
        char *flag = rk_xasprintf("-Wl,--wrap=%s", *w);
        rk_sl_add(&b->link_flags, flag);
        free(flag);
    }
    rk_sl_add(&b->link_flags, "-pthread");
    if (cflags)
        rk_sl_split(&b->link_flags, cflags);
    rk_sl_free(&objs);
    b->cache_dir = rk_xasprintf("%s/cache/explore/%s/%s/%s", p->build_dir, topic, name, variant);
    b->hook_cache = rk_xasprintf("%s/cache/hooks", p->build_dir);
    return 0;
}
