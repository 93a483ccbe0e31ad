/*
 * bench/latency.c: OSU-style ping-pong latency between 2 ranks. Rank 0 sends, rank 1 returns
 * the message; the latency is half the average round trip.
 */
#include "bench.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    bench_opts_t o = {.name = "Latency", .kind = BENCH_PT2PT};
    bench_init(&argc, &argv, &o);
    char *sbuf = bench_alloc(o.max_size, 'a'), *rbuf = bench_alloc(o.max_size, 'b');
    int peer = 1 - o.rank;

    for (size_t size = o.min_size; size <= o.max_size; size = bench_next_size(size)) {
        int iters = bench_iters(&o, size), skip = bench_skip(&o, size), n = (int)size;
        double t0 = 0.0;
        MPI_Barrier(MPI_COMM_WORLD);
        for (int i = 0; i < iters + skip; i++) {
            if (i == skip)
                t0 = MPI_Wtime();
            if (o.rank == 0) {
                MPI_Send(sbuf, n, MPI_CHAR, peer, 1, MPI_COMM_WORLD);
                MPI_Recv(rbuf, n, MPI_CHAR, peer, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            } else {
                MPI_Recv(rbuf, n, MPI_CHAR, peer, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                MPI_Send(sbuf, n, MPI_CHAR, peer, 1, MPI_COMM_WORLD);
            }
        }
        double t = MPI_Wtime() - t0;
        if (o.rank == 0) {
            printf("%-10zu%18.2f\n", size, t * 1e6 / (2.0 * iters));
            fflush(stdout);
        }
    }
    MPI_Finalize();
    return 0;
}
