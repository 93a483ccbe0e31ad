/*
 * dynamic: the process-management chapter as far as ompi-lite has it. MPI_Comm_disconnect of
 * duplicated and split communicators (collective; the handle becomes MPI_COMM_NULL; pending
 * traffic delivered first) and of MPI_COMM_WORLD (refused); MPI_Comm_get_parent is
 * MPI_COMM_NULL; the calls that are not built (spawn, ports, names, join) return
 * MPI_ERR_UNSUPPORTED_OPERATION under MPI_ERRORS_RETURN and leave null handles.
 * DYNAMIC_FATAL=1: MPI_Comm_spawn under the default MPI_ERRORS_ARE_FATAL ends the job with a
 * message naming it.
 */
#include "mtest.h"

#include <stdlib.h>
#include <string.h>

static int rank, errs;

static int eclass(int rc)
{
    int c = rc;
    MPI_Error_class(rc, &c);
    return c;
}

int main(int argc, char **argv)
{
    int size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (getenv("DYNAMIC_FATAL") != NULL) {
        MPI_Comm ic;
        char *args[] = {"x", NULL};
        MPI_Comm_spawn("./nothing", args, 2, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &ic,
                       MPI_ERRCODES_IGNORE);
        return mtest_finalize(1); /* not reached */
    }
    MPI_Comm parent = MPI_COMM_WORLD;
    EXPECT(MPI_Comm_get_parent(&parent) == MPI_SUCCESS && parent == MPI_COMM_NULL);

    /* a message sent before the disconnect arrives; then the handle is null */
    MPI_Comm dup;
    MPI_Comm_dup(MPI_COMM_WORLD, &dup);
    int right = (rank + 1) % size, left = (rank + size - 1) % size, in = -1, out = rank * 7;
    MPI_Request r[2];
    MPI_Irecv(&in, 1, MPI_INT, left, 3, dup, &r[0]);
    MPI_Isend(&out, 1, MPI_INT, right, 3, dup, &r[1]);
    MPI_Waitall(2, r, MPI_STATUSES_IGNORE);
    EXPECT(MPI_Comm_disconnect(&dup) == MPI_SUCCESS && dup == MPI_COMM_NULL);
    EXPECT(in == left * 7);
    MPI_Comm half;
    MPI_Comm_split(MPI_COMM_WORLD, rank % 2, rank, &half);
    EXPECT(MPI_Comm_disconnect(&half) == MPI_SUCCESS && half == MPI_COMM_NULL);

    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm world = MPI_COMM_WORLD;
    EXPECT(eclass(MPI_Comm_disconnect(&world)) == MPI_ERR_COMM && world == MPI_COMM_WORLD);
    MPI_Comm ic = MPI_COMM_WORLD;
    int codes[2];
    EXPECT(eclass(MPI_Comm_spawn("./x", MPI_ARGV_NULL, 2, MPI_INFO_NULL, 0, MPI_COMM_WORLD, &ic,
                                 codes)) == MPI_ERR_UNSUPPORTED_OPERATION);
    EXPECT(ic == MPI_COMM_NULL);
    char *cmds[1] = {"./x"};
    int np[1] = {1};
    MPI_Info infos[1] = {MPI_INFO_NULL};
    ic = MPI_COMM_WORLD;
    EXPECT(eclass(MPI_Comm_spawn_multiple(1, cmds, MPI_ARGVS_NULL, np, infos, 0, MPI_COMM_WORLD,
                                          &ic, MPI_ERRCODES_IGNORE)) ==
           MPI_ERR_UNSUPPORTED_OPERATION);
    EXPECT(ic == MPI_COMM_NULL);
    char port[MPI_MAX_PORT_NAME];
    EXPECT(eclass(MPI_Open_port(MPI_INFO_NULL, port)) == MPI_ERR_UNSUPPORTED_OPERATION);
    EXPECT(eclass(MPI_Close_port("p")) == MPI_ERR_UNSUPPORTED_OPERATION);
    ic = MPI_COMM_WORLD;
    EXPECT(eclass(MPI_Comm_accept("p", MPI_INFO_NULL, 0, MPI_COMM_WORLD, &ic)) ==
               MPI_ERR_UNSUPPORTED_OPERATION &&
           ic == MPI_COMM_NULL);
    ic = MPI_COMM_WORLD;
    EXPECT(eclass(MPI_Comm_connect("p", MPI_INFO_NULL, 0, MPI_COMM_WORLD, &ic)) ==
               MPI_ERR_UNSUPPORTED_OPERATION &&
           ic == MPI_COMM_NULL);
    EXPECT(eclass(MPI_Publish_name("s", MPI_INFO_NULL, "p")) == MPI_ERR_UNSUPPORTED_OPERATION);
    EXPECT(eclass(MPI_Lookup_name("s", MPI_INFO_NULL, port)) == MPI_ERR_UNSUPPORTED_OPERATION);
    EXPECT(eclass(MPI_Unpublish_name("s", MPI_INFO_NULL, "p")) == MPI_ERR_UNSUPPORTED_OPERATION);
    ic = MPI_COMM_WORLD;
    EXPECT(eclass(MPI_Comm_join(0, &ic)) == MPI_ERR_UNSUPPORTED_OPERATION && ic == MPI_COMM_NULL);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    return mtest_finalize(errs);
}
