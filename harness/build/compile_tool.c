/* compile_tool.c - the compiler: finding it, who it is, running it (see compile_tool.h). */
#define _XOPEN_SOURCE 700
#include "compile.h"
#include "compile_tool.h"
#include "util/util.h"
#include "sandbox/sandbox.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern char **environ;

enum { COMPILE_TIMEOUT_S = 300 };

uint64_t rk_compiler_identity(const char *cc_path)
{
    uint64_t h = RK_HASH_INIT;
    char *real = realpath(cc_path, NULL);
    struct stat st;
    memset(&st, 0, sizeof st);
    h = rk_hash_str(h, real ? real : cc_path);
    if (stat(real ? real : cc_path, &st) == 0) {
        h = rk_hash_bytes(h, &st.st_size, sizeof st.st_size);
        h = rk_hash_bytes(h, &st.st_mtim, sizeof st.st_mtim);
    }
    free(real);
    return h;
}

int rk_compiler_run(char **argv, rk_strbuf *diag, rk_strbuf *out)
{
    rk_spawn_opts o = RK_SPAWN_OPTS_INIT;
    o.argv = argv;
    o.envp = environ;
    o.timeout_s = COMPILE_TIMEOUT_S;
    o.capture_cap = out ? 16 << 20 : 256 << 10; /* stdout: a translation unit (-E) */
    rk_run r;
    if (rk_spawn(&o, &r) < 0) {
        rk_sb_printf(diag, "cannot start %s: %s\n", argv[0], strerror(errno));
        return -1;
    }
    rk_sb_add(diag, r.err.buf ? r.err.buf : "", r.err.len);
    if (out)
        rk_sb_add(out, r.out.buf ? r.out.buf : "", r.out.len);
    int rc = out && r.out_total > r.out.len ? 1 : 0; /* cut: not what it printed */
    if (rc)
        rk_sb_printf(diag, "%s printed more than %zu bytes\n", argv[0], o.capture_cap);
    if (r.end == RK_END_SPAWN_ERROR) {
        rk_sb_printf(diag, "%s\n", r.error);
        rc = -1;
    } else if (r.end != RK_END_EXIT || r.status != 0) {
        char *how = rk_end_describe(&r);
        rk_sb_printf(diag, "%s %s\n", argv[0], how);
        free(how);
        rc = 1;
    }
    rk_run_free(&r);
    return rc;
}

char *rk_compiler_probe(const char *cc, const char *cache_dir, const char *flag)
{
    char *cc_path = rk_find_program(cc);
    if (cc_path == NULL)
        return NULL;
    uint64_t id = rk_hash_str(rk_compiler_identity(cc_path), flag);
    char *file = rk_xasprintf("%s/probe-%016" PRIx64, cache_dir, id);
    char *text = rk_read_file(file, 4096, NULL);
    if (text && *text == '\0') /* left empty by a crash (fsutil.h): probe again */
        text = (free(text), NULL);
    if (text == NULL) {
        char *argv[] = { cc_path, (char *)flag, NULL };
        rk_strbuf diag = RK_STRBUF_INIT, out = RK_STRBUF_INIT;
        if (rk_compiler_run(argv, &diag, &out) == 0) {
            const char *s = rk_sb_cstr(&out);
            text = rk_xstrndup(s, strcspn(s, "\n"));
            rk_write_file_atomic(file, text, strlen(text));
        }
        rk_sb_free(&diag);
        rk_sb_free(&out);
    }
    free(file);
    free(cc_path);
    return text;
}

char *rk_compiler_version(const char *cc, const char *cache_dir)
{
    return rk_compiler_probe(cc, cache_dir, "--version");
}
