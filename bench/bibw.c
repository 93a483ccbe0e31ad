/*
 * bench/bibw.c: OSU-style bidirectional bandwidth between 2 ranks. Per iteration both ranks
 * post a window of receives and a window of sends and wait for all; the result counts the bytes
 * of both directions.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    bench_opts_t o = {.name = "Bi-Directional Bandwidth", .kind = BENCH_BW};
    bench_init(&argc, &argv, &o);
    char *sbuf = bench_alloc(o.max_size, 'a'), *rbuf = bench_alloc(o.max_size, 'b');
    MPI_Request *reqs = calloc(2 * (size_t)o.window, sizeof(MPI_Request));
    int peer = 1 - o.rank;

    for (size_t size = o.min_size; size <= o.max_size; size = bench_next_size(size)) {
        int iters = bench_iters(&o, size), skip = bench_skip(&o, size), n = (int)size;
        double t0 = 0.0;
        MPI_Barrier(MPI_COMM_WORLD);
        for (int i = 0; i < iters + skip; i++) {
            if (i == skip)
                t0 = MPI_Wtime();
            for (int w = 0; w < o.window; w++)
                MPI_Irecv(rbuf, n, MPI_CHAR, peer, 100, MPI_COMM_WORLD, &reqs[w]);
            for (int w = 0; w < o.window; w++)
                MPI_Isend(sbuf, n, MPI_CHAR, peer, 100, MPI_COMM_WORLD, &reqs[o.window + w]);
            MPI_Waitall(2 * o.window, reqs, MPI_STATUSES_IGNORE);
        }
        double t = MPI_Wtime() - t0;
        if (o.rank == 0) {
            printf("%-10zu%18.2f\n", size, 2.0 * (double)size * iters * o.window / t / 1e6);
            fflush(stdout);
        }
    }
    MPI_Finalize();
    return 0;
}
