/*
 * ompi-lite/oml_group.c: process groups. A group is an array of job ranks; MPI_GROUP_EMPTY is
 * a static empty group. Set operations keep the order the standard defines (the first group's
 * order, then the second's for union).
 */
#include "oml_impl.h"
#include "runtime/rt.h"

#include <stdlib.h>
#include <string.h>

static oml_group_t group_empty = {
    .magic = OML_GROUP_MAGIC, .refs = 1, .size = 0, .rank = MPI_UNDEFINED};

oml_group_t *oml_group_get(MPI_Group g)
{
    if (g == MPI_GROUP_EMPTY)
        return &group_empty;
    if ((uintptr_t)g < OML_HANDLE_PREDEFINED_MAX)
        return NULL;
    oml_group_t *p = (oml_group_t *)g;
    return p->magic == OML_GROUP_MAGIC ? p : NULL;
}

oml_group_t *oml_group_new(const int *world, int size)
{
    oml_group_t *g = calloc(1, sizeof(*g));
    if (g == NULL)
        return NULL;
    g->world = malloc((size_t)(size > 0 ? size : 1) * sizeof(int));
    if (g->world == NULL) {
        free(g);
        return NULL;
    }
    if (size > 0)
        memcpy(g->world, world, (size_t)size * sizeof(int));
    g->magic = OML_GROUP_MAGIC;
    g->refs = 1;
    g->size = size;
    g->rank = MPI_UNDEFINED;
    for (int i = 0; i < size; i++) {
        if (world[i] == oml_rt_job.rank)
            g->rank = i;
    }
    return g;
}

void oml_group_release(oml_group_t *g)
{
    if (g == &group_empty || --g->refs > 0)
        return;
    g->magic = 0;
    free(g->world);
    free(g);
}

static int grp_get(const char *fn, MPI_Group group, oml_group_t **g_p)
{
    OML_CHECK_INIT(fn);
    oml_group_t *g = oml_group_get(group);
    *g_p = g;
    if (g == NULL)
        return oml_error(NULL, MPI_ERR_GROUP, fn, "invalid group%s",
                         group == MPI_GROUP_NULL ? " (MPI_GROUP_NULL)" : "");
    return MPI_SUCCESS;
}

/* Rank of job rank w in g, or MPI_UNDEFINED. */
static int grp_find(const oml_group_t *g, int w)
{
    for (int i = 0; i < g->size; i++) {
        if (g->world[i] == w)
            return i;
    }
    return MPI_UNDEFINED;
}

/* Hands out a new group over world[0..n-1], of from's session; MPI_GROUP_EMPTY when n is 0. */
static int grp_out(const char *fn, const oml_group_t *from, const int *world, int n,
                   MPI_Group *newgroup)
{
    if (n == 0) {
        *newgroup = MPI_GROUP_EMPTY;
        return MPI_SUCCESS;
    }
    oml_group_t *g = oml_group_new(world, n);
    if (g == NULL)
        return oml_error(NULL, MPI_ERR_NO_MEM, fn, "no memory for a group of %d", n);
    g->session = from->session;
    *newgroup = (MPI_Group)g;
    return MPI_SUCCESS;
}

OML_API int PMPI_Group_size(MPI_Group group, int *size)
{
    oml_group_t *g;
    int rc = grp_get("MPI_Group_size", group, &g);
    if (rc != MPI_SUCCESS)
        return rc;
    if (size == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Group_size", "size is NULL");
    *size = g->size;
    return MPI_SUCCESS;
}
OML_ALIAS(Group_size)

OML_API int PMPI_Group_rank(MPI_Group group, int *rank)
{
    oml_group_t *g;
    int rc = grp_get("MPI_Group_rank", group, &g);
    if (rc != MPI_SUCCESS)
        return rc;
    if (rank == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Group_rank", "rank is NULL");
    *rank = g->rank;
    return MPI_SUCCESS;
}
OML_ALIAS(Group_rank)

/* Checks n ranks of g: in range and, for incl/excl, distinct. */
static int grp_check_ranks(const char *fn, const oml_group_t *g, int n, const int ranks[],
                           char *seen)
{
    if (n < 0 || n > g->size)
        return oml_error(NULL, MPI_ERR_ARG, fn, "n is %d; it must be in 0..%d", n, g->size);
    if (n > 0 && ranks == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "ranks is NULL");
    for (int i = 0; i < n; i++) {
        if (ranks[i] < 0 || ranks[i] >= g->size)
            return oml_error(NULL, MPI_ERR_RANK, fn,
                             "ranks[%d] is %d, not a rank of the group (size %d)", i, ranks[i],
                             g->size);
        if (seen[ranks[i]])
            return oml_error(NULL, MPI_ERR_RANK, fn, "rank %d appears twice", ranks[i]);
        seen[ranks[i]] = 1;
    }
    return MPI_SUCCESS;
}

/* incl (keep the listed ranks in list order) and excl (keep the others in group order). */
static int grp_incl_excl(const char *fn, MPI_Group group, int n, const int ranks[], bool incl,
                         MPI_Group *newgroup)
{
    oml_group_t *g;
    int rc = grp_get(fn, group, &g);
    if (rc != MPI_SUCCESS)
        return rc;
    if (newgroup == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "newgroup is NULL");
    char *seen = calloc((size_t)g->size + 1, 1);
    int *world = malloc(((size_t)g->size + 1) * sizeof(int));
    if (seen == NULL || world == NULL) {
        free(seen);
        free(world);
        return oml_error(NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    }
    int k = 0;
    if ((rc = grp_check_ranks(fn, g, n, ranks, seen)) == MPI_SUCCESS) {
        if (incl) {
            for (int i = 0; i < n; i++)
                world[k++] = g->world[ranks[i]];
        } else {
            for (int i = 0; i < g->size; i++) {
                if (!seen[i])
                    world[k++] = g->world[i];
            }
        }
        rc = grp_out(fn, g, world, k, newgroup);
    }
    free(seen);
    free(world);
    return rc;
}

OML_API int PMPI_Group_incl(MPI_Group group, int n, const int ranks[], MPI_Group *newgroup)
{
    return grp_incl_excl("MPI_Group_incl", group, n, ranks, true, newgroup);
}
OML_ALIAS(Group_incl)

OML_API int PMPI_Group_excl(MPI_Group group, int n, const int ranks[], MPI_Group *newgroup)
{
    return grp_incl_excl("MPI_Group_excl", group, n, ranks, false, newgroup);
}
OML_ALIAS(Group_excl)

/* Expands (first, last, stride) triplets into a rank list; NULL and an error on bad input. */
static int grp_ranges(const char *fn, const oml_group_t *g, int n, int ranges[][3], int **out,
                      int *nout)
{
    if (n < 0 || (n > 0 && ranges == NULL))
        return oml_error(NULL, MPI_ERR_ARG, fn, "n is %d or ranges is NULL", n);
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        int first = ranges[i][0], last = ranges[i][1], stride = ranges[i][2];
        if (stride == 0 || first < 0 || first >= g->size || last < 0 || last >= g->size ||
            (stride > 0 && first > last) || (stride < 0 && first < last))
            return oml_error(NULL, MPI_ERR_RANK, fn,
                             "range %d (%d, %d, %d) is not valid for a group of %d", i, first, last,
                             stride, g->size);
        total += (size_t)((last - first) / stride) + 1;
    }
    int *list = malloc((total > 0 ? total : 1) * sizeof(int));
    if (list == NULL)
        return oml_error(NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    int k = 0;
    for (int i = 0; i < n; i++) {
        int first = ranges[i][0], last = ranges[i][1], stride = ranges[i][2];
        for (int r = first; stride > 0 ? r <= last : r >= last; r += stride)
            list[k++] = r;
    }
    *out = list;
    *nout = k;
    return MPI_SUCCESS;
}

static int grp_range(const char *fn, MPI_Group group, int n, int ranges[][3], bool incl,
                     MPI_Group *newgroup)
{
    oml_group_t *g;
    int rc = grp_get(fn, group, &g);
    if (rc != MPI_SUCCESS)
        return rc;
    if (newgroup == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "newgroup is NULL");
    int *list = NULL, k = 0;
    if ((rc = grp_ranges(fn, g, n, ranges, &list, &k)) != MPI_SUCCESS)
        return rc;
    rc = grp_incl_excl(fn, group, k, list, incl, newgroup);
    free(list);
    return rc;
}

OML_API int PMPI_Group_range_incl(MPI_Group group, int n, int ranges[][3], MPI_Group *newgroup)
{
    return grp_range("MPI_Group_range_incl", group, n, ranges, true, newgroup);
}
OML_ALIAS(Group_range_incl)

OML_API int PMPI_Group_range_excl(MPI_Group group, int n, int ranges[][3], MPI_Group *newgroup)
{
    return grp_range("MPI_Group_range_excl", group, n, ranges, false, newgroup);
}
OML_ALIAS(Group_range_excl)

enum { GRP_UNION, GRP_INTERSECTION, GRP_DIFFERENCE };

static int grp_setop(const char *fn, MPI_Group group1, MPI_Group group2, int op,
                     MPI_Group *newgroup)
{
    oml_group_t *a, *b;
    int rc = grp_get(fn, group1, &a);
    if (rc == MPI_SUCCESS)
        rc = grp_get(fn, group2, &b);
    if (rc != MPI_SUCCESS)
        return rc;
    if (newgroup == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "newgroup is NULL");
    int *world = malloc(((size_t)a->size + (size_t)b->size + 1) * sizeof(int));
    if (world == NULL)
        return oml_error(NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    int k = 0;
    for (int i = 0; i < a->size; i++) {
        bool in_b = grp_find(b, a->world[i]) != MPI_UNDEFINED;
        if (op == GRP_UNION || (op == GRP_INTERSECTION && in_b) || (op == GRP_DIFFERENCE && !in_b))
            world[k++] = a->world[i];
    }
    if (op == GRP_UNION) {
        for (int i = 0; i < b->size; i++) {
            if (grp_find(a, b->world[i]) == MPI_UNDEFINED)
                world[k++] = b->world[i];
        }
    }
    rc = grp_out(fn, a, world, k, newgroup);
    free(world);
    return rc;
}

OML_API int PMPI_Group_union(MPI_Group group1, MPI_Group group2, MPI_Group *newgroup)
{
    return grp_setop("MPI_Group_union", group1, group2, GRP_UNION, newgroup);
}
OML_ALIAS(Group_union)

OML_API int PMPI_Group_intersection(MPI_Group group1, MPI_Group group2, MPI_Group *newgroup)
{
    return grp_setop("MPI_Group_intersection", group1, group2, GRP_INTERSECTION, newgroup);
}
OML_ALIAS(Group_intersection)

OML_API int PMPI_Group_difference(MPI_Group group1, MPI_Group group2, MPI_Group *newgroup)
{
    return grp_setop("MPI_Group_difference", group1, group2, GRP_DIFFERENCE, newgroup);
}
OML_ALIAS(Group_difference)

OML_API int PMPI_Group_translate_ranks(MPI_Group group1, int n, const int ranks1[],
                                       MPI_Group group2, int ranks2[])
{
    static const char fn[] = "MPI_Group_translate_ranks";
    oml_group_t *a, *b;
    int rc = grp_get(fn, group1, &a);
    if (rc == MPI_SUCCESS)
        rc = grp_get(fn, group2, &b);
    if (rc != MPI_SUCCESS)
        return rc;
    if (n < 0 || (n > 0 && (ranks1 == NULL || ranks2 == NULL)))
        return oml_error(NULL, MPI_ERR_ARG, fn, "n is %d or a rank array is NULL", n);
    for (int i = 0; i < n; i++) {
        if (ranks1[i] == MPI_PROC_NULL) {
            ranks2[i] = MPI_PROC_NULL;
            continue;
        }
        if (ranks1[i] < 0 || ranks1[i] >= a->size)
            return oml_error(NULL, MPI_ERR_RANK, fn, "ranks1[%d] is %d, not in group1 (size %d)", i,
                             ranks1[i], a->size);
        ranks2[i] = grp_find(b, a->world[ranks1[i]]);
    }
    return MPI_SUCCESS;
}
OML_ALIAS(Group_translate_ranks)

OML_API int PMPI_Group_compare(MPI_Group group1, MPI_Group group2, int *result)
{
    static const char fn[] = "MPI_Group_compare";
    oml_group_t *a, *b;
    int rc = grp_get(fn, group1, &a);
    if (rc == MPI_SUCCESS)
        rc = grp_get(fn, group2, &b);
    if (rc != MPI_SUCCESS)
        return rc;
    if (result == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "result is NULL");
    if (a->size != b->size) {
        *result = MPI_UNEQUAL;
        return MPI_SUCCESS;
    }
    bool same_order = true, same_set = true;
    for (int i = 0; i < a->size && same_set; i++) {
        same_order = same_order && a->world[i] == b->world[i];
        same_set = grp_find(b, a->world[i]) != MPI_UNDEFINED;
    }
    *result = same_order ? MPI_IDENT : same_set ? MPI_SIMILAR : MPI_UNEQUAL;
    return MPI_SUCCESS;
}
OML_ALIAS(Group_compare)

OML_API int PMPI_Group_free(MPI_Group *group)
{
    static const char fn[] = "MPI_Group_free";
    if (group == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "group is NULL");
    oml_group_t *g;
    int rc = grp_get(fn, *group, &g);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_group_release(g); /* MPI_GROUP_EMPTY may be freed: it stays */
    *group = MPI_GROUP_NULL;
    return MPI_SUCCESS;
}
OML_ALIAS(Group_free)
