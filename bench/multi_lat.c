/*
 * bench/multi_lat.c: OSU-style multi-pair latency. Rank i and rank i + n/2 ping-pong at the
 * same time; the result is the mean over pairs of half the average round trip.
 */
#include "bench.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    bench_opts_t o = {.name = "Multi Latency", .kind = BENCH_PAIRS};
    bench_init(&argc, &argv, &o);
    char *sbuf = bench_alloc(o.max_size, 'a'), *rbuf = bench_alloc(o.max_size, 'b');
    int pairs = o.size / 2;
    int sender = o.rank < pairs;
    int peer = sender ? o.rank + pairs : o.rank - pairs;

    for (size_t size = o.min_size; size <= o.max_size; size = bench_next_size(size)) {
        int iters = bench_iters(&o, size), skip = bench_skip(&o, size), n = (int)size;
        double t0 = 0.0;
        MPI_Barrier(MPI_COMM_WORLD);
        for (int i = 0; i < iters + skip; i++) {
            if (i == skip)
                t0 = MPI_Wtime();
            if (sender) {
                MPI_Send(sbuf, n, MPI_CHAR, peer, 1, MPI_COMM_WORLD);
                MPI_Recv(rbuf, n, MPI_CHAR, peer, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            } else {
                MPI_Recv(rbuf, n, MPI_CHAR, peer, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                MPI_Send(sbuf, n, MPI_CHAR, peer, 1, MPI_COMM_WORLD);
            }
        }
        double lat = sender ? (MPI_Wtime() - t0) * 1e6 / (2.0 * iters) : 0.0, sum = 0.0;
        MPI_Reduce(&lat, &sum, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        if (o.rank == 0) {
            printf("%-10zu%18.2f\n", size, sum / pairs);
            fflush(stdout);
        }
    }
    MPI_Finalize();
    return 0;
}
