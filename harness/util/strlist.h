/* strlist.h - a growable list of owned strings. */
#ifndef RK_STRLIST_H
#define RK_STRLIST_H

typedef struct {
    char **items; /* each owned by the list */
    int n;
    int cap;
} rk_strlist;

#define RK_STRLIST_INIT { NULL, 0, 0 }

/* rk_sl_add - append a copy of `s`. */
void rk_sl_add(rk_strlist *l, const char *s);
/* rk_sl_contains - 1 when an item equals `s`. */
int rk_sl_contains(const rk_strlist *l, const char *s);
/* rk_sl_join - the items joined by `sep`, in a new string the caller frees. */
char *rk_sl_join(const rk_strlist *l, const char *sep);
/* rk_sl_argv - a NULL-terminated array of the items (borrowed, not copied)
 * for execve and friends; the caller frees the array only. */
char **rk_sl_argv(const rk_strlist *l);
/* rk_sl_split - add the whitespace-separated words of `s` (no quoting). */
void rk_sl_split(rk_strlist *l, const char *s);
/* rk_sl_free - free every item and the list; `l` is reset. */
void rk_sl_free(rk_strlist *l);

#endif
