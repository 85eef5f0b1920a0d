/* rt_memory.c - naming the memory a step touches, in terms that do not
 * change between runs: a global by its address in the ELF file, a heap
 * block by its number in allocation order (counted while a trace is
 * recorded), anything else by its raw address. The heap table lives in its
 * own mapping so the program's own allocations land where they would
 * without it (a replay must not move them). */
#define _GNU_SOURCE
#include "rt.h"

#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define PC() ((uintptr_t)__builtin_return_address(0))

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__real_aligned_alloc(size_t align, size_t n);
int __real_posix_memalign(void **p, size_t align, size_t n);

extern char __executable_start[], _end[];

enum { HEAP_CAP = 1 << 20 };

typedef struct {
    uintptr_t addr;
    size_t size;
    uint32_t block;
} heap_entry;

static heap_entry *heap; /* live blocks, sorted by address */
static size_t n_heap;
static uint32_t next_block;

static int first_object(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    *(uintptr_t *)data = (uintptr_t)info->dlpi_addr;
    return 1; /* the first object is the executable */
}

void rt_image_init(void)
{
    dl_iterate_phdr(first_object, &rt.bias);
    rt.image_lo = (uintptr_t)__executable_start;
    rt.image_hi = (uintptr_t)_end;
}

uint64_t rt_elf_pc(uintptr_t pc)
{
    return pc ? (uint64_t)(pc - rt.bias) : 0;
}

/* Index of the first entry with addr > a. */
static size_t upper(uintptr_t a)
{
    size_t lo = 0, hi = n_heap;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (heap[mid].addr <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void heap_add(void *p, size_t size, uintptr_t pc)
{
    if (p == NULL || !rt.trace || !rt.active)
        return;
    if (heap == NULL) {
        heap = mmap(NULL, HEAP_CAP * sizeof *heap, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (heap == MAP_FAILED) {
            heap = NULL;
            return;
        }
    }
    if (n_heap >= HEAP_CAP)
        return;
    uint32_t block = ++next_block;
    size_t i = upper((uintptr_t)p);
    memmove(&heap[i + 1], &heap[i], (n_heap - i) * sizeof *heap);
    heap[i] = (heap_entry){ (uintptr_t)p, size, block };
    n_heap++;
    if (block < RT_MAX_BLOCKS) {
        rt.shm->blocks[block].pc = rt_elf_pc(pc);
        rt.shm->blocks[block].size = size;
        if (block >= rt.shm->n_blocks)
            rt.shm->n_blocks = block + 1;
    }
}

static void heap_remove(void *p)
{
    if (p == NULL || n_heap == 0)
        return;
    size_t i = upper((uintptr_t)p);
    if (i == 0 || heap[i - 1].addr != (uintptr_t)p)
        return;
    memmove(&heap[i - 1], &heap[i], (n_heap - i) * sizeof *heap);
    n_heap--;
}

void rt_where(uintptr_t addr, uint8_t *kind, uint32_t *block, uint64_t *value)
{
    *block = 0;
    *value = addr;
    if (addr == 0) {
        *kind = '-';
        return;
    }
    if (addr >= rt.image_lo && addr < rt.image_hi) {
        *kind = 'g';
        *value = addr - rt.bias;
        return;
    }
    size_t i = upper(addr);
    if (i > 0 && addr < heap[i - 1].addr + (heap[i - 1].size ? heap[i - 1].size : 1)) {
        *kind = 'h';
        *block = heap[i - 1].block;
        *value = addr - heap[i - 1].addr;
        return;
    }
    *kind = 'o';
}

void *__wrap_malloc(size_t n)
{
    void *p = __real_malloc(n);
    heap_add(p, n, PC());
    return p;
}

void *__wrap_calloc(size_t k, size_t n)
{
    void *p = __real_calloc(k, n);
    heap_add(p, k * n, PC());
    return p;
}

void *__wrap_realloc(void *old, size_t n)
{
    void *p = __real_realloc(old, n);
    if (p != NULL || n == 0)
        heap_remove(old);
    heap_add(p, n, PC());
    return p;
}

void __wrap_free(void *p)
{
    heap_remove(p);
    __real_free(p);
}

void *__wrap_aligned_alloc(size_t align, size_t n)
{
    void *p = __real_aligned_alloc(align, n);
    heap_add(p, n, PC());
    return p;
}

int __wrap_posix_memalign(void **p, size_t align, size_t n)
{
    int rc = __real_posix_memalign(p, align, n);
    if (rc == 0)
        heap_add(*p, n, PC());
    return rc;
}
