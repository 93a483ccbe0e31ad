/*
 * group.c: group constructors and queries checked against the standard's definitions:
 * incl/excl (order), range_incl/range_excl with negative strides, union, intersection,
 * difference (orders), translate_ranks (MPI_UNDEFINED, MPI_PROC_NULL), compare, the empty
 * group, and a communicator made from a reversed group.
 */
#include "mtest.h"

#include <stdlib.h>

static int errs, rank, size;

/* Group g's ranks translated to world ranks must be want[0..n-1]. */
static void expect_members(MPI_Group world, MPI_Group g, int n, const int *want, int line)
{
    int gs, *r = malloc(sizeof(int) * (size_t)(n + 1)), *w = malloc(sizeof(int) * (size_t)(n + 1));
    MPI_Group_size(g, &gs);
    for (int i = 0; i < n; i++)
        r[i] = i;
    MPI_Group_translate_ranks(g, n, r, world, w);
    int bad = gs != n;
    for (int i = 0; !bad && i < n; i++)
        bad = w[i] != want[i];
    if (bad) {
        errs++;
        fprintf(stderr, "rank %d: line %d: group of size %d differs\n", rank, line, gs);
    }
    free(r);
    free(w);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Group world, g1, g2, g3;
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    int gsize, grank, *want = malloc(sizeof(int) * (size_t)size * 2);
    MPI_Group_size(world, &gsize);
    MPI_Group_rank(world, &grank);
    EXPECT(gsize == size && grank == rank);

    /* reversed order */
    int *rev = malloc(sizeof(int) * (size_t)size);
    for (int i = 0; i < size; i++)
        rev[i] = want[i] = size - 1 - i;
    MPI_Group_incl(world, size, rev, &g1);
    expect_members(world, g1, size, want, __LINE__);
    MPI_Group_rank(g1, &grank);
    EXPECT(grank == size - 1 - rank);
    int res;
    MPI_Group_compare(world, g1, &res);
    EXPECT(res == (size == 1 ? MPI_IDENT : MPI_SIMILAR));

    /* a communicator from the reversed group */
    MPI_Comm rc;
    MPI_Comm_create(MPI_COMM_WORLD, g1, &rc);
    int crank;
    MPI_Comm_rank(rc, &crank);
    EXPECT(crank == size - 1 - rank);
    int v = rank, sum = 0;
    MPI_Allreduce(&v, &sum, 1, MPI_INT, MPI_SUM, rc);
    EXPECT(sum == size * (size - 1) / 2);
    MPI_Comm_free(&rc);

    /* exclude the even ranks: the odd ones remain in group order */
    int ne = (size + 1) / 2, *ev = malloc(sizeof(int) * (size_t)ne), k = 0;
    for (int i = 0; i < ne; i++)
        ev[i] = 2 * i;
    MPI_Group_excl(world, ne, ev, &g2);
    for (int i = 1; i < size; i += 2)
        want[k++] = i;
    expect_members(world, g2, k, want, __LINE__);
    MPI_Group_rank(g2, &grank);
    EXPECT(grank == (rank % 2 ? rank / 2 : MPI_UNDEFINED));

    /* range_incl (last, 0, -2) gives the ranks of the same parity as size-1, descending */
    int ranges[1][3] = {{size - 1, 0, -2}};
    MPI_Group_range_incl(world, 1, ranges, &g3);
    k = 0;
    for (int i = size - 1; i >= 0; i -= 2)
        want[k++] = i;
    expect_members(world, g3, k, want, __LINE__);
    MPI_Group_free(&g3);
    MPI_Group_range_excl(world, 1, ranges, &g3);
    k = 0;
    for (int i = 0; i < size; i++)
        if ((size - 1 - i) % 2 != 0)
            want[k++] = i;
    expect_members(world, g3, k, want, __LINE__);
    MPI_Group_free(&g3);

    /* union: first group's order, then the second's new members */
    MPI_Group_union(g2, g1, &g3);
    k = 0;
    for (int i = 1; i < size; i += 2)
        want[k++] = i;
    for (int i = size - 1; i >= 0; i--)
        if (i % 2 == 0)
            want[k++] = i;
    expect_members(world, g3, k, want, __LINE__);
    MPI_Group_free(&g3);
    /* intersection in the first group's order */
    MPI_Group_intersection(g1, g2, &g3);
    k = 0;
    for (int i = size - 1; i >= 0; i--)
        if (i % 2)
            want[k++] = i;
    expect_members(world, g3, k, want, __LINE__);
    MPI_Group_free(&g3);
    MPI_Group_difference(world, g2, &g3);
    k = 0;
    for (int i = 0; i < size; i += 2)
        want[k++] = i;
    expect_members(world, g3, k, want, __LINE__);
    MPI_Group_free(&g3);
    MPI_Group_difference(world, world, &g3);
    MPI_Group_size(g3, &gsize);
    EXPECT(gsize == 0 && g3 == MPI_GROUP_EMPTY);
    MPI_Group_compare(g3, MPI_GROUP_EMPTY, &res);
    EXPECT(res == MPI_IDENT);

    /* translate: members of g1 not in g2 are MPI_UNDEFINED; MPI_PROC_NULL stays */
    int in[3] = {0, size - 1, MPI_PROC_NULL}, out[3];
    MPI_Group_translate_ranks(g1, 3, in, g2, out);
    EXPECT(out[0] == ((size - 1) % 2 ? (size - 1) / 2 : MPI_UNDEFINED));
    EXPECT(out[1] == MPI_UNDEFINED && out[2] == MPI_PROC_NULL);

    /* bad input: a rank outside the group is an error that can be caught */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int bad[1] = {size};
    MPI_Group g4;
    int err = MPI_Group_incl(world, 1, bad, &g4), cls;
    MPI_Error_class(err, &cls);
    EXPECT(cls == MPI_ERR_RANK);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);

    MPI_Group_free(&g1);
    MPI_Group_free(&g2);
    MPI_Group_free(&g3);
    MPI_Group_free(&world);
    EXPECT(world == MPI_GROUP_NULL);
    free(want);
    free(rev);
    free(ev);
    return mtest_finalize(errs);
}
