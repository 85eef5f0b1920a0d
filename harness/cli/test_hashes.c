/* test_hashes.c - the content hashes of the test cache's files, kept by
 * stat so an unchanged file is not read again (see test_cache.h). */
#define _GNU_SOURCE
#include "test_cache.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* At most this many files are remembered: beyond it, only those this
 * process used are written back. */
enum { MEMO_MAX = 1 << 16, MEMO_BYTES = 1 << 24 };

struct memo_entry {
    char *path;
    int64_t st[7]; /* dev, ino, size, mtime s, ns, ctime s, ns */
    uint64_t hash;
    int used;
};

static struct {
    int loaded, dirty;
    struct memo_entry *items;
    int n, cap;
    int *index; /* open addressing over items, -1 empty; size 2 * cap */
} memo;

static void stat_words(const struct stat *st, int64_t w[7])
{
    int64_t v[7] = { (int64_t)st->st_dev,          (int64_t)st->st_ino,          (int64_t)st->st_size,
                     (int64_t)st->st_mtim.tv_sec,  (int64_t)st->st_mtim.tv_nsec, (int64_t)st->st_ctim.tv_sec,
                     (int64_t)st->st_ctim.tv_nsec };
    memcpy(w, v, sizeof v);
}

static char *memo_path(void)
{
    return rk_xasprintf("%s/test-cache/hashes", rk_paths_get()->build_dir);
}

/* The slot of `path` in the index: its entry's, or the empty one where it
 * would go. */
static int *slot(const char *path)
{
    size_t size = (size_t)memo.cap * 2, i = rk_hash_str(RK_HASH_INIT, path) % size;
    while (memo.index[i] >= 0 && strcmp(memo.items[memo.index[i]].path, path) != 0)
        i = (i + 1) % size;
    return &memo.index[i];
}

/* Add or replace the entry of `path`. */
static struct memo_entry *put(const char *path)
{
    if (memo.n + 1 > memo.cap) {
        memo.cap = memo.cap ? memo.cap * 2 : 1024;
        memo.items = realloc(memo.items, (size_t)memo.cap * sizeof *memo.items);
        free(memo.index);
        memo.index = malloc((size_t)memo.cap * 2 * sizeof *memo.index);
        if (memo.items == NULL || memo.index == NULL)
            abort();
        memset(memo.index, -1, (size_t)memo.cap * 2 * sizeof *memo.index);
        for (int i = 0; i < memo.n; i++)
            *slot(memo.items[i].path) = i;
    }
    int *s = slot(path);
    if (*s < 0) {
        *s = memo.n++;
        memset(&memo.items[*s], 0, sizeof memo.items[*s]);
        memo.items[*s].path = rk_xstrdup(path);
    }
    return &memo.items[*s];
}

/* Read the kept hashes once: "<hash> <7 stat words> <path>" a line. */
static void load(void)
{
    memo.loaded = 1;
    char *file = memo_path();
    char *text = rk_read_file(file, MEMO_BYTES, NULL);
    free(file);
    char *save = NULL;
    for (char *l = text ? strtok_r(text, "\n", &save) : NULL; l; l = strtok_r(NULL, "\n", &save)) {
        uint64_t hash;
        int64_t w[7];
        int at = 0;
        if (sscanf(l, "%" SCNx64 " %" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64 " %" SCNd64
                      " %" SCNd64 " %n", &hash, &w[0], &w[1], &w[2], &w[3], &w[4], &w[5], &w[6], &at) == 8 &&
            at > 0 && l[at] == '/') {
            struct memo_entry *e = put(l + at);
            memcpy(e->st, w, sizeof w);
            e->hash = hash;
        }
    }
    free(text);
}

int rk_test_content_hash(const char *path, const struct stat *st, uint64_t *hash)
{
    if (!memo.loaded)
        load();
    int64_t w[7];
    stat_words(st, w);
    int *s = memo.cap ? slot(path) : NULL;
    if (s && *s >= 0 && memcmp(memo.items[*s].st, w, sizeof w) == 0) {
        memo.items[*s].used = 1;
        *hash = memo.items[*s].hash;
        return 0;
    }
    uint64_t h = RK_HASH_INIT;
    if (rk_hash_file(&h, path) < 0)
        return -1;
    *hash = h;
    /* Kept only for a file changed more than a second before it was read
     * here: a later change then gets a later ctime (the clock a file's
     * times come from ticks in milliseconds), so a kept stat that still
     * matches means the same content. The ctime cannot be set back. A
 * name with a newline is not kept: it could write a line of its own. */
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    if (st->st_ctim.tv_sec + 1 < now.tv_sec && st->st_mtim.tv_sec + 1 < now.tv_sec && !strchr(path, '\n')) {
        struct memo_entry *e = put(path);
        memcpy(e->st, w, sizeof w);
        e->hash = h;
        e->used = memo.dirty = 1;
    }
    return 0;
}

void rk_test_hashes_save(void)
{
    if (!memo.dirty)
        return;
    rk_strbuf text = RK_STRBUF_INIT;
    for (int i = 0; i < memo.n; i++) {
        const struct memo_entry *e = &memo.items[i];
        if (memo.n > MEMO_MAX && !e->used)
            continue;
        rk_sb_printf(&text, "%016" PRIx64, e->hash);
        for (int k = 0; k < 7; k++)
            rk_sb_printf(&text, " %" PRId64, e->st[k]);
        rk_sb_printf(&text, " %s\n", e->path);
    }
    char *file = memo_path();
    char *dir = rk_dirname(file);
    /* Tests save at once; the last one's list stands, and a lost entry
     * only costs a read. */
    if (rk_mkdir_p(dir) == 0)
        rk_write_file_atomic(file, rk_sb_cstr(&text), text.len);
    free(dir);
    free(file);
    rk_sb_free(&text);
    memo.dirty = 0;
}
