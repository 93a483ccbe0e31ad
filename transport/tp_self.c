/*
 * transport/tp_self.c: the wire for messages a process sends to itself. Packets go straight
 * to the matcher; every size is eager (the copy into the receive buffer is the only one when
 * the receive is posted first), except synchronous sends, whose rendezvous "read" is a memcpy.
 */
#include "transport/tp_impl.h"

#include <stdint.h>
#include <string.h>

static oml_status_t self_am_send(oml_tp_wire_t *w, int peer, const void *hdr, size_t hdrlen,
                                 const void *payload, size_t len)
{
    (void)w;
    (void)hdrlen;
    oml_tp_pkt_arrived(peer, hdr, payload, len);
    return OML_OK;
}

/* Rendezvous to itself (MPI_Ssend to self): the "remote" buffer is in this process. */
static oml_status_t self_rma_get(oml_tp_wire_t *w, int peer, void *local, size_t len,
                                 const oml_tp_mr_t *local_mr, uint64_t raddr, uint64_t rkey,
                                 oml_tp_rma_done_fn done, void *arg)
{
    (void)w, (void)peer, (void)local_mr, (void)rkey;
    memcpy(local, (const void *)(uintptr_t)raddr, len);
    done(arg, OML_OK);
    return OML_OK;
}

static oml_status_t self_mem_reg(oml_tp_wire_t *w, void *buf, size_t len, bool peer_reads,
                                 oml_tp_mr_t *mr_p)
{
    (void)w, (void)len, (void)peer_reads;
    mr_p->handle = mr_p->desc = NULL;
    mr_p->key = 0;
    mr_p->addr = (uint64_t)(uintptr_t)buf;
    return OML_OK;
}

static void self_mem_dereg(oml_tp_wire_t *w, oml_tp_mr_t *mr)
{
    (void)w, (void)mr;
}

static int self_progress(oml_tp_wire_t *w)
{
    (void)w;
    return 0;
}

static bool self_quiet(oml_tp_wire_t *w)
{
    (void)w;
    return true;
}

static void self_close(oml_tp_wire_t *w)
{
    (void)w;
}

static oml_tp_wire_t self_wire = {
    .name = "self",
    .eager_limit = SIZE_MAX,
    .max_pkt = SIZE_MAX,
    .has_rma = true,
    .am_send = self_am_send,
    .rma_get = self_rma_get,
    .mem_reg = self_mem_reg,
    .mem_dereg = self_mem_dereg,
    .progress = self_progress,
    .quiet = self_quiet,
    .close = self_close,
};

oml_tp_wire_t *oml_tp_self_open(void)
{
    return &self_wire;
}
