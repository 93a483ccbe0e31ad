/*
 * transport/tp_match.c: matching queues and sequence reordering. Pure logic, no wire.
 *
 * Queues are FIFO lists: MPI's non-overtaking rule needs the first match in arrival (or
 * posting) order, and the lists stay short in the codes we serve. Per-source hashing is the
 * next step when long unexpected queues show up in profiles.
 */
#include "transport/tp_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

size_t oml_tp_hdr_len(uint8_t type)
{
    switch (type) {
    case OML_TP_PKT_EAGER:
        return sizeof(oml_tp_hdr_t);
    case OML_TP_PKT_RTS:
        return sizeof(oml_tp_rts_t);
    case OML_TP_PKT_FIN:
        return sizeof(oml_tp_fin_t);
    case OML_TP_PKT_CREDIT:
        return sizeof(oml_tp_credit_t);
    case OML_TP_PKT_FRAG:
        return sizeof(oml_tp_hdr_t);
    case OML_TP_PKT_CTS:
        return sizeof(oml_tp_cts_t);
    case OML_TP_PKT_DATA:
        return sizeof(oml_tp_data_t);
    case OML_TP_PKT_CANCEL:
    case OML_TP_PKT_CANCEL_ACK:
        return sizeof(oml_tp_cancel_t);
    }
    return 0;
}

bool oml_tp_match_fits(int want_src, int want_tag, uint32_t want_ctx, const oml_tp_hdr_t *h)
{
    if (want_ctx != h->ctx)
        return false;
    if (want_src != OML_TP_ANY_SOURCE && want_src != h->src)
        return false;
    if (want_tag == OML_TP_ANY_TAG)
        return h->tag >= 0;
    return want_tag == h->tag;
}

/* Changes q's entry count; a plain store (this thread alone writes it) that a tool thread may
 * load at any time. */
static inline void tp_queue_len_add(oml_tp_queue_t *q, int d)
{
    __atomic_store_n(&q->len, q->len + (size_t)(ptrdiff_t)d, __ATOMIC_RELAXED);
}

void oml_tp_queue_push_req(oml_tp_queue_t *q, oml_tp_req_t *r)
{
    r->next = NULL;
    if (q->tail != NULL)
        ((oml_tp_req_t *)q->tail)->next = r;
    else
        q->head = r;
    q->tail = r;
    tp_queue_len_add(q, 1);
}

void oml_tp_queue_push_unexp(oml_tp_queue_t *q, oml_tp_unexp_t *u)
{
    u->next = NULL;
    if (q->tail != NULL)
        ((oml_tp_unexp_t *)q->tail)->next = u;
    else
        q->head = u;
    q->tail = u;
    tp_queue_len_add(q, 1);
}

oml_tp_req_t *oml_tp_match_posted(oml_tp_queue_t *posted, const oml_tp_hdr_t *h)
{
    oml_tp_req_t *prev = NULL;
    for (oml_tp_req_t *r = posted->head; r != NULL; prev = r, r = r->next) {
        if (!oml_tp_match_fits(r->peer, r->want_tag, r->ctx, h))
            continue;
        if (prev != NULL)
            prev->next = r->next;
        else
            posted->head = r->next;
        if (posted->tail == r)
            posted->tail = prev;
        r->next = NULL;
        tp_queue_len_add(posted, -1);
        return r;
    }
    return NULL;
}

/* Unlinks u, which follows prev (NULL: u is the head), from the queue and returns it. */
static oml_tp_unexp_t *tp_unexp_unlink(oml_tp_queue_t *unexp, oml_tp_unexp_t *prev,
                                       oml_tp_unexp_t *u)
{
    if (prev != NULL)
        prev->next = u->next;
    else
        unexp->head = u->next;
    if (unexp->tail == u)
        unexp->tail = prev;
    u->next = NULL;
    tp_queue_len_add(unexp, -1);
    return u;
}

oml_tp_unexp_t *oml_tp_match_unexp(oml_tp_queue_t *unexp, uint32_t ctx, int src, int tag)
{
    oml_tp_unexp_t *prev = NULL;
    for (oml_tp_unexp_t *u = unexp->head; u != NULL; prev = u, u = u->next) {
        if (oml_tp_match_fits(src, tag, ctx, &u->rts.hdr))
            return tp_unexp_unlink(unexp, prev, u);
    }
    return NULL;
}

oml_tp_unexp_t *oml_tp_unexp_take_seq(oml_tp_queue_t *unexp, uint32_t src_world, uint32_t seq)
{
    oml_tp_unexp_t *prev = NULL;
    for (oml_tp_unexp_t *u = unexp->head; u != NULL; prev = u, u = u->next) {
        if (u->rts.hdr.src_world == src_world && u->rts.hdr.seq == seq)
            return tp_unexp_unlink(unexp, prev, u);
    }
    return NULL;
}

oml_tp_unexp_t *oml_tp_match_peek(const oml_tp_queue_t *unexp, uint32_t ctx, int src, int tag)
{
    for (oml_tp_unexp_t *u = unexp->head; u != NULL; u = u->next) {
        if (oml_tp_match_fits(src, tag, ctx, &u->rts.hdr))
            return u;
    }
    return NULL;
}

bool oml_tp_queue_remove_req(oml_tp_queue_t *q, oml_tp_req_t *r)
{
    oml_tp_req_t *prev = NULL;
    for (oml_tp_req_t *x = q->head; x != NULL; prev = x, x = x->next) {
        if (x != r)
            continue;
        if (prev != NULL)
            prev->next = x->next;
        else
            q->head = x->next;
        if (q->tail == x)
            q->tail = prev;
        x->next = NULL;
        tp_queue_len_add(q, -1);
        return true;
    }
    return false;
}

bool oml_tp_size_valid(const char *text, size_t *n_p)
{
    if (*text < '0' || *text > '9') /* strtoull would take spaces, a sign, or nothing */
        return false;
    char *end;
    errno = 0;
    /* decimal, or hex after 0x; not octal: 064k is 64 KiB */
    bool hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    unsigned long long n = strtoull(text, &end, hex ? 16 : 10);
    if (errno != 0)
        return false;
    unsigned shift = 0;
    switch (*end) {
    case 'k':
    case 'K':
        shift = 10;
        break;
    case 'm':
    case 'M':
        shift = 20;
        break;
    case 'g':
    case 'G':
        shift = 30;
        break;
    default:
        break;
    }
    if (shift != 0)
        end++;
    if (*end != '\0' || n > (unsigned long long)(SIZE_MAX >> shift))
        return false;
    *n_p = (size_t)n << shift;
    return true;
}

size_t oml_tp_parse_size(const char *text, size_t dflt)
{
    size_t n;
    if (text == NULL || *text == '\0' || !oml_tp_size_valid(text, &n))
        return dflt;
    return n;
}

/* Sequence numbers wrap: compare by signed distance. */
static inline int32_t tp_seq_diff(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b);
}

oml_status_t oml_tp_seq_hold(oml_tp_seq_t *s, uint32_t seq, const void *hdr, size_t hlen,
                             const void *payload, size_t plen)
{
    oml_tp_seq_pkt_t *p = malloc(sizeof(*p) + hlen + plen);
    if (p == NULL)
        return OML_ERR_NOMEM;
    p->seq = seq;
    p->len = hlen + plen;
    memcpy(p->data, hdr, hlen);
    if (plen > 0)
        memcpy(p->data + hlen, payload, plen);

    oml_tp_seq_pkt_t **at = &s->held;
    while (*at != NULL && tp_seq_diff((*at)->seq, seq) < 0)
        at = &(*at)->next;
    p->next = *at;
    *at = p;
    return OML_OK;
}

oml_tp_seq_pkt_t *oml_tp_seq_take_ready(oml_tp_seq_t *s)
{
    oml_tp_seq_pkt_t *p = s->held;
    if (p == NULL || p->seq != s->next_recv)
        return NULL;
    s->held = p->next;
    p->next = NULL;
    return p;
}
