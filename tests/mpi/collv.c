/*
 * collv: the data-moving collectives, blocking and nonblocking, with and without MPI_IN_PLACE,
 * at several block sizes and with a non-contiguous datatype: Bcast, Gather, Gatherv, Scatter,
 * Scatterv, Allgather, Allgatherv, Alltoall, Alltoallv, Alltoallw; every root. Then several
 * nonblocking collectives in flight at once on one communicator, completed in reverse order,
 * and progress by MPI_Test alone. Every byte is checked against its expected value.
 */
#include "mtest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int rank, size, errs;

/* The value element i of the block that rank `from` sends to rank `to` carries. */
static int val(int from, int to, int i)
{
    return from * 1000003 + to * 1009 + i;
}

/* Element type under test: MPI_INT, or a vector (every other int: 2 of 3 ints, extent 3). */
typedef struct ty {
    MPI_Datatype dt;
    int stride; /* ints between elements' data */
    int ext;    /* extent in ints */
    const char *name;
} ty_t;

static ty_t tys[2];

/* Writes n elements of t into buf (extent units) from vals; gaps stay as they are. */
static void put(const ty_t *t, int *buf, int n, int from, int to, int base)
{
    for (int i = 0; i < n; i++) {
        if (t->stride == 1) {
            buf[i] = val(from, to, base + i);
        } else {
            buf[i * t->ext] = val(from, to, base + 2 * i);
            buf[i * t->ext + 2] = val(from, to, base + 2 * i + 1);
        }
    }
}

static int check(const ty_t *t, const int *buf, int n, int from, int to, int base, const char *what)
{
    for (int i = 0; i < n; i++) {
        int ok = t->stride == 1 ? buf[i] == val(from, to, base + i)
                                : buf[i * t->ext] == val(from, to, base + 2 * i) &&
                                      buf[i * t->ext + 2] == val(from, to, base + 2 * i + 1) &&
                                      buf[i * t->ext + 1] == -1;
        if (!ok) {
            errs++;
            fprintf(stderr, "rank %d: %s (%s): element %d of the block from %d wrong\n", rank, what,
                    t->name, i, from);
            return 0;
        }
    }
    return 1;
}

static int *ints(size_t n)
{
    int *p = malloc(sizeof(int) * (n + 1));
    for (size_t i = 0; i <= n; i++)
        p[i] = -1;
    return p;
}

/* MPI_Wait on req unless blocking. */
static void done(int nb, MPI_Request *req)
{
    if (nb)
        MPI_Wait(req, MPI_STATUS_IGNORE);
}

static void test_rooted(const ty_t *t, int n, int nb, int inplace)
{
    int e = t->ext;
    size_t blk = (size_t)n * (size_t)e;
    MPI_Request req;
    for (int root = 0; root < size; root++) {
        /* Bcast: the block root -> everyone */
        int *b = ints(blk);
        if (rank == root)
            put(t, b, n, root, 0, 0);
        if (nb)
            MPI_Ibcast(b, n, t->dt, root, MPI_COMM_WORLD, &req);
        else
            MPI_Bcast(b, n, t->dt, root, MPI_COMM_WORLD);
        done(nb, &req);
        check(t, b, n, root, 0, 0, nb ? "Ibcast" : "Bcast");
        free(b);

        /* Gather: block from every rank to root */
        int *s = ints(blk), *r = ints(blk * (size_t)size);
        put(t, s, n, rank, root, 0);
        int ip = inplace && rank == root;
        if (ip)
            put(t, r + (size_t)root * blk, n, root, root, 0);
        if (nb)
            MPI_Igather(ip ? MPI_IN_PLACE : s, n, t->dt, r, n, t->dt, root, MPI_COMM_WORLD, &req);
        else
            MPI_Gather(ip ? MPI_IN_PLACE : s, n, t->dt, r, n, t->dt, root, MPI_COMM_WORLD);
        done(nb, &req);
        for (int i = 0; rank == root && i < size; i++)
            check(t, r + (size_t)i * blk, n, i, root, 0, nb ? "Igather" : "Gather");

        /* Gatherv: rank i sends n + i elements, stored in reverse rank order with gaps */
        int *cnt = malloc(sizeof(int) * (size_t)size), *dsp = malloc(sizeof(int) * (size_t)size);
        int at = 0;
        for (int i = size - 1; i >= 0; i--) {
            cnt[i] = n + i;
            dsp[i] = at;
            at += cnt[i] + 1;
        }
        int *sv = ints((size_t)(n + rank) * (size_t)e), *rv = ints((size_t)at * (size_t)e);
        put(t, sv, n + rank, rank, root, 0);
        if (ip)
            put(t, rv + (size_t)dsp[root] * (size_t)e, cnt[root], root, root, 0);
        if (nb)
            MPI_Igatherv(ip ? MPI_IN_PLACE : sv, n + rank, t->dt, rv, cnt, dsp, t->dt, root,
                         MPI_COMM_WORLD, &req);
        else
            MPI_Gatherv(ip ? MPI_IN_PLACE : sv, n + rank, t->dt, rv, cnt, dsp, t->dt, root,
                        MPI_COMM_WORLD);
        done(nb, &req);
        for (int i = 0; rank == root && i < size; i++)
            check(t, rv + (size_t)dsp[i] * (size_t)e, cnt[i], i, root, 0,
                  nb ? "Igatherv" : "Gatherv");

        /* Scatter: block i of root to rank i */
        int *ss = ints(blk * (size_t)size), *rs = ints(blk);
        for (int i = 0; rank == root && i < size; i++)
            put(t, ss + (size_t)i * blk, n, root, i, 0);
        if (nb)
            MPI_Iscatter(ss, n, t->dt, ip ? MPI_IN_PLACE : rs, n, t->dt, root, MPI_COMM_WORLD,
                         &req);
        else
            MPI_Scatter(ss, n, t->dt, ip ? MPI_IN_PLACE : rs, n, t->dt, root, MPI_COMM_WORLD);
        done(nb, &req);
        if (!ip)
            check(t, rs, n, root, rank, 0, nb ? "Iscatter" : "Scatter");

        /* Scatterv: the layout of Gatherv, the other way */
        int *svv = ints((size_t)at * (size_t)e), *rvv = ints((size_t)(n + rank) * (size_t)e);
        for (int i = 0; rank == root && i < size; i++)
            put(t, svv + (size_t)dsp[i] * (size_t)e, cnt[i], root, i, 0);
        if (nb)
            MPI_Iscatterv(svv, cnt, dsp, t->dt, ip ? MPI_IN_PLACE : rvv, n + rank, t->dt, root,
                          MPI_COMM_WORLD, &req);
        else
            MPI_Scatterv(svv, cnt, dsp, t->dt, ip ? MPI_IN_PLACE : rvv, n + rank, t->dt, root,
                         MPI_COMM_WORLD);
        done(nb, &req);
        if (!ip)
            check(t, rvv, n + rank, root, rank, 0, nb ? "Iscatterv" : "Scatterv");
        free(s);
        free(r);
        free(cnt);
        free(dsp);
        free(sv);
        free(rv);
        free(ss);
        free(rs);
        free(svv);
        free(rvv);
    }
}

static void test_all(const ty_t *t, int n, int nb, int inplace)
{
    int e = t->ext, p = size;
    size_t blk = (size_t)n * (size_t)e;
    MPI_Request req;

    /* Allgather */
    int *s = ints(blk), *r = ints(blk * (size_t)p);
    put(t, s, n, rank, 0, 0);
    if (inplace)
        put(t, r + (size_t)rank * blk, n, rank, 0, 0);
    if (nb)
        MPI_Iallgather(inplace ? MPI_IN_PLACE : s, n, t->dt, r, n, t->dt, MPI_COMM_WORLD, &req);
    else
        MPI_Allgather(inplace ? MPI_IN_PLACE : s, n, t->dt, r, n, t->dt, MPI_COMM_WORLD);
    done(nb, &req);
    for (int i = 0; i < p; i++)
        check(t, r + (size_t)i * blk, n, i, 0, 0, nb ? "Iallgather" : "Allgather");

    /* Allgatherv: rank i contributes (n + i) % 4 + i elements (some zero), reversed layout */
    int *cnt = malloc(sizeof(int) * (size_t)p), *dsp = malloc(sizeof(int) * (size_t)p);
    int at = 0;
    for (int i = p - 1; i >= 0; i--) {
        cnt[i] = (n + i) % 4 + i * (n > 8);
        dsp[i] = at;
        at += cnt[i] + 2;
    }
    int *sv = ints((size_t)cnt[rank] * (size_t)e), *rv = ints((size_t)at * (size_t)e);
    put(t, sv, cnt[rank], rank, 0, 0);
    if (inplace)
        put(t, rv + (size_t)dsp[rank] * (size_t)e, cnt[rank], rank, 0, 0);
    if (nb)
        MPI_Iallgatherv(inplace ? MPI_IN_PLACE : sv, cnt[rank], t->dt, rv, cnt, dsp, t->dt,
                        MPI_COMM_WORLD, &req);
    else
        MPI_Allgatherv(inplace ? MPI_IN_PLACE : sv, cnt[rank], t->dt, rv, cnt, dsp, t->dt,
                       MPI_COMM_WORLD);
    done(nb, &req);
    for (int i = 0; i < p; i++)
        check(t, rv + (size_t)dsp[i] * (size_t)e, cnt[i], i, 0, 0,
              nb ? "Iallgatherv" : "Allgatherv");

    /* Alltoall */
    int *sa = ints(blk * (size_t)p), *ra = ints(blk * (size_t)p);
    for (int j = 0; j < p; j++)
        put(t, (inplace ? ra : sa) + (size_t)j * blk, n, rank, j, 0);
    if (nb)
        MPI_Ialltoall(inplace ? MPI_IN_PLACE : sa, n, t->dt, ra, n, t->dt, MPI_COMM_WORLD, &req);
    else
        MPI_Alltoall(inplace ? MPI_IN_PLACE : sa, n, t->dt, ra, n, t->dt, MPI_COMM_WORLD);
    done(nb, &req);
    for (int i = 0; i < p; i++)
        check(t, ra + (size_t)i * blk, n, i, rank, 0, nb ? "Ialltoall" : "Alltoall");

    /* Alltoallv: rank i sends (i + j + n) % 5 elements to j (symmetric, so in place works) */
    int *sc = malloc(sizeof(int) * (size_t)p), *sd = malloc(sizeof(int) * (size_t)p);
    int *rc = malloc(sizeof(int) * (size_t)p), *rd = malloc(sizeof(int) * (size_t)p);
    int sat = 0, rat = 0;
    for (int j = 0; j < p; j++) {
        sc[j] = (rank + j + n) % 5 + (n > 8) * n;
        rc[j] = (j + rank + n) % 5 + (n > 8) * n;
        sd[j] = sat;
        sat += sc[j] + 1;
    }
    for (int j = p - 1; j >= 0; j--) {
        rd[j] = rat;
        rat += rc[j] + 3;
    }
    int *svv = ints((size_t)sat * (size_t)e), *rvv = ints((size_t)rat * (size_t)e);
    for (int j = 0; j < p; j++) {
        if (inplace)
            put(t, rvv + (size_t)rd[j] * (size_t)e, rc[j], rank, j, 0);
        else
            put(t, svv + (size_t)sd[j] * (size_t)e, sc[j], rank, j, 0);
    }
    if (nb)
        MPI_Ialltoallv(inplace ? MPI_IN_PLACE : svv, sc, sd, t->dt, rvv, rc, rd, t->dt,
                       MPI_COMM_WORLD, &req);
    else
        MPI_Alltoallv(inplace ? MPI_IN_PLACE : svv, sc, sd, t->dt, rvv, rc, rd, t->dt,
                      MPI_COMM_WORLD);
    done(nb, &req);
    for (int i = 0; i < p; i++)
        check(t, rvv + (size_t)rd[i] * (size_t)e, rc[i], i, rank, 0,
              nb ? "Ialltoallv" : "Alltoallv");

    /* Alltoallw: blocks to even ranks as ints, to odd ranks as the vector type; byte displs */
    MPI_Datatype *st = malloc(sizeof(MPI_Datatype) * (size_t)p);
    MPI_Datatype *rt = malloc(sizeof(MPI_Datatype) * (size_t)p);
    int *wsc = malloc(sizeof(int) * (size_t)p), *wsd = malloc(sizeof(int) * (size_t)p);
    int *wrc = malloc(sizeof(int) * (size_t)p), *wrd = malloc(sizeof(int) * (size_t)p);
    size_t wat = 0;
    for (int j = 0; j < p; j++) { /* rank pair (a, b) exchanges blocks typed by b's parity */
        const ty_t *tj = &tys[j % 2], *tr = &tys[rank % 2];
        st[j] = tj->dt;
        rt[j] = tr->dt;
        wsc[j] = n;
        wrc[j] = n;
        wsd[j] = (int)(wat * sizeof(int));
        wat += (size_t)n * (size_t)tj->ext + 1;
    }
    size_t wrat = 0;
    for (int j = 0; j < p; j++) {
        wrd[j] = (int)(wrat * sizeof(int));
        wrat += (size_t)n * (size_t)tys[rank % 2].ext + 2;
    }
    int *ws = ints(wat), *wr = ints(wrat);
    for (int j = 0; j < p; j++)
        put(&tys[j % 2], (int *)((char *)ws + wsd[j]), n, rank, j, 0);
    MPI_Request wreq;
    if (nb)
        MPI_Ialltoallw(ws, wsc, wsd, st, wr, wrc, wrd, rt, MPI_COMM_WORLD, &wreq);
    else
        MPI_Alltoallw(ws, wsc, wsd, st, wr, wrc, wrd, rt, MPI_COMM_WORLD);
    done(nb, &wreq);
    /* the vector type and MPI_INT carry different element counts per n: compare by type */
    for (int i = 0; i < p; i++)
        check(&tys[rank % 2], (int *)((char *)wr + wrd[i]), n, i, rank, 0,
              nb ? "Ialltoallw" : "Alltoallw");

    free(s), free(r), free(cnt), free(dsp), free(sv), free(rv), free(sa), free(ra);
    free(sc), free(sd), free(rc), free(rd), free(svv), free(rvv);
    free(st), free(rt), free(wsc), free(wsd), free(wrc), free(wrd), free(ws), free(wr);
}

/* Several nonblocking collectives at once on one communicator, waited for in reverse. */
static void test_overlap(void)
{
    enum { N = 5000 };
    int *a = ints(N), *b = ints(N), *c = ints((size_t)N * (size_t)size), *d = ints(N);
    int *e = ints((size_t)size), *f = ints((size_t)size);
    for (int i = 0; i < N; i++)
        a[i] = rank + i;
    if (rank == size - 1)
        for (int i = 0; i < N; i++)
            d[i] = 7 * i;
    for (int j = 0; j < size; j++)
        e[j] = rank * 100 + j;
    MPI_Request reqs[5];
    MPI_Iallreduce(a, b, N, MPI_INT, MPI_SUM, MPI_COMM_WORLD, &reqs[0]);
    MPI_Iallgather(a, N, MPI_INT, c, N, MPI_INT, MPI_COMM_WORLD, &reqs[1]);
    MPI_Ibcast(d, N, MPI_INT, size - 1, MPI_COMM_WORLD, &reqs[2]);
    MPI_Ibarrier(MPI_COMM_WORLD, &reqs[3]);
    MPI_Ialltoall(e, 1, MPI_INT, f, 1, MPI_INT, MPI_COMM_WORLD, &reqs[4]);
    for (int k = 4; k >= 0; k--)
        MPI_Wait(&reqs[k], MPI_STATUS_IGNORE);
    for (int i = 0; i < N; i++) {
        if (b[i] != size * (size - 1) / 2 + size * i || d[i] != 7 * i) {
            errs++;
            fprintf(stderr, "rank %d: overlapped Iallreduce/Ibcast: element %d wrong\n", rank, i);
            break;
        }
    }
    for (int j = 0; j < size; j++) {
        EXPECT(c[(size_t)j * N + 17] == j + 17);
        EXPECT(f[j] == j * 100 + rank);
    }
    /* progress through MPI_Test alone, with an Isend/Irecv pair mixed in */
    MPI_Request r2[3];
    int flag = 0, token = rank, got = -1;
    MPI_Iallreduce(a, b, N, MPI_INT, MPI_MAX, MPI_COMM_WORLD, &r2[0]);
    MPI_Irecv(&got, 1, MPI_INT, (rank + size - 1) % size, 5, MPI_COMM_WORLD, &r2[1]);
    MPI_Isend(&token, 1, MPI_INT, (rank + 1) % size, 5, MPI_COMM_WORLD, &r2[2]);
    while (!flag)
        MPI_Testall(3, r2, &flag, MPI_STATUSES_IGNORE);
    EXPECT(b[10] == size - 1 + 10);
    EXPECT(got == (rank + size - 1) % size);
    /* a collective request freed while in flight still completes and frees itself */
    MPI_Ibarrier(MPI_COMM_WORLD, &r2[0]);
    MPI_Request_free(&r2[0]);
    EXPECT(r2[0] == MPI_REQUEST_NULL);
    MPI_Barrier(MPI_COMM_WORLD);
    free(a), free(b), free(c), free(d), free(e), free(f);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    tys[0] = (ty_t){MPI_INT, 1, 1, "MPI_INT"};
    MPI_Datatype v;
    MPI_Type_vector(2, 1, 2, MPI_INT, &v);
    MPI_Type_commit(&v);
    tys[1] = (ty_t){v, 2, 3, "vector(2,1,2,MPI_INT)"};
    const int ns[] = {0, 1, 3, 40, 3000, 40000};
    for (int k = 0; k < 6; k++)
        for (int ty = 0; ty < 2; ty++)
            for (int var = 0; var < 4; var++) {
                if (ns[k] >= 3000 && var % 3 != 0)
                    continue; /* big blocks: blocking and nonblocking in place only */
                test_rooted(&tys[ty], ns[k], var & 1, var >> 1);
                test_all(&tys[ty], ns[k], var & 1, var >> 1);
            }
    test_overlap();
    /* a nonblocking collective cannot be cancelled */
    MPI_Request r;
    MPI_Ibarrier(MPI_COMM_WORLD, &r);
    EXPECT(MPI_Cancel(&r) == MPI_ERR_REQUEST);
    MPI_Wait(&r, MPI_STATUS_IGNORE);
    MPI_Type_free(&v);
    return mtest_finalize(errs);
}
