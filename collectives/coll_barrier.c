/*
 * collectives/coll_barrier.c: dissemination barrier (Hensgen, Finkel and Manber).
 *
 * Round k: send a zero-byte message to rank + 2^k, receive from rank - 2^k.
 * Cost: ceil(log2 p) rounds, latency ceil(log2 p) * alpha, no bandwidth term. Works for any p.
 * Ranks on several nodes, some sharing one: node_aware (coll_node.c).
 */
#include "collectives/coll_impl.h"

enum { BARRIER_DISSEMINATION, BARRIER_NODE_AWARE };

void oml_coll_barrier(oml_sched_t *s)
{
    const oml_coll_nodes_t *nd = oml_coll_node_aware(s);
    if (nd != NULL && oml_coll_choose(OML_COLL_BARRIER, BARRIER_NODE_AWARE) == BARRIER_NODE_AWARE) {
        oml_coll_node_barrier(s, nd);
        return;
    }
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    for (int k = 1; k < p; k <<= 1) {
        oml_sched_recv(s, NULL, 0, (r - k + p) % p);
        oml_sched_send(s, NULL, 0, (r + k) % p);
        oml_sched_fence(s);
    }
}
