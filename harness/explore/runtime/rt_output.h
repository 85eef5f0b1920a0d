/* rt_output.h - what a schedule leaves behind: the outputs each passing
 * schedule prints, and the records on the harness's channel. Part of the
 * runtime's header (rt.h includes it). */
#ifndef RT_OUTPUT_H
#define RT_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

/* ---- rt_outputs.c: what each schedule prints ---------------------------- */

enum { RT_MAX_OUTPUTS = 1024 };

/* rt_outputs_open - with rt_cfg.outputs, the file each schedule's stdout
 * goes to (in the parent, before the first schedule). */
void rt_outputs_open(void);

/* rt_outputs_child - in a schedule's child: stdout onto that file, emptied. */
void rt_outputs_child(void);

/* rt_outputs_keep - in the parent, after schedule `index` passed: when what
 * it printed is new, an "output" record (explore_proto.h). */
void rt_outputs_keep(uint64_t index);

/* ---- rt_records.c: the channel's output ------------------------------ */

/* rt_out_printf - append to the output buffer, flushing it first when
 * nearly full (a line longer than the buffer is cut). */
void rt_out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* rt_out_flush - write the output buffer to the channel (rt_cfg.fd). */
void rt_out_flush(void);

/* rt_write_schedule - the schedule `shm` ran, as a "schedule" record. */
void rt_write_schedule(const rt_shm *shm);

/* rt_write_records - the schedule's steps (trace mode), heap blocks,
 * threads and lock-order cycle in `shm`, as "step", "dropped", "block",
 * "thread" and "cycle" records. */
void rt_write_records(const rt_shm *shm);

/* rt_forward_records - flush the buffer, then copy the records the
 * program's RACEKIT_CHECK wrote during the schedule (the file `memfd`) on
 * to the channel. */
void rt_forward_records(int memfd);

#endif
