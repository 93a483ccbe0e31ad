/*
 * collectives/coll.h: collective algorithms, built only on the transport's p2p API.
 *
 * Every function takes the communicator's collective context (a oml_tp_comm_t whose ctx is
 * distinct from point-to-point traffic), so collective messages never match user receives.
 * Buffers are plain bytes; reductions get an element-wise operator from the caller.
 */
#ifndef OML_COLL_H
#define OML_COLL_H

#include "transport/tp.h"

/*
 * Reduction operator: inout[i] = in[i] op inout[i] for count elements. Algorithms always pass
 * the data of the lower rank as `in`, so non-commutative operators and floating-point results
 * are the same on every rank and in every run.
 */
typedef void (*oml_coll_op_fn)(const void *in, void *inout, size_t count, void *op_ctx);

/* Blocks until every rank of the communicator has entered. */
oml_status_t oml_coll_barrier(const oml_tp_comm_t *comm);

/* Sends len bytes at buf on root to every rank's buf. */
oml_status_t oml_coll_bcast(void *buf, size_t len, int root, const oml_tp_comm_t *comm);

/*
 * Reduces count elements of elsize bytes from every rank and leaves the result on every rank in
 * rbuf. sbuf == NULL means the input is already in rbuf (in place).
 */
oml_status_t oml_coll_allreduce(const void *sbuf, void *rbuf, size_t count, size_t elsize,
                                oml_coll_op_fn op, void *op_ctx, const oml_tp_comm_t *comm);

/*
 * Reduces count elements of elsize bytes from every rank into rbuf on root (rbuf is ignored
 * elsewhere). sbuf == NULL means the root's input is already in rbuf (in place).
 */
oml_status_t oml_coll_reduce(const void *sbuf, void *rbuf, size_t count, size_t elsize,
                             oml_coll_op_fn op, void *op_ctx, int root, const oml_tp_comm_t *comm);

/*
 * Gathers n bytes from every rank into rbuf on every rank, rank i's block at rbuf + i * n.
 * sbuf == NULL means each rank's block is already in place in rbuf.
 */
oml_status_t oml_coll_allgather(const void *sbuf, void *rbuf, size_t n, const oml_tp_comm_t *comm);

/*
 * Sends block j (n bytes at sbuf + j * n) to rank j, which stores it at rbuf + rank * n.
 * sbuf == NULL means the blocks to send are in rbuf (in place).
 */
oml_status_t oml_coll_alltoall(const void *sbuf, void *rbuf, size_t n, const oml_tp_comm_t *comm);

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
oml_status_t oml_coll_neighbor_exchange(int nin, const oml_coll_block_t *in, int nout,
                                        const oml_coll_block_t *out, const oml_tp_comm_t *comm);

#endif /* OML_COLL_H */
