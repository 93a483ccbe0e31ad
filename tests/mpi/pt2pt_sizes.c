/*
 * pt2pt_sizes: messages of 0 bytes to 64 MiB between rank pairs, blocking and nonblocking,
 * checked byte for byte; covers eager, rendezvous and truncation-free boundaries.
 */
#include "mtest.h"

#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char pattern(size_t i, int seed)
{
    return (unsigned char)((i * 131u + (size_t)seed * 7u + (i >> 12)) & 0xff);
}

static int check(const unsigned char *buf, size_t n, int seed, const char *what)
{
    for (size_t i = 0; i < n; i++) {
        if (buf[i] != pattern(i, seed)) {
            printf("%s: %zu bytes: byte %zu is %u, expected %u\n", what, n, i, buf[i],
                   pattern(i, seed));
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    int rank, size, errors = 0;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const size_t max = (size_t)64 << 20;
    unsigned char *sbuf = malloc(max), *rbuf = malloc(max + 64);
    int peer = rank ^ 1;
    if (peer >= size)
        peer = MPI_PROC_NULL;

    size_t sizes[64];
    int ns = 0;
    sizes[ns++] = 0;
    for (size_t s = 1; s <= max; s *= 2) {
        sizes[ns++] = s;
        if (s > 4)
            sizes[ns++] = s - 3; /* odd sizes around every boundary */
    }
    for (int k = 0; k < ns && peer != MPI_PROC_NULL; k++) {
        size_t n = sizes[k];
        int cnt = (int)n;
        for (size_t i = 0; i < n; i++)
            sbuf[i] = pattern(i, rank);
        memset(rbuf, 0xee, n + 64);
        MPI_Status st;
        /* blocking: lower rank sends first */
        if (rank < peer) {
            MPI_Send(sbuf, cnt, MPI_BYTE, peer, k, MPI_COMM_WORLD);
            MPI_Recv(rbuf, cnt, MPI_BYTE, peer, k, MPI_COMM_WORLD, &st);
        } else {
            MPI_Recv(rbuf, cnt, MPI_BYTE, peer, k, MPI_COMM_WORLD, &st);
            MPI_Send(sbuf, cnt, MPI_BYTE, peer, k, MPI_COMM_WORLD);
        }
        errors += check(rbuf, n, peer, "Send/Recv");
        int got;
        MPI_Get_count(&st, MPI_BYTE, &got);
        if (got != cnt || st.MPI_SOURCE != peer || st.MPI_TAG != k) {
            printf("Send/Recv %zu: count %d source %d tag %d\n", n, got, st.MPI_SOURCE, st.MPI_TAG);
            errors++;
        }
        for (int i = 0; i < 64; i++)
            if (rbuf[n + (size_t)i] != 0xee) {
                printf("%zu: byte written past the message\n", n);
                errors++;
                break;
            }
        /* nonblocking, receive posted after the send (unexpected path) and before */
        MPI_Request req[2];
        memset(rbuf, 0, n);
        MPI_Isend(sbuf, cnt, MPI_BYTE, peer, 1000 + k, MPI_COMM_WORLD, &req[0]);
        MPI_Irecv(rbuf, cnt, MPI_BYTE, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &req[1]);
        MPI_Status sts[2];
        MPI_Waitall(2, req, sts);
        errors += check(rbuf, n, peer, "Isend/Irecv");
        if (sts[1].MPI_SOURCE != peer || sts[1].MPI_TAG != 1000 + k) {
            printf("Irecv %zu: source %d tag %d\n", n, sts[1].MPI_SOURCE, sts[1].MPI_TAG);
            errors++;
        }
        /* Sendrecv, and Test until done */
        memset(rbuf, 0, n);
        MPI_Sendrecv(sbuf, cnt, MPI_BYTE, peer, 7, rbuf, cnt, MPI_BYTE, peer, 7, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
        errors += check(rbuf, n, peer, "Sendrecv");
        memset(rbuf, 0, n);
        int flag = 0;
        MPI_Irecv(rbuf, cnt, MPI_BYTE, peer, 8, MPI_COMM_WORLD, &req[1]);
        MPI_Isend(sbuf, cnt, MPI_BYTE, peer, 8, MPI_COMM_WORLD, &req[0]);
        while (!flag)
            MPI_Test(&req[1], &flag, MPI_STATUS_IGNORE);
        MPI_Wait(&req[0], MPI_STATUS_IGNORE);
        if (req[0] != MPI_REQUEST_NULL || req[1] != MPI_REQUEST_NULL) {
            printf("completed requests were not set to MPI_REQUEST_NULL\n");
            errors++;
        }
        errors += check(rbuf, n, peer, "Irecv/Test");
    }
    /* MPI_PROC_NULL */
    MPI_Status st;
    MPI_Recv(rbuf, 10, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &st);
    int c = -1;
    MPI_Get_count(&st, MPI_INT, &c);
    if (st.MPI_SOURCE != MPI_PROC_NULL || st.MPI_TAG != MPI_ANY_TAG || c != 0) {
        printf("PROC_NULL status wrong\n");
        errors++;
    }
    MPI_Send(sbuf, 10, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD);

    int status = mtest_finalize(errors);
    free(sbuf);
    free(rbuf);
    return status;
}
