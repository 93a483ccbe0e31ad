/*
 * transport/tp_proto.c: the point-to-point engine: wire choice per peer, eager and rendezvous
 * protocols, sequence order, progress.
 */
#include "transport/tp_impl.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A multi-packet eager message being put together, per sending peer. */
typedef struct tp_frag {
    oml_tp_req_t *req; /* the posted receive it matched, or */
    oml_tp_unexp_t *u; /* its unexpected entry, queued once complete */
    size_t off, total; /* bytes arrived, message length */
} tp_frag_t;

/* A packet held back by the shuffle test mode. */
typedef struct tp_held {
    struct tp_held *next;
    int peer;
    size_t hlen, len;
    unsigned char data[];
} tp_held_t;

static struct {
    oml_tp_wire_t *self;
    oml_tp_wire_t *shm;      /* ranks of this node, unless OMPI_LITE_SHM=0 */
    oml_tp_wire_t *ofi;      /* every other rank; NULL when none needs it */
    oml_tp_wire_t **wire_of; /* per job rank */
    oml_tp_queue_t posted;
    oml_tp_queue_t unexp;
    oml_tp_seq_t *seq; /* one per job rank */
    bool yield;        /* more ranks on this node than cores: blocking waits yield */
    bool crowded;      /* the node holds more of the job's ranks than cores online */
    bool open;
    /*
     * Shuffle test mode (OMPI_LITE_SHUFFLE=1): every arriving packet is held and released
     * later in random order, as EFA's SRD may deliver them, so that the sequence numbers are
     * what keeps MPI's order. OMPI_LITE_SHUFFLE_SEED fixes the order; it is printed on rank 0.
     */
    bool shuffle;
    uint64_t rng;
    tp_held_t *held;
    int nheld;
    /* flow control, per job rank (tp_impl.h) */
    size_t window;         /* eager bytes a sender may have unmatched at one receiver */
    size_t *credit;        /* eager bytes we may still send to each peer */
    size_t *owed;          /* eager bytes of each peer matched here and not yet returned */
    tp_frag_t *frag;       /* multi-packet eager ("medium") messages being received, per job rank */
    uint32_t *rndv_out;    /* rendezvous sends in flight, per job rank */
    bool rndv_cts;         /* OMPI_LITE_RNDV_PROTO=cts: rendezvous by CTS + DATA even with RMA */
    size_t rndv_window;    /* OMPI_LITE_RNDV_WINDOW: CTS pipeline window in bytes; 0: per wire */
    oml_tp_req_t *cancels; /* sends whose CANCEL awaits its answer, linked by next */
    oml_tp_counts_t counts; /* for tools; the queue lengths are the queues' own */
} oml_tp_global;

#define TP oml_tp_global

/* One more of a tool's count: a plain increment that a tool thread may load at any time. */
#define TP_COUNT(field) __atomic_store_n(&TP.counts.field, TP.counts.field + 1, __ATOMIC_RELAXED)

static inline oml_tp_wire_t *tp_wire_for(int peer)
{
    return TP.wire_of[peer];
}

void oml_tp_die(const char *what, const char *detail)
{
    char msg[512];
    snprintf(msg, sizeof(msg), "ompi-lite: rank %d on %s: %s: %s", oml_rt_job.rank,
             oml_rt_job.hostname, what, detail);
    fprintf(stderr, "%s\n", msg);
    oml_rt_abort(1, msg);
}

static void tp_fatal(const char *what, oml_status_t st)
{
    oml_tp_die(what, oml_status_string(st));
}

#define TP_CPUS_KEY "oml.cpus"

/* Publishes the cores this process may run on (its binding), for tp_oversubscribed. */
static oml_status_t tp_put_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) != 0)
        return OML_OK; /* peers then assume we may run anywhere */
    return oml_rt_put(TP_CPUS_KEY, &set, sizeof(set));
}

/*
 * Are there more runnable ranks than cores where this rank runs? Counted from the bindings
 * the node's ranks published: the ranks whose cores overlap ours, against our cores. A rank
 * bound to one core of its own is not oversubscribed even though its mask has one core; two
 * ranks bound to the same core, or four unbound ranks on two cores, are.
 */
static bool tp_oversubscribed(void)
{
    cpu_set_t mine;
    if (sched_getaffinity(0, sizeof(mine), &mine) != 0)
        return oml_rt_job.local_size > sysconf(_SC_NPROCESSORS_ONLN);
    int sharing = 1;
    for (int l = 0; l < oml_rt_job.local_size; l++) {
        int peer = oml_rt_job.local_peers[l];
        if (peer == oml_rt_job.rank)
            continue;
        void *data = NULL;
        size_t len = 0;
        cpu_set_t both;
        /* A rank that published no binding may run anywhere, so also on our cores. */
        bool shares = true;
        if (oml_rt_get(peer, TP_CPUS_KEY, &data, &len) == OML_OK && len == sizeof(cpu_set_t)) {
            CPU_AND(&both, &mine, (cpu_set_t *)data);
            shares = CPU_COUNT(&both) > 0;
        }
        free(data);
        sharing += shares;
    }
    return sharing > CPU_COUNT(&mine);
}

/*
 * OMPI_LITE_OFI_PAIRS="a:b,c:d": pairs of job ranks that talk through the fabric even when they
 * share a node (a test of mixed jobs; a benchmark across network namespaces); "odd-even": every
 * pair of an odd and an even rank, as if they were on two nodes. Takes the peers of this rank
 * that it names out of by_shm[].
 */
static oml_status_t tp_ofi_pairs(bool *by_shm)
{
    const char *spec = getenv("OMPI_LITE_OFI_PAIRS");
    if (spec == NULL || *spec == '\0')
        return OML_OK;
    if (strcmp(spec, "odd-even") == 0) {
        for (int i = 0; i < oml_rt_job.size; i++)
            by_shm[i] = by_shm[i] && (i - oml_rt_job.rank) % 2 == 0;
        return OML_OK;
    }
    const char *p = spec;
    while (*p != '\0') {
        char *end;
        long a = strtol(p, &end, 10), b = -1;
        bool ok = end != p && *end == ':';
        if (ok) {
            p = end + 1;
            b = strtol(p, &end, 10);
            ok = end != p && (*end == ',' || *end == '\0') && a >= 0 && b >= 0 && a != b &&
                 a < oml_rt_job.size && b < oml_rt_job.size;
        }
        if (!ok) {
            fprintf(stderr,
                    "ompi-lite: rank %d: OMPI_LITE_OFI_PAIRS=%s: expected pairs of two different "
                    "ranks below %d, such as 0:1,2:3, or odd-even\n",
                    oml_rt_job.rank, spec, oml_rt_job.size);
            return OML_ERR_ARG;
        }
        if (a == oml_rt_job.rank)
            by_shm[b] = false;
        if (b == oml_rt_job.rank)
            by_shm[a] = false;
        p = *end == ',' ? end + 1 : end;
    }
    return OML_OK;
}

/* Eager limit and rendezvous threshold of a wire, from the environment or its packet. */
static void tp_wire_limits(oml_tp_wire_t *w)
{
    if (w == TP.shm) { /* the ofi wire reads OMPI_LITE_EAGER_LIMIT itself */
        size_t e = oml_tp_parse_size(getenv("OMPI_LITE_EAGER_LIMIT"), w->eager_limit);
        if (e < w->eager_limit)
            w->eager_limit = e;
    }
    /*
     * Medium messages pay a copy at each end and one packet per eager_limit bytes; rendezvous
     * pays two more trips. Measured over tcp;ofi_rxm (bench/compare, loopback and veth), medium
     * wins for messages up to twice the eager limit and loses from four times it. On shm the
     * trips cost little and the rendezvous read is a single copy: rendezvous from one packet on
     * (16 KiB: latency 2.2 us instead of 3.2, bibw 18 GB/s instead of 4; 2 cores here). Without
     * CMA its rendezvous copies twice as well, and medium saves the trips again.
     */
    size_t dflt = OML_TP_RNDV_PACKETS * w->eager_limit;
    if (w == TP.shm && w->has_rma)
        dflt = w->eager_limit;
    w->rndv_threshold = oml_tp_parse_size(getenv("OMPI_LITE_RNDV_THRESHOLD"), dflt);
    /*
     * On shm with CMA, OMPI_LITE_SHM_SINGLE_COPY_MIN=n sends a lone message above n bytes by a
     * single copy although it fits a packet: one that finds no other rendezvous send to its peer
     * in flight (the ones behind it go eagerly, where sender and receiver copy at once: 8 KiB
     * osu bw 11 GB/s eagerly, 6.3 by single copy). A lone 8 KiB message then takes 1.6 us
     * instead of 2.2 (osu latency, 2 cores here). It is off by default because the receiver's
     * read leaves the sender's buffer shared between the two cores' caches: a sender that
     * writes its buffer next pays for every line (8 KiB exchange, then a store per line of the
     * send buffer: 5.4 us instead of 2.5; the 8 KiB allreduce, which sums into the buffer it
     * sent, 6.1 us instead of 3.0).
     */
    w->lone_rndv_min = SIZE_MAX;
    if (w == TP.shm && w->has_rma)
        w->lone_rndv_min = oml_tp_parse_size(getenv("OMPI_LITE_SHM_SINGLE_COPY_MIN"), SIZE_MAX);
}

/*
 * Opens the wires and picks one per job rank: ourselves; this node's ranks by shm, unless
 * OMPI_LITE_SHM=0 or OMPI_LITE_OFI_PAIRS names the pair; the rest by ofi, which is opened only
 * when some peer needs it.
 */
static oml_status_t tp_open_wires(void)
{
    int size = oml_rt_job.size, me = oml_rt_job.rank;
    bool *by_shm = calloc((size_t)size, sizeof(bool));
    if (by_shm == NULL)
        return OML_ERR_NOMEM;
    const char *shm_env = getenv("OMPI_LITE_SHM");
    bool use_shm = oml_rt_job.local_size > 1 && (shm_env == NULL || atoi(shm_env) != 0);
    for (int l = 0; use_shm && l < oml_rt_job.local_size; l++)
        by_shm[oml_rt_job.local_peers[l]] = oml_rt_job.local_peers[l] != me;
    oml_status_t st = tp_ofi_pairs(by_shm);
    TP.self = oml_tp_self_open();
    if (st == OML_OK && use_shm && (TP.shm = oml_tp_shm_open(&st)) == NULL)
        goto out;
    bool need_ofi = false;
    for (int i = 0; i < size; i++)
        need_ofi = need_ofi || (i != me && !by_shm[i]);
    if (st == OML_OK && need_ofi && (TP.ofi = oml_tp_ofi_open(&st)) == NULL)
        goto out;
    for (int i = 0; i < size; i++)
        TP.wire_of[i] = i == me ? TP.self : by_shm[i] ? TP.shm : TP.ofi;
out:
    free(by_shm);
    return st;
}

/* OMPI_LITE_VERBOSE=1: rank 0 says which wires it uses and how it sends on each. */
static void tp_report(void)
{
    const char *v = getenv("OMPI_LITE_VERBOSE");
    if (v == NULL || atoi(v) <= 0 || oml_rt_job.rank != 0)
        return;
    oml_tp_wire_t *wires[2] = {TP.shm, TP.ofi};
    for (int i = 0; i < 2; i++) {
        oml_tp_wire_t *w = wires[i];
        if (w == NULL)
            continue;
        fprintf(stderr,
                "ompi-lite: rank 0: %s wire %s: packets of %zu bytes, eager up to %zu, in "
                "several packets up to %zu, then rendezvous by %s\n",
                w == TP.shm ? "shared-memory" : "fabric", w->name, w->max_pkt, w->eager_limit,
                w->rndv_threshold, TP.rndv_cts || !w->has_rma ? "CTS and DATA" : "RMA read");
    }
}

/* The size variables the transport reads; text that is not a size stops MPI_Init. */
static const char *const tp_size_vars[] = {
    "OMPI_LITE_EAGER_LIMIT",  "OMPI_LITE_RNDV_THRESHOLD",      "OMPI_LITE_RNDV_WINDOW",
    "OMPI_LITE_EAGER_WINDOW", "OMPI_LITE_INJECT_LIMIT",        "OMPI_LITE_MR_CACHE",
    "OMPI_LITE_SHM_CELLS",    "OMPI_LITE_SHM_SINGLE_COPY_MIN",
};

static oml_status_t tp_check_sizes(void)
{
    for (size_t i = 0; i < sizeof(tp_size_vars) / sizeof(tp_size_vars[0]); i++) {
        const char *v = getenv(tp_size_vars[i]);
        size_t n;
        if (v == NULL || *v == '\0' || oml_tp_size_valid(v, &n))
            continue;
        fprintf(stderr,
                "ompi-lite: rank %d: %s=%s is not a size; give a number, optionally with "
                "a suffix k, m or g (65536, 64k, 0x10000), or unset it for the default\n",
                oml_rt_job.rank, tp_size_vars[i], v);
        return OML_ERR_ARG;
    }
    return OML_OK;
}

oml_status_t oml_tp_init(void)
{
    oml_status_t st;
    int size = oml_rt_job.size;

    memset(&TP, 0, sizeof(TP));
    if ((st = tp_check_sizes()) != OML_OK)
        return st;
    TP.seq = calloc((size_t)size, sizeof(*TP.seq));
    TP.credit = calloc((size_t)size, sizeof(*TP.credit));
    TP.owed = calloc((size_t)size, sizeof(*TP.owed));
    TP.frag = calloc((size_t)size, sizeof(*TP.frag));
    TP.wire_of = calloc((size_t)size, sizeof(*TP.wire_of));
    TP.rndv_out = calloc((size_t)size, sizeof(*TP.rndv_out));
    if (TP.seq == NULL || TP.credit == NULL || TP.owed == NULL || TP.frag == NULL ||
        TP.wire_of == NULL || TP.rndv_out == NULL)
        return OML_ERR_NOMEM;
    TP.window = oml_tp_parse_size(getenv("OMPI_LITE_EAGER_WINDOW"), OML_TP_EAGER_WINDOW_DEFAULT);
    for (int i = 0; i < size; i++)
        TP.credit[i] = TP.window;
    if ((st = tp_open_wires()) != OML_OK)
        return st;
    if (TP.shm != NULL)
        tp_wire_limits(TP.shm);
    if (TP.ofi != NULL)
        tp_wire_limits(TP.ofi);
    TP.self->rndv_threshold = SIZE_MAX;
    TP.self->lone_rndv_min = SIZE_MAX;

    if (oml_rt_job.local_size > 1 && (st = tp_put_cpus()) != OML_OK)
        return st;
    if ((st = oml_rt_commit()) != OML_OK || (st = oml_rt_fence(1)) != OML_OK)
        return st;
    if (TP.shm != NULL) {
        if ((st = oml_tp_shm_attach()) != OML_OK)
            return st;
        for (int i = 0; i < size; i++) {
            if (TP.wire_of[i] == TP.shm)
                oml_tp_shm_poll_peer(i);
        }
    }
    const char *rp = getenv("OMPI_LITE_RNDV_PROTO");
    if (rp != NULL && *rp != '\0') {
        if (strcmp(rp, "cts") != 0 && strcmp(rp, "read") != 0) {
            fprintf(stderr,
                    "ompi-lite: rank %d: OMPI_LITE_RNDV_PROTO=%s is not a rendezvous protocol; "
                    "use read (RMA read, the default where the wire has RMA) or cts\n",
                    oml_rt_job.rank, rp);
            return OML_ERR_ARG;
        }
        TP.rndv_cts = strcmp(rp, "cts") == 0;
    }
    TP.rndv_window = oml_tp_parse_size(getenv("OMPI_LITE_RNDV_WINDOW"), 0);
    const char *sh = getenv("OMPI_LITE_SHUFFLE");
    if (sh != NULL && atoi(sh) != 0) {
        const char *seed = getenv("OMPI_LITE_SHUFFLE_SEED");
        uint64_t base = seed != NULL ? strtoull(seed, NULL, 0) : (uint64_t)getpid();
        TP.shuffle = true;
        TP.rng = (base + 1) * 0x9E3779B97F4A7C15ull + (uint64_t)oml_rt_job.rank * 7919;
        if (oml_rt_job.rank == 0)
            fprintf(stderr,
                    "ompi-lite: shuffle test mode: packets are delivered out of order "
                    "(OMPI_LITE_SHUFFLE_SEED=%llu repeats this order)\n",
                    (unsigned long long)base);
    }
    const char *y = getenv("OMPI_LITE_YIELD");
    TP.yield = y != NULL ? atoi(y) != 0 : oml_rt_job.local_size > 1 && tp_oversubscribed();
    TP.crowded = oml_rt_job.local_size > sysconf(_SC_NPROCESSORS_ONLN);
    TP.open = true;
    tp_report();
    return OML_OK;
}

static bool tp_quiet(void)
{
    return (TP.shm == NULL || TP.shm->quiet(TP.shm)) && (TP.ofi == NULL || TP.ofi->quiet(TP.ofi));
}

oml_status_t oml_tp_finalize(void)
{
    if (!TP.open)
        return OML_OK;
    /*
     * Everything we sent must have left, and no peer may still be talking to us: let our
     * queued packets go, then wait for every rank to get here while driving progress, since a
     * peer may still need a packet of ours (one the provider holds, or ring space we must free).
     */
    while (!tp_quiet())
        oml_tp_progress();
    volatile int all_here = 0;
    if (oml_rt_fence_start(&all_here) != OML_OK)
        oml_rt_fence(0);
    else
        while (!__atomic_load_n(&all_here, __ATOMIC_ACQUIRE))
            oml_tp_progress();
    if (TP.ofi != NULL) {
        TP.ofi->close(TP.ofi);
        TP.ofi = NULL;
    }
    if (TP.shm != NULL) {
        TP.shm->close(TP.shm);
        TP.shm = NULL;
    }
    TP.self->close(TP.self);
    while (TP.held != NULL) {
        tp_held_t *h = TP.held;
        TP.held = h->next;
        free(h);
    }
    TP.nheld = 0;
    for (int i = 0; i < oml_rt_job.size; i++) {
        while (TP.seq[i].held != NULL) {
            oml_tp_seq_pkt_t *p = TP.seq[i].held;
            TP.seq[i].held = p->next;
            free(p);
        }
    }
    for (oml_tp_unexp_t *u = TP.unexp.head, *next; u != NULL; u = next) {
        next = u->next;
        free(u);
    }
    TP.unexp.head = TP.unexp.tail = NULL;
    TP.unexp.len = 0;
    free(TP.seq);
    free(TP.credit);
    free(TP.owed);
    for (int i = 0; i < oml_rt_job.size; i++) {
        free(TP.frag[i].u);
    }
    free(TP.frag);
    free(TP.wire_of);
    free(TP.rndv_out);
    TP.rndv_out = NULL;
    TP.wire_of = NULL;
    TP.frag = NULL;
    TP.seq = NULL;
    TP.credit = TP.owed = NULL;
    TP.open = false;
    return OML_OK;
}

/* ---- sending ---- */

static oml_status_t tp_send(oml_tp_req_t *req, const void *buf, size_t len, int dst, int tag,
                            const oml_tp_comm_t *comm, bool sync)
{
    int peer = comm->world != NULL ? comm->world[dst] : dst;
    oml_tp_wire_t *w = tp_wire_for(peer);
    oml_tp_rts_t rts;
    oml_status_t st;

    req->complete = 0;
    req->status = OML_OK;
    req->kind = OML_TP_REQ_SEND;
    req->peer = peer;
    req->buf = (void *)buf;
    req->cap = len;
    req->mr = NULL;
    req->eager = false;
    req->cancelling = false;
    req->granted = 0;

    rts.hdr.version = OML_TP_PROTO_VERSION;
    rts.hdr.flags = 0;
    rts.hdr.ctx = comm->ctx;
    rts.hdr.tag = tag;
    rts.hdr.src = comm->rank;
    rts.hdr.src_world = (uint32_t)oml_rt_job.rank;
    rts.hdr.len = len;

    size_t cost = len + OML_TP_EAGER_COST_OVERHEAD;
    bool windowed = w != TP.self;
    bool in_window = !windowed || TP.credit[peer] >= cost;
    bool medium = len <= w->rndv_threshold && w->eager_limit > 0;
    bool lone = len > w->lone_rndv_min && TP.rndv_out[peer] == 0 && w->has_rma;
    if (!sync && in_window && !lone && (oml_tp_proto_is_eager(w, len) || medium)) {
        if (windowed)
            TP.credit[peer] -= cost;
        rts.hdr.type = OML_TP_PKT_EAGER;
        rts.hdr.seq = TP.seq[peer].next_send++;
        TP_COUNT(eager_sent);
        req->seq = rts.hdr.seq;
        req->eager = true;
        size_t first = len <= w->eager_limit ? len : w->eager_limit;
        if (first < len)
            rts.hdr.flags = OML_TP_FLAG_MULTI;
        if ((st = w->am_send(w, peer, &rts.hdr, sizeof(rts.hdr), buf, first)) != OML_OK)
            return st;
        /* The rest in FRAG packets, consecutive in the peer's sequence. */
        for (size_t off = first; off < len; off += w->eager_limit) {
            size_t chunk = len - off < w->eager_limit ? len - off : w->eager_limit;
            oml_tp_hdr_t f = rts.hdr;
            f.type = OML_TP_PKT_FRAG;
            f.flags = 0;
            f.seq = TP.seq[peer].next_send++;
            f.len = chunk;
            if ((st = w->am_send(w, peer, &f, sizeof(f), (const char *)buf + off, chunk)) != OML_OK)
                return st;
        }
        req->complete = 1;
        return OML_OK;
    }

    /*
     * Rendezvous: the receiver reads the data from the registered buffer after the match, then
     * sends FIN, so completion also means "matched" (MPI_Ssend). Nothing to read: no
     * registration.
     */
    rts.addr = rts.key = 0;
    if (TP.rndv_cts || !w->has_rma) {
        rts.hdr.flags = OML_TP_FLAG_CTS; /* the data follows the receiver's CTS */
    } else if (len > 0) {
        oml_tp_mr_t *mr = malloc(sizeof(*mr));
        if (mr == NULL)
            return OML_ERR_NOMEM;
        if ((st = w->mem_reg(w, (void *)buf, len, true, mr)) != OML_OK) {
            free(mr);
            return st;
        }
        req->mr = mr;
        rts.addr = mr->addr;
        rts.key = mr->key;
    }
    rts.hdr.type = OML_TP_PKT_RTS;
    TP_COUNT(rndv_sent);
    rts.hdr.seq = TP.seq[peer].next_send++;
    req->seq = rts.hdr.seq;
    rts.sreq = (uint64_t)(uintptr_t)req;
    TP.rndv_out[peer]++;
    return w->am_send(w, peer, &rts, sizeof(rts), NULL, 0);
}

oml_status_t oml_tp_isend(oml_tp_req_t *req, const void *buf, size_t len, int dst, int tag,
                          const oml_tp_comm_t *comm)
{
    return tp_send(req, buf, len, dst, tag, comm, false);
}

oml_status_t oml_tp_issend(oml_tp_req_t *req, const void *buf, size_t len, int dst, int tag,
                           const oml_tp_comm_t *comm)
{
    return tp_send(req, buf, len, dst, tag, comm, true);
}

/* ---- receiving ---- */

/* Zeroes a control packet (FIN, CREDIT, CTS, DATA) of len bytes and fills its common header. */
static void tp_ctl_init(void *pkt, size_t len, uint8_t type)
{
    oml_tp_hdr_t *h = pkt;
    memset(pkt, 0, len);
    h->type = type;
    h->version = OML_TP_PROTO_VERSION;
    h->src_world = (uint32_t)oml_rt_job.rank;
}

/* ---- cancelling sends ---- */

/* Takes s off the list of sends awaiting a CANCEL_ACK. */
static void tp_cancel_forget(oml_tp_req_t *s)
{
    for (oml_tp_req_t **pp = &TP.cancels; *pp != NULL; pp = &(*pp)->next) {
        if (*pp == s) {
            *pp = s->next;
            break;
        }
    }
    s->next = NULL;
    s->cancelling = false;
}

bool oml_tp_cancel_send(oml_tp_req_t *req)
{
    if (req->kind != OML_TP_REQ_SEND || req->cancelling || (req->complete && !req->eager))
        return false;
    req->complete = 0; /* an eager send: now it waits for the answer */
    oml_tp_wire_t *w = tp_wire_for(req->peer);
    oml_tp_cancel_t c;
    tp_ctl_init(&c, sizeof(c), OML_TP_PKT_CANCEL);
    c.hdr.seq = TP.seq[req->peer].next_send++; /* after the message it names */
    c.sreq = (uint64_t)(uintptr_t)req;
    c.msg_seq = req->seq;
    req->cancelling = true; /* before sending: on the self wire the answer comes at once */
    req->next = TP.cancels;
    TP.cancels = req;
    oml_status_t st = w->am_send(w, req->peer, &c, sizeof(c), NULL, 0);
    if (st != OML_OK)
        tp_fatal("sending a CANCEL", st);
    return true;
}

/* CANCEL, in its sequence turn: withdraw the named message if it is still unexpected. */
static void tp_cancel_arrived(const oml_tp_cancel_t *c)
{
    int peer = (int)c->hdr.src_world;
    oml_tp_unexp_t *u = oml_tp_unexp_take_seq(&TP.unexp, c->hdr.src_world, c->msg_seq);
    oml_tp_cancel_t a;
    tp_ctl_init(&a, sizeof(a), OML_TP_PKT_CANCEL_ACK);
    a.sreq = c->sreq;
    a.msg_seq = c->msg_seq;
    a.withdrawn = u != NULL;
    free(u);
    oml_tp_wire_t *w = tp_wire_for(peer);
    oml_status_t st = w->am_send(w, peer, &a, sizeof(a), NULL, 0);
    if (st != OML_OK)
        tp_fatal("answering a CANCEL", st);
}

/*
 * CANCEL_ACK at the sender. The send may have completed since (FIN or CTS came first and took
 * it off the list; its memory may hold another request by now), so the answer is taken only
 * for a listed request to the same peer that names the same message (sequence number).
 */
static void tp_cancel_ack_arrived(int peer, const oml_tp_cancel_t *a)
{
    oml_tp_req_t *s = NULL;
    for (oml_tp_req_t *x = TP.cancels; x != NULL; x = x->next) {
        if ((uint64_t)(uintptr_t)x == a->sreq && x->peer == peer && x->seq == a->msg_seq) {
            s = x;
            break;
        }
    }
    if (s == NULL)
        return;
    tp_cancel_forget(s);
    oml_tp_wire_t *w = tp_wire_for(peer);
    if (s->eager) {
        if (a->withdrawn) {
            if (w != TP.self) /* its window comes back: the receiver never held it */
                TP.credit[peer] += s->cap + OML_TP_EAGER_COST_OVERHEAD;
            s->status = OML_ERR_CANCELLED;
        }
        s->complete = 1;
        return;
    }
    if (!a->withdrawn)
        return; /* matched: FIN or CTS is on its way and completes the send */
    TP.rndv_out[peer]--;
    if (s->mr != NULL) {
        w->mem_dereg(w, s->mr);
        free(s->mr);
        s->mr = NULL;
    }
    s->status = OML_ERR_CANCELLED;
    s->complete = 1;
}

static void tp_rndv_read_done(void *arg, oml_status_t st)
{
    oml_tp_req_t *r = arg;
    oml_tp_wire_t *w = tp_wire_for(r->src_world);
    oml_tp_fin_t fin;

    if (st != OML_OK)
        tp_fatal("rendezvous read failed", st);
    if (r->mr != NULL) {
        w->mem_dereg(w, r->mr);
        free(r->mr);
        r->mr = NULL;
    }
    tp_ctl_init(&fin, sizeof(fin), OML_TP_PKT_FIN);
    fin.sreq = r->peer_sreq;
    if ((st = w->am_send(w, r->src_world, &fin, sizeof(fin), NULL, 0)) != OML_OK)
        tp_fatal("sending rendezvous FIN failed", st);
    r->complete = 1;
}

/*
 * Rendezvous without RMA, a pipeline: the receiver grants the sender a window of bytes beyond
 * what has arrived, and each CTS moves the edge (grant) on. The sender pushes DATA up to the
 * edge and keeps the rest in its own buffer, so neither side holds more than a window of the
 * message in packets: the wire's receive buffers are not flooded (a wire that finds none posted
 * holds the packets or drops them for retransmission) and the sender copies no more than a
 * window into its queue when the wire is busy.
 *
 * The first CTS grants a whole window W; once more than the grant less W/2 bytes are in, the
 * next CTS grants W/2 more. At most W bytes are in flight, and a CTS is sent only after a byte
 * beyond the grant before the last one has arrived, which the sender pushed after the last CTS
 * reached it: so CTS packets reach the sender in order, also over a wire that reorders, and
 * none arrives after the last one has completed the send. Cost: one extra CTS (40+ bytes, from
 * the receiver) per W/2 bytes, overlapped with the data.
 */
static size_t tp_rndv_window(const oml_tp_wire_t *w)
{
    size_t step = w->max_pkt - sizeof(oml_tp_data_t);
    size_t win = TP.rndv_window != 0 ? TP.rndv_window : OML_TP_RNDV_WINDOW_PACKETS * step;
    return win < 2 * step ? 2 * step : win;
}

static void tp_cts_post(oml_tp_req_t *r)
{
    oml_tp_wire_t *w = tp_wire_for(r->src_world);
    oml_tp_cts_t c;
    tp_ctl_init(&c, sizeof(c), OML_TP_PKT_CTS);
    c.sreq = r->peer_sreq;
    c.rreq = (uint64_t)(uintptr_t)r;
    c.hdr.len = r->len;
    c.grant = r->granted;
    oml_status_t st = w->am_send(w, r->src_world, &c, sizeof(c), NULL, 0);
    if (st != OML_OK)
        tp_fatal("sending a rendezvous CTS", st);
}

/* Tells the sender to push the n bytes we take (r->len), the first window of them now. */
static void tp_cts_send(oml_tp_req_t *r, size_t n)
{
    size_t win = tp_rndv_window(tp_wire_for(r->src_world));
    r->awaiting = n;
    r->granted = n < win ? n : win;
    tp_cts_post(r);
    if (n == 0)
        r->complete = 1;
}

/* CTS at the sender: push the data up to the grant; the send is done when all of it went. */
static void tp_cts_arrived(int peer, const oml_tp_cts_t *c)
{
    oml_tp_req_t *s = (oml_tp_req_t *)(uintptr_t)c->sreq;
    oml_tp_wire_t *w = tp_wire_for(peer);
    oml_tp_data_t d;
    if (s->cancelling) /* matched before the CANCEL arrived: the send goes on */
        tp_cancel_forget(s);
    tp_ctl_init(&d, sizeof(d), OML_TP_PKT_DATA);
    d.rreq = c->rreq;
    if (s->mr != NULL) { /* registered for a read that the receiver could not do */
        w->mem_dereg(w, s->mr);
        free(s->mr);
        s->mr = NULL;
    }
    size_t step = w->max_pkt - sizeof(d); /* a wire's packets hold at least 8 KiB */
    for (size_t off = s->granted; off < c->grant; off += step) {
        size_t chunk = c->grant - off < step ? c->grant - off : step;
        d.hdr.len = chunk;
        d.offset = off;
        oml_status_t st = w->am_send(w, peer, &d, sizeof(d), (const char *)s->buf + off, chunk);
        if (st != OML_OK)
            tp_fatal("sending rendezvous DATA", st);
    }
    if (c->grant > s->granted)
        s->granted = c->grant;
    if (s->granted >= c->hdr.len) {
        TP.rndv_out[peer]--;
        s->complete = 1; /* the wire copied every piece: the buffer is free */
    }
}

static void tp_data_arrived(const oml_tp_data_t *d, const void *payload, size_t plen)
{
    oml_tp_req_t *r = (oml_tp_req_t *)(uintptr_t)d->rreq;
    memcpy((char *)r->buf + d->offset, payload, plen);
    r->awaiting -= plen;
    if (r->awaiting == 0) {
        r->complete = 1;
        return;
    }
    size_t half = tp_rndv_window(tp_wire_for(r->src_world)) / 2;
    size_t got = r->len - r->awaiting;
    if (r->granted < r->len && got + half > r->granted) {
        r->granted = r->len - r->granted < half ? r->len : r->granted + half;
        tp_cts_post(r);
    }
}

static void tp_rndv_start(oml_tp_req_t *r, const oml_tp_rts_t *rts)
{
    oml_tp_wire_t *w = tp_wire_for((int)rts->hdr.src_world);
    size_t n = rts->hdr.len < r->cap ? rts->hdr.len : r->cap;
    oml_status_t st;

    r->source = rts->hdr.src;
    r->tag = rts->hdr.tag;
    r->src_world = (int)rts->hdr.src_world;
    r->peer_sreq = rts->sreq;
    r->msg_len = rts->hdr.len;
    r->len = n;
    r->status = rts->hdr.len > r->cap ? OML_ERR_TRUNCATE : OML_OK;
    r->mr = NULL;
    if (rts->hdr.flags & OML_TP_FLAG_CTS) {
        tp_cts_send(r, n);
        return;
    }
    if (n == 0) {
        tp_rndv_read_done(r, OML_OK);
        return;
    }
    oml_tp_mr_t *mr = malloc(sizeof(*mr));
    if (mr == NULL)
        tp_fatal("rendezvous receive", OML_ERR_NOMEM);
    if ((st = w->mem_reg(w, r->buf, n, false, mr)) != OML_OK)
        tp_fatal("registering a receive buffer", st);
    r->mr = mr;
    st = w->rma_get(w, r->src_world, r->buf, n, mr, rts->addr, rts->key, tp_rndv_read_done, r);
    if (st == OML_ERR_UNSUPPORTED) { /* not permitted (shm without CMA): the copy pipeline */
        w->mem_dereg(w, mr);
        free(mr);
        r->mr = NULL;
        tp_cts_send(r, n);
        return;
    }
    if (st != OML_OK)
        tp_fatal("starting a rendezvous read", st);
}

/* A matched eager message from peer: its window goes back, in batches of a quarter. */
static void tp_credit_return(int peer, size_t len)
{
    if (peer == oml_rt_job.rank)
        return;
    TP.owed[peer] += len + OML_TP_EAGER_COST_OVERHEAD;
    if (TP.owed[peer] < TP.window / 4)
        return;
    oml_tp_credit_t c;
    tp_ctl_init(&c, sizeof(c), OML_TP_PKT_CREDIT);
    c.bytes = TP.owed[peer];
    TP.owed[peer] = 0;
    oml_tp_wire_t *w = tp_wire_for(peer);
    oml_status_t st = w->am_send(w, peer, &c, sizeof(c), NULL, 0);
    if (st != OML_OK)
        tp_fatal("returning the eager window (CREDIT)", st);
}

static void tp_eager_deliver(oml_tp_req_t *r, const oml_tp_hdr_t *h, const void *payload)
{
    tp_credit_return((int)h->src_world, h->len);
    size_t n = h->len < r->cap ? h->len : r->cap;
    if (n > 0)
        memcpy(r->buf, payload, n);
    r->source = h->src;
    r->tag = h->tag;
    r->len = n;
    r->msg_len = h->len;
    r->status = h->len > r->cap ? OML_ERR_TRUNCATE : OML_OK;
    r->complete = 1;
}

static void tp_unexp_receive(oml_tp_req_t *req, oml_tp_unexp_t *u);

/* Copies what of [off, off + n) fits a receive of cap bytes at buf. */
static void tp_copy_part(void *buf, size_t cap, size_t off, const void *src, size_t n)
{
    if (off < cap)
        memcpy((char *)buf + off, src, n < cap - off ? n : cap - off);
}

/* The first packet of a multi-packet eager message matched the posted receive r. */
static void tp_multi_start(oml_tp_req_t *r, const oml_tp_hdr_t *h, const void *payload, size_t plen)
{
    tp_credit_return((int)h->src_world, h->len);
    tp_copy_part(r->buf, r->cap, 0, payload, plen);
    r->source = h->src;
    r->tag = h->tag;
    r->len = h->len < r->cap ? h->len : r->cap;
    r->msg_len = h->len;
    r->status = h->len > r->cap ? OML_ERR_TRUNCATE : OML_OK;
    TP.frag[h->src_world] = (tp_frag_t){.req = r, .off = plen, .total = h->len};
}

/* A FRAG packet: the next part of the message being put together for this peer. */
static void tp_frag_arrived(const oml_tp_hdr_t *h, const void *payload, size_t plen)
{
    tp_frag_t *f = &TP.frag[h->src_world];
    if (f->req == NULL && f->u == NULL)
        tp_fatal("a FRAG packet without its first packet (protocol error)", OML_ERR_INTERNAL);
    if (f->req != NULL)
        tp_copy_part(f->req->buf, f->req->cap, f->off, payload, plen);
    else
        memcpy(f->u->data + f->off, payload, plen);
    f->off += plen;
    if (f->off < f->total)
        return;
    oml_tp_req_t *r = f->req;
    oml_tp_unexp_t *u = f->u;
    *f = (tp_frag_t){0};
    if (r != NULL) {
        r->complete = 1;
        return;
    }
    /* Complete at last: a receive posted meanwhile may be waiting for it. */
    if ((r = oml_tp_match_posted(&TP.posted, &u->rts.hdr)) != NULL)
        tp_unexp_receive(r, u);
    else
        oml_tp_queue_push_unexp(&TP.unexp, u);
}

/* Hands one in-order sequenced packet (plen payload bytes) to the matcher. */
static void tp_deliver(const void *hdr, const void *payload, size_t plen)
{
    const oml_tp_hdr_t *h = hdr;
    if (h->type == OML_TP_PKT_FRAG) {
        tp_frag_arrived(h, payload, plen);
        return;
    }
    if (h->type == OML_TP_PKT_CANCEL) {
        tp_cancel_arrived(hdr);
        return;
    }
    bool multi = h->type == OML_TP_PKT_EAGER && (h->flags & OML_TP_FLAG_MULTI);
    oml_tp_req_t *r = oml_tp_match_posted(&TP.posted, h);

    if (r != NULL) {
        if (multi)
            tp_multi_start(r, h, payload, plen);
        else if (h->type == OML_TP_PKT_EAGER)
            tp_eager_deliver(r, h, payload);
        else
            tp_rndv_start(r, hdr);
        return;
    }
    /* one allocation: the entry, then the payload of an EAGER message (all of it when FRAG
     * packets follow) */
    size_t dlen = h->type == OML_TP_PKT_EAGER ? h->len : 0;
    oml_tp_unexp_t *u = malloc(sizeof(*u) + dlen);
    if (u == NULL)
        tp_fatal("queueing an unexpected message", OML_ERR_NOMEM);
    TP_COUNT(unexpected);
    memcpy(&u->rts, hdr, oml_tp_hdr_len(h->type));
    u->data = NULL;
    if (dlen > 0) {
        u->data = u + 1;
        memcpy(u->data, payload, plen);
    }
    if (multi) /* queued, so matchable, only once every part is here */
        TP.frag[h->src_world] = (tp_frag_t){.u = u, .off = plen, .total = h->len};
    else
        oml_tp_queue_push_unexp(&TP.unexp, u);
}

/* Receives an unexpected message into a request and frees the queue entry. */
static void tp_unexp_receive(oml_tp_req_t *req, oml_tp_unexp_t *u)
{
    if (u->rts.hdr.type == OML_TP_PKT_EAGER)
        tp_eager_deliver(req, &u->rts.hdr, u->data);
    else
        tp_rndv_start(req, &u->rts);
    free(u);
}

static void tp_fin_arrived(const oml_tp_fin_t *fin)
{
    oml_tp_req_t *s = (oml_tp_req_t *)(uintptr_t)fin->sreq;
    oml_tp_wire_t *w = tp_wire_for(s->peer);
    if (s->cancelling) /* matched before the CANCEL arrived: the send completes as sent */
        tp_cancel_forget(s);
    TP.rndv_out[s->peer]--;
    if (s->mr != NULL) {
        w->mem_dereg(w, s->mr);
        free(s->mr);
        s->mr = NULL;
    }
    s->complete = 1;
}

static void tp_pkt_handle(int peer, const void *hdr, const void *payload, size_t len);

/* Shuffle mode: keeps a copy of the packet for a later, randomly ordered release. */
static void tp_hold(int peer, const void *hdr, size_t hlen, const void *payload, size_t len)
{
    tp_held_t *h = malloc(sizeof(*h) + hlen + len);
    if (h == NULL)
        tp_fatal("holding a packet (shuffle mode)", OML_ERR_NOMEM);
    h->peer = peer;
    h->hlen = hlen;
    h->len = len;
    memcpy(h->data, hdr, hlen);
    if (len > 0)
        memcpy(h->data + hlen, payload, len);
    h->next = TP.held;
    TP.held = h;
    TP.nheld++;
}

static uint64_t tp_rand(void)
{
    TP.rng ^= TP.rng << 13;
    TP.rng ^= TP.rng >> 7;
    TP.rng ^= TP.rng << 17;
    return TP.rng;
}

/*
 * Releases held packets in a random order: each with probability 1/2, or all of them when
 * the wire brought nothing new (so a wait never stalls on a held packet). Packets that
 * arrive meanwhile (a FIN sent to ourselves) are held for the next round.
 */
static int tp_release(bool all)
{
    int n = TP.nheld;
    if (n == 0)
        return 0;
    tp_held_t **v = malloc(sizeof(*v) * (size_t)n);
    if (v == NULL)
        tp_fatal("releasing held packets (shuffle mode)", OML_ERR_NOMEM);
    int i = 0;
    for (tp_held_t *h = TP.held; h != NULL; h = h->next)
        v[i++] = h;
    TP.held = NULL;
    TP.nheld = 0;
    for (i = n - 1; i > 0; i--) {
        int j = (int)(tp_rand() % (uint64_t)(i + 1));
        tp_held_t *t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
    int released = 0;
    for (i = 0; i < n; i++) {
        if (!all && (tp_rand() & 1)) {
            v[i]->next = TP.held;
            TP.held = v[i];
            TP.nheld++;
            continue;
        }
        tp_pkt_handle(v[i]->peer, v[i]->data, v[i]->data + v[i]->hlen, v[i]->len);
        free(v[i]);
        released++;
    }
    free(v);
    return released;
}

void oml_tp_pkt_arrived(int peer, const void *hdr, const void *payload, size_t len)
{
    if (TP.shuffle) {
        size_t hlen = oml_tp_hdr_len(((const oml_tp_hdr_t *)hdr)->type);
        tp_hold(peer, hdr, hlen != 0 ? hlen : sizeof(oml_tp_hdr_t), payload, len);
        return;
    }
    tp_pkt_handle(peer, hdr, payload, len);
}

static void tp_pkt_handle(int peer, const void *hdr, const void *payload, size_t len)
{
    const oml_tp_hdr_t *h = hdr;
    size_t hlen = oml_tp_hdr_len(h->type);

    if (h->version != OML_TP_PROTO_VERSION || hlen == 0) {
        fprintf(stderr,
                "ompi-lite: rank %d: packet of protocol version %u type %u from rank %d; "
                "this library speaks version %d. Are all ranks running the same ompi-lite?\n",
                oml_rt_job.rank, h->version, h->type, peer, OML_TP_PROTO_VERSION);
        oml_rt_abort(1, "protocol version mismatch");
    }
    if (h->type == OML_TP_PKT_FIN) {
        tp_fin_arrived(hdr);
        return;
    }
    if (h->type == OML_TP_PKT_CREDIT) {
        TP.credit[peer] += ((const oml_tp_credit_t *)hdr)->bytes;
        return;
    }
    if (h->type == OML_TP_PKT_CTS) {
        tp_cts_arrived(peer, hdr);
        return;
    }
    if (h->type == OML_TP_PKT_DATA) {
        tp_data_arrived(hdr, payload, len);
        return;
    }
    if (h->type == OML_TP_PKT_CANCEL_ACK) {
        tp_cancel_ack_arrived(peer, hdr);
        return;
    }
    oml_tp_seq_t *s = &TP.seq[peer];
    if (h->seq != s->next_recv) {
        /* Early: keep header and payload together until its turn. */
        oml_status_t st = oml_tp_seq_hold(s, h->seq, hdr, hlen, payload, len);
        if (st != OML_OK)
            tp_fatal("holding an early packet", st);
        return;
    }
    tp_deliver(hdr, payload, len);
    s->next_recv++;
    oml_tp_seq_pkt_t *p;
    while ((p = oml_tp_seq_take_ready(s)) != NULL) {
        const oml_tp_hdr_t *ph = (const oml_tp_hdr_t *)p->data;
        size_t phl = oml_tp_hdr_len(ph->type);
        tp_deliver(p->data, p->data + phl, p->len - phl);
        s->next_recv++;
        free(p);
    }
}

oml_status_t oml_tp_irecv(oml_tp_req_t *req, void *buf, size_t cap, int src, int tag,
                          const oml_tp_comm_t *comm)
{
    req->complete = 0;
    req->status = OML_OK;
    req->kind = OML_TP_REQ_RECV;
    req->ctx = comm->ctx;
    req->peer = src;
    req->want_tag = tag;
    req->buf = buf;
    req->cap = cap;
    req->len = 0;
    req->mr = NULL;

    oml_tp_unexp_t *u = oml_tp_match_unexp(&TP.unexp, comm->ctx, src, tag);
    if (u == NULL) {
        oml_tp_queue_push_req(&TP.posted, req);
        return OML_OK;
    }
    tp_unexp_receive(req, u);
    return OML_OK;
}

bool oml_tp_iprobe(int src, int tag, const oml_tp_comm_t *comm, oml_tp_probe_t *info,
                   oml_tp_msg_t **msg_p)
{
    oml_tp_progress();
    oml_tp_unexp_t *u = msg_p != NULL ? oml_tp_match_unexp(&TP.unexp, comm->ctx, src, tag)
                                      : oml_tp_match_peek(&TP.unexp, comm->ctx, src, tag);
    if (u == NULL)
        return false;
    info->source = u->rts.hdr.src;
    info->tag = u->rts.hdr.tag;
    info->len = u->rts.hdr.len;
    if (msg_p != NULL)
        *msg_p = u;
    return true;
}

oml_status_t oml_tp_imrecv(oml_tp_req_t *req, void *buf, size_t cap, oml_tp_msg_t *msg)
{
    req->complete = 0;
    req->status = OML_OK;
    req->kind = OML_TP_REQ_RECV;
    req->ctx = msg->rts.hdr.ctx;
    req->peer = msg->rts.hdr.src;
    req->want_tag = msg->rts.hdr.tag;
    req->buf = buf;
    req->cap = cap;
    req->len = 0;
    req->mr = NULL;
    tp_unexp_receive(req, msg);
    return OML_OK;
}

bool oml_tp_cancel_recv(oml_tp_req_t *req)
{
    if (req->kind != OML_TP_REQ_RECV || req->complete || !oml_tp_queue_remove_req(&TP.posted, req))
        return false;
    req->status = OML_ERR_CANCELLED;
    req->len = 0;
    req->complete = 1;
    return true;
}

/* ---- progress ---- */

/* The layers above that progress in the background: collective schedules, one-sided windows. */
#define TP_HOOKS_MAX 4
static int (*tp_hooks[TP_HOOKS_MAX])(void);
static int tp_nhooks;

void oml_tp_add_progress_hook(int (*hook)(void))
{
    for (int i = 0; i < tp_nhooks; i++) {
        if (tp_hooks[i] == hook)
            return;
    }
    if (tp_nhooks == TP_HOOKS_MAX)
        abort(); /* a fixed set of layers adds hooks: more is a bug of ompi-lite */
    tp_hooks[tp_nhooks++] = hook;
}

int oml_tp_progress(void)
{
    int n = 0;
    if (TP.shm != NULL)
        n += TP.shm->progress(TP.shm);
    if (TP.ofi != NULL)
        n += TP.ofi->progress(TP.ofi);
    if (TP.shuffle && TP.nheld > 0)
        n += tp_release(n == 0);
    for (int i = 0; i < tp_nhooks; i++)
        n += tp_hooks[i]();
    return n;
}

bool oml_tp_yields(void)
{
    return TP.yield;
}

bool oml_tp_node_crowded(void)
{
    return TP.crowded;
}

static void (*tp_idle_hook)(bool yield);

void oml_tp_set_idle_hook(void (*hook)(bool yield))
{
    tp_idle_hook = hook;
}

int oml_tp_progress_idle(void)
{
    int n = oml_tp_progress();
    bool yield = n == 0 && TP.yield;
    if (tp_idle_hook != NULL)
        tp_idle_hook(yield);
    else if (yield)
        sched_yield();
    return n;
}

void oml_tp_wait(oml_tp_req_t *req)
{
    while (!req->complete)
        oml_tp_progress_idle();
}

void oml_tp_waitall(int n, oml_tp_req_t *const *reqs)
{
    for (int i = 0; i < n; i++) {
        if (reqs[i] != NULL)
            oml_tp_wait(reqs[i]);
    }
}

/* Relaxed loads: a tool may read from another thread while this process's runs the engine
 * (MPI_T reads take no lock below MPI_THREAD_MULTIPLE). */
void oml_tp_counts(oml_tp_counts_t *c)
{
    c->eager_sent = __atomic_load_n(&TP.counts.eager_sent, __ATOMIC_RELAXED);
    c->rndv_sent = __atomic_load_n(&TP.counts.rndv_sent, __ATOMIC_RELAXED);
    c->unexpected = __atomic_load_n(&TP.counts.unexpected, __ATOMIC_RELAXED);
    c->unexpected_queued = __atomic_load_n(&TP.unexp.len, __ATOMIC_RELAXED);
    c->posted_queued = __atomic_load_n(&TP.posted.len, __ATOMIC_RELAXED);
}
