/*
 * bench/pack.c: MPI_Pack then MPI_Unpack of a strided vector of doubles (every other double of
 * the array), size bytes of data: what a derived datatype costs in a halo exchange, apart from
 * communication. Any number of ranks (each packs its own; the mean over ranks is printed).
 */
#include "bench.h"

typedef struct {
    double *src;
    void *packed;
    MPI_Datatype type; /* for the size last built */
    size_t type_size;
} ctx_t;

static int run(size_t size, void *arg)
{
    ctx_t *c = arg;
    int rc;
    if (c->type_size != size) {
        if (c->type != MPI_DATATYPE_NULL)
            MPI_Type_free(&c->type);
        if ((rc = MPI_Type_vector((int)(size / sizeof(double)), 1, 2, MPI_DOUBLE, &c->type)) ||
            (rc = MPI_Type_commit(&c->type)))
            return rc;
        c->type_size = size;
    }
    int pos = 0;
    if ((rc = MPI_Pack(c->src, 1, c->type, c->packed, (int)size, &pos, MPI_COMM_SELF)))
        return rc;
    pos = 0;
    return MPI_Unpack(c->packed, (int)size, &pos, c->src, 1, c->type, MPI_COMM_SELF);
}

int main(int argc, char **argv)
{
    bench_opts_t o = {.name = "Pack+Unpack Latency (vector of doubles, stride 2)",
                      .kind = BENCH_COLL,
                      .elem = sizeof(double)};
    bench_init(&argc, &argv, &o);
    ctx_t c = {bench_alloc(2 * o.max_size, 0), bench_alloc(o.max_size, 0), MPI_DATATYPE_NULL, 0};
    bench_coll_run(&o, "MPI_Pack", run, &c);
    if (c.type != MPI_DATATYPE_NULL)
        MPI_Type_free(&c.type);
    MPI_Finalize();
    return 0;
}
