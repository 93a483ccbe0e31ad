/*
 * collectives/coll_node.c: node-aware collectives, for communicators whose ranks share nodes.
 *
 * Each runs in two or three phases on groups of the communicator (oml_sched_group): the ranks
 * of one node among themselves, which goes through shared memory, and one rank per node (its
 * leader: the lowest rank, or the root on the root's node) across the fabric, so the fabric
 * carries one message per node and step instead of one per rank, and its latency is paid
 * ceil(log2 nodes) times instead of ceil(log2 ranks). Each phase is a flat algorithm of this
 * directory, chosen by size as it would be on a communicator of that group. With L the most
 * ranks on a node, N nodes, a_l/b_l and a_f/b_f latency and time per byte on shared memory
 * and on the fabric:
 *
 * barrier: binomial fan-in to the leader, dissemination among leaders, binomial fan-out.
 *   Cost: 2 * ceil(log2 L) * a_l + ceil(log2 N) * a_f.
 * bcast: the root's leader group broadcasts (the root standing for its node), then every
 *   node broadcasts from its leader. Cost: bcast(N) on the fabric + bcast(L) in the node.
 * allreduce: reduce to the leader in each node, allreduce among leaders, bcast in the node.
 *   Cost: reduce(L) + allreduce(N) on the fabric + bcast(L); the fabric carries each node's
 *   vector, not each rank's. Commutative ops, or any op when every node holds consecutive
 *   ranks (node order is then rank order, so operands still combine in rank order).
 * reduce: reduce to the leader in each node (to the root on its node), reduce among leaders
 *   to the root. Same condition on the op.
 *
 * Each phase ends with a fence. Messages of two phases between the same pair of ranks carry
 * the same tag; both sides post them in the same order, and the transport never lets a later
 * one overtake an earlier one, so they pair up correctly.
 */
#include "collectives/coll_impl.h"

/*
 * The leaders, with root (when >= 0) standing for its node; in the schedule's scratch when it
 * differs from the layout's own list. NULL when out of memory.
 */
static const int *node_leaders(oml_sched_t *s, const oml_coll_nodes_t *nd, int root)
{
    if (root < 0 || nd->leaders[nd->node_of[root]] == root)
        return nd->leaders;
    int *l = oml_sched_scratch(s, sizeof(int) * (size_t)nd->nnodes);
    if (l == NULL)
        return NULL;
    for (int i = 0; i < nd->nnodes; i++)
        l[i] = nd->leaders[i];
    l[nd->node_of[root]] = root;
    return l;
}

/* The local index of this node's leader: root's on the root's node, else 0. */
static int node_local_root(const oml_coll_nodes_t *nd, int root)
{
    if (root < 0 || nd->node_of[root] != nd->my_node)
        return 0;
    int k = 0;
    while (nd->local[k] != root)
        k++;
    return k;
}

static bool node_is_leader(const oml_coll_nodes_t *nd, const int *leaders, int r)
{
    return leaders[nd->my_node] == r;
}

/* Zero-byte binomial fan-in to the group's rank 0 (in: true) or fan-out from it. */
static void node_fan(oml_sched_t *s, bool in)
{
    const oml_tp_comm_t *c = oml_sched_comm(s);
    int p = c->size, r = c->rank, low = 1;
    while (low < p && !(r & low))
        low <<= 1;
    if (in) {
        for (int m = 1; m < low && r + m < p; m <<= 1)
            oml_sched_recv(s, NULL, 0, r + m);
        oml_sched_fence(s);
        if (r != 0)
            oml_sched_send(s, NULL, 0, r - low);
    } else {
        if (r != 0) {
            oml_sched_recv(s, NULL, 0, r - low);
            oml_sched_fence(s);
        }
        for (int m = 1; m < low && r + m < p; m <<= 1)
            oml_sched_send(s, NULL, 0, r + m);
    }
    oml_sched_fence(s);
}

void oml_coll_node_barrier(oml_sched_t *s, const oml_coll_nodes_t *nd)
{
    int r = oml_sched_comm(s)->rank;
    oml_sched_group(s, nd->local, nd->nlocal, nd->my_local);
    node_fan(s, true);
    oml_sched_group_end(s);
    if (node_is_leader(nd, nd->leaders, r)) {
        oml_sched_group(s, nd->leaders, nd->nnodes, nd->my_node);
        oml_coll_barrier(s);
        oml_sched_group_end(s);
        oml_sched_fence(s);
    }
    oml_sched_group(s, nd->local, nd->nlocal, nd->my_local);
    node_fan(s, false);
    oml_sched_group_end(s);
}

void oml_coll_node_bcast(oml_sched_t *s, const oml_coll_nodes_t *nd, void *buf, size_t len,
                         int root)
{
    int r = oml_sched_comm(s)->rank;
    const int *leaders = node_leaders(s, nd, root);
    if (leaders == NULL)
        return;
    if (node_is_leader(nd, leaders, r)) {
        oml_sched_group(s, leaders, nd->nnodes, nd->my_node);
        oml_coll_bcast(s, buf, len, nd->node_of[root]);
        oml_sched_group_end(s);
        oml_sched_fence(s);
    }
    oml_sched_group(s, nd->local, nd->nlocal, nd->my_local);
    oml_coll_bcast(s, buf, len, node_local_root(nd, root));
    oml_sched_group_end(s);
}

void oml_coll_node_allreduce(oml_sched_t *s, const oml_coll_nodes_t *nd, const void *sbuf,
                             void *rbuf, size_t count, const oml_coll_op_t *op)
{
    int r = oml_sched_comm(s)->rank;
    /* in the node: the leader's rbuf gets the node's reduction (sbuf NULL: input in rbuf) */
    oml_sched_group(s, nd->local, nd->nlocal, nd->my_local);
    oml_coll_reduce(s, sbuf, rbuf, count, op, 0);
    oml_sched_group_end(s);
    oml_sched_fence(s);
    if (node_is_leader(nd, nd->leaders, r)) {
        oml_sched_group(s, nd->leaders, nd->nnodes, nd->my_node);
        oml_coll_allreduce(s, NULL, rbuf, count, op);
        oml_sched_group_end(s);
        oml_sched_fence(s);
    }
    oml_sched_group(s, nd->local, nd->nlocal, nd->my_local);
    oml_coll_bcast(s, rbuf, count * op->unit, 0);
    oml_sched_group_end(s);
}

void oml_coll_node_reduce(oml_sched_t *s, const oml_coll_nodes_t *nd, const void *sbuf, void *rbuf,
                          size_t count, const oml_coll_op_t *op, int root)
{
    int r = oml_sched_comm(s)->rank;
    const int *leaders = node_leaders(s, nd, root);
    if (leaders == NULL)
        return;
    bool leader = node_is_leader(nd, leaders, r);
    /* a leader other than the root collects its node's reduction in scratch */
    void *acc = r == root ? rbuf : leader ? oml_sched_scratch(s, count * op->unit) : NULL;
    if (leader && acc == NULL)
        return;
    oml_sched_group(s, nd->local, nd->nlocal, nd->my_local);
    oml_coll_reduce(s,
                    r == root      ? sbuf
                    : sbuf != NULL ? sbuf
                                   : rbuf,
                    acc, count, op, node_local_root(nd, root));
    oml_sched_group_end(s);
    if (leader) {
        oml_sched_fence(s);
        oml_sched_group(s, leaders, nd->nnodes, nd->my_node);
        oml_coll_reduce(s, r == root ? NULL : acc, acc, count, op, nd->node_of[root]);
        oml_sched_group_end(s);
    }
}
