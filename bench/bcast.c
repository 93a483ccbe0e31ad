/*
 * bench/bcast.c: OSU-style MPI_Bcast latency from rank 0.
 */
#include "bench.h"

static int run(size_t size, void *buf)
{
    return MPI_Bcast(buf, (int)size, MPI_CHAR, 0, MPI_COMM_WORLD);
}

int main(int argc, char **argv)
{
    bench_opts_t o = {.name = "Broadcast Latency", .kind = BENCH_COLL};
    bench_init(&argc, &argv, &o);
    bench_coll_run(&o, "MPI_Bcast", run, bench_alloc(o.max_size, 'a'));
    MPI_Finalize();
    return 0;
}
