/*
 * bench/bench.h: what the OSU-style benchmarks share: options, buffers, headers and the
 * collective driver. Only standard MPI is used, so every benchmark builds with any MPI's mpicc.
 *
 * Options (OSU's): -m [MIN:]MAX message sizes in bytes, -i iterations, -x warm-up iterations,
 * -W window (bandwidth benchmarks), -f full statistics (collectives), -t threads per rank
 * (threaded benchmarks), -h help.
 */
#ifndef OML_BENCH_H
#define OML_BENCH_H

#include <mpi.h>
#include <stddef.h>

#define BENCH_VERSION "1.0"

typedef enum { BENCH_PT2PT, BENCH_BW, BENCH_PAIRS, BENCH_PAIRS_BW, BENCH_COLL } bench_kind_t;

typedef struct bench_opts {
    const char *name;  /* "Latency", used in the header line */
    bench_kind_t kind; /* which options apply and which defaults */
    size_t min_size, max_size;
    int iters, skip;             /* for sizes up to BENCH_LARGE_SIZE */
    int iters_large, skip_large; /* above it */
    int window;
    int full;
    int no_size; /* barrier: one result, no size column */
    size_t elem; /* reductions: element size; sizes start there and count whole elements */
    int threads; /* threaded benchmarks: threads per rank (-t); 0 for the others */
    int rank, size;
} bench_opts_t;

/* Sizes above this use the large-message iteration counts, as OSU does. */
#define BENCH_LARGE_SIZE 8192

/*
 * Initialises MPI (at MPI_THREAD_MULTIPLE when o->threads > 0, which is then the default of
 * -t; an MPI that does not give it is an error), parses argv, checks the number of ranks (exactly 2
 * for BENCH_PT2PT and BENCH_BW, an even number >= 2 for the pair benchmarks, >= 1 otherwise) and
 * prints the header on rank 0. On bad options or rank counts it prints why on rank 0, finalizes and
 * exits 1; on -h it prints the usage and exits 0.
 */
void bench_init(int *argc, char ***argv, bench_opts_t *o);

/* Iterations and warm-up count for size. */
int bench_iters(const bench_opts_t *o, size_t size);
int bench_skip(const bench_opts_t *o, size_t size);

/* Next size after s: 0 -> 1, then doubling. */
size_t bench_next_size(size_t s);

/* A page-aligned buffer of len bytes (at least 1), filled with byte c; exits on failure. */
void *bench_alloc(size_t len, int c);

/*
 * Ping-pong of size bytes with peer, warm-up then timed iterations, after a barrier; the
 * initiator sends first. Returns the seconds the timed iterations took.
 */
double bench_pingpong(const bench_opts_t *o, void *sbuf, void *rbuf, size_t size, int peer,
                      int initiator);

/*
 * Windowed stream of size-byte messages to peer (sender) or from it (receiver): per iteration a
 * window of nonblocking sends or receives, then a 4-byte acknowledgement from the receiver.
 * Warm-up then timed iterations, after a barrier; reqs holds o->window requests. Returns the
 * seconds the timed iterations took.
 */
double bench_window(const bench_opts_t *o, void *sbuf, void *rbuf, size_t size, int peer,
                    int sender, MPI_Request *reqs);

/*
 * Checks the return code of the first call of a collective: MPI_SUCCESS returns; an operation
 * this MPI reports as unsupported prints "# <fn>: not supported by this MPI" on rank 0 and
 * exits 0 after MPI_Finalize (so a comparison shows it as missing, not failed); any other error
 * prints the MPI error string and exits 1.
 */
void bench_check(int rc, const char *fn, const bench_opts_t *o);

/*
 * Runs a collective benchmark: for each size, calls fn(size, ctx) skip + iters times, each
 * timed alone and followed by a barrier, and prints the average (and with -f the minimum and
 * maximum over ranks, and the iterations) of the per-rank mean latency in microseconds.
 * fn returns an MPI error code; its first call goes through bench_check.
 */
typedef int (*bench_coll_fn)(size_t size, void *ctx);
void bench_coll_run(bench_opts_t *o, const char *fn_name, bench_coll_fn fn, void *ctx);

#endif /* OML_BENCH_H */
