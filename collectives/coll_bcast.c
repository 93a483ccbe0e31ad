/*
 * collectives/coll_bcast.c: broadcast.
 *
 * binomial: ranks renumbered relative to the root (vr); a rank receives once from the rank
 *   that differs in its lowest set bit, then sends to vr + 2^j for smaller j, all at once.
 *   Cost: ceil(log2 p) * (alpha + n * beta). The choice for short messages and few ranks.
 * scatter_allgather (van de Geijn): the root's buffer cut in p chunks, scattered down the
 *   binomial tree (each rank gets its subtree's chunks), then a ring allgather of the chunks.
 *   Cost: (log2 p + p - 1) * alpha + 2 * (p - 1) / p * n * beta: the root sends each byte
 *   about twice in all instead of log2 p times.
 * node_aware (coll_node.c): across nodes, then inside each; the choice whenever ranks span
 *   several nodes and some share one.
 */
#include "collectives/coll_impl.h"

enum { BCAST_BINOMIAL, BCAST_SCATTER_ALLGATHER, BCAST_NODE_AWARE };

/* Below this many bytes, or on fewer than 4 ranks, the binomial tree wins. */
#define BCAST_LONG 131072

static void bcast_binomial(oml_sched_t *s, void *buf, size_t len, int root)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    int vr = (r - root + p) % p;
    int mask = 1;
    while (mask < p) {
        if (vr & mask) {
            oml_sched_recv(s, buf, len, (r - mask + p) % p);
            oml_sched_fence(s);
            break;
        }
        mask <<= 1;
    }
    for (mask >>= 1; mask > 0; mask >>= 1) {
        if (vr + mask < p)
            oml_sched_send(s, buf, len, (r + mask) % p);
    }
    oml_sched_fence(s);
}

static void bcast_scatter_allgather(oml_sched_t *s, void *buf, size_t len, int root)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    int vr = (r - root + p) % p;
    unsigned char *b = buf;

    /* binomial scatter: vr gets chunks [vr, vr + subtree) from its parent */
    int mask = 1;
    while (mask < p && !(vr & mask))
        mask <<= 1;
    if (vr != 0) {
        int hi = vr + mask < p ? vr + mask : p;
        size_t from = oml_coll_chunk_off(len, p, vr), to = oml_coll_chunk_off(len, p, hi);
        if (to > from) {
            oml_sched_recv(s, b + from, to - from, (r - mask + p) % p);
            oml_sched_fence(s);
        }
    }
    for (mask >>= 1; mask > 0; mask >>= 1) {
        int child = vr + mask;
        if (child >= p)
            continue;
        int hi = child + mask < p ? child + mask : p;
        size_t from = oml_coll_chunk_off(len, p, child), to = oml_coll_chunk_off(len, p, hi);
        if (to > from)
            oml_sched_send(s, b + from, to - from, (child + root) % p);
    }
    oml_sched_fence(s);

    /* ring allgather of the chunks, in relative ranks */
    int right = (r + 1) % p, left = (r - 1 + p) % p;
    for (int st = 0; st < p - 1; st++) {
        int sc = (vr - st + p) % p, rc = (vr - st - 1 + p) % p;
        size_t sf = oml_coll_chunk_off(len, p, sc), sl = oml_coll_chunk_off(len, p, sc + 1) - sf;
        size_t rf = oml_coll_chunk_off(len, p, rc), rl = oml_coll_chunk_off(len, p, rc + 1) - rf;
        if (rl > 0)
            oml_sched_recv(s, b + rf, rl, left);
        if (sl > 0)
            oml_sched_send(s, b + sf, sl, right);
        oml_sched_fence(s);
    }
}

void oml_coll_bcast(oml_sched_t *s, void *buf, size_t len, int root)
{
    int p = oml_sched_comm(s)->size;
    if (p == 1 || len == 0)
        return;
    const oml_coll_nodes_t *nd = oml_coll_node_aware(s);
    int automatic = len < BCAST_LONG || p < 4 ? BCAST_BINOMIAL : BCAST_SCATTER_ALLGATHER;
    int alg = oml_coll_choose(OML_COLL_BCAST, nd != NULL ? BCAST_NODE_AWARE : automatic);
    if (alg == BCAST_NODE_AWARE && nd == NULL)
        alg = automatic;
    if (alg == BCAST_NODE_AWARE)
        oml_coll_node_bcast(s, nd, buf, len, root);
    else if (alg == BCAST_SCATTER_ALLGATHER)
        bcast_scatter_allgather(s, buf, len, root);
    else
        bcast_binomial(s, buf, len, root);
}
