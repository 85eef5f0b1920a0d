/* case_meta.c - front matter parser (see case_meta.h). */
#define _POSIX_C_SOURCE 200809L
#include "case_meta.h"
#include "detectors.h"
#include "expect.h"
#include "util/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const known_keys[] = { "title", "expect", "timeout", "cflags", "fix",
                                          "diff-limit", "budget", "explore", "points", NULL };

struct parser {
    const char *path;
    char *err;
    size_t errlen;
    int line;
    unsigned seen; /* bit i set: known_keys[i] seen */
};

static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct parser *p, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (p->line > 0)
        snprintf(p->err, p->errlen, "%s:%d: %s", p->path, p->line, msg);
    else
        snprintf(p->err, p->errlen, "%s: %s", p->path, msg);
    return -1;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Levenshtein distance, capped: enough to suggest "expect" for "expct". */
static int distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 30 || lb > 30)
        return 99;
    int d[32][32];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
    return d[la][lb];
}

static int unknown_key(struct parser *p, const char *key)
{
    for (int i = 0; known_keys[i]; i++)
        if (distance(key, known_keys[i]) <= 2)
            return fail(p, "unknown key '%s' (did you mean '%s'?)", key, known_keys[i]);
    return fail(p, "unknown key '%s' (known keys: title, expect, timeout, cflags, fix, diff-limit, budget, explore, points, expect.<detector>, false-alarm.<detector>)", key);
}

/* " (did you mean 'data-race'?)" for an expect value close to a known one
 * (a typo, or a word for the same thing: "deadlock" is a hang or a
 * lock-order-inversion), else "" - into buf. */
static const char *did_you_mean(const char *item, char *buf, size_t len)
{
    static const char *const words[][2] = {
        { "deadlock", "hang' or 'lock-order-inversion" }, { "race", "data-race" },
        { "use-after-free", "heap-use-after-free" },      { "leak", "thread-leak" },
        { "timeout", "hang" },                            { "assert", "invariant" },
        { "check", "invariant" },                         { "none", "missed" },
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(item, words[i][0]) == 0) {
            snprintf(buf, len, " (did you mean '%s'?)", words[i][1]);
            return buf;
        }
    char *known = rk_xstrdup(rk_expect_items_help()), *save = NULL;
    int best = 3;
    buf[0] = '\0';
    for (char *w = strtok_r(known, ", ", &save); w; w = strtok_r(NULL, ", ", &save))
        if (distance(item, w) < best) {
            best = distance(item, w);
            snprintf(buf, len, " (did you mean '%s'?)", w);
        }
    free(known);
    return buf;
}

/* A false alarm is a report: a report kind, or "other" - an error of a
 * Valgrind tool that has no TSan kind (e.g. a condition variable signalled
 * without its mutex), which the result lists as kind "other". */
static int is_false_alarm_item(const char *s)
{
    return rk_is_report_kind(s) || strcmp(s, "other") == 0;
}

/* Parse "a, b, c" into `out`, every item checked against the vocabulary:
 * expect's, or for the list of key `false_alarm_key` (non-NULL) a report's. */
static int parse_expect(struct parser *p, char *value, rk_strlist *out, const char *false_alarm_key)
{
    int kinds = 0, missed = 0, unsupported = 0;
    if (*value == '\0')
        return fail(p, "'expect' is empty (allowed: %s)", rk_expect_items_help());
    for (char *tok = value, *next; tok; tok = next) {
        char *comma = strchr(tok, ',');
        next = comma ? comma + 1 : NULL;
        if (comma)
            *comma = '\0';
        char *item = trim(tok);
        if (*item == '\0')
            return fail(p, "empty item in 'expect' (a stray comma?)");
        if (false_alarm_key && !is_false_alarm_item(item))
            return fail(p, "'%s' in '%s' is not a report kind (a false alarm is a report)", item, false_alarm_key);
        char hint[96];
        if (!false_alarm_key && !rk_is_expect_item(item) && *did_you_mean(item, hint, sizeof hint))
            return fail(p, "unknown expect value '%s'%s", item, hint);
        if (!false_alarm_key && !rk_is_expect_item(item))
            return fail(p, "unknown expect value '%s' (allowed: %s)", item, rk_expect_items_help());
        if (rk_sl_contains(out, item))
            return fail(p, "'%s' is listed twice in 'expect'", item);
        kinds += rk_is_report_kind(item);
        missed += strcmp(item, "missed") == 0;
        unsupported += strcmp(item, "unsupported") == 0;
        rk_sl_add(out, item);
    }
    if (missed && kinds)
        return fail(p, "'missed' means TSan reports nothing: it cannot be listed with a report kind");
    if (unsupported && out->n > 1)
        return fail(p, "'unsupported' means the detector cannot judge the program at all: it cannot be listed "
                       "with anything else");
    return 0;
}

static int parse_timeout(struct parser *p, const char *value, double *out)
{
    char *end;
    errno = 0;
    double t = strtod(value, &end);
    if (*value == '\0' || *end != '\0' || errno != 0 || !(t > 0) || t > 3600)
        return fail(p, "timeout '%s' is not a number of seconds between 0 and 3600", value);
    *out = t;
    return 0;
}

/* "<number> <reason>" for a limit a case raises above racekit lint's
 * default: the reason is required, so the exception explains itself. */
static int parse_limit(struct parser *p, const char *key, const char *value, double max,
                       double *out, char **reason)
{
    char *end;
    errno = 0;
    double v = strtod(value, &end);
    if (end == value || errno != 0 || !(v > 0) || v > max || (*end != '\0' && *end != ' ' && *end != '\t'))
        return fail(p, "%s '%s' does not start with a number between 0 and %g", key, value, max);
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end == '\0')
        return fail(p, "%s needs a reason after the number (e.g. '%s: %g <why this case needs more>')", key, key, v);
    *out = v;
    *reason = rk_xstrdup(end);
    return 0;
}

static int set_key(struct parser *p, rk_meta *m, const char *key, char *value)
{
    int false_alarm = strncmp(key, "false-alarm.", 12) == 0;
    if (false_alarm || strncmp(key, "expect.", 7) == 0) {
        const char *det = strchr(key, '.') + 1;
        if (!rk_is_detector_name(det))
            return fail(p, "unknown detector '%s' in key '%s' (known: %s)", det, key, rk_detector_names_help());
        for (int i = 0; i < m->n_per_detector; i++)
            if (strcmp(m->per_detector[i].detector, det) == 0 && m->per_detector[i].false_alarm == false_alarm)
                return fail(p, "duplicate key '%s'", key);
        if (m->n_per_detector == RK_META_MAX_DETECTORS)
            return fail(p, "too many expect.<detector> and false-alarm.<detector> keys");
        rk_detector_expect *de = &m->per_detector[m->n_per_detector++];
        de->detector = rk_xstrdup(det);
        de->false_alarm = false_alarm;
        return parse_expect(p, value, &de->items, false_alarm ? key : NULL);
    }
    int k = -1;
    for (int i = 0; known_keys[i]; i++)
        if (strcmp(key, known_keys[i]) == 0)
            k = i;
    if (k < 0)
        return unknown_key(p, key);
    if (p->seen & (1u << k))
        return fail(p, "duplicate key '%s'", key);
    p->seen |= 1u << k;

    size_t n = strlen(value);
    if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
        value[n - 1] = '\0';
        value++;
    }
    if (strcmp(key, "title") == 0) {
        if (*value == '\0')
            return fail(p, "'title' is empty");
        m->title = rk_xstrdup(value);
    } else if (strcmp(key, "expect") == 0) {
        return parse_expect(p, value, &m->expect, NULL);
    } else if (strcmp(key, "timeout") == 0) {
        return parse_timeout(p, value, &m->timeout);
    } else if (strcmp(key, "cflags") == 0) {
        m->cflags = rk_xstrdup(value);
    } else if (strcmp(key, "diff-limit") == 0) {
        return parse_limit(p, key, value, 100000, &m->diff_limit, &m->diff_limit_reason);
    } else if (strcmp(key, "budget") == 0) {
        return parse_limit(p, key, value, 3600, &m->budget, &m->budget_reason);
    } else if (strcmp(key, "explore") == 0) {
        if (strcmp(value, "cannot") != 0 && strcmp(value, "find") != 0)
            return fail(p, "explore '%s': expected find (the default) or cannot", value);
        m->explore = strcmp(value, "cannot") == 0 ? RK_EXPLORE_CANNOT : RK_EXPLORE_FIND;
    } else if (strcmp(key, "points") == 0) {
        if (*value == '\0')
            return fail(p, "'points' is empty (e.g. 'points: clean=4, output=1' or 'points: 1 4 2')");
        m->points = rk_xstrdup(value); /* its tests are an exercise's: grade/ reads them */
        m->points_line = p->line;
    } else {
        m->fix = rk_xstrdup(value);
    }
    return 0;
}

/* Check one line's bytes: no NUL, valid UTF-8. */
static int check_bytes(struct parser *p, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned cp;
        if (s[i] == '\0')
            return fail(p, "NUL byte in front matter");
        size_t len = rk_utf8_seq((const unsigned char *)s + i, n - i, &cp);
        if (len == 0)
            return fail(p, "front matter is not valid UTF-8");
        i += len;
    }
    return 0;
}

static int parse_lines(struct parser *p, const char *text, size_t len, rk_meta *m)
{
    const char *pos = text, *end = text + len;
    int closed = 0;
    for (p->line = 1; pos < end; p->line++) {
        const char *nl = memchr(pos, '\n', (size_t)(end - pos));
        size_t n = nl ? (size_t)(nl - pos) : (size_t)(end - pos);
        if (check_bytes(p, pos, n) < 0)
            return -1;
        char *line = rk_xstrndup(pos, n);
        char *t = trim(line);
        pos = nl ? nl + 1 : end;
        int rc = 0;
        if (p->line == 1) {
            if (strcmp(t, "---") != 0)
                rc = fail(p, "front matter must start with a '---' line (found '%.40s')", t);
        } else if (strcmp(t, "---") == 0) {
            closed = 1;
        } else if (*t != '\0' && *t != '#') {
            char *colon = strchr(t, ':');
            if (colon == NULL) {
                rc = fail(p, "expected 'key: value', found '%.40s'", t);
            } else {
                *colon = '\0';
                char *key = trim(t);
                rc = *key ? set_key(p, m, key, trim(colon + 1)) : fail(p, "missing key before ':'");
            }
        }
        free(line);
        if (rc < 0)
            return -1;
        if (closed) {
            m->body_line = p->line + 1;
            return 0;
        }
    }
    if (p->line == 1)
        return fail(p, "file is empty (it needs front matter between '---' lines)");
    p->line = 1;
    return fail(p, "front matter is not terminated (no closing '---' line)");
}

int rk_meta_parse(const char *path, const char *text, size_t len, rk_meta *meta,
                  char *err, size_t errlen)
{
    struct parser p = { path, err, errlen, 0, 0 };
    memset(meta, 0, sizeof *meta);
    meta->timeout = 10;
    int rc = parse_lines(&p, text, len, meta);
    if (rc == 0 && meta->title == NULL)
        rc = (p.line = 0, fail(&p, "missing required key 'title'"));
    if (rc == 0 && meta->expect.n == 0)
        rc = (p.line = 0, fail(&p, "missing required key 'expect' (allowed: %s)", rk_expect_items_help()));
    if (rc < 0)
        rk_meta_free(meta);
    return rc;
}

int rk_meta_load(const char *path, rk_meta *meta, char *err, size_t errlen)
{
    size_t len;
    memset(meta, 0, sizeof *meta);
    char *text = rk_read_file(path, RK_META_MAX_BYTES, &len);
    if (text == NULL) {
        if (errno == EFBIG)
            snprintf(err, errlen, "%s: file is larger than 1 MiB", path);
        else if (errno == ENOENT)
            snprintf(err, errlen, "%s: missing (every case needs README.md with front matter)", path);
        else
            snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    int rc = rk_meta_parse(path, text, len, meta, err, errlen);
    free(text);
    return rc;
}

static const rk_strlist *per_detector(const rk_meta *meta, const char *detector, int false_alarm)
{
    for (int i = 0; i < meta->n_per_detector; i++)
        if (strcmp(meta->per_detector[i].detector, detector) == 0 &&
            meta->per_detector[i].false_alarm == false_alarm)
            return &meta->per_detector[i].items;
    return NULL;
}

const rk_strlist *rk_meta_expect_for(const rk_meta *meta, const char *detector)
{
    const rk_strlist *own = per_detector(meta, detector, 0);
    return own ? own : &meta->expect;
}

const rk_strlist *rk_meta_false_alarms_for(const rk_meta *meta, const char *detector)
{
    return per_detector(meta, detector, 1);
}

void rk_meta_free(rk_meta *meta)
{
    free(meta->title);
    free(meta->cflags);
    free(meta->fix);
    free(meta->diff_limit_reason);
    free(meta->budget_reason);
    free(meta->points);
    rk_sl_free(&meta->expect);
    for (int i = 0; i < meta->n_per_detector; i++) {
        free(meta->per_detector[i].detector);
        rk_sl_free(&meta->per_detector[i].items);
    }
    memset(meta, 0, sizeof *meta);
    meta->timeout = 10;
}
