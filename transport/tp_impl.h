/*
 * transport/tp_impl.h: the transport's internal interfaces: packet layouts (docs/protocol.md),
 * the wire ops table, matching queues and sequence reordering.
 */
#ifndef OML_TP_IMPL_H
#define OML_TP_IMPL_H

#include "transport/tp.h"

#include <stdbool.h>

/* ---- wire protocol (docs/protocol.md) ---- */
#define OML_TP_PROTO_VERSION 6

enum {
    OML_TP_PKT_EAGER = 1,  /* header + the payload; matched */
    OML_TP_PKT_RTS = 2,    /* rendezvous request to send; matched */
    OML_TP_PKT_FIN = 3,    /* rendezvous read finished; not matched */
    OML_TP_PKT_CREDIT = 4, /* eager window returned to the sender; not matched */
    OML_TP_PKT_FRAG = 5,   /* next part of a multi-packet eager message; sequenced, not matched */
    OML_TP_PKT_CTS = 6,    /* rendezvous without RMA: receiver matched, send the data */
    OML_TP_PKT_DATA = 7,   /* rendezvous without RMA: a piece of the data at an offset */
    OML_TP_PKT_CANCEL = 8, /* withdraw a send not matched yet; sequenced, not matched */
    OML_TP_PKT_CANCEL_ACK = 9 /* the receiver's answer to CANCEL; not matched */
};

/* RTS flag: no RMA read; the receiver answers CTS and the sender pushes DATA packets. */
#define OML_TP_FLAG_CTS 0x2

/* EAGER flag: the message is longer than this packet; FRAG packets with the rest follow. */
#define OML_TP_FLAG_MULTI 0x1

/* By default messages of up to this many packets go eagerly in several; above, rendezvous. */
#define OML_TP_RNDV_PACKETS 2

/*
 * Flow control: a sender may have at most a window of bytes in eager messages that the
 * receiver has not matched yet; each eager message costs its length plus
 * OML_TP_EAGER_COST_OVERHEAD (what an early message costs the receiving side besides its bytes:
 * our queue entry and the provider's buffer; docs/protocol.md). Beyond the window
 * a message goes by rendezvous, whose data stays with the sender. The receiver returns the
 * window with CREDIT packets as its receives match eager messages.
 */
#define OML_TP_EAGER_COST_OVERHEAD 1024
#define OML_TP_EAGER_WINDOW_DEFAULT (4u << 20)

typedef struct oml_tp_hdr {
    uint8_t type;
    uint8_t version;
    uint16_t flags;
    uint32_t ctx;
    int32_t tag;
    int32_t src;        /* sender's rank in the communicator */
    uint32_t src_world; /* sender's job rank */
    uint32_t seq;       /* per (sender, receiver) sequence of matched packets */
    uint64_t len;       /* message length (EAGER, RTS), bytes taken (CTS), payload (FRAG, DATA) */
} oml_tp_hdr_t;

typedef struct oml_tp_rts {
    oml_tp_hdr_t hdr;
    uint64_t addr; /* remote address of the data, as the wire's RMA read wants it */
    uint64_t key;  /* remote key of the registration */
    uint64_t sreq; /* sender's request, echoed in FIN */
} oml_tp_rts_t;

typedef struct oml_tp_fin {
    oml_tp_hdr_t hdr;
    uint64_t sreq;
} oml_tp_fin_t;

typedef struct oml_tp_cts {
    oml_tp_hdr_t hdr; /* len: bytes to send: the message, or less when the receive is shorter */
    uint64_t sreq;    /* the sender's request, from the RTS */
    uint64_t rreq;    /* the receiver's request, echoed in every DATA packet */
    uint64_t grant;   /* the sender may push the bytes before this offset (<= hdr.len) */
} oml_tp_cts_t;

/*
 * CTS rendezvous pipeline: the receiver lets the sender push at most a window of DATA beyond
 * what has arrived (OMPI_LITE_RNDV_WINDOW bytes; by default this many packets of the wire),
 * and extends it by half a window at a time as the data comes in (tp_proto.c).
 */
#define OML_TP_RNDV_WINDOW_PACKETS 64

typedef struct oml_tp_data {
    oml_tp_hdr_t hdr; /* len: payload bytes in this packet */
    uint64_t rreq;
    uint64_t offset;
} oml_tp_data_t;

/*
 * CANCEL follows the message it names in the sender's sequence, so the receiver has that
 * message in its unexpected queue (or has matched it) when CANCEL's turn comes. CANCEL_ACK says
 * whether the receiver took the message out.
 */
typedef struct oml_tp_cancel {
    oml_tp_hdr_t hdr;
    uint64_t sreq;      /* the sender's request */
    uint32_t msg_seq;   /* sequence number of the message (its EAGER or RTS packet) */
    uint32_t withdrawn; /* CANCEL_ACK: 1 when the message was removed unmatched */
} oml_tp_cancel_t;

typedef struct oml_tp_credit {
    oml_tp_hdr_t hdr;
    uint64_t bytes; /* window returned to the receiver of this packet */
} oml_tp_credit_t;

/* ---- wires ---- */
typedef struct oml_tp_mr {
    void *handle;  /* wire's registration object */
    void *desc;    /* local descriptor for the wire's operations */
    uint64_t key;  /* remote key */
    uint64_t addr; /* remote address of the buffer's first byte */
} oml_tp_mr_t;

typedef void (*oml_tp_rma_done_fn)(void *arg, oml_status_t st);

typedef struct oml_tp_wire oml_tp_wire_t;
struct oml_tp_wire {
    const char *name;
    size_t eager_limit; /* payload bytes an EAGER packet may carry */
    size_t max_pkt;     /* largest packet: header + eager_limit */
    bool has_rma;       /* rma_get is available */
    size_t
        rndv_threshold; /* longest message sent eagerly (in several packets); set by the engine */
    /*
     * A longer message goes by rendezvous, even within the eager limit, when no other
     * rendezvous send to the peer is in flight (tp_proto.c); SIZE_MAX: never. Set by the engine.
     */
    size_t lone_rndv_min;
    /* Sends one packet (hdr then payload). The wire copies both: buffers are reusable at once. */
    oml_status_t (*am_send)(oml_tp_wire_t *w, int peer, const void *hdr, size_t hdrlen,
                            const void *payload, size_t len);
    /*
     * Reads len bytes from the peer's registered memory into local; calls done(arg) after.
     * OML_ERR_UNSUPPORTED: the read is not permitted (the engine falls back to CTS).
     */
    oml_status_t (*rma_get)(oml_tp_wire_t *w, int peer, void *local, size_t len,
                            const oml_tp_mr_t *local_mr, uint64_t raddr, uint64_t rkey,
                            oml_tp_rma_done_fn done, void *arg);
    /* Registers buf; peer_reads: the peer reads it (a rendezvous send), else we read into it. */
    oml_status_t (*mem_reg)(oml_tp_wire_t *w, void *buf, size_t len, bool peer_reads,
                            oml_tp_mr_t *mr_p);
    void (*mem_dereg)(oml_tp_wire_t *w, oml_tp_mr_t *mr);
    int (*progress)(oml_tp_wire_t *w);
    /* True when nothing of ours is queued or in flight on the wire. */
    bool (*quiet)(oml_tp_wire_t *w);
    void (*close)(oml_tp_wire_t *w);
};

/* Opens the libfabric wire; NULL with a message printed when no provider fits. */
oml_tp_wire_t *oml_tp_ofi_open(oml_status_t *st_p);
/*
 * Opens the shared-memory wire among this node's ranks (oml_rt_job.local_peers); the node's
 * first rank creates the segment. NULL with a message printed on failure.
 */
oml_tp_wire_t *oml_tp_shm_open(oml_status_t *st_p);
/* Maps the segment (after the modex fence, when its creator has made it). */
oml_status_t oml_tp_shm_attach(void);
/* The engine sends to and receives from this local job rank through shm: poll its ring. */
void oml_tp_shm_poll_peer(int job_rank);
/* The wire that carries a process's messages to itself. */
oml_tp_wire_t *oml_tp_self_open(void);

/* Prints "ompi-lite: rank R on HOST: what: detail" and ends the job. */
void oml_tp_die(const char *what, const char *detail) __attribute__((noreturn));

/* Header bytes of a packet of the given type (0 for an unknown type). */
size_t oml_tp_hdr_len(uint8_t type);

/*
 * Called by a wire for every packet that arrives: hdr (oml_tp_hdr_len bytes) and payload. The
 * memory is the wire's again after return.
 */
void oml_tp_pkt_arrived(int peer, const void *hdr, const void *payload, size_t len);

/*
 * Protocol choice: a message goes in one EAGER packet when it fits the wire's eager limit, up
 * to the rendezvous threshold in an EAGER MULTI packet and FRAGs (tp_proto.c), else by
 * rendezvous: RTS, one RMA read by the receiver, FIN; or, on a wire without RMA (has_rma
 * false) or with OMPI_LITE_RNDV_PROTO=cts, RTS, CTS from the receiver, DATA pushed by the sender.
 * The ofi wire still asks libfabric for FI_RMA when it picks a provider.
 */
static inline bool oml_tp_proto_is_eager(const oml_tp_wire_t *w, size_t len)
{
    return len <= w->eager_limit;
}

/* ---- matching (tp_match.c: pure logic, unit tested) ---- */

/* A message that arrived before its receive was posted. */
typedef struct oml_tp_unexp {
    struct oml_tp_unexp *next;
    oml_tp_rts_t rts; /* header (and RTS fields when the packet was an RTS) */
    void *data;       /* EAGER payload copy: right after the entry, in the same allocation */
} oml_tp_unexp_t;

typedef struct oml_tp_queue {
    void *head;
    void *tail;
    size_t len; /* entries: tools read it from any thread (relaxed loads), never walking */
} oml_tp_queue_t;

bool oml_tp_match_fits(int want_src, int want_tag, uint32_t want_ctx, const oml_tp_hdr_t *h);
/* Removes and returns the first posted receive that the header matches, or NULL. */
oml_tp_req_t *oml_tp_match_posted(oml_tp_queue_t *posted, const oml_tp_hdr_t *h);
/* Removes and returns the first unexpected message that the receive matches, or NULL. */
oml_tp_unexp_t *oml_tp_match_unexp(oml_tp_queue_t *unexp, uint32_t ctx, int src, int tag);
/* The first unexpected message that the receive would match, left in the queue; or NULL. */
oml_tp_unexp_t *oml_tp_match_peek(const oml_tp_queue_t *unexp, uint32_t ctx, int src, int tag);
/* Removes and returns the unexpected message with this sender (job rank) and sequence number. */
oml_tp_unexp_t *oml_tp_unexp_take_seq(oml_tp_queue_t *unexp, uint32_t src_world, uint32_t seq);
/* Unlinks r from q; false when r is not in q. */
bool oml_tp_queue_remove_req(oml_tp_queue_t *q, oml_tp_req_t *r);
void oml_tp_queue_push_req(oml_tp_queue_t *q, oml_tp_req_t *r);
void oml_tp_queue_push_unexp(oml_tp_queue_t *q, oml_tp_unexp_t *u);

/*
 * Sequence reordering: matched packets from one peer are handed to the matcher strictly in
 * sequence order, whatever order the wire delivered them in.
 */
typedef struct oml_tp_seq_pkt {
    struct oml_tp_seq_pkt *next;
    uint32_t seq;
    size_t len;
    unsigned char data[];
} oml_tp_seq_pkt_t;

typedef struct oml_tp_seq {
    uint32_t next_recv;     /* sequence number the matcher wants next */
    uint32_t next_send;     /* sequence number of our next matched packet to the peer */
    oml_tp_seq_pkt_t *held; /* early packets, sorted by sequence */
} oml_tp_seq_t;

/* Keeps a copy of an early packet: its header and payload, one after the other. */
oml_status_t oml_tp_seq_hold(oml_tp_seq_t *s, uint32_t seq, const void *hdr, size_t hlen,
                             const void *payload, size_t plen);
/* Returns (and unlinks) the held packet whose turn it is, or NULL; the caller frees it. */
oml_tp_seq_pkt_t *oml_tp_seq_take_ready(oml_tp_seq_t *s);

/*
 * A byte count from an environment variable's text: decimal or 0x hex digits with an optional
 * suffix k, m or g; false for anything else (a sign, other characters, too large).
 */
bool oml_tp_size_valid(const char *text, size_t *n_p);
/* The byte count of text; dflt when it is unset, empty or not a size (oml_tp_init checks). */
size_t oml_tp_parse_size(const char *text, size_t dflt);

#endif /* OML_TP_IMPL_H */
