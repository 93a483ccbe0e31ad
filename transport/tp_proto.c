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

static struct {
    oml_tp_wire_t *self;
    oml_tp_wire_t *ofi;
    oml_tp_queue_t posted;
    oml_tp_queue_t unexp;
    oml_tp_seq_t *seq; /* one per job rank */
    bool yield;        /* more ranks on this node than cores: blocking waits yield */
    bool open;
} oml_tp_global;

#define TP oml_tp_global

static inline oml_tp_wire_t *tp_wire_for(int peer)
{
    return peer == oml_rt_job.rank ? TP.self : TP.ofi;
}

static void tp_fatal(const char *what, oml_status_t st)
{
    char msg[512];
    snprintf(msg, sizeof(msg), "ompi-lite: rank %d on %s: %s: %s", oml_rt_job.rank,
             oml_rt_job.hostname, what, oml_status_string(st));
    fprintf(stderr, "%s\n", msg);
    oml_rt_abort(1, msg);
}

static int tp_count_cores(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof(set), &set) == 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

oml_status_t oml_tp_init(void)
{
    oml_status_t st;

    memset(&TP, 0, sizeof(TP));
    TP.seq = calloc((size_t)oml_rt_job.size, sizeof(*TP.seq));
    if (TP.seq == NULL)
        return OML_ERR_NOMEM;
    TP.self = oml_tp_self_open();
    if (oml_rt_job.size > 1) {
        TP.ofi = oml_tp_ofi_open(&st);
        if (TP.ofi == NULL)
            return st;
    }
    if ((st = oml_rt_commit()) != OML_OK || (st = oml_rt_fence(1)) != OML_OK)
        return st;
    const char *y = getenv("OMPI_LITE_YIELD");
    TP.yield = y != NULL ? atoi(y) != 0 : oml_rt_job.local_size > tp_count_cores();
    TP.open = true;
    return OML_OK;
}

oml_status_t oml_tp_finalize(void)
{
    if (!TP.open)
        return OML_OK;
    /* Let queued packets leave before the peers are told we are done. */
    if (TP.ofi != NULL) {
        TP.ofi->close(TP.ofi);
        TP.ofi = NULL;
    }
    TP.self->close(TP.self);
    for (int i = 0; i < oml_rt_job.size; i++) {
        while (TP.seq[i].held != NULL) {
            oml_tp_seq_pkt_t *p = TP.seq[i].held;
            TP.seq[i].held = p->next;
            free(p);
        }
    }
    for (oml_tp_unexp_t *u = TP.unexp.head, *next; u != NULL; u = next) {
        next = u->next;
        free(u->data);
        free(u);
    }
    TP.unexp.head = TP.unexp.tail = NULL;
    free(TP.seq);
    TP.open = false;
    return OML_OK;
}

/* ---- sending ---- */

oml_status_t oml_tp_isend(oml_tp_req_t *req, const void *buf, size_t len, int dst, int tag,
                          const oml_tp_comm_t *comm)
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

    rts.hdr.version = OML_TP_PROTO_VERSION;
    rts.hdr.flags = 0;
    rts.hdr.ctx = comm->ctx;
    rts.hdr.tag = tag;
    rts.hdr.src = comm->rank;
    rts.hdr.src_world = (uint32_t)oml_rt_job.rank;
    rts.hdr.len = len;

    if (oml_tp_proto_is_eager(w, len)) {
        rts.hdr.type = OML_TP_PKT_EAGER;
        rts.hdr.seq = TP.seq[peer].next_send++;
        st = w->am_send(w, peer, &rts.hdr, sizeof(rts.hdr), buf, len);
        if (st != OML_OK)
            return st;
        req->complete = 1;
        return OML_OK;
    }

    /* Rendezvous: the receiver reads the data from the registered buffer, then sends FIN. */
    oml_tp_mr_t *mr = malloc(sizeof(*mr));
    if (mr == NULL)
        return OML_ERR_NOMEM;
    if ((st = w->mem_reg(w, (void *)buf, len, mr)) != OML_OK) {
        free(mr);
        return st;
    }
    req->mr = mr;
    rts.hdr.type = OML_TP_PKT_RTS;
    rts.hdr.seq = TP.seq[peer].next_send++;
    rts.addr = mr->addr;
    rts.key = mr->key;
    rts.sreq = (uint64_t)(uintptr_t)req;
    return w->am_send(w, peer, &rts, sizeof(rts), NULL, 0);
}

/* ---- receiving ---- */

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
    memset(&fin, 0, sizeof(fin));
    fin.hdr.type = OML_TP_PKT_FIN;
    fin.hdr.version = OML_TP_PROTO_VERSION;
    fin.hdr.src_world = (uint32_t)oml_rt_job.rank;
    fin.sreq = r->peer_sreq;
    if ((st = w->am_send(w, r->src_world, &fin, sizeof(fin), NULL, 0)) != OML_OK)
        tp_fatal("sending rendezvous FIN failed", st);
    r->complete = 1;
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
    if (n == 0) {
        tp_rndv_read_done(r, OML_OK);
        return;
    }
    oml_tp_mr_t *mr = malloc(sizeof(*mr));
    if (mr == NULL)
        tp_fatal("rendezvous receive", OML_ERR_NOMEM);
    if ((st = w->mem_reg(w, r->buf, n, mr)) != OML_OK)
        tp_fatal("registering a receive buffer", st);
    r->mr = mr;
    st = w->rma_get(w, r->src_world, r->buf, n, mr, rts->addr, rts->key, tp_rndv_read_done, r);
    if (st != OML_OK)
        tp_fatal("starting a rendezvous read", st);
}

static void tp_eager_deliver(oml_tp_req_t *r, const oml_tp_hdr_t *h, const void *payload)
{
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

/* Hands one in-order matched packet to the matcher. */
static void tp_deliver(const void *hdr, const void *payload)
{
    const oml_tp_hdr_t *h = hdr;
    oml_tp_req_t *r = oml_tp_match_posted(&TP.posted, h);

    if (r != NULL) {
        if (h->type == OML_TP_PKT_EAGER)
            tp_eager_deliver(r, h, payload);
        else
            tp_rndv_start(r, hdr);
        return;
    }
    oml_tp_unexp_t *u = malloc(sizeof(*u));
    if (u == NULL)
        tp_fatal("queueing an unexpected message", OML_ERR_NOMEM);
    memcpy(&u->rts, hdr, oml_tp_hdr_len(h->type));
    u->data = NULL;
    if (h->type == OML_TP_PKT_EAGER && h->len > 0) {
        if ((u->data = malloc(h->len)) == NULL)
            tp_fatal("queueing an unexpected message", OML_ERR_NOMEM);
        memcpy(u->data, payload, h->len);
    }
    oml_tp_queue_push_unexp(&TP.unexp, u);
}

static void tp_fin_arrived(const oml_tp_fin_t *fin)
{
    oml_tp_req_t *s = (oml_tp_req_t *)(uintptr_t)fin->sreq;
    oml_tp_wire_t *w = tp_wire_for(s->peer);
    if (s->mr != NULL) {
        w->mem_dereg(w, s->mr);
        free(s->mr);
        s->mr = NULL;
    }
    s->complete = 1;
}

void oml_tp_pkt_arrived(int peer, const void *hdr, const void *payload, size_t len)
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
    oml_tp_seq_t *s = &TP.seq[peer];
    if (h->seq != s->next_recv) {
        /* Early: keep header and payload together until its turn. */
        unsigned char *tmp = malloc(hlen + len);
        if (tmp == NULL)
            tp_fatal("holding an early packet", OML_ERR_NOMEM);
        memcpy(tmp, hdr, hlen);
        if (len > 0)
            memcpy(tmp + hlen, payload, len);
        oml_status_t st = oml_tp_seq_hold(s, h->seq, tmp, hlen + len);
        free(tmp);
        if (st != OML_OK)
            tp_fatal("holding an early packet", st);
        return;
    }
    tp_deliver(hdr, payload);
    s->next_recv++;
    oml_tp_seq_pkt_t *p;
    while ((p = oml_tp_seq_take_ready(s)) != NULL) {
        const oml_tp_hdr_t *ph = (const oml_tp_hdr_t *)p->data;
        tp_deliver(p->data, p->data + oml_tp_hdr_len(ph->type));
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
    if (u->rts.hdr.type == OML_TP_PKT_EAGER)
        tp_eager_deliver(req, &u->rts.hdr, u->data);
    else
        tp_rndv_start(req, &u->rts);
    free(u->data);
    free(u);
    return OML_OK;
}

/* ---- progress ---- */

int oml_tp_progress(void)
{
    return TP.ofi != NULL ? TP.ofi->progress(TP.ofi) : 0;
}

void oml_tp_wait(oml_tp_req_t *req)
{
    while (!req->complete) {
        if (oml_tp_progress() == 0 && TP.yield)
            sched_yield();
    }
}

void oml_tp_waitall(int n, oml_tp_req_t *const *reqs)
{
    for (int i = 0; i < n; i++) {
        if (reqs[i] != NULL)
            oml_tp_wait(reqs[i]);
    }
}
