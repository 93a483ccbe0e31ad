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

    for (size_t size = o.min_size; size <= o.max_size; size = bench_next_size(size)) {
        double t = bench_pingpong(&o, sbuf, rbuf, size, 1 - o.rank, o.rank == 0);
        if (o.rank == 0) {
            printf("%-10zu%18.2f\n", size, t * 1e6 / (2.0 * bench_iters(&o, size)));
            fflush(stdout);
        }
    }
    MPI_Finalize();
    return 0;
}
