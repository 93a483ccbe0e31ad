/*
 * collectives/coll_allreduce.c: allreduce.
 *
 * With pof2 the largest power of two <= p and rem = p - pof2, the first 2 * rem ranks fold
 * pairwise first (the even one hands its vector to the odd one and waits for the result), so
 * the core of each algorithm runs on pof2 ranks; n = bytes of the vector, gamma = reduction
 * cost per byte.
 *
 * recursive_doubling: exchange whole vectors with partners at distance 1, 2, 4, ...
 *   Cost: (log2 pof2 + 2) * alpha + (log2 pof2 + 2) * n * beta + (log2 pof2 + 1) * n * gamma.
 *   The choice for short vectors.
 * rabenseifner: reduce-scatter by recursive halving, then allgather by recursive doubling.
 *   Cost: 2 * log2 pof2 * alpha + 2 * n * beta + n * gamma (plus the fold). Long vectors.
 * ring: reduce-scatter then allgather around a ring of p chunks, no fold.
 *   Cost: 2 * (p - 1) * alpha + 2 * (p - 1) / p * n * beta + (p - 1) / p * n * gamma.
 *   Long vectors on a number of ranks that is not a power of two; commutative ops only.
 * node_aware (coll_node.c): reduce in each node, allreduce among one rank per node, bcast in
 *   each node; the choice whenever ranks span several nodes and some share one (commutative
 *   ops, or nodes in rank order). node_chunked: the same layouts, nodes of equal size: every
 *   rank of a node takes a chunk across nodes (forced only).
 *
 * Every combine passes the data of the lower ranks as `in` (the ring, commutative only,
 * combines chunk c in the order c, c + 1, ...), and each chunk of the result is computed by
 * one rank and copied to the others, or by all in the same expression: the result is bitwise
 * the same on every rank and in every run.
 */
#include "collectives/coll_impl.h"

enum {
    ALLREDUCE_RECURSIVE_DOUBLING,
    ALLREDUCE_RABENSEIFNER,
    ALLREDUCE_RING,
    ALLREDUCE_NODE_AWARE,
    ALLREDUCE_NODE_CHUNKED
};

/* Below this many bytes recursive doubling wins; at and above ALLREDUCE_RING_MIN the ring
 * does, when p is not a power of two. */
#define ALLREDUCE_LONG 16384
#define ALLREDUCE_RING_MIN (1 << 20)

/*
 * The fold onto pof2 ranks: of the first 2 * rem ranks, the even one hands its count elements
 * at buf to the odd one, which combines them into its buf (lower rank first). Returns this
 * rank's index among the pof2 survivors, or -1. tmp has room for count elements.
 */
static int rsag_fold(oml_sched_t *s, unsigned char *buf, unsigned char *tmp, size_t count,
                     const oml_coll_op_t *op)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int r = c->rank, rem = c->size - oml_coll_pof2(c->size), newrank;
    if (r >= 2 * rem)
        return r - rem;
    if (r % 2 == 0) {
        oml_sched_send(s, buf, count * op->unit, r + 1);
        newrank = -1;
    } else {
        oml_sched_recv(s, tmp, count * op->unit, r - 1);
        oml_sched_fence(s);
        oml_sched_reduce(s, op, tmp, buf, count);
        newrank = r / 2;
    }
    oml_sched_fence(s);
    return newrank;
}

static void allreduce_recursive_doubling(oml_sched_t *s, unsigned char *rbuf, size_t count,
                                         const oml_coll_op_t *op)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    size_t len = count * op->unit;
    int pof2 = oml_coll_pof2(p), rem = p - pof2, newrank;
    unsigned char *cur = rbuf, *tmp = oml_sched_scratch(s, len);
    if (tmp == NULL)
        return;

    newrank = rsag_fold(s, cur, tmp, count, op);
    if (newrank != -1) {
        for (int mask = 1; mask < pof2; mask <<= 1) {
            int dst = oml_coll_rsag_rank(newrank ^ mask, rem);
            oml_sched_recv(s, tmp, len, dst);
            oml_sched_send(s, cur, len, dst);
            oml_sched_fence(s);
            if (dst < r) {
                oml_sched_reduce(s, op, tmp, cur, count);
            } else { /* ours is the lower block: the result lands in tmp, which becomes cur */
                oml_sched_reduce(s, op, cur, tmp, count);
                unsigned char *t = cur;
                cur = tmp;
                tmp = t;
            }
        }
    }
    if (r < 2 * rem) {
        if (r % 2 == 0)
            oml_sched_recv(s, rbuf, len, r + 1);
        else
            oml_sched_send(s, cur, len, r - 1);
        oml_sched_fence(s);
    }
    oml_sched_copy(s, cur, rbuf, len);
}

/*
 * Halving step `mask` splits chunk range [lo, hi): newrank keeps the upper half when its bit
 * is set, [*klo, *khi). The kept and the partner's halves come back as element ranges of count
 * cut in pof2 chunks: offset *ko / *po, length *kn / *pn.
 */
static void rsag_halves(size_t count, int pof2, int newrank, int mask, int lo, int hi, size_t *ko,
                        size_t *kn, size_t *po, size_t *pn, int *klo, int *khi)
{
    int mid = lo + (hi - lo) / 2, up = (newrank & mask) != 0;
    int a = up ? mid : lo, b = up ? hi : mid, c = up ? lo : mid, d = up ? mid : hi;
    *ko = oml_coll_chunk_off(count, pof2, a);
    *kn = oml_coll_chunk_off(count, pof2, b) - *ko;
    *po = oml_coll_chunk_off(count, pof2, c);
    *pn = oml_coll_chunk_off(count, pof2, d) - *po;
    *klo = a;
    *khi = b;
}

void oml_coll_rsag_reduce_scatter(oml_sched_t *s, const unsigned char *mine, unsigned char *acc,
                                  unsigned char *tmp, size_t count, const oml_coll_op_t *op,
                                  int *newrank_p, int *los, int *his)
{
    int p = oml_sched_comm(s)->size;
    size_t u = op->unit;
    int pof2 = oml_coll_pof2(p), rem = p - pof2;
    int newrank = rsag_fold(s, acc, tmp, count, op);
    *newrank_p = newrank;
    if (newrank == -1)
        return;
    int lo = 0, hi = pof2, i = 0;
    for (int mask = 1; mask < pof2; mask <<= 1, i++) {
        int nd = newrank ^ mask, dst = oml_coll_rsag_rank(nd, rem), klo, khi;
        size_t ko, kn, so, sn;
        los[i] = lo;
        his[i] = hi;
        rsag_halves(count, pof2, newrank, mask, lo, hi, &ko, &kn, &so, &sn, &klo, &khi);
        /* With mine, the first step takes ours from mine and lands the partner's half in acc. */
        bool direct = mine != NULL && mask == 1;
        if (kn > 0)
            oml_sched_recv(s, (direct ? acc : tmp) + ko * u, kn * u, dst);
        if (sn > 0)
            oml_sched_send(s, (direct ? mine : acc) + so * u, sn * u, dst);
        oml_sched_fence(s);
        if (direct) {
            /* acc = ours op theirs: rank order for the lower rank, commutativity for the upper */
            oml_sched_reduce(s, op, mine + ko * u, acc + ko * u, kn);
        } else if (nd < newrank || op->commute) {
            /* The lower rank's data first; a commutative op takes either order, no copy back. */
            oml_sched_reduce(s, op, tmp + ko * u, acc + ko * u, kn);
        } else {
            oml_sched_reduce(s, op, acc + ko * u, tmp + ko * u, kn);
            oml_sched_copy(s, tmp + ko * u, acc + ko * u, kn * u);
        }
        lo = klo;
        hi = khi;
    }
}

static void allreduce_rabenseifner(oml_sched_t *s, const unsigned char *mine, unsigned char *rbuf,
                                   size_t count, const oml_coll_op_t *op)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    size_t u = op->unit;
    int pof2 = oml_coll_pof2(p), rem = p - pof2, newrank, los[32], his[32];
    unsigned char *tmp = oml_sched_scratch(s, count * u);
    if (tmp == NULL)
        return;
    oml_coll_rsag_reduce_scatter(s, mine, rbuf, tmp, count, op, &newrank, los, his);
    if (newrank != -1) {
        int steps = 0;
        while ((1 << steps) < pof2)
            steps++;
        /* allgather: retrace the halving steps, doubling the range held */
        for (int i = steps - 1; i >= 0; i--) {
            int mask = 1 << i;
            int dst = oml_coll_rsag_rank(newrank ^ mask, rem), klo, khi;
            size_t mo, mn, oo, on;
            rsag_halves(count, pof2, newrank, mask, los[i], his[i], &mo, &mn, &oo, &on, &klo, &khi);
            if (on > 0)
                oml_sched_recv(s, rbuf + oo * u, on * u, dst);
            if (mn > 0)
                oml_sched_send(s, rbuf + mo * u, mn * u, dst);
            oml_sched_fence(s);
        }
    }
    if (r < 2 * rem) {
        if (r % 2 == 0)
            oml_sched_recv(s, rbuf, count * u, r + 1);
        else
            oml_sched_send(s, rbuf, count * u, r - 1);
        oml_sched_fence(s);
    }
}

static void allreduce_ring(oml_sched_t *s, unsigned char *rbuf, size_t count,
                           const oml_coll_op_t *op)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    size_t u = op->unit;
    int right = (r + 1) % p, left = (r - 1 + p) % p;
    unsigned char *tmp = oml_sched_scratch(s, (count / (size_t)p + 1) * u);
    if (tmp == NULL)
        return;
#define CH_OFF(k) (oml_coll_chunk_off(count, p, (k)))
#define CH_LEN(k) (CH_OFF((k) + 1) - CH_OFF(k))
    for (int st = 0; st < p - 1; st++) {
        int sc = (r - st + p) % p, rc = (r - st - 1 + p) % p;
        if (CH_LEN(rc) > 0)
            oml_sched_recv(s, tmp, CH_LEN(rc) * u, left);
        if (CH_LEN(sc) > 0)
            oml_sched_send(s, rbuf + CH_OFF(sc) * u, CH_LEN(sc) * u, right);
        oml_sched_fence(s);
        oml_sched_reduce(s, op, tmp, rbuf + CH_OFF(rc) * u, CH_LEN(rc));
    }
    for (int st = 0; st < p - 1; st++) {
        int sc = (r + 1 - st + p) % p, rc = (r - st + p) % p;
        if (CH_LEN(rc) > 0)
            oml_sched_recv(s, rbuf + CH_OFF(rc) * u, CH_LEN(rc) * u, left);
        if (CH_LEN(sc) > 0)
            oml_sched_send(s, rbuf + CH_OFF(sc) * u, CH_LEN(sc) * u, right);
        oml_sched_fence(s);
    }
#undef CH_OFF
#undef CH_LEN
}

void oml_coll_allreduce(oml_sched_t *s, const void *sbuf, void *rbuf, size_t count,
                        const oml_coll_op_t *op)
{
    int p = oml_sched_comm(s)->size;
    size_t len = count * op->unit;
    if (p == 1 || len == 0) {
        if (sbuf != NULL)
            oml_sched_copy(s, sbuf, rbuf, len);
        return;
    }
    int pof2 = oml_coll_pof2(p);
    int automatic = ALLREDUCE_RECURSIVE_DOUBLING;
    if (len >= ALLREDUCE_LONG && count >= (size_t)pof2)
        automatic = op->commute && pof2 != p && len >= ALLREDUCE_RING_MIN ? ALLREDUCE_RING
                                                                          : ALLREDUCE_RABENSEIFNER;
    const oml_coll_nodes_t *nd = oml_coll_node_aware(s);
    if (nd != NULL && !oml_coll_node_op_ok(nd, op))
        nd = NULL;
    int alg = oml_coll_choose(OML_COLL_ALLREDUCE, nd != NULL ? ALLREDUCE_NODE_AWARE : automatic);
    if (alg == ALLREDUCE_NODE_AWARE || alg == ALLREDUCE_NODE_CHUNKED) {
        if (nd != NULL) {
            oml_coll_node_allreduce(s, nd, sbuf, rbuf, count, op, alg == ALLREDUCE_NODE_CHUNKED);
            return;
        }
        alg = automatic;
    }
    if (alg == ALLREDUCE_RING && !op->commute)
        alg = ALLREDUCE_RABENSEIFNER; /* the ring reorders operands */
    /* Rabenseifner reads our vector from sbuf where it can: no copy of it into rbuf first. */
    const unsigned char *mine = NULL;
    if (alg == ALLREDUCE_RABENSEIFNER && sbuf != NULL && oml_coll_rsag_direct(p, op))
        mine = sbuf;
    else if (sbuf != NULL)
        oml_sched_copy(s, sbuf, rbuf, len);
    if (alg == ALLREDUCE_RING)
        allreduce_ring(s, rbuf, count, op);
    else if (alg == ALLREDUCE_RABENSEIFNER)
        allreduce_rabenseifner(s, mine, rbuf, count, op);
    else
        allreduce_recursive_doubling(s, rbuf, count, op);
}
