/*
 * topo.c: virtual topologies and neighborhood collectives: Dims_create, Cartesian
 * create/get/rank/coords/shift/sub with periodic and open edges and a halo exchange by
 * MPI_Neighbor_alltoall (also on a periodic dimension of size 1 or 2, where both neighbors
 * are the same process), graph queries and MPI_Neighbor_allgather, distributed graphs built
 * by other ranks (Dist_graph_create) and adjacent ones with Neighbor_alltoallv/w.
 */
#include "mtest.h"

#include <stdlib.h>
#include <string.h>

static int errs, rank, size;

static void test_dims(void)
{
    int d[3] = {0, 0, 0};
    MPI_Dims_create(12, 2, d);
    EXPECT(d[0] == 4 && d[1] == 3);
    d[0] = d[1] = d[2] = 0;
    MPI_Dims_create(16, 3, d);
    EXPECT(d[0] == 4 && d[1] == 2 && d[2] == 2);
    int f[3] = {0, 3, 0};
    MPI_Dims_create(30, 3, f);
    EXPECT(f[1] == 3 && f[0] * f[2] == 10 && f[0] >= f[2]);
    int p[2] = {0, 0};
    MPI_Dims_create(7, 2, p);
    EXPECT(p[0] == 7 && p[1] == 1);
    /* the most balanced: smallest spread, then the largest smallest factor, and so on */
    static const int want[][6] = {{180, 2, 15, 12},
                                  {5040, 3, 21, 16, 15},
                                  {3168, 3, 18, 16, 11},
                                  {5616, 4, 13, 9, 8, 6},
                                  {1224, 3, 17, 9, 8},
                                  {1, 3, 1, 1, 1},
                                  {2147483646, 2, 49981, 42966}};
    for (size_t t = 0; t < sizeof(want) / sizeof(want[0]); t++) {
        int b[4] = {0, 0, 0, 0}, ok = 1;
        MPI_Dims_create(want[t][0], want[t][1], b);
        for (int i = 0; i < want[t][1]; i++)
            ok &= b[i] == want[t][2 + i];
        EXPECT(ok);
        if (!ok)
            fprintf(stderr, "MPI_Dims_create(%d, %d): %d x %d x ...\n", want[t][0], want[t][1],
                    b[0], b[1]);
    }
    int g[3] = {0, 3, 0}; /* 60 left for two free dimensions: 10 x 6, not 12 x 5 */
    MPI_Dims_create(180, 3, g);
    EXPECT(g[0] == 10 && g[1] == 3 && g[2] == 6);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int q[2] = {4, 0};
    EXPECT(MPI_Dims_create(6, 2, q) != MPI_SUCCESS);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
}

static void test_cart(void)
{
    int dims[2] = {0, 0}, periods[2] = {1, 0};
    MPI_Dims_create(size, 2, dims);
    MPI_Comm cart;
    MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, 0, &cart);
    int type, nd, c[2], gd[2], gp[2], r;
    MPI_Topo_test(cart, &type);
    MPI_Cartdim_get(cart, &nd);
    EXPECT(type == MPI_CART && nd == 2);
    MPI_Cart_get(cart, 2, gd, gp, c);
    EXPECT(gd[0] == dims[0] && gd[1] == dims[1] && gp[0] == 1 && gp[1] == 0);
    EXPECT(c[0] == rank / dims[1] && c[1] == rank % dims[1]);
    MPI_Cart_rank(cart, c, &r);
    EXPECT(r == rank);
    int wrap[2] = {c[0] + dims[0], c[1]};
    MPI_Cart_rank(cart, wrap, &r);
    EXPECT(r == rank);
    int src, dst;
    MPI_Cart_shift(cart, 0, 1, &src, &dst);
    EXPECT(src == ((c[0] + dims[0] - 1) % dims[0]) * dims[1] + c[1]);
    EXPECT(dst == ((c[0] + 1) % dims[0]) * dims[1] + c[1]);
    MPI_Cart_shift(cart, 1, 1, &src, &dst);
    EXPECT(src == (c[1] == 0 ? MPI_PROC_NULL : rank - 1));
    EXPECT(dst == (c[1] == dims[1] - 1 ? MPI_PROC_NULL : rank + 1));

    /* halo exchange: send my rank * 10 + slot to each neighbor; slot k arrives from the
     * neighbor in that direction, which sent toward me (its slot k ^ 1) */
    int sendb[4], recvb[4] = {-1, -1, -1, -1};
    for (int k = 0; k < 4; k++)
        sendb[k] = rank * 10 + k;
    MPI_Neighbor_alltoall(sendb, 1, MPI_INT, recvb, 1, MPI_INT, cart);
    for (int k = 0; k < 4; k++) {
        int nb, other;
        if (k / 2 == 0)
            MPI_Cart_shift(cart, 0, 1, k % 2 ? &other : &nb, k % 2 ? &nb : &other);
        else
            MPI_Cart_shift(cart, 1, 1, k % 2 ? &other : &nb, k % 2 ? &nb : &other);
        EXPECT(recvb[k] == (nb == MPI_PROC_NULL ? -1 : nb * 10 + (k ^ 1)));
    }
    int ag[4] = {-1, -1, -1, -1};
    MPI_Neighbor_allgather(&rank, 1, MPI_INT, ag, 1, MPI_INT, cart);
    MPI_Cart_shift(cart, 0, 1, &src, &dst);
    EXPECT(ag[0] == src && ag[1] == dst);

    /* rows: keep dimension 1 */
    int remain[2] = {0, 1};
    MPI_Comm row;
    MPI_Cart_sub(cart, remain, &row);
    int rsize, rrank, rnd;
    MPI_Comm_size(row, &rsize);
    MPI_Comm_rank(row, &rrank);
    MPI_Cartdim_get(row, &rnd);
    EXPECT(rsize == dims[1] && rrank == c[1] && rnd == 1);
    int sum;
    MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, row);
    EXPECT(sum == c[0] * dims[1] * dims[1] + dims[1] * (dims[1] - 1) / 2);
    MPI_Comm_free(&row);
    /* dup keeps the topology */
    MPI_Comm d;
    MPI_Comm_dup(cart, &d);
    MPI_Topo_test(d, &type);
    EXPECT(type == MPI_CART);
    MPI_Comm_free(&d);
    MPI_Comm_free(&cart);

    /* a 1-D grid smaller than the job: the rest get MPI_COMM_NULL */
    int n1 = size > 1 ? size - 1 : 1, per1 = 1;
    MPI_Cart_create(MPI_COMM_WORLD, 1, &n1, &per1, 1, &cart);
    if (rank < n1) {
        MPI_Cart_shift(cart, 0, 1, &src, &dst);
        int h[2] = {rank, rank}, got[2];
        MPI_Neighbor_alltoall(h, 1, MPI_INT, got, 1, MPI_INT, cart);
        EXPECT(got[0] == src && got[1] == dst);
        MPI_Comm_free(&cart);
    } else {
        EXPECT(cart == MPI_COMM_NULL);
    }
    MPI_Topo_test(MPI_COMM_WORLD, &type);
    EXPECT(type == MPI_UNDEFINED);
}

static void test_graph(void)
{
    /* a ring with spokes between 0 and everyone (symmetric, as neighborhood collectives on a
     * graph need) */
    int *index = malloc(sizeof(int) * (size_t)size),
        *edges = malloc(sizeof(int) * 4 * (size_t)size);
    int e = 0;
    for (int i = 0; i < size; i++) {
        edges[e++] = (i + 1) % size;
        edges[e++] = (i + size - 1) % size;
        for (int j = 1; i == 0 && j < size; j++)
            edges[e++] = j;
        if (i != 0)
            edges[e++] = 0;
        index[i] = e;
    }
    MPI_Comm g;
    MPI_Graph_create(MPI_COMM_WORLD, size, index, edges, 0, &g);
    int type, nn, ne, cnt;
    MPI_Topo_test(g, &type);
    MPI_Graphdims_get(g, &nn, &ne);
    EXPECT(type == MPI_GRAPH && nn == size && ne == e);
    MPI_Graph_neighbors_count(g, rank, &cnt);
    EXPECT(cnt == (rank ? 3 : size + 1));
    int *nb = malloc(sizeof(int) * (size_t)(size + 2)),
        *got = malloc(sizeof(int) * (size_t)(size + 2));
    MPI_Graph_neighbors(g, rank, size + 2, nb);
    EXPECT(nb[0] == (rank + 1) % size && nb[1] == (rank + size - 1) % size);
    MPI_Neighbor_allgather(&rank, 1, MPI_INT, got, 1, MPI_INT, g);
    for (int k = 0; k < cnt; k++)
        EXPECT(got[k] == nb[k]);
    free(nb);
    free(got);
    MPI_Comm_free(&g);
    free(index);
    free(edges);
}

static void test_dist_graph(void)
{
    /* rank i declares the edge (i+1) -> i and (i+1) -> (i+2): others' edges, in effect a ring
     * where everyone sends to both neighbors, weighted by destination */
    int src = (rank + 1) % size, deg = 2, dsts[2] = {rank, (rank + 2) % size};
    int w[2] = {rank + 100, (rank + 2) % size + 100};
    MPI_Comm dg;
    MPI_Dist_graph_create(MPI_COMM_WORLD, 1, &src, &deg, dsts, w, MPI_INFO_NULL, 0, &dg);
    int in, out, wt;
    MPI_Dist_graph_neighbors_count(dg, &in, &out, &wt);
    EXPECT(in == 2 && out == 2 && wt);
    int srcs[2], sw[2], ds[2], dw[2];
    MPI_Dist_graph_neighbors(dg, 2, srcs, sw, 2, ds, dw);
    int left = (rank + size - 1) % size, right = (rank + 1) % size;
    EXPECT((srcs[0] == left && srcs[1] == right) || (srcs[0] == right && srcs[1] == left));
    EXPECT(sw[0] == rank + 100 && sw[1] == rank + 100);
    /* alltoallv: block k to ds[k] carries (rank, ds[k]); variable counts */
    int sb[4] = {rank, ds[0], rank, ds[1]}, rb[6] = {-1, -1, -1, -1, -1, -1};
    int sc[2] = {2, 2}, sd[2] = {0, 2}, rcn[2] = {2, 2}, rd[2] = {0, 3};
    MPI_Neighbor_alltoallv(sb, sc, sd, MPI_INT, rb, rcn, rd, MPI_INT, dg);
    EXPECT(rb[0] == srcs[0] && rb[1] == rank && rb[3] == srcs[1] && rb[4] == rank && rb[2] == -1);
    MPI_Comm_free(&dg);

    /* adjacent, unweighted: send a strided column with alltoallw */
    int l = left, r = right, nbrs[2] = {l, r};
    MPI_Dist_graph_create_adjacent(MPI_COMM_WORLD, 2, nbrs, MPI_UNWEIGHTED, 2, nbrs, MPI_UNWEIGHTED,
                                   MPI_INFO_NULL, 0, &dg);
    MPI_Dist_graph_neighbors_count(dg, &in, &out, &wt);
    EXPECT(in == 2 && out == 2 && !wt);
    MPI_Datatype col;
    MPI_Type_vector(3, 1, 4, MPI_INT, &col);
    MPI_Type_commit(&col);
    int m[12], res[6] = {0};
    for (int i = 0; i < 12; i++)
        m[i] = rank * 100 + i;
    int scw[2] = {1, 1}, rcw[2] = {3, 3};
    MPI_Aint sdw[2] = {0, sizeof(int)}, rdw[2] = {0, 3 * sizeof(int)};
    MPI_Datatype st[2] = {col, col}, rt[2] = {MPI_INT, MPI_INT};
    MPI_Neighbor_alltoallw(m, scw, sdw, st, res, rcw, rdw, rt, dg);
    /* left sent me its column 1 (its out[1] is me), right its column 0; with one peer on both
     * sides, messages pair up in list order: column 0 first */
    int c0 = size > 2 ? 1 : 0, c1 = size > 2 ? 0 : 1;
    EXPECT(res[0] == l * 100 + c0 && res[1] == l * 100 + c0 + 4 && res[2] == l * 100 + c0 + 8);
    EXPECT(res[3] == r * 100 + c1 && res[5] == r * 100 + c1 + 8);
    MPI_Type_free(&col);
    MPI_Comm_free(&dg);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    test_dims();
    test_cart();
    test_graph();
    test_dist_graph();
    return mtest_finalize(errs);
}
