/* options_help.c - a command's --help and its one-line synopsis, from its
 * option table (see options.h). */
#include "options.h"
#include "prog.h"
#include "strbuf.h"

#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { WIDTH = 79, HELP_COLUMN = 26 };

/* A space that wrap() prints but never breaks at ("[--runs N]" stays whole). */
#define NBSP "\x01"

/* Print `text` from column `col`, wrapping at spaces so no line passes
 * WIDTH; a continuation starts at column `indent`. An explicit "\n" starts
 * a line; a word longer than a line stays whole. Ends the last line. */
static void wrap(FILE *to, const char *text, int col, int indent)
{
    int at_start = 1;
    for (const char *p = text; *p;) {
        if (*p == '\n') {
            fputc('\n', to);
            if (p[1] && p[1] != '\n')
                fprintf(to, "%*s", indent, "");
            col = indent, at_start = 1, p++;
            continue;
        }
        if (*p == ' ') {
            p++;
            continue;
        }
        int n = (int)strcspn(p, " \n");
        if (!at_start && col + 1 + n > WIDTH) {
            fprintf(to, "\n%*s", indent, "");
            col = indent, at_start = 1;
        }
        if (!at_start)
            fputc(' ', to), col++;
        for (int i = 0; i < n; i++)
            fputc(p[i] == NBSP[0] ? ' ' : p[i], to);
        col += n, at_start = 0, p += n;
    }
    fputc('\n', to);
}

/* "-q, --quiet" or "--runs N": how the option is written. */
static void spelling(const rk_option *o, rk_strbuf *out)
{
    if (o->alias)
        rk_sb_printf(out, "%s, ", o->alias);
    rk_sb_puts(out, o->name);
    if (o->value)
        rk_sb_printf(out, " %s", o->value);
}

static void option_line(FILE *to, const char *spelt, const char *help)
{
    int col = fprintf(to, "  %s", spelt);
    if (col + 2 > HELP_COLUMN) {
        fputc('\n', to);
        col = 0;
    }
    fprintf(to, "%*s", HELP_COLUMN - col, "");
    wrap(to, help, HELP_COLUMN, HELP_COLUMN);
}

void rk_command_help(const rk_command *cmd, FILE *to)
{
    fprintf(to, "usage: %s %s [options]%s%s\n\n", rk_prog(), cmd->name, *cmd->operands ? " " : "",
            cmd->operands);
    /* The summary as a sentence. */
    size_t n = strlen(cmd->summary);
    char *sentence = rk_xasprintf("%c%s%s", toupper((unsigned char)cmd->summary[0]), cmd->summary + 1,
                                  n && cmd->summary[n - 1] == '?' ? "" : ".");
    wrap(to, sentence, 0, 0);
    free(sentence);
    if (cmd->about) {
        fputc('\n', to);
        wrap(to, cmd->about, 0, 0);
    }
    fprintf(to, "\noptions:\n");
    for (const rk_option *o = cmd->options; o->name; o++) {
        rk_strbuf s = RK_STRBUF_INIT;
        spelling(o, &s);
        option_line(to, rk_sb_cstr(&s), o->help);
        rk_sb_free(&s);
    }
    option_line(to, "-h, --help", "print this help and exit");
}

static void synopsis(const rk_command *cmd, int col, int indent, FILE *to)
{
    rk_strbuf s = RK_STRBUF_INIT;
    rk_sb_puts(&s, cmd->name);
    for (const rk_option *o = cmd->options; o->name; o++)
        rk_sb_printf(&s, " %s%s%s%s%s%s%s", o->required ? "" : "[", o->alias ? o->alias : "", o->alias ? "|" : "",
                     o->name, o->value ? NBSP : "", o->value ? o->value : "", o->required ? "" : "]");
    if (*cmd->operands)
        rk_sb_printf(&s, " %s", cmd->operands);
    wrap(to, rk_sb_cstr(&s), col, indent);
    rk_sb_free(&s);
}

void rk_commands_help(const rk_command *const *all, int n, FILE *to)
{
    const char *prog = rk_prog();
    fprintf(to, "usage: %s <command> [options] [operands]\n       %s --version\n\ncommands:\n", prog, prog);
    for (int i = 0; i < n; i++) {
        fprintf(to, "  %-10s", all[i]->name);
        wrap(to, all[i]->summary, 12, 12);
        int col = fprintf(to, "%12s%s ", "", prog);
        synopsis(all[i], col, 14, to);
    }
    fprintf(to, "\n'%s <command> --help' (or '%s help <command>') explains each option of that command.\n", prog,
            prog);
}
