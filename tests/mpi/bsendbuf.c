/*
 * bsendbuf: MPI-4.1's buffered-send buffers and the other MPI-4.1 calls of the point-to-point
 * and datatype chapters.
 *   - a buffer attached to one communicator serves its buffered sends and no other
 *     communicator's; MPI_Comm_detach_buffer gives it back; MPI_Comm_free detaches it;
 *   - MPI_BUFFER_AUTOMATIC (process, communicator): any number of buffered sends of any size;
 *     detaching it gives MPI_BUFFER_AUTOMATIC back;
 *   - a session's buffer serves the communicators made from its groups (and their duplicates);
 *   - MPI_Buffer_flush, MPI_Comm_flush_buffer, MPI_Session_flush_buffer and their nonblocking
 *     forms: the nonblocking flush of a rendezvous-sized message is not complete before the
 *     receiver has posted its receive, and completes after;
 *   - errors: a second attach, a buffered send with no buffer;
 *   - MPI_Status_get/set_source, _tag, _error; MPI_Type_get_value_index.
 * Rank 0 sends, rank 1 receives; other ranks only take part in the collective calls.
 */
#include "mtest.h"

#include <mpi.h>
#include <stdlib.h>
#include <string.h>

static int rank = -1, errs;

enum {
    BIG = 4 << 20
}; /* past every wire's default rendezvous threshold (OMPI_LITE_RNDV_THRESHOLD) */

static void fill(char *p, int n, int seed)
{
    for (int i = 0; i < n; i++)
        p[i] = (char)(i * 7 + seed);
}

static int check(const char *p, int n, int seed)
{
    for (int i = 0; i < n; i++) {
        if (p[i] != (char)(i * 7 + seed))
            return 0;
    }
    return 1;
}

/* A buffer on one communicator: used there, not on MPI_COMM_WORLD; detach and free. */
static void test_comm_buffer(void)
{
    MPI_Comm c;
    MPI_Comm_dup(MPI_COMM_WORLD, &c);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(c, MPI_ERRORS_RETURN);
    int size = 3 * (1000 + MPI_BSEND_OVERHEAD);
    char *buf = malloc((size_t)size), msg[1000], got[1000];
    EXPECT(MPI_Comm_attach_buffer(c, buf, size) == MPI_SUCCESS);
    int ec = 0;
    EXPECT(MPI_Error_class(MPI_Comm_attach_buffer(c, buf, size), &ec) == MPI_SUCCESS &&
           ec == MPI_ERR_BUFFER); /* one at a time */
    if (rank == 0) {
        for (int k = 0; k < 3; k++) {
            fill(msg, 1000, k);
            EXPECT(MPI_Bsend(msg, 1000, MPI_CHAR, 1, k, c) == MPI_SUCCESS);
        }
        /* MPI_COMM_WORLD has no buffer, and the process has none */
        int rc = MPI_Bsend(msg, 10, MPI_CHAR, 1, 9, MPI_COMM_WORLD);
        EXPECT(MPI_Error_class(rc, &ec) == MPI_SUCCESS && ec == MPI_ERR_BUFFER);
    } else if (rank == 1) {
        for (int k = 2; k >= 0; k--) { /* in reverse: the three wait in the buffer */
            EXPECT(MPI_Recv(got, 1000, MPI_CHAR, 0, k, c, MPI_STATUS_IGNORE) == MPI_SUCCESS);
            EXPECT(check(got, 1000, k));
        }
    }
    void *addr = NULL;
    int n = -1;
    EXPECT(MPI_Comm_detach_buffer(c, &addr, &n) == MPI_SUCCESS);
    EXPECT(addr == buf && n == size);
    /* nothing attached: detaching gives NULL and 0 */
    EXPECT(MPI_Comm_detach_buffer(c, &addr, &n) == MPI_SUCCESS);
    EXPECT(addr == NULL && n == 0);
    /* a communicator freed with its buffer attached detaches it, messages sent */
    EXPECT(MPI_Comm_attach_buffer(c, buf, size) == MPI_SUCCESS);
    if (rank == 0) {
        fill(msg, 1000, 5);
        EXPECT(MPI_Bsend(msg, 1000, MPI_CHAR, 1, 5, c) == MPI_SUCCESS);
    } else if (rank == 1) {
        EXPECT(MPI_Recv(got, 1000, MPI_CHAR, 0, 5, c, MPI_STATUS_IGNORE) == MPI_SUCCESS);
        EXPECT(check(got, 1000, 5));
    }
    EXPECT(MPI_Comm_free(&c) == MPI_SUCCESS);
    free(buf);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
}

/* Buffered sends larger than any buffer would be, with MPI_BUFFER_AUTOMATIC. */
static void test_automatic(MPI_Comm c, int use_comm)
{
    const int nmsg = 6;
    if (use_comm)
        EXPECT(MPI_Comm_attach_buffer(c, MPI_BUFFER_AUTOMATIC, 0) == MPI_SUCCESS);
    else
        EXPECT(MPI_Buffer_attach(MPI_BUFFER_AUTOMATIC, 0) == MPI_SUCCESS);
    char *msg = malloc(BIG), *got = malloc(BIG);
    if (rank == 0) {
        for (int k = 0; k < nmsg; k++) {
            int len = k % 2 ? BIG : 100 + k;
            fill(msg, len, k);
            EXPECT(MPI_Bsend(msg, len, MPI_CHAR, 1, k, c) == MPI_SUCCESS);
            memset(msg, 0, (size_t)len); /* the copy is MPI's */
        }
    } else if (rank == 1) {
        for (int k = 0; k < nmsg; k++) {
            int len = k % 2 ? BIG : 100 + k;
            EXPECT(MPI_Recv(got, len, MPI_CHAR, 0, k, c, MPI_STATUS_IGNORE) == MPI_SUCCESS);
            EXPECT(check(got, len, k));
        }
    }
    void *addr = NULL;
    int n = -1;
    if (use_comm)
        EXPECT(MPI_Comm_detach_buffer(c, &addr, &n) == MPI_SUCCESS);
    else
        EXPECT(MPI_Buffer_detach(&addr, &n) == MPI_SUCCESS);
    EXPECT(addr == MPI_BUFFER_AUTOMATIC && n == 0);
    free(msg);
    free(got);
}

/* The blocking flush of the buffer of kind (see test_iflush). */
static int flush(MPI_Comm c, MPI_Session s, int kind)
{
    return kind == 0   ? MPI_Buffer_flush()
           : kind == 1 ? MPI_Comm_flush_buffer(c)
                       : MPI_Session_flush_buffer(s);
}

/*
 * A rendezvous-sized buffered send, then a nonblocking flush (kind: 0 process, 1 communicator,
 * 2 session's communicator): not complete until rank 1 receives, which it does only when told.
 */
static void test_iflush(MPI_Comm c, MPI_Session s, int kind)
{
    char *msg = malloc(BIG);
    if (rank == 0) {
        fill(msg, BIG, 40 + kind);
        EXPECT(MPI_Bsend(msg, BIG, MPI_CHAR, 1, 40, c) == MPI_SUCCESS);
        MPI_Request r = MPI_REQUEST_NULL;
        if (kind == 0)
            EXPECT(MPI_Buffer_iflush(&r) == MPI_SUCCESS);
        else if (kind == 1)
            EXPECT(MPI_Comm_iflush_buffer(c, &r) == MPI_SUCCESS);
        else
            EXPECT(MPI_Session_iflush_buffer(s, &r) == MPI_SUCCESS);
        int flag = 1;
        for (int i = 0; i < 100 && flag; i++)
            EXPECT(MPI_Test(&r, &flag, MPI_STATUS_IGNORE) == MPI_SUCCESS);
        EXPECT(!flag); /* rank 1 has not received yet */
        int go = 1;
        MPI_Send(&go, 1, MPI_INT, 1, 41, c);
        EXPECT(MPI_Wait(&r, MPI_STATUS_IGNORE) == MPI_SUCCESS);
        EXPECT(r == MPI_REQUEST_NULL);
        /* nothing left in the buffer: the blocking flushes return at once */
        EXPECT(flush(c, s, kind) == MPI_SUCCESS);
        /* a blocking flush waits for a receive posted later */
        fill(msg, BIG, 50 + kind);
        EXPECT(MPI_Bsend(msg, BIG, MPI_CHAR, 1, 42, c) == MPI_SUCCESS);
        MPI_Send(&go, 1, MPI_INT, 1, 43, c);
        EXPECT(flush(c, s, kind) == MPI_SUCCESS);
    } else if (rank == 1) {
        int go = 0;
        MPI_Recv(&go, 1, MPI_INT, 0, 41, c, MPI_STATUS_IGNORE);
        EXPECT(MPI_Recv(msg, BIG, MPI_CHAR, 0, 40, c, MPI_STATUS_IGNORE) == MPI_SUCCESS);
        EXPECT(check(msg, BIG, 40 + kind));
        MPI_Recv(&go, 1, MPI_INT, 0, 43, c, MPI_STATUS_IGNORE);
        EXPECT(MPI_Recv(msg, BIG, MPI_CHAR, 0, 42, c, MPI_STATUS_IGNORE) == MPI_SUCCESS);
        EXPECT(check(msg, BIG, 50 + kind));
    }
    free(msg);
}

static void test_flushes(void)
{
    /* no buffer: the flushes have nothing to wait for */
    MPI_Request r;
    int flag = 0;
    EXPECT(MPI_Buffer_flush() == MPI_SUCCESS);
    EXPECT(MPI_Buffer_iflush(&r) == MPI_SUCCESS);
    EXPECT(MPI_Test(&r, &flag, MPI_STATUS_IGNORE) == MPI_SUCCESS && flag);

    size_t size = BIG + 4096;
    char *buf = malloc(size);
    EXPECT(MPI_Buffer_attach(buf, (int)size) == MPI_SUCCESS);
    test_iflush(MPI_COMM_WORLD, MPI_SESSION_NULL, 0);
    void *addr;
    int n;
    EXPECT(MPI_Buffer_detach(&addr, &n) == MPI_SUCCESS && addr == buf && n == (int)size);

    MPI_Comm c;
    MPI_Comm_dup(MPI_COMM_WORLD, &c);
    EXPECT(MPI_Comm_attach_buffer(c, buf, (int)size) == MPI_SUCCESS);
    test_iflush(c, MPI_SESSION_NULL, 1);
    MPI_Comm_free(&c);
    free(buf);
}

/* A session's buffer serves its communicators and their duplicates. */
static void test_session(void)
{
    MPI_Session s;
    MPI_Group g;
    MPI_Comm c, d;
    EXPECT(MPI_Session_init(MPI_INFO_NULL, MPI_ERRORS_RETURN, &s) == MPI_SUCCESS);
    EXPECT(MPI_Group_from_session_pset(s, "mpi://WORLD", &g) == MPI_SUCCESS);
    EXPECT(MPI_Comm_create_from_group(g, "bsendbuf", MPI_INFO_NULL, MPI_ERRORS_RETURN, &c) ==
           MPI_SUCCESS);
    MPI_Group_free(&g);
    MPI_Comm_dup(c, &d);
    int size = 2 * (100 + MPI_BSEND_OVERHEAD);
    char *buf = malloc((size_t)size), msg[100];
    EXPECT(MPI_Session_attach_buffer(s, buf, size) == MPI_SUCCESS);
    int ec = 0;
    EXPECT(MPI_Error_class(MPI_Session_attach_buffer(s, buf, size), &ec) == MPI_SUCCESS &&
           ec == MPI_ERR_BUFFER);
    if (rank == 0) {
        fill(msg, 100, 60);
        EXPECT(MPI_Bsend(msg, 100, MPI_CHAR, 1, 60, c) == MPI_SUCCESS);
        fill(msg, 100, 61);
        EXPECT(MPI_Bsend(msg, 100, MPI_CHAR, 1, 61, d) == MPI_SUCCESS);
    } else if (rank == 1) {
        EXPECT(MPI_Recv(msg, 100, MPI_CHAR, 0, 61, d, MPI_STATUS_IGNORE) == MPI_SUCCESS);
        EXPECT(check(msg, 100, 61));
        EXPECT(MPI_Recv(msg, 100, MPI_CHAR, 0, 60, c, MPI_STATUS_IGNORE) == MPI_SUCCESS);
        EXPECT(check(msg, 100, 60));
    }
    void *addr;
    int n;
    EXPECT(MPI_Session_detach_buffer(s, &addr, &n) == MPI_SUCCESS && addr == buf && n == size);
    free(buf);
    if (rank == 0) { /* detached: no buffer left for c */
        int rc = MPI_Bsend(msg, 10, MPI_CHAR, 1, 62, c);
        EXPECT(MPI_Error_class(rc, &ec) == MPI_SUCCESS && ec == MPI_ERR_BUFFER);
    }
    /* a large buffer for the flushes */
    size_t big = BIG + 4096;
    buf = malloc(big);
    EXPECT(MPI_Session_attach_buffer(s, buf, (int)big) == MPI_SUCCESS);
    test_iflush(c, s, 2);
    MPI_Comm_free(&d);
    MPI_Comm_free(&c);
    EXPECT(MPI_Session_finalize(&s) == MPI_SUCCESS); /* detaches it */
    free(buf);
}

static void test_status_calls(void)
{
    MPI_Status st;
    memset(&st, 0, sizeof(st));
    EXPECT(MPI_Status_set_source(&st, 3) == MPI_SUCCESS);
    EXPECT(MPI_Status_set_tag(&st, 77) == MPI_SUCCESS);
    EXPECT(MPI_Status_set_error(&st, MPI_ERR_TAG) == MPI_SUCCESS);
    EXPECT(st.MPI_SOURCE == 3 && st.MPI_TAG == 77 && st.MPI_ERROR == MPI_ERR_TAG);
    int v = -1;
    EXPECT(MPI_Status_get_source(&st, &v) == MPI_SUCCESS && v == 3);
    EXPECT(MPI_Status_get_tag(&st, &v) == MPI_SUCCESS && v == 77);
    EXPECT(MPI_Status_get_error(&st, &v) == MPI_SUCCESS && v == MPI_ERR_TAG);
    /* from a real receive */
    int x = rank;
    MPI_Sendrecv(&x, 1, MPI_INT, 0, 5, &v, 1, MPI_INT, 0, 5, MPI_COMM_SELF, &st);
    EXPECT(MPI_Status_get_source(&st, &v) == MPI_SUCCESS && v == 0);
    EXPECT(MPI_Status_get_tag(&st, &v) == MPI_SUCCESS && v == 5);
}

static void test_value_index(void)
{
    static const struct {
        MPI_Datatype v, i, pair;
    } cases[] = {
        {MPI_FLOAT, MPI_INT, MPI_FLOAT_INT},
        {MPI_DOUBLE, MPI_INT, MPI_DOUBLE_INT},
        {MPI_LONG, MPI_INT, MPI_LONG_INT},
        {MPI_INT, MPI_INT, MPI_2INT},
        {MPI_SHORT, MPI_INT, MPI_SHORT_INT},
        {MPI_LONG_DOUBLE, MPI_INT, MPI_LONG_DOUBLE_INT},
        {MPI_REAL, MPI_REAL, MPI_2REAL},
        {MPI_DOUBLE_PRECISION, MPI_DOUBLE_PRECISION, MPI_2DOUBLE_PRECISION},
        {MPI_INTEGER, MPI_INTEGER, MPI_2INTEGER},
        {MPI_FLOAT, MPI_FLOAT, MPI_DATATYPE_NULL}, /* no such predefined pair */
        {MPI_DOUBLE, MPI_LONG, MPI_DATATYPE_NULL},
        {MPI_REAL, MPI_INT, MPI_DATATYPE_NULL},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        MPI_Datatype p = MPI_BYTE;
        EXPECT(MPI_Type_get_value_index(cases[k].v, cases[k].i, &p) == MPI_SUCCESS);
        EXPECT(p == cases[k].pair);
    }
    /* the pair works with MPI_MINLOC */
    MPI_Datatype p;
    MPI_Type_get_value_index(MPI_DOUBLE, MPI_INT, &p);
    struct {
        double v;
        int i;
    } in = {(double)(rank % 3), rank}, out;
    MPI_Allreduce(&in, &out, 1, p, MPI_MINLOC, MPI_COMM_WORLD);
    EXPECT(out.v == 0.0 && out.i == 0);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    int size;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size < 2) {
        fprintf(stderr, "bsendbuf needs at least 2 ranks\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    test_comm_buffer();
    test_automatic(MPI_COMM_WORLD, 0);
    MPI_Comm c;
    MPI_Comm_dup(MPI_COMM_WORLD, &c);
    test_automatic(c, 1);
    MPI_Comm_free(&c);
    test_flushes();
    test_session();
    test_status_calls();
    test_value_index();
    return mtest_finalize(errs);
}
