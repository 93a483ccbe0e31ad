/*
 * cancel: MPI_Cancel of sends. A send that no receive has matched is withdrawn whatever its
 * protocol (eager, several packets, rendezvous; standard or synchronous mode, nonblocking or
 * persistent, to another rank or to itself): Test_cancelled says so, and the receiver never
 * sees the message (a later message with the same envelope is the one it gets). A send whose
 * receive matched first is not withdrawn and arrives whole. A buffered send is complete once
 * copied, so its cancel fails and the message arrives. The receiver of a cancelled send only
 * waits in a receive meanwhile: the answer to a cancel comes from its progress, as the answer
 * to an unmatched synchronous send would never come. Needs at least 2 ranks; ranks 0 and 1
 * talk, every rank also cancels sends to itself.
 */
#include "mtest.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int errs, rank, size;

/* Eager in one packet, several packets (ofi), rendezvous on every wire. */
static const int sizes[] = {0, 1, 100, 20000, 300000};
#define NSIZES ((int)(sizeof(sizes) / sizeof(sizes[0])))
#define MAXN 300000

static void fill(unsigned char *b, int n, int seed)
{
    for (int i = 0; i < n; i++)
        b[i] = (unsigned char)(i * 7 + seed * 13 + (i >> 9));
}

static int same(const unsigned char *b, int n, int seed)
{
    for (int i = 0; i < n; i++)
        if (b[i] != (unsigned char)(i * 7 + seed * 13 + (i >> 9)))
            return 0;
    return 1;
}

/*
 * Rank 0 sends a message of n bytes in the given mode and cancels it before rank 1 posts a
 * receive; then it sends a second message with the same tag and other bytes. Rank 1 must get
 * the second (and the first too when the cancel failed, which it learns from rank 0).
 */
static void unmatched(unsigned char *sbuf, unsigned char *rbuf, int n, int sync, int tag,
                      int by_get_status)
{
    MPI_Status st;
    int flag = -1, count = -1;
    if (rank == 0) {
        MPI_Request r;
        fill(sbuf, n, tag);
        if (sync)
            MPI_Issend(sbuf, n, MPI_BYTE, 1, tag, MPI_COMM_WORLD, &r);
        else
            MPI_Isend(sbuf, n, MPI_BYTE, 1, tag, MPI_COMM_WORLD, &r);
        EXPECT(MPI_Cancel(&r) == MPI_SUCCESS);
        if (by_get_status) {
            int done = 0;
            while (!done)
                MPI_Request_get_status(r, &done, &st);
            MPI_Test_cancelled(&st, &flag);
            EXPECT(flag);
        }
        MPI_Wait(&r, &st);
        EXPECT(r == MPI_REQUEST_NULL);
        MPI_Test_cancelled(&st, &flag);
        if (!flag)
            fprintf(stderr, "rank 0: %s send of %d bytes (tag %d) not cancelled\n",
                    sync ? "synchronous" : "standard", n, tag);
        EXPECT(flag);
        MPI_Send(&flag, 1, MPI_INT, 1, 1, MPI_COMM_WORLD);
        fill(sbuf, n, tag + 1);
        MPI_Send(sbuf, n, MPI_BYTE, 1, tag, MPI_COMM_WORLD);
    } else if (rank == 1) {
        MPI_Recv(&flag, 1, MPI_INT, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (!flag) /* not withdrawn: it is here first, whole */
            MPI_Recv(rbuf, MAXN, MPI_BYTE, 0, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        memset(rbuf, 0xEE, (size_t)n + 1);
        MPI_Recv(rbuf, MAXN, MPI_BYTE, 0, tag, MPI_COMM_WORLD, &st);
        MPI_Get_count(&st, MPI_BYTE, &count);
        EXPECT(count == n);
        EXPECT(same(rbuf, n, tag + 1)); /* the second message, not the cancelled one */
        EXPECT(rbuf[n] == 0xEE);
    }
}

/* Rank 1 posts its receive first: the send is matched when its cancel arrives, and goes on. */
static void matched(unsigned char *sbuf, unsigned char *rbuf, int n, int sync, int tag)
{
    int flag = -1;
    if (rank == 0) {
        MPI_Request r;
        MPI_Status st;
        MPI_Recv(NULL, 0, MPI_BYTE, 1, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE); /* posted */
        fill(sbuf, n, tag);
        if (sync)
            MPI_Issend(sbuf, n, MPI_BYTE, 1, tag, MPI_COMM_WORLD, &r);
        else
            MPI_Isend(sbuf, n, MPI_BYTE, 1, tag, MPI_COMM_WORLD, &r);
        MPI_Cancel(&r);
        MPI_Wait(&r, &st);
        MPI_Test_cancelled(&st, &flag);
        EXPECT(!flag);
    } else if (rank == 1) {
        MPI_Request r;
        MPI_Status st;
        int count = -1;
        memset(rbuf, 0xEE, (size_t)n + 1);
        MPI_Irecv(rbuf, MAXN, MPI_BYTE, 0, tag, MPI_COMM_WORLD, &r);
        MPI_Send(NULL, 0, MPI_BYTE, 0, 2, MPI_COMM_WORLD);
        MPI_Wait(&r, &st);
        MPI_Get_count(&st, MPI_BYTE, &count);
        MPI_Test_cancelled(&st, &flag);
        EXPECT(!flag && count == n && same(rbuf, n, tag) && rbuf[n] == 0xEE);
    }
}

/* A persistent synchronous send: cancelled in its first run, delivered in its second. */
static void persistent(unsigned char *sbuf, unsigned char *rbuf)
{
    int flag = -1, n = 5000, tag = 900;
    if (rank == 0) {
        MPI_Request r;
        MPI_Status st;
        fill(sbuf, n, tag);
        MPI_Ssend_init(sbuf, n, MPI_BYTE, 1, tag, MPI_COMM_WORLD, &r);
        MPI_Start(&r);
        MPI_Cancel(&r);
        MPI_Wait(&r, &st);
        MPI_Test_cancelled(&st, &flag);
        EXPECT(flag);
        EXPECT(r != MPI_REQUEST_NULL); /* inactive, not freed */
        MPI_Send(&flag, 1, MPI_INT, 1, 1, MPI_COMM_WORLD);
        MPI_Start(&r);
        MPI_Wait(&r, &st);
        MPI_Test_cancelled(&st, &flag);
        EXPECT(!flag);
        MPI_Request_free(&r);
    } else if (rank == 1) {
        MPI_Recv(&flag, 1, MPI_INT, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (!flag)
            MPI_Recv(rbuf, MAXN, MPI_BYTE, 0, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        memset(rbuf, 0xEE, (size_t)n);
        MPI_Recv(rbuf, MAXN, MPI_BYTE, 0, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        EXPECT(same(rbuf, n, tag));
    }
}

/* A buffered send has completed when it was copied: the cancel fails, the message arrives. */
static void buffered(unsigned char *sbuf, unsigned char *rbuf)
{
    int flag = -1, n = 100, tag = 950;
    if (rank == 0) {
        MPI_Request r;
        MPI_Status st;
        int bsize = n + MPI_BSEND_OVERHEAD, dsize;
        void *b = malloc((size_t)bsize), *det;
        MPI_Buffer_attach(b, bsize);
        fill(sbuf, n, tag);
        MPI_Ibsend(sbuf, n, MPI_BYTE, 1, tag, MPI_COMM_WORLD, &r);
        MPI_Cancel(&r);
        MPI_Wait(&r, &st);
        MPI_Test_cancelled(&st, &flag);
        EXPECT(!flag);
        MPI_Send(&flag, 1, MPI_INT, 1, 1, MPI_COMM_WORLD);
        MPI_Buffer_detach(&det, &dsize);
        free(b);
    } else if (rank == 1) {
        MPI_Recv(&flag, 1, MPI_INT, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        EXPECT(!flag);
        memset(rbuf, 0xEE, (size_t)n);
        MPI_Recv(rbuf, MAXN, MPI_BYTE, 0, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        EXPECT(same(rbuf, n, tag));
    }
}

/* Sends to itself: withdrawn unless a receive matched, and nothing of them can be probed. */
static void to_self(unsigned char *sbuf, unsigned char *rbuf)
{
    for (int i = 0; i < NSIZES; i++) {
        for (int sync = 0; sync < 2; sync++) {
            MPI_Request r;
            MPI_Status st;
            int flag = -1, n = sizes[i], tag = 1000 + 2 * i + sync;
            fill(sbuf, n, tag);
            if (sync)
                MPI_Issend(sbuf, n, MPI_BYTE, rank, tag, MPI_COMM_WORLD, &r);
            else
                MPI_Isend(sbuf, n, MPI_BYTE, rank, tag, MPI_COMM_WORLD, &r);
            MPI_Cancel(&r);
            MPI_Wait(&r, &st);
            MPI_Test_cancelled(&st, &flag);
            EXPECT(flag);
            MPI_Iprobe(rank, tag, MPI_COMM_WORLD, &flag, &st);
            EXPECT(!flag);
        }
    }
    /* Matched first: the cancel fails and the receive has the data. */
    MPI_Request rr, sr;
    MPI_Status st;
    int flag = -1, n = 20000, tag = 1100;
    fill(sbuf, n, tag);
    memset(rbuf, 0xEE, (size_t)n);
    MPI_Irecv(rbuf, MAXN, MPI_BYTE, rank, tag, MPI_COMM_WORLD, &rr);
    MPI_Issend(sbuf, n, MPI_BYTE, rank, tag, MPI_COMM_WORLD, &sr);
    MPI_Cancel(&sr);
    MPI_Wait(&sr, &st);
    MPI_Test_cancelled(&st, &flag);
    EXPECT(!flag);
    MPI_Wait(&rr, MPI_STATUS_IGNORE);
    EXPECT(same(rbuf, n, tag));
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size < 2) {
        printf("cancel needs at least 2 ranks\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    unsigned char *sbuf = malloc(MAXN + 1), *rbuf = malloc(MAXN + 1);
    for (int i = 0; i < NSIZES; i++) {
        for (int sync = 0; sync < 2; sync++) {
            unmatched(sbuf, rbuf, sizes[i], sync, 100 + 4 * i + sync, i == 2);
            matched(sbuf, rbuf, sizes[i], sync, 300 + 4 * i + sync);
        }
    }
    /* Many cancelled sends in a row: the eager window they took comes back. */
    for (int k = 0; k < 200; k++)
        unmatched(sbuf, rbuf, sizes[k % NSIZES], k % 2, 500 + k % 7, 0);
    persistent(sbuf, rbuf);
    buffered(sbuf, rbuf);
    to_self(sbuf, rbuf);
    free(sbuf);
    free(rbuf);
    return mtest_finalize(errs);
}
