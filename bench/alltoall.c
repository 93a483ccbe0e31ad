/*
 * bench/alltoall.c: OSU-style MPI_Alltoall latency; the size is the block sent to each rank.
 */
#include "bench.h"

typedef struct {
    char *in, *out;
} ctx_t;

static int run(size_t size, void *arg)
{
    ctx_t *c = arg;
    return MPI_Alltoall(c->in, (int)size, MPI_CHAR, c->out, (int)size, MPI_CHAR, MPI_COMM_WORLD);
}

int main(int argc, char **argv)
{
    bench_opts_t o = {.name = "All-to-All Personalized Exchange Latency", .kind = BENCH_COLL};
    bench_init(&argc, &argv, &o);
    size_t total = o.max_size * (size_t)o.size;
    ctx_t c = {bench_alloc(total, 'a'), bench_alloc(total, 'b')};
    bench_coll_run(&o, "MPI_Alltoall", run, &c);
    MPI_Finalize();
    return 0;
}
