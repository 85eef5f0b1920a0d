/* rt_outputs.c - what each schedule prints, when the harness asks
 * (RACEKIT_SCHED_OUTPUTS): every schedule's stdout goes to one file, which
 * the parent reads after a schedule that passed; each output not seen
 * before becomes an "output" record (explore_proto.h). `racekit exercise`
 * uses it to learn every output the reference solution can print. */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static int out_fd = -1;
static uint64_t seen[RT_MAX_OUTPUTS]; /* a hash of each output kept */
static int n_seen, said_more;
static unsigned char text[RK_SCHED_OUTPUT_MAX];

void rt_outputs_open(void)
{
    if (rt_cfg.outputs <= 0)
        return;
    out_fd = (int)syscall(SYS_memfd_create, "racekit-stdout", 0);
    if (out_fd < 0)
        rt_die("%s", "cannot create the file for the schedules' output");
}

void rt_outputs_child(void)
{
    if (out_fd < 0)
        return;
    if (ftruncate(out_fd, 0) < 0 || dup2(out_fd, STDOUT_FILENO) < 0)
        _exit(RK_SCHED_CONFIG_ERROR);
    lseek(STDOUT_FILENO, 0, SEEK_SET);
}

/* FNV-1a over the bytes kept, with the length written in all: two outputs
 * that differ only past what is kept still differ. */
static uint64_t hash_of(const unsigned char *p, size_t n, uint64_t total)
{
    uint64_t h = 0xcbf29ce484222325u ^ total;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3u;
    return h;
}

void rt_outputs_keep(uint64_t index)
{
    if (out_fd < 0)
        return;
    off_t end = lseek(out_fd, 0, SEEK_END);
    uint64_t total = end > 0 ? (uint64_t)end : 0;
    size_t n = total < sizeof text ? (size_t)total : sizeof text, got = 0;
    while (got < n) {
        ssize_t r = pread(out_fd, text + got, n - got, (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    uint64_t h = hash_of(text, got, total);
    for (int i = 0; i < n_seen; i++)
        if (seen[i] == h)
            return;
    if (n_seen >= rt_cfg.outputs) {
        if (!said_more)
            rt_out_printf("outputs\tmore\n");
        said_more = 1;
        return;
    }
    seen[n_seen++] = h;
    rt_out_printf("output\t%" PRIu64 "\t%" PRIu64 "\t", index, total);
    static const char digits[] = "0123456789abcdef";
    char hex[512];
    for (size_t i = 0; i < got; i += sizeof hex / 2) {
        size_t k = got - i < sizeof hex / 2 ? got - i : sizeof hex / 2;
        for (size_t j = 0; j < k; j++)
            hex[2 * j] = digits[text[i + j] >> 4], hex[2 * j + 1] = digits[text[i + j] & 15];
        rt_out_printf("%.*s", (int)(2 * k), hex);
    }
    rt_out_printf("\n");
}
