/* rt_shared.c - which plain accesses another thread could tell apart.
 *
 * A read or write of memory that only the running thread has touched in
 * this schedule commutes with every step of every other thread: running
 * another thread just before it reaches the same states as running that
 * thread just after it. So the exploring strategies switch thread only at
 * an access that touches memory another thread has touched (a *shared*
 * access), or one made by an instruction that has touched such memory in
 * an earlier schedule (so the first access of a check-then-act, made
 * before the other thread arrives, is a place to switch from the second
 * schedule on). Every access is still a step: a schedule string, a trace
 * and a replay do not depend on any of this.
 *
 * The shadow: for each 8-byte granule, the thread that touched it first
 * (or "shared") and the instruction of its latest private access; memory
 * of a thread that has finished passes to the next thread that touches
 * it. It is
 * mapped once, before the first schedule, and written only by the
 * schedules' children, so every schedule starts from an empty shadow and
 * the program's own mappings land where they would without it. The
 * instructions learnt are kept in the shared mapping across schedules; a
 * schedule learns them in the order of its steps, so the same seed gives
 * the same schedules. */
#define _GNU_SOURCE
#include "rt.h"

#include <sys/mman.h>

enum {
    GRANULES = 512,         /* 8-byte granules per 4 KiB page */
    SHADOW_PAGES = 1 << 14, /* 64 MiB of the program's memory */
    PAGE_SLOTS = 1 << 15,
    OWNER_SHARED = 255,     /* owners are thread id + 1, 0 is untouched */
};

typedef struct {
    uint8_t owner[GRANULES];
    uint32_t pc[GRANULES]; /* from the image's start, 0 when outside it */
} shadow_page;

typedef struct {
    uintptr_t page; /* page number + 1; 0 is a free slot */
    shadow_page *shadow;
} page_slot;

static page_slot *pages;
static shadow_page *pool;
static size_t n_pool;
static uintptr_t cached_page; /* the page of the latest access, + 1 */
static shadow_page *cached;

void rt_shared_init(void)
{
    size_t bytes = PAGE_SLOTS * sizeof *pages + SHADOW_PAGES * sizeof *pool;
    void *map = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (map == MAP_FAILED)
        return; /* no shadow: every access is shared */
    pages = map;
    pool = (shadow_page *)(pages + PAGE_SLOTS);
}

/* The shadow of the page holding `addr`, made when new; NULL when the
 * shadow is full (then the access counts as shared). */
static shadow_page *shadow_of(uintptr_t addr)
{
    uintptr_t page = (addr >> 12) + 1;
    if (page == cached_page)
        return cached;
    size_t i = (size_t)((page * 0x9e3779b97f4a7c15ULL) >> 49) & (PAGE_SLOTS - 1);
    for (size_t k = 0; k < PAGE_SLOTS; k++, i = (i + 1) & (PAGE_SLOTS - 1)) {
        if (pages[i].page == page) {
            cached_page = page, cached = pages[i].shadow;
            return cached;
        }
        if (pages[i].page == 0) {
            if (n_pool >= SHADOW_PAGES || k > 64)
                return NULL;
            pages[i].page = page;
            pages[i].shadow = &pool[n_pool++];
            cached_page = page, cached = pages[i].shadow;
            return cached;
        }
    }
    return NULL;
}

static size_t pc_slot(uintptr_t pc)
{
    return (size_t)((pc * 0x9e3779b97f4a7c15ULL) >> 40) & (RT_SHARED_PCS - 1);
}

/* Remember that the instruction at `pc` touches shared memory. */
static void learn(uintptr_t pc)
{
    rt_shm *s = rt.shm;
    if (pc == 0 || s == NULL)
        return;
    for (size_t i = pc_slot(pc), k = 0; k < 32; k++, i = (i + 1) & (RT_SHARED_PCS - 1)) {
        if (s->shared_pcs[i] == pc)
            return;
        if (s->shared_pcs[i] == 0) {
            s->shared_pcs[i] = pc;
            s->learnt_new = 1; /* the bounded search starts again (rt_bounded.c) */
            return;
        }
    }
    s->shared_pcs_full = 1;
}

static int learnt(uintptr_t pc)
{
    const rt_shm *s = rt.shm;
    if (s == NULL || s->shared_pcs_full)
        return 1;
    for (size_t i = pc_slot(pc), k = 0; k < 32; k++, i = (i + 1) & (RT_SHARED_PCS - 1)) {
        if (s->shared_pcs[i] == pc)
            return 1;
        if (s->shared_pcs[i] == 0)
            return 0;
    }
    return 0;
}

/* Thread `me` (id + 1) touches the granule of `addr` at `pc`: 1 when
 * another thread has touched it. */
static int touch(uint8_t me, uintptr_t pc, uintptr_t addr)
{
    shadow_page *sp = shadow_of(addr);
    if (sp == NULL)
        return 1;
    unsigned g = (unsigned)(addr >> 3) & (GRANULES - 1);
    uint8_t owner = sp->owner[g];
    /* A thread that has finished cannot go after this access any more:
     * its memory passes to this thread (main reading the results of the
     * threads it joined is not sharing). */
    if (owner == me || owner == 0 || (owner != OWNER_SHARED && rt.threads[owner - 1].finished)) {
        sp->owner[g] = me;
        sp->pc[g] = pc - rt.image_lo < UINT32_MAX ? (uint32_t)(pc - rt.image_lo) : 0;
        return 0;
    }
    if (owner != OWNER_SHARED) { /* the first thread's latest access could have gone after this one */
        sp->owner[g] = OWNER_SHARED;
        if (sp->pc[g] != 0)
            learn(rt.image_lo + sp->pc[g]);
    }
    learn(pc);
    return 1;
}

int rt_access_shared(int id, uintptr_t pc, uintptr_t addr, uint32_t size)
{
    if (pages == NULL || size == 0 || size > 16 || id >= OWNER_SHARED - 1)
        return 1;
    uint8_t me = (uint8_t)(id + 1);
    int shared = touch(me, pc, addr);
    uintptr_t last = addr + size - 1;
    if ((last >> 3) != (addr >> 3))
        shared |= touch(me, pc, last);
    return shared || learnt(pc);
}
