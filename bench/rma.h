/*
 * bench/rma.h: the one-sided latency benchmarks (OSU's osu_put_latency, osu_get_latency,
 * osu_acc_latency with their default synchronisation, MPI_Win_flush): rank 0 locks rank 1's
 * window of MPI_Win_allocate once, then per iteration issues one operation of size bytes and
 * flushes it; rank 1 waits in a barrier (its progress serves the operations). The latency is
 * the average time of one operation plus its flush.
 */
#ifndef OML_BENCH_RMA_H
#define OML_BENCH_RMA_H

#include "bench.h"

#include <stdio.h>

typedef enum { RMA_PUT, RMA_GET, RMA_ACC } rma_bench_op_t;

static inline int rma_bench_issue(rma_bench_op_t op, char *buf, size_t size, MPI_Win win)
{
    int n = (int)size;
    switch (op) {
    case RMA_PUT:
        return MPI_Put(buf, n, MPI_CHAR, 1, 0, n, MPI_CHAR, win);
    case RMA_GET:
        return MPI_Get(buf, n, MPI_CHAR, 1, 0, n, MPI_CHAR, win);
    default:
        return MPI_Accumulate(buf, n / 4, MPI_INT, 1, 0, n / 4, MPI_INT, MPI_SUM, win);
    }
}

static inline int rma_bench_main(int argc, char **argv, const char *name, rma_bench_op_t op)
{
    bench_opts_t o = {.name = name, .kind = BENCH_PT2PT, .elem = op == RMA_ACC ? 4 : 0};
    bench_init(&argc, &argv, &o);
    char *buf = bench_alloc(o.max_size, 'a'), *mem;
    MPI_Win win;
    bench_check(MPI_Win_allocate((MPI_Aint)(o.max_size > 0 ? o.max_size : 1), 1, MPI_INFO_NULL,
                                 MPI_COMM_WORLD, &mem, &win),
                "MPI_Win_allocate", &o);
    for (size_t size = o.min_size; size <= o.max_size; size = bench_next_size(size)) {
        int iters = bench_iters(&o, size), skip = bench_skip(&o, size);
        double t0 = 0.0, t = 0.0;
        MPI_Barrier(MPI_COMM_WORLD);
        if (o.rank == 0) {
            MPI_Win_lock(MPI_LOCK_SHARED, 1, 0, win);
            for (int i = 0; i < iters + skip; i++) {
                if (i == skip)
                    t0 = MPI_Wtime();
                rma_bench_issue(op, buf, size, win);
                MPI_Win_flush(1, win);
            }
            t = MPI_Wtime() - t0;
            MPI_Win_unlock(1, win);
        }
        MPI_Barrier(MPI_COMM_WORLD);
        if (o.rank == 0) {
            printf("%-10zu%18.2f\n", size, t * 1e6 / iters);
            fflush(stdout);
        }
    }
    MPI_Win_free(&win);
    MPI_Finalize();
    return 0;
}

#endif
