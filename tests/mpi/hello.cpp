// hello.cpp: mpi.h from C++, built with mpicxx.
#include <cstdio>
#include <mpi.h>
#include <vector>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    std::vector<double> v(4, rank + 1.0), r(4);
    MPI_Allreduce(v.data(), r.data(), 4, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    bool ok = r[3] == size * (size + 1) / 2.0;
    MPI_Finalize();
    if (rank == 0 && ok)
        std::printf(" No Errors\n");
    return ok ? 0 : 1;
}
