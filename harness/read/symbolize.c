/* symbolize.c - libdw behind symbolize.h: one offline Dwfl per module. */
#define _GNU_SOURCE
#include "symbolize.h"
#include "symbolize_data.h"
#include "util/util.h"

#include <inttypes.h>

#include <stdlib.h>
#include <string.h>

#ifdef RK_HAVE_LIBDW
#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <sys/stat.h>

enum { MAX_MODULES = 32, MAX_MEMO = 256, MEMO_FRAMES = 8 };

struct module {
    char *path;
    Dwfl *dwfl;        /* NULL: the file could not be read */
    Dwfl_Module *mod;
    Dwarf_Addr bias;   /* address in the Dwfl = file address + bias */
};

/* A pc resolved before: a report names the same few pcs many times (each
 * stack in the records and again in the text), and libdw's symbol-table
 * lookup, for the runtime's frames that have no DWARF, scans every
 * symbol. */
struct memo {
    const struct module *module;
    uint64_t offset;
    rk_sym_frame frames[MEMO_FRAMES];
    int n;
};

struct rk_symbolizer {
    struct module modules[MAX_MODULES];
    int n;
    struct memo memo[MAX_MEMO];
    int n_memo;
};

/* Debug information of the system's libraries (libc6-dbg's compressed
 * files) takes most of a run's time to inflate, for frames TSan cuts below
 * main or that name a library function anyway: their symbol tables do. */
static int find_debuginfo(Dwfl_Module *mod, void **user, const char *name, Dwarf_Addr base,
                          const char *file, const char *debuglink, GElf_Word crc, char **debuginfo)
{
    static const char *const system[] = { "/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/" };
    for (size_t i = 0; i < sizeof system / sizeof system[0]; i++)
        if (file && strncmp(file, system[i], strlen(system[i])) == 0)
            return -1;
    return dwfl_standard_find_debuginfo(mod, user, name, base, file, debuglink, crc, debuginfo);
}

static const Dwfl_Callbacks callbacks = {
    .find_elf = dwfl_build_id_find_elf,
    .find_debuginfo = find_debuginfo,
    .section_address = dwfl_offline_section_address,
};

int rk_sym_available(void) { return 1; }

rk_symbolizer *rk_sym_new(void) { return rk_xcalloc(1, sizeof(rk_symbolizer)); }

void rk_sym_free(rk_symbolizer *s)
{
    if (s == NULL)
        return;
    for (int i = 0; i < s->n; i++) {
        if (s->modules[i].dwfl)
            dwfl_end(s->modules[i].dwfl);
        free(s->modules[i].path);
    }
    for (int i = 0; i < s->n_memo; i++)
        rk_sym_frames_free(s->memo[i].frames, s->memo[i].n);
    free(s);
}

/* The module for `path`, opened on first use; NULL when it cannot be read
 * (not a regular file, not ELF) or too many modules are open. */
static struct module *module_of(rk_symbolizer *s, const char *path)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->modules[i].path, path) == 0)
            return s->modules[i].dwfl ? &s->modules[i] : NULL;
    if (s->n == MAX_MODULES)
        return NULL;
    struct module *m = &s->modules[s->n++];
    memset(m, 0, sizeof *m);
    m->path = rk_xstrdup(path);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return NULL;
    Dwfl *d = dwfl_begin(&callbacks);
    Dwfl_Module *mod = d ? dwfl_report_offline(d, path, path, -1) : NULL;
    if (mod == NULL || dwfl_report_end(d, NULL, NULL) != 0 || dwfl_module_getelf(mod, &m->bias) == NULL) {
        if (d)
            dwfl_end(d);
        return NULL;
    }
    m->dwfl = d;
    m->mod = mod;
    return m;
}

/* A DIE's name, following DW_AT_abstract_origin (inlined copies) and
 * DW_AT_specification; NULL when it has none. */
static const char *die_name(Dwarf_Die *die)
{
    Dwarf_Attribute attr;
    return dwarf_formstring(dwarf_attr_integrate(die, DW_AT_name, &attr));
}

static int die_number(Dwarf_Die *die, int name)
{
    Dwarf_Attribute attr;
    Dwarf_Word v = 0;
    if (dwarf_formudata(dwarf_attr(die, (unsigned)name, &attr), &v) != 0)
        return 0;
    return v > 1000000000u ? 0 : (int)v;
}

/* The file an inlined call was made from (DW_AT_call_file, an index into
 * the compile unit's file table), or "". */
static const char *call_file(Dwarf_Die *cu, Dwarf_Die *die)
{
    Dwarf_Attribute attr;
    Dwarf_Word index;
    Dwarf_Files *files;
    size_t n;
    if (dwarf_formudata(dwarf_attr(die, DW_AT_call_file, &attr), &index) != 0 ||
        dwarf_getsrcfiles(cu, &files, &n) != 0 || index >= n)
        return "";
    const char *f = dwarf_filesrc(files, index, NULL, NULL);
    return f ? f : "";
}

/* `file` as a path a student can open: a relative one is relative to the
 * unit's compile directory. */
static char *full_path(Dwarf_Die *cu, const char *file)
{
    Dwarf_Attribute attr;
    const char *dir = cu ? dwarf_formstring(dwarf_attr(cu, DW_AT_comp_dir, &attr)) : NULL;
    if (file == NULL || *file == '\0')
        return rk_xstrdup("");
    if (*file == '/' || dir == NULL || *dir == '\0')
        return rk_xstrdup(file);
    return rk_xasprintf("%s/%s", dir, file);
}

/* A frame; the runtime's interceptors are named as TSan names them
 * ("pthread_create", not "__interceptor_pthread_create" as in clang 14's
 * runtime or "___interceptor_pthread_create" as in clang 19's). */
static void put_frame(rk_sym_frame *f, Dwarf_Die *cu, const char *function, const char *file, int line,
                      int column)
{
    static const char interceptor[] = "__interceptor_";
    if (function && *function == '_' && strncmp(function + 1, interceptor, sizeof interceptor - 1) == 0)
        function++;
    if (function && strncmp(function, interceptor, sizeof interceptor - 1) == 0 && function[sizeof interceptor - 1])
        function += sizeof interceptor - 1;
    f->function = rk_xstrdup(function ? function : "");
    f->file = full_path(cu, file);
    f->line = *f->file ? line : 0;
    f->column = f->line ? column : 0;
}

/* The compile unit that holds `addr`. clang writes no .debug_aranges, which
 * dwfl_module_addrdie relies on: then ask each unit for its ranges. */
static Dwarf_Die *unit_of(struct module *m, Dwarf_Addr addr, Dwarf_Addr *bias)
{
    Dwarf_Die *cu = dwfl_module_addrdie(m->mod, addr, bias);
    for (Dwarf_Die *c = NULL; cu == NULL && (c = dwfl_module_nextcu(m->mod, c, bias)) != NULL;)
        if (dwarf_haspc(c, addr - *bias) > 0)
            cu = c;
    return cu;
}

/* The scopes around `addr` as they nest in the code: dwarf_getscopes
 * follows an inlined function to its abstract definition, so take its
 * innermost scope and ask for that DIE's physical parents, which pass
 * through each inlined copy to the function it was inlined into. */
static int code_scopes(Dwarf_Die *cu, Dwarf_Addr addr, Dwarf_Die **scopes)
{
    Dwarf_Die *first = NULL, innermost;
    int n = dwarf_getscopes(cu, addr, &first);
    if (n <= 0) {
        free(first);
        return 0;
    }
    innermost = first[0];
    free(first);
    n = dwarf_getscopes_die(&innermost, scopes);
    return n > 0 ? n : 0;
}

static void copy_frames(rk_sym_frame *to, const rk_sym_frame *from, int n)
{
    for (int i = 0; i < n; i++) {
        to[i] = from[i];
        to[i].function = rk_xstrdup(from[i].function);
        to[i].file = rk_xstrdup(from[i].file);
    }
}

static int resolve(struct module *m, uint64_t offset, rk_sym_frame *out, int max);

int rk_sym_code(rk_symbolizer *s, const char *module, uint64_t offset, rk_sym_frame *out, int max)
{
    struct module *m = module_of(s, module);
    if (m == NULL || max <= 0)
        return 0;
    for (int i = 0; i < s->n_memo; i++)
        if (s->memo[i].module == m && s->memo[i].offset == offset) {
            int n = s->memo[i].n < max ? s->memo[i].n : max;
            copy_frames(out, s->memo[i].frames, n);
            return n;
        }
    int n = resolve(m, offset, out, max);
    if (s->n_memo < MAX_MEMO && max >= MEMO_FRAMES) { /* a cut list is no answer for a longer one */
        struct memo *e = &s->memo[s->n_memo++];
        e->module = m;
        e->offset = offset;
        e->n = n < MEMO_FRAMES ? n : MEMO_FRAMES;
        copy_frames(e->frames, out, e->n);
    }
    return n;
}

/* The frames of `offset` in `m`, from libdw. */
static int resolve(struct module *m, uint64_t offset, rk_sym_frame *out, int max)
{
    Dwarf_Addr addr = offset + m->bias;

    Dwarf_Addr cu_bias = 0;
    Dwarf_Die *cu = unit_of(m, addr, &cu_bias);
    /* The innermost location comes from the line table. */
    const char *file = NULL;
    int line = 0, column = 0;
    Dwarf_Line *ln = cu ? dwarf_getsrc_die(cu, addr - cu_bias) : NULL;
    if (ln) {
        file = dwarf_linesrc(ln, NULL, NULL);
        dwarf_lineno(ln, &line);
        dwarf_linecol(ln, &column);
    }

    int n = 0;
    Dwarf_Die *scopes = NULL;
    int ns = cu ? code_scopes(cu, addr - cu_bias, &scopes) : 0;
    /* From the innermost scope out: each inlined copy is a frame at the
     * current location, and its call site is where its caller stands. */
    for (int i = 0; i < ns && n < max; i++) {
        int tag = dwarf_tag(&scopes[i]);
        if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_subprogram)
            continue;
        put_frame(&out[n++], cu, die_name(&scopes[i]), file, line, column);
        if (tag == DW_TAG_subprogram)
            break;
        file = call_file(cu, &scopes[i]);
        line = die_number(&scopes[i], DW_AT_call_line);
        column = die_number(&scopes[i], DW_AT_call_column);
    }
    free(scopes);
    if (n == 0) { /* no debug information here: the symbol table's name */
        const char *name = dwfl_module_addrname(m->mod, addr);
        if (name == NULL && file == NULL)
            return 0;
        put_frame(&out[n++], cu, name, file, line, column);
    }
    return n;
}

char *rk_sym_data(rk_symbolizer *s, const char *module, uint64_t offset, uint64_t *size, uint64_t *into)
{
    struct module *m = module_of(s, module);
    if (m == NULL)
        return NULL;
    GElf_Sym sym;
    GElf_Off off;
    const char *name = dwfl_module_addrinfo(m->mod, offset + m->bias, &off, &sym, NULL, NULL, NULL);
    if (name == NULL || GELF_ST_TYPE(sym.st_info) != STT_OBJECT)
        return NULL;
    *size = sym.st_size;
    *into = off;
    return rk_xstrdup(name);
}

char *rk_sym_data_path(rk_symbolizer *s, const char *module, uint64_t offset)
{
    struct module *m = module_of(s, module);
    if (m == NULL)
        return NULL;
    GElf_Sym sym;
    GElf_Off off;
    const char *name = dwfl_module_addrinfo(m->mod, offset + m->bias, &off, &sym, NULL, NULL, NULL);
    if (name == NULL || GELF_ST_TYPE(sym.st_info) != STT_OBJECT || off >= (sym.st_size ? sym.st_size : 1))
        return NULL;
    char *path = rk_dwarf_data_path(m->mod, name, offset + m->bias - off, off);
    return path ? path : off ? rk_xasprintf("%s+%" PRIu64, name, (uint64_t)off) : rk_xstrdup(name);
}

char *rk_sym_data_named(rk_symbolizer *s, const char *module, const char *symbol, uint64_t into)
{
    struct module *m = module_of(s, module);
    int n = m ? dwfl_module_getsymtab(m->mod) : -1;
    for (int i = 0; i < n; i++) {
        GElf_Sym sym;
        GElf_Addr addr;
        const char *name = dwfl_module_getsym_info(m->mod, i, &sym, &addr, NULL, NULL, NULL);
        if (name && GELF_ST_TYPE(sym.st_info) == STT_OBJECT && strcmp(name, symbol) == 0 &&
            into < (sym.st_size ? sym.st_size : 1))
            return rk_dwarf_data_path(m->mod, name, addr, into);
    }
    return NULL;
}

const char *rk_sym_module_named(rk_symbolizer *s, const char *base)
{
    for (int i = 0; i < s->n; i++)
        if (s->modules[i].dwfl && strcmp(rk_basename(s->modules[i].path), base) == 0)
            return s->modules[i].path;
    return NULL;
}

#else /* built without libdw: TSan symbolizes itself */

int rk_sym_available(void) { return 0; }
rk_symbolizer *rk_sym_new(void) { return NULL; }
void rk_sym_free(rk_symbolizer *s) { (void)s; }

int rk_sym_code(rk_symbolizer *s, const char *module, uint64_t offset, rk_sym_frame *out, int max)
{
    (void)s, (void)module, (void)offset, (void)out, (void)max;
    return 0;
}

char *rk_sym_data(rk_symbolizer *s, const char *module, uint64_t offset, uint64_t *size, uint64_t *into)
{
    (void)s, (void)module, (void)offset, (void)size, (void)into;
    return NULL;
}

char *rk_sym_data_path(rk_symbolizer *s, const char *module, uint64_t offset)
{
    (void)s, (void)module, (void)offset;
    return NULL;
}

char *rk_sym_data_named(rk_symbolizer *s, const char *module, const char *symbol, uint64_t into)
{
    (void)s, (void)module, (void)symbol, (void)into;
    return NULL;
}

const char *rk_sym_module_named(rk_symbolizer *s, const char *base)
{
    (void)s, (void)base;
    return NULL;
}

#endif

void rk_sym_frames_free(rk_sym_frame *frames, int n)
{
    for (int i = 0; i < n; i++) {
        free(frames[i].function);
        free(frames[i].file);
    }
}
