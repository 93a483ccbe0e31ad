/*
 * transport/tp_ofi.c: the libfabric wire. One FI_EP_RDM endpoint per process with FI_MSG and,
 * where the provider has it, FI_RMA; an FI_AV_TABLE address vector, manual progress through
 * one completion queue read in batches, pre-posted registered receive buffers, and a pool of
 * registered send buffers (eager packets are copied once into them, so the user's buffer is
 * free at once).
 *
 * Provider choice: FI_PROVIDER when set (matched here, so a value that matches nothing gets a
 * list of what exists), else efa, else the first RDM provider that reaches other nodes; among
 * them, one with RMA (rendezvous by one RMA read) before one without (rendezvous by CTS and
 * DATA packets). Within the provider, the interface named by FI_<PROVIDER>_IFACE is preferred,
 * else loopback when all ranks share one node.
 */
#include "transport/tp_impl.h"

#include <ctype.h>
#include <rdma/fabric.h>
#include <rdma/fi_cm.h>
#include <rdma/fi_domain.h>
#include <rdma/fi_endpoint.h>
#include <rdma/fi_errno.h>
#include <rdma/fi_rma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define OFI_CARD_KEY "oml.ofi.addr"
#define OFI_NUM_SBUF 256
/*
 * ofi_rxd: sends in flight, kept well under its per-peer window of unacknowledged packets
 * (FI_OFI_RXD_MAX_UNACKED, 128), so that rxd never queues sends of ours behind a full window
 * and retransmits at most this many. Under a flood of small messages with 256 in flight,
 * libfabric 1.17's rxd at times got EAGAIN from udp on its own sends and receive reposts,
 * logged "could not find posted rx to release" thousands of times and lost a message (the job
 * hung; once it delivered a 16-byte packet nobody sent). osu bw over rxd is unchanged.
 */
#define OFI_NUM_SBUF_RXD 32
#define OFI_NUM_RBUF 128
#define OFI_CQ_BATCH 16
/* Largest packet we inject (a stack copy); providers offer 64 (tcp;ofi_rxm) to ~1 KiB. */
#define OFI_INJECT_MAX 2048
#define OFI_MAX_PKT_EFA 8192 /* one EFA packet */
#define OFI_MAX_PKT_OTHER 16384
/* ofi_rxm's eager buffer, unless FI_OFI_RXM_BUFFER_SIZE is set: 16 KiB and room for a header */
#define OFI_RXM_BUFFER 16448
#define OFI_MRC_DEFAULT 256 /* registrations kept by default (OMPI_LITE_MR_CACHE) */

enum { OFI_OP_SEND = 1, OFI_OP_RECV = 2, OFI_OP_READ = 3 };

typedef struct ofi_op {
    struct fi_context2 fctx; /* first: providers in FI_CONTEXT mode own it while posted */
    int kind;
} ofi_op_t;

/* A registered packet buffer, for sends or receives. */
typedef struct ofi_buf {
    ofi_op_t op;
    struct ofi_buf *next;
    int peer;
    size_t len;
    unsigned char *data;
} ofi_buf_t;

/* One rendezvous read, issued a chunk at a time. */
typedef struct ofi_read {
    ofi_op_t op;
    struct ofi_read *next;
    int peer;
    unsigned char *local;
    void *desc;
    size_t len;
    size_t done_bytes;
    size_t inflight;
    uint64_t raddr;
    uint64_t rkey;
    oml_tp_rma_done_fn done;
    void *arg;
} ofi_read_t;

/* A kept memory registration (the registration cache, ofi_mem_reg). */
typedef struct ofi_mrc {
    struct ofi_mrc *prev, *next; /* most recently used first */
    uintptr_t base;              /* whole pages */
    size_t len;
    struct fid_mr *mr;
    int users; /* rendezvous transfers using it now */
} ofi_mrc_t;

/* A packet waiting for a free send buffer. */
typedef struct ofi_pending {
    struct ofi_pending *next;
    int peer;
    size_t len;
    unsigned char data[];
} ofi_pending_t;

static struct {
    oml_tp_wire_t wire;
    char name[64];
    struct fi_info *info;
    struct fid_fabric *fabric;
    struct fid_domain *domain;
    struct fid_av *av;
    struct fid_cq *cq;
    struct fid_ep *ep;
    fi_addr_t *peers;
    uint64_t mr_mode;
    uint64_t next_key;
    size_t rma_max;
    size_t inject_max; /* packets up to this size go by fi_inject: no buffer, no completion */
    unsigned char *sbuf_mem;
    unsigned char *rbuf_mem;
    struct fid_mr *sbuf_mr;
    struct fid_mr *rbuf_mr;
    ofi_buf_t sbufs[OFI_NUM_SBUF];
    ofi_buf_t rbufs[OFI_NUM_RBUF];
    ofi_buf_t *sfree;
    int nsbuf; /* send buffers in use: OFI_NUM_SBUF, or fewer on providers that need pacing */
    ofi_buf_t *sretry;      /* filled send buffers the provider refused with EAGAIN */
    ofi_pending_t *pending; /* packets waiting for a send buffer, FIFO */
    ofi_pending_t *pending_tail;
    ofi_read_t *rretry;             /* reads whose next chunk got EAGAIN */
    size_t outstanding;             /* posted sends and reads not yet completed */
    ofi_mrc_t *mrc_head, *mrc_tail; /* registration cache */
    size_t mrc_count, mrc_max;      /* mrc_max 0: no cache */
    size_t mrc_hits;
    long page;
    bool in_progress; /* ofi_progress is on the stack: never nest it */
} oml_tp_ofi_global;

#define OFI oml_tp_ofi_global

static bool ofi_is(const struct fi_info *fi, const char *core);

static void ofi_fatal(const char *what, int rc)
{
    char what_on[256];
    snprintf(what_on, sizeof(what_on), "%s failed on provider %s", what, OFI.name);
    oml_tp_die(what_on, fi_strerror(-rc));
}

static inline void *ofi_desc(struct fid_mr *mr)
{
    return mr != NULL ? fi_mr_desc(mr) : NULL;
}

static fi_addr_t ofi_peer(int peer)
{
    if (OFI.peers[peer] != FI_ADDR_NOTAVAIL)
        return OFI.peers[peer];
    void *card = NULL;
    size_t len = 0;
    oml_status_t st = oml_rt_get(peer, OFI_CARD_KEY, &card, &len);
    if (st != OML_OK) {
        fprintf(stderr, "ompi-lite: rank %d: no fabric address for rank %d: %s\n", oml_rt_job.rank,
                peer, oml_status_string(st));
        oml_rt_abort(1, "fabric address lookup failed");
    }
    int n = fi_av_insert(OFI.av, card, 1, &OFI.peers[peer], 0, NULL);
    free(card);
    if (n != 1)
        ofi_fatal("fi_av_insert", n < 0 ? n : -FI_EINVAL);
    return OFI.peers[peer];
}

/* ---- sends ---- */

static void ofi_post_send(ofi_buf_t *b)
{
    ssize_t rc = fi_send(OFI.ep, b->data, b->len, ofi_desc(OFI.sbuf_mr), ofi_peer(b->peer), &b->op);
    if (rc == -FI_EAGAIN) {
        b->next = OFI.sretry;
        OFI.sretry = b;
        return;
    }
    if (rc != 0)
        ofi_fatal("fi_send", (int)rc);
    OFI.outstanding++;
}

static int ofi_progress(oml_tp_wire_t *w);

static oml_status_t ofi_am_send(oml_tp_wire_t *w, int peer, const void *hdr, size_t hdrlen,
                                const void *payload, size_t len)
{
    /* Small packets need neither a registered buffer nor a completion. */
    if (hdrlen + len <= OFI.inject_max && OFI.pending == NULL && OFI.sretry == NULL) {
        unsigned char pkt[OFI_INJECT_MAX];
        memcpy(pkt, hdr, hdrlen);
        if (len > 0)
            memcpy(pkt + hdrlen, payload, len);
        ssize_t rc = fi_inject(OFI.ep, pkt, hdrlen + len, ofi_peer(peer));
        if (rc == 0)
            return OML_OK;
        if (rc != -FI_EAGAIN)
            ofi_fatal("fi_inject", (int)rc);
    }
    /* A sender that only sends drives no progress elsewhere: reap send completions here. */
    if (OFI.sfree == NULL && !OFI.in_progress)
        ofi_progress(w);
    if (OFI.sfree != NULL && OFI.pending == NULL) {
        ofi_buf_t *b = OFI.sfree;
        OFI.sfree = b->next;
        memcpy(b->data, hdr, hdrlen);
        if (len > 0)
            memcpy(b->data + hdrlen, payload, len);
        b->len = hdrlen + len;
        b->peer = peer;
        ofi_post_send(b);
        return OML_OK;
    }
    /* Every buffer is in flight: keep a copy and send it when one comes back. */
    ofi_pending_t *p = malloc(sizeof(*p) + hdrlen + len);
    if (p == NULL)
        return OML_ERR_NOMEM;
    p->next = NULL;
    p->peer = peer;
    p->len = hdrlen + len;
    memcpy(p->data, hdr, hdrlen);
    if (len > 0)
        memcpy(p->data + hdrlen, payload, len);
    if (OFI.pending_tail != NULL)
        OFI.pending_tail->next = p;
    else
        OFI.pending = p;
    OFI.pending_tail = p;
    return OML_OK;
}

/* ---- rendezvous reads ---- */

static void ofi_read_next(ofi_read_t *r)
{
    size_t chunk = r->len - r->done_bytes;
    if (chunk > OFI.rma_max)
        chunk = OFI.rma_max;
    ssize_t rc = fi_read(OFI.ep, r->local + r->done_bytes, chunk, r->desc, ofi_peer(r->peer),
                         r->raddr + r->done_bytes, r->rkey, &r->op);
    if (rc == -FI_EAGAIN) {
        r->next = OFI.rretry;
        OFI.rretry = r;
        return;
    }
    if (rc != 0)
        ofi_fatal("fi_read", (int)rc);
    r->inflight = chunk;
    OFI.outstanding++;
}

static oml_status_t ofi_rma_get(oml_tp_wire_t *w, int peer, void *local, size_t len,
                                const oml_tp_mr_t *local_mr, uint64_t raddr, uint64_t rkey,
                                oml_tp_rma_done_fn done, void *arg)
{
    (void)w;
    ofi_read_t *r = calloc(1, sizeof(*r));
    if (r == NULL)
        return OML_ERR_NOMEM;
    r->op.kind = OFI_OP_READ;
    r->peer = peer;
    r->local = local;
    r->desc = local_mr->desc;
    r->len = len;
    r->raddr = raddr;
    r->rkey = rkey;
    r->done = done;
    r->arg = arg;
    ofi_read_next(r);
    return OML_OK;
}

/* Registers [buf, buf + len) with the domain; the fid and the remote key. */
static struct fid_mr *ofi_reg_raw(void *buf, size_t len)
{
    struct fid_mr *mr = NULL;
    uint64_t key = (OFI.mr_mode & FI_MR_PROV_KEY) ? 0 : OFI.next_key++;
    uint64_t access = FI_SEND | FI_RECV | (OFI.wire.has_rma ? FI_READ | FI_REMOTE_READ : 0);
    int rc = fi_mr_reg(OFI.domain, buf, len, access, 0, key, 0, &mr, NULL);
    if (rc != 0)
        ofi_fatal("fi_mr_reg", rc);
    if (OFI.mr_mode & FI_MR_ENDPOINT) {
        if ((rc = fi_mr_bind(mr, &OFI.ep->fid, 0)) != 0 || (rc = fi_mr_enable(mr)) != 0)
            ofi_fatal("binding a memory registration", rc);
    }
    return mr;
}

/*
 * Registration cache. Rendezvous registers the user's buffer at both ends for every message;
 * applications send from and receive into the same few buffers, so registrations are kept,
 * whole pages at a time, most recently used first, and reused for any buffer inside them.
 * The cache is only as safe as the provider's registrations are: a provider that pins pages
 * (efa, verbs) would keep reading the old pages after the application frees and reuses the
 * address range, which needs a memory monitor; libfabric's domains for those providers keep
 * their own cache with one (FI_MR_CACHE_MONITOR), so ours stays off there. Providers that
 * address memory by virtual address only (tcp, udp, sockets, shm) read whatever is mapped now,
 * so a kept registration never goes stale.
 */
static bool ofi_mr_cache_safe(const struct fi_info *fi)
{
    static const char *const by_address[] = {"tcp", "udp", "sockets", "shm"};
    for (size_t i = 0; i < sizeof(by_address) / sizeof(by_address[0]); i++) {
        if (ofi_is(fi, by_address[i]))
            return true;
    }
    return false;
}

static void ofi_mrc_unlink(ofi_mrc_t *e)
{
    if (e->prev != NULL)
        e->prev->next = e->next;
    else
        OFI.mrc_head = e->next;
    if (e->next != NULL)
        e->next->prev = e->prev;
    else
        OFI.mrc_tail = e->prev;
    e->prev = e->next = NULL;
}

static void ofi_mrc_push_front(ofi_mrc_t *e)
{
    e->prev = NULL;
    e->next = OFI.mrc_head;
    if (OFI.mrc_head != NULL)
        OFI.mrc_head->prev = e;
    else
        OFI.mrc_tail = e;
    OFI.mrc_head = e;
}

/* Drops unused registrations from the cold end until at most max are kept. */
static void ofi_mrc_trim(size_t max)
{
    for (ofi_mrc_t *e = OFI.mrc_tail, *prev; e != NULL && OFI.mrc_count > max; e = prev) {
        prev = e->prev;
        if (e->users > 0)
            continue;
        ofi_mrc_unlink(e);
        fi_close(&e->mr->fid);
        free(e);
        OFI.mrc_count--;
    }
}

static ofi_mrc_t *ofi_mrc_get(void *buf, size_t len)
{
    uintptr_t lo = (uintptr_t)buf, hi = lo + len;
    for (ofi_mrc_t *e = OFI.mrc_head; e != NULL; e = e->next) {
        if (e->base <= lo && hi <= e->base + e->len) {
            if (e != OFI.mrc_head) {
                ofi_mrc_unlink(e);
                ofi_mrc_push_front(e);
            }
            e->users++;
            OFI.mrc_hits++;
            return e;
        }
    }
    ofi_mrc_t *e = calloc(1, sizeof(*e));
    if (e == NULL)
        return NULL;
    uintptr_t page = (uintptr_t)OFI.page;
    e->base = lo & ~(page - 1);
    e->len = ((hi + page - 1) & ~(page - 1)) - e->base;
    e->mr = ofi_reg_raw((void *)e->base, e->len);
    e->users = 1;
    ofi_mrc_push_front(e);
    OFI.mrc_count++;
    ofi_mrc_trim(OFI.mrc_max);
    return e;
}

static oml_status_t ofi_mem_reg(oml_tp_wire_t *w, void *buf, size_t len, bool peer_reads,
                                oml_tp_mr_t *mr_p)
{
    (void)w, (void)peer_reads;
    struct fid_mr *mr;
    uintptr_t base = (uintptr_t)buf;
    if (OFI.mrc_max > 0) {
        ofi_mrc_t *e = ofi_mrc_get(buf, len);
        if (e == NULL)
            return OML_ERR_NOMEM;
        mr = e->mr;
        base = e->base;
        mr_p->handle = e;
    } else {
        mr = ofi_reg_raw(buf, len);
        mr_p->handle = mr;
    }
    mr_p->desc = fi_mr_desc(mr);
    mr_p->key = fi_mr_key(mr);
    mr_p->addr = (OFI.mr_mode & FI_MR_VIRT_ADDR) ? (uint64_t)(uintptr_t)buf
                                                 : (uint64_t)((uintptr_t)buf - base);
    return OML_OK;
}

static void ofi_mem_dereg(oml_tp_wire_t *w, oml_tp_mr_t *mr)
{
    (void)w;
    if (mr->handle == NULL)
        return;
    if (OFI.mrc_max > 0) {
        ofi_mrc_t *e = mr->handle;
        e->users--;
    } else {
        fi_close(&((struct fid_mr *)mr->handle)->fid);
    }
    mr->handle = NULL;
}

/* ---- progress ---- */

static void ofi_post_recv(ofi_buf_t *b)
{
    ssize_t rc;
    do {
        rc = fi_recv(OFI.ep, b->data, OFI.wire.max_pkt, ofi_desc(OFI.rbuf_mr), FI_ADDR_UNSPEC,
                     &b->op);
    } while (rc == -FI_EAGAIN);
    if (rc != 0)
        ofi_fatal("fi_recv", (int)rc);
}

static void ofi_cq_error(void)
{
    struct fi_cq_err_entry err;
    memset(&err, 0, sizeof(err));
    if (fi_cq_readerr(OFI.cq, &err, 0) < 0)
        ofi_fatal("fi_cq_readerr", -FI_EOTHER);
    char msg[512];
    snprintf(msg, sizeof(msg),
             "ompi-lite: rank %d on %s: a fabric operation failed on provider %s: %s (%s)",
             oml_rt_job.rank, oml_rt_job.hostname, OFI.name, fi_strerror(err.err),
             fi_cq_strerror(OFI.cq, err.prov_errno, err.err_data, NULL, 0));
    fprintf(stderr, "%s\n", msg);
    oml_rt_abort(1, msg);
}

static void ofi_completed(const struct fi_cq_msg_entry *e)
{
    ofi_op_t *op = e->op_context;
    switch (op->kind) {
    case OFI_OP_SEND: {
        ofi_buf_t *b = (ofi_buf_t *)op;
        OFI.outstanding--;
        b->next = OFI.sfree;
        OFI.sfree = b;
        break;
    }
    case OFI_OP_RECV: {
        ofi_buf_t *b = (ofi_buf_t *)op;
        const oml_tp_hdr_t *h = (const oml_tp_hdr_t *)b->data;
        size_t hl = oml_tp_hdr_len(h->type);
        if (e->len < sizeof(oml_tp_hdr_t) || hl == 0 || e->len < hl) {
            fprintf(stderr, "ompi-lite: rank %d: dropped a malformed packet of %zu bytes\n",
                    oml_rt_job.rank, e->len);
        } else {
            oml_tp_pkt_arrived((int)h->src_world, b->data, b->data + hl, e->len - hl);
        }
        ofi_post_recv(b);
        break;
    }
    case OFI_OP_READ: {
        ofi_read_t *r = (ofi_read_t *)op;
        OFI.outstanding--;
        r->done_bytes += r->inflight;
        r->inflight = 0;
        if (r->done_bytes < r->len) {
            ofi_read_next(r);
        } else {
            r->done(r->arg, OML_OK);
            free(r);
        }
        break;
    }
    }
}

/* Re-posts what the provider refused and moves waiting packets into free buffers. */
static void ofi_retry(void)
{
    ofi_buf_t *sb = OFI.sretry;
    OFI.sretry = NULL;
    while (sb != NULL) {
        ofi_buf_t *next = sb->next;
        ofi_post_send(sb);
        sb = next;
    }
    while (OFI.pending != NULL && OFI.sfree != NULL) {
        ofi_pending_t *p = OFI.pending;
        OFI.pending = p->next;
        if (OFI.pending == NULL)
            OFI.pending_tail = NULL;
        ofi_buf_t *b = OFI.sfree;
        OFI.sfree = b->next;
        memcpy(b->data, p->data, p->len);
        b->len = p->len;
        b->peer = p->peer;
        free(p);
        ofi_post_send(b);
    }
    ofi_read_t *r = OFI.rretry;
    OFI.rretry = NULL;
    while (r != NULL) {
        ofi_read_t *next = r->next;
        ofi_read_next(r);
        r = next;
    }
}

static int ofi_progress(oml_tp_wire_t *w)
{
    (void)w;
    struct fi_cq_msg_entry ents[OFI_CQ_BATCH];
    int handled = 0;
    if (OFI.in_progress)
        return 0; /* a nested call would deliver packets ahead of the batch being handled */
    OFI.in_progress = true;
    ssize_t n = fi_cq_read(OFI.cq, ents, OFI_CQ_BATCH);
    if (n > 0) {
        for (ssize_t i = 0; i < n; i++)
            ofi_completed(&ents[i]);
        handled = (int)n;
    } else if (n == -FI_EAVAIL) {
        ofi_cq_error();
    } else if (n != -FI_EAGAIN) {
        ofi_fatal("fi_cq_read", (int)n);
    }
    if (OFI.sretry != NULL || OFI.pending != NULL || OFI.rretry != NULL)
        ofi_retry();
    OFI.in_progress = false;
    return handled;
}

static bool ofi_quiet(oml_tp_wire_t *w)
{
    (void)w;
    return OFI.outstanding == 0 && OFI.sretry == NULL && OFI.pending == NULL && OFI.rretry == NULL;
}

/* The engine has made the wire quiet and fenced with every rank (oml_tp_finalize). */
static void ofi_close(oml_tp_wire_t *w)
{
    while (!ofi_quiet(w))
        ofi_progress(w);
    ofi_mrc_trim(0);
    fi_close(&OFI.ep->fid);
    if (OFI.sbuf_mr != NULL)
        fi_close(&OFI.sbuf_mr->fid);
    if (OFI.rbuf_mr != NULL)
        fi_close(&OFI.rbuf_mr->fid);
    fi_close(&OFI.cq->fid);
    fi_close(&OFI.av->fid);
    fi_close(&OFI.domain->fid);
    fi_close(&OFI.fabric->fid);
    fi_freeinfo(OFI.info);
    free(OFI.sbuf_mem);
    free(OFI.rbuf_mem);
    free(OFI.peers);
}

/* ---- opening ---- */

/*
 * Does FI_PROVIDER's value select prov ("tcp;ofi_rxm")? Same rules as libfabric: a comma list
 * of names, each matching the whole name or one of its ';' parts; '^name' excludes.
 */
static bool ofi_prov_selected(const char *filter, const char *prov)
{
    bool have_include = false, included = false;
    char *copy = strdup(filter), *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item != NULL; item = strtok_r(NULL, ",", &save)) {
        bool neg = item[0] == '^';
        const char *name = neg ? item + 1 : item;
        bool hit = strcmp(name, prov) == 0;
        char *pcopy = strdup(prov), *psave = NULL;
        for (char *part = strtok_r(pcopy, ";", &psave); part != NULL && !hit;
             part = strtok_r(NULL, ";", &psave))
            hit = strcmp(part, name) == 0;
        free(pcopy);
        if (neg && hit) {
            free(copy);
            return false;
        }
        if (!neg) {
            have_include = true;
            included = included || hit;
        }
    }
    free(copy);
    return have_include ? included : true;
}

static bool ofi_is(const struct fi_info *fi, const char *core)
{
    return ofi_prov_selected(core, fi->fabric_attr->prov_name);
}

/*
 * The domain (interface) to prefer among the entries of pick's provider: the one the user
 * named in the provider's FI_<CORE>_IFACE variable (FI_TCP_IFACE, FI_UDP_IFACE, ...), which
 * libfabric lists but does not put first; else, when every rank is on this node, loopback.
 * NULL: keep libfabric's order.
 */
static const char *ofi_preferred_domain(const struct fi_info *pick, char *var, size_t varlen)
{
    size_t n = (size_t)snprintf(var, varlen, "FI_");
    for (const char *c = pick->fabric_attr->prov_name; *c && *c != ';' && n + 8 < varlen; c++)
        var[n++] = (char)toupper((unsigned char)*c);
    snprintf(var + n, varlen - n, "_IFACE");
    const char *iface = getenv(var);
    if (iface != NULL && *iface != '\0')
        return iface;
    var[0] = '\0';
    return oml_rt_job.local_size == oml_rt_job.size ? "lo" : NULL;
}

/* The user named an interface that the provider does not offer (now): say so, list them. */
static void ofi_no_iface(const char *var, const char *iface, const struct fi_info *list,
                         const char *prov)
{
    char present[512] = "";
    size_t used = 0;
    for (const struct fi_info *fi = list; fi != NULL; fi = fi->next) {
        const char *d = fi->domain_attr->name;
        if (strcmp(fi->fabric_attr->prov_name, prov) != 0 || d == NULL || strstr(present, d))
            continue;
        used +=
            (size_t)snprintf(present + used, sizeof(present) - used, "%s%s", used ? ", " : "", d);
        if (used >= sizeof(present))
            break;
    }
    fprintf(stderr,
            "ompi-lite: rank %d on %s: %s=%s, but provider %s offers no such interface here "
            "(it offers: %s). Name an interface that is up and has an address, or unset %s.\n",
            oml_rt_job.rank, oml_rt_job.hostname, var, iface, prov, used ? present : "none", var);
}

static void ofi_no_provider(const char *want, struct fi_info *list)
{
    char present[1024] = "";
    size_t used = 0;
    for (struct fi_info *fi = list; fi != NULL; fi = fi->next) {
        const char *p = fi->fabric_attr->prov_name;
        if (strstr(present, p) != NULL)
            continue;
        used +=
            (size_t)snprintf(present + used, sizeof(present) - used, "%s%s", used ? ", " : "", p);
        if (used >= sizeof(present))
            break;
    }
    if (want != NULL)
        fprintf(stderr,
                "ompi-lite: rank %d on %s: FI_PROVIDER=%s matches no libfabric provider that "
                "offers reliable datagram endpoints (FI_EP_RDM) here. Providers present: "
                "%s. On AWS use FI_PROVIDER=efa; or unset FI_PROVIDER to let ompi-lite choose.\n",
                oml_rt_job.rank, oml_rt_job.hostname, want, used ? present : "none");
    else
        fprintf(stderr,
                "ompi-lite: rank %d on %s: no libfabric provider offers reliable datagram "
                "endpoints (FI_EP_RDM) here. Check `fi_info -t FI_EP_RDM`.\n",
                oml_rt_job.rank, oml_rt_job.hostname);
}

static struct fi_info *ofi_choose(struct fi_info *list, const char *want, bool *reported_p)
{
    struct fi_info *pick = NULL;
    for (struct fi_info *fi = list; fi != NULL; fi = fi->next) {
        if (want != NULL) {
            if (ofi_prov_selected(want, fi->fabric_attr->prov_name)) {
                pick = fi;
                break;
            }
        } else if (ofi_is(fi, "efa")) {
            pick = fi;
            break;
        } else if (pick == NULL && !ofi_is(fi, "shm")) {
            pick = fi; /* shm reaches only this node: never the default */
        }
    }
    if (pick == NULL || ofi_is(pick, "efa"))
        return pick;
    char var[64];
    const char *domain = ofi_preferred_domain(pick, var, sizeof(var));
    if (domain == NULL)
        return pick;
    for (struct fi_info *fi = list; fi != NULL; fi = fi->next) {
        if (strcmp(fi->fabric_attr->prov_name, pick->fabric_attr->prov_name) == 0 &&
            fi->domain_attr->name != NULL && strcmp(fi->domain_attr->name, domain) == 0)
            return fi;
    }
    if (var[0] == '\0') /* no loopback domain: libfabric's first choice will do */
        return pick;
    ofi_no_iface(var, domain, list, pick->fabric_attr->prov_name);
    *reported_p = true;
    return NULL;
}

static int ofi_open_objects(void)
{
    struct fi_cq_attr cq_attr;
    struct fi_av_attr av_attr;
    int rc;

    if ((rc = fi_fabric(OFI.info->fabric_attr, &OFI.fabric, NULL)) != 0)
        return rc;
    if ((rc = fi_domain(OFI.fabric, OFI.info, &OFI.domain, NULL)) != 0)
        return rc;
    memset(&av_attr, 0, sizeof(av_attr));
    av_attr.type = FI_AV_TABLE;
    av_attr.count = (size_t)oml_rt_job.size;
    if ((rc = fi_av_open(OFI.domain, &av_attr, &OFI.av, NULL)) != 0)
        return rc;
    memset(&cq_attr, 0, sizeof(cq_attr));
    cq_attr.format = FI_CQ_FORMAT_MSG;
    cq_attr.size = OFI_NUM_SBUF + OFI_NUM_RBUF + 1024;
    cq_attr.wait_obj = FI_WAIT_NONE;
    if ((rc = fi_cq_open(OFI.domain, &cq_attr, &OFI.cq, NULL)) != 0)
        return rc;
    if ((rc = fi_endpoint(OFI.domain, OFI.info, &OFI.ep, NULL)) != 0)
        return rc;
    if ((rc = fi_ep_bind(OFI.ep, &OFI.av->fid, 0)) != 0)
        return rc;
    if ((rc = fi_ep_bind(OFI.ep, &OFI.cq->fid, FI_TRANSMIT | FI_RECV)) != 0)
        return rc;
    return fi_enable(OFI.ep);
}

static int ofi_reg_slab(void *mem, size_t len, struct fid_mr **mr_p)
{
    *mr_p = NULL;
    if (!(OFI.mr_mode & FI_MR_LOCAL))
        return 0;
    *mr_p = ofi_reg_raw(mem, len);
    return 0;
}

static oml_status_t ofi_open_buffers(void)
{
    size_t pkt = OFI.wire.max_pkt;
    OFI.sbuf_mem = aligned_alloc(64, pkt * (size_t)OFI.nsbuf);
    OFI.rbuf_mem = aligned_alloc(64, pkt * OFI_NUM_RBUF);
    OFI.peers = malloc(sizeof(fi_addr_t) * (size_t)oml_rt_job.size);
    if (OFI.sbuf_mem == NULL || OFI.rbuf_mem == NULL || OFI.peers == NULL)
        return OML_ERR_NOMEM;
    for (int i = 0; i < oml_rt_job.size; i++)
        OFI.peers[i] = FI_ADDR_NOTAVAIL;
    ofi_reg_slab(OFI.sbuf_mem, pkt * (size_t)OFI.nsbuf, &OFI.sbuf_mr);
    ofi_reg_slab(OFI.rbuf_mem, pkt * OFI_NUM_RBUF, &OFI.rbuf_mr);
    for (int i = 0; i < OFI.nsbuf; i++) {
        OFI.sbufs[i].op.kind = OFI_OP_SEND;
        OFI.sbufs[i].data = OFI.sbuf_mem + (size_t)i * pkt;
        OFI.sbufs[i].next = OFI.sfree;
        OFI.sfree = &OFI.sbufs[i];
    }
    for (int i = 0; i < OFI_NUM_RBUF; i++) {
        OFI.rbufs[i].op.kind = OFI_OP_RECV;
        OFI.rbufs[i].data = OFI.rbuf_mem + (size_t)i * pkt;
        ofi_post_recv(&OFI.rbufs[i]);
    }
    return OML_OK;
}

/*
 * The provider's packet, which a message fits in without being split: on efa the device's MTU,
 * which libfabric reports as the max_msg_size of the same device's datagram endpoint (the RDM
 * endpoint reports its own, unbounded, segmentation); over ofi_rxm the size of its eager
 * buffers (FI_OFI_RXM_BUFFER_SIZE). Others report no packet size: 16 KiB, or less when the
 * endpoint's max_msg_size is smaller.
 */
static size_t ofi_packet_size(const struct fi_info *rdm)
{
    size_t pkt = OFI_MAX_PKT_OTHER;
    if (ofi_is(rdm, "efa")) {
        pkt = OFI_MAX_PKT_EFA;
        struct fi_info *hints = fi_allocinfo(), *dgram = NULL;
        if (hints != NULL) {
            hints->ep_attr->type = FI_EP_DGRAM;
            hints->caps = FI_MSG;
            hints->fabric_attr->prov_name = strdup("efa");
            if (fi_getinfo(FI_VERSION(1, 14), NULL, NULL, 0, hints, &dgram) == 0) {
                /* The RDM domain is "<device>-rdm", its datagram twin "<device>-dgrm". */
                const char *dom = rdm->domain_attr->name;
                size_t stem = strcspn(dom, "-");
                for (struct fi_info *d = dgram; d != NULL; d = d->next) {
                    if (strncmp(d->domain_attr->name, dom, stem) == 0 &&
                        d->ep_attr->max_msg_size >= 1024) {
                        pkt = d->ep_attr->max_msg_size;
                        break;
                    }
                }
                fi_freeinfo(dgram);
            }
            fi_freeinfo(hints);
        }
    } else if (ofi_is(rdm, "ofi_rxm")) {
        pkt = oml_tp_parse_size(getenv("FI_OFI_RXM_BUFFER_SIZE"), OFI_RXM_BUFFER);
    }
    if (pkt < 1024)
        pkt = 1024;
    if (pkt > rdm->ep_attr->max_msg_size)
        pkt = rdm->ep_attr->max_msg_size;
    return pkt;
}

/* The RDM providers offering FI_MSG, and FI_RMA's remote reads when rma; 0 or -FI_ENODATA. */
static int ofi_getinfo(bool rma, struct fi_info **list_p)
{
    struct fi_info *hints = fi_allocinfo();
    if (hints == NULL)
        return -FI_ENOMEM;
    hints->ep_attr->type = FI_EP_RDM;
    hints->caps = FI_MSG | (rma ? FI_RMA | FI_READ | FI_REMOTE_READ : 0);
    hints->mode = FI_CONTEXT | FI_CONTEXT2;
    hints->domain_attr->mr_mode =
        FI_MR_LOCAL | FI_MR_VIRT_ADDR | FI_MR_ALLOCATED | FI_MR_PROV_KEY | FI_MR_ENDPOINT;
    hints->domain_attr->threading = FI_THREAD_DOMAIN;
    int rc = fi_getinfo(FI_VERSION(1, 14), NULL, NULL, 0, hints, list_p);
    fi_freeinfo(hints);
    return rc;
}

/*
 * ofi_rxm sends a message in one trip when it fits its eager buffers (FI_OFI_RXM_BUFFER_SIZE,
 * 16 KiB by default); beyond, by its own rendezvous. Our packets put a 32-byte header before the
 * message, so with rxm's default a 16 KiB MPI message would miss by 32 bytes and go in two
 * packets: 14-16 us instead of 10-12 at 16 KiB over loopback, where fi_pingpong's 16 KiB fits.
 * Unless the user chose a size, rxm gets 16 KiB plus room for our header (64 bytes, so that
 * packet buffers stay cache-line aligned); its memory grows by 0.4%. Larger buffers would make
 * 32 KiB one trip too, but rxm keeps thousands of them: 32 KiB doubled a rank's resident memory
 * (100 to 186 MB).
 */
static void ofi_rxm_buffer_default(void)
{
    const char *v = getenv("FI_OFI_RXM_BUFFER_SIZE");
    if (v == NULL || *v == '\0') {
        char text[32];
        snprintf(text, sizeof(text), "%d", OFI_RXM_BUFFER);
        setenv("FI_OFI_RXM_BUFFER_SIZE", text, 1);
    }
}

oml_tp_wire_t *oml_tp_ofi_open(oml_status_t *st_p)
{
    struct fi_info *list = NULL, *pick = NULL;
    char *want = NULL;
    int rc;
    bool reported = false;

    memset(&OFI, 0, sizeof(OFI));
    ofi_rxm_buffer_default(); /* before libfabric's first call, which reads it */
    /* Match FI_PROVIDER ourselves, so an unknown value can be answered with what exists. */
    if (getenv("FI_PROVIDER") != NULL && *getenv("FI_PROVIDER") != '\0') {
        want = strdup(getenv("FI_PROVIDER"));
        unsetenv("FI_PROVIDER");
    }
    /*
     * A provider with RMA first, then any (OMPI_LITE_OFI_RMA=0 goes straight to the second
     * round, as if no provider had RMA: the test of that path here, where all of them have it).
     */
    const char *rma_env = getenv("OMPI_LITE_OFI_RMA");
    bool rma = rma_env == NULL || *rma_env == '\0' || atoi(rma_env) != 0;
    for (int round = rma ? 0 : 1; round < 2 && pick == NULL && !reported; round++) {
        rma = round == 0;
        fi_freeinfo(list);
        list = NULL;
        rc = ofi_getinfo(rma, &list);
        if (rc != 0 && rc != -FI_ENODATA) {
            fprintf(stderr, "ompi-lite: rank %d: fi_getinfo failed: %s\n", oml_rt_job.rank,
                    fi_strerror(-rc));
            reported = true;
            break;
        }
        pick = ofi_choose(list, want, &reported);
    }
    if (want != NULL)
        setenv("FI_PROVIDER", want, 1);
    if (pick == NULL) {
        if (!reported)
            ofi_no_provider(want, list);
        fi_freeinfo(list);
        free(want);
        *st_p = OML_ERR_FABRIC;
        return NULL;
    }
    free(want);
    OFI.info = fi_dupinfo(pick);
    fi_freeinfo(list);
    snprintf(OFI.name, sizeof(OFI.name), "%s", OFI.info->fabric_attr->prov_name);
    OFI.mr_mode = OFI.info->domain_attr->mr_mode;
    OFI.next_key = 1;
    /*
     * Packets that fit the provider's inject size go by fi_inject. Not over ofi_rxd: under a
     * flood of small messages it lost injected packets and the job hung (libfabric 1.17).
     */
    size_t inject = OFI.info->tx_attr->inject_size;
    OFI.nsbuf = OFI_NUM_SBUF;
    if (ofi_is(OFI.info, "ofi_rxd")) {
        inject = 0;
        OFI.nsbuf = OFI_NUM_SBUF_RXD;
    }
    OFI.inject_max = oml_tp_parse_size(getenv("OMPI_LITE_INJECT_LIMIT"), inject);
    if (OFI.inject_max > OFI.info->tx_attr->inject_size)
        OFI.inject_max = OFI.info->tx_attr->inject_size;
    if (OFI.inject_max > OFI_INJECT_MAX)
        OFI.inject_max = OFI_INJECT_MAX;
    OFI.rma_max = OFI.info->ep_attr->max_msg_size;
    OFI.page = sysconf(_SC_PAGESIZE);
    OFI.mrc_max = ofi_mr_cache_safe(OFI.info)
                      ? oml_tp_parse_size(getenv("OMPI_LITE_MR_CACHE"), OFI_MRC_DEFAULT)
                      : 0;
    if (OFI.rma_max == 0 || OFI.rma_max > ((size_t)1 << 30))
        OFI.rma_max = (size_t)1 << 30;

    /*
     * Packets are one provider packet (or as large as a raised eager limit needs); the eager
     * limit only chooses the protocol, so a small one (a test setting) keeps control and DATA
     * packets at full size.
     */
    size_t max_pkt = ofi_packet_size(OFI.info);
    size_t eager =
        oml_tp_parse_size(getenv("OMPI_LITE_EAGER_LIMIT"), max_pkt - sizeof(oml_tp_hdr_t));
    if (eager + sizeof(oml_tp_hdr_t) > max_pkt)
        max_pkt = eager + sizeof(oml_tp_hdr_t);
    if (max_pkt > OFI.info->ep_attr->max_msg_size) {
        max_pkt = OFI.info->ep_attr->max_msg_size;
        eager = max_pkt - sizeof(oml_tp_hdr_t);
    }
    OFI.wire = (oml_tp_wire_t){
        .name = OFI.name,
        .eager_limit = eager,
        .max_pkt = max_pkt,
        .has_rma = rma,
        .am_send = ofi_am_send,
        .rma_get = ofi_rma_get,
        .mem_reg = ofi_mem_reg,
        .mem_dereg = ofi_mem_dereg,
        .progress = ofi_progress,
        .quiet = ofi_quiet,
        .close = ofi_close,
    };

    if ((rc = ofi_open_objects()) != 0) {
        fprintf(stderr, "ompi-lite: rank %d on %s: opening a %s endpoint failed: %s\n",
                oml_rt_job.rank, oml_rt_job.hostname, OFI.name, fi_strerror(-rc));
        *st_p = OML_ERR_FABRIC;
        return NULL;
    }
    if ((*st_p = ofi_open_buffers()) != OML_OK)
        return NULL;

    char card[256];
    size_t cardlen = sizeof(card);
    if ((rc = fi_getname(&OFI.ep->fid, card, &cardlen)) != 0) {
        fprintf(stderr, "ompi-lite: fi_getname failed: %s\n", fi_strerror(-rc));
        *st_p = OML_ERR_FABRIC;
        return NULL;
    }
    if ((*st_p = oml_rt_put(OFI_CARD_KEY, card, cardlen)) != OML_OK)
        return NULL;
    *st_p = OML_OK;
    return &OFI.wire;
}
