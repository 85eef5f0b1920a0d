/* options.c - reading a command line against a command's option table
 * (see options.h); the help it prints is in options_help.c. */
#define _POSIX_C_SOURCE 200809L
#include "options.h"
#include "prog.h"
#include "strbuf.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const rk_command *const *registered;
static int n_registered;

void rk_commands_register(const rk_command *const *all, int n)
{
    registered = all;
    n_registered = n;
}

void rk_opts_start(rk_opts *p, const rk_command *cmd, int argc, char **argv)
{
    memset(p, 0, sizeof *p);
    p->cmd = cmd;
    p->argc = argc;
    p->argv = argv;
    p->next = 1;
}

/* One line "racekit: <command>: <text> (see <prog> <command> --help)". */
static void usage_line(const rk_command *cmd, const char *text)
{
    rk_error("%s: %s (see %s %s --help)", cmd->name, text, rk_prog(), cmd->name);
}

static int stop_with(rk_opts *p, const char *text)
{
    usage_line(p->cmd, text);
    p->status = RK_EXIT_USAGE;
    return RK_OPT_STOP;
}

/* 1 when `word` (up to `len` bytes) is `name`. */
static int same(const char *name, const char *word, size_t len)
{
    return name && strlen(name) == len && strncmp(name, word, len) == 0;
}

static int find(const rk_option *opts, const char *word, size_t len)
{
    for (int i = 0; opts[i].name; i++)
        if (same(opts[i].name, word, len) || same(opts[i].alias, word, len))
            return i;
    return -1;
}

/* "check and lint": the other registered commands that take `word`, or
 * an empty text. */
static void owners(const rk_command *self, const char *word, size_t len, rk_strbuf *out)
{
    int found = 0;
    for (int i = 0; i < n_registered; i++)
        if (registered[i] != self && find(registered[i]->options, word, len) >= 0)
            found++;
    for (int i = 0, k = 0; i < n_registered; i++)
        if (registered[i] != self && find(registered[i]->options, word, len) >= 0) {
            k++;
            rk_sb_printf(out, "%s%s", k == 1 ? "" : k == found ? " and " : ", ", registered[i]->name);
        }
}

static int unknown_option(rk_opts *p, const char *word, size_t len)
{
    rk_strbuf who = RK_STRBUF_INIT, text = RK_STRBUF_INIT;
    owners(p->cmd, word, len, &who);
    if (who.len)
        rk_sb_printf(&text, "'%.*s' is an option of %s, not of %s", (int)len, word, rk_sb_cstr(&who), p->cmd->name);
    else
        rk_sb_printf(&text, "unknown option '%.*s'", (int)len, word);
    int rc = stop_with(p, rk_sb_cstr(&text));
    rk_sb_free(&who);
    rk_sb_free(&text);
    return rc;
}

/* The option `word` at argv[p->at]: its index, its value taken from
 * "=value" or the next word. */
static int option(rk_opts *p, const char *word)
{
    const char *eq = strncmp(word, "--", 2) == 0 ? strchr(word, '=') : NULL;
    size_t len = eq ? (size_t)(eq - word) : strlen(word);
    int k = find(p->cmd->options, word, len);
    const char *attached = NULL;
    if (k < 0 && word[0] == '-' && word[1] != '-' && word[1] != '\0' && word[2] != '\0') {
        /* "-j2": a one-letter alias with its value attached, as getopt takes it */
        int s = find(p->cmd->options, word, 2);
        if (s >= 0 && p->cmd->options[s].value)
            k = s, len = 2, attached = word + 2;
    }
    if (k < 0)
        return unknown_option(p, word, len);
    const rk_option *o = &p->cmd->options[k];
    snprintf(p->given, sizeof p->given, "%.*s", (int)len, word);
    const char *given = p->given;
    p->value = NULL;
    char text[160];
    if (o->value == NULL && eq) {
        snprintf(text, sizeof text, "%s takes no value (got '%.60s')", given, word);
        return stop_with(p, text);
    }
    if (o->value && (eq || attached)) {
        p->value = eq ? eq + 1 : attached;
    } else if (o->value) {
        /* A following option is not taken as the value: "--runs --quiet"
         * is a --runs without its number. */
        const char *v = p->next < p->argc ? p->argv[p->next] : NULL;
        if (v == NULL || (strncmp(v, "--", 2) == 0 && v[2] != '\0')) {
            snprintf(text, sizeof text, "%s needs a value (%s)", given, o->value);
            return stop_with(p, text);
        }
        p->value = v;
        p->next++;
    }
    p->seen |= (uint64_t)1 << k;
    return k;
}

/* At the end: were there as many operands as the command takes, and
 * every option it needs? */
static int check_end(rk_opts *p)
{
    char text[256];
    if (p->operands < p->cmd->min_operands) {
        snprintf(text, sizeof text, "expected %s, got %d operand%s", p->cmd->operands, p->operands,
                 p->operands == 1 ? "" : "s");
        return stop_with(p, text);
    }
    for (int i = 0; p->cmd->options[i].name; i++)
        if (p->cmd->options[i].required && !(p->seen >> i & 1)) {
            const rk_option *o = &p->cmd->options[i];
            snprintf(text, sizeof text, "%s%s%s is required", o->name, o->value ? " " : "", o->value ? o->value : "");
            return stop_with(p, text);
        }
    return RK_OPT_END;
}

int rk_opts_next(rk_opts *p)
{
    if (p->next >= p->argc)
        return check_end(p);
    p->at = p->next++;
    const char *word = p->argv[p->at];
    if (!p->after_dashdash && strcmp(word, "--") == 0) {
        p->after_dashdash = 1;
        return rk_opts_next(p);
    }
    if (!p->after_dashdash && (strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0)) {
        rk_command_help(p->cmd, stdout);
        p->status = fflush(stdout) == 0 ? RK_EXIT_PASS : RK_EXIT_USAGE;
        return RK_OPT_STOP;
    }
    if (!p->after_dashdash && word[0] == '-' && word[1] != '\0')
        return option(p, word);
    if (p->cmd->max_operands >= 0 && p->operands >= p->cmd->max_operands) {
        char text[256];
        snprintf(text, sizeof text, "unexpected operand '%.80s' (it takes %s)", word,
                 *p->cmd->operands ? p->cmd->operands : "none");
        return stop_with(p, text);
    }
    p->operands++;
    p->value = word;
    return RK_OPT_OPERAND;
}

int rk_opts_operands(const rk_command *cmd, int argc, char **argv, const char **out)
{
    rk_opts p;
    rk_opts_start(&p, cmd, argc, argv);
    for (int i = 0; i < cmd->max_operands; i++)
        out[i] = NULL;
    for (int k; (k = rk_opts_next(&p)) != RK_OPT_END;) {
        if (k != RK_OPT_OPERAND)
            return p.status;
        out[p.operands - 1] = p.value;
    }
    return RK_OPTS_GO_ON;
}

int rk_opt_fail(rk_opts *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char text[512];
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    rk_error("%s: %s: %s", p->cmd->name, p->given, text);
    p->status = RK_EXIT_USAGE;
    return -1;
}

int rk_opt_number(rk_opts *p, uint64_t lo, uint64_t hi, uint64_t *out)
{
    const char *v = p->value ? p->value : "";
    char *end;
    errno = 0;
    unsigned long long n = (*v >= '0' && *v <= '9') ? strtoull(v, &end, 10) : 0;
    if (!(*v >= '0' && *v <= '9') || *end != '\0' || errno || n < lo || n > hi)
        return rk_opt_fail(p, "expected a whole number from %llu to %llu, got '%s'", (unsigned long long)lo,
                           (unsigned long long)hi, v);
    *out = n;
    return 0;
}

int rk_opt_choice(rk_opts *p, const char *const *choices)
{
    rk_strbuf known = RK_STRBUF_INIT;
    for (int i = 0; choices[i]; i++) {
        if (p->value && strcmp(p->value, choices[i]) == 0) {
            rk_sb_free(&known);
            return i;
        }
        rk_sb_printf(&known, "%s%s", i ? ", " : "", choices[i]);
    }
    rk_opt_fail(p, "expected one of %s, got '%s'", rk_sb_cstr(&known), p->value ? p->value : "");
    rk_sb_free(&known);
    return -1;
}

int rk_usage_fail(const rk_command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char text[512];
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    usage_line(cmd, text);
    return RK_EXIT_USAGE;
}
