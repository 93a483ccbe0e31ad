/*
 * bench/bw.c: OSU-style unidirectional bandwidth between 2 ranks. Per iteration rank 0 posts
 * a window of nonblocking sends, rank 1 a window of receives, and rank 1 acknowledges the
 * window with a small message; MB/s is 10^6 bytes per second, as OSU reports it.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    bench_opts_t o = {.name = "Bandwidth", .kind = BENCH_BW};
    bench_init(&argc, &argv, &o);
    char *sbuf = bench_alloc(o.max_size, 'a'), *rbuf = bench_alloc(o.max_size, 'b');
    MPI_Request *reqs = calloc((size_t)o.window, sizeof(MPI_Request));

    for (size_t size = o.min_size; size <= o.max_size; size = bench_next_size(size)) {
        double t = bench_window(&o, sbuf, rbuf, size, 1 - o.rank, o.rank == 0, reqs);
        if (o.rank == 0) {
            printf("%-10zu%18.2f\n", size,
                   (double)size * bench_iters(&o, size) * o.window / t / 1e6);
            fflush(stdout);
        }
    }
    MPI_Finalize();
    return 0;
}
