/*
 * collectives/coll_alltoall.c: all-to-all personalised exchange of n-byte blocks.
 *
 * Small blocks: every receive and send posted at once, so the p - 1 latencies overlap;
 * cost about alpha + (p - 1) * n * beta when the wire keeps up, at the price of p - 1
 * messages in flight per rank.
 * Large blocks: pairwise exchange, step s with rank + s and rank - s, one message in each
 * direction at a time; cost (p - 1) * (alpha + n * beta). Bruck's algorithm for small blocks
 * on many ranks (ceil(log2 p) * alpha) comes with the collectives work.
 */
#include "collectives/coll_impl.h"

#include <stdlib.h>
#include <string.h>

/* Above this block size the posted-all variant floods the wire; go pairwise. */
#define OML_COLL_ALLTOALL_PAIRWISE_MIN 32768

static oml_status_t alltoall_posted(const unsigned char *in, unsigned char *out, size_t n,
                                    const oml_tp_comm_t *comm)
{
    int p = comm->size, r = comm->rank;
    oml_tp_req_t *reqs = malloc(sizeof(*reqs) * 2 * (size_t)p);
    oml_tp_req_t **ptrs = malloc(sizeof(*ptrs) * 2 * (size_t)p);
    oml_status_t st = OML_OK;
    int nr = 0;
    if (reqs == NULL || ptrs == NULL) {
        st = OML_ERR_NOMEM;
        goto out_free;
    }
    for (int s = 1; s < p && st == OML_OK; s++) {
        int src = (r - s + p) % p;
        st = oml_tp_irecv(&reqs[nr], out + (size_t)src * n, n, src, OML_COLL_TAG_ALLTOALL, comm);
        if (st == OML_OK)
            ptrs[nr] = &reqs[nr], nr++;
    }
    for (int s = 1; s < p && st == OML_OK; s++) {
        int dst = (r + s) % p;
        st = oml_tp_isend(&reqs[nr], in + (size_t)dst * n, n, dst, OML_COLL_TAG_ALLTOALL, comm);
        if (st == OML_OK)
            ptrs[nr] = &reqs[nr], nr++;
    }
    oml_tp_waitall(nr, ptrs);
out_free:
    free(ptrs);
    free(reqs);
    return st;
}

static oml_status_t alltoall_pairwise(const unsigned char *in, unsigned char *out, size_t n,
                                      const oml_tp_comm_t *comm)
{
    int p = comm->size, r = comm->rank;
    for (int s = 1; s < p; s++) {
        int dst = (r + s) % p, src = (r - s + p) % p;
        oml_status_t st = oml_coll_sendrecv(in + (size_t)dst * n, n, dst, out + (size_t)src * n, n,
                                            src, OML_COLL_TAG_ALLTOALL, comm);
        if (st != OML_OK)
            return st;
    }
    return OML_OK;
}

oml_status_t oml_coll_alltoall(const void *sbuf, void *rbuf, size_t n, const oml_tp_comm_t *comm)
{
    int p = comm->size, r = comm->rank;
    unsigned char *out = rbuf, *copy = NULL;
    const unsigned char *in = sbuf;
    oml_status_t st;

    if (n == 0)
        return OML_OK;
    if (in == NULL) { /* in place: send from a copy of the receive buffer */
        copy = malloc((size_t)p * n);
        if (copy == NULL)
            return OML_ERR_NOMEM;
        memcpy(copy, out, (size_t)p * n);
        in = copy;
    } else {
        memcpy(out + (size_t)r * n, in + (size_t)r * n, n);
    }
    if (p == 1)
        st = OML_OK;
    else if (n < OML_COLL_ALLTOALL_PAIRWISE_MIN)
        st = alltoall_posted(in, out, n, comm);
    else
        st = alltoall_pairwise(in, out, n, comm);
    free(copy);
    return st;
}
