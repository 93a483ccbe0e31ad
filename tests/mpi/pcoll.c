/*
 * pcoll: persistent collectives (MPI-4.0, 6.13). Every *_init call is made once and started
 * several times with new data in the buffers each time; every result is checked against a
 * serial computation. Also: a derived datatype (packed at each start, unpacked at each
 * completion), MPI_IN_PLACE, two requests started in opposite orders on even and odd ranks
 * (allowed without the strict-ordering info key), blocking and nonblocking collectives between
 * starts, MPI_Startall over collectives and point-to-point, MPI_Test and
 * MPI_Request_get_status as the only progress, MPI_Request_free, and the errors a user gets
 * (starting an active request, a bad info object, cancelling). Neighborhood collectives too,
 * nonblocking and persistent.
 */
#include "mtest.h"

#include <stdlib.h>
#include <string.h>

#define ROUNDS 4

static int rank, size, errs;

/* The value rank r contributes at index i in round k. */
static int val(int r, int i, int k)
{
    return 1000 * k + 10 * r + i + 1;
}

static void test_barrier_bcast(void)
{
    MPI_Request rb, rc;
    int buf[5];
    MPI_Barrier_init(MPI_COMM_WORLD, MPI_INFO_NULL, &rb);
    MPI_Bcast_init(buf, 5, MPI_INT, size - 1, MPI_COMM_WORLD, MPI_INFO_NULL, &rc);
    for (int k = 0; k < ROUNDS; k++) {
        for (int i = 0; i < 5; i++)
            buf[i] = rank == size - 1 ? val(0, i, k) : -1;
        MPI_Start(&rb);
        MPI_Wait(&rb, MPI_STATUS_IGNORE);
        MPI_Start(&rc);
        MPI_Wait(&rc, MPI_STATUS_IGNORE);
        for (int i = 0; i < 5; i++)
            EXPECT(buf[i] == val(0, i, k));
    }
    MPI_Request_free(&rb);
    MPI_Request_free(&rc);
    EXPECT(rb == MPI_REQUEST_NULL && rc == MPI_REQUEST_NULL);
}

static void test_reductions(void)
{
    enum { N = 7 };
    int sb[N] = {0}, rb[N], ip[N], sc[N], ex[N], rs[N * 16] = {0}, rsb[2], rsv[N];
    MPI_Request r[6];
    int *counts = malloc(sizeof(int) * (size_t)size);
    for (int i = 0; i < size; i++)
        counts[i] = i % 2 + 1;
    int total = 0, mine = 0;
    for (int i = 0; i < size; i++) {
        if (i < rank)
            mine += counts[i];
        total += counts[i];
    }
    int *rsin = malloc(sizeof(int) * (size_t)total);
    MPI_Reduce_init(sb, rb, N, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD, MPI_INFO_NULL, &r[0]);
    MPI_Allreduce_init(MPI_IN_PLACE, ip, N, MPI_INT, MPI_MAX, MPI_COMM_WORLD, MPI_INFO_NULL, &r[1]);
    MPI_Scan_init(sb, sc, N, MPI_INT, MPI_SUM, MPI_COMM_WORLD, MPI_INFO_NULL, &r[2]);
    MPI_Exscan_init(sb, ex, N, MPI_INT, MPI_SUM, MPI_COMM_WORLD, MPI_INFO_NULL, &r[3]);
    MPI_Reduce_scatter_block_init(rs, rsb, 2, MPI_INT, MPI_SUM, MPI_COMM_WORLD, MPI_INFO_NULL,
                                  &r[4]);
    MPI_Reduce_scatter_init(rsin, rsv, counts, MPI_INT, MPI_SUM, MPI_COMM_WORLD, MPI_INFO_NULL,
                            &r[5]);
    for (int k = 0; k < ROUNDS; k++) {
        for (int i = 0; i < N; i++) {
            sb[i] = val(rank, i, k);
            ip[i] = val(rank, i, k);
            rb[i] = sc[i] = -1;
        }
        for (int i = 0; i < 2 * size; i++)
            rs[i] = val(rank, i, k);
        for (int i = 0; i < total; i++)
            rsin[i] = val(rank, i, k);
        MPI_Startall(6, r);
        MPI_Waitall(6, r, MPI_STATUSES_IGNORE);
        for (int i = 0; i < N; i++) {
            int sum = 0, max = val(size - 1, i, k), pre = 0;
            for (int q = 0; q < size; q++)
                sum += val(q, i, k);
            for (int q = 0; q <= rank; q++)
                pre += val(q, i, k);
            if (rank == 0)
                EXPECT(rb[i] == sum);
            EXPECT(ip[i] == max);
            EXPECT(sc[i] == pre);
            if (rank > 0)
                EXPECT(ex[i] == pre - val(rank, i, k));
        }
        for (int j = 0; j < 2; j++) {
            int sum = 0;
            for (int q = 0; q < size; q++)
                sum += val(q, 2 * rank + j, k);
            EXPECT(rsb[j] == sum);
        }
        for (int j = 0; j < counts[rank]; j++) {
            int sum = 0;
            for (int q = 0; q < size; q++)
                sum += val(q, mine + j, k);
            EXPECT(rsv[j] == sum);
        }
    }
    for (int i = 0; i < 6; i++)
        MPI_Request_free(&r[i]);
    free(counts);
    free(rsin);
}

static void test_gather_scatter(void)
{
    int root = size / 2, p = size;
    int *all = malloc(sizeof(int) * (size_t)(3 * p)), *allv = malloc(sizeof(int) * (size_t)(3 * p));
    int *ga = malloc(sizeof(int) * (size_t)(2 * p)), *a2a_s = malloc(sizeof(int) * (size_t)(2 * p));
    int *a2a_r = malloc(sizeof(int) * (size_t)(2 * p));
    int *cnt = malloc(sizeof(int) * (size_t)p), *dsp = malloc(sizeof(int) * (size_t)p);
    int mine[2], sc[2], scv[3];
    for (int q = 0; q < p; q++) {
        cnt[q] = q % 3 + 1;
        dsp[q] = 3 * q;
    }
    /* gatherv's counts are capped at 2 (what mine holds) */
    int *gcnt = malloc(sizeof(int) * (size_t)p);
    for (int q = 0; q < p; q++)
        gcnt[q] = cnt[q] < 2 ? cnt[q] : 2;
    MPI_Request r[7];
    MPI_Gather_init(mine, 2, MPI_INT, all, 2, MPI_INT, root, MPI_COMM_WORLD, MPI_INFO_NULL, &r[0]);
    MPI_Gatherv_init(mine, gcnt[rank], MPI_INT, allv, gcnt, dsp, MPI_INT, root, MPI_COMM_WORLD,
                     MPI_INFO_NULL, &r[1]);
    MPI_Scatter_init(all, 2, MPI_INT, sc, 2, MPI_INT, root, MPI_COMM_WORLD, MPI_INFO_NULL, &r[2]);
    MPI_Scatterv_init(all, cnt, dsp, MPI_INT, scv, cnt[rank], MPI_INT, root, MPI_COMM_WORLD,
                      MPI_INFO_NULL, &r[3]);
    MPI_Allgather_init(mine, 2, MPI_INT, ga, 2, MPI_INT, MPI_COMM_WORLD, MPI_INFO_NULL, &r[4]);
    MPI_Alltoall_init(a2a_s, 2, MPI_INT, a2a_r, 2, MPI_INT, MPI_COMM_WORLD, MPI_INFO_NULL, &r[5]);
    MPI_Allgatherv_init(mine, gcnt[rank], MPI_INT, all + 0, gcnt, dsp, MPI_INT, MPI_COMM_WORLD,
                        MPI_INFO_NULL, &r[6]);
    for (int k = 0; k < ROUNDS; k++) {
        mine[0] = val(rank, 0, k);
        mine[1] = val(rank, 1, k);
        for (int q = 0; q < 2 * p; q++)
            a2a_s[q] = val(rank, q, k);
        memset(allv, 0xff, sizeof(int) * (size_t)(3 * p));
        /* gathers first (they fill all and allv), then the scatters read all at the root */
        MPI_Startall(2, r);
        MPI_Waitall(2, r, MPI_STATUSES_IGNORE);
        if (rank == root) {
            for (int q = 0; q < p; q++) {
                EXPECT(all[2 * q] == val(q, 0, k) && all[2 * q + 1] == val(q, 1, k));
                for (int j = 0; j < gcnt[q]; j++)
                    EXPECT(allv[dsp[q] + j] == val(q, j, k));
            }
            for (int q = 0; q < 3 * p; q++)
                all[q] = val(q, 5, k); /* what the scatters hand out */
        }
        MPI_Start(&r[2]);
        MPI_Start(&r[3]);
        MPI_Waitall(2, &r[2], MPI_STATUSES_IGNORE);
        EXPECT(sc[0] == val(2 * rank, 5, k) && sc[1] == val(2 * rank + 1, 5, k));
        for (int j = 0; j < cnt[rank]; j++)
            EXPECT(scv[j] == val(dsp[rank] + j, 5, k));
        MPI_Startall(2, &r[4]);
        MPI_Waitall(2, &r[4], MPI_STATUSES_IGNORE);
        for (int q = 0; q < p; q++) {
            EXPECT(ga[2 * q] == val(q, 0, k) && ga[2 * q + 1] == val(q, 1, k));
            EXPECT(a2a_r[2 * q] == val(q, 2 * rank, k) &&
                   a2a_r[2 * q + 1] == val(q, 2 * rank + 1, k));
        }
        MPI_Start(&r[6]);
        MPI_Wait(&r[6], MPI_STATUS_IGNORE);
        for (int q = 0; q < p; q++)
            for (int j = 0; j < gcnt[q]; j++)
                EXPECT(all[dsp[q] + j] == val(q, j, k));
    }
    for (int i = 0; i < 7; i++)
        MPI_Request_free(&r[i]);
    free(all);
    free(allv);
    free(ga);
    free(a2a_s);
    free(a2a_r);
    free(cnt);
    free(dsp);
    free(gcnt);
}

/* Alltoallv and alltoallw: block q gets q % 2 + 1 ints. */
static void test_alltoallvw(void)
{
    int p = size;
    int *sc = malloc(sizeof(int) * (size_t)p), *sd = malloc(sizeof(int) * (size_t)p);
    int *rc = malloc(sizeof(int) * (size_t)p), *rd = malloc(sizeof(int) * (size_t)p);
    int *wsd = malloc(sizeof(int) * (size_t)p), *wrd = malloc(sizeof(int) * (size_t)p);
    MPI_Datatype *ty = malloc(sizeof(MPI_Datatype) * (size_t)p);
    int *s = malloc(sizeof(int) * (size_t)(2 * p)), *r = malloc(sizeof(int) * (size_t)(2 * p));
    int *w = malloc(sizeof(int) * (size_t)(2 * p));
    for (int q = 0; q < p; q++) {
        sc[q] = q % 2 + 1;    /* to q: what q expects from anyone */
        rc[q] = rank % 2 + 1; /* from q: my count */
        sd[q] = rd[q] = 2 * q;
        wsd[q] = wrd[q] = 2 * q * (int)sizeof(int);
        ty[q] = MPI_INT;
    }
    MPI_Request req[2];
    MPI_Alltoallv_init(s, sc, sd, MPI_INT, r, rc, rd, MPI_INT, MPI_COMM_WORLD, MPI_INFO_NULL,
                       &req[0]);
    MPI_Alltoallw_init(s, sc, wsd, ty, w, rc, wrd, ty, MPI_COMM_WORLD, MPI_INFO_NULL, &req[1]);
    for (int k = 0; k < ROUNDS; k++) {
        for (int q = 0; q < 2 * p; q++)
            s[q] = val(rank, q, k);
        MPI_Startall(2, req);
        /* MPI_Test is the only progress here */
        int done = 0;
        while (!done)
            MPI_Testall(2, req, &done, MPI_STATUSES_IGNORE);
        for (int q = 0; q < p; q++)
            for (int j = 0; j < rc[q]; j++) {
                EXPECT(r[rd[q] + j] == val(q, 2 * rank + j, k));
                EXPECT(w[rd[q] + j] == val(q, 2 * rank + j, k));
            }
    }
    MPI_Request_free(&req[0]);
    MPI_Request_free(&req[1]);
    free(sc);
    free(sd);
    free(rc);
    free(rd);
    free(wsd);
    free(wrd);
    free(ty);
    free(s);
    free(r);
    free(w);
}

/*
 * A vector type (every other int): the send side is packed at each start, the receive side
 * unpacked at each completion, in place included.
 */
static void test_derived(void)
{
    enum { N = 5 };
    MPI_Datatype vec;
    MPI_Type_vector(N, 1, 2, MPI_INT, &vec);
    MPI_Type_commit(&vec);
    int a[2 * N], b[2 * N], c[2 * N];
    MPI_Request r[3];
    MPI_Bcast_init(a, 1, vec, 0, MPI_COMM_WORLD, MPI_INFO_NULL, &r[0]);
    MPI_Allreduce_init(b, c, 1, vec, MPI_SUM, MPI_COMM_WORLD, MPI_INFO_NULL, &r[1]);
    MPI_Allreduce_init(MPI_IN_PLACE, b, 1, vec, MPI_MIN, MPI_COMM_WORLD, MPI_INFO_NULL, &r[2]);
    MPI_Type_free(&vec); /* the requests keep it */
    for (int k = 0; k < ROUNDS; k++) {
        for (int i = 0; i < 2 * N; i++) {
            a[i] = rank == 0 ? val(0, i, k) : -7;
            b[i] = val(rank, i, k);
            c[i] = -5;
        }
        MPI_Startall(2, r);
        MPI_Waitall(2, r, MPI_STATUSES_IGNORE);
        MPI_Start(&r[2]);
        MPI_Wait(&r[2], MPI_STATUS_IGNORE);
        for (int i = 0; i < 2 * N; i++) {
            int sum = 0;
            for (int q = 0; q < size; q++)
                sum += val(q, i, k);
            EXPECT(a[i] == (i % 2 == 0 || rank == 0 ? val(0, i, k) : -7));
            EXPECT(c[i] == (i % 2 == 0 ? sum : -5));
            EXPECT(b[i] == (i % 2 == 0 ? val(0, i, k) : val(rank, i, k)));
        }
    }
    for (int i = 0; i < 3; i++)
        MPI_Request_free(&r[i]);
}

/*
 * Two persistent allreduces started in opposite orders on even and odd ranks, with a blocking
 * and a nonblocking collective in between, and point-to-point in the same Startall.
 */
static void test_order(void)
{
    int x[3], y[3], tok = -1, out;
    MPI_Request r[4];
    MPI_Allreduce_init(MPI_IN_PLACE, x, 3, MPI_INT, MPI_SUM, MPI_COMM_WORLD, MPI_INFO_NULL, &r[0]);
    MPI_Allreduce_init(MPI_IN_PLACE, y, 3, MPI_INT, MPI_SUM, MPI_COMM_WORLD, MPI_INFO_NULL, &r[1]);
    int next = (rank + 1) % size, prev = (rank + size - 1) % size;
    MPI_Recv_init(&tok, 1, MPI_INT, prev, 5, MPI_COMM_WORLD, &r[2]);
    MPI_Send_init(&out, 1, MPI_INT, next, 5, MPI_COMM_WORLD, &r[3]);
    for (int k = 0; k < ROUNDS; k++) {
        for (int i = 0; i < 3; i++) {
            x[i] = val(rank, i, k);
            y[i] = -val(rank, i, k);
        }
        out = val(rank, 9, k);
        if (rank % 2 == 0) {
            MPI_Start(&r[0]);
            MPI_Start(&r[1]);
        } else {
            MPI_Start(&r[1]);
            MPI_Start(&r[0]);
        }
        int z = rank, zs;
        MPI_Allreduce(&z, &zs, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
        EXPECT(zs == size * (size - 1) / 2);
        MPI_Request ib;
        MPI_Ibarrier(MPI_COMM_WORLD, &ib);
        MPI_Startall(2, &r[2]);
        /* get_status drives progress and leaves the requests active */
        int flag = 0;
        while (!flag)
            MPI_Request_get_status(r[0], &flag, MPI_STATUS_IGNORE);
        MPI_Waitall(4, r, MPI_STATUSES_IGNORE);
        MPI_Wait(&ib, MPI_STATUS_IGNORE);
        for (int i = 0; i < 3; i++) {
            int sum = 0;
            for (int q = 0; q < size; q++)
                sum += val(q, i, k);
            EXPECT(x[i] == sum);
            EXPECT(y[i] == -sum);
        }
        EXPECT(tok == val(prev, 9, k));
    }
    for (int i = 0; i < 4; i++)
        MPI_Request_free(&r[i]);
}

/*
 * Neighborhood collectives on a periodic 2-D grid, nonblocking (MPI-3) and persistent
 * (MPI-4.0): each run's results must equal the blocking call's on the same data.
 */
static void test_neighbor(void)
{
    int dims[2] = {0, 0}, periods[2] = {1, 1};
    MPI_Dims_create(size, 2, dims);
    MPI_Comm cart;
    MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, 0, &cart);
    MPI_Datatype col; /* column j of a 3 x 4 row-major matrix */
    MPI_Type_vector(3, 1, 4, MPI_INT, &col);
    MPI_Type_commit(&col);
    int sb[4], m[12], one[4] = {1, 1, 1, 1}, three[4] = {3, 3, 3, 3};
    int d4[4] = {0, 1, 2, 3}, d8[4] = {0, 2, 4, 6}, rev[4] = {3, 2, 1, 0};
    MPI_Aint sdw[4], rdw[4];
    MPI_Datatype st[4], rt[4];
    for (int j = 0; j < 4; j++) {
        sdw[j] = j * (MPI_Aint)sizeof(int);
        rdw[j] = 3 * j * (MPI_Aint)sizeof(int);
        st[j] = col;
        rt[j] = MPI_INT;
    }
    enum { A2A, AG, AGV, A2AV, A2AW, NK };
    static const int len[NK] = {4, 4, 8, 4, 12};
    int ref[NK][12], got[NK][12], iget[NK][12];
    MPI_Request pr[NK], ir[NK];
    MPI_Neighbor_alltoall_init(sb, 1, MPI_INT, got[A2A], 1, MPI_INT, cart, MPI_INFO_NULL, &pr[A2A]);
    MPI_Neighbor_allgather_init(sb, 1, MPI_INT, got[AG], 1, MPI_INT, cart, MPI_INFO_NULL, &pr[AG]);
    MPI_Neighbor_allgatherv_init(sb, 1, MPI_INT, got[AGV], one, d8, MPI_INT, cart, MPI_INFO_NULL,
                                 &pr[AGV]);
    MPI_Neighbor_alltoallv_init(sb, one, d4, MPI_INT, got[A2AV], one, rev, MPI_INT, cart,
                                MPI_INFO_NULL, &pr[A2AV]);
    MPI_Neighbor_alltoallw_init(m, one, sdw, st, got[A2AW], three, rdw, rt, cart, MPI_INFO_NULL,
                                &pr[A2AW]);
    for (int k = 0; k < ROUNDS; k++) {
        for (int j = 0; j < 4; j++)
            sb[j] = val(rank, j, k);
        for (int j = 0; j < 12; j++)
            m[j] = val(rank, j, k);
        memset(ref, 0xff, sizeof(ref));
        memset(got, 0xff, sizeof(got));
        memset(iget, 0xff, sizeof(iget));
        MPI_Neighbor_alltoall(sb, 1, MPI_INT, ref[A2A], 1, MPI_INT, cart);
        MPI_Neighbor_allgather(sb, 1, MPI_INT, ref[AG], 1, MPI_INT, cart);
        MPI_Neighbor_allgatherv(sb, 1, MPI_INT, ref[AGV], one, d8, MPI_INT, cart);
        MPI_Neighbor_alltoallv(sb, one, d4, MPI_INT, ref[A2AV], one, rev, MPI_INT, cart);
        MPI_Neighbor_alltoallw(m, one, sdw, st, ref[A2AW], three, rdw, rt, cart);
        MPI_Startall(NK, pr);
        MPI_Ineighbor_alltoall(sb, 1, MPI_INT, iget[A2A], 1, MPI_INT, cart, &ir[A2A]);
        MPI_Ineighbor_allgather(sb, 1, MPI_INT, iget[AG], 1, MPI_INT, cart, &ir[AG]);
        MPI_Ineighbor_allgatherv(sb, 1, MPI_INT, iget[AGV], one, d8, MPI_INT, cart, &ir[AGV]);
        MPI_Ineighbor_alltoallv(sb, one, d4, MPI_INT, iget[A2AV], one, rev, MPI_INT, cart,
                                &ir[A2AV]);
        MPI_Ineighbor_alltoallw(m, one, sdw, st, iget[A2AW], three, rdw, rt, cart, &ir[A2AW]);
        MPI_Waitall(NK, ir, MPI_STATUSES_IGNORE);
        MPI_Waitall(NK, pr, MPI_STATUSES_IGNORE);
        for (int c = 0; c < NK; c++) {
            for (int j = 0; j < len[c]; j++) {
                EXPECT(got[c][j] == ref[c][j]);
                EXPECT(iget[c][j] == ref[c][j]);
            }
        }
        /* the reference itself, for the alltoall: slot j from the neighbor in direction j */
        for (int j = 0; j < 4; j++) {
            int src, dst, nb;
            MPI_Cart_shift(cart, j / 2, 1, &src, &dst);
            nb = j % 2 ? dst : src;
            EXPECT(ref[A2A][j] == val(nb, j ^ 1, k));
            EXPECT(ref[A2AW][3 * j] == val(nb, j ^ 1, k));
        }
    }
    for (int c = 0; c < NK; c++)
        MPI_Request_free(&pr[c]);
    MPI_Type_free(&col);
    MPI_Comm_free(&cart);
}

/* What a user gets for mistakes, under MPI_ERRORS_RETURN. */
static void test_errors(void)
{
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int x = 1, y;
    MPI_Request r, never;
    int rc =
        MPI_Allreduce_init(&x, &y, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD, (MPI_Info)(void *)&x, &r);
    int cls = -1;
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_INFO);
    MPI_Info info;
    MPI_Info_create(&info);
    MPI_Info_set(info, "mpi_assert_strict_persistent_collective_ordering", "false");
    EXPECT(MPI_Allreduce_init(&x, &y, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD, info, &r) ==
           MPI_SUCCESS);
    MPI_Info_free(&info);
    /* a request never started is freed at once */
    EXPECT(MPI_Barrier_init(MPI_COMM_WORLD, MPI_INFO_NULL, &never) == MPI_SUCCESS);
    EXPECT(MPI_Request_free(&never) == MPI_SUCCESS && never == MPI_REQUEST_NULL);
    /* waiting on an inactive persistent request returns at once with an empty status */
    MPI_Status st;
    EXPECT(MPI_Wait(&r, &st) == MPI_SUCCESS && r != MPI_REQUEST_NULL);
    EXPECT(MPI_Start(&r) == MPI_SUCCESS);
    rc = MPI_Start(&r);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_REQUEST); /* still active */
    rc = MPI_Cancel(&r);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_REQUEST);
    EXPECT(MPI_Wait(&r, MPI_STATUS_IGNORE) == MPI_SUCCESS);
    EXPECT(y == size);
    EXPECT(MPI_Request_free(&r) == MPI_SUCCESS);
    rc = MPI_Bcast_init(&x, 1, MPI_INT, size, MPI_COMM_WORLD, MPI_INFO_NULL, &r);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_ROOT);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
}

/* On a communicator of its own, freed while its requests are still around. */
static void test_subcomm(void)
{
    MPI_Comm half;
    MPI_Comm_split(MPI_COMM_WORLD, rank % 2, rank, &half);
    int hs, x, y;
    MPI_Comm_size(half, &hs);
    MPI_Request r;
    MPI_Allreduce_init(&x, &y, 1, MPI_INT, MPI_SUM, half, MPI_INFO_NULL, &r);
    MPI_Comm_free(&half);
    for (int k = 0; k < ROUNDS; k++) {
        x = k + rank % 2;
        MPI_Start(&r);
        MPI_Wait(&r, MPI_STATUS_IGNORE);
        EXPECT(y == hs * (k + rank % 2));
    }
    MPI_Request_free(&r);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    test_barrier_bcast();
    test_reductions();
    test_gather_scatter();
    test_alltoallvw();
    test_derived();
    test_order();
    test_neighbor();
    test_errors();
    test_subcomm();
    return mtest_finalize(errs);
}
