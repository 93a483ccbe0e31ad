/*
 * bench/bench.c: options, buffers, headers and the collective driver of the OSU-style
 * benchmarks.
 */
#include "bench.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void bench_defaults(bench_opts_t *o)
{
    switch (o->kind) {
    case BENCH_PT2PT:
    case BENCH_PAIRS:
        o->min_size = 0, o->max_size = 1 << 22;
        o->iters = 10000, o->skip = 100, o->iters_large = 1000, o->skip_large = 10;
        break;
    case BENCH_BW:
    case BENCH_PAIRS_BW:
        o->min_size = 1, o->max_size = 1 << 22;
        o->iters = 100, o->skip = 10, o->iters_large = 20, o->skip_large = 2;
        o->window = 64;
        break;
    case BENCH_COLL:
        o->min_size = o->no_size ? 0 : o->elem > 1 ? o->elem : 1;
        o->max_size = o->no_size ? 0 : 1 << 20;
        o->iters = 1000, o->skip = 200, o->iters_large = 100, o->skip_large = 10;
        break;
    }
}

static void bench_usage(const bench_opts_t *o, const char *prog)
{
    printf("Usage: %s [options]\n", prog);
    if (!o->no_size)
        printf("  -m [MIN:]MAX  message sizes from MIN to MAX bytes (default %zu:%zu)\n",
               o->min_size, o->max_size);
    printf("  -i ITERS      timed iterations per size (default %d, %d above %d bytes)\n", o->iters,
           o->iters_large, BENCH_LARGE_SIZE);
    printf("  -x WARMUP     untimed warm-up iterations per size (default %d, %d above %d "
           "bytes)\n",
           o->skip, o->skip_large, BENCH_LARGE_SIZE);
    if (o->kind == BENCH_BW || o->kind == BENCH_PAIRS_BW)
        printf("  -W WINDOW     messages in flight per iteration (default %d)\n", o->window);
    if (o->kind == BENCH_COLL)
        printf("  -f            full statistics: minimum and maximum latency over ranks, "
               "iterations\n");
    if (o->threads > 0)
        printf("  -t THREADS    threads per rank (default %d)\n", o->threads);
    printf("  -h            this help\n");
}

/* Parses a non-negative number with an optional K/M/G suffix; -1 when malformed. */
static long long bench_parse_num(const char *s)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || end == s || v < 0)
        return -1;
    switch (*end) {
    case 'k':
    case 'K':
        v <<= 10, end++;
        break;
    case 'm':
    case 'M':
        v <<= 20, end++;
        break;
    case 'g':
    case 'G':
        v <<= 30, end++;
        break;
    default:
        break;
    }
    return *end == '\0' ? v : -1;
}

/* Prints msg on rank 0, finalizes and exits with status. */
static void bench_exit(const bench_opts_t *o, int status, const char *msg)
{
    if (o->rank == 0 && msg != NULL)
        fprintf(status ? stderr : stdout, "%s\n", msg);
    MPI_Finalize();
    exit(status);
}

static int bench_parse(bench_opts_t *o, int argc, char **argv, char *err, size_t errlen)
{
    const char *optstr = o->kind == BENCH_COLL ? "m:i:x:fh"
                         : o->threads > 0      ? "m:i:x:t:h"
                                               : "m:i:x:W:h";
    int c;
    long long v;
    opterr = 0;
    while ((c = getopt(argc, argv, optstr)) != -1) {
        switch (c) {
        case 'm': {
            const char *colon = strchr(optarg, ':');
            long long lo = (long long)o->min_size, hi;
            if (colon != NULL) {
                char tmp[64];
                snprintf(tmp, sizeof(tmp), "%.*s", (int)(colon - optarg), optarg);
                lo = bench_parse_num(tmp);
                hi = bench_parse_num(colon + 1);
            } else {
                hi = bench_parse_num(optarg);
            }
            if (lo < 0 || hi < 0 || lo > hi) {
                snprintf(err, errlen, "-m %s: expected MAX or MIN:MAX in bytes, MIN <= MAX",
                         optarg);
                return 1;
            }
            o->min_size = (size_t)lo, o->max_size = (size_t)hi;
            break;
        }
        case 't':
            v = bench_parse_num(optarg);
            if (v < 1 || v > 256) {
                snprintf(err, errlen, "-t %s: expected a number of threads from 1 to 256", optarg);
                return 1;
            }
            o->threads = (int)v;
            break;
        case 'i':
        case 'x':
        case 'W':
            v = bench_parse_num(optarg);
            if (v < (c == 'x' ? 0 : 1) || v > 100000000) {
                snprintf(err, errlen, "-%c %s: expected a whole number %s", c, optarg,
                         c == 'x' ? ">= 0" : ">= 1");
                return 1;
            }
            if (c == 'i')
                o->iters = o->iters_large = (int)v;
            else if (c == 'x')
                o->skip = o->skip_large = (int)v;
            else
                o->window = (int)v;
            break;
        case 'f':
            o->full = 1;
            break;
        case 'h':
            return -1;
        default:
            if (strchr(optstr, optopt) != NULL)
                snprintf(err, errlen, "option -%c needs a value (see -h)", optopt);
            else
                snprintf(err, errlen, "unknown option -%c for this benchmark (see -h)", optopt);
            return 1;
        }
    }
    if (optind < argc) {
        snprintf(err, errlen, "unexpected argument '%s' (see -h)", argv[optind]);
        return 1;
    }
    return 0;
}

static void bench_header(const bench_opts_t *o)
{
    printf("# ompi-lite OSU-style MPI %s Test v%s\n", o->name, BENCH_VERSION);
    switch (o->kind) {
    case BENCH_PT2PT:
    case BENCH_PAIRS:
        if (o->threads > 0)
            printf("# [ threads per rank: %d ]\n", o->threads);
        printf("# Size          Latency (us)\n");
        break;
    case BENCH_BW:
        printf("# Size      Bandwidth (MB/s)\n");
        break;
    case BENCH_PAIRS_BW:
        printf("# [ pairs: %d ] [ window size: %d ]\n", o->size / 2, o->window);
        printf("# Size                  MB/s        Messages/s\n");
        break;
    case BENCH_COLL:
        printf("%s", o->no_size ? "# Avg Latency(us)" : "# Size       Avg Latency(us)");
        if (o->full)
            printf("   Min Latency(us)   Max Latency(us)  Iterations");
        printf("\n");
        break;
    }
    fflush(stdout);
}

void bench_init(int *argc, char ***argv, bench_opts_t *o)
{
    char err[256] = "";
    int provided = MPI_THREAD_SINGLE;
    if (o->threads > 0)
        MPI_Init_thread(argc, argv, MPI_THREAD_MULTIPLE, &provided);
    else
        MPI_Init(argc, argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &o->rank);
    MPI_Comm_size(MPI_COMM_WORLD, &o->size);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    bench_defaults(o);
    if (o->threads > 0 && provided != MPI_THREAD_MULTIPLE)
        bench_exit(o, 1, "this test needs MPI_THREAD_MULTIPLE, which this MPI did not give");

    int rc = bench_parse(o, *argc, *argv, err, sizeof(err));
    if (rc < 0) {
        if (o->rank == 0)
            bench_usage(o, (*argv)[0]);
        bench_exit(o, 0, NULL);
    }
    if (rc > 0) {
        char msg[300];
        snprintf(msg, sizeof(msg), "%s: %s", (*argv)[0], err);
        bench_exit(o, 1, msg);
    }
    if (o->elem > 1 && o->min_size < o->elem)
        o->min_size = o->elem;
    if ((o->kind == BENCH_PT2PT || o->kind == BENCH_BW) && o->size != 2) {
        snprintf(err, sizeof(err), "%s: this test needs exactly 2 ranks; it was started with %d",
                 (*argv)[0], o->size);
        bench_exit(o, 1, err);
    }
    if ((o->kind == BENCH_PAIRS || o->kind == BENCH_PAIRS_BW) && (o->size < 2 || o->size % 2)) {
        snprintf(err, sizeof(err),
                 "%s: this test pairs rank i with rank i + n/2 and needs an even number of "
                 "ranks; it was started with %d",
                 (*argv)[0], o->size);
        bench_exit(o, 1, err);
    }
    if (o->rank == 0)
        bench_header(o);
}

int bench_iters(const bench_opts_t *o, size_t size)
{
    return size > BENCH_LARGE_SIZE ? o->iters_large : o->iters;
}

int bench_skip(const bench_opts_t *o, size_t size)
{
    return size > BENCH_LARGE_SIZE ? o->skip_large : o->skip;
}

size_t bench_next_size(size_t s)
{
    return s == 0 ? 1 : s * 2;
}

void *bench_alloc(size_t len, int c)
{
    void *p = NULL;
    long page = sysconf(_SC_PAGESIZE);
    if (posix_memalign(&p, page > 0 ? (size_t)page : 4096, len > 0 ? len : 1) != 0) {
        fprintf(stderr, "bench: cannot allocate %zu bytes\n", len);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    memset(p, c, len > 0 ? len : 1);
    return p;
}

double bench_pingpong(const bench_opts_t *o, void *sbuf, void *rbuf, size_t size, int peer,
                      int initiator)
{
    int iters = bench_iters(o, size), skip = bench_skip(o, size), n = (int)size;
    double t0 = 0.0;
    MPI_Barrier(MPI_COMM_WORLD);
    for (int i = 0; i < iters + skip; i++) {
        if (i == skip)
            t0 = MPI_Wtime();
        if (initiator) {
            MPI_Send(sbuf, n, MPI_CHAR, peer, 1, MPI_COMM_WORLD);
            MPI_Recv(rbuf, n, MPI_CHAR, peer, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
            MPI_Recv(rbuf, n, MPI_CHAR, peer, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(sbuf, n, MPI_CHAR, peer, 1, MPI_COMM_WORLD);
        }
    }
    return MPI_Wtime() - t0;
}

double bench_window(const bench_opts_t *o, void *sbuf, void *rbuf, size_t size, int peer,
                    int sender, MPI_Request *reqs)
{
    int iters = bench_iters(o, size), skip = bench_skip(o, size), n = (int)size;
    char ack[4] = {0};
    double t0 = 0.0;
    MPI_Barrier(MPI_COMM_WORLD);
    for (int i = 0; i < iters + skip; i++) {
        if (i == skip)
            t0 = MPI_Wtime();
        if (sender) {
            for (int w = 0; w < o->window; w++)
                MPI_Isend(sbuf, n, MPI_CHAR, peer, 100, MPI_COMM_WORLD, &reqs[w]);
            MPI_Waitall(o->window, reqs, MPI_STATUSES_IGNORE);
            MPI_Recv(ack, 4, MPI_CHAR, peer, 101, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
            for (int w = 0; w < o->window; w++)
                MPI_Irecv(rbuf, n, MPI_CHAR, peer, 100, MPI_COMM_WORLD, &reqs[w]);
            MPI_Waitall(o->window, reqs, MPI_STATUSES_IGNORE);
            MPI_Send(ack, 4, MPI_CHAR, peer, 101, MPI_COMM_WORLD);
        }
    }
    return MPI_Wtime() - t0;
}

void bench_check(int rc, const char *fn, const bench_opts_t *o)
{
    if (rc == MPI_SUCCESS)
        return;
    int cls = rc, len = 0;
    char msg[MPI_MAX_ERROR_STRING] = "";
    MPI_Error_class(rc, &cls);
    MPI_Error_string(rc, msg, &len);
    if (cls == MPI_ERR_UNSUPPORTED_OPERATION) {
        if (o->rank == 0)
            printf("# %s: not supported by this MPI (%s)\n", fn, msg);
        bench_exit(o, 0, NULL);
    }
    fprintf(stderr, "rank %d: %s failed: %s\n", o->rank, fn, msg);
    MPI_Abort(MPI_COMM_WORLD, 1);
}

void bench_coll_run(bench_opts_t *o, const char *fn_name, bench_coll_fn fn, void *ctx)
{
    int checked = 0;
    for (size_t size = o->min_size; size <= o->max_size; size = bench_next_size(size)) {
        int iters = bench_iters(o, size), skip = bench_skip(o, size);
        double timer = 0.0;
        MPI_Barrier(MPI_COMM_WORLD);
        for (int i = 0; i < iters + skip; i++) {
            double t0 = MPI_Wtime();
            int rc = fn(size, ctx);
            double t1 = MPI_Wtime();
            if (!checked) {
                bench_check(rc, fn_name, o);
                checked = 1;
            }
            if (i >= skip)
                timer += t1 - t0;
            MPI_Barrier(MPI_COMM_WORLD);
        }
        double lat = timer * 1e6 / iters, lmin, lmax, lsum;
        MPI_Reduce(&lat, &lmin, 1, MPI_DOUBLE, MPI_MIN, 0, MPI_COMM_WORLD);
        MPI_Reduce(&lat, &lmax, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
        MPI_Reduce(&lat, &lsum, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        if (o->rank == 0) {
            if (!o->no_size)
                printf("%-10zu", size);
            printf("%*.2f", o->no_size ? 17 : 18, lsum / o->size);
            if (o->full)
                printf("%18.2f%18.2f%12d", lmin, lmax, iters);
            printf("\n");
            fflush(stdout);
        }
        if (o->no_size)
            break;
    }
}
