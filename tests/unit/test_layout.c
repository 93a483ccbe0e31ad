/*
 * Unit tests of the collectives' node layout (collectives/coll_layout.c): node numbering,
 * leaders, each rank's node-mates, and whether nodes hold consecutive ranks. Links
 * collectives/coll_layout.c only.
 */
#include "collectives/coll.h"
#include "tests/unit/unit.h"

#include <stdlib.h>

/* The layout that rank sees of ids[0..size-1]; checks what every layout must satisfy. */
static oml_coll_nodes_t *layout(const uint32_t *ids, int size, int rank)
{
    oml_coll_nodes_t *n = oml_coll_nodes_new(ids, size, rank);
    CHECK(n != NULL);
    if (n == NULL)
        exit(1);
    CHECK(n->local[n->my_local] == rank);
    CHECK(n->node_of[rank] == n->my_node);
    for (int i = 0; i < n->nlocal; i++) {
        CHECK(ids[n->local[i]] == ids[rank]);
        CHECK(i == 0 || n->local[i] > n->local[i - 1]);
    }
    for (int k = 0; k < n->nnodes; k++) {
        CHECK(n->node_of[n->leaders[k]] == k);
        CHECK(k == 0 || n->leaders[k] > n->leaders[k - 1]); /* numbered by lowest rank */
        for (int r = 0; r < n->leaders[k]; r++)
            CHECK(n->node_of[r] != k); /* the leader is the node's lowest rank */
    }
    return n;
}

int main(void)
{
    /* ppr:2:node on 3 nodes whose ids are not in rank order */
    uint32_t block[] = {7, 7, 3, 3, 9, 9};
    for (int r = 0; r < 6; r++) {
        oml_coll_nodes_t *n = layout(block, 6, r);
        CHECK(n->nnodes == 3);
        CHECK(n->my_node == r / 2);
        CHECK(n->nlocal == 2 && n->my_local == r % 2);
        CHECK(n->leaders[0] == 0 && n->leaders[1] == 2 && n->leaders[2] == 4);
        CHECK(n->contiguous && n->uniform);
        oml_coll_nodes_free(n);
    }

    /* round-robin over 3 nodes (--rank-by node), 7 ranks: nodes of 3, 2, 2 */
    uint32_t rr[] = {0, 1, 2, 0, 1, 2, 0};
    oml_coll_nodes_t *n = layout(rr, 7, 4);
    CHECK(n->nnodes == 3 && n->my_node == 1);
    CHECK(n->nlocal == 2 && n->local[0] == 1 && n->local[1] == 4 && n->my_local == 1);
    CHECK(!n->contiguous && !n->uniform);
    oml_coll_nodes_free(n);
    n = layout(rr, 7, 6);
    CHECK(n->nlocal == 3 && n->local[2] == 6 && n->my_local == 2);
    oml_coll_nodes_free(n);

    /* one node; one rank per node; a single rank */
    uint32_t same[] = {5, 5, 5, 5};
    n = layout(same, 4, 2);
    CHECK(n->nnodes == 1 && n->nlocal == 4 && n->my_local == 2 && n->contiguous && n->uniform);
    oml_coll_nodes_free(n);
    uint32_t each[] = {4, 3, 2, 1};
    n = layout(each, 4, 3);
    CHECK(n->nnodes == 4 && n->nlocal == 1 && n->my_node == 3 && n->contiguous);
    oml_coll_nodes_free(n);
    uint32_t one[] = {0};
    n = layout(one, 1, 0);
    CHECK(n->nnodes == 1 && n->nlocal == 1);
    oml_coll_nodes_free(n);

    /* a node that comes back after another: not contiguous */
    uint32_t back[] = {1, 1, 2, 1};
    n = layout(back, 4, 3);
    CHECK(n->nnodes == 2 && !n->contiguous && n->nlocal == 3 && n->my_local == 2 && !n->uniform);
    oml_coll_nodes_free(n);

    /* round-robin over 2 nodes of 3: not contiguous, but uniform */
    uint32_t rr2[] = {8, 6, 8, 6, 8, 6};
    n = layout(rr2, 6, 5);
    CHECK(n->nnodes == 2 && n->my_node == 1 && !n->contiguous && n->uniform);
    CHECK(n->nlocal == 3 && n->local[0] == 1 && n->local[2] == 5 && n->my_local == 2);
    oml_coll_nodes_free(n);

    /* ids that are hashes of host names: large numbers */
    uint32_t big[] = {0xfffffff0u, 17, 0xfffffff0u, 17, 0x80000000u};
    n = layout(big, 5, 1);
    CHECK(n->nnodes == 3 && n->leaders[2] == 4 && n->nlocal == 2 && n->local[1] == 3);
    oml_coll_nodes_free(n);
    return unit_report();
}
