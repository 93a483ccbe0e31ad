/*
 * env: the environment chapter: Initialized/Finalized, Init_thread reports the level it gives,
 * versions, processor name, clocks.
 */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    int flag = -1, provided = -1, q = -1, errors = 0, rank;
    MPI_Initialized(&flag);
    if (flag != 0)
        errors++;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Query_thread(&q);
    if (provided != q || provided < MPI_THREAD_SINGLE || provided > MPI_THREAD_MULTIPLE) {
        printf("provided %d, Query_thread %d\n", provided, q);
        errors++;
    }
    MPI_Initialized(&flag);
    if (flag != 1)
        errors++;
    int v, sv;
    MPI_Get_version(&v, &sv);
    if (v != MPI_VERSION || sv != MPI_SUBVERSION)
        errors++;
    char lib[MPI_MAX_LIBRARY_VERSION_STRING], name[MPI_MAX_PROCESSOR_NAME];
    int len;
    MPI_Get_library_version(lib, &len);
    if (len != (int)strlen(lib) || strstr(lib, "ompi-lite") == NULL) {
        printf("library version '%s'\n", lib);
        errors++;
    }
    MPI_Get_processor_name(name, &len);
    if (len <= 0 || len != (int)strlen(name))
        errors++;
    double t0 = MPI_Wtime(), tick = MPI_Wtick();
    if (tick <= 0 || tick > 0.01 || MPI_Wtime() < t0)
        errors++;
    MPI_Finalize();
    MPI_Finalized(&flag);
    if (flag != 1)
        errors++;
    if (rank == 0 && errors == 0)
        printf(" No Errors\n");
    return errors != 0;
}
