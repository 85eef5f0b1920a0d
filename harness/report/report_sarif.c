/* report_sarif.c - SARIF 2.1.0 for GitHub code scanning and other SARIF
 * viewers (see report_formats.h). Paths below the root are relative URIs
 * with uriBaseId %SRCROOT% (GitHub resolves them against the checkout);
 * others are absolute file:// URIs. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include "util/util.h"
#include "markup.h"
#include "report_formats.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What each rule means, for the rule's descriptions and help. */
typedef struct {
    const char *kind;  /* rule id is "racekit/<kind>" */
    const char *name;
    const char *brief;
    const char *help;
} rule_text;

static const rule_text RULES[] = {
    { "data-race", "DataRace", "Data race",
      "Two threads accessed the same memory, at least one of them wrote, and nothing ordered the "
      "accesses (no common lock, no atomic with the right ordering, no join). Find the shared "
      "variable in the report and protect every access to it with the same mutex." },
    { "heap-use-after-free", "HeapUseAfterFree", "Heap use after free",
      "A thread used heap memory that another thread had already freed. The owner freed it while "
      "others could still reach it: keep it alive until every user is done (join, reference count "
      "with acq_rel ordering, or a lock held across the use)." },
    { "thread-leak", "ThreadLeak", "Thread leak",
      "A joinable thread ended without anybody joining it. Join every thread you create (or create "
      "it detached on purpose)." },
    { "lock-order-inversion", "LockOrderInversion", "Lock order inversion (potential deadlock)",
      "Two mutexes were taken in opposite orders by different threads. Pick one global order for "
      "the locks and take them in that order everywhere." },
    { "locked-mutex-destroy", "LockedMutexDestroy", "Destroy of a locked mutex",
      "A mutex was destroyed while a thread still held it. Unlock it, and make sure no thread can "
      "still use it, before pthread_mutex_destroy." },
    { "mutex-double-lock", "MutexDoubleLock", "Double lock of a mutex",
      "A thread locked a mutex it already held (or its memory was reset while held). A default "
      "mutex is not recursive: restructure so the lock is taken once." },
    { "mutex-bad-unlock", "MutexBadUnlock", "Unlock of an unlocked or foreign mutex",
      "A thread unlocked a mutex it did not hold. Only the owner unlocks; pair every unlock with "
      "its lock on the same path." },
    { "mutex-bad-read-lock", "MutexBadReadLock", "Read lock of a write-locked rwlock",
      "A read lock was taken on a rwlock the same thread holds for writing." },
    { "mutex-bad-read-unlock", "MutexBadReadUnlock", "Read unlock of a write-locked rwlock",
      "A read unlock was done on a rwlock held for writing." },
    { "mutex-invalid-access", "MutexInvalidAccess", "Use of an invalid mutex",
      "A mutex was used before it was initialised or after it was destroyed." },
    { "signal-unsafe-call", "SignalUnsafeCall", "Async-signal-unsafe call in a signal handler",
      "A signal handler called a function that is not async-signal-safe (malloc, printf, locks). "
      "Only set a volatile sig_atomic_t flag, or use signalfd / sigwait in a thread." },
    { "errno-in-signal-handler", "ErrnoInSignalHandler", "Signal handler changes errno",
      "A signal handler changed errno without restoring it, which corrupts the interrupted code's "
      "error handling. Save errno on entry and restore it before returning." },
    { "verdict", "Verdict", "The variant did not behave as its case expects",
      "racekit judged this variant against the case's expectation (README front matter) and it "
      "failed without a report to point at: a race that was not detected, a fix that hangs, "
      "crashes or fails its own check. The message says what happened." },
    { "expected", "ExpectedReport", "Expected report (the lesson's bug)",
      "The unsafe variant showed the problem its lesson is about, as expected. Shown only with "
      "racekit report --sarif-expected." },
};
enum { N_RULES = sizeof RULES / sizeof RULES[0] };

/* The rules a run uses, in order of first use (ruleIndex points here). */
typedef struct {
    rk_strlist kinds;
} rule_set;

static int rule_index(rule_set *rs, const char *kind)
{
    for (int i = 0; i < rs->kinds.n; i++)
        if (strcmp(rs->kinds.items[i], kind) == 0)
            return i;
    rk_sl_add(&rs->kinds, kind);
    return rs->kinds.n - 1;
}

static const rule_text *rule_for(const char *kind)
{
    for (int i = 0; i < N_RULES; i++)
        if (strcmp(RULES[i].kind, kind) == 0)
            return &RULES[i];
    return NULL;
}

/* A path as a URI: relative to the root, or file:// when outside it;
 * bytes other than unreserved characters and '/' are percent-encoded. */
static char *uri_of(const char *path, const char *root, int *relative)
{
    const char *rel = rk_path_under_root(path, root);
    *relative = rel[0] != '/';
    rk_strbuf sb = RK_STRBUF_INIT;
    if (!*relative)
        rk_sb_puts(&sb, "file://");
    for (const unsigned char *p = (const unsigned char *)rel; *p; p++)
        if (isalnum(*p) || strchr("-._~/", *p))
            rk_sb_putc(&sb, (char)*p);
        else
            rk_sb_printf(&sb, "%%%02X", *p);
    return rk_sb_detach(&sb);
}

static void put_location(rk_jw *w, const char *path, int line, const char *message,
                         const rk_report_opts *o, int id)
{
    int relative;
    char *uri = uri_of(path, o->root, &relative);
    rk_jw_object(w);
    if (id >= 0) {
        rk_jw_key(w, "id");
        rk_jw_int(w, id);
    }
    rk_jw_key(w, "physicalLocation");
    rk_jw_object(w);
    rk_jw_key(w, "artifactLocation");
    rk_jw_object(w);
    rk_jw_key(w, "uri");
    rk_jw_str(w, uri);
    if (relative) {
        rk_jw_key(w, "uriBaseId");
        rk_jw_str(w, "%SRCROOT%");
    }
    rk_jw_end(w);
    rk_jw_key(w, "region");
    rk_jw_object(w);
    rk_jw_key(w, "startLine");
    rk_jw_int(w, line > 0 ? line : 1);
    rk_jw_end(w);
    rk_jw_end(w);
    if (message) {
        rk_jw_key(w, "message");
        rk_jw_object(w);
        rk_jw_key(w, "text");
        rk_jw_str(w, message);
        rk_jw_end(w);
    }
    rk_jw_end(w);
    free(uri);
}

static int usable(const rk_frame *f)
{
    return f->file && *f->file && strcmp(f->file, "??") != 0 && f->line > 0;
}

static char *access_text(const rk_access *a)
{
    char thread[32];
    if (a->thread == 0)
        snprintf(thread, sizeof thread, "the main thread");
    else
        snprintf(thread, sizeof thread, "thread T%d", a->thread);
    return rk_xasprintf("%s%s by %s in %s (%s:%d)", a->atomic ? "atomic " : "", a->write ? "write" : "read",
                        thread, a->frame.function, rk_basename(a->frame.file), a->frame.line);
}

/* The report's message: what, where, and the verdict's reason. */
static char *report_message(const rk_row *r, const rk_report *rep, int expected)
{
    rk_strbuf sb = RK_STRBUF_INIT;
    rk_sb_printf(&sb, "%s/%s: %s%s", r->case_id, r->variant, expected ? "expected " : "", rep->kind);
    for (int i = 0; i < rep->n_accesses; i++) {
        char *t = access_text(&rep->accesses[i]);
        rk_sb_printf(&sb, "%s%s", i ? "; " : ": ", t);
        free(t);
    }
    rk_sb_printf(&sb, ". %s", r->reason);
    return rk_sb_detach(&sb);
}

/* 1 when an earlier access of `rep` has the same file and line as access i:
 * both sides of a race on one line are one location. */
static int seen_before(const rk_report *rep, int i)
{
    for (int j = 0; j < i; j++)
        if (rep->accesses[j].frame.line == rep->accesses[i].frame.line &&
            strcmp(rep->accesses[j].frame.file, rep->accesses[i].frame.file) == 0)
            return 1;
    return 0;
}

/* Accesses are where the result is; the other stacks are related. */
static void put_report_locations(rk_jw *w, const rk_report *rep, const rk_report_opts *o)
{
    int primary = 0;
    rk_jw_key(w, "locations");
    rk_jw_array(w);
    for (int i = 0; i < rep->n_accesses; i++)
        if (usable(&rep->accesses[i].frame) && !seen_before(rep, i)) {
            put_location(w, rep->accesses[i].frame.file, rep->accesses[i].frame.line, NULL, o, -1);
            primary++;
        }
    int first_related = 0;
    if (primary == 0)
        for (; first_related < rep->n_locations; first_related++)
            if (usable(&rep->locations[first_related])) {
                put_location(w, rep->locations[first_related].file, rep->locations[first_related].line,
                             NULL, o, -1);
                first_related++;
                break;
            }
    rk_jw_end(w);
    rk_jw_key(w, "relatedLocations");
    rk_jw_array(w);
    for (int i = first_related, id = 1; i < rep->n_locations; i++)
        if (usable(&rep->locations[i]))
            put_location(w, rep->locations[i].file, rep->locations[i].line, rep->locations[i].function, o, id++);
    rk_jw_end(w);
}

static void put_properties(rk_jw *w, const rk_row *r)
{
    rk_jw_key(w, "properties");
    rk_jw_object(w);
    rk_jw_key(w, "case");
    rk_jw_str(w, r->case_id);
    rk_jw_key(w, "variant");
    rk_jw_str(w, r->variant);
    rk_jw_key(w, "outcome");
    rk_jw_str(w, rk_outcome_name(r->outcome));
    rk_jw_key(w, "verdict");
    rk_jw_str(w, r->verdict);
    rk_jw_end(w);
}

static void result_head(rk_jw *w, rule_set *rs, const char *kind, const char *level, const char *message)
{
    char *id = rk_xasprintf("racekit/%s", kind);
    rk_jw_object(w);
    rk_jw_key(w, "ruleId");
    rk_jw_str(w, id);
    rk_jw_key(w, "ruleIndex");
    rk_jw_int(w, rule_index(rs, kind));
    rk_jw_key(w, "level");
    rk_jw_str(w, level);
    rk_jw_key(w, "message");
    rk_jw_object(w);
    rk_jw_key(w, "text");
    rk_jw_str(w, message);
    rk_jw_end(w);
    free(id);
}

/* "<variant>.c:<line>" in `text`, or 0. */
static int line_in(const char *text, const rk_row *r)
{
    char *needle = rk_xasprintf("%s.c:", r->variant);
    const char *p = strstr(text, needle);
    int line = p ? atoi(p + strlen(needle)) : 0;
    free(needle);
    return line > 0 ? line : 0;
}

/* Where a failure without a report points: a line the reason or the
 * compiler names, else the first `// RACE` line (where the race should
 * have been seen), else the top of the file. */
static int verdict_line(const rk_row *r)
{
    int line = line_in(r->reason, r);
    if (line == 0 && r->outcome == RK_OUT_BUILD_ERROR)
        line = line_in(r->build_log, r);
    if (line == 0 && r->n_race_lines > 0)
        line = r->race_lines[0];
    return line > 0 ? line : 1;
}

static void put_row_results(rk_jw *w, const rk_row *r, rule_set *rs, const rk_report_opts *o)
{
    int failed = strcmp(r->verdict, "fail") == 0;
    int expected = !failed && o->sarif_expected && strcmp(r->variant, "unsafe") == 0 &&
                   strcmp(r->verdict, "pass") == 0;
    if (!failed && !expected)
        return;
    char *source = rk_path_from_root(r->source, o->root);
    for (int i = 0; i < r->reports.n; i++) {
        const rk_report *rep = &r->reports.items[i];
        if (expected && !rk_sl_contains(&r->expect, rep->kind))
            continue;
        char *msg = report_message(r, rep, expected);
        result_head(w, rs, expected ? "expected" : rep->kind, expected ? "note" : "error", msg);
        put_report_locations(w, rep, o);
        put_properties(w, r);
        rk_jw_end(w);
        free(msg);
    }
    if (failed && r->reports.n == 0 && *r->source) {
        char *msg = rk_xasprintf("%s/%s: %s", r->case_id, r->variant, r->reason);
        result_head(w, rs, "verdict", "error", msg);
        rk_jw_key(w, "locations");
        rk_jw_array(w);
        put_location(w, source, verdict_line(r), NULL, o, -1);
        rk_jw_end(w);
        put_properties(w, r);
        rk_jw_end(w);
        free(msg);
    }
    free(source);
}

/* The lessons whose case expects `kind`, for the rule's help. */
static void lessons_for(const rk_detector_score *d, const char *kind, const char *root, rk_strbuf *text,
                        rk_strbuf *md)
{
    int n = 0;
    for (int i = 0; i < d->n_pairs; i++) {
        const rk_row *r = d->pairs[i].unsafe;
        if (r == NULL || !rk_sl_contains(&r->expect, kind))
            continue;
        rk_sb_printf(text, "%s%s (%s)", n ? "; " : "\n\nLessons that show it: ", r->case_id, r->title);
        rk_sb_printf(md, "%s", n ? "\n- " : "\n\nLessons that show it:\n\n- ");
        const char *src = rk_path_under_root(r->source, root);
        const char *slash = strrchr(src, '/');
        if (slash) /* the lesson is the README.md beside the source */
            rk_sb_printf(md, "%.*s/README.md: ", (int)(slash - src), src);
        rk_md_escape(md, r->title, strlen(r->title));
        n++;
    }
}

static void put_rule(rk_jw *w, const char *kind, const rk_detector_score *d, const char *root)
{
    const rule_text *t = rule_for(kind);
    char *id = rk_xasprintf("racekit/%s", kind);
    rk_strbuf text = RK_STRBUF_INIT, md = RK_STRBUF_INIT;
    rk_sb_puts(&text, t ? t->help : "ThreadSanitizer reported this kind of problem; see its report.");
    rk_sb_puts(&md, rk_sb_cstr(&text));
    lessons_for(d, kind, root, &text, &md);
    rk_jw_object(w);
    rk_jw_key(w, "id");
    rk_jw_str(w, id);
    rk_jw_key(w, "name");
    rk_jw_str(w, t ? t->name : kind);
    rk_jw_key(w, "shortDescription");
    rk_jw_object(w);
    rk_jw_key(w, "text");
    rk_jw_str(w, t ? t->brief : kind);
    rk_jw_end(w);
    rk_jw_key(w, "fullDescription");
    rk_jw_object(w);
    rk_jw_key(w, "text");
    rk_jw_str(w, t ? t->help : kind);
    rk_jw_end(w);
    rk_jw_key(w, "help");
    rk_jw_object(w);
    rk_jw_key(w, "text");
    rk_jw_str(w, rk_sb_cstr(&text));
    rk_jw_key(w, "markdown");
    rk_jw_str(w, rk_sb_cstr(&md));
    rk_jw_end(w);
    rk_jw_key(w, "defaultConfiguration");
    rk_jw_object(w);
    rk_jw_key(w, "level");
    rk_jw_str(w, strcmp(kind, "expected") == 0 ? "note" : "error");
    rk_jw_end(w);
    rk_jw_key(w, "properties");
    rk_jw_object(w);
    rk_jw_key(w, "tags");
    rk_jw_array(w);
    rk_jw_str(w, "concurrency");
    rk_jw_str(w, "thread-safety");
    rk_jw_end(w);
    rk_jw_key(w, "problem.severity");
    rk_jw_str(w, strcmp(kind, "expected") == 0 ? "recommendation" : "error");
    rk_jw_end(w);
    rk_jw_end(w);
    rk_sb_free(&text);
    rk_sb_free(&md);
    free(id);
}

static void put_results(rk_jw *w, const rk_detector_score *d, rule_set *rs, const rk_report_opts *o)
{
    rk_jw_array(w);
    for (int i = 0; i < d->n_pairs; i++) {
        if (d->pairs[i].unsafe)
            put_row_results(w, d->pairs[i].unsafe, rs, o);
        if (d->pairs[i].safe)
            put_row_results(w, d->pairs[i].safe, rs, o);
    }
    rk_jw_end(w);
}

static void put_driver(rk_jw *w, const rk_detector_score *d, const rule_set *rs, const char *root)
{
    rk_jw_key(w, "tool");
    rk_jw_object(w);
    rk_jw_key(w, "driver");
    rk_jw_object(w);
    rk_jw_key(w, "name");
    rk_jw_str(w, "racekit");
    rk_jw_key(w, "version");
    rk_jw_str(w, RK_VERSION);
    rk_jw_key(w, "rules");
    rk_jw_array(w);
    for (int i = 0; i < rs->kinds.n; i++)
        put_rule(w, rs->kinds.items[i], d, root);
    rk_jw_end(w);
    rk_jw_end(w);
    rk_jw_end(w);
}

/* The rules come before the results but are the ones the results use: a
 * first pass into a scratch buffer collects them in order of first use. */
static void put_run(rk_jw *w, const rk_detector_score *d, const rk_report_opts *o)
{
    rule_set rs = { RK_STRLIST_INIT };
    rk_strbuf scratch = RK_STRBUF_INIT;
    rk_jw sw = rk_jw_start(&scratch, 0);
    put_results(&sw, d, &rs, o);
    rk_sb_free(&scratch);
    rk_jw_object(w);
    put_driver(w, d, &rs, o->root);
    char *category = rk_xasprintf("racekit/%s/", d->detector);
    rk_jw_key(w, "automationDetails");
    rk_jw_object(w);
    rk_jw_key(w, "id");
    rk_jw_str(w, category);
    rk_jw_end(w);
    free(category);
    rk_jw_key(w, "properties");
    rk_jw_object(w);
    rk_jw_key(w, "detector");
    rk_jw_str(w, d->detector);
    rk_jw_key(w, "compilers");
    rk_jw_array(w);
    for (int i = 0; i < d->compilers.n; i++)
        rk_jw_str(w, d->compilers.items[i]);
    rk_jw_end(w);
    rk_jw_end(w);
    rk_jw_key(w, "results");
    put_results(w, d, &rs, o);
    rk_jw_end(w);
    rk_sl_free(&rs.kinds);
}

void rk_report_sarif(const rk_scoreboard *sb, const rk_report_opts *o, rk_strbuf *out)
{
    rk_jw w = rk_jw_start(out, 1);
    rk_jw_object(&w);
    rk_jw_key(&w, "$schema");
    rk_jw_str(&w, "https://json.schemastore.org/sarif-2.1.0.json");
    rk_jw_key(&w, "version");
    rk_jw_str(&w, "2.1.0");
    rk_jw_key(&w, "runs");
    rk_jw_array(&w);
    for (int i = 0; i < sb->n; i++)
        put_run(&w, &sb->items[i], o);
    rk_jw_end(&w);
    rk_jw_end(&w);
}
