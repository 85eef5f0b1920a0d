/* compile_hook.c - the hook object, compiled once (see compile_hook.h). */
#define _XOPEN_SOURCE 700
#include "compile_hook.h"
#include "compile_tool.h"
#include "util/util.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Fold the headers beside the hook source (it includes them), in name
 * order, into *h: a change to one of them is a new hook object. */
static int hash_hook_headers(uint64_t *h, const char *hook_source)
{
    char *dir = rk_xstrdup(hook_source), *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    struct dirent **names = NULL;
    int n = scandir(slash ? dir : ".", &names, NULL, alphasort), rc = 0;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(names[i]->d_name);
        if (rc == 0 && len > 2 && strcmp(names[i]->d_name + len - 2, ".h") == 0) {
            char *path = rk_path_join(slash ? dir : ".", names[i]->d_name);
            rc = rk_hash_file(h, path);
            free(path);
        }
        free(names[i]);
    }
    free(names);
    free(dir);
    return rc;
}

char *rk_compile_hook_object(const rk_build *b, const char *cc_path, rk_strbuf *diag)
{
    uint64_t h = rk_compiler_identity(cc_path);
    if (rk_hash_file(&h, b->hook_source) < 0 || hash_hook_headers(&h, b->hook_source) < 0) {
        rk_sb_printf(diag, "cannot read the hook source %s: %s\n", b->hook_source, strerror(errno));
        return NULL;
    }
    char *obj = rk_xasprintf("%s/hook-%016" PRIx64 ".o", b->hook_cache, h);
    struct stat st;
    if (stat(obj, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) /* empty: a crash */
        return obj;
    if (rk_mkdir_p(b->hook_cache) < 0) {
        rk_sb_printf(diag, "cannot create %s: %s\n", b->hook_cache, strerror(errno));
        free(obj);
        return NULL;
    }
    char *tmp = rk_xasprintf("%s.tmp.%ld", obj, (long)getpid());
    char *argv[] = { (char *)cc_path, "-c", "-g", "-O1", "-fno-omit-frame-pointer", "-fPIC",
                     "-o", tmp, (char *)b->hook_source, NULL };
    int rc = rk_compiler_run(argv, diag, NULL);
    if (rc == 0 && rename(tmp, obj) < 0)
        rc = -1;
    unlink(tmp);
    free(tmp);
    if (rc != 0) {
        free(obj);
        return NULL;
    }
    return obj;
}
