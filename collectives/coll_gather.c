/*
 * collectives/coll_gather.c: gather, gatherv, scatter, scatterv.
 *
 * binomial (gather, scatter): ranks renumbered relative to the root; a rank handles the
 *   blocks of its subtree as one message (children's subtrees gathered into one buffer, or
 *   the parent's message cut for the children). Cost: ceil(log2 p) * alpha + (p - 1) * n *
 *   beta at the root, plus copies at inner ranks. Short blocks.
 * linear (and the v variants): the root posts every transfer at once, straight between the
 *   user's blocks. Cost: (p - 1) * alpha overlapped + (p - 1) * n * beta at the root, no copies.
 * node_aware (gather, scatter; coll_node.c): where ranks share nodes, short blocks (where
 *   binomial would run): one fabric message per node instead of one per subtree.
 */
#include "collectives/coll_impl.h"

enum { GATHER_BINOMIAL, GATHER_LINEAR, GATHER_NODE_AWARE };

#define GATHER_LONG 65536 /* total bytes at the root */

/* The lowest set bit of vr (above p for vr == 0), and the size of vr's subtree. */
static int subtree(int vr, int p, int *low_p)
{
    int low = 1;
    while (low < p && !(vr & low))
        low <<= 1;
    *low_p = low;
    return low < p - vr ? low : p - vr;
}

static void gather_binomial(oml_sched_t *s, const unsigned char *mine, unsigned char *rbuf,
                            size_t n, int root)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank, vr = (r - root + p) % p, low;
    int size = subtree(vr, p, &low);
    if (size == 1) {
        oml_sched_send(s, mine, n, (r - low + p) % p);
        oml_sched_fence(s);
        return;
    }
    /* tmp[i] = block of relative rank vr + i */
    unsigned char *tmp = vr == 0 && root == 0 ? rbuf : oml_sched_scratch(s, (size_t)size * n);
    if (tmp == NULL)
        return;
    oml_sched_copy(s, mine, tmp, n);
    for (int m = 1; m < low && vr + m < p; m <<= 1) {
        int csize = m < p - vr - m ? m : p - vr - m;
        oml_sched_recv(s, tmp + (size_t)m * n, (size_t)csize * n, (r + m) % p);
    }
    oml_sched_fence(s);
    if (vr != 0) {
        oml_sched_send(s, tmp, (size_t)size * n, (r - low + p) % p);
        oml_sched_fence(s);
    } else { /* relative to absolute order */
        oml_sched_copy(s, tmp, rbuf + (size_t)root * n, (size_t)(p - root) * n);
        oml_sched_copy(s, tmp + (size_t)(p - root) * n, rbuf, (size_t)root * n);
    }
}

static void gather_linear(oml_sched_t *s, const void *mine, size_t slen, void *const *rptr,
                          const size_t *rlen, int root)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    if (r != root) {
        if (slen > 0)
            oml_sched_send(s, mine, slen, root);
    } else {
        for (int i = 0; i < p; i++) {
            if (i != r && rlen[i] > 0)
                oml_sched_recv(s, rptr[i], rlen[i], i);
        }
        if (mine != NULL)
            oml_sched_copy(s, mine, rptr[r], rlen[r]);
    }
    oml_sched_fence(s);
}

/* The algorithm for gather or scatter of n bytes a rank; *nd_p the layout for node_aware. */
static int gather_choose(oml_sched_t *s, oml_coll_kind_t kind, size_t n,
                         const oml_coll_nodes_t **nd_p)
{
    int p = oml_sched_comm(s)->size;
    bool lng = (size_t)p * n >= GATHER_LONG;
    const oml_coll_nodes_t *nd = oml_coll_node_aware(s);
    int flat = lng ? GATHER_LINEAR : GATHER_BINOMIAL;
    int alg = oml_coll_choose(kind, nd != NULL && !lng ? GATHER_NODE_AWARE : flat);
    if (alg == GATHER_NODE_AWARE && nd == NULL)
        alg = flat;
    *nd_p = nd;
    return alg;
}

/* rptr/rlen of p equal blocks of n bytes at buf. */
static bool equal_blocks(oml_sched_t *s, int p, unsigned char *buf, size_t n, void ***ptr_p,
                         size_t **len_p)
{
    void **ptr = oml_sched_scratch(s, (size_t)p * (sizeof(void *) + sizeof(size_t)));
    if (ptr == NULL)
        return false;
    size_t *len = (size_t *)(ptr + p);
    for (int i = 0; i < p; i++) {
        ptr[i] = buf + (size_t)i * n;
        len[i] = n;
    }
    *ptr_p = ptr;
    *len_p = len;
    return true;
}

void oml_coll_gather(oml_sched_t *s, const void *sbuf, void *rbuf, size_t n, int root)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    unsigned char *out = rbuf;
    const unsigned char *mine = sbuf != NULL ? sbuf : out + (size_t)r * n;
    if (n == 0)
        return;
    if (p == 1) {
        oml_sched_copy(s, mine, out, n);
        return;
    }
    const oml_coll_nodes_t *nd = NULL;
    int alg = gather_choose(s, OML_COLL_GATHER, n, &nd);
    if (alg == GATHER_NODE_AWARE) {
        oml_coll_node_gather(s, nd, sbuf, rbuf, n, root);
        return;
    }
    if (alg == GATHER_BINOMIAL) {
        gather_binomial(s, mine, out, n, root);
        return;
    }
    void **ptr = NULL;
    size_t *len = NULL;
    if (r == root && !equal_blocks(s, p, out, n, &ptr, &len))
        return;
    gather_linear(s, mine, n, ptr, len, root);
}

void oml_coll_gatherv(oml_sched_t *s, const void *sbuf, size_t slen, void *const *rptr,
                      const size_t *rlen, int root)
{
    gather_linear(s, sbuf, slen, rptr, rlen, root);
}

static void scatter_binomial(oml_sched_t *s, const unsigned char *sbuf, unsigned char *rbuf,
                             size_t n, int root)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank, vr = (r - root + p) % p, low;
    int size = subtree(vr, p, &low);
    if (size == 1) {
        oml_sched_recv(s, rbuf, n, (r - low + p) % p);
        oml_sched_fence(s);
        return;
    }
    /* tmp[i] = block of relative rank vr + i */
    const unsigned char *tmp;
    if (vr == 0 && root == 0) {
        tmp = sbuf;
    } else {
        unsigned char *t = oml_sched_scratch(s, (size_t)size * n);
        if (t == NULL)
            return;
        if (vr == 0) {
            oml_sched_copy(s, sbuf + (size_t)root * n, t, (size_t)(p - root) * n);
            oml_sched_copy(s, sbuf, t + (size_t)(p - root) * n, (size_t)root * n);
        } else {
            oml_sched_recv(s, t, (size_t)size * n, (r - low + p) % p);
            oml_sched_fence(s);
        }
        tmp = t;
    }
    for (int m = 1; m < low && vr + m < p; m <<= 1) {
        int csize = m < p - vr - m ? m : p - vr - m;
        oml_sched_send(s, tmp + (size_t)m * n, (size_t)csize * n, (r + m) % p);
    }
    if (rbuf != NULL)
        oml_sched_copy(s, tmp, rbuf, n);
    oml_sched_fence(s);
}

static void scatter_linear(oml_sched_t *s, const void *const *sptr, const size_t *slen, void *rbuf,
                           size_t rlen, int root)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    if (r != root) {
        if (rlen > 0)
            oml_sched_recv(s, rbuf, rlen, root);
    } else {
        for (int i = 0; i < p; i++) {
            if (i != r && slen[i] > 0)
                oml_sched_send(s, sptr[i], slen[i], i);
        }
        if (rbuf != NULL)
            oml_sched_copy(s, sptr[r], rbuf, slen[r]);
    }
    oml_sched_fence(s);
}

void oml_coll_scatter(oml_sched_t *s, const void *sbuf, void *rbuf, size_t n, int root)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank;
    if (n == 0)
        return;
    if (p == 1) {
        if (rbuf != NULL)
            oml_sched_copy(s, sbuf, rbuf, n);
        return;
    }
    const oml_coll_nodes_t *nd = NULL;
    int alg = gather_choose(s, OML_COLL_SCATTER, n, &nd);
    if (alg == GATHER_NODE_AWARE) {
        oml_coll_node_scatter(s, nd, sbuf, rbuf, n, root);
        return;
    }
    if (alg == GATHER_BINOMIAL) {
        scatter_binomial(s, sbuf, rbuf, n, root);
        return;
    }
    void **ptr = NULL;
    size_t *len = NULL;
    if (r == root && !equal_blocks(s, p, (unsigned char *)(uintptr_t)sbuf, n, &ptr, &len))
        return;
    scatter_linear(s, (const void *const *)ptr, len, rbuf, n, root);
}

void oml_coll_scatterv(oml_sched_t *s, const void *const *sptr, const size_t *slen, void *rbuf,
                       size_t rlen, int root)
{
    scatter_linear(s, sptr, slen, rbuf, rlen, root);
}
