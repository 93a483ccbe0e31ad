/*
 * bench/mbw_mr.c: OSU-style multiple bandwidth / message rate. Rank i (i < n/2) streams
 * windows of messages to rank i + n/2, which acknowledges each window; the result is the sum
 * over pairs of MB/s and messages per second.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    bench_opts_t o = {.name = "Multiple Bandwidth / Message Rate", .kind = BENCH_PAIRS_BW};
    bench_init(&argc, &argv, &o);
    char *sbuf = bench_alloc(o.max_size, 'a'), *rbuf = bench_alloc(o.max_size, 'b');
    MPI_Request *reqs = calloc((size_t)o.window, sizeof(MPI_Request));
    int pairs = o.size / 2;
    int sender = o.rank < pairs;
    int peer = sender ? o.rank + pairs : o.rank - pairs;

    for (size_t size = o.min_size; size <= o.max_size; size = bench_next_size(size)) {
        double t = bench_window(&o, sbuf, rbuf, size, peer, sender, reqs);
        double rate = sender ? (double)bench_iters(&o, size) * o.window / t : 0.0, total = 0.0;
        MPI_Reduce(&rate, &total, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        if (o.rank == 0) {
            printf("%-10zu%20.2f%18.2f\n", size, total * (double)size / 1e6, total);
            fflush(stdout);
        }
    }
    MPI_Finalize();
    return 0;
}
