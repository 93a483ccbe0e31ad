/*
 * part.c: partitioned communication (MPI_Psend_init, MPI_Precv_init, MPI_Pready, _range, _list,
 * MPI_Parrived). A ring where sender and receiver cut the same buffer into different numbers of
 * partitions, over several rounds, partitions marked ready out of order and polled with
 * MPI_Parrived; large messages (rendezvous); a derived datatype; two channels between the same
 * pair with the same tag, paired in the order of their initialization although the second one's
 * data goes first (and the first one's has not arrived while its partitions are not all ready);
 * partitioned traffic next to ordinary messages of the same tag (neither takes the other's);
 * MPI_PROC_NULL; and the errors of each call.
 */
#include "mtest.h"

#include <stdlib.h>
#include <string.h>

static int errs, rank, size;

static int value(int round, int from, size_t i)
{
    return (int)((size_t)round * 1000003u + (size_t)from * 7919u + i);
}

/* A ring: sender 8 partitions of n/8, receiver 4 of n/4; partitions readied in a shuffled order. */
static void test_ring(size_t n, int rounds)
{
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int *sbuf = calloc(n, sizeof(int)), *rbuf = calloc(n, sizeof(int));
    MPI_Request req[2];
    MPI_Psend_init(sbuf, 8, (MPI_Count)(n / 8), MPI_INT, right, 11, MPI_COMM_WORLD, MPI_INFO_NULL,
                   &req[0]);
    MPI_Precv_init(rbuf, 4, (MPI_Count)(n / 4), MPI_INT, left, 11, MPI_COMM_WORLD, MPI_INFO_NULL,
                   &req[1]);
    for (int round = 0; round < rounds; round++) {
        memset(rbuf, 0xff, n * sizeof(int));
        MPI_Startall(2, req);
        for (size_t i = 0; i < n; i++)
            sbuf[i] = value(round, rank, i);
        int flag;
        /* partitions 7 and 5 alone, 0-2 as a range, then 6, 3 and 4 as a list */
        MPI_Pready(7, req[0]);
        MPI_Pready(5, req[0]);
        MPI_Pready_range(0, 2, req[0]);
        int rest[3] = {6, 3, 4};
        MPI_Pready_list(3, rest, req[0]);
        for (int p = 3; p >= 0; p--) {
            do {
                MPI_Parrived(req[1], p, &flag);
            } while (!flag);
        }
        MPI_Status st[2];
        MPI_Waitall(2, req, st);
        for (size_t i = 0; i < n; i++) {
            if (rbuf[i] != value(round, left, i)) {
                fprintf(stderr, "rank %d: ring of %zu ints, round %d: element %zu is %d, not %d\n",
                        rank, n, round, i, rbuf[i], value(round, left, i));
                errs++;
                break;
            }
        }
        int count;
        MPI_Get_count(&st[1], MPI_INT, &count);
        EXPECT(count == (int)n && st[1].MPI_SOURCE == left && st[1].MPI_TAG == 11);
    }
    int flag = 0;
    MPI_Parrived(req[1], 2, &flag); /* inactive: its partitions are all there */
    EXPECT(flag);
    MPI_Request_free(&req[0]);
    MPI_Request_free(&req[1]);
    EXPECT(req[0] == MPI_REQUEST_NULL && req[1] == MPI_REQUEST_NULL);
    free(sbuf);
    free(rbuf);
}

/*
 * Two channels 0 -> 1 with one tag: A made first, B second, on both sides. B's partitions are
 * all ready before A's, so B's message leaves first; it must still land in B's receive. An
 * ordinary message of the same tag goes in between; the ordinary receive gets it.
 */
static void test_pairing(void)
{
    if (size < 2 || rank > 1)
        return;
    enum { N = 64 };
    int a[N], b[N], plain = -1;
    MPI_Request ra, rb;
    if (rank == 0) {
        for (int i = 0; i < N; i++) {
            a[i] = 1000 + i;
            b[i] = 2000 + i;
        }
        MPI_Psend_init(a, 2, N / 2, MPI_INT, 1, 5, MPI_COMM_WORLD, MPI_INFO_NULL, &ra);
        MPI_Psend_init(b, 4, N / 4, MPI_INT, 1, 5, MPI_COMM_WORLD, MPI_INFO_NULL, &rb);
        MPI_Start(&ra);
        MPI_Start(&rb);
        MPI_Pready_range(0, 3, rb);
        plain = 77;
        MPI_Send(&plain, 1, MPI_INT, 1, 5, MPI_COMM_WORLD);
        MPI_Recv(NULL, 0, MPI_INT, 1, 6, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Pready_range(0, 1, ra);
    } else {
        memset(a, 0, sizeof(a));
        memset(b, 0, sizeof(b));
        MPI_Precv_init(a, 1, N, MPI_INT, 0, 5, MPI_COMM_WORLD, MPI_INFO_NULL, &ra);
        MPI_Precv_init(b, 8, N / 8, MPI_INT, 0, 5, MPI_COMM_WORLD, MPI_INFO_NULL, &rb);
        MPI_Start(&ra);
        MPI_Start(&rb);
        MPI_Recv(&plain, 1, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        EXPECT(plain == 77);
        int flag = 1;
        MPI_Parrived(ra, 0, &flag); /* A's partitions are not all ready yet */
        EXPECT(!flag);
        MPI_Send(NULL, 0, MPI_INT, 0, 6, MPI_COMM_WORLD);
    }
    MPI_Wait(&rb, MPI_STATUS_IGNORE);
    MPI_Wait(&ra, MPI_STATUS_IGNORE);
    if (rank == 1) {
        for (int i = 0; i < N; i++) {
            if (a[i] != 1000 + i || b[i] != 2000 + i) {
                fprintf(stderr, "rank 1: pairing: a[%d] %d b[%d] %d\n", i, a[i], i, b[i]);
                errs++;
                break;
            }
        }
    }
    MPI_Request_free(&ra);
    MPI_Request_free(&rb);
}

/* Every other int of 2 * n, in 4 partitions at the sender, 2 at the receiver (contiguous). */
static void test_datatype(void)
{
    enum { N = 1000 };
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int *s = calloc(2 * N, sizeof(int)), r[N];
    MPI_Datatype vec, every_other;
    MPI_Type_vector(N / 4, 1, 2, MPI_INT, &vec);
    MPI_Type_create_resized(vec, 0, (MPI_Aint)(N / 2 * sizeof(int)), &every_other);
    MPI_Type_free(&vec);
    MPI_Type_commit(&every_other);
    for (int i = 0; i < 2 * N; i++)
        s[i] = i % 2 ? -1 : rank * 100000 + i / 2;
    MPI_Request rq[2];
    MPI_Psend_init(s, 4, 1, every_other, right, 3, MPI_COMM_WORLD, MPI_INFO_NULL, &rq[0]);
    MPI_Precv_init(r, 2, N / 2, MPI_INT, left, 3, MPI_COMM_WORLD, MPI_INFO_NULL, &rq[1]);
    MPI_Type_free(&every_other); /* the requests keep it */
    MPI_Startall(2, rq);
    MPI_Pready_range(0, 3, rq[0]);
    MPI_Waitall(2, rq, MPI_STATUSES_IGNORE);
    for (int i = 0; i < N; i++) {
        if (r[i] != left * 100000 + i) {
            fprintf(stderr, "rank %d: datatype: r[%d] is %d\n", rank, i, r[i]);
            errs++;
            break;
        }
    }
    MPI_Request_free(&rq[0]);
    MPI_Request_free(&rq[1]);
    free(s);
}

static void test_proc_null(void)
{
    int x[4] = {1, 2, 3, 4};
    MPI_Request rq[2];
    MPI_Status st;
    MPI_Psend_init(x, 2, 2, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, MPI_INFO_NULL, &rq[0]);
    MPI_Precv_init(x, 2, 2, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, MPI_INFO_NULL, &rq[1]);
    MPI_Startall(2, rq);
    MPI_Pready_range(0, 1, rq[0]);
    int flag = 0;
    MPI_Parrived(rq[1], 1, &flag);
    EXPECT(flag);
    MPI_Wait(&rq[1], &st);
    EXPECT(st.MPI_SOURCE == MPI_PROC_NULL && x[0] == 1);
    MPI_Wait(&rq[0], MPI_STATUS_IGNORE);
    MPI_Request_free(&rq[0]);
    MPI_Request_free(&rq[1]);
}

static void test_errors(void)
{
    int x[8], flag;
    MPI_Request s, r;
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int rc = MPI_Precv_init(x, 2, 4, MPI_INT, MPI_ANY_SOURCE, 9, MPI_COMM_WORLD, MPI_INFO_NULL, &r);
    EXPECT(rc != MPI_SUCCESS);
    int cls = -1;
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_RANK);
    rc = MPI_Precv_init(x, 2, 4, MPI_INT, left, MPI_ANY_TAG, MPI_COMM_WORLD, MPI_INFO_NULL, &r);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_TAG);
    rc = MPI_Psend_init(x, -1, 4, MPI_INT, right, 9, MPI_COMM_WORLD, MPI_INFO_NULL, &s);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_ARG);
    rc = MPI_Psend_init(x, 2, -4, MPI_INT, right, 9, MPI_COMM_WORLD, MPI_INFO_NULL, &s);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_COUNT);
    rc = MPI_Psend_init(x, 2, 4, MPI_INT, size, 9, MPI_COMM_WORLD, MPI_INFO_NULL, &s);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_RANK);

    MPI_Psend_init(x, 2, 4, MPI_INT, right, 9, MPI_COMM_WORLD, MPI_INFO_NULL, &s);
    MPI_Precv_init(x, 2, 4, MPI_INT, left, 9, MPI_COMM_WORLD, MPI_INFO_NULL, &r);
    rc = MPI_Pready(0, s); /* not started */
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_REQUEST);
    MPI_Request plain;
    MPI_Send_init(x, 1, MPI_INT, right, 9, MPI_COMM_WORLD, &plain);
    rc = MPI_Pready(0, plain); /* not partitioned */
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_REQUEST);
    MPI_Request_free(&plain);
    MPI_Start(&r);
    MPI_Start(&s);
    rc = MPI_Pready(2, s);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_ARG);
    rc = MPI_Pready_range(1, 0, s);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_ARG);
    rc = MPI_Pready(0, r); /* a receive */
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_REQUEST);
    rc = MPI_Parrived(s, 0, &flag); /* a send */
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_REQUEST);
    rc = MPI_Parrived(r, 5, &flag);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_ARG);
    rc = MPI_Cancel(&s);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_UNSUPPORTED_OPERATION);
    int twice[2] = {1, 1};
    rc = MPI_Pready_list(2, twice, s);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_ARG);
    EXPECT(MPI_Pready(1, s) == MPI_SUCCESS);
    rc = MPI_Pready(1, s); /* already ready */
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_ARG);
    EXPECT(MPI_Pready(0, s) == MPI_SUCCESS);
    MPI_Wait(&s, MPI_STATUS_IGNORE);
    MPI_Wait(&r, MPI_STATUS_IGNORE);
    MPI_Request_free(&s);
    MPI_Request_free(&r);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    test_ring(64, 4);
    test_ring((size_t)1 << 20, 2); /* 4 MiB: rendezvous */
    test_pairing();
    test_datatype();
    test_proc_null();
    test_errors();
    return mtest_finalize(errs);
}
