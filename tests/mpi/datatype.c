/*
 * datatype.c: derived datatypes through MPI: constructors and their queries, decoding,
 * Pack/Unpack, non-contiguous layouts sent around a ring (blocking, nonblocking, persistent,
 * Sendrecv_replace, MPI_BOTTOM), partial receives counted by MPI_Get_elements, subarray and
 * darray checked against a serial computation, derived types in collectives, and the
 * size-specific types (MPI_Type_match_size, MPI_Type_create_f90_*).
 */
#include "mtest.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static int errs, rank;
static unsigned size; /* unsigned: the compiler then knows allocations by size are sane */

static void test_queries(void)
{
    MPI_Datatype v, hv, idx, st, rs, dup;
    MPI_Aint lb, ext;
    MPI_Count lbx, extx, sizex;
    int sz;
    MPI_Type_vector(3, 2, 5, MPI_INT, &v);
    MPI_Type_size(v, &sz);
    MPI_Type_get_extent(v, &lb, &ext);
    EXPECT(sz == 24 && lb == 0 && ext == 48);
    MPI_Type_create_hvector(2, 1, 100, v, &hv);
    MPI_Type_get_extent_x(hv, &lbx, &extx);
    MPI_Type_size_x(hv, &sizex);
    EXPECT(sizex == 48 && lbx == 0 && extx == 148);
    int bl[2] = {1, 2}, di[2] = {3, -1};
    MPI_Type_indexed(2, bl, di, MPI_DOUBLE, &idx);
    MPI_Type_get_extent(idx, &lb, &ext);
    EXPECT(lb == -8 && ext == 40);
    MPI_Type_get_true_extent(idx, &lb, &ext);
    EXPECT(lb == -8 && ext == 40);

    struct {
        char c;
        double d;
    } s;
    int sbl[2] = {1, 1};
    MPI_Aint sdi[2] = {offsetof(__typeof__(s), c), offsetof(__typeof__(s), d)};
    MPI_Datatype sty[2] = {MPI_CHAR, MPI_DOUBLE};
    MPI_Type_create_struct(2, sbl, sdi, sty, &st);
    MPI_Type_get_extent(st, &lb, &ext);
    MPI_Type_size(st, &sz);
    EXPECT(sz == 9 && ext == (MPI_Aint)sizeof(s)); /* padded like the C struct */

    MPI_Type_create_resized(MPI_INT, -4, 16, &rs);
    MPI_Type_get_extent(rs, &lb, &ext);
    EXPECT(lb == -4 && ext == 16);
    MPI_Type_get_true_extent(rs, &lb, &ext);
    EXPECT(lb == 0 && ext == 4);

    /* decoding */
    int ni, na, nt, comb, ints[8];
    MPI_Aint aints[4];
    MPI_Datatype types[4];
    MPI_Type_get_envelope(v, &ni, &na, &nt, &comb);
    EXPECT(comb == MPI_COMBINER_VECTOR && ni == 3 && na == 0 && nt == 1);
    MPI_Type_get_contents(v, 8, 4, 4, ints, aints, types);
    EXPECT(ints[0] == 3 && ints[1] == 2 && ints[2] == 5 && types[0] == MPI_INT);
    MPI_Type_get_envelope(hv, &ni, &na, &nt, &comb);
    EXPECT(comb == MPI_COMBINER_HVECTOR && ni == 2 && na == 1 && nt == 1);
    MPI_Type_get_contents(hv, 8, 4, 4, ints, aints, types);
    EXPECT(aints[0] == 100 && types[0] == v);
    MPI_Type_free(&types[0]); /* a derived type returned by get_contents is the caller's */
    MPI_Type_get_envelope(MPI_INT, &ni, &na, &nt, &comb);
    EXPECT(comb == MPI_COMBINER_NAMED);
    MPI_Type_get_envelope(rs, &ni, &na, &nt, &comb);
    EXPECT(comb == MPI_COMBINER_RESIZED && na == 2);

    /* names and dup */
    char name[MPI_MAX_OBJECT_NAME];
    int len;
    MPI_Type_get_name(MPI_DOUBLE, name, &len);
    EXPECT(strcmp(name, "MPI_DOUBLE") == 0 && len == 10);
    /* of two synonyms, the name the standard's tables list first */
    MPI_Type_get_name(MPI_LONG_LONG, name, &len);
    EXPECT(strcmp(name, "MPI_LONG_LONG_INT") == 0);
    MPI_Type_get_name(MPI_C_FLOAT_COMPLEX, name, &len);
    EXPECT(strcmp(name, "MPI_C_COMPLEX") == 0);
    MPI_Type_set_name(v, "my vector");
    MPI_Type_get_name(v, name, &len);
    EXPECT(strcmp(name, "my vector") == 0);
    MPI_Type_dup(v, &dup);
    MPI_Type_get_envelope(dup, &ni, &na, &nt, &comb);
    EXPECT(comb == MPI_COMBINER_DUP && nt == 1);
    MPI_Type_size(dup, &sz);
    EXPECT(sz == 24);

    /* freeing a type used by another keeps the other working */
    MPI_Type_free(&v);
    EXPECT(v == MPI_DATATYPE_NULL);
    MPI_Type_commit(&hv);
    int src[80], got[12];
    for (int i = 0; i < 80; i++)
        src[i] = i;
    int pos = 0;
    MPI_Pack(src, 1, hv, got, sizeof(got), &pos, MPI_COMM_SELF);
    EXPECT(pos == 48 && got[0] == 0 && got[2] == 5 && got[6] == 25 && got[7] == 26);

    MPI_Aint a1, a2;
    MPI_Get_address(&src[10], &a1);
    MPI_Get_address(&src[2], &a2);
    EXPECT(MPI_Aint_diff(a1, a2) == 32 && MPI_Aint_add(a2, 32) == a1);

    MPI_Type_free(&hv);
    MPI_Type_free(&idx);
    MPI_Type_free(&st);
    MPI_Type_free(&rs);
    MPI_Type_free(&dup);
}

static void test_pack(void)
{
    int a[10];
    double d[3] = {1.5, 2.5, 3.5};
    char buf[100];
    int pos = 0, psize;
    for (int i = 0; i < 10; i++)
        a[i] = 100 + i;
    MPI_Datatype v;
    MPI_Type_vector(5, 1, 2, MPI_INT, &v);
    MPI_Type_commit(&v);
    MPI_Pack_size(1, v, MPI_COMM_WORLD, &psize);
    EXPECT(psize == 20);
    MPI_Pack(a, 1, v, buf, sizeof(buf), &pos, MPI_COMM_WORLD);
    MPI_Pack(d, 3, MPI_DOUBLE, buf, sizeof(buf), &pos, MPI_COMM_WORLD);
    EXPECT(pos == 44);
    int b[10] = {0};
    double e[3] = {0};
    pos = 0;
    MPI_Unpack(buf, 44, &pos, b, 1, v, MPI_COMM_WORLD);
    MPI_Unpack(buf, 44, &pos, e, 3, MPI_DOUBLE, MPI_COMM_WORLD);
    EXPECT(pos == 44 && b[0] == 100 && b[1] == 0 && b[8] == 108 && e[2] == 3.5);
    /* too little room is MPI_ERR_TRUNCATE, with nothing written */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    pos = 90;
    int rc = MPI_Pack(a, 1, v, buf, sizeof(buf), &pos, MPI_COMM_WORLD);
    int cls;
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_TRUNCATE && pos == 90);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    MPI_Type_free(&v);
}

/* A column of an n x n matrix of doubles, and a lower triangle by indexed blocks. */
static void test_ring(void)
{
    enum { N = 37 };
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    double *m = malloc(N * N * sizeof(double)), *r = malloc(N * N * sizeof(double));
    for (int i = 0; i < N * N; i++)
        m[i] = rank * 10000 + i;
    MPI_Datatype col, tri;
    MPI_Type_vector(N, 1, N, MPI_DOUBLE, &col);
    MPI_Type_commit(&col);
    int bl[N], di[N];
    for (int i = 0; i < N; i++) {
        bl[i] = i + 1;
        di[i] = i * N;
    }
    MPI_Type_indexed(N, bl, di, MPI_DOUBLE, &tri);
    MPI_Type_commit(&tri);

    /* blocking: column 3 of the left neighbour lands in my column 5 */
    for (int i = 0; i < N * N; i++)
        r[i] = -1;
    MPI_Sendrecv(&m[3], 1, col, right, 1, &r[5], 1, col, left, 1, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    int bad = 0;
    for (int i = 0; i < N; i++) {
        bad += r[i * N + 5] != left * 10000 + i * N + 3;
        bad += r[i * N + 4] != -1;
    }
    EXPECT(bad == 0);

    /* nonblocking, with a contiguous receive of the packed column */
    double packed[N];
    MPI_Request rq[2];
    MPI_Irecv(packed, N, MPI_DOUBLE, left, 2, MPI_COMM_WORLD, &rq[0]);
    MPI_Isend(&m[7], 1, col, right, 2, MPI_COMM_WORLD, &rq[1]);
    MPI_Waitall(2, rq, MPI_STATUSES_IGNORE);
    bad = 0;
    for (int i = 0; i < N; i++)
        bad += packed[i] != left * 10000 + i * N + 7;
    EXPECT(bad == 0);

    /* persistent: the triangle twice, the data changing in between */
    MPI_Request ps[2];
    MPI_Recv_init(r, 1, tri, left, 3, MPI_COMM_WORLD, &ps[0]);
    MPI_Send_init(m, 1, tri, right, 3, MPI_COMM_WORLD, &ps[1]);
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < N * N; i++) {
            m[i] = rank * 10000 + i + round;
            r[i] = -1;
        }
        MPI_Startall(2, ps);
        MPI_Waitall(2, ps, MPI_STATUSES_IGNORE);
        bad = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++)
                bad += r[i * N + j] != (j <= i ? left * 10000 + i * N + j + round : -1);
        }
        EXPECT(bad == 0);
    }
    MPI_Request_free(&ps[0]);
    MPI_Request_free(&ps[1]);

    /* Sendrecv_replace on a column */
    for (int i = 0; i < N * N; i++)
        m[i] = rank * 10000 + i;
    MPI_Sendrecv_replace(&m[1], 1, col, right, 4, left, 4, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    bad = 0;
    for (int i = 0; i < N; i++)
        bad += m[i * N + 1] != left * 10000 + i * N + 1 || m[i * N] != rank * 10000 + i * N;
    EXPECT(bad == 0);

    /* a short message into a derived type: Get_count undefined, Get_elements exact */
    MPI_Status st;
    double three[3] = {1, 2, 3};
    for (int i = 0; i < N * N; i++)
        r[i] = -1;
    MPI_Sendrecv(three, 3, MPI_DOUBLE, right, 5, r, 2, col, left, 5, MPI_COMM_WORLD, &st);
    int count, elems;
    MPI_Get_count(&st, col, &count);
    MPI_Get_elements(&st, col, &elems);
    EXPECT(count == MPI_UNDEFINED && elems == 3);
    EXPECT(r[0] == 1 && r[N] == 2 && r[2 * N] == 3 && r[3 * N] == -1);
    /* ... ending inside a block: blocks of two, three doubles arrive */
    MPI_Datatype pairs;
    MPI_Type_vector(N, 2, N, MPI_DOUBLE, &pairs);
    MPI_Type_commit(&pairs);
    for (int i = 0; i < N * N; i++)
        r[i] = -1;
    MPI_Sendrecv(three, 3, MPI_DOUBLE, right, 6, r, 1, pairs, left, 6, MPI_COMM_WORLD, &st);
    MPI_Get_elements(&st, pairs, &elems);
    EXPECT(elems == 3);
    EXPECT(r[0] == 1 && r[1] == 2 && r[N] == 3 && r[N + 1] == -1 && r[2 * N] == -1);
    MPI_Type_free(&pairs);

    MPI_Type_free(&col);
    MPI_Type_free(&tri);
    free(m);
    free(r);
}

/* A struct of absolute addresses sent from MPI_BOTTOM. */
static void test_bottom(void)
{
    int i1 = rank, i2 = rank * 2;
    double d = rank + 0.25;
    MPI_Aint addr[3];
    MPI_Get_address(&i1, &addr[0]);
    MPI_Get_address(&d, &addr[1]);
    MPI_Get_address(&i2, &addr[2]);
    int bl[3] = {1, 1, 1};
    MPI_Datatype ty[3] = {MPI_INT, MPI_DOUBLE, MPI_INT}, st;
    MPI_Type_create_struct(3, bl, addr, ty, &st);
    MPI_Type_commit(&st);
    struct {
        int a;
        double b;
        int c;
    } in;
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    int bl2[3] = {1, 1, 1};
    MPI_Aint d2[3] = {offsetof(__typeof__(in), a), offsetof(__typeof__(in), b),
                      offsetof(__typeof__(in), c)};
    MPI_Datatype st2;
    MPI_Type_create_struct(3, bl2, d2, ty, &st2);
    MPI_Type_commit(&st2);
    MPI_Sendrecv(MPI_BOTTOM, 1, st, right, 6, &in, 1, st2, left, 6, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    EXPECT(in.a == left && in.b == left + 0.25 && in.c == left * 2);
    MPI_Type_free(&st);
    MPI_Type_free(&st2);
}

/* subarray and darray against the serial definition */
static void test_arrays(void)
{
    enum { X = 6, Y = 7, Z = 5 };
    int sizes[3] = {X, Y, Z}, sub[3] = {2, 3, 4}, start[3] = {1, 2, 1};
    MPI_Datatype sa;
    MPI_Type_create_subarray(3, sizes, sub, start, MPI_ORDER_C, MPI_INT, &sa);
    MPI_Type_commit(&sa);
    int a[X * Y * Z], out[24], pos = 0;
    for (int i = 0; i < X * Y * Z; i++)
        a[i] = i;
    MPI_Pack(a, 1, sa, out, sizeof(out), &pos, MPI_COMM_SELF);
    int k = 0, bad = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            for (int l = 0; l < 4; l++)
                bad += out[k++] != ((i + 1) * Y + (j + 2)) * Z + (l + 1);
    EXPECT(bad == 0 && pos == 96);
    MPI_Aint lb, ext;
    MPI_Type_get_extent(sa, &lb, &ext);
    EXPECT(lb == 0 && ext == X * Y * Z * 4);
    MPI_Type_free(&sa);
    /* Fortran order: the first index is the fastest */
    MPI_Type_create_subarray(3, sizes, sub, start, MPI_ORDER_FORTRAN, MPI_INT, &sa);
    MPI_Type_commit(&sa);
    pos = 0;
    MPI_Pack(a, 1, sa, out, sizeof(out), &pos, MPI_COMM_SELF);
    k = bad = 0;
    for (int l = 0; l < 4; l++)
        for (int j = 0; j < 3; j++)
            for (int i = 0; i < 2; i++)
                bad += out[k++] != ((l + 1) * Y + (j + 2)) * X + (i + 1);
    EXPECT(bad == 0);
    MPI_Type_free(&sa);

    /* darray: a 10 x 9 array, block rows and cyclic(2) columns over a 2 x 2 grid */
    int gs[2] = {10, 9}, dist[2] = {MPI_DISTRIBUTE_BLOCK, MPI_DISTRIBUTE_CYCLIC},
        darg[2] = {MPI_DISTRIBUTE_DFLT_DARG, 2}, ps[2] = {2, 2};
    int g[90];
    for (int i = 0; i < 90; i++)
        g[i] = i;
    for (int r = 0; r < 4; r++) {
        MPI_Datatype da;
        MPI_Type_create_darray(4, r, 2, gs, dist, darg, ps, MPI_ORDER_C, MPI_INT, &da);
        MPI_Type_commit(&da);
        int dsz, pk[90];
        MPI_Type_size(da, &dsz);
        pos = 0;
        MPI_Pack(g, 1, da, pk, sizeof(pk), &pos, MPI_COMM_SELF);
        int pr = r / 2, pc = r % 2, n = 0;
        bad = 0;
        for (int i = pr * 5; i < pr * 5 + 5; i++)
            for (int j = 0; j < 9; j++)
                if ((j / 2) % 2 == pc)
                    bad += pk[n++] != i * 9 + j;
        EXPECT(bad == 0 && dsz == n * 4);
        MPI_Type_get_extent(da, &lb, &ext);
        EXPECT(ext == 90 * 4);
        MPI_Type_free(&da);
    }
}

/* Derived types in the collectives: a resized "every other int" type. */
static void test_collectives(void)
{
    MPI_Datatype every2, pair;
    MPI_Type_create_resized(MPI_INT, 0, 2 * sizeof(int), &every2);
    MPI_Type_commit(&every2);
    MPI_Type_contiguous(2, MPI_DOUBLE, &pair);
    MPI_Type_commit(&pair);

    int b[10];
    for (int i = 0; i < 10; i++)
        b[i] = rank == 0 ? i : -1;
    MPI_Bcast(b, 5, every2, 0, MPI_COMM_WORLD);
    int bad = 0;
    for (int i = 0; i < 10; i++)
        bad += b[i] != (i % 2 == 0 ? i : rank == 0 ? i : -1);
    EXPECT(bad == 0);

    double in[4] = {rank, rank * 2.0, 1, 1}, out[4];
    MPI_Allreduce(in, out, 2, pair, MPI_SUM, MPI_COMM_WORLD);
    double s = size * (size - 1) / 2.0;
    EXPECT(out[0] == s && out[1] == 2 * s && out[2] == size && out[3] == size);
    int v[10] = {0};
    for (int i = 0; i < 5; i++)
        v[2 * i] = rank + i;
    MPI_Allreduce(MPI_IN_PLACE, v, 5, every2, MPI_MAX, MPI_COMM_WORLD);
    EXPECT(v[0] == size - 1 && v[8] == size + 3 && v[1] == 0);
    int red[10] = {0};
    MPI_Reduce(v, red, 5, every2, MPI_SUM, size - 1, MPI_COMM_WORLD);
    if (rank == size - 1)
        EXPECT(red[2] == size * size && red[3] == 0);

    /* allgather into every other int */
    int *ag = calloc(2 * (size_t)size, sizeof(int));
    int mine = 7 + rank;
    MPI_Allgather(&mine, 1, MPI_INT, ag, 1, every2, MPI_COMM_WORLD);
    bad = 0;
    for (int i = 0; i < size; i++)
        bad += ag[2 * i] != 7 + i || ag[2 * i + 1] != 0;
    EXPECT(bad == 0);
    /* alltoall from a strided send side */
    int *sa = malloc(2 * (size_t)size * sizeof(int)), *ra = calloc((size_t)size, sizeof(int));
    for (int i = 0; i < size; i++) {
        sa[2 * i] = rank * 100 + i;
        sa[2 * i + 1] = -5;
    }
    MPI_Alltoall(sa, 1, every2, ra, 1, MPI_INT, MPI_COMM_WORLD);
    bad = 0;
    for (int i = 0; i < size; i++)
        bad += ra[i] != i * 100 + rank;
    EXPECT(bad == 0);
    free(ag);
    free(sa);
    free(ra);

    /* an uncommitted type is an error, not a silent transfer */
    MPI_Datatype raw;
    MPI_Type_contiguous(2, MPI_INT, &raw);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rc = MPI_Send(b, 1, raw, rank, 0, MPI_COMM_WORLD);
    EXPECT(rc == MPI_ERR_TYPE);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
    MPI_Type_free(&raw);
    MPI_Type_free(&every2);
    MPI_Type_free(&pair);
}

/* MPI_Type_match_size and MPI_Type_create_f90_*: the types and the errors. */
static void test_sized(void)
{
    MPI_Datatype t, u;
    int sz, cls;
    MPI_Type_match_size(MPI_TYPECLASS_REAL, sizeof(double), &t);
    MPI_Type_size(t, &sz);
    EXPECT(t == MPI_REAL8 && sz == 8);
    MPI_Type_match_size(MPI_TYPECLASS_COMPLEX, 8, &t);
    EXPECT(t == MPI_COMPLEX8);
    MPI_Type_create_f90_integer(9, &t);
    MPI_Type_create_f90_integer(9, &u);
    MPI_Type_size(t, &sz);
    EXPECT(t == u && sz == 4);
    int ni, na, nt, comb, ints[2];
    MPI_Type_get_envelope(t, &ni, &na, &nt, &comb);
    EXPECT(comb == MPI_COMBINER_F90_INTEGER && ni == 1 && na == 0 && nt == 0);
    MPI_Type_get_contents(t, 1, 0, 0, ints, NULL, NULL);
    EXPECT(ints[0] == 9);
    MPI_Type_create_f90_real(MPI_UNDEFINED, 300, &t);
    MPI_Type_size(t, &sz);
    EXPECT(sz == 8);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Error_class(MPI_Type_match_size(MPI_TYPECLASS_REAL, 3, &u), &cls);
    EXPECT(cls == MPI_ERR_ARG);
    MPI_Error_class(MPI_Type_match_size(7, 4, &u), &cls);
    EXPECT(cls == MPI_ERR_ARG);
    MPI_Error_class(MPI_Type_create_f90_real(40, MPI_UNDEFINED, &u), &cls);
    EXPECT(cls == MPI_ERR_ARG);
    MPI_Error_class(MPI_Type_create_f90_integer(39, &u), &cls);
    EXPECT(cls == MPI_ERR_ARG);
    MPI_Error_class(MPI_Type_free(&t), &cls); /* predefined: the user may not free it */
    EXPECT(cls == MPI_ERR_TYPE);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    int n;
    MPI_Comm_size(MPI_COMM_WORLD, &n);
    size = (unsigned)n;
    test_queries();
    test_pack();
    test_ring();
    test_bottom();
    test_arrays();
    test_collectives();
    test_sized();
    return mtest_finalize(errs);
}
