/*
 * mpmd.c: one program of an MPMD line, mpirun -n 2 mpmd 0 2 : -n 3 mpmd 1 3 (run-tests.sh).
 * argv[1] is the MPI_APPNUM this program must see, argv[2] how many ranks run it. Checks that
 * the ranks of one program are consecutive in MPI_COMM_WORLD, that splitting by MPI_APPNUM (as
 * coupled models do) gives each program its own communicator, and that the programs talk:
 * every rank sends its appnum to every other rank. Without arguments: a single program, appnum 0.
 */
#include "mtest.h"

#include <stdlib.h>

int main(int argc, char **argv)
{
    int errs = 0, rank, size, *flag, found;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int want = argc > 1 ? atoi(argv[1]) : 0;
    int mine = argc > 2 ? atoi(argv[2]) : size;

    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_APPNUM, &flag, &found);
    EXPECT(found && *flag == want);
    int appnum = found ? *flag : -1;

    /* every rank's appnum; a program's ranks are one block, in program order */
    int *all = malloc(sizeof(int) * (size_t)size);
    MPI_Allgather(&appnum, 1, MPI_INT, all, 1, MPI_INT, MPI_COMM_WORLD);
    for (int r = 1; r < size; r++)
        EXPECT(all[r] == all[r - 1] || all[r] == all[r - 1] + 1);
    EXPECT(all[0] == 0);

    MPI_Comm app;
    MPI_Comm_split(MPI_COMM_WORLD, appnum, rank, &app);
    int app_size, app_rank;
    MPI_Comm_size(app, &app_size);
    MPI_Comm_rank(app, &app_rank);
    EXPECT(app_size == mine);
    int first = 0;
    while (all[first] != appnum)
        first++;
    EXPECT(app_rank == rank - first);

    /* point to point between the programs */
    int *got = malloc(sizeof(int) * (size_t)size);
    MPI_Request *req = malloc(sizeof(MPI_Request) * 2 * (size_t)size);
    for (int r = 0; r < size; r++) {
        MPI_Irecv(&got[r], 1, MPI_INT, r, 7, MPI_COMM_WORLD, &req[r]);
        MPI_Isend(&appnum, 1, MPI_INT, r, 7, MPI_COMM_WORLD, &req[size + r]);
    }
    MPI_Waitall(2 * size, req, MPI_STATUSES_IGNORE);
    for (int r = 0; r < size; r++)
        EXPECT(got[r] == all[r]);

    MPI_Comm_free(&app);
    free(all), free(got), free(req);
    return mtest_finalize(errs);
}
