/* cmd_new.c - `racekit new <topic>/<name> [--expect KIND]`: start a case
 * from a skeleton that already compiles and already shows the pattern
 * (two threads, the ordering barrier, `// RACE` markers), with a README
 * whose lesson sections hold TODO text that `racekit lint` points at. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "case/case.h"
#include "teach.h"
#include "util/util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { TEMPLATE_MAX = 256 << 10 };

struct options {
    const char *id;
    const char *expect;
    const char *cases_root;
};

enum { OPT_EXPECT, OPT_CASES_ROOT };
static const rk_option options[] = {
    [OPT_EXPECT] = { "--expect", NULL, "KIND[,KIND...]",
                     "what the bug shows (default data-race; docs/adding-a-case.md lists the kinds): picks the "
                     "skeleton and fills the README's expect" },
    [OPT_CASES_ROOT] = { "--cases-root", NULL, "DIR", "make the case under DIR instead of the kit's cases/" },
    { NULL },
};

const rk_command rk_new_command = {
    "new", "<topic>/<name>", "start a case from a skeleton that compiles and already shows the pattern",
    "Writes unsafe.c, safe.c and a README.md whose lesson sections hold TODO text for racekit lint to point at, "
    "then prints the next steps. <topic> and <name> are lowercase words joined by '-'.",
    1, 1, options,
};

/* Fill *o from argv; RK_OPTS_GO_ON, or the exit status after --help or a mistake. */
static int parse_args(int argc, char **argv, struct options *o)
{
    memset(o, 0, sizeof *o);
    o->expect = "data-race";
    rk_opts p;
    rk_opts_start(&p, &rk_new_command, argc, argv);
    for (int k; (k = rk_opts_next(&p)) != RK_OPT_END;) {
        if (k == OPT_EXPECT)
            o->expect = p.value;
        else if (k == OPT_CASES_ROOT)
            o->cases_root = p.value;
        else if (k == RK_OPT_OPERAND)
            o->id = p.value;
        else
            return p.status;
    }
    return RK_OPTS_GO_ON;
}

/* "topic/name" with both parts lowercase words joined by '-'. */
static int valid_id(const char *id)
{
    const char *slash = strchr(id, '/');
    if (slash == NULL || strchr(slash + 1, '/') != NULL)
        return 0;
    char *topic = rk_xstrndup(id, (size_t)(slash - id));
    int ok = rk_is_word_name(topic) && rk_is_word_name(slash + 1);
    free(topic);
    return ok;
}

/* Check every item of the comma-separated `expect`; on success the
 * normalised list ("a, b") goes to *out (caller frees). */
static int check_expect(const char *expect, char **out)
{
    rk_strlist items = RK_STRLIST_INIT;
    char *copy = rk_xstrdup(expect), *save = NULL;
    int rc = 0;
    for (char *tok = strtok_r(copy, ", ", &save); tok && rc == 0; tok = strtok_r(NULL, ", ", &save)) {
        if (!rk_is_expect_item(tok)) {
            rk_error("new: unknown kind '%s' (allowed: %s)", tok, rk_expect_items_help());
            rc = -1;
        } else if (!rk_sl_contains(&items, tok)) {
            rk_sl_add(&items, tok);
        }
    }
    if (rc == 0 && items.n == 0) {
        rk_error("new: --expect is empty (allowed: %s)", rk_expect_items_help());
        rc = -1;
    }
    if (rc == 0)
        *out = rk_sl_join(&items, ", ");
    free(copy);
    rk_sl_free(&items);
    return rc;
}

/* The skeleton folder for `expect`: the first item that has one, else
 * "generic" (a correct program the author turns into the bug). */
static char *pick_skeleton(const char *template_dir, const char *expect, char **kind)
{
    char *copy = rk_xstrdup(expect), *save = NULL, *found = NULL;
    for (char *tok = strtok_r(copy, ", ", &save); tok && !found; tok = strtok_r(NULL, ", ", &save)) {
        char *dir = rk_path_join(template_dir, tok);
        char *probe = rk_path_join(dir, "unsafe.c");
        if (rk_is_file(probe)) {
            found = dir;
            *kind = rk_xstrdup(tok);
        } else {
            free(dir);
        }
        free(probe);
    }
    free(copy);
    if (found == NULL) {
        found = rk_path_join(template_dir, "generic");
        *kind = NULL;
    }
    return found;
}

/* Read a template and replace each @ID@, @EXPECT@, @TIMEOUT@. NULL when
 * it cannot be read (message printed). */
static char *render(const char *path, const char *id, const char *expect, const char *timeout)
{
    size_t len;
    char *text = rk_read_file(path, TEMPLATE_MAX, &len);
    if (text == NULL) {
        rk_error("new: %s: cannot read the template: %s (is racekit installed completely?)", path, strerror(errno));
        return NULL;
    }
    static const char *const names[] = { "@ID@", "@EXPECT@", "@TIMEOUT@" };
    const char *values[] = { id, expect, timeout };
    rk_strbuf out = RK_STRBUF_INIT;
    for (const char *p = text; *p;) {
        int hit = -1;
        for (int i = 0; i < 3 && hit < 0; i++)
            if (strncmp(p, names[i], strlen(names[i])) == 0)
                hit = i;
        if (hit >= 0) {
            rk_sb_puts(&out, values[hit]);
            p += strlen(names[hit]);
        } else {
            rk_sb_putc(&out, *p++);
        }
    }
    free(text);
    return rk_sb_detach(&out);
}

/* Write the three files into `tmp` (a new directory). */
static int write_case(const char *tmp, const char *template_dir, const char *skeleton,
                      const char *id, const char *expect)
{
    const char *timeout = strstr(expect, "hang") ? "1" : "10";
    static const char *const files[] = { "unsafe.c", "safe.c", "README.md" };
    for (int i = 0; i < 3; i++) {
        char *src = rk_path_join(i < 2 ? skeleton : template_dir, files[i]);
        char *text = render(src, id, expect, timeout);
        free(src);
        if (text == NULL)
            return -1;
        char *dst = rk_path_join(tmp, files[i]);
        int rc = rk_write_file_atomic(dst, text, strlen(text));
        if (rc < 0)
            rk_error("new: %s: cannot write: %s", dst, strerror(errno));
        free(dst);
        free(text);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* A corpus case that expects `kind`, to learn from, as "topic/name", or
 * NULL; never the case in `made` (the folder just created, which expects
 * `kind` too), nor another unfinished one (its README still has a TODO). */
static char *example_of(const char *kind, const char *made)
{
    char *root = rk_path_join(rk_paths_get()->source_dir, "cases");
    char *made_real = realpath(made, NULL);
    rk_strlist dirs = RK_STRLIST_INIT;
    char *found = NULL;
    rk_case_list(root, &dirs);
    for (int i = 0; i < dirs.n && !found; i++) {
        char *real = realpath(dirs.items[i], NULL);
        int is_made = real && made_real && strcmp(real, made_real) == 0;
        free(real);
        if (is_made)
            continue;
        char *readme = rk_path_join(dirs.items[i], "README.md");
        rk_meta meta;
        char err[512];
        char *text = rk_read_file(readme, 1 << 20, NULL);
        if (text && strstr(text, "TODO") == NULL && rk_meta_load(readme, &meta, err, sizeof err) == 0) {
            if (rk_sl_contains(&meta.expect, kind))
                found = rk_xstrdup(dirs.items[i] + strlen(root) + 1);
            rk_meta_free(&meta);
        }
        free(text);
        free(readme);
    }
    rk_sl_free(&dirs);
    free(made_real);
    free(root);
    return found;
}

/* `path` as shown: relative to the working directory when below it. */
static const char *shown(const char *path)
{
    char cwd[PATH_MAX];
    size_t n = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
    if (strncmp(path, "./", 2) == 0)
        return path + 2;
    if (n > 1 && strncmp(path, cwd, n) == 0 && path[n] == '/')
        return path + n + 1;
    return path;
}

/* `lint_arg` is how lint finds the case: its id under the default cases
 * root, else its folder. */
static void print_next_steps(const char *dir, const char *id, const char *lint_arg, const char *expect,
                             const char *kind)
{
    char *first = rk_xstrndup(expect, strcspn(expect, ", "));
    char *example = example_of(first, dir);
    dir = shown(dir);
    const char *build = shown(rk_paths_get()->build_dir);
    printf("created %s/ (expect: %s)\n", dir, expect);
    if (kind)
        printf("  unsafe.c   the bug, from the %s skeleton%s\n", kind,
               rk_is_race_kind(kind) ? " (// RACE marks both racing lines)" : "");
    else
        printf("  unsafe.c   no skeleton shows %s yet: it starts as a correct program; write the bug\n", first);
    if (example)
        printf("             (a case that expects %s, to learn from: %s explain %s)\n", first, rk_prog(), example);
    free(example);
    free(first);
    printf("  safe.c     the smallest honest fix\n");
    printf("  README.md  front matter and the five lesson sections\n\n");
    printf("next:\n");
    printf("  1. edit %s/unsafe.c, safe.c and README.md: replace every TODO\n", dir);
    printf("  2. %s lint %s\n", rk_prog(), lint_arg);
    printf("  3. cmake --build %s && ctest --test-dir %s -R %s\n", build, build, id);
}

int rk_cmd_new(int argc, char **argv)
{
    struct options o;
    int status = parse_args(argc, argv, &o);
    if (status != RK_OPTS_GO_ON)
        return status;
    if (!valid_id(o.id)) {
        rk_error("new: '%s' is not <topic>/<name> (lowercase words joined by '-', e.g. basics/counter)", o.id);
        return RK_EXIT_USAGE;
    }
    char *expect = NULL;
    if (check_expect(o.expect, &expect) < 0)
        return RK_EXIT_USAGE;
    const rk_paths *p = rk_paths_get();
    char *root = o.cases_root ? rk_xstrdup(o.cases_root) : rk_path_join(p->source_dir, "cases");
    char *dir = rk_path_join(root, o.id);
    const char *name = strchr(o.id, '/') + 1;
    char *tmp = rk_xasprintf("%s/%.*s/.%s.new-%ld", root, (int)(name - 1 - o.id), o.id, name, (long)getpid());
    char *kind = NULL;
    char *skeleton = pick_skeleton(p->template_dir, expect, &kind);
    int rc = RK_EXIT_USAGE;
    struct stat st;
    if (lstat(dir, &st) == 0) {
        rk_error("new: %s: already exists (pick another name, or edit that case)", dir);
        goto out;
    }
    /* Build the folder aside and rename it into place: a failure never
     * leaves half a case behind for CMake to pick up. */
    if (rk_mkdir_p(tmp) < 0) {
        rk_error("new: %s: cannot create: %s", tmp, strerror(errno));
        goto out;
    }
    if (write_case(tmp, p->template_dir, skeleton, o.id, expect) < 0)
        goto out;
    if (rename(tmp, dir) < 0) {
        rk_error("new: %s: cannot create: %s", dir, strerror(errno));
        goto out;
    }
    print_next_steps(dir, o.id, o.cases_root ? shown(dir) : o.id, expect, kind);
    rc = RK_EXIT_PASS;
out:
    if (rc != RK_EXIT_PASS && rk_is_dir(tmp)) {
        static const char *const files[] = { "unsafe.c", "safe.c", "README.md" };
        for (int i = 0; i < 3; i++) {
            char *f = rk_path_join(tmp, files[i]);
            unlink(f);
            free(f);
        }
        rmdir(tmp);
    }
    free(skeleton);
    free(kind);
    free(tmp);
    free(dir);
    free(root);
    free(expect);
    return rc;
}
