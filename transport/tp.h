/*
 * transport/tp.h: the point-to-point engine's interface, used by ompi-lite/ and collectives/.
 *
 * The transport moves bytes tagged with (context, source, tag). It knows nothing of MPI types:
 * callers turn (count, datatype) into a byte length and communicators into oml_tp_comm_t.
 * One matching engine serves every wire, so a wildcard receive is exact whichever wire a peer
 * uses. Messages from one sender on one context are matched in the order they were sent.
 */
#ifndef OML_TP_H
#define OML_TP_H

#include "runtime/rt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OML_TP_ANY_SOURCE (-1)
#define OML_TP_ANY_TAG (-2)

/* The transport's view of a communicator. */
typedef struct oml_tp_comm {
    uint32_t ctx;     /* context id, matched on the receive side */
    int rank;         /* this process's rank in the communicator */
    int size;         /* number of ranks */
    const int *world; /* communicator rank -> job rank; NULL when they are the same */
} oml_tp_comm_t;

enum { OML_TP_REQ_SEND = 1, OML_TP_REQ_RECV = 2 };

/*
 * A request lives in caller memory from isend/irecv until it completes. The first block is
 * public; the rest belongs to the transport.
 */
typedef struct oml_tp_req {
    volatile int complete; /* set once the operation is done */
    oml_status_t status;   /* OML_OK, or OML_ERR_TRUNCATE when a message did not fit */
    int source;            /* receives: communicator rank of the sender */
    int tag;               /* receives: tag of the matched message */
    size_t len;            /* receives: bytes delivered into the buffer */

    /* transport-private */
    struct oml_tp_req *next;
    int kind;
    uint32_t ctx;
    int peer;     /* sends: destination job rank; receives: wanted source (comm rank) or ANY */
    int want_tag; /* receives: wanted tag or ANY */
    void *buf;
    size_t cap;         /* receives: buffer capacity; sends: message length */
    void *mr;           /* rendezvous: memory registration of buf */
    uint64_t peer_sreq; /* rendezvous receives: the sender's request id for FIN */
    int src_world;
    size_t msg_len;  /* receives: full length of the matched message (> len when truncated) */
    size_t awaiting; /* CTS rendezvous receives: bytes still to arrive in DATA packets */
    size_t granted;  /* CTS rendezvous: receives, bytes the sender may push; sends, bytes pushed */
    uint32_t seq;    /* sends: sequence number of the EAGER or RTS packet, which CANCEL names */
    bool eager;      /* sends: went eagerly (complete as soon as sent) */
    bool cancelling; /* sends: a CANCEL awaits its answer */
} oml_tp_req_t;

/* Opens the wires and exchanges business cards. Needs oml_rt_init first. */
oml_status_t oml_tp_init(void);

/* Completes outstanding wire work and closes the wires. */
oml_status_t oml_tp_finalize(void);

/*
 * Starts a send of len bytes at buf to communicator rank dst. The buffer must stay untouched
 * until req->complete is set.
 */
oml_status_t oml_tp_isend(oml_tp_req_t *req, const void *buf, size_t len, int dst, int tag,
                          const oml_tp_comm_t *comm);

/*
 * Like oml_tp_isend, but the request completes only once the receiver has matched the message
 * (MPI_Ssend): the message always goes by rendezvous, whose FIN follows the match.
 */
oml_status_t oml_tp_issend(oml_tp_req_t *req, const void *buf, size_t len, int dst, int tag,
                           const oml_tp_comm_t *comm);

/*
 * Posts a receive of up to cap bytes from communicator rank src (or OML_TP_ANY_SOURCE) with tag
 * (or OML_TP_ANY_TAG, which matches tags >= 0).
 */
oml_status_t oml_tp_irecv(oml_tp_req_t *req, void *buf, size_t cap, int src, int tag,
                          const oml_tp_comm_t *comm);

/* A message taken out of matching by oml_tp_iprobe, to be received by oml_tp_imrecv. */
typedef struct oml_tp_unexp oml_tp_msg_t;

/* What a probe found: the sender's communicator rank, the tag and the message length. */
typedef struct oml_tp_probe {
    int source;
    int tag;
    size_t len;
} oml_tp_probe_t;

/*
 * Drives progress once, then looks for a message that a receive (src, tag) on comm would match
 * now. Returns true and fills *info when there is one. With msg_p, the message is also taken
 * out of matching (MPI_Improbe): no other receive can match it, oml_tp_imrecv receives it.
 */
bool oml_tp_iprobe(int src, int tag, const oml_tp_comm_t *comm, oml_tp_probe_t *info,
                   oml_tp_msg_t **msg_p);

/* Receives a message taken by oml_tp_iprobe into up to cap bytes at buf. */
oml_status_t oml_tp_imrecv(oml_tp_req_t *req, void *buf, size_t cap, oml_tp_msg_t *msg);

/*
 * Cancels a posted receive that nothing has matched yet: true, and the request is complete
 * with status OML_ERR_CANCELLED. False when a message already matched it.
 */
bool oml_tp_cancel_recv(oml_tp_req_t *req);

/*
 * Asks the receiver to withdraw a send that no receive has matched yet (MPI_Cancel): a
 * rendezvous send before its FIN, or an eager one (complete as sent) that the caller has not
 * yet finished. True when a cancel was sent: the request is then incomplete until the
 * receiver answers, and completes with status OML_ERR_CANCELLED when the message was
 * withdrawn, else as the send would have (a receive had matched it). False when there is
 * nothing to cancel (a rendezvous send that completed, or a cancel under way).
 */
bool oml_tp_cancel_send(oml_tp_req_t *req);

/* Drives every wire once, then the progress hooks; returns the number of events handled. */
int oml_tp_progress(void);

/*
 * Adds a function that every oml_tp_progress call runs after driving the wires (the collective
 * layer advances its background schedules there, one-sided windows serve their peers); it
 * returns the events it handled. Adding one twice adds it once.
 */
void oml_tp_add_progress_hook(int (*hook)(void));

/*
 * Drives every wire once, for callers that loop until something happens: when nothing did
 * and the node has more ranks than cores, yields the core first.
 */
int oml_tp_progress_idle(void);
/*
 * A function oml_tp_progress_idle calls after each round instead of yielding itself (NULL:
 * none): the MPI layer's hand-over of its lock at MPI_THREAD_MULTIPLE, so that a thread waiting
 * in a blocking call lets the others in, and yields the core without holding the lock. yield:
 * the round found nothing and this rank yields its core. Every blocking wait of the upper layers
 * goes through oml_tp_progress_idle.
 */
void oml_tp_set_idle_hook(void (*hook)(bool yield));

/*
 * Do this rank's blocking waits yield the core (its cores are shared with other ranks, or
 * OMPI_LITE_YIELD=1)? Each rank answers from its own binding, so ranks of one node may differ.
 */
bool oml_tp_yields(void);

/*
 * Does this node hold more of the job's ranks than it has cores online? The same answer on
 * every rank of the node, for choices that all of them must make alike.
 */
bool oml_tp_node_crowded(void);

/* Drives progress until req completes; yields the core when the node is oversubscribed. */
void oml_tp_wait(oml_tp_req_t *req);

/* Waits for n requests; NULL entries are skipped. */
void oml_tp_waitall(int n, oml_tp_req_t *const *reqs);

/* What the engine has counted, for tools. Safe to call from any thread at any time while the
 * transport is up (the values are loaded without a lock, each on its own). */
typedef struct oml_tp_counts {
    uint64_t eager_sent;        /* messages sent eagerly, in one packet or several */
    uint64_t rndv_sent;         /* messages sent by rendezvous */
    uint64_t unexpected;        /* messages that arrived before a receive was posted for them */
    uint64_t unexpected_queued; /* arrived messages waiting for their receive now */
    uint64_t posted_queued;     /* posted receives waiting for their message now */
} oml_tp_counts_t;
void oml_tp_counts(oml_tp_counts_t *c);

#endif /* OML_TP_H */
