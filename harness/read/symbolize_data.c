/* symbolize_data.c - a place inside a global as C writes it ("forks[1]",
 * "pool.nonempty", "accounts[1].lock"), from the debug information's
 * types (see rk_sym_data_path in symbolize.h; symbolize_data.h). */
#define _GNU_SOURCE
#include "symbolize_data.h"
#include "util/util.h"

#include <inttypes.h>
#include <string.h>

#ifdef RK_HAVE_LIBDW
#include <dwarf.h>

enum { MAX_DEPTH = 8 }; /* nesting followed, and typedefs peeled per level */

/* 1 for a type a library declares, whose inside is no place a student
 * named: pthread's and the semaphore's (their members are glibc's "__"
 * names), C11's threads. */
static int library_type(const char *name)
{
    static const char *const prefixes[] = { "pthread_", "sem_t", "__", "mtx_t", "cnd_t", "once_flag" };
    for (size_t i = 0; name && i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return 0;
}

/* The DIE that `die`'s DW_AT_type names, in *out; 0, or -1 without one. */
static int type_of(Dwarf_Die *die, Dwarf_Die *out)
{
    Dwarf_Attribute attr;
    return dwarf_formref_die(dwarf_attr_integrate(die, DW_AT_type, &attr), out) ? 0 : -1;
}

/* Peel qualifiers and the program's own typedefs off *t. Returns 0, or -1
 * at a library type (nothing inside it to name) or no type. */
static int peel(Dwarf_Die *t)
{
    for (int k = 0; k < MAX_DEPTH; k++) {
        int tag = dwarf_tag(t);
        if (tag == DW_TAG_typedef && library_type(dwarf_diename(t)))
            return -1;
        if (tag != DW_TAG_typedef && tag != DW_TAG_const_type && tag != DW_TAG_volatile_type &&
            tag != DW_TAG_restrict_type && tag != DW_TAG_atomic_type)
            return 0;
        if (type_of(t, t) < 0)
            return -1;
    }
    return -1;
}

/* The number of elements of one array dimension (a DW_TAG_subrange_type):
 * DW_AT_count, else DW_AT_upper_bound + 1; 0 when unknown. */
static uint64_t dimension(Dwarf_Die *sub)
{
    Dwarf_Attribute attr;
    Dwarf_Word v;
    if (dwarf_formudata(dwarf_attr(sub, DW_AT_count, &attr), &v) == 0)
        return v;
    if (dwarf_formudata(dwarf_attr(sub, DW_AT_upper_bound, &attr), &v) == 0)
        return v + 1;
    return 0;
}

/* Into array type *t at byte `into`: "[i]" per dimension appended to out,
 * *t becomes the element type and *into the offset inside the element.
 * Returns 0, or -1 when a size is unknown (nothing appended). */
static int into_array(Dwarf_Die *t, uint64_t *into, rk_strbuf *out)
{
    Dwarf_Die elem, child;
    Dwarf_Word elem_size;
    uint64_t dims[MAX_DEPTH];
    int n = 0;
    if (type_of(t, &elem) < 0 || dwarf_aggregate_size(&elem, &elem_size) != 0 || elem_size == 0)
        return -1;
    if (dwarf_child(t, &child) == 0)
        do
            if (dwarf_tag(&child) == DW_TAG_subrange_type && n < MAX_DEPTH)
                dims[n++] = dimension(&child);
        while (dwarf_siblingof(&child, &child) == 0);
    uint64_t stride = elem_size;
    for (int i = 1; i < n; i++) {
        if (dims[i] == 0)
            return -1;
        stride *= dims[i];
    }
    if (n == 0 || (dims[0] && *into >= stride * dims[0]))
        return -1;
    for (int i = 0; i < n; i++) {
        rk_sb_printf(out, "[%" PRIu64 "]", *into / stride);
        *into %= stride;
        if (i + 1 < n)
            stride /= dims[i + 1];
    }
    *t = elem;
    return 0;
}

/* Into structure type *t at byte `into`: ".member" appended (an unnamed
 * member adds nothing), *t the member's type, *into the offset inside it.
 * Returns 0, or -1 when no member holds it, or it is a bit-field or one of
 * a library's "__" members. */
static int into_struct(Dwarf_Die *t, uint64_t *into, rk_strbuf *out)
{
    Dwarf_Die m, type;
    if (dwarf_child(t, &m) != 0)
        return -1;
    do {
        Dwarf_Attribute attr;
        Dwarf_Word at, size;
        if (dwarf_tag(&m) != DW_TAG_member ||
            dwarf_formudata(dwarf_attr(&m, DW_AT_data_member_location, &attr), &at) != 0 ||
            dwarf_attr(&m, DW_AT_bit_size, &attr) != NULL || type_of(&m, &type) < 0 ||
            dwarf_aggregate_size(&type, &size) != 0 || *into < at || *into >= at + size)
            continue;
        const char *name = dwarf_diename(&m);
        if (name && strncmp(name, "__", 2) == 0)
            return -1;
        if (name)
            rk_sb_printf(out, ".%s", name);
        *into -= at;
        *t = type;
        return 0;
    } while (dwarf_siblingof(&m, &m) == 0);
    return -1;
}

/* The path from variable `var` to byte `into` of it, after its name in out:
 * as deep as the types say; what is left over is "+N". */
static void walk(Dwarf_Die *var, uint64_t into, rk_strbuf *out)
{
    Dwarf_Die t;
    int ok = type_of(var, &t) == 0;
    for (int depth = 0; ok && depth < MAX_DEPTH && peel(&t) == 0; depth++) {
        int tag = dwarf_tag(&t);
        if (tag == DW_TAG_array_type)
            ok = into_array(&t, &into, out) == 0;
        else if (tag == DW_TAG_structure_type)
            ok = into_struct(&t, &into, out) == 0;
        else
            break;
    }
    if (into)
        rk_sb_printf(out, "+%" PRIu64, into);
}

/* 1 when variable DIE `var` lives at file address `addr`. */
static int lives_at(Dwarf_Die *var, Dwarf_Addr addr)
{
    Dwarf_Attribute attr;
    Dwarf_Op *expr;
    size_t len;
    if (dwarf_getlocation(dwarf_attr(var, DW_AT_location, &attr), &expr, &len) != 0 || len < 1)
        return 0;
    if (expr[0].atom == DW_OP_addr)
        return expr[0].number == addr;
    /* DWARF 5 (clang's default): an index into .debug_addr */
    Dwarf_Attribute at;
    Dwarf_Addr a;
    return (expr[0].atom == DW_OP_addrx || expr[0].atom == DW_OP_GNU_addr_index) &&
           dwarf_getlocation_attr(&attr, &expr[0], &at) == 0 && dwarf_formaddr(&at, &a) == 0 && a == addr;
}

char *rk_dwarf_data_path(Dwfl_Module *mod, const char *name, Dwarf_Addr addr, uint64_t into)
{
    Dwarf_Addr bias;
    for (Dwarf_Die *cu = NULL; (cu = dwfl_module_nextcu(mod, cu, &bias)) != NULL;) {
        Dwarf_Die v;
        if (dwarf_child(cu, &v) != 0)
            continue;
        do {
            const char *vn = dwarf_diename(&v);
            if (dwarf_tag(&v) != DW_TAG_variable || vn == NULL || strcmp(vn, name) != 0 ||
                !lives_at(&v, addr - bias))
                continue;
            rk_strbuf out = RK_STRBUF_INIT;
            rk_sb_puts(&out, name);
            walk(&v, into, &out);
            return rk_sb_detach(&out);
        } while (dwarf_siblingof(&v, &v) == 0);
    }
    return NULL;
}

#endif
