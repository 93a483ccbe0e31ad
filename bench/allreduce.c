/*
 * bench/allreduce.c: OSU-style MPI_Allreduce latency, MPI_SUM over floats.
 */
#include "bench.h"

typedef struct {
    float *in, *out;
} ctx_t;

static int run(size_t size, void *arg)
{
    ctx_t *c = arg;
    return MPI_Allreduce(c->in, c->out, (int)(size / sizeof(float)), MPI_FLOAT, MPI_SUM,
                         MPI_COMM_WORLD);
}

int main(int argc, char **argv)
{
    bench_opts_t o = {.name = "Allreduce Latency", .kind = BENCH_COLL, .elem = sizeof(float)};
    bench_init(&argc, &argv, &o);
    ctx_t c = {bench_alloc(o.max_size, 0), bench_alloc(o.max_size, 0)};
    bench_coll_run(&o, "MPI_Allreduce", run, &c);
    MPI_Finalize();
    return 0;
}
