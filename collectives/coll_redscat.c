/*
 * collectives/coll_redscat.c: reduce-scatter and the prefix reductions (scan, exscan).
 *
 * reduce_scatter, pairwise: every rank sends block j of its vector straight to rank j and
 *   receives its own block from every rank, all posted at once, then combines the p blocks in
 *   rank order. Cost: (p - 1) * alpha overlapped + (p - 1) / p * n * beta + (p - 1) / p * n *
 *   gamma: the bandwidth and computation lower bounds; the rank order makes it exact for
 *   non-commutative operators and bitwise reproducible. Memory: n bytes of staging.
 * scan / exscan, recursive doubling: in round k a rank swaps with rank ^ 2^k the reduction of
 *   its aligned block of 2^k ranks; a rank folds what comes from below into its result.
 *   Cost: ceil(log2 p) * (alpha + n * beta + 2 * n * gamma); operands stay in rank order.
 */
#include "collectives/coll_impl.h"

void oml_coll_reduce_scatter(oml_sched_t *s, const void *sbuf, void *rbuf, const size_t *counts,
                             const oml_coll_op_t *op)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    size_t u = op->unit, off = 0, myoff = 0, mine = counts[r];
    const unsigned char *in = sbuf != NULL ? sbuf : rbuf;
    for (int j = 0; j < r; j++)
        myoff += counts[j];
    if (p == 1) {
        oml_sched_copy(s, in, rbuf, mine * u);
        return;
    }
    unsigned char *slots = oml_sched_scratch(s, (size_t)p * mine * u + 1);
    if (slots == NULL)
        return;
    oml_sched_copy(s, in + myoff * u, slots + (size_t)r * mine * u, mine * u);
    for (int i = 1; i < p; i++) {
        int j = (r - i + p) % p;
        if (mine > 0)
            oml_sched_recv(s, slots + (size_t)j * mine * u, mine * u, j);
    }
    for (int j = 0; j < p; off += counts[j], j++) {
        if (j != r && counts[j] > 0)
            oml_sched_send(s, in + off * u, counts[j] * u, j);
    }
    oml_sched_fence(s);
    for (int j = 1; j < p; j++)
        oml_sched_reduce(s, op, slots + (size_t)(j - 1) * mine * u, slots + (size_t)j * mine * u,
                         mine);
    oml_sched_copy(s, slots + (size_t)(p - 1) * mine * u, rbuf, mine * u);
}

void oml_coll_scan(oml_sched_t *s, const void *sbuf, void *rbuf, size_t count,
                   const oml_coll_op_t *op, bool exclusive)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    size_t len = count * op->unit;
    const unsigned char *mine = sbuf != NULL ? sbuf : rbuf;
    if (len == 0)
        return;
    if (!exclusive)
        oml_sched_copy(s, mine, rbuf, len);
    if (p == 1)
        return;
    unsigned char *partial = oml_sched_scratch(s, len), *tmp = oml_sched_scratch(s, len);
    if (partial == NULL || tmp == NULL)
        return;
    oml_sched_copy(s, mine, partial, len);
    bool first = exclusive;
    for (int mask = 1; mask < p; mask <<= 1) {
        int dst = r ^ mask;
        if (dst >= p)
            continue;
        oml_sched_recv(s, tmp, len, dst);
        oml_sched_send(s, partial, len, dst);
        oml_sched_fence(s);
        if (dst < r) {
            oml_sched_reduce(s, op, tmp, partial, count);
            if (first)
                oml_sched_copy(s, tmp, rbuf, len);
            else
                oml_sched_reduce(s, op, tmp, rbuf, count);
            first = false;
        } else { /* ours is the lower block: the new partial lands in tmp */
            oml_sched_reduce(s, op, partial, tmp, count);
            unsigned char *t = partial;
            partial = tmp;
            tmp = t;
        }
    }
}
