/*
 * bigcount: the large-count (_c) calls of point-to-point, datatypes and collectives. Every _c call
 * moves ordinary messages around a ring, data checked; counts above INT_MAX go through with a
 * zero-size datatype (no memory needed) and, when BIGCOUNT_HUGE=1, as a real message of 2^31 + 5
 * bytes from rank 0 to rank 1, whose status says MPI_UNDEFINED to the int MPI_Get_count and the
 * count to MPI_Get_count_c. Each _c datatype constructor must give the type map of its int twin
 * (what MPI_Pack_c lays out from the same buffer), MPI_Op_create_c's function is called with an
 * MPI_Count length. Given values past INT_MAX (test_large_types) they build the type from them
 * and report them as large counts. The one-sided _c calls (test_rma; BIGCOUNT_HUGE=rma instead: a
 * put of 2^31 + 5 bytes).
 */
#include "mtest.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static int errs, rank, size;

/* A byte pattern that changes with the offset and with each of its higher bytes. */
static int byte_at(MPI_Count i, int seed)
{
    return (unsigned char)(i + (i >> 8) + (i >> 16) + (i >> 24) + seed);
}

static void fill(unsigned char *b, MPI_Count n, int seed)
{
    for (MPI_Count i = 0; i < n; i++)
        b[i] = (unsigned char)byte_at(i, seed);
}

/* The index of the first wrong byte, or -1. */
static MPI_Count bad_byte(const unsigned char *b, MPI_Count n, int seed)
{
    for (MPI_Count i = 0; i < n; i++)
        if (b[i] != byte_at(i, seed))
            return i;
    return -1;
}

/* Each _c call around the ring with N ints, data and statuses checked. */
static void test_ring(void)
{
    enum { N = 5000 };
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int *out = malloc(N * sizeof(int)), *in = malloc(N * sizeof(int));
    for (int i = 0; i < N; i++)
        out[i] = rank * 100000 + i;
    MPI_Status st;
    MPI_Count n = -1;
    MPI_Request r[2];

    /* blocking sends of every mode against Recv_c */
    for (int mode = 0; mode < 4; mode++) {
        memset(in, 0, N * sizeof(int));
        MPI_Irecv_c(in, N, MPI_INT, left, mode, MPI_COMM_WORLD, &r[0]);
        void *bbuf = NULL;
        MPI_Count bsize = 0;
        if (mode == 3) {
            bbuf = malloc(N * sizeof(int) + MPI_BSEND_OVERHEAD);
            EXPECT(MPI_Buffer_attach_c(bbuf, N * sizeof(int) + MPI_BSEND_OVERHEAD) == MPI_SUCCESS);
        }
        if (mode == 0)
            MPI_Send_c(out, N, MPI_INT, right, mode, MPI_COMM_WORLD);
        else if (mode == 1)
            MPI_Ssend_c(out, N, MPI_INT, right, mode, MPI_COMM_WORLD);
        else if (mode == 2) {
            MPI_Barrier(MPI_COMM_WORLD); /* the receive is posted everywhere */
            MPI_Rsend_c(out, N, MPI_INT, right, mode, MPI_COMM_WORLD);
        } else
            MPI_Bsend_c(out, N, MPI_INT, right, mode, MPI_COMM_WORLD);
        MPI_Wait(&r[0], &st);
        EXPECT(MPI_Get_count_c(&st, MPI_INT, &n) == MPI_SUCCESS && n == N);
        EXPECT(in[0] == left * 100000 && in[N - 1] == left * 100000 + N - 1);
        if (mode == 3) {
            void *got;
            EXPECT(MPI_Buffer_detach_c(&got, &bsize) == MPI_SUCCESS);
            EXPECT(got == bbuf && bsize == (MPI_Count)(N * sizeof(int) + MPI_BSEND_OVERHEAD));
            free(bbuf);
        }
    }

    /* nonblocking and persistent sends against Recv_c and Recv_init_c */
    MPI_Request ps, pr;
    MPI_Send_init_c(out, N, MPI_INT, right, 9, MPI_COMM_WORLD, &ps);
    MPI_Recv_init_c(in, N, MPI_INT, left, 9, MPI_COMM_WORLD, &pr);
    for (int k = 0; k < 2; k++) {
        memset(in, 0, N * sizeof(int));
        MPI_Start(&pr);
        MPI_Start(&ps);
        MPI_Wait(&ps, MPI_STATUS_IGNORE);
        MPI_Wait(&pr, &st);
        EXPECT(in[N - 1] == left * 100000 + N - 1);
    }
    MPI_Request_free(&ps);
    MPI_Request_free(&pr);
    MPI_Request sreqs[2];
    MPI_Ssend_init_c(out, 1, MPI_INT, right, 10, MPI_COMM_WORLD, &sreqs[0]);
    MPI_Issend_c(out, 2, MPI_INT, right, 11, MPI_COMM_WORLD, &sreqs[1]);
    MPI_Start(&sreqs[0]);
    for (int t = 10; t <= 11; t++) {
        MPI_Recv_c(in, N, MPI_INT, left, t, MPI_COMM_WORLD, &st);
        EXPECT(MPI_Get_count_c(&st, MPI_INT, &n) == MPI_SUCCESS && n == t - 9);
    }
    MPI_Waitall(2, sreqs, MPI_STATUSES_IGNORE);
    MPI_Request_free(&sreqs[0]);
    MPI_Request irs;
    MPI_Irecv_c(in, N, MPI_INT, left, 13, MPI_COMM_WORLD, &irs);
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Irsend_c(out, N, MPI_INT, right, 13, MPI_COMM_WORLD, &sreqs[0]);
    MPI_Wait(&sreqs[0], MPI_STATUS_IGNORE);
    MPI_Wait(&irs, MPI_STATUS_IGNORE);
    EXPECT(in[7] == left * 100000 + 7);
    MPI_Request bi;
    void *bbuf = malloc(64 + MPI_BSEND_OVERHEAD);
    MPI_Buffer_attach(bbuf, 64 + MPI_BSEND_OVERHEAD);
    MPI_Bsend_init_c(out, 3, MPI_INT, right, 14, MPI_COMM_WORLD, &bi);
    MPI_Start(&bi);
    MPI_Recv_c(in, 3, MPI_INT, left, 14, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Wait(&bi, MPI_STATUS_IGNORE);
    MPI_Request_free(&bi);
    MPI_Ibsend_c(out, 2, MPI_INT, right, 16, MPI_COMM_WORLD, &bi);
    MPI_Recv_c(in, 2, MPI_INT, left, 16, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Wait(&bi, MPI_STATUS_IGNORE);
    EXPECT(in[1] == left * 100000 + 1);
    MPI_Rsend_init_c(out, 0, MPI_INT, right, 15, MPI_COMM_WORLD, &bi);
    MPI_Irecv(in, 1, MPI_INT, left, 15, MPI_COMM_WORLD, &irs);
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Start(&bi);
    MPI_Wait(&irs, &st);
    EXPECT(MPI_Get_count_c(&st, MPI_INT, &n) == MPI_SUCCESS && n == 0);
    MPI_Wait(&bi, MPI_STATUS_IGNORE);
    MPI_Request_free(&bi);
    int dsize;
    MPI_Buffer_detach(&bbuf, &dsize);
    free(bbuf);

    /* send-receive, with and without replace, blocking and not */
    memset(in, 0, N * sizeof(int));
    MPI_Sendrecv_c(out, N, MPI_INT, right, 20, in, N, MPI_INT, left, 20, MPI_COMM_WORLD, &st);
    EXPECT(in[N / 2] == left * 100000 + N / 2);
    memcpy(in, out, N * sizeof(int));
    MPI_Sendrecv_replace_c(in, N, MPI_INT, right, 21, left, 21, MPI_COMM_WORLD, &st);
    EXPECT(in[N - 2] == left * 100000 + N - 2);
    memset(in, 0, N * sizeof(int));
    MPI_Isendrecv_c(out, N, MPI_INT, right, 22, in, N, MPI_INT, left, 22, MPI_COMM_WORLD, &r[0]);
    MPI_Wait(&r[0], &st);
    EXPECT(in[1] == left * 100000 + 1);
    memcpy(in, out, N * sizeof(int));
    MPI_Isendrecv_replace_c(in, N, MPI_INT, right, 23, left, 23, MPI_COMM_WORLD, &r[0]);
    MPI_Wait(&r[0], &st);
    EXPECT(in[3] == left * 100000 + 3);

    /* matched probe and receive */
    MPI_Message msg;
    MPI_Isend_c(out, N, MPI_INT, right, 24, MPI_COMM_WORLD, &r[1]);
    MPI_Mprobe(left, 24, MPI_COMM_WORLD, &msg, &st);
    EXPECT(MPI_Get_elements_c(&st, MPI_INT, &n) == MPI_SUCCESS && n == N);
    MPI_Mrecv_c(in, N, MPI_INT, &msg, &st);
    EXPECT(in[N - 1] == left * 100000 + N - 1 && msg == MPI_MESSAGE_NULL);
    MPI_Isend_c(out, N, MPI_INT, right, 25, MPI_COMM_WORLD, &r[0]);
    MPI_Mprobe(left, 25, MPI_COMM_WORLD, &msg, &st);
    MPI_Imrecv_c(in, N, MPI_INT, &msg, &r[1]);
    MPI_Waitall(2, r, MPI_STATUSES_IGNORE);
    EXPECT(in[11] == left * 100000 + 11);

    /* bad counts */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int cls = -1;
    MPI_Error_class(MPI_Send_c(out, -1, MPI_INT, right, 0, MPI_COMM_WORLD), &cls);
    EXPECT(cls == MPI_ERR_COUNT);
    MPI_Error_class(MPI_Buffer_attach_c(out, -5), &cls);
    EXPECT(cls == MPI_ERR_ARG);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    free(out);
    free(in);
}

/* A count beyond INT_MAX of a zero-size datatype: nothing to move, everything to count. */
static void test_zero_size_huge(void)
{
    MPI_Datatype empty;
    MPI_Type_contiguous(0, MPI_INT, &empty);
    MPI_Type_commit(&empty);
    MPI_Count big = (MPI_Count)INT_MAX + 1000;
    int right = (rank + 1) % size, left = (rank + size - 1) % size, c = -1;
    MPI_Status st;
    MPI_Request r;
    char dummy = 0;
    MPI_Irecv_c(&dummy, big, empty, left, 30, MPI_COMM_WORLD, &r);
    MPI_Send_c(&dummy, big, empty, right, 30, MPI_COMM_WORLD);
    MPI_Wait(&r, &st);
    MPI_Count n = -1;
    EXPECT(MPI_Get_count_c(&st, MPI_BYTE, &n) == MPI_SUCCESS && n == 0);
    EXPECT(MPI_Get_count(&st, empty, &c) == MPI_SUCCESS && c == 0);
    MPI_Type_free(&empty);
}

/*
 * The one-sided _c calls: a window made by Win_allocate_c (and Win_create_c, and on the node's
 * shared communicator Win_allocate_shared_c with Win_shared_query_c), every data call and its
 * request form around the ring, data checked; a count above INT_MAX of a zero-size type; a
 * disp_unit above INT_MAX refused with MPI_ERR_DISP.
 */
static void test_rma(void)
{
    enum { N = 1000 };
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int *base = NULL, *out = malloc(2 * N * sizeof(int)), *res = malloc(N * sizeof(int));
    MPI_Win win;
    EXPECT(MPI_Win_allocate_c((MPI_Aint)(2 * N * sizeof(int)), (MPI_Aint)sizeof(int), MPI_INFO_NULL,
                              MPI_COMM_WORLD, &base, &win) == MPI_SUCCESS);
    for (int i = 0; i < 2 * N; i++) {
        base[i] = -1;
        out[i] = rank * 10000 + i;
    }
    MPI_Win_fence(0, win);
    /* put into the right neighbour's first half, accumulate into its second */
    EXPECT(MPI_Put_c(out, N, MPI_INT, right, 0, N, MPI_INT, win) == MPI_SUCCESS);
    EXPECT(MPI_Accumulate_c(out, N, MPI_INT, right, N, N, MPI_INT, MPI_SUM, win) == MPI_SUCCESS);
    MPI_Win_fence(0, win);
    EXPECT(base[0] == left * 10000 && base[N - 1] == left * 10000 + N - 1);
    EXPECT(base[N] == left * 10000 - 1 && base[2 * N - 1] == left * 10000 + N - 2);
    /* get back from the right neighbour what this rank put there */
    memset(res, 0, N * sizeof(int));
    EXPECT(MPI_Get_c(res, N, MPI_INT, right, 0, N, MPI_INT, win) == MPI_SUCCESS);
    MPI_Win_fence(0, win);
    EXPECT(res[0] == rank * 10000 && res[N - 1] == rank * 10000 + N - 1);
    /* fetch-and-add 1 to the first half: the old values come back */
    int ones[N];
    for (int i = 0; i < N; i++)
        ones[i] = 1;
    EXPECT(MPI_Get_accumulate_c(ones, N, MPI_INT, res, N, MPI_INT, right, 0, N, MPI_INT, MPI_SUM,
                                win) == MPI_SUCCESS);
    MPI_Win_fence(0, win);
    EXPECT(res[5] == rank * 10000 + 5 && base[5] == left * 10000 + 6);
    /* the request forms under a lock */
    MPI_Request r[4];
    MPI_Win_lock(MPI_LOCK_EXCLUSIVE, right, 0, win);
    EXPECT(MPI_Rput_c(out, 2, MPI_INT, right, 0, 2, MPI_INT, win, &r[0]) == MPI_SUCCESS);
    EXPECT(MPI_Raccumulate_c(ones, 2, MPI_INT, right, 2, 2, MPI_INT, MPI_REPLACE, win, &r[1]) ==
           MPI_SUCCESS);
    MPI_Waitall(2, r, MPI_STATUSES_IGNORE);
    MPI_Win_flush(right, win);
    int two[4] = {0};
    EXPECT(MPI_Rget_c(two, 4, MPI_INT, right, 0, 4, MPI_INT, win, &r[2]) == MPI_SUCCESS);
    MPI_Wait(&r[2], MPI_STATUS_IGNORE);
    EXPECT(two[0] == rank * 10000 && two[1] == rank * 10000 + 1 && two[2] == 1 && two[3] == 1);
    int got = 0, seven = 7;
    EXPECT(MPI_Rget_accumulate_c(&seven, 1, MPI_INT, &got, 1, MPI_INT, right, 3, 1, MPI_INT,
                                 MPI_SUM, win, &r[3]) == MPI_SUCCESS);
    MPI_Wait(&r[3], MPI_STATUS_IGNORE);
    MPI_Win_unlock(right, win);
    EXPECT(got == 1);
    /* a count above INT_MAX of a zero-size type moves nothing */
    MPI_Datatype empty;
    MPI_Type_contiguous(0, MPI_INT, &empty);
    MPI_Type_commit(&empty);
    MPI_Count big = (MPI_Count)INT_MAX + 1000;
    MPI_Win_fence(0, win);
    EXPECT(MPI_Put_c(out, big, empty, right, 0, big, empty, win) == MPI_SUCCESS);
    MPI_Win_fence(0, win);
    EXPECT(base[3] == 1 + 7); /* replaced by 1, 7 added, untouched by the put */
    MPI_Type_free(&empty);
    MPI_Win_free(&win);
    /* Win_create_c; a disp_unit above INT_MAX */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rc = MPI_Win_create_c(out, N, (MPI_Aint)INT_MAX + 1, MPI_INFO_NULL, MPI_COMM_WORLD, &win),
        cls = -1;
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_DISP);
    EXPECT(MPI_Win_create_c(out, (MPI_Aint)(2 * N * sizeof(int)), 8, MPI_INFO_NULL, MPI_COMM_WORLD,
                            &win) == MPI_SUCCESS);
    MPI_Win_free(&win);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    /* a shared window on the node, queried with MPI_Aint disp_unit */
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    int nrank;
    MPI_Comm_rank(node, &nrank);
    double *mine = NULL;
    EXPECT(MPI_Win_allocate_shared_c((MPI_Aint)(4 * sizeof(double)), 24, MPI_INFO_NULL, node, &mine,
                                     &win) == MPI_SUCCESS);
    MPI_Aint qsize = 0, qunit = 0;
    double *q0 = NULL;
    EXPECT(MPI_Win_shared_query_c(win, 0, &qsize, &qunit, &q0) == MPI_SUCCESS);
    EXPECT(qsize == (MPI_Aint)(4 * sizeof(double)) && qunit == 24 && q0 != NULL);
    EXPECT(nrank != 0 || q0 == mine);
    MPI_Win_free(&win);
    MPI_Comm_free(&node);
    free(out);
    free(res);
}

/* Whether types a and b pack the same bytes from one buffer (count 2 of each). */
static int same_layout(MPI_Datatype a, MPI_Datatype b)
{
    MPI_Count sa = -1, sb = -2, ea = -1, eb = -2, la = 0, lb = 1, pa = 0, pb = 0, need = 0;
    MPI_Type_commit(&a);
    MPI_Type_commit(&b);
    MPI_Type_size_c(a, &sa);
    MPI_Type_size_c(b, &sb);
    MPI_Type_get_extent_c(a, &la, &ea);
    MPI_Type_get_extent_c(b, &lb, &eb);
    MPI_Pack_size_c(2, a, MPI_COMM_WORLD, &need);
    int ok = sa == sb && ea == eb && la == lb && need == 2 * sa;
    int src[4096];
    for (int i = 0; i < 4096; i++)
        src[i] = i * 3 + 1;
    char *pka = malloc((size_t)need + 1), *pkb = malloc((size_t)need + 1);
    MPI_Pack_c(src, 2, a, pka, need, &pa, MPI_COMM_WORLD);
    MPI_Pack_c(src, 2, b, pkb, need, &pb, MPI_COMM_WORLD);
    ok = ok && pa == need && pb == need && memcmp(pka, pkb, (size_t)need) == 0;
    /* and back: unpack what a packed, through b, into a zeroed buffer */
    int dst[4096] = {0};
    MPI_Count pos = 0;
    MPI_Unpack_c(pka, need, &pos, dst, 2, b, MPI_COMM_WORLD);
    MPI_Count tla = 0, tea = 0, tlb = 1, teb = 1;
    MPI_Type_get_true_extent_c(a, &tla, &tea);
    MPI_Type_get_true_extent_c(b, &tlb, &teb);
    ok = ok && pos == need && tla == tlb && tea == teb;
    MPI_Count pos2 = 0;
    MPI_Pack_c(dst, 2, a, pkb, need, &pos2, MPI_COMM_WORLD);
    ok = ok && memcmp(pka, pkb, (size_t)need) == 0;
    free(pka);
    free(pkb);
    MPI_Type_free(&a);
    MPI_Type_free(&b);
    return ok;
}

static void sum_c(void *in, void *inout, MPI_Count *len, MPI_Datatype *dt)
{
    if (*dt != MPI_LONG_LONG)
        return;
    for (MPI_Count i = 0; i < *len; i++)
        ((long long *)inout)[i] += ((long long *)in)[i] + 1000;
}

static void test_types(void)
{
    MPI_Datatype a, b;
    MPI_Type_contiguous_c(7, MPI_INT, &a);
    MPI_Type_contiguous(7, MPI_INT, &b);
    EXPECT(same_layout(a, b));
    MPI_Type_vector_c(3, 2, 5, MPI_INT, &a);
    MPI_Type_vector(3, 2, 5, MPI_INT, &b);
    EXPECT(same_layout(a, b));
    MPI_Type_create_hvector_c(3, 2, 28, MPI_INT, &a);
    MPI_Type_create_hvector(3, 2, 28, MPI_INT, &b);
    EXPECT(same_layout(a, b));
    MPI_Count cbl[3] = {2, 0, 3}, cdi[3] = {9, 4, 1}, cby[3] = {36, 16, 4};
    int ibl[3] = {2, 0, 3}, idi[3] = {9, 4, 1};
    MPI_Aint aby[3] = {36, 16, 4};
    MPI_Type_indexed_c(3, cbl, cdi, MPI_INT, &a);
    MPI_Type_indexed(3, ibl, idi, MPI_INT, &b);
    EXPECT(same_layout(a, b));
    MPI_Type_create_hindexed_c(3, cbl, cby, MPI_INT, &a);
    MPI_Type_create_hindexed(3, ibl, aby, MPI_INT, &b);
    EXPECT(same_layout(a, b));
    MPI_Type_create_indexed_block_c(3, 2, cdi, MPI_INT, &a);
    MPI_Type_create_indexed_block(3, 2, idi, MPI_INT, &b);
    EXPECT(same_layout(a, b));
    MPI_Type_create_hindexed_block_c(3, 1, cby, MPI_INT, &a);
    MPI_Type_create_hindexed_block(3, 1, aby, MPI_INT, &b);
    EXPECT(same_layout(a, b));
    MPI_Datatype types[3] = {MPI_INT, MPI_SHORT, MPI_DOUBLE};
    MPI_Type_create_struct_c(3, cbl, cby, types, &a);
    MPI_Type_create_struct(3, ibl, aby, types, &b);
    EXPECT(same_layout(a, b));
    MPI_Count csz[2] = {10, 12}, csub[2] = {4, 5}, cst[2] = {3, 2};
    int isz[2] = {10, 12}, isub[2] = {4, 5}, ist[2] = {3, 2};
    MPI_Type_create_subarray_c(2, csz, csub, cst, MPI_ORDER_FORTRAN, MPI_INT, &a);
    MPI_Type_create_subarray(2, isz, isub, ist, MPI_ORDER_FORTRAN, MPI_INT, &b);
    EXPECT(same_layout(a, b));
    int distribs[2] = {MPI_DISTRIBUTE_BLOCK, MPI_DISTRIBUTE_CYCLIC},
        dargs[2] = {MPI_DISTRIBUTE_DFLT_DARG, 2}, psizes[2] = {2, 2};
    MPI_Type_create_darray_c(4, 3, 2, csz, distribs, dargs, psizes, MPI_ORDER_C, MPI_INT, &a);
    MPI_Type_create_darray(4, 3, 2, isz, distribs, dargs, psizes, MPI_ORDER_C, MPI_INT, &b);
    EXPECT(same_layout(a, b));
    MPI_Type_create_resized_c(MPI_INT, -4, 16, &a);
    MPI_Type_create_resized(MPI_INT, -4, 16, &b);
    EXPECT(same_layout(a, b));

    /* envelope and contents */
    MPI_Type_vector_c(3, 2, 5, MPI_INT, &a);
    MPI_Count ni = -1, na = -1, nc = -1, nt = -1;
    int comb = -1, ints[3] = {0};
    MPI_Aint aints[1];
    MPI_Count counts[1];
    MPI_Datatype old = MPI_DATATYPE_NULL;
    EXPECT(MPI_Type_get_envelope_c(a, &ni, &na, &nc, &nt, &comb) == MPI_SUCCESS);
    EXPECT(comb == MPI_COMBINER_VECTOR && ni == 3 && na == 0 && nc == 0 && nt == 1);
    EXPECT(MPI_Type_get_contents_c(a, 3, 0, 0, 1, ints, aints, counts, &old) == MPI_SUCCESS);
    EXPECT(ints[0] == 3 && ints[1] == 2 && ints[2] == 5 && old == MPI_INT);
    MPI_Type_free(&a);

    /* subarray and darray take int-sized values only */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int cls = -1;
    MPI_Count hsz[2] = {(MPI_Count)INT_MAX * 4, 2};
    MPI_Error_class(MPI_Type_create_subarray_c(2, hsz, csub, cst, MPI_ORDER_C, MPI_INT, &a), &cls);
    EXPECT(cls == MPI_ERR_COUNT);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);

    /* a user operation with an MPI_Count length */
    MPI_Op op;
    EXPECT(MPI_Op_create_c(sum_c, 1, &op) == MPI_SUCCESS);
    long long v[3] = {rank, 2 * rank, 1}, r[3];
    MPI_Allreduce(v, r, 3, MPI_LONG_LONG, op, MPI_COMM_WORLD);
    long long s = (long long)size * (size - 1) / 2, extra = 1000LL * (size - 1);
    EXPECT(r[0] == s + extra && r[1] == 2 * s + extra && r[2] == size + extra);
    MPI_Op_free(&op);
}

/* The large-count contents of t: combiner, the counts and the one old type (or n types). */
static void check_large_contents(MPI_Datatype t, int combiner, MPI_Count nc, const MPI_Count *want,
                                 int nt, const MPI_Datatype *types)
{
    MPI_Count ni = -1, na = -1, got_nc = -1, got_nt = -1, counts[16] = {0};
    int comb = -1, ints[1];
    MPI_Aint aints[1];
    MPI_Datatype old[4] = {MPI_DATATYPE_NULL};
    EXPECT(MPI_Type_get_envelope_c(t, &ni, &na, &got_nc, &got_nt, &comb) == MPI_SUCCESS);
    EXPECT(comb == combiner && ni == 0 && na == 0 && got_nc == nc && got_nt == nt);
    EXPECT(MPI_Type_get_contents_c(t, 0, 0, 16, 4, ints, aints, counts, old) == MPI_SUCCESS);
    for (MPI_Count i = 0; i < nc && i < 16; i++)
        EXPECT(counts[i] == want[i]);
    for (int i = 0; i < nt && i < 4; i++)
        EXPECT(old[i] == types[i]);
    /* the int calls cannot say these values */
    int a, b, c, d, cls = -1;
    MPI_Error_class(MPI_Type_get_envelope(t, &a, &b, &c, &d), &cls);
    EXPECT(cls == MPI_ERR_TYPE);
}

/*
 * _c constructors given values past INT_MAX: sizes and extents in MPI_Count, contents as large
 * counts, and a message through a vector whose stride is 2^31 bytes (a sparse mapping: two pages
 * are touched).
 */
static void test_large_types(void)
{
    const MPI_Count G = (MPI_Count)1 << 31;
    MPI_Count sz = -1, lb = -1, ext = -1;
    int isz = 0;
    MPI_Datatype t;
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);

    EXPECT(MPI_Type_contiguous_c(G + 8, MPI_CHAR, &t) == MPI_SUCCESS);
    MPI_Type_commit(&t);
    MPI_Type_size_c(t, &sz);
    MPI_Type_get_extent_c(t, &lb, &ext);
    MPI_Type_size(t, &isz);
    EXPECT(sz == G + 8 && lb == 0 && ext == G + 8 && isz == MPI_UNDEFINED);
    MPI_Count want_contig[1] = {G + 8};
    MPI_Datatype chr = MPI_CHAR;
    check_large_contents(t, MPI_COMBINER_CONTIGUOUS, 1, want_contig, 1, &chr);
    MPI_Type_free(&t);

    /*
     * 256 blocks of 2^21 + 1 ints, block i at i * (2^21 + 1) ints: 2^31 + 1 KiB contiguous, from
     * values that all fit an int (MPICH's type_large), so the contents are ints
     */
    MPI_Count displs[256], blk = ((MPI_Count)1 << 21) + 1;
    for (int i = 0; i < 256; i++)
        displs[i] = i * blk;
    EXPECT(MPI_Type_create_indexed_block_c(256, blk, displs, MPI_INT, &t) == MPI_SUCCESS);
    MPI_Type_size_c(t, &sz);
    MPI_Type_get_extent_c(t, &lb, &ext);
    EXPECT(sz == 256 * blk * 4 && lb == 0 && ext == sz);
    MPI_Count ni = -1, na = -1, nc = -1, nt = -1;
    int comb = -1;
    MPI_Type_get_envelope_c(t, &ni, &na, &nc, &nt, &comb);
    EXPECT(comb == MPI_COMBINER_INDEXED_BLOCK && ni == 258 && na == 0 && nc == 0 && nt == 1);
    MPI_Type_free(&t);

    /* an element displacement past INT_MAX */
    MPI_Count ibl[2] = {1, 1}, idi[2] = {0, G};
    EXPECT(MPI_Type_indexed_c(2, ibl, idi, MPI_CHAR, &t) == MPI_SUCCESS);
    MPI_Type_size_c(t, &sz);
    MPI_Type_get_extent_c(t, &lb, &ext);
    EXPECT(sz == 2 && lb == 0 && ext == G + 1);
    MPI_Count want_ix[5] = {2, 1, 1, 0, G};
    check_large_contents(t, MPI_COMBINER_INDEXED, 5, want_ix, 1, &chr);
    MPI_Type_free(&t);

    MPI_Count hbl[4] = {0, 1, 2, G}, hdi[4] = {0, 0, 1, 3};
    EXPECT(MPI_Type_create_hindexed_c(4, hbl, hdi, MPI_CHAR, &t) == MPI_SUCCESS);
    MPI_Type_size_c(t, &sz);
    MPI_Type_get_extent_c(t, &lb, &ext);
    EXPECT(sz == G + 3 && lb == 0 && ext == G + 3);
    MPI_Count want_hi[9] = {4, 0, 1, 2, G, 0, 0, 1, 3};
    check_large_contents(t, MPI_COMBINER_HINDEXED, 9, want_hi, 1, &chr);
    MPI_Type_free(&t);

    MPI_Count sbl[2] = {G + 1, 1}, sdi[2] = {0, G + 8};
    MPI_Datatype sty[2] = {MPI_CHAR, MPI_INT};
    EXPECT(MPI_Type_create_struct_c(2, sbl, sdi, sty, &t) == MPI_SUCCESS);
    MPI_Type_size_c(t, &sz);
    MPI_Type_get_extent_c(t, &lb, &ext);
    EXPECT(sz == G + 5 && lb == 0 && ext == G + 12);
    MPI_Count want_st[5] = {2, G + 1, 1, 0, G + 8};
    check_large_contents(t, MPI_COMBINER_STRUCT, 5, want_st, 2, sty);
    MPI_Type_free(&t);

    /* two chars 2^31 bytes apart, sent and received through the vector */
    EXPECT(MPI_Type_vector_c(2, 1, G, MPI_CHAR, &t) == MPI_SUCCESS);
    MPI_Type_commit(&t);
    MPI_Type_size_c(t, &sz);
    MPI_Type_get_extent_c(t, &lb, &ext);
    EXPECT(sz == 2 && lb == 0 && ext == G + 1);
    MPI_Count want_v[3] = {2, 1, G};
    check_large_contents(t, MPI_COMBINER_VECTOR, 3, want_v, 1, &chr);
    char *sparse = mmap(NULL, (size_t)G + 4096, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (sparse != MAP_FAILED && size > 1 && rank < 2) {
        char two[2] = {0, 0};
        if (rank == 0) {
            sparse[0] = 'a';
            sparse[G] = 'b';
            EXPECT(MPI_Send(sparse, 1, t, 1, 3, MPI_COMM_WORLD) == MPI_SUCCESS);
            EXPECT(MPI_Recv(two, 2, MPI_CHAR, 1, 4, MPI_COMM_WORLD, MPI_STATUS_IGNORE) ==
                   MPI_SUCCESS);
            EXPECT(two[0] == 'a' && two[1] == 'b');
        } else {
            EXPECT(MPI_Recv(sparse, 1, t, 0, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE) == MPI_SUCCESS);
            EXPECT(sparse[0] == 'a' && sparse[G] == 'b' && sparse[1] == 0);
            two[0] = sparse[0];
            two[1] = sparse[G];
            MPI_Send(two, 2, MPI_CHAR, 0, 4, MPI_COMM_WORLD);
        }
    }
    if (sparse != MAP_FAILED)
        munmap(sparse, (size_t)G + 4096);
    MPI_Type_free(&t);

    /* bad values on the large path */
    int cls = -1;
    MPI_Error_class(MPI_Type_contiguous_c(-G * 2, MPI_CHAR, &t), &cls);
    EXPECT(cls == MPI_ERR_COUNT);
    MPI_Error_class(MPI_Type_vector_c(G, -1, 2, MPI_CHAR, &t), &cls);
    EXPECT(cls == MPI_ERR_COUNT);
    MPI_Count neg[2] = {G, -G * 4}, two_d[2] = {0, 8};
    MPI_Error_class(MPI_Type_create_hindexed_c(2, neg, two_d, MPI_CHAR, &t), &cls);
    EXPECT(cls == MPI_ERR_ARG);
    MPI_Error_class(MPI_Type_contiguous_c(G, MPI_DATATYPE_NULL, &t), &cls);
    EXPECT(cls == MPI_ERR_TYPE);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
}

/* The collectives' _c forms, data checked; the v-forms' arrays read only where significant. */
static void test_colls(void)
{
    int p = size, r = rank;
    long long *sb = malloc(sizeof(long long) * 4 * (size_t)p),
              *rb = malloc(sizeof(long long) * 4 * (size_t)p);
    MPI_Count *cnt = malloc(sizeof(MPI_Count) * (size_t)p),
              *cnt2 = malloc(sizeof(MPI_Count) * (size_t)p);
    MPI_Aint *dis = malloc(sizeof(MPI_Aint) * (size_t)p),
             *dis2 = malloc(sizeof(MPI_Aint) * (size_t)p);
    MPI_Datatype *ty = malloc(sizeof(MPI_Datatype) * (size_t)p);
    long long v = r + 1, sum = (long long)p * (p + 1) / 2;

    v = r == 0 ? 77 : -1;
    MPI_Bcast_c(&v, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    EXPECT(v == 77);
    v = r + 1;
    long long out = -1;
    MPI_Reduce_c(&v, &out, 1, MPI_LONG_LONG, MPI_SUM, p - 1, MPI_COMM_WORLD);
    EXPECT(r != p - 1 || out == sum);
    MPI_Allreduce_c(&v, &out, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    EXPECT(out == sum);
    MPI_Scan_c(&v, &out, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    EXPECT(out == (long long)(r + 1) * (r + 2) / 2);
    MPI_Exscan_c(&v, &out, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    EXPECT(r == 0 || out == (long long)r * (r + 1) / 2);
    long long loc = 5;
    MPI_Reduce_local_c(&v, &loc, 1, MPI_LONG_LONG, MPI_SUM);
    EXPECT(loc == 5 + r + 1);

    /* gather: the root gets r+1 from each; non-roots pass no arrays to the v form */
    MPI_Gather_c(&v, 1, MPI_LONG_LONG, rb, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    for (int i = 0; r == 0 && i < p; i++)
        EXPECT(rb[i] == i + 1);
    for (int i = 0; i < p; i++) {
        cnt[i] = 1;
        dis[i] = p - 1 - i; /* reversed */
    }
    MPI_Gatherv_c(&v, 1, MPI_LONG_LONG, rb, r == 0 ? cnt : NULL, r == 0 ? dis : NULL, MPI_LONG_LONG,
                  0, MPI_COMM_WORLD);
    for (int i = 0; r == 0 && i < p; i++)
        EXPECT(rb[p - 1 - i] == i + 1);
    for (int i = 0; i < p; i++)
        sb[i] = 100 + i;
    MPI_Scatter_c(sb, 1, MPI_LONG_LONG, &out, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    EXPECT(out == 100 + r);
    MPI_Scatterv_c(sb, r == 0 ? cnt : NULL, r == 0 ? dis : NULL, MPI_LONG_LONG, &out, 1,
                   MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    EXPECT(out == 100 + p - 1 - r);

    /* allgather(v), alltoall(v,w), reduce_scatter(_block) */
    MPI_Allgather_c(&v, 1, MPI_LONG_LONG, rb, 1, MPI_LONG_LONG, MPI_COMM_WORLD);
    for (int i = 0; i < p; i++)
        EXPECT(rb[i] == i + 1);
    MPI_Allgatherv_c(&v, 1, MPI_LONG_LONG, rb, cnt, dis, MPI_LONG_LONG, MPI_COMM_WORLD);
    for (int i = 0; i < p; i++)
        EXPECT(rb[p - 1 - i] == i + 1);
    for (int i = 0; i < p; i++)
        sb[i] = r * 1000 + i;
    MPI_Alltoall_c(sb, 1, MPI_LONG_LONG, rb, 1, MPI_LONG_LONG, MPI_COMM_WORLD);
    for (int i = 0; i < p; i++)
        EXPECT(rb[i] == i * 1000 + r);
    for (int i = 0; i < p; i++) {
        cnt2[i] = 1;
        dis2[i] = i;
    }
    MPI_Alltoallv_c(sb, cnt2, dis2, MPI_LONG_LONG, rb, cnt, dis, MPI_LONG_LONG, MPI_COMM_WORLD);
    for (int i = 0; i < p; i++)
        EXPECT(rb[p - 1 - i] == i * 1000 + r);
    for (int i = 0; i < p; i++) {
        dis2[i] = i * (MPI_Aint)sizeof(long long);
        ty[i] = MPI_LONG_LONG;
    }
    MPI_Alltoallw_c(sb, cnt2, dis2, ty, rb, cnt2, dis2, ty, MPI_COMM_WORLD);
    for (int i = 0; i < p; i++)
        EXPECT(rb[i] == i * 1000 + r);
    for (int i = 0; i < p; i++)
        sb[i] = i + r;
    MPI_Reduce_scatter_block_c(sb, &out, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    EXPECT(out == (long long)p * r + (long long)p * (p - 1) / 2);
    MPI_Reduce_scatter_c(sb, &out, cnt2, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    EXPECT(out == (long long)p * r + (long long)p * (p - 1) / 2);

    /* a nonblocking and a persistent form */
    MPI_Request req;
    MPI_Iallreduce_c(&v, &out, 1, MPI_LONG_LONG, MPI_MAX, MPI_COMM_WORLD, &req);
    MPI_Wait(&req, MPI_STATUS_IGNORE);
    EXPECT(out == p);
    MPI_Allreduce_init_c(&v, &out, 1, MPI_LONG_LONG, MPI_MIN, MPI_COMM_WORLD, MPI_INFO_NULL, &req);
    for (int k = 0; k < 2; k++) {
        out = -5;
        MPI_Start(&req);
        MPI_Wait(&req, MPI_STATUS_IGNORE);
        EXPECT(out == 1);
    }
    MPI_Request_free(&req);

    /* a neighbourhood exchange on a periodic ring */
    MPI_Comm ring;
    int dims[1] = {p}, periods[1] = {1};
    MPI_Cart_create(MPI_COMM_WORLD, 1, dims, periods, 0, &ring);
    long long two[2] = {r, r}, got[2] = {-1, -1};
    MPI_Count c2[2] = {1, 1};
    MPI_Aint d2[2] = {0, 1};
    MPI_Neighbor_alltoallv_c(two, c2, d2, MPI_LONG_LONG, got, c2, d2, MPI_LONG_LONG, ring);
    EXPECT(got[0] == (r + p - 1) % p && got[1] == (r + 1) % p);
    MPI_Comm_free(&ring);

    /* counts an int cannot hold */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int cls = -1;
    MPI_Error_class(MPI_Bcast_c(&v, (MPI_Count)INT_MAX + 1, MPI_BYTE, 0, MPI_COMM_WORLD), &cls);
    EXPECT(cls == MPI_ERR_COUNT);
    cnt2[p - 1] = (MPI_Count)INT_MAX * 2;
    MPI_Error_class(
        MPI_Allgatherv_c(&v, 1, MPI_LONG_LONG, rb, cnt2, dis, MPI_LONG_LONG, MPI_COMM_WORLD), &cls);
    EXPECT(cls == MPI_ERR_COUNT);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    free(sb);
    free(rb);
    free(cnt);
    free(cnt2);
    free(dis);
    free(dis2);
    free(ty);
}

/* 2^31 + 5 bytes from rank 0 to rank 1. */
static void test_huge(void)
{
    MPI_Count n = (MPI_Count)INT_MAX + 6;
    if (rank > 1)
        return;
    unsigned char *b = malloc((size_t)n);
    if (b == NULL) {
        fprintf(stderr, "rank %d: no memory for %lld bytes\n", rank, (long long)n);
        errs++;
        return;
    }
    if (rank == 0) {
        fill(b, n, 3);
        MPI_Send_c(b, n, MPI_BYTE, 1, 40, MPI_COMM_WORLD);
    } else {
        memset(b, 0, (size_t)n);
        MPI_Status st;
        MPI_Recv_c(b, n, MPI_BYTE, 0, 40, MPI_COMM_WORLD, &st);
        MPI_Count got = -1, first_bad = bad_byte(b, n, 3);
        int c = 0;
        EXPECT(MPI_Get_count_c(&st, MPI_BYTE, &got) == MPI_SUCCESS && got == n);
        EXPECT(MPI_Get_count(&st, MPI_BYTE, &c) == MPI_SUCCESS && c == MPI_UNDEFINED);
        if (first_bad >= 0)
            fprintf(stderr, "rank 1: byte %lld of the large message is wrong\n",
                    (long long)first_bad);
        EXPECT(first_bad < 0);
    }
    free(b);
}

/* BIGCOUNT_HUGE=rma: 2^31 + 5 bytes put by MPI_Put_c into rank 1's window, checked there. */
static void test_huge_rma(void)
{
    MPI_Count n = (MPI_Count)INT_MAX + 6;
    unsigned char *base = NULL;
    MPI_Win win;
    EXPECT(MPI_Win_allocate_c(rank == 1 ? (MPI_Aint)n : 0, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &base,
                              &win) == MPI_SUCCESS);
    if (rank == 1)
        memset(base, 0, (size_t)n);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) {
        unsigned char *b = malloc((size_t)n);
        if (b == NULL) {
            fprintf(stderr, "rank 0: no memory for %lld bytes\n", (long long)n);
            errs++;
        } else {
            fill(b, n, 5);
            MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 1, 0, win);
            EXPECT(MPI_Put_c(b, n, MPI_BYTE, 1, 0, n, MPI_BYTE, win) == MPI_SUCCESS);
            MPI_Win_unlock(1, win);
            free(b);
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 1) {
        MPI_Win_lock(MPI_LOCK_SHARED, 1, 0, win); /* the window's memory, synchronised */
        MPI_Count first_bad = bad_byte(base, n, 5);
        MPI_Win_unlock(1, win);
        if (first_bad >= 0)
            fprintf(stderr, "rank 1: byte %lld of the large put is wrong\n", (long long)first_bad);
        EXPECT(first_bad < 0);
    }
    MPI_Win_free(&win);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    test_ring();
    test_zero_size_huge();
    test_types();
    test_large_types();
    test_colls();
    test_rma();
    const char *huge = getenv("BIGCOUNT_HUGE");
    if (huge != NULL && strcmp(huge, "1") == 0 && size >= 2)
        test_huge();
    if (huge != NULL && strcmp(huge, "rma") == 0 && size >= 2)
        test_huge_rma(); /* by hand: 20-40 s more per wire than the suite should spend */
    return mtest_finalize(errs);
}
