/*
 * ring: the demo. A token goes around the ring of ranks (each adds its rank), then an
 * allreduce sums the ranks; every rank prints what it got and checks it.
 */
#include <mpi.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    int rank, size, token, sum, errors = 0;
    char host[MPI_MAX_PROCESSOR_NAME];
    int hostlen;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Get_processor_name(host, &hostlen);

    int next = (rank + 1) % size, prev = (rank + size - 1) % size;
    if (rank == 0) {
        token = 0;
        MPI_Send(&token, 1, MPI_INT, next, 0, MPI_COMM_WORLD);
        MPI_Recv(&token, 1, MPI_INT, prev, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else {
        MPI_Recv(&token, 1, MPI_INT, prev, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        token += rank;
        MPI_Send(&token, 1, MPI_INT, next, 0, MPI_COMM_WORLD);
    }
    MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);

    int expect = size * (size - 1) / 2;
    printf("rank %d of %d on %s: token from rank %d = %d, allreduce sum of ranks = %d\n", rank,
           size, host, prev, rank == 0 ? token : token - rank, sum);
    if (sum != expect || (rank == 0 && token != expect))
        errors++;
    MPI_Finalize();
    if (rank == 0 && errors == 0)
        printf(" No Errors\n");
    return errors != 0;
}
