/*
 * collectives/coll_inter.c: collectives on intercommunicators, where data flows between the two
 * groups (MPI-4.1 6.2.2).
 *
 * The schedule's communicator is the local group and its remote steps reach the other group.
 * Each group's rank 0 is its leader. What a group computes together runs as an ordinary
 * collective within it (reduce, bcast, barrier, all on the local context), and only leaders, or
 * the root, talk across. Costs below: alpha per message, beta per byte, n local processes,
 * m remote ones.
 */
#include "collectives/coll_impl.h"

/*
 * Local barrier, the leaders swap a byte, local broadcast of that byte: nobody leaves before the
 * other leader has seen its whole group arrive. ~ 2 (log n) alpha + 2 alpha.
 */
void oml_coll_inter_barrier(oml_sched_t *s)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    unsigned char *tok = oml_sched_scratch(s, 2);
    if (tok == NULL)
        return;
    tok[0] = 1;
    oml_coll_barrier(s);
    oml_sched_fence(s);
    if (c->rank == 0) {
        oml_sched_send_remote(s, &tok[0], 1, 0);
        oml_sched_recv_remote(s, &tok[1], 1, 0);
        oml_sched_fence(s);
    }
    oml_coll_bcast(s, &tok[1], 1, 0);
}

/*
 * The root sends to the other group's leader, which broadcasts within its group.
 * ~ alpha + beta len + a local bcast.
 */
void oml_coll_inter_bcast(oml_sched_t *s, void *buf, size_t len, int root)
{
    if (root == OML_COLL_INTER_IDLE)
        return;
    if (root == OML_COLL_INTER_ROOT) {
        oml_sched_send_remote(s, buf, len, 0);
        return;
    }
    if (oml_sched_comm(s)->rank == 0) {
        oml_sched_recv_remote(s, buf, len, root);
        oml_sched_fence(s);
    }
    oml_coll_bcast(s, buf, len, 0);
}

/* The sending group reduces to its leader, which sends the result to the root. */
void oml_coll_inter_reduce(oml_sched_t *s, const void *sbuf, void *rbuf, size_t count,
                           const oml_coll_op_t *op, int root)
{
    if (root == OML_COLL_INTER_IDLE)
        return;
    size_t bytes = count * op->unit;
    if (root == OML_COLL_INTER_ROOT) {
        oml_sched_recv_remote(s, rbuf, bytes, 0);
        return;
    }
    void *tmp = oml_sched_comm(s)->rank == 0 ? oml_sched_scratch(s, bytes ? bytes : 1) : NULL;
    if (oml_sched_comm(s)->rank == 0 && tmp == NULL)
        return;
    oml_coll_reduce(s, sbuf, tmp, count, op, 0);
    oml_sched_fence(s);
    if (oml_sched_comm(s)->rank == 0)
        oml_sched_send_remote(s, tmp, bytes, root);
}

/*
 * Each group reduces to its leader; the leaders swap their results and broadcast what they
 * received within their groups. ~ local reduce + alpha + beta count + local bcast.
 */
void oml_coll_inter_allreduce(oml_sched_t *s, const void *sbuf, void *rbuf, size_t count,
                              const oml_coll_op_t *op)
{
    size_t bytes = count * op->unit;
    bool leader = oml_sched_comm(s)->rank == 0;
    void *tmp = leader ? oml_sched_scratch(s, bytes ? bytes : 1) : NULL;
    if (leader && tmp == NULL)
        return;
    oml_coll_reduce(s, sbuf, tmp, count, op, 0);
    oml_sched_fence(s);
    if (leader) {
        oml_sched_send_remote(s, tmp, bytes, 0);
        oml_sched_recv_remote(s, rbuf, bytes, 0);
        oml_sched_fence(s);
    }
    oml_coll_bcast(s, rbuf, bytes, 0);
}

/* Linear: the root receives from every remote process at once. ~ m alpha + beta sum(rlen). */
void oml_coll_inter_gatherv(oml_sched_t *s, const void *sbuf, size_t slen, void *const *rptr,
                            const size_t *rlen, int root)
{
    if (root == OML_COLL_INTER_IDLE)
        return;
    if (root != OML_COLL_INTER_ROOT) {
        oml_sched_send_remote(s, sbuf, slen, root);
        return;
    }
    for (int i = 0; i < oml_sched_remote_size(s); i++)
        oml_sched_recv_remote(s, rptr[i], rlen[i], i);
}

/* Linear: the root sends to every remote process at once. */
void oml_coll_inter_scatterv(oml_sched_t *s, const void *const *sptr, const size_t *slen,
                             void *rbuf, size_t rlen, int root)
{
    if (root == OML_COLL_INTER_IDLE)
        return;
    if (root != OML_COLL_INTER_ROOT) {
        oml_sched_recv_remote(s, rbuf, rlen, root);
        return;
    }
    for (int i = 0; i < oml_sched_remote_size(s); i++)
        oml_sched_send_remote(s, sptr[i], slen[i], i);
}

/*
 * Every process sends its block to every remote one and receives theirs, all at once.
 * ~ m alpha + beta (m slen + sum(rlen)) per process.
 */
void oml_coll_inter_allgatherv(oml_sched_t *s, const void *sbuf, size_t slen, void *const *rptr,
                               const size_t *rlen)
{
    for (int i = 0; i < oml_sched_remote_size(s); i++) {
        oml_sched_recv_remote(s, rptr[i], rlen[i], i);
        oml_sched_send_remote(s, sbuf, slen, i);
    }
}

/* Every pair of processes across the groups exchanges its blocks, all at once. */
void oml_coll_inter_alltoallv(oml_sched_t *s, const void *const *sptr, const size_t *slen,
                              void *const *rptr, const size_t *rlen)
{
    for (int i = 0; i < oml_sched_remote_size(s); i++) {
        oml_sched_recv_remote(s, rptr[i], rlen[i], i);
        oml_sched_send_remote(s, sptr[i], slen[i], i);
    }
}

/*
 * Each group reduces its vector (sum(counts) elements) to its leader, the leaders swap the
 * results, and each scatters what it received within its group, counts[i] elements to rank i.
 * ~ local reduce + alpha + beta total + local scatterv.
 */
void oml_coll_inter_reduce_scatter(oml_sched_t *s, const void *sbuf, void *rbuf,
                                   const size_t *counts, const oml_coll_op_t *op)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    size_t total = 0;
    for (int i = 0; i < c->size; i++)
        total += counts[i];
    size_t bytes = total * op->unit;
    bool leader = c->rank == 0;
    char *mine = leader ? oml_sched_scratch(s, 2 * bytes + 1) : NULL;
    void **ptr = leader ? oml_sched_scratch(s, (size_t)c->size * sizeof(void *)) : NULL;
    size_t *len = leader ? oml_sched_scratch(s, (size_t)c->size * sizeof(size_t)) : NULL;
    if (leader && (mine == NULL || ptr == NULL || len == NULL))
        return;
    char *theirs = leader ? mine + bytes : NULL;
    oml_coll_reduce(s, sbuf, mine, total, op, 0);
    oml_sched_fence(s);
    if (leader) {
        oml_sched_send_remote(s, mine, bytes, 0);
        oml_sched_recv_remote(s, theirs, bytes, 0);
        oml_sched_fence(s);
        size_t off = 0;
        for (int i = 0; i < c->size; i++) {
            ptr[i] = theirs + off;
            len[i] = counts[i] * op->unit;
            off += len[i];
        }
    }
    oml_coll_scatterv(s, (const void *const *)ptr, len, rbuf, counts[c->rank] * op->unit, 0);
}
