/*
 * collectives/coll_reduce.c: reduce to a root.
 *
 * binomial: ranks renumbered relative to the root (vr). A rank posts the receives of all its
 *   children at once (vr + 2^j for 2^j below its lowest set bit), combines its own data with
 *   theirs in rank order (own block, then the child covering vr + 1, then vr + 2 .. vr + 3,
 *   ...) and sends the result to its parent. Cost: ceil(log2 p) * (alpha + n * beta + n *
 *   gamma). Short vectors. For a non-commutative operator and root != 0 the tree is rooted at
 *   rank 0, so blocks combine in rank order, and rank 0 sends the result to the root.
 * rabenseifner: reduce-scatter by recursive halving (as allreduce), then every survivor sends
 *   its reduced chunk to the root. Cost: (log2 pof2 + pof2 - 1) * alpha + 2 * n * beta + n *
 *   gamma. Long vectors.
 * node_aware (coll_node.c): in each node, then among one rank per node; the choice whenever
 *   ranks span several nodes and some share one (commutative ops, or nodes in rank order).
 */
#include "collectives/coll_impl.h"

enum { REDUCE_BINOMIAL, REDUCE_RABENSEIFNER, REDUCE_NODE_AWARE };

#define REDUCE_LONG 65536

static void reduce_binomial(oml_sched_t *s, const unsigned char *mine, unsigned char *rbuf,
                            size_t count, const oml_coll_op_t *op, int root)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    size_t len = count * op->unit;
    int troot = op->commute ? root : 0; /* the root of the tree */
    int vr = (r - troot + p) % p;

    int low = 1; /* lowest set bit of vr; above p for the tree's root */
    while (low < p && !(vr & low))
        low <<= 1;
    int nchild = 0;
    for (int m = 1; m < low && vr + m < p; m <<= 1)
        nchild++;
    unsigned char *kids = nchild > 0 ? oml_sched_scratch(s, (size_t)nchild * len) : NULL;
    if (nchild > 0 && kids == NULL)
        return;
    for (int i = 0, m = 1; i < nchild; i++, m <<= 1)
        oml_sched_recv(s, kids + (size_t)i * len, len, (vr + m + troot) % p);
    oml_sched_fence(s);
    const unsigned char *res = mine;
    for (int i = 0; i < nchild; i++) {
        oml_sched_reduce(s, op, res, kids + (size_t)i * len, count);
        res = kids + (size_t)i * len;
    }
    if (vr != 0) {
        oml_sched_send(s, res, len, (vr - low + troot) % p);
    } else if (r == root) {
        oml_sched_copy(s, res, rbuf, len);
    } else {
        oml_sched_send(s, res, len, root);
    }
    oml_sched_fence(s);
    if (r == root && r != troot) { /* after our own send: rbuf may be what it sent */
        oml_sched_recv(s, rbuf, len, troot);
        oml_sched_fence(s);
    }
}

static void reduce_rabenseifner(oml_sched_t *s, const unsigned char *mine, unsigned char *rbuf,
                                size_t count, const oml_coll_op_t *op, int root)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    size_t u = op->unit, len = count * u;
    int pof2 = oml_coll_pof2(p), rem = p - pof2, newrank, los[32], his[32];
    unsigned char *acc = r == root ? rbuf : oml_sched_scratch(s, len);
    unsigned char *tmp = oml_sched_scratch(s, len);
    if (acc == NULL || tmp == NULL)
        return;
    bool direct = mine != acc && oml_coll_rsag_direct(p, op);
    if (!direct)
        oml_sched_copy(s, mine, acc, len);
    oml_coll_rsag_reduce_scatter(s, direct ? mine : NULL, acc, tmp, count, op, &newrank, los, his);
    if (newrank != -1 && r != root) {
        int k = oml_coll_rsag_chunk(newrank, pof2);
        size_t o = oml_coll_chunk_off(count, pof2, k);
        size_t n = oml_coll_chunk_off(count, pof2, k + 1) - o;
        if (n > 0)
            oml_sched_send(s, acc + o * u, n * u, root);
    }
    if (r == root) {
        for (int nr = 0; nr < pof2; nr++) {
            int from = oml_coll_rsag_rank(nr, rem), k = oml_coll_rsag_chunk(nr, pof2);
            size_t o = oml_coll_chunk_off(count, pof2, k);
            size_t n = oml_coll_chunk_off(count, pof2, k + 1) - o;
            if (from != r && n > 0)
                oml_sched_recv(s, rbuf + o * u, n * u, from);
        }
    }
    oml_sched_fence(s);
}

void oml_coll_reduce(oml_sched_t *s, const void *sbuf, void *rbuf, size_t count,
                     const oml_coll_op_t *op, int root)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size;
    size_t len = count * op->unit;
    const unsigned char *mine = sbuf != NULL ? sbuf : rbuf;
    if (p == 1 || len == 0) {
        if (c->rank == root)
            oml_sched_copy(s, mine, rbuf, len);
        return;
    }
    int automatic = len >= REDUCE_LONG && count >= (size_t)oml_coll_pof2(p) ? REDUCE_RABENSEIFNER
                                                                            : REDUCE_BINOMIAL;
    const oml_coll_nodes_t *nd = oml_coll_node_aware(s);
    if (nd != NULL && !oml_coll_node_op_ok(nd, op))
        nd = NULL;
    int alg = oml_coll_choose(OML_COLL_REDUCE, nd != NULL ? REDUCE_NODE_AWARE : automatic);
    if (alg == REDUCE_NODE_AWARE && nd == NULL)
        alg = automatic;
    if (alg == REDUCE_NODE_AWARE)
        oml_coll_node_reduce(s, nd, sbuf, rbuf, count, op, root);
    else if (alg == REDUCE_RABENSEIFNER && count >= (size_t)oml_coll_pof2(p))
        reduce_rabenseifner(s, mine, rbuf, count, op, root);
    else
        reduce_binomial(s, mine, rbuf, count, op, root);
}
