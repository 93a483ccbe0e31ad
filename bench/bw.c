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
    char ack[4] = {0};
    MPI_Request *reqs = calloc((size_t)o.window, sizeof(MPI_Request));
    int peer = 1 - o.rank;

    for (size_t size = o.min_size; size <= o.max_size; size = bench_next_size(size)) {
        int iters = bench_iters(&o, size), skip = bench_skip(&o, size), n = (int)size;
        double t0 = 0.0;
        MPI_Barrier(MPI_COMM_WORLD);
        for (int i = 0; i < iters + skip; i++) {
            if (i == skip)
                t0 = MPI_Wtime();
            if (o.rank == 0) {
                for (int w = 0; w < o.window; w++)
                    MPI_Isend(sbuf, n, MPI_CHAR, peer, 100, MPI_COMM_WORLD, &reqs[w]);
                MPI_Waitall(o.window, reqs, MPI_STATUSES_IGNORE);
                MPI_Recv(ack, 4, MPI_CHAR, peer, 101, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            } else {
                for (int w = 0; w < o.window; w++)
                    MPI_Irecv(rbuf, n, MPI_CHAR, peer, 100, MPI_COMM_WORLD, &reqs[w]);
                MPI_Waitall(o.window, reqs, MPI_STATUSES_IGNORE);
                MPI_Send(ack, 4, MPI_CHAR, peer, 101, MPI_COMM_WORLD);
            }
        }
        double t = MPI_Wtime() - t0;
        if (o.rank == 0) {
            printf("%-10zu%18.2f\n", size, (double)size * iters * o.window / t / 1e6);
            fflush(stdout);
        }
    }
    MPI_Finalize();
    return 0;
}
