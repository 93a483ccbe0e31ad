/*
 * errors: invalid arguments raise the right error class under MPI_ERRORS_RETURN (also for
 * buffered sends, persistent requests and matched probes), a short receive buffer gives
 * MPI_ERR_TRUNCATE with nothing written past it, and the error-string functions answer.
 */
#include "mtest.h"

#include <mpi.h>
#include <stdio.h>
#include <string.h>

static int errors;

#define EXPECT_CLASS(call, cls)                                                                    \
    do {                                                                                           \
        int rc_ = (call);                                                                          \
        int c_ = -1;                                                                               \
        MPI_Error_class(rc_, &c_);                                                                 \
        if (c_ != (cls)) {                                                                         \
            printf("line %d: %s returned class %d, expected %s (%d)\n", __LINE__, #call, c_, #cls, \
                   cls);                                                                           \
            errors++;                                                                              \
        }                                                                                          \
    } while (0)

int main(int argc, char **argv)
{
    int rank, size, buf[16] = {0};
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    MPI_Errhandler eh;
    MPI_Comm_get_errhandler(MPI_COMM_WORLD, &eh);
    if (eh != MPI_ERRORS_ARE_FATAL) {
        printf("default error handler is not MPI_ERRORS_ARE_FATAL\n");
        errors++;
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);

    EXPECT_CLASS(MPI_Send(buf, -1, MPI_INT, 0, 0, MPI_COMM_WORLD), MPI_ERR_COUNT);
    EXPECT_CLASS(MPI_Send(buf, 1, MPI_INT, size, 0, MPI_COMM_WORLD), MPI_ERR_RANK);
    EXPECT_CLASS(MPI_Send(buf, 1, MPI_INT, -7, 0, MPI_COMM_WORLD), MPI_ERR_RANK);
    EXPECT_CLASS(MPI_Send(buf, 1, MPI_INT, 0, 0, MPI_COMM_NULL), MPI_ERR_COMM);
    EXPECT_CLASS(MPI_Send(NULL, 4, MPI_INT, 0, 0, MPI_COMM_WORLD), MPI_ERR_BUFFER);
    EXPECT_CLASS(MPI_Send(buf, 1, MPI_INT, 0, -5, MPI_COMM_WORLD), MPI_ERR_TAG);
    EXPECT_CLASS(MPI_Send(buf, 1, MPI_DATATYPE_NULL, 0, 0, MPI_COMM_WORLD), MPI_ERR_TYPE);
    /* no data: MPI_DATATYPE_NULL is accepted (as MPICH does), the message has 0 bytes */
    {
        MPI_Request zr;
        MPI_Status zst;
        int zn = -1;
        EXPECT_CLASS(MPI_Irecv(NULL, 0, MPI_DATATYPE_NULL, rank, 77, MPI_COMM_WORLD, &zr),
                     MPI_SUCCESS);
        EXPECT_CLASS(MPI_Send(NULL, 0, MPI_DATATYPE_NULL, rank, 77, MPI_COMM_WORLD), MPI_SUCCESS);
        EXPECT_CLASS(MPI_Wait(&zr, &zst), MPI_SUCCESS);
        MPI_Get_count(&zst, MPI_BYTE, &zn);
        if (zn != 0) {
            printf("line %d: a message of MPI_DATATYPE_NULL has %d bytes\n", __LINE__, zn);
            errors++;
        }
    }
    EXPECT_CLASS(MPI_Recv(buf, -2, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
                 MPI_ERR_COUNT);
    EXPECT_CLASS(MPI_Recv(buf, 1, MPI_INT, size + 3, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
                 MPI_ERR_RANK);
    EXPECT_CLASS(MPI_Recv(buf, 1, MPI_INT, 0, 0, MPI_COMM_NULL, MPI_STATUS_IGNORE), MPI_ERR_COMM);
    EXPECT_CLASS(MPI_Recv(NULL, 3, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
                 MPI_ERR_BUFFER);
    MPI_Request req;
    EXPECT_CLASS(MPI_Isend(buf, -1, MPI_INT, 0, 0, MPI_COMM_WORLD, &req), MPI_ERR_COUNT);
    EXPECT_CLASS(MPI_Irecv(buf, 1, MPI_INT, 0, 0, MPI_COMM_NULL, &req), MPI_ERR_COMM);
    EXPECT_CLASS(MPI_Bcast(buf, 1, MPI_INT, size, MPI_COMM_WORLD), MPI_ERR_ROOT);
    EXPECT_CLASS(MPI_Bcast(buf, -1, MPI_INT, 0, MPI_COMM_WORLD), MPI_ERR_COUNT);
    EXPECT_CLASS(MPI_Allreduce(buf, buf + 8, 1, MPI_BYTE, MPI_SUM, MPI_COMM_WORLD), MPI_ERR_OP);
    /* MPI_CHAR reduces as its C integer (an extension MPICH has) */
    {
        char cin[2] = {1, (char)(rank > 0)}, cout[2] = {0, 0};
        EXPECT_CLASS(MPI_Allreduce(cin, cout, 2, MPI_CHAR, MPI_LAND, MPI_COMM_WORLD), MPI_SUCCESS);
        EXPECT_CLASS(MPI_Allreduce(cin, cout, 2, MPI_CHAR, MPI_SUM, MPI_COMM_WORLD), MPI_SUCCESS);
        if (cout[0] != (char)size || cout[1] != (char)(size - 1)) {
            printf("line %d: MPI_CHAR sums are %d %d\n", __LINE__, cout[0], cout[1]);
            errors++;
        }
    }
    EXPECT_CLASS(MPI_Allreduce(buf, buf + 8, 1, MPI_INT, MPI_OP_NULL, MPI_COMM_WORLD), MPI_ERR_OP);
    EXPECT_CLASS(MPI_Barrier(MPI_COMM_NULL), MPI_ERR_COMM);
    EXPECT_CLASS(MPI_Comm_rank(MPI_COMM_NULL, &rank), MPI_ERR_COMM);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);

    /* Buffered sends need an attached buffer with room; a second attach is refused. */
    EXPECT_CLASS(MPI_Bsend(buf, 1, MPI_INT, rank, 0, MPI_COMM_WORLD), MPI_ERR_BUFFER);
    static char bsbuf[MPI_BSEND_OVERHEAD + 64];
    MPI_Buffer_attach(bsbuf, sizeof(bsbuf));
    EXPECT_CLASS(MPI_Buffer_attach(bsbuf, sizeof(bsbuf)), MPI_ERR_BUFFER);
    static int bsbig[1024];
    EXPECT_CLASS(MPI_Bsend(bsbig, 1024, MPI_INT, rank, 0, MPI_COMM_WORLD), MPI_ERR_BUFFER);
    void *det;
    int detsize;
    MPI_Buffer_detach(&det, &detsize);
    /* Requests: Start needs a persistent one; freeing MPI_REQUEST_NULL is an error. */
    MPI_Request nreq = MPI_REQUEST_NULL;
    EXPECT_CLASS(MPI_Request_free(&nreq), MPI_ERR_REQUEST);
    MPI_Irecv(buf, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &nreq);
    EXPECT_CLASS(MPI_Start(&nreq), MPI_ERR_REQUEST);
    MPI_Wait(&nreq, MPI_STATUS_IGNORE);
    MPI_Recv_init(buf, 1, MPI_INT, rank, 9, MPI_COMM_WORLD, &nreq);
    MPI_Start(&nreq);
    EXPECT_CLASS(MPI_Start(&nreq), MPI_ERR_REQUEST); /* still active */
    MPI_Cancel(&nreq);
    MPI_Wait(&nreq, MPI_STATUS_IGNORE);
    MPI_Request_free(&nreq);
    MPI_Message msg = MPI_MESSAGE_NULL;
    EXPECT_CLASS(MPI_Mrecv(buf, 1, MPI_INT, &msg, MPI_STATUS_IGNORE), MPI_ERR_REQUEST);
    EXPECT_CLASS(MPI_Probe(size, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE), MPI_ERR_RANK);

    /* Truncation: 8 ints into room for 4; the 4 after them stay untouched. */
    int peer = (rank + 1) % size, from = (rank + size - 1) % size;
    int big[8] = {1, 2, 3, 4, 5, 6, 7, 8}, small[8];
    for (int i = 0; i < 8; i++)
        small[i] = -1;
    MPI_Isend(big, 8, MPI_INT, peer, 3, MPI_COMM_WORLD, &req);
    MPI_Status st;
    EXPECT_CLASS(MPI_Recv(small, 4, MPI_INT, from, 3, MPI_COMM_WORLD, &st), MPI_ERR_TRUNCATE);
    MPI_Wait(&req, MPI_STATUS_IGNORE);
    for (int i = 0; i < 8; i++)
        if (small[i] != (i < 4 ? i + 1 : -1)) {
            printf("truncated receive: small[%d] = %d\n", i, small[i]);
            errors++;
        }
    /* Truncation of a rendezvous-size message, in Waitall. */
    static char lbig[1 << 20], lsmall[1 << 19];
    MPI_Request rr[2];
    MPI_Status sts[2];
    MPI_Irecv(lsmall, sizeof(lsmall), MPI_BYTE, from, 4, MPI_COMM_WORLD, &rr[0]);
    MPI_Isend(lbig, sizeof(lbig), MPI_BYTE, peer, 4, MPI_COMM_WORLD, &rr[1]);
    EXPECT_CLASS(MPI_Waitall(2, rr, sts), MPI_ERR_IN_STATUS);
    if (sts[0].MPI_ERROR != MPI_ERR_TRUNCATE || sts[1].MPI_ERROR != MPI_SUCCESS) {
        printf("Waitall statuses: %d %d\n", sts[0].MPI_ERROR, sts[1].MPI_ERROR);
        errors++;
    }

    char s[MPI_MAX_ERROR_STRING];
    int len, cls;
    MPI_Error_string(MPI_ERR_TRUNCATE, s, &len);
    if (len <= 0 || strstr(s, "truncat") == NULL) {
        printf("Error_string(MPI_ERR_TRUNCATE) = '%s'\n", s);
        errors++;
    }
    MPI_Error_class(MPI_ERR_RANK, &cls);
    if (cls != MPI_ERR_RANK)
        errors++;

    int status = mtest_finalize(errors);
    return status;
}
