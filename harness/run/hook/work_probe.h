/* work_probe.h - part of the TSan hook (included once, by tsan_hook.c):
 * counts the work the program's threads other than main do, so that an
 * exercise's repair whose threads do nothing, while main prints the answer,
 * can be refused (docs/exercises.md, rule 6).
 *
 * Only a build linked with the harness's --wrap options (harness/
 * work_probe.c, the list there and the wrappers here must name the same
 * symbols) routes the program's calls here: each wrapper counts and calls
 * the real function. Writes are the instrumented stores, atomic stores and
 * read-modify-writes, instrumented memory ranges, and the string functions
 * that write (strcpy, sprintf...); a write counts when it lands outside the
 * writing thread's own stack. Output is any stdio or write() call, and so
 * is a message to another thread or process (a signal sent, sem_post, a
 * condition variable signalled). The main thread's work never counts. memcpy, memmove and memset are not
 * wrapped (the runtime calls them itself), so a thread whose only write is
 * a structure copy that clang 14 turns into memcpy counts none.
 *
 * The __real_ names are declared weak: without the --wrap options nobody
 * calls a wrapper, and they stay unresolved. */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define REAL __attribute__((weak))

static long work_writes, work_outputs; /* by threads other than main */

static __thread int work_role;       /* 0 unknown, 1 main, 2 another thread */
static __thread char *work_stack_lo, *work_stack_hi;

/* 1 when the calling thread is not main; learns its stack on first use. */
static int work_other_thread(void)
{
    if (work_role == 0) {
        work_role = syscall(SYS_gettid) == getpid() ? 1 : 2;
        pthread_attr_t attr;
        void *lo = NULL;
        size_t size = 0;
        if (work_role == 2 && pthread_getattr_np(pthread_self(), &attr) == 0) {
            pthread_attr_getstack(&attr, &lo, &size);
            pthread_attr_destroy(&attr);
            work_stack_lo = lo;
            work_stack_hi = (char *)lo + size;
        }
    }
    return work_role == 2;
}

static void work_wrote(const volatile void *addr)
{
    const char *p = (const char *)addr;
    if (work_other_thread() && (p < work_stack_lo || p >= work_stack_hi))
        __atomic_fetch_add(&work_writes, 1, __ATOMIC_RELAXED);
}

static void work_printed(void)
{
    if (work_other_thread())
        __atomic_fetch_add(&work_outputs, 1, __ATOMIC_RELAXED);
}

/* ---- instrumented writes ------------------------------------------------ */

/* The access is handed to the runtime with the program's own pc (the
 * _pc entry points): TSan names the caller's line, not this wrapper's, so
 * a race in a graded repair points at safe.c, not at this header. */
/* Weak, as the __real_ names: a variant built without TSan links the hook
 * but never calls these wrappers. */
REAL void __tsan_write1_pc(void *addr, void *pc);
REAL void __tsan_write2_pc(void *addr, void *pc);
REAL void __tsan_write4_pc(void *addr, void *pc);
REAL void __tsan_write8_pc(void *addr, void *pc);
REAL void __tsan_write16_pc(void *addr, void *pc);
REAL void __tsan_write_range_pc(void *addr, unsigned long size, void *pc);

#define WRAP_WRITE(name, access)                                               \
    void __wrap_##name(void *addr);                                            \
    void __wrap_##name(void *addr)                                             \
    {                                                                          \
        work_wrote(addr);                                                      \
        access;                                                                \
    }
#define CALLER __builtin_return_address(0)
WRAP_WRITE(__tsan_write1, __tsan_write1_pc(addr, CALLER))
WRAP_WRITE(__tsan_write2, __tsan_write2_pc(addr, CALLER))
WRAP_WRITE(__tsan_write4, __tsan_write4_pc(addr, CALLER))
WRAP_WRITE(__tsan_write8, __tsan_write8_pc(addr, CALLER))
WRAP_WRITE(__tsan_write16, __tsan_write16_pc(addr, CALLER))
/* No _pc form of the unaligned ones: the same bytes as a range. */
WRAP_WRITE(__tsan_unaligned_write2, __tsan_write_range_pc(addr, 2, CALLER))
WRAP_WRITE(__tsan_unaligned_write4, __tsan_write_range_pc(addr, 4, CALLER))
WRAP_WRITE(__tsan_unaligned_write8, __tsan_write_range_pc(addr, 8, CALLER))
WRAP_WRITE(__tsan_unaligned_write16, __tsan_write_range_pc(addr, 16, CALLER))

void __wrap___tsan_write_range(void *addr, unsigned long size);
void __wrap___tsan_write_range(void *addr, unsigned long size)
{
    work_wrote(addr);
    __tsan_write_range_pc(addr, size, CALLER);
}

#define WRAP_MEM(name, src_type)                                               \
    REAL void *__real_##name(void *dst, src_type src, unsigned long n);        \
    void *__wrap_##name(void *dst, src_type src, unsigned long n);             \
    void *__wrap_##name(void *dst, src_type src, unsigned long n)              \
    {                                                                          \
        work_wrote(dst);                                                       \
        return __real_##name(dst, src, n);                                     \
    }
WRAP_MEM(__tsan_memcpy, const void *)
WRAP_MEM(__tsan_memmove, const void *)
WRAP_MEM(__tsan_memset, int)

/* ---- atomics that write ------------------------------------------------- */

#define WRAP_STORE(bits, type)                                                 \
    REAL void __real___tsan_atomic##bits##_store(volatile type *a, type v, int mo); \
    void __wrap___tsan_atomic##bits##_store(volatile type *a, type v, int mo); \
    void __wrap___tsan_atomic##bits##_store(volatile type *a, type v, int mo)  \
    {                                                                          \
        work_wrote(a);                                                         \
        __real___tsan_atomic##bits##_store(a, v, mo);                          \
    }
#define WRAP_RMW(bits, type, op)                                               \
    REAL type __real___tsan_atomic##bits##_##op(volatile type *a, type v, int mo); \
    type __wrap___tsan_atomic##bits##_##op(volatile type *a, type v, int mo);  \
    type __wrap___tsan_atomic##bits##_##op(volatile type *a, type v, int mo)   \
    {                                                                          \
        work_wrote(a);                                                         \
        return __real___tsan_atomic##bits##_##op(a, v, mo);                    \
    }
#define WRAP_CAS(bits, type, op)                                               \
    REAL int __real___tsan_atomic##bits##_##op(volatile type *a, type *c, type v, int mo, int fmo); \
    int __wrap___tsan_atomic##bits##_##op(volatile type *a, type *c, type v, int mo, int fmo); \
    int __wrap___tsan_atomic##bits##_##op(volatile type *a, type *c, type v, int mo, int fmo) \
    {                                                                          \
        work_wrote(a);                                                         \
        return __real___tsan_atomic##bits##_##op(a, c, v, mo, fmo);            \
    }
#define WRAP_CAS_VAL(bits, type)                                               \
    REAL type __real___tsan_atomic##bits##_compare_exchange_val(volatile type *a, type c, type v, int mo, int fmo); \
    type __wrap___tsan_atomic##bits##_compare_exchange_val(volatile type *a, type c, type v, int mo, int fmo); \
    type __wrap___tsan_atomic##bits##_compare_exchange_val(volatile type *a, type c, type v, int mo, int fmo) \
    {                                                                          \
        work_wrote(a);                                                         \
        return __real___tsan_atomic##bits##_compare_exchange_val(a, c, v, mo, fmo); \
    }
#define WRAP_ATOMICS(bits, type)                                               \
    WRAP_STORE(bits, type)                                                     \
    WRAP_RMW(bits, type, exchange)                                             \
    WRAP_RMW(bits, type, fetch_add)                                            \
    WRAP_RMW(bits, type, fetch_sub)                                            \
    WRAP_RMW(bits, type, fetch_and)                                            \
    WRAP_RMW(bits, type, fetch_or)                                             \
    WRAP_RMW(bits, type, fetch_xor)                                            \
    WRAP_RMW(bits, type, fetch_nand)                                           \
    WRAP_CAS(bits, type, compare_exchange_strong)                              \
    WRAP_CAS(bits, type, compare_exchange_weak)                                \
    WRAP_CAS_VAL(bits, type)
WRAP_ATOMICS(8, unsigned char)
WRAP_ATOMICS(16, unsigned short)
WRAP_ATOMICS(32, unsigned int)
WRAP_ATOMICS(64, unsigned long long)

/* ---- library calls that write memory or print ---------------------------- */

#define WRAP_STR(name, ...)                                                    \
    REAL char *__real_##name(char *dst, __VA_ARGS__);                          \
    char *__wrap_##name(char *dst, __VA_ARGS__);
#define WRAP_STR_BODY(name, args, ...)                                         \
    char *__wrap_##name(char *dst, __VA_ARGS__)                                \
    {                                                                          \
        work_wrote(dst);                                                       \
        return __real_##name args;                                             \
    }
WRAP_STR(strcpy, const char *src)
WRAP_STR_BODY(strcpy, (dst, src), const char *src)
WRAP_STR(strcat, const char *src)
WRAP_STR_BODY(strcat, (dst, src), const char *src)
WRAP_STR(strncpy, const char *src, size_t n)
WRAP_STR_BODY(strncpy, (dst, src, n), const char *src, size_t n)
WRAP_STR(strncat, const char *src, size_t n)
WRAP_STR_BODY(strncat, (dst, src, n), const char *src, size_t n)

REAL int __real_vsprintf(char *s, const char *fmt, va_list ap);
REAL int __real_vsnprintf(char *s, size_t n, const char *fmt, va_list ap);
REAL int __real_vprintf(const char *fmt, va_list ap);
REAL int __real_vfprintf(FILE *f, const char *fmt, va_list ap);
REAL int __real_vdprintf(int fd, const char *fmt, va_list ap);
int __wrap_vsprintf(char *s, const char *fmt, va_list ap);
int __wrap_vsnprintf(char *s, size_t n, const char *fmt, va_list ap);
int __wrap_vprintf(const char *fmt, va_list ap);
int __wrap_vfprintf(FILE *f, const char *fmt, va_list ap);
int __wrap_vdprintf(int fd, const char *fmt, va_list ap);
int __wrap_sprintf(char *s, const char *fmt, ...);
int __wrap_snprintf(char *s, size_t n, const char *fmt, ...);
int __wrap_printf(const char *fmt, ...);
int __wrap_fprintf(FILE *f, const char *fmt, ...);
int __wrap_dprintf(int fd, const char *fmt, ...);

int __wrap_vsprintf(char *s, const char *fmt, va_list ap)
{
    work_wrote(s);
    return __real_vsprintf(s, fmt, ap);
}

int __wrap_vsnprintf(char *s, size_t n, const char *fmt, va_list ap)
{
    if (n > 0)
        work_wrote(s);
    return __real_vsnprintf(s, n, fmt, ap);
}

int __wrap_vprintf(const char *fmt, va_list ap)
{
    work_printed();
    return __real_vprintf(fmt, ap);
}

int __wrap_vfprintf(FILE *f, const char *fmt, va_list ap)
{
    work_printed();
    return __real_vfprintf(f, fmt, ap);
}

int __wrap_vdprintf(int fd, const char *fmt, va_list ap)
{
    work_printed();
    return __real_vdprintf(fd, fmt, ap);
}

/* The variadic ones pass their list on to the real v* function. */
#define VARIADIC(call)                                                         \
    va_list ap;                                                                \
    va_start(ap, fmt);                                                         \
    int r = call;                                                              \
    va_end(ap);                                                                \
    return r;
int __wrap_sprintf(char *s, const char *fmt, ...) { work_wrote(s); VARIADIC(__real_vsprintf(s, fmt, ap)) }
int __wrap_snprintf(char *s, size_t n, const char *fmt, ...)
{
    if (n > 0)
        work_wrote(s);
    VARIADIC(__real_vsnprintf(s, n, fmt, ap))
}
int __wrap_printf(const char *fmt, ...) { work_printed(); VARIADIC(__real_vprintf(fmt, ap)) }
int __wrap_fprintf(FILE *f, const char *fmt, ...) { work_printed(); VARIADIC(__real_vfprintf(f, fmt, ap)) }
int __wrap_dprintf(int fd, const char *fmt, ...) { work_printed(); VARIADIC(__real_vdprintf(fd, fmt, ap)) }

#define WRAP_OUT(ret, name, params, args)                                      \
    REAL ret __real_##name params;                                             \
    ret __wrap_##name params;                                                  \
    ret __wrap_##name params                                                   \
    {                                                                          \
        work_printed();                                                        \
        return __real_##name args;                                             \
    }
WRAP_OUT(int, puts, (const char *s), (s))
WRAP_OUT(int, fputs, (const char *s, FILE *f), (s, f))
WRAP_OUT(int, putchar, (int c), (c))
WRAP_OUT(int, putc, (int c, FILE *f), (c, f))
WRAP_OUT(int, fputc, (int c, FILE *f), (c, f))
WRAP_OUT(size_t, fwrite, (const void *p, size_t size, size_t n, FILE *f), (p, size, n, f))
WRAP_OUT(ssize_t, write, (int fd, const void *p, size_t n), (fd, p, n))

/* Telling another thread or process something is work too (a thread that
 * only signals main, or only wakes a waiter). */
WRAP_OUT(int, pthread_kill, (pthread_t t, int sig), (t, sig))
WRAP_OUT(int, kill, (pid_t pid, int sig), (pid, sig))
WRAP_OUT(int, raise, (int sig), (sig))
WRAP_OUT(int, sigqueue, (pid_t pid, int sig, const union sigval v), (pid, sig, v))
WRAP_OUT(int, sem_post, (sem_t *s), (s))
WRAP_OUT(int, pthread_cond_signal, (pthread_cond_t *c), (c))
WRAP_OUT(int, pthread_cond_broadcast, (pthread_cond_t *c), (c))

/* work_line - the "work <writes> <outputs>" record, for the bye. */
static void work_line(char *out, size_t n)
{
    snprintf(out, n, "work\t%ld\t%ld", __atomic_load_n(&work_writes, __ATOMIC_RELAXED),
             __atomic_load_n(&work_outputs, __ATOMIC_RELAXED));
}
