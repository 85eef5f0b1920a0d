/* rt_records.c - the channel's output: a buffer written to the channel
 * (rt_cfg.fd) and the records of one schedule - its schedule string, its
 * steps, heap blocks, threads and lock-order cycle from the shared
 * mapping, and what the
 * program's RACEKIT_CHECK wrote (explore_proto.h; see rt.h). */
#define _GNU_SOURCE
#include "rt.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char out_buf[1 << 16];
static size_t out_len;

void rt_out_flush(void)
{
    size_t done = 0;
    while (done < out_len) {
        ssize_t n = write(rt_cfg.fd, out_buf + done, out_len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    out_len = 0;
}

void rt_out_printf(const char *fmt, ...)
{
    va_list ap;
    if (out_len > sizeof out_buf - 1024)
        rt_out_flush();
    va_start(ap, fmt);
    int n = vsnprintf(out_buf + out_len, sizeof out_buf - out_len, fmt, ap);
    va_end(ap);
    if (n > 0)
        out_len += (size_t)n < sizeof out_buf - out_len ? (size_t)n : sizeof out_buf - out_len - 1;
}

void rt_write_schedule(const rt_shm *shm)
{
    char buf[8192];
    rt_out_printf("schedule\t");
    for (uint64_t i = 0; i < shm->n_runs; i += 256) {
        size_t n = shm->n_runs - i < 256 ? (size_t)(shm->n_runs - i) : 256;
        rk_sched_format(&shm->runs[i], n, buf, sizeof buf);
        rt_out_printf("%s%s", i ? "," : "", buf);
    }
    rt_out_printf("\n");
}

void rt_write_records(const rt_shm *shm)
{
    for (uint64_t i = 0; i < shm->n_trace; i++) {
        const rt_step_rec *r = &shm->trace[i];
        rt_out_printf("step\t%u\t%u\t%" PRIx64 "\t%c\t%u\t%" PRIx64 "\t%u\t%u\t%" PRIx64 "\t%c\t%u\t%" PRIx64 "\n",
                      r->thread, r->op, r->pc, r->kind, r->block, r->addr, r->size, r->count, r->span,
                      r->obj_kind, r->obj_block, r->obj);
    }
    if (shm->trace_dropped)
        rt_out_printf("dropped\t%" PRIu64 "\n", shm->trace_dropped);
    for (uint32_t b = 1; b < shm->n_blocks && b < RT_MAX_BLOCKS; b++)
        rt_out_printf("block\t%u\t%" PRIx64 "\t%" PRIu64 "\n", b, shm->blocks[b].pc, shm->blocks[b].size);
    for (uint32_t i = 0; i < shm->n_thread_recs; i++) {
        const rt_thread_rec *r = &shm->threads[i];
        static const char *const states[] = { "enabled", "blocked", "finished", "running" };
        rt_out_printf("thread\t%u\t%s\t%u\t%" PRIx64 "\t%c\t%u\t%" PRIx64 "\t%d\t%" PRIx64 "\t%" PRIx64
                      "\t%c\t%u\t%" PRIx64 "\n",
                      r->id, r->state < 4 ? states[r->state] : "finished", r->op, r->pc,
                      r->kind, r->block, r->addr, r->holder, r->holder_pc, r->created_pc, r->obj_kind,
                      r->obj_block, r->obj);
    }
    for (uint32_t i = 0; i < shm->n_cycle && i < RT_CYCLE_EDGES; i++) {
        const rt_edge_rec *e = &shm->cycle[i];
        rt_out_printf("cycle\t%u\t%u\t%c\t%u\t%" PRIx64 "\t%" PRIx64 "\t%c\t%u\t%" PRIx64 "\t%" PRIx64 "\n",
                      shm->cycle_len, e->thread, e->from_kind, e->from_block, e->from, e->from_pc, e->to_kind,
                      e->to_block, e->to, e->to_pc);
    }
}

/* The records the program's RACEKIT_CHECK wrote during the schedule. */
void rt_forward_records(int memfd)
{
    char buf[4096];
    off_t at = 0;
    ssize_t n;
    rt_out_flush();
    while ((n = pread(memfd, buf, sizeof buf, at)) > 0) {
        memcpy(out_buf, buf, (size_t)n);
        out_len = (size_t)n;
        rt_out_flush();
        at += n;
    }
}
