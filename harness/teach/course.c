/* course.c - read <cases-root>/COURSE (see course.h): strict, so a course
 * that names a lesson twice, a lesson that is not there, or a key that
 * does not exist is one line naming the file, the line and the problem. */
#define _POSIX_C_SOURCE 200809L
#include "course.h"
#include "case/case.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failf(char *err, size_t errlen, const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* One line "<path>:<line>: <problem>" into err; returns -1. */
static int failf(char *err, size_t errlen, const char *path, int line, const char *fmt, ...)
{
    int n = line > 0 ? snprintf(err, errlen, "%s:%d: ", path, line) : snprintf(err, errlen, "%s: ", path);
    if (n < 0 || (size_t)n >= errlen)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* "topic/name", both lowercase words joined by '-'. */
static int is_lesson_id(const char *s)
{
    const char *slash = strchr(s, '/');
    if (slash == NULL || strchr(slash + 1, '/') != NULL)
        return 0;
    char *topic = rk_xstrndup(s, (size_t)(slash - s));
    int ok = rk_is_word_name(topic) && rk_is_word_name(slash + 1);
    free(topic);
    return ok;
}

/* Thread numbers joined by ',' ("1,2,2"). */
static int is_choice_list(const char *s)
{
    if (*s == '\0')
        return 0;
    for (const char *p = s; *p; p++) {
        if (*p == ',' && (p == s || p[1] == '\0' || p[1] == ','))
            return 0;
        if (*p != ',' && (*p < '0' || *p > '9'))
            return 0;
    }
    return 1;
}

/* The keys of a week, in the order a week lists them. */
enum { KEY_CHAPTER, KEY_ABOUT, KEY_EXERCISE, KEY_STEP, KEY_CHOICES, N_KEYS };
static const char *const key_names[N_KEYS] = { "chapter", "about", "exercise", "step", "choices" };

static char **key_field(rk_week *w, int key)
{
    switch (key) {
    case KEY_CHAPTER: return &w->chapter;
    case KEY_ABOUT: return &w->about;
    case KEY_EXERCISE: return &w->exercise;
    case KEY_STEP: return &w->step_case;
    default: return &w->choices;
    }
}

/* The value of one key line checked and stored; -1 with err. */
static int set_key(rk_week *w, int key, const char *value, const char *path, int line, char *err, size_t errlen)
{
    char **field = key_field(w, key);
    if (*field)
        return failf(err, errlen, path, line, "'%s' given twice in week %d", key_names[key], w->number);
    if (*value == '\0')
        return failf(err, errlen, path, line, "'%s' without a value", key_names[key]);
    if (key == KEY_EXERCISE && !is_lesson_id(value))
        return failf(err, errlen, path, line, "exercise: '%s' is not a lesson id (topic/name)", value);
    if (key == KEY_CHOICES && !is_choice_list(value))
        return failf(err, errlen, path, line, "choices: '%s' is not thread numbers joined by ',' (1,2,2)", value);
    if (key == KEY_STEP) {
        const char *space = strchr(value, ' ');
        char *id = space ? rk_xstrndup(value, (size_t)(space - value)) : rk_xstrdup(value);
        const char *variant = space ? space + 1 : "";
        int ok = is_lesson_id(id) && (strcmp(variant, "unsafe") == 0 || strcmp(variant, "safe") == 0);
        if (!ok) {
            free(id);
            return failf(err, errlen, path, line, "step: expected '<topic>/<name> <unsafe|safe>', got '%s'", value);
        }
        w->step_case = id;
        w->step_variant = rk_xstrdup(variant);
        return 0;
    }
    *field = rk_xstrdup(value);
    return 0;
}

/* What a finished week must have; -1 with err at its heading. */
static int check_week(const rk_week *w, const char *path, char *err, size_t errlen)
{
    if (w->lessons.n == 0)
        return failf(err, errlen, path, w->line, "week %d has no lessons", w->number);
    static const int required[] = { KEY_CHAPTER, KEY_EXERCISE, KEY_STEP };
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (*key_field((rk_week *)w, required[i]) == NULL)
            return failf(err, errlen, path, w->line, "week %d has no '%s:' line", w->number, key_names[required[i]]);
    if (!rk_sl_contains(&w->lessons, w->exercise))
        return failf(err, errlen, path, w->line, "week %d: its exercise %s is not one of its lessons", w->number,
                     w->exercise);
    if (!rk_sl_contains(&w->lessons, w->step_case))
        return failf(err, errlen, path, w->line, "week %d: its step %s is not one of its lessons", w->number,
                     w->step_case);
    return 0;
}

/* A lesson line: a new id, not yet in any week. */
static int add_lesson(rk_course *c, rk_week *w, const char *id, const char *path, int line, char *err,
                      size_t errlen)
{
    if (!is_lesson_id(id))
        return failf(err, errlen, path, line, "'%s' is neither a lesson (topic/name), a 'week N: <title>' line "
                     "nor a key (chapter, about, exercise, step, choices)", id);
    for (int i = 0; i < c->n_weeks; i++)
        for (int j = 0; j < c->weeks[i].lessons.n; j++)
            if (strcmp(c->weeks[i].lessons.items[j], id) == 0)
                return failf(err, errlen, path, line, "%s is in the course twice (first in week %d, line %d)", id,
                             c->weeks[i].number, c->weeks[i].lesson_lines[j]);
    rk_sl_add(&w->lessons, id);
    w->lesson_lines = rk_xrealloc(w->lesson_lines, (size_t)w->lessons.n * sizeof *w->lesson_lines);
    w->lesson_lines[w->lessons.n - 1] = line;
    c->n_lessons++;
    return 0;
}

/* "week N: title": the next week opened; -1 with err. */
static int open_week(rk_course *c, const char *text, const char *path, int line, char *err, size_t errlen)
{
    char *end = NULL;
    errno = 0;
    long n = strtol(text + 5, &end, 10);
    if (end == text + 5 || errno || *end != ':')
        return failf(err, errlen, path, line, "expected 'week %d: <title>'", c->n_weeks + 1);
    if (n != c->n_weeks + 1)
        return failf(err, errlen, path, line, "week %ld: expected week %d next", n, c->n_weeks + 1);
    const char *title = end + 1;
    while (*title == ' ')
        title++;
    if (*title == '\0')
        return failf(err, errlen, path, line, "week %ld has no title", n);
    c->weeks = rk_xrealloc(c->weeks, (size_t)(c->n_weeks + 1) * sizeof *c->weeks);
    rk_week *w = &c->weeks[c->n_weeks++];
    memset(w, 0, sizeof *w);
    w->number = (int)n;
    w->line = line;
    w->title = rk_xstrdup(title);
    return 0;
}

/* One line of the file, trimmed; -1 with err. */
static int parse_line(rk_course *c, char *s, const char *path, int line, char *err, size_t errlen)
{
    if (*s == '\0' || *s == '#')
        return 0;
    if (strncmp(s, "week ", 5) == 0)
        return open_week(c, s, path, line, err, errlen);
    if (c->n_weeks == 0)
        return failf(err, errlen, path, line, "'%s' comes before the first 'week 1: <title>' line", s);
    rk_week *w = &c->weeks[c->n_weeks - 1];
    const char *colon = strchr(s, ':'), *slash = strchr(s, '/');
    if (colon && (slash == NULL || colon < slash)) { /* "key: value"; a lesson id has no ':' */
        size_t len = (size_t)(colon - s);
        const char *value = colon + 1;
        while (*value == ' ')
            value++;
        for (int k = 0; k < N_KEYS; k++)
            if (strlen(key_names[k]) == len && strncmp(s, key_names[k], len) == 0)
                return set_key(w, k, value, path, line, err, errlen);
        return failf(err, errlen, path, line, "unknown key '%.*s' (known: chapter, about, exercise, step, choices)",
                     (int)len, s);
    }
    return add_lesson(c, w, s, path, line, err, errlen);
}

int rk_course_parse(const char *path, const char *text, size_t len, rk_course *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->path = rk_xstrdup(path);
    if (memchr(text, '\0', len)) {
        rk_course_free(c);
        return failf(err, errlen, path, 0, "holds a NUL byte: not a text file");
    }
    int line = 0, rc = 0;
    for (size_t at = 0; at < len && rc == 0;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - (text + at)) : len - at;
        char *s = rk_xstrndup(text + at, n);
        line++;
        char *end = s + strlen(s);
        while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
            *--end = '\0';
        char *start = s;
        while (*start == ' ' || *start == '\t')
            start++;
        int was_week = c->n_weeks;
        rc = parse_line(c, start, path, line, err, errlen);
        if (rc == 0 && c->n_weeks > was_week && was_week > 0)
            rc = check_week(&c->weeks[was_week - 1], path, err, errlen);
        free(s);
        at += n + 1;
    }
    if (rc == 0 && c->n_weeks == 0)
        rc = failf(err, errlen, path, 0, "no 'week 1: <title>' line: the course has no week");
    if (rc == 0)
        rc = check_week(&c->weeks[c->n_weeks - 1], path, err, errlen);
    if (rc < 0)
        rk_course_free(c);
    return rc;
}

int rk_course_load(const char *cases_root, rk_course *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    char *path = rk_path_join(cases_root, "COURSE");
    size_t len = 0;
    char *text = rk_read_file(path, RK_COURSE_MAX_BYTES, &len);
    int rc;
    if (text == NULL)
        rc = failf(err, errlen, path, 0, "%s", errno == EFBIG ? "larger than 1 MiB" : strerror(errno));
    else
        rc = rk_course_parse(path, text, len, c, err, errlen);
    for (int i = 0; rc == 0 && i < c->n_weeks; i++)
        for (int j = 0; rc == 0 && j < c->weeks[i].lessons.n; j++) {
            char *dir = rk_path_join(cases_root, c->weeks[i].lessons.items[j]);
            rk_case found;
            char why[1024];
            if (rk_case_resolve(dir, cases_root, &found, why, sizeof why) < 0)
                rc = failf(err, errlen, path, c->weeks[i].lesson_lines[j], "lesson %s: %s",
                           c->weeks[i].lessons.items[j], why);
            else
                rk_case_free(&found);
            free(dir);
        }
    if (rc < 0)
        rk_course_free(c);
    free(text);
    free(path);
    return rc;
}

int rk_course_week_of(const rk_course *c, const char *id)
{
    for (int i = 0; i < c->n_weeks; i++)
        if (rk_sl_contains(&c->weeks[i].lessons, id))
            return c->weeks[i].number;
    return 0;
}

void rk_course_free(rk_course *c)
{
    for (int i = 0; i < c->n_weeks; i++) {
        rk_week *w = &c->weeks[i];
        free(w->title);
        for (int k = 0; k < N_KEYS; k++)
            free(*key_field(w, k));
        free(w->step_variant);
        rk_sl_free(&w->lessons);
        free(w->lesson_lines);
    }
    free(c->weeks);
    free(c->path);
    memset(c, 0, sizeof *c);
}
