/* test_cache.c - the key of a test's inputs and the stamp of its last pass
 * (see test_cache.h). */
#define _GNU_SOURCE
#include "test_cache.h"
#include "build/build.h"
#include "explore/explore.h"
#include "util/util.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

enum { STAMP_MAX = 1 << 22 }; /* bytes read of a stamp: its key and the files read */

/* Fold what `path` holds: its type and permissions, and for a regular
 * file its content. Content, not the stat's size and times: an edit that
 * keeps them (a `touch -r`, two writes within one clock tick) still
 * changes the key, and a rebuild or checkout that writes the same bytes
 * does not. The stat only spares reading a file whose stat, ctime
 * included, is the one its hash was kept with (test_hashes.c). A folder's
 * entries speak for it. */
static uint64_t fold_stat(uint64_t h, const char *path, const struct stat *st)
{
    int64_t mode = (int64_t)st->st_mode;
    h = rk_hash_bytes(rk_hash_str(h, path), &mode, sizeof mode);
    uint64_t content;
    if (!S_ISREG(st->st_mode))
        return h;
    if (rk_test_content_hash(path, st, &content) < 0)
        return rk_hash_str(h, "unreadable");
    return rk_hash_bytes(h, &content, sizeof content);
}

/* The entries a walk takes (scandir's filter): not hidden files (editor
 * swap files, .git) nor Python's byte-code folders, which a test run
 * itself writes. */
static int walked(const struct dirent *e)
{
    return e->d_name[0] == '.' || strcmp(e->d_name, "__pycache__") == 0 ? 0 : 1;
}

/* Fold `path`: a file by its content, a folder by its own and every
 * entry's, in name order; a symbolic link by its text and what it leads
 * to, a file anywhere (a case's safe.c may lead out of its folder) or, for
 * an input named itself (depth 0), a folder. A link to a folder met in a
 * walk is not walked (it could lead anywhere, the root included): a file
 * the test's builds read through it is in their list (test_reads.c). */
static uint64_t fold_path(uint64_t h, const char *path, int depth)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return rk_hash_str(rk_hash_str(h, path), "missing");
    h = fold_stat(h, path, &st);
    if (S_ISLNK(st.st_mode)) {
        char target[4096];
        ssize_t n = readlink(path, target, sizeof target - 1);
        target[n > 0 ? n : 0] = '\0';
        h = rk_hash_str(h, target);
        struct stat to;
        if (stat(path, &to) != 0)
            return rk_hash_str(h, "dangling");
        if (!S_ISDIR(to.st_mode))
            return fold_stat(h, path, &to);
        if (depth > 0)
            return rk_hash_str(h, "folder");
        st = to;
    }
    if (!S_ISDIR(st.st_mode) || depth > 32)
        return h;
    struct dirent **names = NULL;
    int n = scandir(path, &names, walked, alphasort);
    for (int i = 0; i < n; i++) {
        char *child = rk_path_join(path, names[i]->d_name);
        h = fold_path(h, child, depth + 1);
        free(child);
        free(names[i]);
    }
    free(names);
    return n < 0 ? rk_hash_str(h, "unreadable") : h;
}

/* Fold the kit's own inputs: this executable, the header, the hook and
 * the scheduler runtime, the compiler and the installed packages. */
static uint64_t fold_kit(uint64_t h)
{
    const rk_paths *p = rk_paths_get();
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = '\0';
    h = fold_path(h, self, 0);
    h = fold_path(h, p->include_dir, 0);
    char *hook_dir = rk_dirname(p->hook_source), *runtime = rk_explore_runtime_dir();
    h = fold_path(fold_path(h, hook_dir, 0), runtime, 0);
    free(hook_dir);
    free(runtime);
    char *cc = rk_find_program(p->cc);
    char *real = cc ? realpath(cc, NULL) : NULL;
    h = fold_path(h, real ? real : p->cc, 0);
    free(cc);
    free(real);
    return fold_path(h, "/var/lib/dpkg/status", 0);
}

/* 1 for an environment variable that can change what a test does. */
static int steering(const char *entry)
{
    static const char *const exact[] = { "PATH=", "LD_PRELOAD=", "LD_LIBRARY_PATH=", NULL };
    for (int i = 0; exact[i]; i++)
        if (strncmp(entry, exact[i], strlen(exact[i])) == 0)
            return 1;
    const char *eq = strchr(entry, '=');
    size_t len = eq ? (size_t)(eq - entry) : strlen(entry);
    if (len >= 11 && memcmp(entry + len - 11, "SAN_OPTIONS", 11) == 0)
        return 1;
    return strncmp(entry, "RACEKIT_", 8) == 0 && strncmp(entry, "RACEKIT_TEST_CACHE=", 19) != 0;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Fold the steering environment (sorted: the order of environ is not
 * meaningful), the user, the kernel and the working directory. */
static uint64_t fold_environment(uint64_t h)
{
    size_t k;
    char **sorted = rk_env_select(steering, 0, &k);
    qsort(sorted, k, sizeof *sorted, compare_strings);
    for (size_t i = 0; i < k; i++)
        h = rk_hash_str(h, sorted[i]);
    free(sorted);
    uid_t ids[2] = { getuid(), geteuid() };
    h = rk_hash_bytes(h, ids, sizeof ids);
    struct utsname u;
    if (uname(&u) == 0)
        h = rk_hash_str(rk_hash_str(rk_hash_str(h, u.release), u.version), u.machine);
    char cwd[4096];
    return rk_hash_str(h, getcwd(cwd, sizeof cwd) ? cwd : "?");
}

uint64_t rk_test_key(char *const argv[], const rk_strlist *inputs)
{
    uint64_t h = RK_HASH_INIT;
    for (int i = 0; argv[i]; i++) {
        h = rk_hash_str(h, argv[i]);
        /* Folders named on the command line are often where the test
         * writes (a scratch tree): only files count, and --input names
         * the folders it reads. */
        if (rk_is_file(argv[i]))
            h = fold_path(h, argv[i], 0);
    }
    for (int i = 0; i < inputs->n; i++)
        h = fold_path(rk_hash_str(h, "input"), inputs->items[i], 0);
    return fold_environment(fold_kit(h));
}

char *rk_test_stamp_path(char *const argv[])
{
    uint64_t h = RK_HASH_INIT;
    for (int i = 0; argv[i]; i++)
        h = rk_hash_str(h, argv[i]);
    char cwd[4096];
    h = rk_hash_str(h, getcwd(cwd, sizeof cwd) ? cwd : "?");
    return rk_xasprintf("%s/test-cache/%016" PRIx64, rk_paths_get()->build_dir, h);
}

int rk_test_stamp_read(const char *path, uint64_t key, char *when, size_t n, rk_strlist *reads)
{
    char *text = rk_read_file(path, STAMP_MAX, NULL);
    if (text == NULL)
        return 0;
    /* The first line is the key and the time, each further one the path
     * of a file the builds read. */
    rk_strlist paths = RK_STRLIST_INIT;
    char *save = NULL, *first = strtok_r(text, "\n", &save);
    for (char *l = strtok_r(NULL, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
        rk_sl_add(&paths, l);
    rk_test_reads_now(&paths, reads);
    char want[32];
    snprintf(want, sizeof want, "%016" PRIx64 "\t", rk_test_key_reads(key, reads));
    int hit = first && strncmp(first, want, strlen(want)) == 0;
    if (hit)
        snprintf(when, n, "%s", first + strlen(want));
    rk_sl_free(&paths);
    free(text);
    return hit;
}

int rk_test_stamp_write(const char *path, uint64_t key, const rk_strlist *reads)
{
    char when[64];
    time_t now = time(NULL);
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", gmtime_r(&now, &tm));
    rk_strbuf text = RK_STRBUF_INIT;
    rk_sb_printf(&text, "%016" PRIx64 "\t%s\n", rk_test_key_reads(key, reads), when);
    for (int i = 0; i < reads->n; i++)
        rk_sb_printf(&text, "%s\n", strchr(reads->items[i], ' ') + 1);
    int rc = rk_write_file_atomic(path, rk_sb_cstr(&text), text.len);
    rk_sb_free(&text);
    return rc;
}
