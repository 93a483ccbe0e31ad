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
#include "collectives/coll.h"

#include <stdlib.h>
#include <string.h>

#define OML_COLL_TAG_ALLREDUCE 3

static oml_status_t ar_sendrecv(const void *sbuf, void *rbuf, size_t len, int peer,
                                const oml_tp_comm_t *comm)
{
    oml_tp_req_t sreq, rreq;
    oml_status_t st;
    if (rbuf != NULL &&
        (st = oml_tp_irecv(&rreq, rbuf, len, peer, OML_COLL_TAG_ALLREDUCE, comm)) != OML_OK)
        return st;
    if (sbuf != NULL &&
        (st = oml_tp_isend(&sreq, sbuf, len, peer, OML_COLL_TAG_ALLREDUCE, comm)) != OML_OK)
        return st;
    if (sbuf != NULL)
        oml_tp_wait(&sreq);
    if (rbuf != NULL)
        oml_tp_wait(&rreq);
    return OML_OK;
}

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
            st = ar_sendrecv(rbuf, NULL, len, r + 1, comm);
            newrank = -1;
        } else {
            st = ar_sendrecv(NULL, tmp, len, r - 1, comm);
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
            if ((st = ar_sendrecv(rbuf, tmp, len, dst, comm)) != OML_OK)
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
            st = ar_sendrecv(NULL, rbuf, len, r + 1, comm);
        else
            st = ar_sendrecv(rbuf, NULL, len, r - 1, comm);
    }
out_free_tmp:
    free(tmp);
    return st;
}
