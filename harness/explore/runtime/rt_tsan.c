/* rt_tsan.c - the entry points that -fsanitize=thread instrumentation calls
 * (clang and gcc emit the same names), defined by racekit's scheduler
 * instead of TSan's runtime: every shared-memory access and every atomic
 * operation is a step. An atomic operation needs no hardware atomicity
 * here - only the thread holding the baton runs - but uses it anyway for
 * the code that runs outside the schedule (signal handlers, a forked
 * child). */
#include "rt.h"

#include <string.h>

#define PC() ((uintptr_t)__builtin_return_address(0))

static inline void access_step(uintptr_t pc, const volatile void *addr, uint32_t size, int write)
{
    rt_thread *self = rt_controlled();
    if (self)
        rt_access_step(self, write ? RK_OP_WRITE : RK_OP_READ, pc, (uintptr_t)addr, size);
}

void __tsan_init(void) {}
void __tsan_func_entry(void *pc) { (void)pc; }
void __tsan_func_exit(void) {}
void __tsan_ignore_thread_begin(void) {}
void __tsan_ignore_thread_end(void) {}

#define ACCESS(n)                                                                     \
    void __tsan_read##n(void *a) { access_step(PC(), a, n, 0); }                       \
    void __tsan_write##n(void *a) { access_step(PC(), a, n, 1); }                      \
    void __tsan_unaligned_read##n(void *a) { access_step(PC(), a, n, 0); }             \
    void __tsan_unaligned_write##n(void *a) { access_step(PC(), a, n, 1); }            \
    void __tsan_volatile_read##n(void *a) { access_step(PC(), a, n, 0); }              \
    void __tsan_volatile_write##n(void *a) { access_step(PC(), a, n, 1); }             \
    void __tsan_read##n##_pc(void *a, void *pc) { access_step((uintptr_t)pc, a, n, 0); } \
    void __tsan_write##n##_pc(void *a, void *pc) { access_step((uintptr_t)pc, a, n, 1); }
ACCESS(1)
ACCESS(2)
ACCESS(4)
ACCESS(8)
ACCESS(16)

void __tsan_read_range(void *a, unsigned long size) { access_step(PC(), a, (uint32_t)size, 0); }
void __tsan_write_range(void *a, unsigned long size) { access_step(PC(), a, (uint32_t)size, 1); }
void __tsan_vptr_read(void **vptr) { access_step(PC(), vptr, sizeof *vptr, 0); }
void __tsan_vptr_update(void **vptr, void *v) { (void)v; access_step(PC(), vptr, sizeof *vptr, 1); }

/* Newer clangs call these for memory intrinsics. */
void *__tsan_memcpy(void *d, const void *s, unsigned long n)
{
    access_step(PC(), d, (uint32_t)n, 1);
    return memcpy(d, s, n);
}

void *__tsan_memmove(void *d, const void *s, unsigned long n)
{
    access_step(PC(), d, (uint32_t)n, 1);
    return memmove(d, s, n);
}

void *__tsan_memset(void *d, int c, unsigned long n)
{
    access_step(PC(), d, (uint32_t)n, 1);
    return memset(d, c, n);
}

/* ---- atomics ------------------------------------------------------------ */

static inline void atomic_step(uintptr_t pc, const volatile void *a, uint32_t size, uint8_t op)
{
    rt_thread *self = rt_controlled();
    if (self)
        rt_step(self, op, pc, (uintptr_t)a, 0, size);
}

#define SC __ATOMIC_SEQ_CST
#define RMW(T, n, name, builtin)                                                      \
    T __tsan_atomic##n##_##name(volatile T *a, T v, int mo)                           \
    {                                                                                 \
        (void)mo;                                                                     \
        atomic_step(PC(), a, n / 8, RK_OP_ATOMIC_RMW);                                \
        return builtin(a, v, SC);                                                     \
    }

#define ATOMICS(T, n)                                                                 \
    T __tsan_atomic##n##_load(const volatile T *a, int mo)                            \
    {                                                                                 \
        (void)mo;                                                                     \
        atomic_step(PC(), a, n / 8, RK_OP_ATOMIC_LOAD);                               \
        return __atomic_load_n(a, SC);                                                \
    }                                                                                 \
    void __tsan_atomic##n##_store(volatile T *a, T v, int mo)                         \
    {                                                                                 \
        (void)mo;                                                                     \
        atomic_step(PC(), a, n / 8, RK_OP_ATOMIC_STORE);                              \
        __atomic_store_n(a, v, SC);                                                   \
    }                                                                                 \
    RMW(T, n, exchange, __atomic_exchange_n)                                          \
    RMW(T, n, fetch_add, __atomic_fetch_add)                                          \
    RMW(T, n, fetch_sub, __atomic_fetch_sub)                                          \
    RMW(T, n, fetch_and, __atomic_fetch_and)                                          \
    RMW(T, n, fetch_or, __atomic_fetch_or)                                            \
    RMW(T, n, fetch_xor, __atomic_fetch_xor)                                          \
    RMW(T, n, fetch_nand, __atomic_fetch_nand)                                        \
    int __tsan_atomic##n##_compare_exchange_strong(volatile T *a, T *c, T v, int mo, int fmo) \
    {                                                                                 \
        (void)mo, (void)fmo;                                                          \
        atomic_step(PC(), a, n / 8, RK_OP_ATOMIC_RMW);                                \
        return __atomic_compare_exchange_n(a, c, v, 0, SC, SC);                       \
    }                                                                                 \
    int __tsan_atomic##n##_compare_exchange_weak(volatile T *a, T *c, T v, int mo, int fmo) \
    {                                                                                 \
        (void)mo, (void)fmo;                                                          \
        atomic_step(PC(), a, n / 8, RK_OP_ATOMIC_RMW);                                \
        return __atomic_compare_exchange_n(a, c, v, 0, SC, SC);                       \
    }                                                                                 \
    T __tsan_atomic##n##_compare_exchange_val(volatile T *a, T c, T v, int mo, int fmo) \
    {                                                                                 \
        (void)mo, (void)fmo;                                                          \
        atomic_step(PC(), a, n / 8, RK_OP_ATOMIC_RMW);                                \
        __atomic_compare_exchange_n(a, &c, v, 0, SC, SC);                             \
        return c;                                                                     \
    }

ATOMICS(signed char, 8)
ATOMICS(short, 16)
ATOMICS(int, 32)
ATOMICS(long, 64)

/* 128 bits: not lock-free without -mcx16; plain code is atomic enough when
 * only one thread runs at a time. */
typedef __int128 i128;
#define RMW128(name, expr)                                                            \
    i128 __tsan_atomic128_##name(volatile i128 *a, i128 v, int mo)                    \
    {                                                                                 \
        (void)mo;                                                                     \
        atomic_step(PC(), a, 16, RK_OP_ATOMIC_RMW);                                   \
        i128 old = *a;                                                                \
        *a = (expr);                                                                  \
        return old;                                                                   \
    }
i128 __tsan_atomic128_load(const volatile i128 *a, int mo)
{
    (void)mo;
    atomic_step(PC(), a, 16, RK_OP_ATOMIC_LOAD);
    return *a;
}
void __tsan_atomic128_store(volatile i128 *a, i128 v, int mo)
{
    (void)mo;
    atomic_step(PC(), a, 16, RK_OP_ATOMIC_STORE);
    *a = v;
}
RMW128(exchange, v)
RMW128(fetch_add, old + v)
RMW128(fetch_sub, old - v)
RMW128(fetch_and, old & v)
RMW128(fetch_or, old | v)
RMW128(fetch_xor, old ^ v)
RMW128(fetch_nand, ~(old & v))
static int cas128(uintptr_t pc, volatile i128 *a, i128 *c, i128 v)
{
    atomic_step(pc, a, 16, RK_OP_ATOMIC_RMW);
    if (*a == *c) {
        *a = v;
        return 1;
    }
    *c = *a;
    return 0;
}
int __tsan_atomic128_compare_exchange_strong(volatile i128 *a, i128 *c, i128 v, int mo, int fmo)
{
    (void)mo, (void)fmo;
    return cas128(PC(), a, c, v);
}
int __tsan_atomic128_compare_exchange_weak(volatile i128 *a, i128 *c, i128 v, int mo, int fmo)
{
    (void)mo, (void)fmo;
    return cas128(PC(), a, c, v);
}
i128 __tsan_atomic128_compare_exchange_val(volatile i128 *a, i128 c, i128 v, int mo, int fmo)
{
    (void)mo, (void)fmo;
    cas128(PC(), a, &c, v);
    return c;
}

void __tsan_atomic_thread_fence(int mo)
{
    (void)mo;
    atomic_step(PC(), NULL, 0, RK_OP_FENCE);
    __atomic_thread_fence(SC);
}

void __tsan_atomic_signal_fence(int mo)
{
    (void)mo;
    __atomic_signal_fence(SC);
}
