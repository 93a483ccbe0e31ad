/*
 * removed.c: the MPI-1 functions that MPI-3.0 removed (MPI_Address, MPI_Type_extent/lb/ub,
 * MPI_Type_hvector/hindexed/struct, MPI_Errhandler_create/set/get) still work in C, as their
 * successors do.
 */
#include "mtest.h"

static int errs, rank, calls;

static void count_errors(MPI_Comm *comm, int *code, ...)
{
    (void)comm, (void)code;
    calls++;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    double a[4];
    MPI_Aint x, y, ext, lb, ub;
    MPI_Address(&a[0], &x);
    MPI_Address(&a[2], &y);
    EXPECT(y - x == 2 * (MPI_Aint)sizeof(double));

    MPI_Datatype v, h, s;
    MPI_Type_hvector(3, 1, 16, MPI_DOUBLE, &v);
    MPI_Type_extent(v, &ext);
    MPI_Type_lb(v, &lb);
    MPI_Type_ub(v, &ub);
    EXPECT(ext == 40 && lb == 0 && ub == 40);
    int bl[2] = {1, 2}, sz;
    MPI_Aint d[2] = {4, 16};
    MPI_Type_hindexed(2, bl, d, MPI_INT, &h);
    MPI_Type_size(h, &sz);
    EXPECT(sz == 12);
    MPI_Type_lb(h, &lb);
    MPI_Type_ub(h, &ub);
    EXPECT(lb == 4 && ub == 24);
    MPI_Datatype t[2] = {MPI_INT, MPI_DOUBLE};
    MPI_Type_struct(2, bl, d, t, &s);
    MPI_Type_size(s, &sz);
    EXPECT(sz == 20);
    MPI_Type_commit(&s);
    MPI_Type_free(&v);
    MPI_Type_free(&h);
    MPI_Type_free(&s);

    MPI_Errhandler eh, got;
    MPI_Errhandler_get(MPI_COMM_WORLD, &got);
    EXPECT(got == MPI_ERRORS_ARE_FATAL);
    MPI_Comm dup;
    MPI_Comm_dup(MPI_COMM_WORLD, &dup);
    MPI_Errhandler_create(count_errors, &eh);
    MPI_Errhandler_set(dup, eh);
    MPI_Errhandler_get(dup, &got);
    EXPECT(got == eh);
    MPI_Send(NULL, 0, MPI_INT, -5, 0, dup); /* a bad rank: the handler runs, the job goes on */
    EXPECT(calls == 1);
    MPI_Errhandler_free(&got);
    MPI_Errhandler_free(&eh);
    MPI_Comm_free(&dup);
    return mtest_finalize(errs);
}
