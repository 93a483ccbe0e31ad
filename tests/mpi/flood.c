/*
 * flood: rank 0 sends N small messages (default 1,000,000 of 16 bytes; argv[1] overrides) to
 * rank 1, which computes for a while without calling MPI before it posts a single receive;
 * then rank 1 receives them all and checks order and content. Each rank reports its peak
 * resident memory, which must stay under a bound (argv[2] MiB, default 256), and nothing may
 * crash or hang. Other ranks only take part in the final check.
 */
#include "mtest.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

int main(int argc, char **argv)
{
    int rank, size, errors = 0;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    long bound_mib = argc > 2 ? atol(argv[2]) : 256;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    long base_kib = ru.ru_maxrss;

    if (rank == 0) {
        long msg[2];
        for (long i = 0; i < n; i++) {
            msg[0] = i;
            msg[1] = ~i;
            MPI_Send(msg, 2, MPI_LONG, 1, 3, MPI_COMM_WORLD);
        }
    } else if (rank == 1) {
        double t0 = MPI_Wtime();
        volatile double x = 0;
        while (MPI_Wtime() - t0 < 1.5) /* busy, no MPI progress */
            x += 1.0;
        long msg[2];
        for (long i = 0; i < n; i++) {
            MPI_Recv(msg, 2, MPI_LONG, 0, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (msg[0] != i || msg[1] != ~i) {
                printf("message %ld carried %ld/%ld\n", i, msg[0], msg[1]);
                errors++;
                break;
            }
        }
    }
    getrusage(RUSAGE_SELF, &ru);
    long grew_mib = (ru.ru_maxrss - base_kib) / 1024;
    if (rank < 2)
        printf("rank %d: peak resident memory grew by %ld MiB during %ld messages\n", rank,
               grew_mib, n);
    if (grew_mib > bound_mib) {
        printf("rank %d: memory grew by %ld MiB, over the bound of %ld MiB\n", rank, grew_mib,
               bound_mib);
        errors++;
    }
    return mtest_finalize(errors);
}
