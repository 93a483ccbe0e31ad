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
 * allreduce, chunked (nodes of equal size): reduce-scatter in the node (rank i gets chunk i
 *   of n / L), allreduce of chunk i among the ranks i of all nodes, allgather in the node.
 *   Cost: 2 * n * b_l + allreduce(N) of n / L on each of L ranks at once; each chunk is still
 *   computed in one order and copied, so every rank gets the same bits. It spreads the fabric
 *   step over all ranks, which pays where one process cannot fill the NIC; over TCP on two
 *   cores it measured no better than the leader's (the kernel's copies are the bottleneck
 *   either way), so it runs only when forced until measured on EFA.
 * reduce: reduce to the leader in each node (to the root on its node), reduce among leaders
 *   to the root. Same condition on the op.
 * allgather (n bytes a rank, p ranks): gather the node's blocks to its leader, allgather of
 *   the nodes' blocks among leaders, bcast of all p * n bytes in the node. Cost: gather(L) +
 *   allgather(N) of L * n + bcast(L) of p * n. The fabric carries (p - L) * n bytes into each
 *   node where a flat algorithm carries them into each of its L ranks, and pays ceil(log2 N)
 *   latencies. Blocks travel packed by node (node 0's ranks in rank order, then node 1's...);
 *   unless node order is rank order, every rank unpacks them at the end (p copies of n).
 * gather, scatter: the node's blocks to (from) its leader, the root standing for its node,
 *   then one message of them per node to (from) the root across the fabric; packed by node
 *   as for allgather, which the root unpacks (packs) unless node order is rank order.
 *   Cost: gather(L) + (N - 1) fabric messages at the root, posted at once.
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

/*
 * Long vectors on nodes of equal size: every rank of a node works across nodes on its own
 * chunk, so the fabric step is spread over all ranks instead of one per node, and nobody
 * gathers or broadcasts the whole vector inside a node.
 */
static void node_allreduce_chunked(oml_sched_t *s, const oml_coll_nodes_t *nd, const void *sbuf,
                                   unsigned char *rbuf, size_t count, const oml_coll_op_t *op)
{
    int L = nd->nlocal, k = nd->my_local, p = oml_sched_comm(s)->size;
    size_t u = op->unit;
    size_t *counts = oml_sched_scratch(s, (size_t)L * sizeof(size_t));
    void **ptr = oml_sched_scratch(s, (size_t)L * sizeof(void *));
    size_t *lens = oml_sched_scratch(s, (size_t)L * sizeof(size_t));
    int *peers = oml_sched_scratch(s, (size_t)nd->nnodes * sizeof(int)); /* local index k */
    int *seen = oml_sched_scratch(s, (size_t)nd->nnodes * sizeof(int));
    if (counts == NULL || ptr == NULL || lens == NULL || peers == NULL || seen == NULL)
        return;
    for (int i = 0; i < L; i++) {
        size_t off = oml_coll_chunk_off(count, L, i);
        counts[i] = oml_coll_chunk_off(count, L, i + 1) - off;
        ptr[i] = rbuf + off * u;
        lens[i] = counts[i] * u;
    }
    for (int j = 0; j < nd->nnodes; j++)
        seen[j] = 0;
    for (int q = 0; q < p; q++) {
        int j = nd->node_of[q];
        if (seen[j]++ == k)
            peers[j] = q;
    }
    /* chunk i of the node's reduction to its rank i (the input stays where it is) */
    oml_sched_group(s, nd->local, L, k);
    oml_coll_reduce_scatter(s, sbuf != NULL ? sbuf : rbuf, ptr[k], counts, op);
    oml_sched_group_end(s);
    oml_sched_fence(s);
    oml_sched_group(s, peers, nd->nnodes, nd->my_node);
    oml_coll_allreduce(s, NULL, ptr[k], counts[k], op);
    oml_sched_group_end(s);
    oml_sched_fence(s);
    oml_sched_group(s, nd->local, L, k);
    oml_coll_allgatherv(s, NULL, ptr, lens);
    oml_sched_group_end(s);
}

void oml_coll_node_allreduce(oml_sched_t *s, const oml_coll_nodes_t *nd, const void *sbuf,
                             void *rbuf, size_t count, const oml_coll_op_t *op, bool chunked)
{
    int r = oml_sched_comm(s)->rank;
    if (chunked && nd->uniform && count >= (size_t)nd->nlocal) {
        node_allreduce_chunked(s, nd, sbuf, rbuf, count, op);
        return;
    }
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

/*
 * Blocks packed by node: node j's cnt[j] ranks, in rank order, from block off[j] on; rank q's
 * block is block pos[q]. false when out of memory.
 */
static bool node_packing(oml_sched_t *s, const oml_coll_nodes_t *nd, int **cnt_p, int **off_p,
                         int **pos_p)
{
    int p = oml_sched_comm(s)->size, N = nd->nnodes;
    int *cnt = oml_sched_scratch(s, sizeof(int) * (size_t)N);
    int *off = oml_sched_scratch(s, sizeof(int) * (size_t)N);
    int *pos = oml_sched_scratch(s, sizeof(int) * (size_t)p);
    if (cnt == NULL || off == NULL || pos == NULL)
        return false;
    for (int j = 0; j < N; j++)
        cnt[j] = 0;
    for (int q = 0; q < p; q++)
        cnt[nd->node_of[q]]++;
    for (int j = 0, o = 0; j < N; j++) {
        off[j] = o;
        o += cnt[j];
        cnt[j] = 0; /* refilled below as the running index in the node */
    }
    for (int q = 0; q < p; q++) {
        int j = nd->node_of[q];
        pos[q] = off[j] + cnt[j]++;
    }
    *cnt_p = cnt;
    *off_p = off;
    *pos_p = pos;
    return true;
}

/* Copies every rank's block between the packed buffer and rank order (to_ranks: unpack). */
static void node_repack(oml_sched_t *s, const int *pos, unsigned char *packed,
                        unsigned char *ranked, size_t n, bool to_ranks)
{
    int p = oml_sched_comm(s)->size;
    for (int q = 0; q < p; q++) {
        if (to_ranks)
            oml_sched_copy(s, packed + (size_t)pos[q] * n, ranked + (size_t)q * n, n);
        else
            oml_sched_copy(s, ranked + (size_t)q * n, packed + (size_t)pos[q] * n, n);
    }
}

/* Where each node's blocks lie in the packed buffer all, for a v-collective among leaders. */
static bool node_areas(oml_sched_t *s, const oml_coll_nodes_t *nd, const int *cnt, const int *off,
                       unsigned char *all, size_t n, void ***ptr_p, size_t **len_p)
{
    int N = nd->nnodes;
    void **ptr = oml_sched_scratch(s, (size_t)N * (sizeof(void *) + sizeof(size_t)));
    if (ptr == NULL)
        return false;
    size_t *len = (size_t *)(ptr + N);
    for (int j = 0; j < N; j++) {
        ptr[j] = all + (size_t)off[j] * n;
        len[j] = (size_t)cnt[j] * n;
    }
    *ptr_p = ptr;
    *len_p = len;
    return true;
}

void oml_coll_node_allgather(oml_sched_t *s, const oml_coll_nodes_t *nd, const void *sbuf,
                             void *rbuf, size_t n)
{
    int p = oml_sched_comm(s)->size, r = oml_sched_comm(s)->rank, N = nd->nnodes;
    int *cnt, *off, *pos;
    if (!node_packing(s, nd, &cnt, &off, &pos))
        return;
    unsigned char *out = rbuf;
    const unsigned char *mine = sbuf != NULL ? sbuf : out + (size_t)r * n;
    unsigned char *buf = nd->contiguous ? out : oml_sched_scratch(s, (size_t)p * n);
    if (buf == NULL)
        return;
    oml_sched_group(s, nd->local, nd->nlocal, nd->my_local);
    oml_coll_gather(s, mine, buf + (size_t)off[nd->my_node] * n, n, 0);
    oml_sched_group_end(s);
    oml_sched_fence(s);
    if (node_is_leader(nd, nd->leaders, r)) {
        void **ptr = NULL;
        size_t *len = NULL;
        if (!nd->uniform && !node_areas(s, nd, cnt, off, buf, n, &ptr, &len))
            return;
        oml_sched_group(s, nd->leaders, N, nd->my_node);
        if (nd->uniform)
            oml_coll_allgather(s, NULL, buf, (size_t)nd->nlocal * n);
        else
            oml_coll_allgatherv(s, NULL, ptr, len);
        oml_sched_group_end(s);
        oml_sched_fence(s);
    }
    oml_sched_group(s, nd->local, nd->nlocal, nd->my_local);
    oml_coll_bcast(s, buf, (size_t)p * n, 0);
    oml_sched_group_end(s);
    if (buf != out) {
        oml_sched_fence(s);
        node_repack(s, pos, buf, out, n, true);
    }
}

/*
 * The root's buffer of all p blocks packed by node (rbuf itself when node order is rank
 * order), and the place of this node's blocks: in it at the root, in scratch at another
 * leader, NULL elsewhere. false when out of memory.
 */
static bool node_root_bufs(oml_sched_t *s, const oml_coll_nodes_t *nd, const int *leaders,
                           const int *cnt, const int *off, unsigned char *user, size_t n, int root,
                           unsigned char **all_p, unsigned char **area_p)
{
    int p = oml_sched_comm(s)->size, r = oml_sched_comm(s)->rank;
    *all_p = NULL;
    *area_p = NULL;
    if (r == root) {
        *all_p = nd->contiguous ? user : oml_sched_scratch(s, (size_t)p * n);
        if (*all_p == NULL)
            return false;
        *area_p = *all_p + (size_t)off[nd->my_node] * n;
    } else if (node_is_leader(nd, leaders, r)) {
        *area_p = oml_sched_scratch(s, (size_t)cnt[nd->my_node] * n);
        if (*area_p == NULL)
            return false;
    }
    return true;
}

void oml_coll_node_gather(oml_sched_t *s, const oml_coll_nodes_t *nd, const void *sbuf, void *rbuf,
                          size_t n, int root)
{
    int r = oml_sched_comm(s)->rank;
    const int *leaders = node_leaders(s, nd, root);
    int *cnt, *off, *pos;
    unsigned char *all, *area;
    if (leaders == NULL || !node_packing(s, nd, &cnt, &off, &pos) ||
        !node_root_bufs(s, nd, leaders, cnt, off, rbuf, n, root, &all, &area))
        return;
    const unsigned char *mine = sbuf != NULL ? sbuf : (unsigned char *)rbuf + (size_t)r * n;
    oml_sched_group(s, nd->local, nd->nlocal, nd->my_local);
    oml_coll_gather(s, mine, area, n, node_local_root(nd, root));
    oml_sched_group_end(s);
    if (area == NULL)
        return;
    oml_sched_fence(s);
    void **ptr = NULL;
    size_t *len = NULL;
    if (r == root && !node_areas(s, nd, cnt, off, all, n, &ptr, &len))
        return;
    oml_sched_group(s, leaders, nd->nnodes, nd->my_node);
    oml_coll_gatherv(s, r == root ? NULL : area, (size_t)cnt[nd->my_node] * n, ptr, len,
                     nd->node_of[root]);
    oml_sched_group_end(s);
    if (r == root && all != rbuf) {
        oml_sched_fence(s);
        node_repack(s, pos, all, rbuf, n, true);
    }
}

void oml_coll_node_scatter(oml_sched_t *s, const oml_coll_nodes_t *nd, const void *sbuf, void *rbuf,
                           size_t n, int root)
{
    int r = oml_sched_comm(s)->rank;
    const int *leaders = node_leaders(s, nd, root);
    int *cnt, *off, *pos;
    unsigned char *all, *area;
    unsigned char *user = (unsigned char *)(uintptr_t)sbuf;
    if (leaders == NULL || !node_packing(s, nd, &cnt, &off, &pos) ||
        !node_root_bufs(s, nd, leaders, cnt, off, user, n, root, &all, &area))
        return;
    if (area != NULL) {
        void **ptr = NULL;
        size_t *len = NULL;
        if (r == root) {
            if (!node_areas(s, nd, cnt, off, all, n, &ptr, &len))
                return;
            if (all != user) {
                node_repack(s, pos, all, user, n, false);
                oml_sched_fence(s);
            }
        }
        oml_sched_group(s, leaders, nd->nnodes, nd->my_node);
        oml_coll_scatterv(s, (const void *const *)ptr, len, r == root ? NULL : area,
                          (size_t)cnt[nd->my_node] * n, nd->node_of[root]);
        oml_sched_group_end(s);
        oml_sched_fence(s);
    }
    oml_sched_group(s, nd->local, nd->nlocal, nd->my_local);
    oml_coll_scatter(s, area, rbuf, n, node_local_root(nd, root));
    oml_sched_group_end(s);
}
