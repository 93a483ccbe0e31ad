/*
 * collectives/coll_neighbor.c: the exchange under every neighborhood collective.
 *
 * All receives are posted, then all sends started, then everything is waited for: one round,
 * cost alpha + max(in, out bytes) * beta per process when the network overlaps the messages.
 */
#include "collectives/coll_impl.h"

#include <stdlib.h>

oml_status_t oml_coll_neighbor_exchange(int nin, const oml_coll_block_t *in, int nout,
                                        const oml_coll_block_t *out, const oml_tp_comm_t *comm)
{
    int n = nin + nout;
    oml_tp_req_t *reqs = calloc((size_t)(n > 0 ? n : 1), sizeof(*reqs));
    oml_tp_req_t **wait = calloc((size_t)(n > 0 ? n : 1), sizeof(*wait));
    oml_status_t st = OML_OK;
    if (reqs == NULL || wait == NULL) {
        free(reqs);
        free(wait);
        return OML_ERR_NOMEM;
    }
    for (int i = 0; i < nin && st == OML_OK; i++) {
        if (in[i].peer < 0)
            continue;
        st = oml_tp_irecv(&reqs[i], in[i].buf, in[i].len, in[i].peer,
                          OML_COLL_TAG_NEIGHBOR + in[i].tag, comm);
        if (st == OML_OK)
            wait[i] = &reqs[i];
    }
    for (int i = 0; i < nout && st == OML_OK; i++) {
        if (out[i].peer < 0)
            continue;
        st = oml_tp_isend(&reqs[nin + i], out[i].buf, out[i].len, out[i].peer,
                          OML_COLL_TAG_NEIGHBOR + out[i].tag, comm);
        if (st == OML_OK)
            wait[nin + i] = &reqs[nin + i];
    }
    oml_tp_waitall(n, wait); /* also after a failure: nothing may stay posted */
    for (int i = 0; i < nin && st == OML_OK; i++) {
        if (wait[i] != NULL && reqs[i].status != OML_OK)
            st = reqs[i].status;
    }
    free(reqs);
    free(wait);
    return st;
}
