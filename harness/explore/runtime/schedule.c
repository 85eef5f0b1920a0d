/* schedule.c - the schedule string codec (see schedule.h). */
#include "schedule.h"

int rk_sched_push(rk_sched_run *runs, size_t *n, size_t cap, uint32_t thread)
{
    if (*n > 0 && runs[*n - 1].thread == thread && runs[*n - 1].count < UINT32_MAX) {
        runs[*n - 1].count++;
        return 0;
    }
    if (*n >= cap)
        return -1;
    runs[*n].thread = thread;
    runs[*n].count = 1;
    (*n)++;
    return 0;
}

/* Digits of v into buf (reversed); returns how many. */
static int digits_rev(uint64_t v, char *buf)
{
    int k = 0;
    do {
        buf[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return k;
}

size_t rk_sched_format(const rk_sched_run *runs, size_t n, char *out, size_t cap)
{
    size_t len = 0;
    char tmp[24];
    for (size_t i = 0; i < n; i++) {
        uint64_t parts[2] = { runs[i].thread, runs[i].count };
        for (int p = 0; p < 2; p++) {
            char sep = p == 0 ? ',' : ':';
            if (p == 1 || i > 0) {
                if (len + 1 < cap)
                    out[len] = sep;
                len++;
            }
            int k = digits_rev(parts[p], tmp);
            while (k > 0) {
                if (len + 1 < cap)
                    out[len] = tmp[k - 1];
                len++;
                k--;
            }
        }
    }
    if (cap > 0)
        out[len < cap ? len : cap - 1] = '\0';
    return len;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Read a decimal at s[*i]; -1 when there is none or it exceeds max. */
static int read_number(const char *s, size_t len, size_t *i, uint64_t max, uint64_t *v)
{
    size_t start = *i;
    uint64_t x = 0;
    while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
        x = x * 10 + (uint64_t)(s[*i] - '0');
        if (x > max)
            return -1;
        (*i)++;
    }
    if (*i == start)
        return -1;
    *v = x;
    return 0;
}

long rk_sched_parse(const char *s, size_t len, rk_sched_run *runs, size_t cap, size_t *bad_at)
{
    size_t i = 0, n = 0;
    while (i < len && is_blank(s[i]))
        i++;
    while (len > i && is_blank(s[len - 1]))
        len--;
    if (i == len)
        goto bad;
    while (i < len) {
        uint64_t thread, count;
        if (read_number(s, len, &i, RK_SCHED_MAX_THREAD, &thread) < 0)
            goto bad;
        if (i >= len || s[i] != ':')
            goto bad;
        i++;
        if (read_number(s, len, &i, UINT32_MAX, &count) < 0 || count == 0)
            goto bad;
        if (n >= cap)
            return -2;
        runs[n].thread = (uint32_t)thread;
        runs[n].count = (uint32_t)count;
        n++;
        if (i < len) {
            if (s[i] != ',' || i + 1 == len)
                goto bad;
            i++;
        }
    }
    return (long)n;
bad:
    if (bad_at)
        *bad_at = i;
    return -1;
}

uint64_t rk_sched_steps(const rk_sched_run *runs, size_t n)
{
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += runs[i].count;
    return total;
}
