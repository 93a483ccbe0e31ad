/*
 * fatal: under the default MPI_ERRORS_ARE_FATAL an invalid rank ends the job. The runner
 * expects a non-zero exit and a message naming MPI_Send. With FATAL_SEGV=1 set, the last rank
 * dies of SIGSEGV instead, which mpirun must report as that signal (not as an exit status some
 * library's crash handler turned it into).
 */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    int rank, size, x = 0;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (rank == size - 1 && getenv("FATAL_SEGV") != NULL)
        *(volatile int *)(uintptr_t)argc = 1; /* an address no program maps */
    if (rank == size - 1)
        MPI_Send(&x, 1, MPI_INT, size + 5, 0, MPI_COMM_WORLD);
    else
        MPI_Recv(&x, 1, MPI_INT, size - 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    printf("not reached\n");
    MPI_Finalize();
    return 0;
}
