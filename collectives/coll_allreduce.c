/*
 * collectives/coll_allreduce.c: recursive-doubling allreduce.
 *
 * With pof2 the largest power of two <= p and rem = p - pof2: the first 2*rem ranks pair up
 * and the even one hands its data to the odd one, leaving pof2 ranks; those exchange and
 * combine whole vectors with partners at distance 1, 2, 4, ...; the odd ranks then return the
 * result to their even partners.
 * Cost: (log2 pof2 + 2) * alpha + (log2 pof2 + 2) * n * beta + log2 pof2 * n * gamma.
 * Good for small vectors; Rabenseifner's reduce-scatter + allgather (2n * beta) is the
 * large-message algorithm, coming with the collectives work.
 *
 * Every combine passes the lower rank's data as `in`, so each rank computes the same
 * expression in the same order: results are bitwise identical on every rank and every run.
 */
#include "collectives/coll_impl.h"

#include <stdlib.h>
#include <string.h>

oml_status_t oml_coll_allreduce(const void *sbuf, void *rbuf, size_t count, size_t elsize,
                                oml_coll_op_fn op, void *op_ctx, const oml_tp_comm_t *comm)
{
    int p = comm->size, r = comm->rank;
    size_t len = count * elsize;
    oml_status_t st = OML_OK;

    if (sbuf != NULL && len > 0)
        memcpy(rbuf, sbuf, len);
    if (p == 1 || len == 0)
        return OML_OK;

    unsigned char *tmp = malloc(len);
    if (tmp == NULL)
        return OML_ERR_NOMEM;

    int pof2 = 1;
    while (pof2 * 2 <= p)
        pof2 *= 2;
    int rem = p - pof2;
    int newrank;

    if (r < 2 * rem) {
        if (r % 2 == 0) {
            st = oml_coll_sendrecv(rbuf, len, r + 1, NULL, 0, 0, OML_COLL_TAG_ALLREDUCE, comm);
            newrank = -1;
        } else {
            st = oml_coll_sendrecv(NULL, 0, 0, tmp, len, r - 1, OML_COLL_TAG_ALLREDUCE, comm);
            op(tmp, rbuf, count, op_ctx);
            newrank = r / 2;
        }
    } else {
        newrank = r - rem;
    }
    if (st != OML_OK)
        goto out_free_tmp;

    if (newrank != -1) {
        for (int mask = 1; mask < pof2; mask <<= 1) {
            int newdst = newrank ^ mask;
            int dst = newdst < rem ? newdst * 2 + 1 : newdst + rem;
            if ((st = oml_coll_sendrecv(rbuf, len, dst, tmp, len, dst, OML_COLL_TAG_ALLREDUCE,
                                        comm)) != OML_OK)
                goto out_free_tmp;
            if (dst < r) {
                op(tmp, rbuf, count, op_ctx);
            } else {
                op(rbuf, tmp, count, op_ctx);
                memcpy(rbuf, tmp, len);
            }
        }
    }

    if (r < 2 * rem) {
        if (r % 2 == 0)
            st = oml_coll_sendrecv(NULL, 0, 0, rbuf, len, r + 1, OML_COLL_TAG_ALLREDUCE, comm);
        else
            st = oml_coll_sendrecv(rbuf, len, r - 1, NULL, 0, 0, OML_COLL_TAG_ALLREDUCE, comm);
    }
out_free_tmp:
    free(tmp);
    return st;
}
