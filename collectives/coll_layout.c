/*
 * collectives/coll_layout.c: a communicator's ranks by node (oml_coll_nodes_t), from the node
 * id of every rank: ranks sorted by (id, rank) give each node's ranks in rank order, and the
 * nodes are numbered in the order of their lowest rank. O(p log p) once per communicator.
 */
#include "collectives/coll.h"

#include <stdlib.h>

typedef struct {
    uint32_t id;
    int rank;
} node_pair_t;

static int node_pair_cmp(const void *a, const void *b)
{
    const node_pair_t *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

oml_coll_nodes_t *oml_coll_nodes_new(const uint32_t *id, int size, int rank)
{
    oml_coll_nodes_t *n = calloc(1, sizeof(*n));
    node_pair_t *pairs = malloc(sizeof(*pairs) * (size_t)size);
    int *group = malloc(sizeof(int) * (size_t)size); /* rank -> group in id order */
    int *gnode = malloc(sizeof(int) * (size_t)size); /* group -> node */
    int *first = malloc(sizeof(int) * (size_t)size); /* group -> its lowest rank */
    if (n != NULL)
        n->node_of = malloc(sizeof(int) * (size_t)size);
    if (n == NULL || pairs == NULL || group == NULL || gnode == NULL || first == NULL ||
        n->node_of == NULL)
        goto fail;

    for (int r = 0; r < size; r++)
        pairs[r] = (node_pair_t){id[r], r};
    qsort(pairs, (size_t)size, sizeof(*pairs), node_pair_cmp);
    int ngroups = 0;
    for (int i = 0; i < size; i++) {
        if (i == 0 || pairs[i].id != pairs[i - 1].id)
            first[ngroups++] = pairs[i].rank; /* sorted by rank within an id */
        group[pairs[i].rank] = ngroups - 1;
    }
    /* number the nodes in the order of their lowest rank */
    for (int g = 0; g < ngroups; g++)
        gnode[g] = -1;
    for (int r = 0; r < size; r++) {
        if (first[group[r]] == r)
            gnode[group[r]] = n->nnodes++;
        n->node_of[r] = gnode[group[r]];
    }
    n->my_node = n->node_of[rank];
    n->leaders = malloc(sizeof(int) * (size_t)n->nnodes);
    if (n->leaders == NULL)
        goto fail;
    n->contiguous = true;
    for (int r = 0; r < size; r++) {
        if (first[group[r]] == r)
            n->leaders[n->node_of[r]] = r;
        if (r > 0 && n->node_of[r] < n->node_of[r - 1])
            n->contiguous = false;
        if (n->node_of[r] == n->my_node)
            n->nlocal++;
    }
    /* every node as large as this one: count each node's ranks in gnode, now free */
    for (int k = 0; k < n->nnodes; k++)
        gnode[k] = 0;
    for (int r = 0; r < size; r++)
        gnode[n->node_of[r]]++;
    n->uniform = true;
    for (int k = 0; k < n->nnodes; k++)
        n->uniform = n->uniform && gnode[k] == n->nlocal;
    n->local = malloc(sizeof(int) * (size_t)n->nlocal);
    if (n->local == NULL)
        goto fail;
    for (int r = 0, k = 0; r < size; r++) {
        if (n->node_of[r] != n->my_node)
            continue;
        if (r == rank)
            n->my_local = k;
        n->local[k++] = r;
    }
    goto done;
fail:
    oml_coll_nodes_free(n);
    n = NULL;
done:
    free(pairs);
    free(group);
    free(gnode);
    free(first);
    return n;
}

void oml_coll_nodes_free(oml_coll_nodes_t *n)
{
    if (n == NULL)
        return;
    free(n->node_of);
    free(n->leaders);
    free(n->local);
    free(n);
}
