/*
 * collectives/coll.h: collective algorithms, built only on the transport's p2p API.
 *
 * An algorithm does not move data itself: it appends its steps (sends, receives, local copies
 * and reductions, fences between rounds) to a schedule. The same schedule runs to completion
 * at once for a blocking collective (oml_sched_run) or in the background for a nonblocking
 * one (oml_sched_start), advanced by every pass of the transport's progress engine, so
 * MPI_Test and MPI_Wait on any request move every pending collective.
 *
 * Every schedule carries one tag on the communicator's collective context (the caller numbers
 * collectives in call order, identical on every rank), so several collectives in flight on one
 * communicator never take each other's messages. Buffers are plain bytes; reductions get an
 * element-wise operator from the caller.
 */
#ifndef OML_COLL_H
#define OML_COLL_H

#include "transport/tp.h"

#include <stdbool.h>

/*
 * Reduction kernel: inout[i] = in[i] op inout[i] for count elements. Algorithms always pass
 * the data of the lower ranks as `in`, so non-commutative operators are applied in rank order
 * and floating-point results are the same on every rank and in every run.
 */
typedef void (*oml_coll_op_fn)(const void *in, void *inout, size_t count, void *op_ctx);

/* An operator as the algorithms see it. */
typedef struct oml_coll_op {
    oml_coll_op_fn fn;
    void *ctx;
    size_t unit;  /* bytes of one element the kernel works on */
    bool commute; /* may the algorithm combine out of rank order? */
} oml_coll_op_t;

/* ---- where the ranks live (coll_layout.c) ---- */

/*
 * A communicator's ranks by node, for the node-aware algorithms: each node's ranks do a
 * step among themselves (shared memory), and one rank per node, its leader, the step across
 * nodes. Any partition of the ranks gives correct results, a true one the fast ones; every
 * rank must build it from the same node ids.
 */
typedef struct oml_coll_nodes {
    int nnodes;      /* nodes the communicator spans, numbered in the order of their lowest rank */
    int my_node;     /* this rank's node */
    int nlocal;      /* ranks on this rank's node */
    int my_local;    /* this rank's index among them */
    bool contiguous; /* every node's ranks are consecutive: node order is rank order */
    bool uniform;    /* every node holds nlocal ranks */
    int *node_of;    /* communicator rank -> node */
    int *leaders;    /* node -> its lowest communicator rank */
    int *local;      /* the communicator ranks on this rank's node, ascending */
} oml_coll_nodes_t;

/*
 * The layout of a communicator of size ranks (this process is rank) whose rank i is on node
 * id[i] (any numbers, equal on one node); NULL when out of memory.
 */
oml_coll_nodes_t *oml_coll_nodes_new(const uint32_t *id, int size, int rank);
void oml_coll_nodes_free(oml_coll_nodes_t *n);

/* ---- schedules (coll_sched.c) ---- */

typedef struct oml_sched oml_sched_t;

/* Collectives started on a communicator number their schedules' tags: tag(seq). */
#define OML_COLL_TAG_SHIFT 10
#define OML_COLL_TAG(seq) ((int)(((seq)&0xfffffu) << OML_COLL_TAG_SHIFT))
/* Persistent collectives number theirs apart: tags that no other collective uses. */
#define OML_COLL_TAG_PERSISTENT(seq) (OML_COLL_TAG(seq) | (1 << 30))

/* A new, empty schedule on comm whose messages carry tag; NULL when out of memory. */
oml_sched_t *oml_sched_new(const oml_tp_comm_t *comm, int tag);
/* Changes the tag of every message of s (before it starts; steps keep only their sub-tag). */
void oml_sched_set_tag(oml_sched_t *s, int tag);
/* The communicator the schedule runs on. */
const oml_tp_comm_t *oml_sched_comm(const oml_sched_t *s);

/*
 * Building. Steps between two fences start together (local steps run in list order when the
 * round starts); a fence waits for every transfer of the round. A builder that runs out of
 * memory marks the schedule failed (oml_sched_ok) instead of returning an error.
 */
void *oml_sched_scratch(oml_sched_t *s, size_t len); /* freed with the schedule */
void oml_sched_send(oml_sched_t *s, const void *buf, size_t len, int peer);
void oml_sched_recv(oml_sched_t *s, void *buf, size_t len, int peer);
/* Send and receive with a sub-tag (0 .. 1023) that pairs repeated peers. */
void oml_sched_send_sub(oml_sched_t *s, const void *buf, size_t len, int peer, int sub);
void oml_sched_recv_sub(oml_sched_t *s, void *buf, size_t len, int peer, int sub);
void oml_sched_copy(oml_sched_t *s, const void *src, void *dst, size_t len);
/* inout = in op inout, count elements of op->unit bytes. */
void oml_sched_reduce(oml_sched_t *s, const oml_coll_op_t *op, const void *in, void *inout,
                      size_t count);
void oml_sched_fence(oml_sched_t *s);
/* fn(arg) each time the schedule starts, before its first round (packing input data). */
void oml_sched_on_start(oml_sched_t *s, void (*fn)(void *), void *arg);
/* fn(arg) once every step has completed successfully (unpacking staged data). */
void oml_sched_on_done(oml_sched_t *s, void (*fn)(void *), void *arg);
/*
 * fn(arg, status) when a schedule started with oml_sched_start finishes, successfully or not,
 * after its done flag is set: it may start other schedules and free this one.
 */
void oml_sched_on_finish(oml_sched_t *s, void (*fn)(void *, oml_status_t), void *arg);
/* fn(arg) when the schedule is freed (dropping references). */
void oml_sched_on_free(oml_sched_t *s, void (*fn)(void *), void *arg);
/* False when a builder ran out of memory. */
bool oml_sched_ok(const oml_sched_t *s);
/*
 * The schedule fails with st (this rank's arguments are wrong): it still runs to its end, so
 * that no other rank waits for it, but as a failed one (see coll_sched.c) that reports st.
 */
void oml_sched_fail(oml_sched_t *s, oml_status_t st);

/*
 * Tells the algorithms where the communicator's ranks live (kept by the caller until the
 * schedule is built); without it they assume one node.
 */
void oml_sched_set_nodes(oml_sched_t *s, const oml_coll_nodes_t *nodes);
/* The layout, or NULL when unknown or while a group is open. */
const oml_coll_nodes_t *oml_sched_nodes(const oml_sched_t *s);
/*
 * Until oml_sched_group_end, the steps added run on a group of the communicator's ranks:
 * oml_sched_comm reports rank me of size n, and peer i of a step is communicator rank
 * ranks[i] (ranks is read while building only). This process must be ranks[me]. Groups do not
 * nest; any algorithm below runs unchanged on a group.
 */
void oml_sched_group(oml_sched_t *s, const int *ranks, int n, int me);
void oml_sched_group_end(oml_sched_t *s);

/*
 * Intercommunicators: remote is the remote group (its context: the intercommunicator's
 * point-to-point one, whose user tags are >= 0). The _remote steps go to and come from its
 * ranks, with the schedule's tag made negative, so that no user receive can take them.
 */
void oml_sched_set_remote(oml_sched_t *s, const oml_tp_comm_t *remote);
int oml_sched_remote_size(const oml_sched_t *s);
void oml_sched_send_remote(oml_sched_t *s, const void *buf, size_t len, int peer);
void oml_sched_recv_remote(oml_sched_t *s, void *buf, size_t len, int peer);

/* Runs the schedule to completion, frees it and returns its status. */
oml_status_t oml_sched_run(oml_sched_t *s);
/*
 * Starts the schedule in the background: progress advances it, and when it is complete its
 * status goes to *status, then *done becomes 1. Free it with oml_sched_free after that, or
 * start it again (a persistent collective): every run posts the same steps.
 */
void oml_sched_start(oml_sched_t *s, volatile int *done, oml_status_t *status);
void oml_sched_free(oml_sched_t *s);

/* ---- algorithm choice ---- */

/* Collectives whose algorithm an environment variable can force. */
typedef enum {
    OML_COLL_BARRIER,
    OML_COLL_BCAST,
    OML_COLL_REDUCE,
    OML_COLL_ALLREDUCE,
    OML_COLL_ALLGATHER,
    OML_COLL_ALLTOALL,
    OML_COLL_GATHER,
    OML_COLL_SCATTER,
    OML_COLL_REDUCE_SCATTER,
    OML_COLL_NKINDS
} oml_coll_kind_t;

/*
 * Reads OMPI_LITE_COLL_<NAME> for every collective (MPI_Init). A value that names no
 * algorithm of that collective is an error: the message lists the valid names.
 */
oml_status_t oml_coll_init(char *err, size_t errlen);
/* The forced algorithm's index in the collective's name list, or -1 for automatic choice. */
int oml_coll_forced(oml_coll_kind_t kind);

/* ---- algorithms: each appends a whole collective to s ---- */

/* Every rank waits for every other. */
void oml_coll_barrier(oml_sched_t *s);

/* len bytes at buf on root to every rank's buf. */
void oml_coll_bcast(oml_sched_t *s, void *buf, size_t len, int root);

/*
 * count elements from every rank reduced into rbuf on every rank. sbuf == NULL: the input is
 * already in rbuf (in place).
 */
void oml_coll_allreduce(oml_sched_t *s, const void *sbuf, void *rbuf, size_t count,
                        const oml_coll_op_t *op);

/* As allreduce, the result only on root (rbuf is ignored elsewhere). sbuf == NULL at root: in
 * place. */
void oml_coll_reduce(oml_sched_t *s, const void *sbuf, void *rbuf, size_t count,
                     const oml_coll_op_t *op, int root);

/*
 * n bytes from every rank into rbuf on every rank, rank i's block at rbuf + i * n. sbuf ==
 * NULL: each rank's block is already in place.
 */
void oml_coll_allgather(oml_sched_t *s, const void *sbuf, void *rbuf, size_t n);

/* Blocks of any size: rank i's rlen[i] bytes land at rptr[i] on every rank; the own block is
 * sent from sbuf (NULL: already at rptr[rank]). */
void oml_coll_allgatherv(oml_sched_t *s, const void *sbuf, void *const *rptr, const size_t *rlen);

/* Block j (n bytes at sbuf + j * n) to rank j, stored at rbuf + rank * n. sbuf == NULL: in
 * place (the blocks are in rbuf). */
void oml_coll_alltoall(oml_sched_t *s, const void *sbuf, void *rbuf, size_t n);

/* Blocks of any size: slen[j] bytes at sptr[j] to rank j, rlen[i] bytes from rank i to
 * rptr[i]. sptr == NULL: in place (the outgoing blocks are rlen[j] bytes at rptr[j]). */
void oml_coll_alltoallv(oml_sched_t *s, const void *const *sptr, const size_t *slen,
                        void *const *rptr, const size_t *rlen);

/* n bytes from every rank to rbuf + i * n on root. sbuf == NULL at root: in place. */
void oml_coll_gather(oml_sched_t *s, const void *sbuf, void *rbuf, size_t n, int root);
/* Root receives rlen[i] bytes from rank i at rptr[i]; others send slen bytes. */
void oml_coll_gatherv(oml_sched_t *s, const void *sbuf, size_t slen, void *const *rptr,
                      const size_t *rlen, int root);
/* Block i (n bytes at sbuf + i * n on root) to rank i's rbuf. rbuf == NULL at root: in place. */
void oml_coll_scatter(oml_sched_t *s, const void *sbuf, void *rbuf, size_t n, int root);
/* Root sends slen[i] bytes at sptr[i] to rank i; others receive rlen bytes into rbuf. */
void oml_coll_scatterv(oml_sched_t *s, const void *const *sptr, const size_t *slen, void *rbuf,
                       size_t rlen, int root);

/*
 * The vector of sum(counts) elements reduced over all ranks, block i (counts[i] elements)
 * left in rbuf on rank i. sbuf == NULL: the input vector is in rbuf.
 */
void oml_coll_reduce_scatter(oml_sched_t *s, const void *sbuf, void *rbuf, const size_t *counts,
                             const oml_coll_op_t *op);

/* Inclusive prefix reduction (exclusive: rank 0's rbuf is left alone). sbuf == NULL: in
 * place. */
void oml_coll_scan(oml_sched_t *s, const void *sbuf, void *rbuf, size_t count,
                   const oml_coll_op_t *op, bool exclusive);

/* One block of a neighborhood exchange: peer (< 0: none, e.g. MPI_PROC_NULL), bytes, tag. */
typedef struct oml_coll_block {
    int peer;
    void *buf;
    size_t len;
    int tag; /* matches a send to a receive when a peer appears more than once */
} oml_coll_block_t;

/*
 * Receives in[i] from in[i].peer and sends out[i] to out[i].peer, all at once (the
 * neighborhood collectives). A send matches the receive with the same tag from its sender;
 * with equal tags, in the order of the lists.
 */
void oml_coll_neighbor_exchange(oml_sched_t *s, int nin, const oml_coll_block_t *in, int nout,
                                const oml_coll_block_t *out);

/*
 * ---- intercommunicators (coll_inter.c) ----
 *
 * The schedule's communicator is the local group, its remote one the other group
 * (oml_sched_set_remote). A rooted collective's root is OML_COLL_INTER_ROOT on the root,
 * OML_COLL_INTER_IDLE on the rest of its group, and the root's rank in the remote group on the
 * other group's processes.
 */
#define OML_COLL_INTER_ROOT (-3)
#define OML_COLL_INTER_IDLE (-4)

/* Every process waits until every process of the other group has entered. */
void oml_coll_inter_barrier(oml_sched_t *s);
/* len bytes at buf on the root to buf on every process of the other group. */
void oml_coll_inter_bcast(oml_sched_t *s, void *buf, size_t len, int root);
/* The other group's count elements reduced into rbuf on the root. */
void oml_coll_inter_reduce(oml_sched_t *s, const void *sbuf, void *rbuf, size_t count,
                           const oml_coll_op_t *op, int root);
/* The other group's count elements reduced into rbuf on every process. */
void oml_coll_inter_allreduce(oml_sched_t *s, const void *sbuf, void *rbuf, size_t count,
                              const oml_coll_op_t *op);
/* The root receives rlen[i] bytes from remote rank i at rptr[i]; the others send slen bytes. */
void oml_coll_inter_gatherv(oml_sched_t *s, const void *sbuf, size_t slen, void *const *rptr,
                            const size_t *rlen, int root);
/* The root sends slen[i] bytes at sptr[i] to remote rank i; the others receive rlen bytes. */
void oml_coll_inter_scatterv(oml_sched_t *s, const void *const *sptr, const size_t *slen,
                             void *rbuf, size_t rlen, int root);
/*
 * The other group's vectors (sum(counts) elements) reduced and scattered here: counts[i]
 * elements to local rank i's rbuf (counts: the same on every process of the group).
 */
void oml_coll_inter_reduce_scatter(oml_sched_t *s, const void *sbuf, void *rbuf,
                                   const size_t *counts, const oml_coll_op_t *op);
/* slen bytes at sbuf to every remote rank; rlen[i] bytes from remote rank i to rptr[i]. */
void oml_coll_inter_allgatherv(oml_sched_t *s, const void *sbuf, size_t slen, void *const *rptr,
                               const size_t *rlen);
/* slen[j] bytes at sptr[j] to remote rank j; rlen[i] bytes from remote rank i to rptr[i]. */
void oml_coll_inter_alltoallv(oml_sched_t *s, const void *const *sptr, const size_t *slen,
                              void *const *rptr, const size_t *rlen);

#endif /* OML_COLL_H */
