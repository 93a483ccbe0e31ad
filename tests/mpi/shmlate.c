/*
 * shmlate: rank 1 enters MPI_Init some seconds after the others (OMPI_LITE_TEST_LATE, default
 * 3), so the node's shared-memory segment stays visible in /dev/shm meanwhile: the test runner
 * checks its mode, or kills a rank then and checks that nothing is left behind.
 */
#include "mtest.h"

#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *late = getenv("OMPI_LITE_TEST_LATE");
    const char *r = getenv("PMIX_RANK");
    if (r != NULL && atoi(r) == 1)
        sleep(late != NULL ? (unsigned)atoi(late) : 3);
    int rank, size, errors = 0;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int sum = 0;
    MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (sum != size * (size - 1) / 2)
        errors++;
    return mtest_finalize(errors);
}
