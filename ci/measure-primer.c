/* measure-primer.c - the measurements behind docs/concepts.md.
 *
 * The threading primer makes three claims about speed; this program measures
 * them on the machine it runs on and prints Markdown tables:
 *   a) I/O-bound work: threads overlap their waiting, so four waits on four
 *      threads take about as long as one wait, not four (and so does one
 *      thread with a poll() loop);
 *   b) CPU-bound work: C threads run on several cores at once, so two threads
 *      do independent work about twice as fast as one - unless one global lock
 *      is held around each work item, the way CPython's GIL is held while
 *      Python code runs; processes scale like threads;
 *   c) false sharing: two threads that each increment their OWN counter
 *      (atomically) slow each other down when the two counters share a
 *      64-byte cache line.
 * Every time is the median of REPS runs, the variants of one measurement
 * taken in turn. Build and run it with
 * ci/measure-primer.sh. This is not a racekit case: it has no data race, and
 * the waits in (a) are allowed to sleep - they stand for a slow device. */
#define _POSIX_C_SOURCE 200809L

#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { REPS = 7 }; /* repetitions of every measurement; odd, for the median */

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* CPU time used so far by this process, its threads and its waited-for
 * children, in seconds. */
static double cpu_s(void)
{
    struct rusage self, children;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    return (double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec
                    + children.ru_utime.tv_sec + children.ru_stime.tv_sec)
         + (double)(self.ru_utime.tv_usec + self.ru_stime.tv_usec
                    + children.ru_utime.tv_usec + children.ru_stime.tv_usec) / 1e6;
}

/* One thing to time: trial(arg) is run REPS times. */
struct trial {
    void (*trial)(void *);
    void *arg;
    double median; /* out: median wall-clock time in seconds */
    double busy;   /* out: median of CPU time / wall time: cores kept busy */
};

/* Time every trial REPS times, taking the trials in turn (1, 2, 3, 1, 2, 3,
 * ...) so that a change in background load hits all of them alike, and store
 * each trial's median. */
static void time_trials(struct trial *trials, int n)
{
    enum { MAX_TRIALS = 8 };
    double t[MAX_TRIALS][REPS], busy[MAX_TRIALS][REPS];
    if (n > MAX_TRIALS)
        abort();
    for (int r = 0; r < REPS; r++) {
        for (int i = 0; i < n; i++) {
            double start = now_s(), cpu_start = cpu_s();
            trials[i].trial(trials[i].arg);
            t[i][r] = now_s() - start;
            busy[i][r] = (cpu_s() - cpu_start) / t[i][r];
        }
    }
    for (int i = 0; i < n; i++) {
        qsort(t[i], REPS, sizeof t[i][0], compare_doubles);
        qsort(busy[i], REPS, sizeof busy[i][0], compare_doubles);
        trials[i].median = t[i][REPS / 2];
        trials[i].busy = busy[i][REPS / 2];
    }
}

static void start_thread(pthread_t *t, void *(*fn)(void *), void *arg)
{
    int err = pthread_create(t, NULL, fn, arg);
    if (err != 0) {
        fprintf(stderr, "pthread_create: %s\n", strerror(err));
        exit(1);
    }
}

/* ---- a) I/O-bound: waiting for a slow device ---------------------------- */

/* A "device" answers each one-byte request on a pipe after DELAY_MS, like a
 * disk or a server would. Each device is served by its own thread, so four
 * devices can be busy at once; the question is whether the CLIENT can wait
 * for all four at once. */
enum { DEVICES = 4, DELAY_MS = 50 };

struct device {
    int request[2]; /* client writes [1], device reads [0] */
    int reply[2];   /* device writes [1], client reads [0] */
    pthread_t thread;
};

static struct device devices[DEVICES];

static void *device_main(void *p)
{
    struct device *d = p;
    char c;
    const struct timespec delay = { 0, DELAY_MS * 1000000L };
    while (read(d->request[0], &c, 1) == 1) {
        nanosleep(&delay, NULL); /* the device is slow */
        if (write(d->reply[1], &c, 1) != 1)
            die("device write");
    }
    return NULL;
}

static void send_request(struct device *d)
{
    char c = '?';
    if (write(d->request[1], &c, 1) != 1)
        die("request write");
}

static void wait_reply(struct device *d)
{
    char c;
    if (read(d->reply[0], &c, 1) != 1) /* blocks: the thread waits */
        die("reply read");
}

/* One thread asks the four devices one after another. */
static void io_one_thread(void *unused)
{
    (void)unused;
    for (int i = 0; i < DEVICES; i++) {
        send_request(&devices[i]);
        wait_reply(&devices[i]);
    }
}

static void *io_client(void *p)
{
    send_request(p);
    wait_reply(p);
    return NULL;
}

/* Four threads, each asking one device: the four waits overlap. */
static void io_four_threads(void *unused)
{
    (void)unused;
    pthread_t t[DEVICES];
    for (int i = 0; i < DEVICES; i++)
        start_thread(&t[i], io_client, &devices[i]);
    for (int i = 0; i < DEVICES; i++)
        pthread_join(t[i], NULL);
}

/* One thread, an event loop: send all four requests, then poll() the four
 * reply pipes and handle each answer as it arrives. */
static void io_poll_loop(void *unused)
{
    (void)unused;
    struct pollfd fds[DEVICES];
    for (int i = 0; i < DEVICES; i++) {
        send_request(&devices[i]);
        fds[i] = (struct pollfd){ .fd = devices[i].reply[0], .events = POLLIN };
    }
    for (int pending = DEVICES; pending > 0;) {
        if (poll(fds, DEVICES, -1) < 0)
            die("poll");
        for (int i = 0; i < DEVICES; i++) {
            if (fds[i].revents & POLLIN) {
                wait_reply(&devices[i]); /* ready: does not block */
                fds[i].fd = -1;           /* poll() ignores it from now on */
                pending--;
            }
        }
    }
}

static void measure_io(void)
{
    for (int i = 0; i < DEVICES; i++) {
        if (pipe(devices[i].request) != 0 || pipe(devices[i].reply) != 0)
            die("pipe");
        start_thread(&devices[i].thread, device_main, &devices[i]);
    }
    struct trial t[] = {
        { io_one_thread, NULL, 0, 0 },
        { io_four_threads, NULL, 0, 0 },
        { io_poll_loop, NULL, 0, 0 },
    };
    time_trials(t, 3);
    printf("### I/O-bound: %d waits of %d ms\n\n", DEVICES, DELAY_MS);
    printf("| how | time (ms) | in units of one wait | cores busy |\n"
           "|---|---:|---:|---:|\n");
    const char *how[] = { "1 thread, one request after another",
                          "4 threads, one request each",
                          "1 thread, poll() loop over all requests" };
    for (int i = 0; i < 3; i++)
        printf("| %s | %.1f | %.2f | %.2f |\n", how[i], t[i].median * 1e3,
               t[i].median * 1e3 / DELAY_MS, t[i].busy);
    printf("\n");

    for (int i = 0; i < DEVICES; i++) { /* end the device threads */
        close(devices[i].request[1]);
        pthread_join(devices[i].thread, NULL);
        close(devices[i].request[0]);
        close(devices[i].reply[0]);
        close(devices[i].reply[1]);
    }
}

/* ---- b) CPU-bound: independent work items -------------------------------- */

/* ITEMS work items; item k adds up the Collatz step counts of PER_ITEM
 * numbers. Pure computation on private variables: nothing is shared but the
 * item's own slot in `results`. */
enum { ITEMS = 64, PER_ITEM = 12500, MAX_WORKERS = 8 };

static long results[ITEMS];
static long expected_total;
static pthread_mutex_t global_lock = PTHREAD_MUTEX_INITIALIZER;

struct cpu_job {
    int workers;
    int use_global_lock; /* hold global_lock around each work item */
};

struct cpu_worker {
    const struct cpu_job *job;
    int index;
};

static long collatz_steps(long n)
{
    long steps = 0;
    for (; n != 1; steps++)
        n = (n % 2 == 0) ? n / 2 : 3 * n + 1;
    return steps;
}

static long work_item(int k)
{
    long sum = 0;
    for (long n = (long)k * PER_ITEM + 1; n <= (long)(k + 1) * PER_ITEM; n++)
        sum += collatz_steps(n);
    return sum;
}

/* Worker i does items i, i + workers, i + 2 * workers, ... */
static void *cpu_worker_main(void *p)
{
    const struct cpu_worker *w = p;
    for (int k = w->index; k < ITEMS; k += w->job->workers) {
        if (w->job->use_global_lock)
            pthread_mutex_lock(&global_lock);
        results[k] = work_item(k);
        if (w->job->use_global_lock)
            pthread_mutex_unlock(&global_lock);
    }
    return NULL;
}

static long sum_results(void)
{
    long total = 0;
    for (int k = 0; k < ITEMS; k++)
        total += results[k];
    return total;
}

static void check_total(long total)
{
    if (expected_total == 0)
        expected_total = total;
    else if (total != expected_total) {
        fprintf(stderr, "wrong total %ld, expected %ld\n", total, expected_total);
        exit(1);
    }
}

static void cpu_threads(void *p)
{
    const struct cpu_job *job = p;
    pthread_t t[MAX_WORKERS];
    struct cpu_worker w[MAX_WORKERS];
    memset(results, 0, sizeof results);
    for (int i = 0; i < job->workers; i++) {
        w[i] = (struct cpu_worker){ job, i };
        start_thread(&t[i], cpu_worker_main, &w[i]);
    }
    for (int i = 0; i < job->workers; i++)
        pthread_join(t[i], NULL);
    check_total(sum_results());
}

/* The same work in `workers` processes made by fork(): each child has its
 * own copy of memory, adds up its items and sends the sum over a pipe. */
static void cpu_processes(void *p)
{
    const struct cpu_job *job = p;
    int sums[2];
    if (pipe(sums) != 0)
        die("pipe");
    for (int i = 0; i < job->workers; i++) {
        pid_t pid = fork();
        if (pid < 0)
            die("fork");
        if (pid == 0) {
            long partial = 0;
            for (int k = i; k < ITEMS; k += job->workers)
                partial += work_item(k);
            _exit(write(sums[1], &partial, sizeof partial) == sizeof partial ? 0 : 1);
        }
    }
    long total = 0;
    for (int i = 0; i < job->workers; i++) {
        long partial;
        if (read(sums[0], &partial, sizeof partial) != sizeof partial)
            die("read partial sum");
        total += partial;
    }
    for (int i = 0; i < job->workers; i++) {
        int status;
        if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            die("child");
    }
    close(sums[0]);
    close(sums[1]);
    check_total(total);
}

static void cpu_row(const char *how, const struct trial *t, double base)
{
    printf("| %s | %.0f | %.2fx | %.2f |\n", how, t->median * 1e3,
           base / t->median, t->busy);
}

static void measure_cpu(void)
{
    struct cpu_job one = { 1, 0 }, two = { 2, 0 }, four = { 4, 0 };
    struct cpu_job two_locked = { 2, 1 }, four_locked = { 4, 1 };
    struct trial t[] = {
        { cpu_threads, &one, 0, 0 },
        { cpu_threads, &two, 0, 0 },
        { cpu_threads, &four, 0, 0 },
        { cpu_threads, &two_locked, 0, 0 },
        { cpu_threads, &four_locked, 0, 0 },
        { cpu_processes, &two, 0, 0 },
    };
    time_trials(t, 6);
    double base = t[0].median;

    printf("### CPU-bound: %d work items of %d Collatz sequences each\n\n",
           ITEMS, PER_ITEM);
    printf("| how | time (ms) | speed-up over 1 thread | cores busy |\n"
           "|---|---:|---:|---:|\n");
    cpu_row("1 thread", &t[0], base);
    cpu_row("2 threads", &t[1], base);
    cpu_row("4 threads", &t[2], base);
    cpu_row("2 threads, one global lock held around each item", &t[3], base);
    cpu_row("4 threads, one global lock held around each item", &t[4], base);
    cpu_row("2 processes (fork, sums sent over a pipe)", &t[5], base);
    printf("\n");
}

/* ---- c) false sharing ---------------------------------------------------- */

/* Two threads each increment their own counter COUNTS times, with an atomic
 * add (relaxed: nothing else is ordered by it), so every increment is a real
 * read-modify-write of memory that needs the counter's cache line for this
 * core alone. The counters are never shared - only, in the first layout,
 * their cache line. */
enum { COUNTS = 20000000 };

struct adjacent {
    _Alignas(64) atomic_long count[2]; /* 16 bytes: one cache line */
};

struct padded {
    struct {
        _Alignas(64) atomic_long count; /* each in its own 64-byte line */
    } slot[2];
};

static struct adjacent adjacent;
static struct padded padded;

struct counter_job {
    atomic_long *counter[2];
};

static void *count_main(void *p)
{
    atomic_long *c = p;
    for (long i = 0; i < COUNTS; i++)
        atomic_fetch_add_explicit(c, 1, memory_order_relaxed);
    return NULL;
}

static void count_two(void *p)
{
    struct counter_job *job = p;
    pthread_t t[2];
    atomic_store(job->counter[0], 0);
    atomic_store(job->counter[1], 0);
    for (int i = 0; i < 2; i++)
        start_thread(&t[i], count_main, job->counter[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    if (atomic_load(job->counter[0]) != COUNTS || atomic_load(job->counter[1]) != COUNTS) {
        fprintf(stderr, "wrong counts\n");
        exit(1);
    }
}

static void measure_false_sharing(void)
{
    struct counter_job same_line = { { &adjacent.count[0], &adjacent.count[1] } };
    struct counter_job own_lines = { { &padded.slot[0].count, &padded.slot[1].count } };
    struct trial t[] = {
        { count_two, &same_line, 0, 0 },
        { count_two, &own_lines, 0, 0 },
    };
    time_trials(t, 2);
    double shared = t[0].median, apart = t[1].median;

    printf("### False sharing: 2 threads, %d increments each of their own counter\n\n",
           COUNTS);
    printf("| layout | time (ms) | relative | cores busy |\n|---|---:|---:|---:|\n");
    printf("| counters side by side (8 bytes apart, one cache line) | %.0f | %.2fx | %.2f |\n",
           shared * 1e3, shared / apart, t[0].busy);
    printf("| counters padded to 64 bytes (one cache line each) | %.0f | 1.00x | %.2f |\n\n",
           apart * 1e3, t[1].busy);
}

int main(void)
{
    printf("Medians of %d runs; %ld online CPUs.\n\n", REPS,
           sysconf(_SC_NPROCESSORS_ONLN));
    fflush(stdout); /* before fork() in measure_cpu */
    measure_io();
    fflush(stdout);
    measure_cpu();
    measure_false_sharing();
    return 0;
}
