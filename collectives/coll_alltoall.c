/*
 * collectives/coll_alltoall.c: all-to-all personalised exchange.
 *
 * bruck: blocks rotated by rank; in round k every block whose index has bit k set goes to
 *   rank + 2^k, packed into one message. Cost: ceil(log2 p) * alpha + (p / 2) * log2 p * n *
 *   beta + copies. Tiny blocks on many ranks, where latency is everything.
 * posted: every receive and send posted at once (at most ALLTOALL_WINDOW peers per round), so
 *   the p - 1 latencies overlap. Cost about alpha + (p - 1) * n * beta while the network keeps
 *   up. Medium blocks; alltoallv and alltoallw.
 * pairwise: step s exchanges with rank + s and rank - s, one message each way at a time.
 *   Cost: (p - 1) * (alpha + n * beta), never more than two messages in flight per rank.
 *   Long blocks, unless the node is oversubscribed.
 */
#include "collectives/coll_impl.h"

#include <string.h>

enum { ALLTOALL_BRUCK, ALLTOALL_POSTED, ALLTOALL_PAIRWISE };

#define ALLTOALL_BRUCK_MAX 256 /* block bytes, with p >= ALLTOALL_BRUCK_MIN_P */
#define ALLTOALL_BRUCK_MIN_P 8
#define ALLTOALL_PAIRWISE_MIN 32768 /* block bytes */
#define ALLTOALL_WINDOW 32          /* peers per round of the posted variant */

/*
 * Posted below ALLTOALL_PAIRWISE_MIN; at any size where ranks share cores, because there each
 * of pairwise's p - 1 rounds (and each of Bruck's log2 p) waits for its partner to be
 * scheduled (8 ranks on 2 cores, 1 MiB blocks: 3.0 ms posted against 3.9-4.1 ms pairwise;
 * 1 to 256 B: 9.4-11.5 us posted against 13.9-15.9 us Bruck, medians of 5 rounds).
 */
static bool alltoall_posted_fits(size_t block)
{
    return block < ALLTOALL_PAIRWISE_MIN || oml_tp_yields();
}

/*
 * Do the ranks share cores, as every rank of the communicator sees it? Only where they are all
 * on one node that holds more ranks than cores: each rank's own oml_tp_yields() follows its
 * binding and may differ from its peers', and Bruck's messages do not pair with posted's
 * (posted's and pairwise's do, one per pair of ranks, so alltoall_posted_fits may differ).
 */
static bool one_node_crowded(const oml_sched_t *s)
{
    const oml_coll_nodes_t *nd = oml_sched_nodes(s);
    return nd != NULL && nd->nnodes == 1 && oml_tp_node_crowded();
}

static void alltoall_posted(oml_sched_t *s, const void *const *sptr, const size_t *slen,
                            void *const *rptr, const size_t *rlen)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    for (int base = 1; base < p; base += ALLTOALL_WINDOW) {
        int end = base + ALLTOALL_WINDOW < p ? base + ALLTOALL_WINDOW : p;
        for (int st = base; st < end; st++) {
            int src = (r - st + p) % p;
            if (rlen[src] > 0)
                oml_sched_recv(s, rptr[src], rlen[src], src);
        }
        for (int st = base; st < end; st++) {
            int dst = (r + st) % p;
            if (slen[dst] > 0)
                oml_sched_send(s, sptr[dst], slen[dst], dst);
        }
        oml_sched_fence(s);
    }
}

static void alltoall_pairwise(oml_sched_t *s, const void *const *sptr, const size_t *slen,
                              void *const *rptr, const size_t *rlen)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    for (int st = 1; st < p; st++) {
        int dst = (r + st) % p, src = (r - st + p) % p;
        if (rlen[src] > 0)
            oml_sched_recv(s, rptr[src], rlen[src], src);
        if (slen[dst] > 0)
            oml_sched_send(s, sptr[dst], slen[dst], dst);
        oml_sched_fence(s);
    }
}

static void alltoall_bruck(oml_sched_t *s, const unsigned char *in, unsigned char *out, size_t n)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    /* tmp[i] = block for rank (r + i) % p; pk and rk pack the blocks of one round */
    unsigned char *tmp = oml_sched_scratch(s, (size_t)p * n);
    unsigned char *pk = oml_sched_scratch(s, (size_t)(p / 2 + 1) * n);
    unsigned char *rk = oml_sched_scratch(s, (size_t)(p / 2 + 1) * n);
    if (tmp == NULL || pk == NULL || rk == NULL)
        return;
    oml_sched_copy(s, in + (size_t)r * n, tmp, (size_t)(p - r) * n);
    oml_sched_copy(s, in, tmp + (size_t)(p - r) * n, (size_t)r * n);
    for (int pw = 1; pw < p; pw <<= 1) {
        size_t k = 0;
        for (int i = 0; i < p; i++) {
            if (i & pw)
                oml_sched_copy(s, tmp + (size_t)i * n, pk + (k++) * n, n);
        }
        oml_sched_recv(s, rk, k * n, (r - pw + p) % p);
        oml_sched_send(s, pk, k * n, (r + pw) % p);
        oml_sched_fence(s);
        k = 0;
        for (int i = 0; i < p; i++) {
            if (i & pw)
                oml_sched_copy(s, rk + (k++) * n, tmp + (size_t)i * n, n);
        }
    }
    /* tmp[i] now holds the block from rank (r - i) % p */
    for (int i = 0; i < p; i++)
        oml_sched_copy(s, tmp + (size_t)i * n, out + (size_t)((r - i + p) % p) * n, n);
}

void oml_coll_alltoall(oml_sched_t *s, const void *sbuf, void *rbuf, size_t n)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    unsigned char *out = rbuf;
    const unsigned char *in = sbuf;
    if (n == 0)
        return;
    if (in == NULL) { /* in place: send from a copy of the receive buffer */
        unsigned char *copy = oml_sched_scratch(s, (size_t)p * n);
        if (copy == NULL)
            return;
        oml_sched_copy(s, out, copy, (size_t)p * n);
        in = copy;
    } else {
        oml_sched_copy(s, in + (size_t)r * n, out + (size_t)r * n, n);
    }
    if (p == 1)
        return;
    int automatic = n <= ALLTOALL_BRUCK_MAX && p >= ALLTOALL_BRUCK_MIN_P && !one_node_crowded(s)
                        ? ALLTOALL_BRUCK
                    : alltoall_posted_fits(n) ? ALLTOALL_POSTED
                                              : ALLTOALL_PAIRWISE;
    int alg = oml_coll_choose(OML_COLL_ALLTOALL, automatic);
    if (alg == ALLTOALL_BRUCK) {
        alltoall_bruck(s, in, out, n);
        return;
    }
    const void **sp = oml_sched_scratch(s, (size_t)p * (2 * sizeof(void *) + sizeof(size_t)));
    if (sp == NULL)
        return;
    void **rp = (void **)(sp + p);
    size_t *len = (size_t *)(rp + p);
    for (int i = 0; i < p; i++) {
        sp[i] = in + (size_t)i * n;
        rp[i] = out + (size_t)i * n;
        len[i] = n;
    }
    if (alg == ALLTOALL_PAIRWISE)
        alltoall_pairwise(s, sp, len, rp, len);
    else
        alltoall_posted(s, sp, len, rp, len);
}

void oml_coll_alltoallv(oml_sched_t *s, const void *const *sptr, const size_t *slen,
                        void *const *rptr, const size_t *rlen)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    if (sptr == NULL) { /* in place: pack the outgoing blocks first */
        size_t total = 0;
        for (int i = 0; i < p; i++)
            total += rlen[i];
        unsigned char *copy = oml_sched_scratch(s, total);
        const void **sp = oml_sched_scratch(s, (size_t)p * sizeof(void *));
        if (copy == NULL || sp == NULL)
            return;
        size_t at = 0;
        for (int i = 0; i < p; at += rlen[i], i++) {
            sp[i] = copy + at;
            if (i != r)
                oml_sched_copy(s, rptr[i], copy + at, rlen[i]);
        }
        sptr = sp;
        slen = rlen;
    } else {
        oml_sched_copy(s, sptr[r], rptr[r], slen[r] < rlen[r] ? slen[r] : rlen[r]);
    }
    if (p == 1)
        return;
    size_t most = 0;
    for (int i = 0; i < p; i++)
        most = slen[i] > most ? slen[i] : most;
    int alg = oml_coll_choose(OML_COLL_ALLTOALL,
                              alltoall_posted_fits(most) ? ALLTOALL_POSTED : ALLTOALL_PAIRWISE);
    if (alg == ALLTOALL_PAIRWISE)
        alltoall_pairwise(s, sptr, slen, rptr, rlen);
    else
        alltoall_posted(s, sptr, slen, rptr, rlen);
}
