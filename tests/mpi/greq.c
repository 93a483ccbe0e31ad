/*
 * greq.c: generalized requests (MPI_Grequest_start, MPI_Grequest_complete): when the query,
 * free and cancel callbacks run and with what, statuses they fill, errors they return, and
 * generalized requests mixed with point-to-point requests in the multi-request calls.
 */
#include "mtest.h"

#include <string.h>

static int errs, rank;

typedef struct {
    int queries, frees, cancels;
    int last_complete; /* what cancel_fn was told */
    int query_err, free_err, cancel_err;
    int tag;       /* what query_fn puts in the status */
    int cancelled; /* what query_fn says */
} state_t;

static int query_fn(void *extra, MPI_Status *status)
{
    state_t *s = extra;
    s->queries++;
    status->MPI_SOURCE = rank;
    status->MPI_TAG = s->tag;
    MPI_Status_set_elements(status, MPI_INT, 3);
    MPI_Status_set_cancelled(status, s->cancelled);
    return s->query_err;
}

static int free_fn(void *extra)
{
    state_t *s = extra;
    s->frees++;
    return s->free_err;
}

static int cancel_fn(void *extra, int complete)
{
    state_t *s = extra;
    s->cancels++;
    s->last_complete = complete;
    if (complete == 0)
        s->cancelled = 1; /* an operation not yet done can be withdrawn */
    return s->cancel_err;
}

static MPI_Request start(state_t *s, int tag)
{
    memset(s, 0, sizeof(*s));
    s->tag = tag;
    MPI_Request r = MPI_REQUEST_NULL;
    EXPECT(MPI_Grequest_start(query_fn, free_fn, cancel_fn, s, &r) == MPI_SUCCESS);
    EXPECT(r != MPI_REQUEST_NULL);
    return r;
}

static int error_class(int code)
{
    int cls = -1;
    MPI_Error_class(code, &cls);
    return cls;
}

/* Test and Request_get_status see it incomplete; once complete both call query_fn, only the
 * completing call free_fn, after the query. */
static void test_life(void)
{
    state_t s;
    MPI_Request r = start(&s, 42);
    int flag = 1;
    MPI_Status st;
    EXPECT(MPI_Test(&r, &flag, &st) == MPI_SUCCESS && flag == 0 && r != MPI_REQUEST_NULL);
    flag = 1;
    EXPECT(MPI_Request_get_status(r, &flag, &st) == MPI_SUCCESS && flag == 0);
    EXPECT(s.queries == 0 && s.frees == 0);
    EXPECT(MPI_Grequest_complete(r) == MPI_SUCCESS);
    EXPECT(s.queries == 0 && s.frees == 0);
    EXPECT(MPI_Request_get_status(r, &flag, &st) == MPI_SUCCESS && flag == 1);
    EXPECT(s.queries == 1 && s.frees == 0 && st.MPI_TAG == 42);
    memset(&st, 0xff, sizeof(st));
    EXPECT(MPI_Wait(&r, &st) == MPI_SUCCESS && r == MPI_REQUEST_NULL);
    EXPECT(s.queries == 2 && s.frees == 1);
    int count = -1, cancelled = 1;
    EXPECT(st.MPI_SOURCE == rank && st.MPI_TAG == 42);
    EXPECT(MPI_Get_count(&st, MPI_INT, &count) == MPI_SUCCESS && count == 3);
    EXPECT(MPI_Test_cancelled(&st, &cancelled) == MPI_SUCCESS && cancelled == 0);

    /* the query runs even when the caller ignores the status */
    r = start(&s, 1);
    MPI_Grequest_complete(r);
    EXPECT(MPI_Test(&r, &flag, MPI_STATUS_IGNORE) == MPI_SUCCESS && flag == 1);
    EXPECT(r == MPI_REQUEST_NULL && s.queries == 1 && s.frees == 1);
}

/* MPI_Request_free: free_fn runs at whichever of it and MPI_Grequest_complete comes last;
 * query_fn never. */
static void test_request_free(void)
{
    state_t s;
    MPI_Request r = start(&s, 0), keep = r;
    EXPECT(MPI_Request_free(&r) == MPI_SUCCESS && r == MPI_REQUEST_NULL);
    EXPECT(s.frees == 0);
    EXPECT(MPI_Grequest_complete(keep) == MPI_SUCCESS);
    EXPECT(s.frees == 1 && s.queries == 0);

    r = start(&s, 0);
    EXPECT(MPI_Grequest_complete(r) == MPI_SUCCESS && s.frees == 0);
    EXPECT(MPI_Request_free(&r) == MPI_SUCCESS && r == MPI_REQUEST_NULL);
    EXPECT(s.frees == 1 && s.queries == 0);
}

/* MPI_Cancel calls cancel_fn with whether the request is complete; the status says what the
 * query says. */
static void test_cancel(void)
{
    state_t s;
    MPI_Request r = start(&s, 0);
    MPI_Status st;
    int flag = 0;
    EXPECT(MPI_Cancel(&r) == MPI_SUCCESS && s.cancels == 1 && s.last_complete == 0);
    MPI_Grequest_complete(r);
    EXPECT(MPI_Wait(&r, &st) == MPI_SUCCESS);
    EXPECT(MPI_Test_cancelled(&st, &flag) == MPI_SUCCESS && flag == 1);

    r = start(&s, 0);
    MPI_Grequest_complete(r);
    EXPECT(MPI_Cancel(&r) == MPI_SUCCESS && s.cancels == 1 && s.last_complete == 1);
    EXPECT(MPI_Wait(&r, &st) == MPI_SUCCESS);
    EXPECT(MPI_Test_cancelled(&st, &flag) == MPI_SUCCESS && flag == 0);
    EXPECT(s.frees == 1);
}

/* Generalized requests beside a real receive and send in Waitall, Waitany, Testsome. */
static void test_mixed(int size)
{
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int out = rank * 10, in = -1;
    state_t s1, s2;
    MPI_Request reqs[4];
    MPI_Status sts[4];
    reqs[0] = start(&s1, 7);
    MPI_Irecv(&in, 1, MPI_INT, left, 5, MPI_COMM_WORLD, &reqs[1]);
    reqs[2] = start(&s2, 8);
    MPI_Isend(&out, 1, MPI_INT, right, 5, MPI_COMM_WORLD, &reqs[3]);
    MPI_Grequest_complete(reqs[2]);
    MPI_Grequest_complete(reqs[0]);
    EXPECT(MPI_Waitall(4, reqs, sts) == MPI_SUCCESS);
    EXPECT(in == left * 10 && sts[1].MPI_SOURCE == left && sts[1].MPI_TAG == 5);
    EXPECT(sts[0].MPI_TAG == 7 && sts[2].MPI_TAG == 8 && sts[0].MPI_SOURCE == rank);
    EXPECT(sts[0].MPI_ERROR == MPI_SUCCESS && sts[2].MPI_ERROR == MPI_SUCCESS);
    EXPECT(s1.queries == 1 && s1.frees == 1 && s2.queries == 1 && s2.frees == 1);
    for (int i = 0; i < 4; i++)
        EXPECT(reqs[i] == MPI_REQUEST_NULL);

    /* Waitany returns the one completed; Testsome then finds none, then the other */
    reqs[0] = start(&s1, 1);
    reqs[1] = start(&s2, 2);
    MPI_Grequest_complete(reqs[1]);
    int index = -1, outcount = -1, indices[2];
    EXPECT(MPI_Waitany(2, reqs, &index, &sts[0]) == MPI_SUCCESS && index == 1);
    EXPECT(sts[0].MPI_TAG == 2 && s2.frees == 1 && s1.queries == 0);
    EXPECT(MPI_Testsome(2, reqs, &outcount, indices, sts) == MPI_SUCCESS && outcount == 0);
    MPI_Grequest_complete(reqs[0]);
    EXPECT(MPI_Testsome(2, reqs, &outcount, indices, sts) == MPI_SUCCESS && outcount == 1);
    EXPECT(indices[0] == 0 && sts[0].MPI_TAG == 1 && s1.frees == 1);
    EXPECT(MPI_Testsome(2, reqs, &outcount, indices, sts) == MPI_SUCCESS &&
           outcount == MPI_UNDEFINED);
}

/* The callbacks' errors are the calls' errors; free_fn runs all the same. */
static void test_errors(void)
{
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    state_t s, t;
    MPI_Status st;
    MPI_Request r = start(&s, 0);
    s.query_err = MPI_ERR_OTHER;
    MPI_Grequest_complete(r);
    int rc = MPI_Wait(&r, &st);
    EXPECT(error_class(rc) == MPI_ERR_OTHER && r == MPI_REQUEST_NULL && s.frees == 1);

    r = start(&s, 0);
    s.free_err = MPI_ERR_BUFFER;
    MPI_Grequest_complete(r);
    EXPECT(error_class(MPI_Wait(&r, &st)) == MPI_ERR_BUFFER && s.frees == 1);

    MPI_Request reqs[2] = {start(&s, 0), start(&t, 0)};
    MPI_Status sts[2];
    t.query_err = MPI_ERR_COUNT;
    MPI_Grequest_complete(reqs[0]);
    MPI_Grequest_complete(reqs[1]);
    EXPECT(MPI_Waitall(2, reqs, sts) == MPI_ERR_IN_STATUS);
    EXPECT(sts[0].MPI_ERROR == MPI_SUCCESS && error_class(sts[1].MPI_ERROR) == MPI_ERR_COUNT);
    EXPECT(s.frees == 1 && t.frees == 1);

    r = start(&s, 0);
    s.cancel_err = MPI_ERR_OTHER;
    EXPECT(error_class(MPI_Cancel(&r)) == MPI_ERR_OTHER);
    MPI_Grequest_complete(r);
    MPI_Wait(&r, MPI_STATUS_IGNORE);

    /* bad input */
    EXPECT(error_class(MPI_Grequest_start(NULL, free_fn, cancel_fn, &s, &r)) == MPI_ERR_ARG);
    EXPECT(error_class(MPI_Grequest_start(query_fn, free_fn, cancel_fn, &s, NULL)) == MPI_ERR_ARG);
    r = start(&s, 0);
    EXPECT(error_class(MPI_Start(&r)) == MPI_ERR_REQUEST);
    MPI_Grequest_complete(r);
    EXPECT(error_class(MPI_Grequest_complete(r)) == MPI_ERR_REQUEST);
    MPI_Wait(&r, MPI_STATUS_IGNORE);
    int buf;
    MPI_Recv_init(&buf, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, &r);
    EXPECT(error_class(MPI_Grequest_complete(r)) == MPI_ERR_REQUEST);
    MPI_Request_free(&r);
    EXPECT(error_class(MPI_Grequest_complete(MPI_REQUEST_NULL)) == MPI_ERR_REQUEST);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
}

int main(int argc, char **argv)
{
    int size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    test_life();
    test_request_free();
    test_cancel();
    test_mixed(size);
    test_errors();
    return mtest_finalize(errs);
}
