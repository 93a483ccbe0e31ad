/*
 * transport/tp_shm.c: the shared-memory wire between ranks of one node.
 *
 * One segment per node and job (/dev/shm/oml-<job>-<node>, mode 0600), created by the node's
 * first rank before the modex fence and mapped by the others after it. It holds one ring for
 * every ordered pair of the node's ranks: ring (s -> r) is written only by s and read only by r, so
 * neither side needs an atomic read-modify-write. A ring is an array of slots of one cache line and
 * a data area:
 *
 *   - a slot holds a word (stamp, kind and lengths), stored last with release order, and 56
 *     bytes: the packet's header and, when it fits, its payload. The stamp is the slot's
 *     position in the ring + 1, so the receiver, polling the word of the slot at its read
 *     position, tells a new packet from the last lap's. Consecutive packets fill consecutive
 *     lines, which the sender's and the receiver's prefetchers stream;
 *   - the common EAGER header (32 bytes) is stored as its 16 varying bytes (the rest follows
 *     from the ring and the payload), so a message of up to 40 bytes is one cache line;
 *   - a longer payload goes to the data area, in whole lines, one after the other (a payload
 *     that would cross the area's end starts at its beginning); both sides compute where;
 *   - the receiver publishes how far it has read in both (tails) on its own cache line; the
 *     sender reads them only when its private copies say the ring is full. A full ring never
 *     blocks: packets wait in a per-peer queue, sent in order as space comes free.
 *
 * The segment's name is removed as soon as every local rank has mapped it (the last one to
 * attach unlinks it), so a crash after start-up leaves nothing in /dev/shm; mpirun removes the
 * name of a job that died before that. Large messages go by rendezvous, and the receiver reads
 * them with one process_vm_readv (CMA) from the sender's buffer; where CMA is not permitted
 * (ptrace restrictions, OMPI_LITE_SHM_CMA=0) the engine moves them by CTS and DATA packets
 * through the rings instead (a copy pipeline).
 */
#include "transport/tp_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define SHM_MAGIC 0x6f6d6c2d73686d32ull /* "oml-shm2": slots and a data area */
#define SHM_MAX_PKT 8240                /* header + 8 KiB payload: the largest packet */
#define SHM_CELL_BYTES 8256             /* a largest payload in whole lines, and its slot */
#define SHM_SLOT_BODY 56                /* a slot's bytes after its word */
#define SHM_RING_BUDGET (4u << 20)      /* data bytes: this many per receiver, ... */
#define SHM_MIN_CELLS 8                 /* ... but room for at least this many largest packets */
#define SHM_MAX_CELLS 64                /* ... and at most this many */
#define SHM_MIN_SLOTS 128               /* slots: at least this many, else one per KiB of data */
#define SHM_POLL_BATCH 16               /* packets taken from one ring per progress call */
#define SHM_XFER_SLOTS 64               /* shared transfers a rank may have in flight as sender */
#define SHM_XFER_MIN (512u << 10)       /* messages from this size are copied by both sides */
#define SHM_XFER_CHUNK (128u << 10)
#define SHM_HOT_SLOTS 64         /* a ring the receiver keeps up with uses its first slots ... */
#define SHM_HOT_DATA (16u << 10) /* ... and data bytes (shm_rewind), ... */
#define SHM_HOT_LEN 2048         /* ... for payloads up to this size */
#define SHM_REWIND_RETRY 16      /* packets before a sender looks again whether it may */

/*
 * A slot's word: bits 0-31 the stamp, 32-39 the kind, 40-47 the stored header's bytes, 48-63
 * header + payload bytes.
 */
enum {
    SHM_REC_FULL = 1,  /* the packet's header as the engine gave it */
    SHM_REC_EAGER = 2, /* an EAGER header in 16 bytes (shm_eager_t) */
    SHM_REC_REWIND = 3 /* no packet: the sender goes on at the start of its slots or data */
};

/* The first body byte of a SHM_REC_REWIND slot: what starts again. */
enum { SHM_REWIND_SLOTS = 1, SHM_REWIND_DATA = 2 };

/* What varies in a single-packet EAGER header from this sender. */
typedef struct shm_eager {
    uint32_t ctx;
    int32_t tag;
    int32_t src;
    uint32_t seq;
} shm_eager_t;

typedef struct shm_slot {
    _Atomic uint64_t word;
    unsigned char body[SHM_SLOT_BODY];
} shm_slot_t;

_Static_assert(sizeof(shm_slot_t) == 64, "a slot is one cache line");
_Static_assert(sizeof(oml_tp_rts_t) <= SHM_SLOT_BODY && sizeof(oml_tp_cts_t) <= SHM_SLOT_BODY &&
                   sizeof(oml_tp_data_t) <= SHM_SLOT_BODY &&
                   sizeof(oml_tp_cancel_t) <= SHM_SLOT_BODY,
               "every header fits a slot");

typedef struct shm_ring {
    _Alignas(64) _Atomic uint64_t tail; /* slots the receiver has read */
    _Atomic uint64_t data_tail;         /* data bytes the receiver has read */
    unsigned char pad[64 - 2 * sizeof(uint64_t)];
    shm_slot_t slots[]; /* nslots, then data_bytes of data */
} shm_ring_t;

typedef struct shm_seg_hdr {
    _Atomic uint64_t magic; /* stored last by the creator */
    uint32_t local_size;
    uint32_t data_bytes;
    _Atomic uint32_t attached; /* ranks that have mapped the segment */
    uint32_t pad;
    _Atomic int32_t pids[]; /* by local rank, written at attach */
} shm_seg_hdr_t;

/*
 * A shared transfer: a large message that sender and receiver copy together, each process
 * taking the next chunk with an atomic increment, the receiver with process_vm_readv from the
 * sender's buffer, the sender (while it waits in MPI) with process_vm_writev into the
 * receiver's. Two cores copy at once where one did; a sender that is busy elsewhere simply
 * leaves every chunk to the receiver. Each rank owns SHM_XFER_SLOTS of them in the segment; the
 * sender takes one for an RTS (its number + 1 is the RTS key) and frees it at FIN, which the
 * receiver sends once every chunk is done.
 */
typedef struct shm_xfer {
    _Alignas(64) _Atomic uint32_t next; /* next chunk to claim */
    _Atomic uint32_t done;              /* chunks copied */
    _Atomic uint32_t nchunks;           /* set by the receiver, with release: the start signal */
    uint32_t reader;                    /* the receiver's local rank */
    uint64_t dst;                       /* receiver's buffer */
    uint64_t src;                       /* sender's buffer */
    uint64_t len;
} shm_xfer_t;

/* A receive waiting for the sender's chunks of a shared transfer. */
typedef struct shm_wait {
    struct shm_wait *next;
    shm_xfer_t *x;
    oml_tp_rma_done_fn done;
    void *arg;
} shm_wait_t;

/* A packet waiting for a free cell in the ring to one peer. */
typedef struct shm_pending {
    struct shm_pending *next;
    uint32_t len, hlen;
    unsigned char data[];
} shm_pending_t;

/* What this process keeps per local peer. */
typedef struct shm_peer {
    shm_ring_t *out;         /* ring to the peer */
    shm_ring_t *in;          /* ring from the peer */
    uint64_t head;           /* next slot we write in out */
    uint64_t data_head;      /* next data byte we write in out */
    uint64_t tail_seen;      /* out's tail as we last read it */
    uint64_t data_tail_seen; /* out's data_tail as we last read it */
    uint64_t next_read;      /* next slot we read in in */
    uint64_t data_read;      /* next data byte we read in in */
    uint64_t rewind_try;     /* the next head at which we may look at out's tails (shm_rewind) */
    shm_pending_t *pending, *pending_tail;
    int job_rank;
} shm_peer_t;

static struct {
    oml_tp_wire_t wire;
    char name[300]; /* the segment's name, for shm_open/shm_unlink */
    unsigned char *seg;
    size_t seg_len;
    size_t hdr_len;
    size_t ring_len;
    uint32_t nslots;     /* slots per ring, a power of two */
    uint32_t data_bytes; /* data bytes per ring, whole largest payloads */
    int me;              /* local rank */
    int nlocal;          /* local ranks */
    int *loc;            /* job rank -> local rank, -1 when not on this node */
    shm_peer_t *peers;   /* by local rank */
    int *poll;           /* local ranks we read from */
    int npoll;
    int npending;       /* peers with queued packets */
    bool cma;           /* process_vm_readv allowed (as far as we know) */
    bool coop;          /* shared transfers (OMPI_LITE_SHM_COOP, default on) */
    size_t xfer_len;    /* bytes of the transfer tables */
    uint64_t xfer_busy; /* our slots in use, one bit each */
    shm_wait_t *waits;  /* receives waiting for the sender's chunks */
    bool unlinked;
    bool in_progress;
} oml_tp_shm_global;

#define SHM oml_tp_shm_global

static void shm_fatal(const char *what, int err)
{
    oml_tp_die(what, strerror(err));
}

static inline shm_xfer_t *shm_xfer(int owner, int slot)
{
    return (shm_xfer_t *)(SHM.seg + SHM.hdr_len) + (size_t)owner * SHM_XFER_SLOTS + (size_t)slot;
}

static inline shm_ring_t *shm_ring(int from, int to)
{
    return (shm_ring_t *)(SHM.seg + SHM.hdr_len + SHM.xfer_len +
                          ((size_t)to * (size_t)SHM.nlocal + (size_t)from) * SHM.ring_len);
}

static inline shm_seg_hdr_t *shm_hdr(void)
{
    return (shm_seg_hdr_t *)SHM.seg;
}

static inline uint32_t shm_stamp(uint64_t pos)
{
    return (uint32_t)(pos + 1);
}

static inline unsigned char *shm_data(shm_ring_t *ring)
{
    return (unsigned char *)&ring->slots[SHM.nslots];
}

/*
 * Where a payload of len bytes goes in the data area when the bytes from pos on are free: pos,
 * or the area's next start when it would cross the end; *off_p its offset in the area.
 */
static inline uint64_t shm_data_at(uint64_t pos, size_t len, size_t *off_p)
{
    uint64_t off = pos % SHM.data_bytes;
    if (off + len > SHM.data_bytes) {
        *off_p = 0;
        return pos + (SHM.data_bytes - off);
    }
    *off_p = (size_t)off;
    return pos;
}

static inline size_t shm_lines(size_t len)
{
    return (len + 63) & ~(size_t)63;
}

/* The next multiple of unit at or after pos. */
static inline uint64_t shm_round_up(uint64_t pos, uint64_t unit)
{
    uint64_t off = pos % unit;
    return off == 0 ? pos : pos + (unit - off);
}

/*
 * Keeps the ring's working set small. Slots and data bytes are used one after the other around
 * the whole ring, so a stream of small messages that the receiver takes at once would touch a
 * new cache line per message, long evicted since the last lap (the ring is sized for a window
 * of 8 KiB messages); lines that went back and forth a moment ago are far cheaper to write and
 * read. So when the sender's slot position is past the first SHM_HOT_SLOTS of the lap, or its
 * data position past the first SHM_HOT_DATA bytes, and the receiver has taken everything
 * (the tails equal the heads), it writes a REWIND record in its next slot and goes on at the
 * start of the next lap of the slots, the data area, or both; the receiver follows. A sender
 * whose receiver lags behind looks again only SHM_REWIND_RETRY packets later (reading the tails
 * costs a cache line from the receiver's core). Each position only moves forward, so the room
 * checks stay as they are: the skipped part counts as used until the receiver has passed the
 * REWIND, and at least SHM_HOT_SLOTS slots and SHM_HOT_DATA bytes are free before that matters.
 * Payloads over SHM_HOT_LEN keep the whole data area: there the fresh lines were faster (osu
 * latency 8 KiB 2.7 us against 3.2). Measured on two cores, osu alltoall at 2 ranks, medians of
 * 8 interleaved rounds: 64 B 0.89 us against 1.09 with the whole ring, 128 B 0.95 against 1.26.
 */
static void shm_rewind(shm_peer_t *p, bool slots, bool data)
{
    p->tail_seen = atomic_load_explicit(&p->out->tail, memory_order_acquire);
    p->data_tail_seen = atomic_load_explicit(&p->out->data_tail, memory_order_acquire);
    if (p->tail_seen != p->head || p->data_tail_seen != p->data_head) {
        p->rewind_try = p->head + SHM_REWIND_RETRY;
        return;
    }
    shm_slot_t *slot = &p->out->slots[p->head & (SHM.nslots - 1)];
    slot->body[0] = (unsigned char)((slots ? SHM_REWIND_SLOTS : 0) | (data ? SHM_REWIND_DATA : 0));
    atomic_store_explicit(&slot->word,
                          (uint64_t)shm_stamp(p->head) | (uint64_t)SHM_REC_REWIND << 32,
                          memory_order_release);
    p->head = slots ? shm_round_up(p->head + 1, SHM.nslots) : p->head + 1;
    if (data)
        p->data_head = shm_round_up(p->data_head, SHM.data_bytes);
}

/* Writes one packet into the peer's ring; false when the ring is full. */
static bool shm_put(shm_peer_t *p, const void *hdr, size_t hlen, const void *payload, size_t len)
{
    const oml_tp_hdr_t *h = hdr;
    bool eager = hlen == sizeof(oml_tp_hdr_t) && h->type == OML_TP_PKT_EAGER && h->flags == 0 &&
                 h->version == OML_TP_PROTO_VERSION && h->len == len &&
                 h->src_world == (uint32_t)oml_rt_job.rank;
    size_t slen = eager ? sizeof(shm_eager_t) : hlen;
    bool apart = slen + len > SHM_SLOT_BODY; /* the payload goes to the data area */
    uint64_t end = p->data_head;
    size_t off = 0;
    if (apart)
        end = shm_data_at(end, len, &off) + shm_lines(len);
    bool hot_slots = (p->head & (SHM.nslots - 1)) < SHM_HOT_SLOTS,
         hot_data = off < SHM_HOT_DATA || len > SHM_HOT_LEN;
    if ((!hot_slots || !hot_data) && p->head >= p->rewind_try) {
        shm_rewind(p, !hot_slots, !hot_data);
        if (apart)
            end = shm_data_at(p->data_head, len, &off) + shm_lines(len);
    }
    if (p->head - p->tail_seen >= SHM.nslots || end - p->data_tail_seen > SHM.data_bytes) {
        p->tail_seen = atomic_load_explicit(&p->out->tail, memory_order_acquire);
        p->data_tail_seen = atomic_load_explicit(&p->out->data_tail, memory_order_acquire);
        if (p->head - p->tail_seen >= SHM.nslots || end - p->data_tail_seen > SHM.data_bytes)
            return false;
    }
    shm_slot_t *slot = &p->out->slots[p->head & (SHM.nslots - 1)];
    if (eager) {
        shm_eager_t e = {.ctx = h->ctx, .tag = h->tag, .src = h->src, .seq = h->seq};
        memcpy(slot->body, &e, sizeof(e));
    } else {
        memcpy(slot->body, hdr, hlen);
    }
    if (len > 0)
        memcpy(apart ? shm_data(p->out) + off : slot->body + slen, payload, len);
    uint64_t word = (uint64_t)shm_stamp(p->head) |
                    (uint64_t)(eager ? SHM_REC_EAGER : SHM_REC_FULL) << 32 | (uint64_t)slen << 40 |
                    (uint64_t)(slen + len) << 48;
    atomic_store_explicit(&slot->word, word, memory_order_release);
    p->head++;
    p->data_head = end;
    return true;
}

/* Sends what waits for the peer, in order, while its ring has room. */
static void shm_drain(shm_peer_t *p)
{
    while (p->pending != NULL) {
        shm_pending_t *q = p->pending;
        if (!shm_put(p, q->data, q->hlen, q->data + q->hlen, q->len - q->hlen))
            return;
        p->pending = q->next;
        if (p->pending == NULL) {
            p->pending_tail = NULL;
            SHM.npending--;
        }
        free(q);
    }
}

static oml_status_t shm_am_send(oml_tp_wire_t *w, int peer, const void *hdr, size_t hdrlen,
                                const void *payload, size_t len)
{
    (void)w;
    shm_peer_t *p = &SHM.peers[SHM.loc[peer]];
    if (p->pending == NULL && shm_put(p, hdr, hdrlen, payload, len))
        return OML_OK;
    shm_pending_t *q = malloc(sizeof(*q) + hdrlen + len);
    if (q == NULL)
        return OML_ERR_NOMEM;
    q->next = NULL;
    q->len = (uint32_t)(hdrlen + len);
    q->hlen = (uint32_t)hdrlen;
    memcpy(q->data, hdr, hdrlen);
    if (len > 0)
        memcpy(q->data + hdrlen, payload, len);
    if (p->pending_tail != NULL) {
        p->pending_tail->next = q;
    } else {
        p->pending = q;
        SHM.npending++;
    }
    p->pending_tail = q;
    return OML_OK;
}

/* Copies len bytes between this process and pid (read: from them); false when not permitted. */
static bool shm_cma(pid_t pid, bool read, void *local, uint64_t remote, size_t len)
{
    size_t off = 0;
    while (off < len) {
        struct iovec li = {(char *)local + off, len - off};
        struct iovec ri = {(void *)(uintptr_t)(remote + off), len - off};
        ssize_t n = read ? process_vm_readv(pid, &li, 1, &ri, 1, 0)
                         : process_vm_writev(pid, &li, 1, &ri, 1, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EPERM || errno == ENOSYS) && off == 0)
            return false;
        if (n <= 0)
            shm_fatal(read ? "process_vm_readv from a local rank"
                           : "process_vm_writev to a local rank",
                      n < 0 ? errno : EIO);
        off += (size_t)n;
    }
    return true;
}

static inline pid_t shm_pid(int local)
{
    return atomic_load_explicit(&shm_hdr()->pids[local], memory_order_acquire);
}

/*
 * Claims and copies chunks of x until none is left; the chunks this process did. Each claim takes
 * half of the chunks still unclaimed (at least one) and copies them in one call: a process that
 * copies alone makes log2(chunks) calls, not one per chunk (each call costs 1-2 us of page
 * pinning: bibw at 1-4 MiB lost 10-15% to 128 KiB calls), and two processes still end within
 * a chunk of each other.
 */
static uint32_t shm_xfer_work(shm_xfer_t *x, pid_t pid, bool receiver)
{
    uint32_t n = atomic_load_explicit(&x->nchunks, memory_order_acquire), mine = 0;
    uint32_t c = atomic_load_explicit(&x->next, memory_order_relaxed), k;
    for (;;) {
        do {
            if (c >= n)
                return mine;
            k = (n - c + 1) / 2;
        } while (!atomic_compare_exchange_weak_explicit(&x->next, &c, c + k, memory_order_relaxed,
                                                        memory_order_relaxed));
        uint64_t off = (uint64_t)c * SHM_XFER_CHUNK, len = (uint64_t)k * SHM_XFER_CHUNK;
        if (len > x->len - off)
            len = x->len - off;
        bool ok =
            receiver
                ? shm_cma(pid, true, (void *)(uintptr_t)(x->dst + off), x->src + off, (size_t)len)
                : shm_cma(pid, false, (void *)(uintptr_t)(x->src + off), x->dst + off, (size_t)len);
        if (!ok) /* refused after the receiver's first chunk went through */
            shm_fatal(receiver ? "process_vm_readv from a local rank"
                               : "process_vm_writev to a local rank",
                      EPERM);
        atomic_fetch_add_explicit(&x->done, k, memory_order_release);
        mine += k;
        c += k;
    }
}

/* Single-copy read from a local peer's memory; UNSUPPORTED when the kernel forbids it. */
static oml_status_t shm_rma_get(oml_tp_wire_t *w, int peer, void *local, size_t len,
                                const oml_tp_mr_t *local_mr, uint64_t raddr, uint64_t rkey,
                                oml_tp_rma_done_fn done, void *arg)
{
    (void)w, (void)local_mr;
    int l = SHM.loc[peer];
    pid_t pid = shm_pid(l);
    /* A rank with large sends of its own in flight (a two-way exchange, a shift) copies alone,
     * in one call: its peers' cores are busy with its sends, none would help. */
    if (rkey == 0 || len < SHM_XFER_MIN || SHM.xfer_busy != 0) {
        if (!shm_cma(pid, true, local, raddr, len))
            goto refused;
        done(arg, OML_OK);
        return OML_OK;
    }
    /* A shared transfer: try the first chunk alone, so a refusal is known before the sender
     * is let in. */
    shm_xfer_t *x = shm_xfer(l, (int)rkey - 1);
    size_t first = len < SHM_XFER_CHUNK ? len : SHM_XFER_CHUNK;
    if (!shm_cma(pid, true, local, raddr, first))
        goto refused;
    x->reader = (uint32_t)SHM.me;
    x->dst = (uint64_t)(uintptr_t)local;
    x->src = raddr;
    x->len = len;
    uint32_t n = (uint32_t)((len + SHM_XFER_CHUNK - 1) / SHM_XFER_CHUNK);
    atomic_store_explicit(&x->next, 1, memory_order_relaxed);
    atomic_store_explicit(&x->done, 1, memory_order_relaxed);
    atomic_store_explicit(&x->nchunks, n, memory_order_release);
    shm_xfer_work(x, pid, true);
    if (atomic_load_explicit(&x->done, memory_order_acquire) == n) {
        done(arg, OML_OK);
        return OML_OK;
    }
    shm_wait_t *wt = malloc(sizeof(*wt));
    if (wt == NULL)
        return OML_ERR_NOMEM;
    *wt = (shm_wait_t){.next = SHM.waits, .x = x, .done = done, .arg = arg};
    SHM.waits = wt;
    return OML_OK;
refused:
    SHM.cma = false;
    SHM.wire.has_rma = false; /* later rendezvous go by CTS from the start */
    return OML_ERR_UNSUPPORTED;
}

/* Receives whose transfers the sender has finished. */
static int shm_waits_progress(void)
{
    int n = 0;
    for (shm_wait_t **pp = &SHM.waits; *pp != NULL;) {
        shm_wait_t *wt = *pp;
        uint32_t total = atomic_load_explicit(&wt->x->nchunks, memory_order_relaxed);
        if (atomic_load_explicit(&wt->x->done, memory_order_acquire) != total) {
            pp = &wt->next;
            continue;
        }
        *pp = wt->next;
        wt->done(wt->arg, OML_OK);
        free(wt);
        n++;
    }
    return n;
}

/*
 * Copies chunks of our slots that receivers started. Only an idle sender helps: a sender that
 * has receives of its own to copy (both directions busy, as in a bidirectional exchange) would
 * only take the same number of chunks from its peer, each a write into lines the peer's cache
 * holds, and measured slower (bibw 512 KiB-4 MiB 5-15% below copying alone).
 */
static int shm_xfer_help(void)
{
    int n = 0;
    for (uint64_t busy = SHM.xfer_busy; busy != 0; busy &= busy - 1) {
        int slot = __builtin_ctzll(busy);
        shm_xfer_t *x = shm_xfer(SHM.me, slot);
        uint32_t total = atomic_load_explicit(&x->nchunks, memory_order_acquire);
        if (total == 0 || atomic_load_explicit(&x->next, memory_order_relaxed) >= total)
            continue;
        n += (int)shm_xfer_work(x, shm_pid((int)x->reader), false);
    }
    return n;
}

/*
 * Nothing to register for CMA; a large buffer that the peer reads (a rendezvous send) gets a
 * shared-transfer slot (its number + 1 is the key; 0: the receiver reads alone). So the slots
 * in use are this rank's large sends in flight.
 */
static oml_status_t shm_mem_reg(oml_tp_wire_t *w, void *buf, size_t len, bool peer_reads,
                                oml_tp_mr_t *mr_p)
{
    (void)w;
    mr_p->handle = mr_p->desc = NULL;
    mr_p->key = 0;
    mr_p->addr = (uint64_t)(uintptr_t)buf;
    if (SHM.coop && peer_reads && len >= SHM_XFER_MIN && ~SHM.xfer_busy != 0) {
        int slot = __builtin_ctzll(~SHM.xfer_busy);
        shm_xfer_t *x = shm_xfer(SHM.me, slot);
        atomic_store_explicit(&x->nchunks, 0, memory_order_relaxed);
        atomic_store_explicit(&x->next, 0, memory_order_relaxed);
        atomic_store_explicit(&x->done, 0, memory_order_relaxed);
        SHM.xfer_busy |= 1ull << slot;
        mr_p->key = (uint64_t)slot + 1;
    }
    return OML_OK;
}

static void shm_mem_dereg(oml_tp_wire_t *w, oml_tp_mr_t *mr)
{
    (void)w;
    if (mr->key != 0)
        SHM.xfer_busy &= ~(1ull << (mr->key - 1));
    mr->key = 0;
}

/* Hands the packet in slot (its word read) to the engine; moves the data read position past it. */
static inline void shm_deliver(shm_peer_t *p, const shm_slot_t *slot, uint64_t word)
{
    size_t slen = (size_t)(word >> 40) & 0xff, len = (size_t)(word >> 48) - slen;
    const unsigned char *data = slot->body + slen;
    if (slen + len > SHM_SLOT_BODY) {
        size_t off;
        p->data_read = shm_data_at(p->data_read, len, &off) + shm_lines(len);
        data = shm_data(p->in) + off;
    }
    if (((word >> 32) & 0xff) == SHM_REC_EAGER) {
        shm_eager_t e;
        memcpy(&e, slot->body, sizeof(e));
        oml_tp_hdr_t h = {.type = OML_TP_PKT_EAGER,
                          .version = OML_TP_PROTO_VERSION,
                          .ctx = e.ctx,
                          .tag = e.tag,
                          .src = e.src,
                          .src_world = (uint32_t)p->job_rank,
                          .seq = e.seq,
                          .len = len};
        oml_tp_pkt_arrived(p->job_rank, &h, data, len);
    } else {
        oml_tp_pkt_arrived(p->job_rank, slot->body, data, len);
    }
}

static int shm_progress(oml_tp_wire_t *w)
{
    (void)w;
    if (SHM.in_progress)
        return 0;
    SHM.in_progress = true;
    int n = 0;
    if (SHM.npending > 0) {
        for (int i = 0; i < SHM.nlocal; i++) {
            if (SHM.peers[i].pending != NULL)
                shm_drain(&SHM.peers[i]);
        }
    }
    if (SHM.waits != NULL)
        n += shm_waits_progress();
    int got = 0; /* packets read */
    for (int i = 0; i < SHM.npoll; i++) {
        shm_peer_t *p = &SHM.peers[SHM.poll[i]];
        for (int k = 0; k < SHM_POLL_BATCH; k++) {
            shm_slot_t *slot = &p->in->slots[p->next_read & (SHM.nslots - 1)];
            uint64_t word = atomic_load_explicit(&slot->word, memory_order_acquire);
            if ((uint32_t)word != shm_stamp(p->next_read))
                break;
            if (((word >> 32) & 0xff) == SHM_REC_REWIND) {
                unsigned char what = slot->body[0];
                p->next_read = what & SHM_REWIND_SLOTS ? shm_round_up(p->next_read + 1, SHM.nslots)
                                                       : p->next_read + 1;
                if (what & SHM_REWIND_DATA)
                    p->data_read = shm_round_up(p->data_read, SHM.data_bytes);
            } else {
                shm_deliver(p, slot, word);
                p->next_read++;
                got++;
            }
            atomic_store_explicit(&p->in->data_tail, p->data_read, memory_order_release);
            atomic_store_explicit(&p->in->tail, p->next_read, memory_order_release);
        }
    }
    n += got;
    if (SHM.xfer_busy != 0 && got == 0)
        n += shm_xfer_help();
    SHM.in_progress = false;
    return n;
}

static bool shm_quiet(oml_tp_wire_t *w)
{
    (void)w;
    return SHM.npending == 0 && SHM.waits == NULL;
}

static void shm_unlink_name(void)
{
    if (!SHM.unlinked && shm_unlink(SHM.name) != 0 && errno != ENOENT)
        fprintf(stderr, "ompi-lite: rank %d: removing shared memory segment /dev/shm%s: %s\n",
                oml_rt_job.rank, SHM.name, strerror(errno));
    SHM.unlinked = true;
}

static void shm_close(oml_tp_wire_t *w)
{
    (void)w;
    for (int i = 0; i < SHM.nlocal; i++) {
        while (SHM.peers[i].pending != NULL) {
            shm_pending_t *q = SHM.peers[i].pending;
            SHM.peers[i].pending = q->next;
            free(q);
        }
    }
    while (SHM.waits != NULL) {
        shm_wait_t *wt = SHM.waits;
        SHM.waits = wt->next;
        free(wt);
    }
    /* A rank that never attached (it failed to start) leaves the name to us. */
    if (SHM.me == 0)
        shm_unlink_name();
    if (SHM.seg != NULL)
        munmap(SHM.seg, SHM.seg_len);
    free(SHM.peers);
    free(SHM.poll);
    free(SHM.loc);
    memset(&SHM, 0, sizeof(SHM));
}

/*
 * Data bytes per ring: room for OMPI_LITE_SHM_CELLS largest payloads, else SHM_RING_BUDGET
 * bytes per receiver shared by its senders (8 to 64 largest payloads); at least 2. Slots: a power
 * of two, at least one per KiB of data and SHM_MIN_SLOTS.
 */
static void shm_ring_size(int nlocal, uint32_t *nslots_p, uint32_t *data_p)
{
    size_t n = SHM_RING_BUDGET / ((size_t)SHM_CELL_BYTES * (size_t)(nlocal > 1 ? nlocal - 1 : 1));
    if (n < SHM_MIN_CELLS)
        n = SHM_MIN_CELLS;
    if (n > SHM_MAX_CELLS)
        n = SHM_MAX_CELLS;
    n = oml_tp_parse_size(getenv("OMPI_LITE_SHM_CELLS"), n);
    if (n < 2) /* two largest payloads and the waste of a wrap fit */
        n = 2;
    if (n > (1u << 30) / SHM_CELL_BYTES)
        n = (1u << 30) / SHM_CELL_BYTES;
    *data_p = (uint32_t)(n * SHM_CELL_BYTES);
    uint32_t slots = SHM_MIN_SLOTS;
    while (slots * 1024 < *data_p)
        slots *= 2;
    *nslots_p = slots;
}

oml_tp_wire_t *oml_tp_shm_open(oml_status_t *st_p)
{
    memset(&SHM, 0, sizeof(SHM));
    SHM.nlocal = oml_rt_job.local_size;
    SHM.me = oml_rt_job.local_rank;
    shm_ring_size(SHM.nlocal, &SHM.nslots, &SHM.data_bytes);
    SHM.hdr_len = (sizeof(shm_seg_hdr_t) + sizeof(int32_t) * (size_t)SHM.nlocal + 4095) & ~4095ul;
    SHM.ring_len = sizeof(shm_ring_t) + (size_t)SHM.nslots * sizeof(shm_slot_t) + SHM.data_bytes;
    SHM.xfer_len = (size_t)SHM.nlocal * SHM_XFER_SLOTS * sizeof(shm_xfer_t);
    SHM.seg_len =
        SHM.hdr_len + SHM.xfer_len + (size_t)SHM.nlocal * (size_t)SHM.nlocal * SHM.ring_len;
    SHM.loc = malloc(sizeof(int) * (size_t)oml_rt_job.size);
    SHM.peers = calloc((size_t)SHM.nlocal, sizeof(*SHM.peers));
    SHM.poll = calloc((size_t)SHM.nlocal, sizeof(int));
    if (SHM.loc == NULL || SHM.peers == NULL || SHM.poll == NULL) {
        *st_p = OML_ERR_NOMEM;
        return NULL;
    }
    for (int i = 0; i < oml_rt_job.size; i++)
        SHM.loc[i] = -1;
    for (int l = 0; l < SHM.nlocal; l++) {
        SHM.loc[oml_rt_job.local_peers[l]] = l;
        SHM.peers[l].job_rank = oml_rt_job.local_peers[l];
    }
    /* The name: the job's namespace made safe for a file name, and the node. */
    oml_rt_shm_name(SHM.name, sizeof(SHM.name), "");
    SHM.cma = true;
    const char *cma = getenv("OMPI_LITE_SHM_CMA");
    if (cma != NULL && *cma != '\0' && atoi(cma) == 0)
        SHM.cma = false;
    const char *coop = getenv("OMPI_LITE_SHM_COOP");
    SHM.coop = SHM.cma && (coop == NULL || *coop == '\0' || atoi(coop) != 0);

    SHM.wire = (oml_tp_wire_t){
        .name = "shm",
        .eager_limit = SHM_MAX_PKT - sizeof(oml_tp_hdr_t),
        .max_pkt = SHM_MAX_PKT,
        .has_rma = SHM.cma,
        .am_send = shm_am_send,
        .rma_get = shm_rma_get,
        .mem_reg = shm_mem_reg,
        .mem_dereg = shm_mem_dereg,
        .progress = shm_progress,
        .quiet = shm_quiet,
        .close = shm_close,
    };
    if (SHM.me != 0) {
        *st_p = OML_OK;
        return &SHM.wire;
    }
    /* The node's first rank creates the segment; the others map it after the fence. */
    int fd = shm_open(SHM.name, O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) {
        fprintf(stderr,
                "ompi-lite: rank %d on %s: cannot create the shared memory segment /dev/shm%s: "
                "%s%s\n",
                oml_rt_job.rank, oml_rt_job.hostname, SHM.name, strerror(errno),
                errno == EEXIST ? " (left by an earlier job of the same name? remove it)" : "");
        *st_p = OML_ERR_RUNTIME;
        return NULL;
    }
    int err = posix_fallocate(fd, 0, (off_t)SHM.seg_len);
    if (err == 0) {
        SHM.seg = mmap(NULL, SHM.seg_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (SHM.seg == MAP_FAILED) {
            SHM.seg = NULL;
            err = errno;
        }
    }
    close(fd);
    if (err != 0) {
        fprintf(
            stderr,
            "ompi-lite: rank %d on %s: cannot allocate %zu bytes of shared memory "
            "(/dev/shm%s: %u data bytes per ring, %d local ranks): %s. Give /dev/shm more space, "
            "lower OMPI_LITE_SHM_CELLS, or set OMPI_LITE_SHM=0 to use the fabric instead\n",
            oml_rt_job.rank, oml_rt_job.hostname, SHM.seg_len, SHM.name, SHM.data_bytes, SHM.nlocal,
            strerror(err));
        shm_unlink(SHM.name);
        *st_p = OML_ERR_RUNTIME;
        return NULL;
    }
    shm_seg_hdr_t *h = shm_hdr();
    h->local_size = (uint32_t)SHM.nlocal;
    h->data_bytes = SHM.data_bytes;
    atomic_store_explicit(&h->magic, SHM_MAGIC, memory_order_release);
    *st_p = OML_OK;
    return &SHM.wire;
}

oml_status_t oml_tp_shm_attach(void)
{
    if (SHM.seg == NULL) {
        int fd = shm_open(SHM.name, O_RDWR, 0);
        struct stat sb;
        if (fd < 0 || fstat(fd, &sb) != 0 || (size_t)sb.st_size != SHM.seg_len) {
            fprintf(stderr,
                    "ompi-lite: rank %d on %s: cannot open the node's shared memory segment "
                    "/dev/shm%s: %s\n",
                    oml_rt_job.rank, oml_rt_job.hostname, SHM.name,
                    fd < 0 ? strerror(errno) : "it has another size (another job's?)");
            if (fd >= 0)
                close(fd);
            return OML_ERR_RUNTIME;
        }
        SHM.seg = mmap(NULL, SHM.seg_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        close(fd);
        if (SHM.seg == MAP_FAILED) {
            SHM.seg = NULL;
            shm_fatal("mapping the node's shared memory segment", errno);
        }
        shm_seg_hdr_t *h = shm_hdr();
        if (atomic_load_explicit(&h->magic, memory_order_acquire) != SHM_MAGIC ||
            h->local_size != (uint32_t)SHM.nlocal || h->data_bytes != SHM.data_bytes) {
            fprintf(stderr,
                    "ompi-lite: rank %d on %s: the shared memory segment /dev/shm%s does not "
                    "match this job (%u ranks, %u data bytes per ring; here %d and %u): are all "
                    "ranks running the same ompi-lite with the same OMPI_LITE_SHM_CELLS?\n",
                    oml_rt_job.rank, oml_rt_job.hostname, SHM.name, h->local_size, h->data_bytes,
                    SHM.nlocal, SHM.data_bytes);
            return OML_ERR_RUNTIME;
        }
    }
    for (int l = 0; l < SHM.nlocal; l++) {
        SHM.peers[l].out = shm_ring(SHM.me, l);
        SHM.peers[l].in = shm_ring(l, SHM.me);
    }
    shm_seg_hdr_t *h = shm_hdr();
    atomic_store_explicit(&h->pids[SHM.me], (int32_t)getpid(), memory_order_release);
    if (atomic_fetch_add(&h->attached, 1) + 1 == (uint32_t)SHM.nlocal)
        shm_unlink_name(); /* everyone has it mapped: nothing can be left behind now */
    else
        SHM.unlinked = SHM.me != 0; /* the first rank removes it at the latest at close */
    return OML_OK;
}

void oml_tp_shm_poll_peer(int job_rank)
{
    int l = SHM.loc[job_rank];
    if (l >= 0 && l != SHM.me)
        SHM.poll[SHM.npoll++] = l;
}
