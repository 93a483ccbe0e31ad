/*
 * collectives/coll_barrier.c: dissemination barrier (Hensgen, Finkel and Manber).
 *
 * Round k: send a zero-byte message to rank + 2^k, receive from rank - 2^k.
 * Cost: ceil(log2 p) rounds, latency ceil(log2 p) * alpha, no bandwidth term. Works for any p.
 */
#include "collectives/coll_impl.h"

void oml_coll_barrier(oml_sched_t *s)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    for (int k = 1; k < p; k <<= 1) {
        oml_sched_recv(s, NULL, 0, (r - k + p) % p);
        oml_sched_send(s, NULL, 0, (r + k) % p);
        oml_sched_fence(s);
    }
}
