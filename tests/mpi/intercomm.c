/*
 * intercomm.c: intercommunicators: MPI_Intercomm_create over two halves of MPI_COMM_WORLD,
 * their sizes and groups, point-to-point traffic between the groups (wildcards, every size
 * class, non-overtaking), MPI_Comm_dup, MPI_Comm_idup and MPI_Comm_compare,
 * MPI_Intercomm_merge in both orders, and the errors: bad leaders (raised in the whole group,
 * no hang), intercommunicator calls on an intracommunicator, and the operations not built
 * yet. Needs 2 or more ranks.
 */
#include "mtest.h"

#include <stdlib.h>
#include <string.h>

static int errs, rank;

static unsigned char pattern(int from, int to, int i)
{
    return (unsigned char)(from * 31 + to * 7 + i);
}

/* Every rank of the local group sends to every rank of the remote one, in sizes 0..big. */
static void exchange(MPI_Comm ic, int me, int lsize, int rsize)
{
    static const int sizes[] = {0, 1, 100, 20000, 300000};
    int nsizes = (int)(sizeof(sizes) / sizeof(sizes[0]));
    int big = sizes[nsizes - 1];
    unsigned char *sbuf = malloc((size_t)big), *rbuf = malloc((size_t)big);
    MPI_Request *reqs = malloc((size_t)rsize * (size_t)nsizes * sizeof(MPI_Request));
    unsigned char **bufs = malloc((size_t)rsize * (size_t)nsizes * sizeof(*bufs));
    int k = 0;
    for (int r = 0; r < rsize; r++) {
        for (int s = 0; s < nsizes; s++, k++) {
            bufs[k] = malloc((size_t)sizes[s] + 1);
            for (int i = 0; i < sizes[s]; i++)
                bufs[k][i] = pattern(me, r, i + s);
            MPI_Isend(bufs[k], sizes[s], MPI_BYTE, r, s, ic, &reqs[k]);
        }
    }
    /* From each remote rank, in send order: MPI_ANY_SOURCE with the tag fixes the order. */
    int *next = calloc((size_t)lsize + (size_t)rsize, sizeof(int));
    for (int n = 0; n < rsize * nsizes; n++) {
        MPI_Status st;
        MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, ic, &st);
        int src = st.MPI_SOURCE, s = st.MPI_TAG;
        EXPECT(src >= 0 && src < rsize);
        if (src < 0 || src >= rsize)
            break;
        EXPECT(s == next[src]); /* non-overtaking per sender */
        int count;
        MPI_Get_count(&st, MPI_BYTE, &count);
        EXPECT(count == sizes[s]);
        memset(rbuf, 0xee, (size_t)big);
        MPI_Recv(rbuf, big, MPI_BYTE, src, s, ic, &st);
        EXPECT(st.MPI_SOURCE == src && st.MPI_TAG == s);
        int bad = 0;
        for (int i = 0; i < sizes[s]; i++)
            bad += rbuf[i] != pattern(src, me, i + s);
        EXPECT(bad == 0);
        next[src] = s + 1;
    }
    MPI_Waitall(k, reqs, MPI_STATUSES_IGNORE);
    for (int i = 0; i < k; i++)
        free(bufs[i]);
    free(bufs);
    free(reqs);
    free(next);
    free(sbuf);
    free(rbuf);
}

/* World rank of remote rank i (each half is ordered backwards, see main). */
static int remote_world(int low, int h, int size, int i)
{
    return low ? size - 1 - i : h - 1 - i;
}

/* Every collective on the intercommunicator, data checked against the other group's ranks. */
static void collectives(MPI_Comm ic, int low, int h, int size, int lrank, int lsize, int rsize)
{
    int rw0 = remote_world(low, h, size, 0), rsum = 0;
    for (int i = 0; i < rsize; i++)
        rsum += remote_world(low, h, size, i);
    MPI_Barrier(ic);

    /* Bcast both ways: from the low group's rank 0, then from the high group's rank 0. */
    for (int from_low = 1; from_low >= 0; from_low--) {
        int v[3] = {-1, -1, -1}, root;
        if (low == from_low) {
            root = lrank == 0 ? MPI_ROOT : MPI_PROC_NULL;
            if (lrank == 0)
                v[0] = 7, v[1] = rank, v[2] = -7;
        } else {
            root = 0;
        }
        MPI_Bcast(v, 3, MPI_INT, root, ic);
        if (low != from_low)
            EXPECT(v[0] == 7 && v[1] == rw0 && v[2] == -7);
        else if (lrank != 0)
            EXPECT(v[0] == -1); /* MPI_PROC_NULL: untouched */
    }

    /* Allreduce: each group gets the other's reduction. */
    int in[2] = {rank, -rank}, out[2] = {0, 0};
    MPI_Allreduce(in, out, 2, MPI_INT, MPI_SUM, ic);
    EXPECT(out[0] == rsum && out[1] == -rsum);
    MPI_Allreduce(in, out, 1, MPI_INT, MPI_MAX, ic);
    EXPECT(out[0] == (low ? size - 1 : h - 1));

    /* Reduce, Gather, Scatter to and from the low group's rank 0. */
    int root = low ? (lrank == 0 ? MPI_ROOT : MPI_PROC_NULL) : 0;
    int red = -1;
    MPI_Reduce(&rank, &red, 1, MPI_INT, MPI_SUM, root, ic);
    if (root == MPI_ROOT)
        EXPECT(red == rsum);
    int *all = malloc((size_t)(rsize > lsize ? rsize : lsize) * 4 * sizeof(int));
    for (int i = 0; i < rsize * 4; i++)
        all[i] = -1;
    MPI_Gather(&rank, 1, MPI_INT, all, 1, MPI_INT, root, ic);
    for (int i = 0; root == MPI_ROOT && i < rsize; i++)
        EXPECT(all[i] == remote_world(low, h, size, i));
    for (int i = 0; i < rsize; i++)
        all[i] = 1000 + i;
    int got = -1;
    MPI_Scatter(all, 1, MPI_INT, &got, 1, MPI_INT, root, ic);
    if (!low)
        EXPECT(got == 1000 + lrank);

    /* Allgather(v): the other group's ranks, in its order (v: reversed places). */
    for (int i = 0; i < rsize; i++)
        all[i] = -1;
    MPI_Allgather(&rank, 1, MPI_INT, all, 1, MPI_INT, ic);
    for (int i = 0; i < rsize; i++)
        EXPECT(all[i] == remote_world(low, h, size, i));
    int *cnt = malloc((size_t)rsize * 2 * sizeof(int)), *dsp = cnt + rsize;
    for (int i = 0; i < rsize; i++)
        cnt[i] = 1, dsp[i] = rsize - 1 - i, all[i] = -1;
    MPI_Allgatherv(&rank, 1, MPI_INT, all, cnt, dsp, MPI_INT, ic);
    for (int i = 0; i < rsize; i++)
        EXPECT(all[rsize - 1 - i] == remote_world(low, h, size, i));

    /* Alltoall(v): block j to remote rank j carries (our rank, j). */
    int *sb = malloc((size_t)rsize * 2 * sizeof(int)),
        *rb = malloc((size_t)rsize * 2 * sizeof(int));
    for (int j = 0; j < rsize; j++)
        sb[2 * j] = rank, sb[2 * j + 1] = j, rb[2 * j] = rb[2 * j + 1] = -1;
    MPI_Alltoall(sb, 2, MPI_INT, rb, 2, MPI_INT, ic);
    for (int i = 0; i < rsize; i++)
        EXPECT(rb[2 * i] == remote_world(low, h, size, i) && rb[2 * i + 1] == lrank);
    for (int i = 0; i < rsize; i++)
        cnt[i] = 2, dsp[i] = 2 * i, rb[2 * i] = -1;
    MPI_Alltoallv(sb, cnt, dsp, MPI_INT, rb, cnt, dsp, MPI_INT, ic);
    for (int i = 0; i < rsize; i++)
        EXPECT(rb[2 * i] == remote_world(low, h, size, i) && rb[2 * i + 1] == lrank);

    /* Reduce_scatter: vectors of lsize * rsize elements; here each rank gets rsize of them. */
    int tot = lsize * rsize, *vec = malloc((size_t)tot * sizeof(int));
    int *rc = malloc((size_t)lsize * sizeof(int)), *mine = malloc((size_t)rsize * sizeof(int));
    for (int k = 0; k < tot; k++)
        vec[k] = rank + k;
    for (int i = 0; i < lsize; i++)
        rc[i] = rsize;
    MPI_Reduce_scatter(vec, mine, rc, MPI_INT, MPI_SUM, ic);
    for (int k = 0; k < rsize; k++)
        EXPECT(mine[k] == rsum + rsize * (lrank * rsize + k));

    /* Nonblocking, two at once. */
    MPI_Request q[2];
    int nb = low && lrank == 0 ? 99 : -1, nb2[2] = {0, 0};
    MPI_Ibcast(&nb, 1, MPI_INT, low ? (lrank == 0 ? MPI_ROOT : MPI_PROC_NULL) : 0, ic, &q[0]);
    MPI_Iallreduce(in, nb2, 1, MPI_INT, MPI_SUM, ic, &q[1]);
    MPI_Waitall(2, q, MPI_STATUSES_IGNORE);
    if (!low)
        EXPECT(nb == 99);
    EXPECT(nb2[0] == rsum);
    free(all);
    free(cnt);
    free(sb);
    free(rb);
    free(vec);
    free(rc);
    free(mine);
}

/* MPI_Comm_split by parity and MPI_Comm_create without rank 0, then traffic on the results. */
static void split_create(MPI_Comm ic, int low, int lrank, int lsize, int rsize)
{
    MPI_Comm sc;
    MPI_Comm_split(ic, lrank % 2, -lrank, &sc);
    int want_l = (lsize + 1 - lrank % 2) / 2, want_r = (rsize + 1 - lrank % 2) / 2;
    if (want_r == 0) {
        EXPECT(sc == MPI_COMM_NULL);
    } else {
        int n, r, flag;
        MPI_Comm_test_inter(sc, &flag);
        MPI_Comm_size(sc, &n);
        MPI_Comm_rank(sc, &r);
        EXPECT(flag && n == want_l && r == want_l - 1 - lrank / 2);
        MPI_Comm_remote_size(sc, &n);
        EXPECT(n == want_r);
        int s = -1;
        MPI_Allreduce(&lrank, &s, 1, MPI_INT, MPI_MAX, sc);
        EXPECT(s == (rsize - 1) - ((rsize - 1) % 2 != lrank % 2));
        MPI_Comm_free(&sc);
    }
    MPI_Group g, part;
    MPI_Comm_group(ic, &g);
    int zero = 0;
    if (lsize > 1)
        MPI_Group_excl(g, 1, &zero, &part);
    else
        MPI_Group_incl(g, 1, &zero, &part);
    MPI_Comm cc;
    MPI_Comm_create(ic, part, &cc);
    if (lsize > 1 && lrank == 0) {
        EXPECT(cc == MPI_COMM_NULL);
    } else {
        int n, r;
        MPI_Comm_remote_size(cc, &n);
        MPI_Comm_rank(cc, &r);
        EXPECT(n == (rsize > 1 ? rsize - 1 : 1));
        int b = low ? 5 : -1;
        MPI_Bcast(&b, 1, MPI_INT, low ? (r == 0 ? MPI_ROOT : MPI_PROC_NULL) : 0, cc);
        EXPECT(b == 5);
        MPI_Comm_free(&cc);
    }
    MPI_Group_free(&part);
    MPI_Group_free(&g);
}

int main(int argc, char **argv)
{
    int size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size < 2) {
        fprintf(stderr, "intercomm needs 2 or more ranks\n");
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    /* The low half (ranks 0..h-1) and the high half, each ordered backwards. */
    int h = size / 2, low = rank < h;
    MPI_Comm local, ic;
    MPI_Comm_split(MPI_COMM_WORLD, low, -rank, &local);
    int lrank, lsize;
    MPI_Comm_rank(local, &lrank);
    MPI_Comm_size(local, &lsize);
    int rsize_want = low ? size - h : h;
    /* Leaders: local rank 1 where there is one (world h-2 / size-2), so not always rank 0. */
    int lleader = lsize > 1 ? 1 : 0;
    int other_leader_world = low ? (size - h > 1 ? size - 2 : size - 1) : (h > 1 ? h - 2 : 0);
    MPI_Intercomm_create(local, lleader, MPI_COMM_WORLD, other_leader_world, 17, &ic);

    int flag = 0, n = -1, r = -1;
    MPI_Comm_test_inter(ic, &flag);
    EXPECT(flag);
    MPI_Comm_test_inter(local, &flag);
    EXPECT(!flag);
    MPI_Comm_size(ic, &n);
    EXPECT(n == lsize);
    MPI_Comm_rank(ic, &r);
    EXPECT(r == lrank);
    MPI_Comm_remote_size(ic, &n);
    EXPECT(n == rsize_want);

    /* Groups: local like local_comm's, remote with the other half, backwards. */
    MPI_Group wg, lg, rg, lg2;
    MPI_Comm_group(MPI_COMM_WORLD, &wg);
    MPI_Comm_group(ic, &lg);
    MPI_Comm_group(local, &lg2);
    MPI_Group_compare(lg, lg2, &n);
    EXPECT(n == MPI_IDENT);
    MPI_Comm_remote_group(ic, &rg);
    int rs;
    MPI_Group_size(rg, &rs);
    EXPECT(rs == rsize_want);
    for (int i = 0; i < rs; i++) {
        int w;
        MPI_Group_translate_ranks(rg, 1, &i, wg, &w);
        int want = low ? size - 1 - i : h - 1 - i;
        EXPECT(w == want);
    }
    MPI_Group_free(&lg);
    MPI_Group_free(&lg2);
    MPI_Group_free(&rg);

    exchange(ic, lrank, lsize, rsize_want);

    /* A dup has its own context: the same tag on both, received in the other order. */
    MPI_Comm dup;
    MPI_Comm_dup(ic, &dup);
    MPI_Comm_compare(ic, dup, &n);
    EXPECT(n == MPI_CONGRUENT);
    MPI_Comm_compare(ic, local, &n);
    EXPECT(n == MPI_UNEQUAL);
    MPI_Comm_test_inter(dup, &flag);
    EXPECT(flag);
    if (lrank == 0) {
        int a = 1, b = 2, x = 0, y = 0;
        MPI_Request q[2];
        MPI_Isend(&a, 1, MPI_INT, 0, 5, ic, &q[0]);
        MPI_Isend(&b, 1, MPI_INT, 0, 5, dup, &q[1]);
        MPI_Recv(&y, 1, MPI_INT, 0, 5, dup, MPI_STATUS_IGNORE);
        MPI_Recv(&x, 1, MPI_INT, 0, 5, ic, MPI_STATUS_IGNORE);
        MPI_Waitall(2, q, MPI_STATUSES_IGNORE);
        EXPECT(x == 1 && y == 2);
    }
    exchange(dup, lrank, lsize, rsize_want);
    /* MPI_Comm_idup of an intercommunicator: the same, agreed in the background */
    MPI_Comm idup;
    MPI_Request rq;
    MPI_Comm_idup(dup, &idup, &rq);
    MPI_Wait(&rq, MPI_STATUS_IGNORE);
    MPI_Comm_compare(idup, dup, &n);
    EXPECT(n == MPI_CONGRUENT);
    exchange(idup, lrank, lsize, rsize_want);
    MPI_Comm_free(&idup);

    /* Merge: the group that says high comes last; world order when the low half is low. */
    for (int pass = 0; pass < 3; pass++) {
        int high = pass == 0 ? !low : pass == 1 ? low : 1;
        MPI_Comm m;
        MPI_Intercomm_merge(pass == 0 ? ic : dup, high, &m);
        int mr, ms;
        MPI_Comm_rank(m, &mr);
        MPI_Comm_size(m, &ms);
        EXPECT(ms == size);
        int first_low = pass == 0 ? 1 : pass == 1 ? 0 : -1;
        if (first_low == 1)
            EXPECT(mr == (low ? h - 1 - rank : h + size - 1 - rank));
        else if (first_low == 0)
            EXPECT(mr == size - 1 - rank);
        /* Every merged rank is one process: the sum of world ranks is everyone's. */
        int sum = 0, all_r = 0;
        MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, m);
        EXPECT(sum == size * (size - 1) / 2);
        MPI_Allreduce(&mr, &all_r, 1, MPI_INT, MPI_SUM, m);
        EXPECT(all_r == size * (size - 1) / 2);
        /* Point-to-point on the merged communicator: a ring. */
        int token = mr, got = -1;
        MPI_Sendrecv(&token, 1, MPI_INT, (mr + 1) % ms, 3, &got, 1, MPI_INT, (mr + ms - 1) % ms, 3,
                     m, MPI_STATUS_IGNORE);
        EXPECT(got == (mr + ms - 1) % ms);
        MPI_Comm_free(&m);
    }

    collectives(ic, low, h, size, lrank, lsize, rsize_want);
    collectives(dup, low, h, size, lrank, lsize, rsize_want);
    split_create(ic, low, lrank, lsize, rsize_want);

    /* Errors, under MPI_ERRORS_RETURN. */
    MPI_Comm_set_errhandler(ic, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(local, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int ec, rc;
    int one = 1, out = 0;
    rc = MPI_Scan(&one, &out, 1, MPI_INT, MPI_SUM, ic); /* intracommunicators only */
    MPI_Error_class(rc, &ec);
    EXPECT(ec == MPI_ERR_COMM);
    rc = MPI_Allreduce(MPI_IN_PLACE, &out, 1, MPI_INT, MPI_SUM, ic);
    MPI_Error_class(rc, &ec);
    EXPECT(ec == MPI_ERR_BUFFER);
    rc = MPI_Bcast(&out, 1, MPI_INT, -7, ic);
    MPI_Error_class(rc, &ec);
    EXPECT(ec == MPI_ERR_ROOT);
    MPI_Comm none = MPI_COMM_NULL;
    rc = MPI_Comm_split_type(ic, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &none);
    MPI_Error_class(rc, &ec);
    EXPECT(ec == MPI_ERR_UNSUPPORTED_OPERATION && none == MPI_COMM_NULL);
    int dims[1] = {lsize}, periods[1] = {0};
    rc = MPI_Cart_create(ic, 1, dims, periods, 0, &none);
    MPI_Error_class(rc, &ec);
    EXPECT(ec == MPI_ERR_COMM);
    rc = MPI_Comm_remote_size(local, &n);
    MPI_Error_class(rc, &ec);
    EXPECT(ec == MPI_ERR_COMM);
    rc = MPI_Intercomm_merge(local, 0, &none);
    MPI_Error_class(rc, &ec);
    EXPECT(ec == MPI_ERR_COMM);
    rc = MPI_Intercomm_create(ic, 0, MPI_COMM_WORLD, 0, 1, &none);
    MPI_Error_class(rc, &ec);
    EXPECT(ec == MPI_ERR_COMM);
    rc = MPI_Intercomm_create(local, lsize, MPI_COMM_WORLD, 0, 1, &none);
    MPI_Error_class(rc, &ec);
    EXPECT(ec == MPI_ERR_RANK);
    /* A remote leader out of range, seen by the leader alone: its whole group gets an error. */
    rc = MPI_Intercomm_create(local, 0, MPI_COMM_WORLD, low ? size : -5, 18, &none);
    MPI_Error_class(rc, &ec);
    EXPECT(ec == MPI_ERR_RANK && none == MPI_COMM_NULL);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    MPI_Comm_free(&dup);
    MPI_Comm_free(&ic);
    MPI_Comm_free(&local);
    MPI_Group_free(&wg);
    return mtest_finalize(errs);
}
