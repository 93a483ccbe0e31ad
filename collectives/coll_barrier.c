/*
 * collectives/coll_barrier.c: dissemination barrier (Hensgen, Finkel and Manber).
 *
 * Round k: send a zero-byte message to rank + 2^k, receive from rank - 2^k.
 * Cost: ceil(log2 p) rounds, latency ceil(log2 p) * alpha, no bandwidth term. Works for any p.
 */
#include "collectives/coll_impl.h"

oml_status_t oml_coll_barrier(const oml_tp_comm_t *comm)
{
    int p = comm->size, r = comm->rank;
    for (int k = 1; k < p; k <<= 1) {
        oml_tp_req_t sreq, rreq;
        oml_status_t st;
        if ((st = oml_tp_irecv(&rreq, NULL, 0, (r - k + p) % p, OML_COLL_TAG_BARRIER, comm)) !=
            OML_OK)
            return st;
        if ((st = oml_tp_isend(&sreq, NULL, 0, (r + k) % p, OML_COLL_TAG_BARRIER, comm)) != OML_OK)
            return st;
        oml_tp_wait(&sreq);
        oml_tp_wait(&rreq);
    }
    return OML_OK;
}
