/*
 * collectives/coll_allgather.c: allgather and allgatherv.
 *
 * recursive_doubling (p a power of two): in round k a rank exchanges the 2^k blocks it holds
 *   with rank ^ 2^k. Cost: log2 p * alpha + (p - 1) * n * beta.
 * bruck (any p): round k sends the first min(2^k, p - 2^k) blocks held (in an order rotated
 *   by rank) to rank - 2^k and receives as many from rank + 2^k; a final local rotation.
 *   Cost: ceil(log2 p) * alpha + (p - 1) * n * beta + p * n copied.
 * ring: step s passes the block received last to rank + 1.
 *   Cost: (p - 1) * (alpha + n * beta); no copies, every link busy. Long messages, and
 *   allgatherv (blocks of any size).
 * node_aware (coll_node.c): where ranks share nodes. Above ALLGATHER_LONG in total, on N > 2
 *   nodes that hold consecutive ranks, the ring runs instead: it carries N * (p - 1) * n bytes
 *   over the fabric against node_aware's N * (p - L) * n (L ranks a node), but node_aware then
 *   copies all p * n bytes once more inside every node and runs its phases one after the
 *   other, which costs more than the ring's extra fabric bytes unless L is about half of p.
 *   Two namespace hosts over TCP, 4 ranks (2 a node): node_aware 1.32-1.66 ms at 1 MiB a rank,
 *   ring 1.56-1.60, recursive doubling 1.75-1.91; 64 KiB: 81-95 us, 146-152, 112-121.
 */
#include "collectives/coll_impl.h"

enum { ALLGATHER_RECURSIVE_DOUBLING, ALLGATHER_BRUCK, ALLGATHER_RING, ALLGATHER_NODE_AWARE };

/* Below this many bytes in total, the log-round algorithms win. */
#define ALLGATHER_LONG 524288

static void allgather_recursive_doubling(oml_sched_t *s, unsigned char *rbuf, size_t n)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    for (int mask = 1; mask < p; mask <<= 1) {
        int peer = r ^ mask;
        size_t mine = (size_t)(r & ~(mask - 1)) * n;
        size_t theirs = (size_t)(peer & ~(mask - 1)) * n;
        oml_sched_recv(s, rbuf + theirs, (size_t)mask * n, peer);
        oml_sched_send(s, rbuf + mine, (size_t)mask * n, peer);
        oml_sched_fence(s);
    }
}

static void allgather_bruck(oml_sched_t *s, unsigned char *rbuf, size_t n)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    unsigned char *tmp = oml_sched_scratch(s, (size_t)p * n);
    if (tmp == NULL)
        return;
    oml_sched_copy(s, rbuf + (size_t)r * n, tmp, n);
    for (int pw = 1; pw < p; pw <<= 1) {
        int cnt = pw < p - pw ? pw : p - pw;
        oml_sched_recv(s, tmp + (size_t)pw * n, (size_t)cnt * n, (r + pw) % p);
        oml_sched_send(s, tmp, (size_t)cnt * n, (r - pw + p) % p);
        oml_sched_fence(s);
    }
    /* tmp[i] is the block of rank (r + i) % p */
    oml_sched_copy(s, tmp + n, rbuf + (size_t)(r + 1) * n, (size_t)(p - r - 1) * n);
    oml_sched_copy(s, tmp + (size_t)(p - r) * n, rbuf, (size_t)r * n);
}

static void allgather_ring(oml_sched_t *s, void *const *rptr, const size_t *rlen)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    int right = (r + 1) % p, left = (r - 1 + p) % p;
    for (int st = 0; st < p - 1; st++) {
        int sb = (r - st + p) % p, rb = (r - st - 1 + p) % p;
        if (rlen[rb] > 0)
            oml_sched_recv(s, rptr[rb], rlen[rb], left);
        if (rlen[sb] > 0)
            oml_sched_send(s, rptr[sb], rlen[sb], right);
        oml_sched_fence(s);
    }
}

void oml_coll_allgather(oml_sched_t *s, const void *sbuf, void *rbuf, size_t n)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    unsigned char *out = rbuf;
    if (p == 1 || n == 0) {
        if (sbuf != NULL)
            oml_sched_copy(s, sbuf, out + (size_t)r * n, n);
        return;
    }
    bool pof2 = (p & (p - 1)) == 0;
    bool lng = (size_t)p * n >= ALLGATHER_LONG;
    int flat = lng ? ALLGATHER_RING : pof2 ? ALLGATHER_RECURSIVE_DOUBLING : ALLGATHER_BRUCK;
    const oml_coll_nodes_t *nd = oml_coll_node_aware(s);
    int alg = oml_coll_choose(
        OML_COLL_ALLGATHER,
        nd != NULL && !(lng && nd->contiguous && nd->nnodes > 2) ? ALLGATHER_NODE_AWARE : flat);
    if (alg == ALLGATHER_NODE_AWARE) {
        if (nd != NULL) {
            oml_coll_node_allgather(s, nd, sbuf, rbuf, n);
            return;
        }
        alg = flat;
    }
    if (alg == ALLGATHER_RECURSIVE_DOUBLING && !pof2)
        alg = ALLGATHER_BRUCK;
    if (sbuf != NULL)
        oml_sched_copy(s, sbuf, out + (size_t)r * n, n);
    if (alg == ALLGATHER_RECURSIVE_DOUBLING) {
        allgather_recursive_doubling(s, out, n);
    } else if (alg == ALLGATHER_BRUCK) {
        allgather_bruck(s, out, n);
    } else {
        void **ptr = oml_sched_scratch(s, (size_t)p * (sizeof(void *) + sizeof(size_t)));
        if (ptr == NULL)
            return;
        size_t *len = (size_t *)(ptr + p);
        for (int i = 0; i < p; i++) {
            ptr[i] = out + (size_t)i * n;
            len[i] = n;
        }
        allgather_ring(s, ptr, len);
    }
}

void oml_coll_allgatherv(oml_sched_t *s, const void *sbuf, void *const *rptr, const size_t *rlen)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    if (sbuf != NULL)
        oml_sched_copy(s, sbuf, rptr[c->rank], rlen[c->rank]);
    if (c->size > 1)
        allgather_ring(s, rptr, rlen);
}
