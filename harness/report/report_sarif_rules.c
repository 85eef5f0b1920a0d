/* report_sarif_rules.c - the rules of the SARIF report, one per report
 * kind a run uses: name, descriptions, help text with the lessons that
 * show the kind (see report_formats.h). */
#define _POSIX_C_SOURCE 200809L
#include "util/util.h"
#include "markup.h"
#include "report_formats.h"

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

/* The text of rule `kind`, or NULL for a kind racekit has none for. */
static const rule_text *rule_for(const char *kind)
{
    for (int i = 0; i < N_RULES; i++)
        if (strcmp(RULES[i].kind, kind) == 0)
            return &RULES[i];
    return NULL;
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

void rk_report_sarif_rule(rk_jw *w, const char *kind, const rk_detector_score *d, const char *root)
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
