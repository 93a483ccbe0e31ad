/*
 * cancel: MPI_Cancel of sends. A send that no receive has matched is withdrawn whatever its
 * protocol (eager, several packets, rendezvous; standard or synchronous mode, nonblocking or
 * persistent, to another rank or to itself): Test_cancelled says so, and the receiver never
 * sees the message (a later message with the same envelope is the one it gets). A send whose
 * receive matched first is not withdrawn and arrives whole; so with a buffered send, while its
 * message is in the attached buffer. The receiver of a cancelled send only waits in a receive
 * meanwhile: the answer to a cancel comes from its progress, as the answer to an unmatched
 * synchronous send would never come. Needs at least 2 ranks; ranks 0 and 1 talk, every rank
 * also cancels sends to itself.
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

/*
 * Buffered sends: the request completes once the message is copied into the attached buffer,
 * but the message can still be withdrawn while no receive has matched it. For each size: an
 * MPI_Ibsend cancelled (withdrawn; the request freed after the wait), a persistent
 * MPI_Bsend_init cancelled in its first run and delivered in its second, then an MPI_Ibsend
 * whose receive matched first (not withdrawn). Rank 1 gets exactly the messages not withdrawn.
 */
static void buffered(unsigned char *sbuf, unsigned char *rbuf, int n, int tag)
{
    int flag = -1, go = 0;
    if (rank == 0) {
        MPI_Request r;
        MPI_Status st;
        int bsize = 2 * (n + MPI_BSEND_OVERHEAD), dsize;
        void *b = malloc((size_t)bsize), *det;
        MPI_Buffer_attach(b, bsize);
        fill(sbuf, n, tag);
        MPI_Ibsend(sbuf, n, MPI_BYTE, 1, tag, MPI_COMM_WORLD, &r);
        EXPECT(MPI_Cancel(&r) == MPI_SUCCESS);
        MPI_Wait(&r, &st);
        MPI_Test_cancelled(&st, &flag);
        EXPECT(flag);

        MPI_Bsend_init(sbuf, n, MPI_BYTE, 1, tag, MPI_COMM_WORLD, &r);
        MPI_Start(&r);
        MPI_Cancel(&r);
        MPI_Wait(&r, &st);
        MPI_Test_cancelled(&st, &flag);
        EXPECT(flag);
        fill(sbuf, n, tag + 1);
        MPI_Start(&r);
        MPI_Wait(&r, &st);
        MPI_Test_cancelled(&st, &flag);
        EXPECT(!flag);
        MPI_Request_free(&r);
        MPI_Send(&go, 1, MPI_INT, 1, 1, MPI_COMM_WORLD);

        /* rank 1 has received the message before the cancel */
        MPI_Recv(&go, 1, MPI_INT, 1, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        fill(sbuf, n, tag + 2);
        MPI_Ibsend(sbuf, n, MPI_BYTE, 1, tag + 2, MPI_COMM_WORLD, &r);
        MPI_Recv(&go, 1, MPI_INT, 1, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Cancel(&r);
        MPI_Wait(&r, &st);
        MPI_Test_cancelled(&st, &flag);
        EXPECT(!flag);
        MPI_Buffer_detach(&det, &dsize);
        EXPECT(det == b && dsize == bsize);
        free(b);
    } else if (rank == 1) {
        MPI_Request rr;
        MPI_Recv(&go, 1, MPI_INT, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE); /* cancels done */
        memset(rbuf, 0xEE, (size_t)n);
        MPI_Recv(rbuf, MAXN, MPI_BYTE, 0, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        EXPECT(same(rbuf, n, tag + 1));
        MPI_Irecv(rbuf, MAXN, MPI_BYTE, 0, tag + 2, MPI_COMM_WORLD, &rr);
        MPI_Send(&go, 1, MPI_INT, 0, 2, MPI_COMM_WORLD);
        MPI_Wait(&rr, MPI_STATUS_IGNORE);
        EXPECT(same(rbuf, n, tag + 2));
        MPI_Send(&go, 1, MPI_INT, 0, 3, MPI_COMM_WORLD);
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
    for (int i = 0; i < NSIZES; i++)
        buffered(sbuf, rbuf, sizes[i], 950 + 4 * i);
    to_self(sbuf, rbuf);
    free(sbuf);
    free(rbuf);
    return mtest_finalize(errs);
}
