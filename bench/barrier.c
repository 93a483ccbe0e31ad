/*
 * bench/barrier.c: OSU-style MPI_Barrier latency.
 */
#include "bench.h"

static int run(size_t size, void *arg)
{
    (void)size, (void)arg;
    return MPI_Barrier(MPI_COMM_WORLD);
}

int main(int argc, char **argv)
{
    bench_opts_t o = {.name = "Barrier Latency", .kind = BENCH_COLL, .no_size = 1};
    bench_init(&argc, &argv, &o);
    bench_coll_run(&o, "MPI_Barrier", run, NULL);
    MPI_Finalize();
    return 0;
}
