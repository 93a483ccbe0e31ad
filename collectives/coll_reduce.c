/*
 * collectives/coll_reduce.c: binomial-tree reduce.
 *
 * Ranks are renumbered relative to the root (vr). In round k a rank whose bit k is set sends its
 * partial result to vr - 2^k and leaves; the others receive from vr + 2^k and combine. The
 * partner's data always covers higher virtual ranks, so `in` is the lower block: the order of
 * combination is fixed by p and root, and results repeat bitwise from run to run.
 * Cost: ceil(log2 p) * (alpha + n * beta + n * gamma). Large vectors want Rabenseifner's
 * reduce-scatter + gather (2n * beta); that comes with the collectives work.
 */
#include "collectives/coll_impl.h"

#include <stdlib.h>
#include <string.h>

oml_status_t oml_coll_reduce(const void *sbuf, void *rbuf, size_t count, size_t elsize,
                             oml_coll_op_fn op, void *op_ctx, int root, const oml_tp_comm_t *comm)
{
    int p = comm->size, r = comm->rank;
    int vr = (r - root + p) % p;
    size_t len = count * elsize;
    oml_status_t st = OML_OK;

    if (sbuf == NULL) /* in place: only the root may say so */
        sbuf = rbuf;
    if (p == 1 || len == 0) {
        if (r == root && sbuf != rbuf && len > 0)
            memcpy(rbuf, sbuf, len);
        return OML_OK;
    }

    /* acc holds this rank's partial result, tmp receives a child's. */
    unsigned char *bufs = malloc(2 * len);
    if (bufs == NULL)
        return OML_ERR_NOMEM;
    unsigned char *acc = bufs, *tmp = bufs + len;
    memcpy(acc, sbuf, len);

    for (int mask = 1; mask < p; mask <<= 1) {
        if (vr & mask) {
            st = oml_coll_sendrecv(acc, len, (vr - mask + root) % p, NULL, 0, 0,
                                   OML_COLL_TAG_REDUCE, comm);
            break;
        }
        if (vr + mask < p) {
            st = oml_coll_sendrecv(NULL, 0, 0, tmp, len, (vr + mask + root) % p,
                                   OML_COLL_TAG_REDUCE, comm);
            if (st != OML_OK)
                break;
            op(acc, tmp, count, op_ctx); /* tmp = acc op tmp: the lower block first */
            unsigned char *t = acc;
            acc = tmp;
            tmp = t;
        }
    }
    if (st == OML_OK && r == root)
        memcpy(rbuf, acc, len);
    free(bufs);
    return st;
}
