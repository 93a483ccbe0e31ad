/*
 * collectives/coll_bcast.c: binomial-tree broadcast.
 *
 * Ranks are renumbered relative to the root; a rank receives once from the rank that differs
 * in its lowest set bit, then forwards to ranks that add smaller powers of two.
 * Cost: ceil(log2 p) * (alpha + n * beta). Large messages want scatter + allgather
 * (n * beta * 2 instead of log p * n * beta); that comes with the collectives work.
 */
#include "collectives/coll_impl.h"

oml_status_t oml_coll_bcast(void *buf, size_t len, int root, const oml_tp_comm_t *comm)
{
    int p = comm->size, r = comm->rank;
    int vr = (r - root + p) % p;
    int mask = 1;
    oml_status_t st;

    while (mask < p) {
        if (vr & mask) {
            oml_tp_req_t rreq;
            if ((st = oml_tp_irecv(&rreq, buf, len, (r - mask + p) % p, OML_COLL_TAG_BCAST,
                                   comm)) != OML_OK)
                return st;
            oml_tp_wait(&rreq);
            break;
        }
        mask <<= 1;
    }
    oml_tp_req_t sreqs[32];
    int ns = 0;
    for (mask >>= 1; mask > 0; mask >>= 1) {
        if (vr + mask < p) {
            if ((st = oml_tp_isend(&sreqs[ns], buf, len, (r + mask) % p, OML_COLL_TAG_BCAST,
                                   comm)) != OML_OK)
                return st;
            ns++;
        }
    }
    for (int i = 0; i < ns; i++)
        oml_tp_wait(&sreqs[i]);
    return OML_OK;
}
