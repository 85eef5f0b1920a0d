/* concepts/processes (safe): two workers add partial sums into one total.
 *
 * Each worker sums its half of the numbers 1..2N - private work - and its
 * partial sum must end up in `total`.
 * Here the workers are processes made by fork(): each has its own copy of
 * memory, so there is nothing shared to race on. Each child writes its sum
 * into a pipe; only the parent adds to its `total`, and it waits for both
 * children before it checks and exits. */
#include "racekit.h"

#include <sys/wait.h>

static long total; /* the sum of both partial sums */
static int results[2]; /* pipe: children write, the parent reads */

/* Sum of this worker's share of 1..2*per_worker: private work. */
static long partial_sum(int index, int per_worker)
{
    long sum = 0;
    for (long i = 1 + (long)index * per_worker; i <= (long)(index + 1) * per_worker; i++)
        sum += i;
    return sum;
}

static void worker(int index, void *shared)
{
    long partial = partial_sum(index, *(const int *)shared);
    if (write(results[1], &partial, sizeof partial) != sizeof partial)
        _exit(1);
}

int main(void)
{
    int per_worker = racekit_env_int("RACEKIT_ITERS", 1000);
    if (pipe(results) != 0)
        return 1;
    for (int i = 0; i < 2; i++) {
        pid_t pid = fork();
        if (pid < 0)
            return 1;
        if (pid == 0) { /* child: its own copy of all memory */
            worker(i, &per_worker);
            _exit(0);
        }
    }
    close(results[1]);
    long partial;
    while (read(results[0], &partial, sizeof partial) == sizeof partial)
        total += partial;
    while (wait(NULL) > 0) /* reap both children */
        ;
    long n = 2L * per_worker, expected = n * (n + 1) / 2;
    RACEKIT_CHECK(total == expected, "total is %ld, expected %ld", total, expected);
    printf("total = %ld\n", total);
    return 0;
}
