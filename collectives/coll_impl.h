/*
 * collectives/coll_impl.h: helpers shared by the algorithms in collectives/.
 */
#ifndef OML_COLL_IMPL_H
#define OML_COLL_IMPL_H

#include "collectives/coll.h"

/* The largest power of two <= p (p >= 1). */
static inline int oml_coll_pof2(int p)
{
    int m = 1;
    while (m * 2 <= p)
        m *= 2;
    return m;
}

/*
 * Where chunk k of count elements split into n near-equal chunks starts (in elements): the
 * first count % n chunks are one element longer.
 */
static inline size_t oml_coll_chunk_off(size_t count, int n, int k)
{
    size_t q = count / (size_t)n, r = count % (size_t)n;
    return (size_t)k * q + ((size_t)k < r ? (size_t)k : r);
}

/* The algorithm to use: the forced one if the environment names one, else `automatic`. */
static inline int oml_coll_choose(oml_coll_kind_t kind, int automatic)
{
    int f = oml_coll_forced(kind);
    return f >= 0 ? f : automatic;
}

/*
 * Rabenseifner's reduce-scatter by recursive halving (coll_allreduce.c), shared by allreduce
 * and reduce. On entry acc holds this rank's count elements (it is overwritten); or, with mine
 * (which must not overlap acc; see oml_coll_rsag_direct), the first step takes them from mine
 * and combines the partner's half with them straight into acc, sparing a copy of the whole
 * vector. tmp has room for count elements. The first 2 * rem ranks (rem = p - pof2) fold
 * pairwise into the odd one first; *newrank_p is then this rank's index among the pof2
 * survivors, or -1. Halving step i (partner newrank ^ 2^i) splits the chunk range
 * [los[i], his[i]) of count cut in pof2 chunks; on return a survivor holds the reduction over
 * all ranks of chunk oml_coll_rsag_chunk(newrank, pof2), and los/his let an allgather retrace
 * the steps.
 */
void oml_coll_rsag_reduce_scatter(oml_sched_t *s, const unsigned char *mine, unsigned char *acc,
                                  unsigned char *tmp, size_t count, const oml_coll_op_t *op,
                                  int *newrank_p, int *los, int *his);

/*
 * May oml_coll_rsag_reduce_scatter take this rank's vector from elsewhere than acc? Only without
 * the fold (p a power of two) and for a commutative op: the rank whose partner is lower then
 * combines its own half first.
 */
static inline bool oml_coll_rsag_direct(int p, const oml_coll_op_t *op)
{
    return op->commute && oml_coll_pof2(p) == p;
}

/* The rank of survivor nr of the pairwise fold of oml_coll_rsag_reduce_scatter. */
static inline int oml_coll_rsag_rank(int nr, int rem)
{
    return nr < rem ? 2 * nr + 1 : nr + rem;
}

/* The chunk survivor nr holds after the halving: its bits, lowest first, pick the halves. */
static inline int oml_coll_rsag_chunk(int nr, int pof2)
{
    int lo = 0, hi = pof2;
    for (int mask = 1; mask < pof2; mask <<= 1) {
        int mid = lo + (hi - lo) / 2;
        if (nr & mask)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/*
 * The layout, when the node-aware algorithms (coll_node.c) apply to s: its ranks span several
 * nodes and some node holds more than one of them. NULL otherwise, and inside a group.
 */
static inline const oml_coll_nodes_t *oml_coll_node_aware(const oml_sched_t *s)
{
    const oml_coll_nodes_t *nd = oml_sched_nodes(s);
    return nd != NULL && nd->nnodes > 1 && nd->nnodes < oml_sched_comm(s)->size ? nd : NULL;
}

/* May a node-aware reduction use op? It reorders operands unless node order is rank order. */
static inline bool oml_coll_node_op_ok(const oml_coll_nodes_t *nd, const oml_coll_op_t *op)
{
    return op->commute || nd->contiguous;
}

void oml_coll_node_barrier(oml_sched_t *s, const oml_coll_nodes_t *nd);
void oml_coll_node_bcast(oml_sched_t *s, const oml_coll_nodes_t *nd, void *buf, size_t len,
                         int root);
/* chunked: on nodes of equal size, each rank of a node takes a chunk across nodes */
void oml_coll_node_allreduce(oml_sched_t *s, const oml_coll_nodes_t *nd, const void *sbuf,
                             void *rbuf, size_t count, const oml_coll_op_t *op, bool chunked);
void oml_coll_node_reduce(oml_sched_t *s, const oml_coll_nodes_t *nd, const void *sbuf, void *rbuf,
                          size_t count, const oml_coll_op_t *op, int root);
void oml_coll_node_allgather(oml_sched_t *s, const oml_coll_nodes_t *nd, const void *sbuf,
                             void *rbuf, size_t n);
void oml_coll_node_gather(oml_sched_t *s, const oml_coll_nodes_t *nd, const void *sbuf, void *rbuf,
                          size_t n, int root);
void oml_coll_node_scatter(oml_sched_t *s, const oml_coll_nodes_t *nd, const void *sbuf, void *rbuf,
                           size_t n, int root);

#endif /* OML_COLL_IMPL_H */
