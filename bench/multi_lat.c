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
        double t = bench_pingpong(&o, sbuf, rbuf, size, peer, sender);
        double lat = sender ? t * 1e6 / (2.0 * bench_iters(&o, size)) : 0.0, sum = 0.0;
        MPI_Reduce(&lat, &sum, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        if (o.rank == 0) {
            printf("%-10zu%18.2f\n", size, sum / pairs);
            fflush(stdout);
        }
    }
    MPI_Finalize();
    return 0;
}
