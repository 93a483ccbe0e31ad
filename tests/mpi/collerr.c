/*
 * collerr.c: collectives given wrong arguments, under MPI_ERRORS_RETURN. Counts that do not match
 * between ranks fail the ranks that receive the mismatched data and every rank downstream of
 * them, with MPI_ERR_TRUNCATE, and the collective still ends everywhere (no rank waits forever);
 * a root whose own send and receive blocks differ fails, after taking part. Overlapping send and
 * receive buffers fail with MPI_ERR_BUFFER at once on every rank, without communication (the
 * exact own block of a gather's or allgather's result is let through as MPI_IN_PLACE), and
 * MPI_Reduce_local refuses MPI_IN_PLACE and aliased buffers. After each wrong call a right one
 * gives the right result. Any number of ranks >= 2.
 */
#include "mtest.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static int rank, size, errs;

static int err_class(int rc)
{
    int cls = rc;
    if (rc != MPI_SUCCESS)
        MPI_Error_class(rc, &cls);
    return cls;
}

/* A right collective after a wrong one: the sum of the ranks + 1, everywhere. */
static void check_sane(const char *after)
{
    int v = rank + 1, sum = 0;
    int rc = MPI_Allreduce(&v, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (rc != MPI_SUCCESS || sum != size * (size + 1) / 2) {
        errs++;
        fprintf(stderr, "rank %d: allreduce after %s: rc %d sum %d\n", rank, after, rc, sum);
    }
}

/* Bcast with the root giving more (long) or fewer (short) elements than the others. */
static void bcast_mismatch(bool nonblocking)
{
    for (int longer = 0; longer < 2; longer++) {
        int buf[16] = {0};
        int n = rank == 0 ? (longer ? 16 : 1) : (longer ? 1 : 16), rc;
        if (nonblocking) {
            MPI_Request req;
            rc = MPI_Ibcast(buf, n, MPI_INT, 0, MPI_COMM_WORLD, &req);
            if (rc == MPI_SUCCESS)
                rc = MPI_Wait(&req, MPI_STATUS_IGNORE);
        } else {
            rc = MPI_Bcast(buf, n, MPI_INT, 0, MPI_COMM_WORLD);
        }
        /* the root may not know; every other rank must */
        if (rank != 0)
            EXPECT(err_class(rc) == MPI_ERR_TRUNCATE);
        check_sane("a bcast with mismatched counts");
    }
}

static void gather_root_mismatch(void)
{
    int sbuf[4] = {rank, rank, rank, rank}, *rbuf = calloc((size_t)size * 4, sizeof(int));
    /* the root receives 1 int a rank but sends 4 itself; the others send 1 */
    int rc = MPI_Gather(sbuf, rank == 0 ? 4 : 1, MPI_INT, rbuf, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        EXPECT(err_class(rc) == MPI_ERR_TRUNCATE);
        for (int i = 1; i < size; i++) /* the others' blocks still came */
            EXPECT(rbuf[i] == i);
    } else {
        EXPECT(rc == MPI_SUCCESS);
    }
    check_sane("a gather whose root mismatched itself");
    free(rbuf);
}

static void alltoall_mismatch(void)
{
    /* the last rank sends 2 ints a block, everyone expects 1 */
    int *sbuf = calloc((size_t)size * 2, sizeof(int)),
        *rbuf = calloc((size_t)size * 2, sizeof(int));
    int n = rank == size - 1 ? 2 : 1;
    int rc = MPI_Alltoall(sbuf, n, MPI_INT, rbuf, 1, MPI_INT, MPI_COMM_WORLD);
    /* everyone receives from it; its own block to itself mismatches too */
    EXPECT(err_class(rc) == MPI_ERR_TRUNCATE);
    check_sane("an alltoall with mismatched counts");
    free(sbuf);
    free(rbuf);
}

static void aliasing(void)
{
    int *buf = malloc((size_t)size * 4 * sizeof(int)), *out = malloc((size_t)size * sizeof(int));
    for (int i = 0; i < size * 4; i++)
        buf[i] = rank * 1000 + i;
    /* Gather with sendbuf == recvbuf on the root, the root's own block being elsewhere: only
     * the root calls it wrong; its right call then meets the others' first one. */
    int root = size - 1, rc;
    rc = MPI_Gather(buf, 1, MPI_INT, buf, 1, MPI_INT, root, MPI_COMM_WORLD);
    if (rank == root) {
        EXPECT(err_class(rc) == MPI_ERR_BUFFER);
        rc = MPI_Gather(buf, 1, MPI_INT, out, 1, MPI_INT, root, MPI_COMM_WORLD);
        EXPECT(rc == MPI_SUCCESS);
        for (int i = 0; i < size; i++)
            EXPECT(out[i] == i * 1000);
    } else {
        EXPECT(rc == MPI_SUCCESS);
    }
    check_sane("an aliased gather");

    /* Allgather from a part of the result other than the own block: refused on every rank */
    rc = MPI_Allgather(buf + 2 * rank + 1, 2, MPI_INT, buf, 2, MPI_INT, MPI_COMM_WORLD);
    EXPECT(err_class(rc) == MPI_ERR_BUFFER);
    /* ... the exact own block is taken as MPI_IN_PLACE */
    for (int i = 0; i < size; i++)
        buf[i] = i == rank ? rank * 7 : -1;
    rc = MPI_Allgather(buf + rank, 1, MPI_INT, buf, 1, MPI_INT, MPI_COMM_WORLD);
    EXPECT(rc == MPI_SUCCESS);
    for (int i = 0; i < size; i++)
        EXPECT(buf[i] == i * 7);

    /* Allreduce and Alltoall into their own input */
    EXPECT(err_class(MPI_Allreduce(buf, buf, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD)) ==
           MPI_ERR_BUFFER);
    EXPECT(err_class(MPI_Alltoall(buf, 1, MPI_INT, buf + 1, 1, MPI_INT, MPI_COMM_WORLD)) ==
           MPI_ERR_BUFFER);
    /* Scatter on the root into a part of its send buffer */
    rc = MPI_Scatter(buf, 1, MPI_INT, rank == 0 ? buf + 1 : out, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        EXPECT(err_class(rc) == MPI_ERR_BUFFER);
        EXPECT(MPI_Scatter(buf, 1, MPI_INT, out, 1, MPI_INT, 0, MPI_COMM_WORLD) == MPI_SUCCESS);
    }
    check_sane("aliased buffers");

    /* MPI_Reduce_local */
    int a[4] = {1, 2, 3, 4};
    EXPECT(err_class(MPI_Reduce_local(MPI_IN_PLACE, a, 4, MPI_INT, MPI_SUM)) == MPI_ERR_BUFFER);
    EXPECT(err_class(MPI_Reduce_local(a, MPI_IN_PLACE, 4, MPI_INT, MPI_SUM)) == MPI_ERR_BUFFER);
    EXPECT(err_class(MPI_Reduce_local(a, a, 4, MPI_INT, MPI_SUM)) == MPI_ERR_BUFFER);
    EXPECT(err_class(MPI_Reduce_local(a, a + 1, 3, MPI_INT, MPI_SUM)) == MPI_ERR_BUFFER);
    EXPECT(MPI_Reduce_local(a, a + 2, 2, MPI_INT, MPI_SUM) == MPI_SUCCESS && a[2] == 4 &&
           a[3] == 6);
    free(buf);
    free(out);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    bcast_mismatch(false);
    bcast_mismatch(true);
    gather_root_mismatch();
    alltoall_mismatch();
    aliasing();
    return mtest_finalize(errs);
}
