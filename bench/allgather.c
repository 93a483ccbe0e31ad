/*
 * bench/allgather.c: OSU-style MPI_Allgather latency; the size is each rank's contribution.
 */
#include "bench.h"

typedef struct {
    char *in, *out;
} ctx_t;

static int run(size_t size, void *arg)
{
    ctx_t *c = arg;
    return MPI_Allgather(c->in, (int)size, MPI_CHAR, c->out, (int)size, MPI_CHAR, MPI_COMM_WORLD);
}

int main(int argc, char **argv)
{
    bench_opts_t o = {.name = "Allgather Latency", .kind = BENCH_COLL};
    bench_init(&argc, &argv, &o);
    ctx_t c = {bench_alloc(o.max_size, 'a'), bench_alloc(o.max_size * (size_t)o.size, 'b')};
    bench_coll_run(&o, "MPI_Allgather", run, &c);
    MPI_Finalize();
    return 0;
}
