/*
 * mtest.h: what the MPI test programs share. mtest_finalize sums every rank's error count,
 * finalizes, and has rank 0 print " No Errors" when the sum is 0 (the convention of MPI test
 * suites); its result is the program's exit status.
 */
#ifndef MTEST_H
#define MTEST_H

#include <mpi.h>
#include <stdio.h>

/* Counts a failed check in errs and names it with the rank (programs define errs and rank). */
#define EXPECT(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            errs++;                                                                                \
            fprintf(stderr, "rank %d: %s:%d: %s\n", (int)rank, __FILE__, __LINE__, #cond);         \
        }                                                                                          \
    } while (0)

static inline int mtest_finalize(int errors)
{
    int rank, total = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Allreduce(&errors, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    MPI_Finalize();
    if (rank == 0 && total == 0)
        printf(" No Errors\n");
    return total != 0;
}

#endif
