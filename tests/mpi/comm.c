/*
 * comm.c: communicator constructors: dup (attributes and names), idup (nonblocking, several in
 * flight), split (by color and
 * key, MPI_UNDEFINED), split_type shared, create and create_group (with ranks outside the
 * group), compare, test_inter, and traffic on each new communicator kept apart from the
 * same tags on its parent. 10,000 dup/free cycles must not run out of context ids or let
 * messages cross; running out of them on purpose fails every rank at the same call.
 */
#include "mtest.h"

#include <stdlib.h>
#include <string.h>

static int errs, rank, size;

/*
 * Each rank sends to the next on comm and on parent with the same tag, receiving with
 * MPI_ANY_SOURCE: a message must never cross from one communicator to the other. Every rank
 * of parent calls it; those outside comm pass MPI_COMM_NULL.
 */
static void check_traffic(MPI_Comm comm, MPI_Comm parent, int tag)
{
    int r = 0, n = 1, pr, pn, got_p = -1, got_c = -1;
    MPI_Comm_rank(parent, &pr);
    MPI_Comm_size(parent, &pn);
    MPI_Request q[4] = {MPI_REQUEST_NULL, MPI_REQUEST_NULL, MPI_REQUEST_NULL, MPI_REQUEST_NULL};
    int mark_p = 2000 + pr, mark_c;
    if (comm != MPI_COMM_NULL) {
        MPI_Comm_rank(comm, &r);
        MPI_Comm_size(comm, &n);
        mark_c = 1000 + r;
        MPI_Isend(&mark_c, 1, MPI_INT, (r + 1) % n, tag, comm, &q[0]);
        MPI_Irecv(&got_c, 1, MPI_INT, MPI_ANY_SOURCE, tag, comm, &q[3]);
    }
    MPI_Isend(&mark_p, 1, MPI_INT, (pr + 1) % pn, tag, parent, &q[1]);
    MPI_Irecv(&got_p, 1, MPI_INT, MPI_ANY_SOURCE, tag, parent, &q[2]);
    MPI_Waitall(4, q, MPI_STATUSES_IGNORE);
    if (comm != MPI_COMM_NULL)
        EXPECT(got_c == 1000 + (r + n - 1) % n);
    EXPECT(got_p == 2000 + (pr + pn - 1) % pn);
}

static void test_dup(void)
{
    MPI_Comm d, d2;
    int res;
    MPI_Comm_dup(MPI_COMM_WORLD, &d);
    MPI_Comm_compare(MPI_COMM_WORLD, d, &res);
    EXPECT(res == MPI_CONGRUENT);
    MPI_Comm_compare(d, d, &res);
    EXPECT(res == MPI_IDENT);
    check_traffic(d, MPI_COMM_WORLD, 5);
    char name[MPI_MAX_OBJECT_NAME];
    int len;
    MPI_Comm_get_name(MPI_COMM_WORLD, name, &len);
    EXPECT(strcmp(name, "MPI_COMM_WORLD") == 0 && len == 14);
    MPI_Comm_set_name(d, "solver");
    MPI_Comm_get_name(d, name, &len);
    EXPECT(strcmp(name, "solver") == 0);
    MPI_Request rq;
    MPI_Comm_idup(d, &d2, &rq);
    MPI_Wait(&rq, MPI_STATUS_IGNORE);
    EXPECT(rq == MPI_REQUEST_NULL);
    check_traffic(d2, d, 6);
    int flag;
    MPI_Comm_test_inter(d2, &flag);
    EXPECT(flag == 0);
    MPI_Info info, got;
    MPI_Info_create(&info);
    MPI_Info_set(info, "mpi_assert_no_any_tag", "true");
    MPI_Comm d3;
    MPI_Comm_dup_with_info(d, info, &d3);
    MPI_Comm_get_info(d3, &got);
    char val[16];
    MPI_Info_get(got, "mpi_assert_no_any_tag", sizeof(val) - 1, val, &flag);
    EXPECT(flag && strcmp(val, "true") == 0);
    MPI_Info_free(&info);
    MPI_Info_free(&got);
    MPI_Comm_free(&d3);
    MPI_Comm_free(&d2);
    MPI_Comm_free(&d);
    EXPECT(d == MPI_COMM_NULL);
    MPI_Comm parent;
    MPI_Comm_get_parent(&parent);
    EXPECT(parent == MPI_COMM_NULL);
}

static void test_split(void)
{
    /* two colors by parity, keys reversing the order; rank 0 opts out when size > 2 */
    int color = size > 2 && rank == 0 ? MPI_UNDEFINED : rank % 2;
    MPI_Comm s;
    MPI_Comm_split(MPI_COMM_WORLD, color, size - rank, &s);
    check_traffic(s, MPI_COMM_WORLD, 7);
    if (color == MPI_UNDEFINED) {
        EXPECT(s == MPI_COMM_NULL);
    } else {
        int r, n, expect_n = 0, expect_r = 0;
        for (int i = 0; i < size; i++) {
            if ((size > 2 && i == 0) || i % 2 != color)
                continue;
            expect_n++;
            if (i > rank)
                expect_r++; /* larger old ranks have smaller keys */
        }
        MPI_Comm_rank(s, &r);
        MPI_Comm_size(s, &n);
        EXPECT(n == expect_n && r == expect_r);
        int sum, one = 1;
        MPI_Allreduce(&one, &sum, 1, MPI_INT, MPI_SUM, s);
        EXPECT(sum == n);
        int res;
        MPI_Comm_compare(s, MPI_COMM_WORLD, &res);
        EXPECT(res == (n == size ? MPI_SIMILAR : MPI_UNEQUAL) ||
               (n == size && res == MPI_CONGRUENT));
        MPI_Comm_free(&s);
    }
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    int nsize;
    MPI_Comm_size(node, &nsize);
    EXPECT(nsize >= 1 && nsize <= size);
    /* MPI-4.0 hardware splits: guided by "mpi_shared_memory" is the node; without the key, or
     * with a resource type not known, MPI_COMM_NULL; unguided: a strict subset, or NULL. */
    MPI_Comm hw;
    MPI_Info info;
    MPI_Info_create(&info);
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_HW_GUIDED, 0, MPI_INFO_NULL, &hw);
    EXPECT(hw == MPI_COMM_NULL);
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_HW_GUIDED, 0, info, &hw);
    EXPECT(hw == MPI_COMM_NULL);
    MPI_Info_set(info, "mpi_hw_resource_type", "l3cache");
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_HW_GUIDED, 0, info, &hw);
    EXPECT(hw == MPI_COMM_NULL);
    MPI_Info_set(info, "mpi_hw_resource_type", "mpi_shared_memory");
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_HW_GUIDED, 0, info, &hw);
    int hsize = -1, res = 0;
    if (hw != MPI_COMM_NULL) {
        MPI_Comm_size(hw, &hsize);
        MPI_Comm_compare(hw, node, &res);
        MPI_Comm_free(&hw);
    }
    EXPECT(hsize == nsize && res == MPI_CONGRUENT);
    MPI_Info_free(&info);
    MPI_Info_create(&info);
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_HW_UNGUIDED, 0, info, &hw);
    if (hw != MPI_COMM_NULL) {
        char v[64] = "";
        int flag = 0;
        MPI_Comm_size(hw, &hsize);
        MPI_Info_get(info, "mpi_hw_resource_type", 63, v, &flag);
        EXPECT(hsize < size && hsize == nsize && flag && strcmp(v, "mpi_shared_memory") == 0);
        MPI_Comm_free(&hw);
    } else {
        EXPECT(nsize == size); /* one node: nothing smaller is known */
    }
    MPI_Info_free(&info);
    MPI_Comm_free(&node);
}

static void test_create(void)
{
    MPI_Group world, evens;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    int n = (size + 1) / 2, *ranks = malloc(sizeof(int) * (size_t)n);
    for (int i = 0; i < n; i++)
        ranks[i] = 2 * i;
    MPI_Group_incl(world, n, ranks, &evens);
    MPI_Comm c;
    MPI_Comm_create(MPI_COMM_WORLD, evens, &c);
    check_traffic(c, MPI_COMM_WORLD, 8);
    if (rank % 2 == 0) {
        int r;
        MPI_Comm_rank(c, &r);
        EXPECT(r == rank / 2);
        MPI_Comm_free(&c);
    } else {
        EXPECT(c == MPI_COMM_NULL);
    }
    /* create_group: only the members call; the others go on with their own traffic */
    if (rank % 2 == 0) {
        MPI_Comm_create_group(MPI_COMM_WORLD, evens, 42, &c);
        int csize;
        MPI_Comm_size(c, &csize);
        EXPECT(csize == n);
        MPI_Barrier(c);
        MPI_Comm_free(&c);
    }
    MPI_Group_free(&evens);
    MPI_Group_free(&world);
    free(ranks);
}

/*
 * MPI_Comm_idup does not wait for the other ranks: rank 0 calls it only after the others' Ssends,
 * which they make after their own idups. Idups in flight on two communicators, started in
 * opposite orders on even and odd ranks, with a blocking dup in between; twenty in flight on
 * one communicator, waited in reverse order; attributes copied at the call.
 */
static void test_idup(void)
{
    MPI_Comm d, w1, w2, b;
    MPI_Request rq;
    int token = rank;
    if (rank == 0) {
        for (int i = 1; i < size; i++)
            MPI_Recv(&token, 1, MPI_INT, i, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Comm_idup(MPI_COMM_WORLD, &d, &rq);
    } else {
        MPI_Comm_idup(MPI_COMM_WORLD, &d, &rq);
        MPI_Ssend(&token, 1, MPI_INT, 0, 0, MPI_COMM_WORLD);
    }
    MPI_Wait(&rq, MPI_STATUS_IGNORE);
    check_traffic(d, MPI_COMM_WORLD, 11);

    MPI_Comm_dup(MPI_COMM_WORLD, &w1);
    MPI_Comm_dup(MPI_COMM_WORLD, &w2);
    MPI_Comm n1, n2;
    MPI_Request two[2];
    if (rank % 2 == 0) {
        MPI_Comm_idup(w1, &n1, &two[0]);
        MPI_Comm_idup(w2, &n2, &two[1]);
    } else {
        MPI_Comm_idup(w2, &n2, &two[1]);
        MPI_Comm_idup(w1, &n1, &two[0]);
    }
    MPI_Comm_dup(d, &b);
    MPI_Waitall(2, two, MPI_STATUSES_IGNORE);
    check_traffic(n1, w1, 12);
    check_traffic(n2, w2, 12);
    check_traffic(n1, n2, 13);
    check_traffic(b, n1, 14);
    MPI_Comm_free(&n1);
    MPI_Comm_free(&n2);
    MPI_Comm_free(&b);

    enum { N = 20 };
    MPI_Comm many[N];
    MPI_Request rqs[N];
    int kv, flag;
    void *val;
    MPI_Comm_create_keyval(MPI_COMM_DUP_FN, MPI_COMM_NULL_DELETE_FN, &kv, NULL);
    MPI_Comm_set_attr(w1, kv, &token);
    for (int i = 0; i < N; i++)
        MPI_Comm_idup(w1, &many[i], &rqs[i]);
    for (int i = N - 1; i >= 0; i--) {
        MPI_Wait(&rqs[i], MPI_STATUS_IGNORE);
        MPI_Comm_get_attr(many[i], kv, &val, &flag);
        EXPECT(flag && val == &token);
    }
    for (int i = 0; i < N; i += 7)
        check_traffic(many[i], many[(i + 1) % N], 15);
    for (int i = 0; i < N; i++)
        MPI_Comm_free(&many[i]);
    MPI_Comm_free_keyval(&kv);
    MPI_Comm_free(&w1);
    MPI_Comm_free(&w2);
    MPI_Comm_free(&d);
}

static void test_many(void)
{
    for (int i = 0; i < 10000; i++) {
        MPI_Comm d;
        MPI_Comm_dup(MPI_COMM_WORLD, &d);
        if (i % 1000 == 0)
            check_traffic(d, MPI_COMM_WORLD, 9);
        MPI_Comm_free(&d);
    }
    /* many live at once: all distinct */
    enum { LIVE = 300 };
    MPI_Comm live[LIVE];
    for (int i = 0; i < LIVE; i++)
        MPI_Comm_dup(i % 2 ? MPI_COMM_WORLD : MPI_COMM_SELF, &live[i]);
    for (int i = 0; i < LIVE; i += 37)
        check_traffic(live[i], MPI_COMM_WORLD, 10);
    for (int i = 0; i < LIVE; i++)
        MPI_Comm_free(&live[i]);
}

/*
 * Running out of context ids: communicators of the ranks 0..k (rank 0 is in every one, so it runs
 * out first) until MPI_Comm_create fails. It must fail on every rank at the same call, members
 * or not, and leave MPI_COMM_NULL; then everything is freed and communicators work again.
 */
static void test_exhaust(void)
{
    enum { MAX = 20000 };
    MPI_Comm *c = malloc(MAX * sizeof(MPI_Comm));
    MPI_Group world, g;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int n = 0, rc = MPI_SUCCESS;
    for (; n < MAX; n++) {
        int range[1][3] = {{0, n % size, 1}};
        MPI_Group_range_incl(world, 1, range, &g);
        rc = MPI_Comm_create(MPI_COMM_WORLD, g, &c[n]);
        MPI_Group_free(&g);
        if (rc != MPI_SUCCESS)
            break;
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    EXPECT(rc != MPI_SUCCESS && n < MAX);
    if (n < MAX)
        EXPECT(c[n] == MPI_COMM_NULL);
    int lo, hi;
    MPI_Allreduce(&n, &lo, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(&n, &hi, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    EXPECT(lo == hi);
    for (int i = 0; i < n && i < MAX; i++) {
        if (c[i] != MPI_COMM_NULL)
            MPI_Comm_free(&c[i]);
    }
    MPI_Group_free(&world);
    free(c);
    MPI_Comm d;
    MPI_Comm_dup(MPI_COMM_WORLD, &d);
    check_traffic(d, MPI_COMM_WORLD, 11);
    MPI_Comm_free(&d);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    test_dup();
    test_split();
    test_create();
    test_idup();
    test_many();
    test_exhaust();
    return mtest_finalize(errs);
}
