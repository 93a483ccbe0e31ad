/*
 * collectives/coll_allgather.c: allgather of equal blocks of n bytes.
 *
 * Power-of-two p: recursive doubling. In round k a rank exchanges the 2^k blocks it holds with
 * rank ^ 2^k; cost log2 p * alpha + (p - 1) * n * beta.
 * Other p: ring. In step s a rank passes the block it received last to rank + 1;
 * cost (p - 1) * (alpha + n * beta). Bruck's algorithm (ceil(log2 p) * alpha for any p) is
 * the small-message choice for those sizes; it comes with the collectives work.
 */
#include "collectives/coll_impl.h"

#include <string.h>

static oml_status_t allgather_recursive_doubling(unsigned char *rbuf, size_t n,
                                                 const oml_tp_comm_t *comm)
{
    int p = comm->size, r = comm->rank;
    for (int mask = 1; mask < p; mask <<= 1) {
        int peer = r ^ mask;
        size_t mine = (size_t)(r & ~(mask - 1)) * n;
        size_t theirs = (size_t)(peer & ~(mask - 1)) * n;
        oml_status_t st = oml_coll_sendrecv(rbuf + mine, (size_t)mask * n, peer, rbuf + theirs,
                                            (size_t)mask * n, peer, OML_COLL_TAG_ALLGATHER, comm);
        if (st != OML_OK)
            return st;
    }
    return OML_OK;
}

static oml_status_t allgather_ring(unsigned char *rbuf, size_t n, const oml_tp_comm_t *comm)
{
    int p = comm->size, r = comm->rank;
    int right = (r + 1) % p, left = (r - 1 + p) % p;
    for (int s = 0; s < p - 1; s++) {
        int sblk = (r - s + p) % p, rblk = (r - s - 1 + p) % p;
        oml_status_t st =
            oml_coll_sendrecv(rbuf + (size_t)sblk * n, n, right, rbuf + (size_t)rblk * n, n, left,
                              OML_COLL_TAG_ALLGATHER, comm);
        if (st != OML_OK)
            return st;
    }
    return OML_OK;
}

oml_status_t oml_coll_allgather(const void *sbuf, void *rbuf, size_t n, const oml_tp_comm_t *comm)
{
    int p = comm->size, r = comm->rank;
    unsigned char *out = rbuf;
    if (sbuf != NULL && n > 0)
        memcpy(out + (size_t)r * n, sbuf, n);
    if (p == 1 || n == 0)
        return OML_OK;
    if ((p & (p - 1)) == 0)
        return allgather_recursive_doubling(out, n, comm);
    return allgather_ring(out, n, comm);
}
