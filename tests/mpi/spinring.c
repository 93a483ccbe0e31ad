/*
 * spinring: many rounds of a token around the ring of ranks. Run with more ranks than cores, a
 * rank that waits must give its core to the rank it waits for: with waits that only spin, each
 * hop costs a scheduler time slice (milliseconds) and the test runs into its timeout; with
 * waits that yield, a round takes microseconds to a millisecond. Prints the time per round.
 */
#include "mtest.h"

#include <stdlib.h>

int main(int argc, char **argv)
{
    int rank, size, errors = 0;
    int rounds = argc > 1 ? atoi(argv[1]) : 5000;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int next = (rank + 1) % size, prev = (rank + size - 1) % size;
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    for (int r = 0; r < rounds; r++) {
        int token = r;
        if (rank == 0) {
            MPI_Send(&token, 1, MPI_INT, next, 0, MPI_COMM_WORLD);
            MPI_Recv(&token, 1, MPI_INT, prev, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (token != r + size - 1)
                errors++;
        } else {
            MPI_Recv(&token, 1, MPI_INT, prev, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            token += rank == 0 ? 0 : 1;
            MPI_Send(&token, 1, MPI_INT, next, 0, MPI_COMM_WORLD);
        }
    }
    double t = MPI_Wtime() - t0;
    if (rank == 0)
        printf("%d ranks: %.1f us per round of the ring\n", size, t / rounds * 1e6);
    return mtest_finalize(errors);
}
