/* grade_shard.c - racekit grade --shard K/N: a deterministic share of the
 * class, so N runners grade it together and racekit grade --merge joins
 * their gradebooks (see gradebook.h). A student's share comes from a hash
 * of the folder's name alone, so it does not change when the class grows:
 * a late submission lands in one shard and moves nobody else. */
#define _XOPEN_SOURCE 700
#include "gradebook.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { SHARDS_MAX = 1000 };

/* A whole number from 1 to SHARDS_MAX, all of `s` up to `end`. */
static int whole(const char *s, const char *end, int *out)
{
    if (s == end || end - s > 4)
        return -1;
    int v = 0;
    for (const char *p = s; p < end; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
    }
    *out = v;
    return v >= 1 && v <= SHARDS_MAX ? 0 : -1;
}

int grade_shard_parse(gradebook *gb, const char *text)
{
    const char *slash = strchr(text, '/');
    int k, n;
    if (slash == NULL || whole(text, slash, &k) < 0 || whole(slash + 1, slash + strlen(slash), &n) < 0 || k > n)
        return -1;
    gb->shard_k = k;
    gb->shard_n = n;
    return 0;
}

void grade_row_free(grade_row *r)
{
    free(r->student), free(r->found), free(r->problem), free(r->slug), free(r->scratch);
    free(r->result), free(r->line_text), free(r->schedule), free(r->feedback);
    for (int i = 0; i < GRADE_MAX_TESTS; i++)
        free(r->marks[i].reason);
    memset(r, 0, sizeof *r);
}

void grade_shard_keep(gradebook *gb)
{
    if (gb->shard_n == 0)
        return;
    int kept = 0;
    for (int k = 0; k < gb->n; k++) {
        grade_row *r = &gb->rows[k];
        if (rk_hash_str(RK_HASH_INIT, r->student) % (uint64_t)gb->shard_n == (uint64_t)(gb->shard_k - 1))
            gb->rows[kept++] = *r; /* the order (by name) stays */
        else
            grade_row_free(r);
    }
    gb->n = kept;
}
