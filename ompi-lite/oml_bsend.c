/*
 * ompi-lite/oml_bsend.c: buffered sends (MPI_Buffer_attach/detach, MPI_Bsend) and requests
 * freed while still in flight.
 *
 * The attached buffer holds the blocks: a header (the transport request; less than
 * MPI_BSEND_OVERHEAD bytes) followed by a copy of the message. Blocks are kept sorted by
 * offset and placed first-fit; a block is released once its send completes, which is checked
 * whenever a buffered send needs room, at detach and at finalize.
 *
 * The request of MPI_Ibsend or MPI_Bsend_init completes once the message is copied, but the
 * message may still be cancelled: the request and its block point at each other (owner,
 * bsend) until one of them goes. MPI_Cancel then cancels the block's send and leaves the
 * request incomplete until that send is done, withdrawn or not.
 */
#include "oml_impl.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BSEND_ALIGN 16

typedef struct bsend_blk {
    struct bsend_blk *next;
    size_t off;           /* offset of the block in the aligned buffer */
    size_t total;         /* header + data, rounded up */
    oml_request_t *owner; /* the request that may cancel the message, or NULL */
    oml_tp_req_t tp;
} bsend_blk_t;

_Static_assert(((sizeof(bsend_blk_t) + BSEND_ALIGN - 1) & ~(size_t)(BSEND_ALIGN - 1)) +
                       BSEND_ALIGN <=
                   MPI_BSEND_OVERHEAD,
               "a buffered-send block header must fit MPI_BSEND_OVERHEAD");

static struct {
    void *user;          /* as attached */
    MPI_Count user_size; /* as attached */
    unsigned char *base; /* user rounded up to BSEND_ALIGN */
    size_t size;         /* usable bytes from base */
    bsend_blk_t *blocks; /* sorted by offset */
    oml_request_t *orphans;
} bs;

static size_t bs_round(size_t n)
{
    return (n + BSEND_ALIGN - 1) & ~(size_t)(BSEND_ALIGN - 1);
}

static bsend_blk_t *bs_blk(oml_tp_req_t *tp)
{
    return (bsend_blk_t *)((unsigned char *)tp - offsetof(bsend_blk_t, tp));
}

/* Releases the blocks whose sends have completed (a cancelled owner takes the outcome first). */
static void bs_reap(void)
{
    bsend_blk_t **pp = &bs.blocks;
    while (*pp != NULL) {
        bsend_blk_t *b = *pp;
        if (!b->tp.complete) {
            pp = &b->next;
            continue;
        }
        if (b->owner != NULL) {
            oml_bsend_settle(b->owner);
            b->owner->bsend = NULL;
        }
        *pp = b->next;
    }
}

void oml_bsend_settle(oml_request_t *r)
{
    if (!r->tp.complete && r->bsend != NULL && r->bsend->complete) {
        r->tp.status = r->bsend->status;
        r->tp.complete = 1;
    }
}

void oml_bsend_cancel(oml_request_t *r)
{
    if (r->bsend != NULL && r->tp.complete && oml_tp_cancel_send(r->bsend))
        r->tp.complete = 0;
}

void oml_bsend_disown(oml_request_t *r)
{
    if (r->bsend != NULL)
        bs_blk(r->bsend)->owner = NULL;
    r->bsend = NULL;
}

/* First-fit: the offset of a free gap of need bytes, or SIZE_MAX. *prev_p: block before it. */
static size_t bs_find(size_t need, bsend_blk_t **prev_p)
{
    size_t at = 0;
    bsend_blk_t *prev = NULL;
    for (bsend_blk_t *b = bs.blocks; b != NULL; prev = b, b = b->next) {
        if (b->off - at >= need) {
            *prev_p = prev;
            return at;
        }
        at = b->off + b->total;
    }
    *prev_p = prev;
    return bs.size - at >= need ? at : SIZE_MAX;
}

int oml_bsend_start(const char *fn, oml_comm_t *c, const void *buf, size_t len, int dest, int tag,
                    oml_request_t *owner)
{
    size_t need = bs_round(sizeof(bsend_blk_t)) + bs_round(len);
    bsend_blk_t *prev;
    if (bs.user == NULL)
        return oml_error(c, MPI_ERR_BUFFER, fn,
                         "no buffer is attached; call MPI_Buffer_attach with room for the "
                         "message plus MPI_BSEND_OVERHEAD (%d) bytes per pending send",
                         MPI_BSEND_OVERHEAD);
    size_t off = bs_find(need, &prev);
    if (off == SIZE_MAX) {
        oml_tp_progress();
        bs_reap();
        off = bs_find(need, &prev);
    }
    if (off == SIZE_MAX)
        return oml_error(c, MPI_ERR_BUFFER, fn,
                         "the attached buffer (%lld bytes) has no room for a message of %zu bytes "
                         "besides the buffered sends still in flight; attach a larger buffer "
                         "(message size + MPI_BSEND_OVERHEAD per pending send)",
                         (long long)bs.user_size, len);
    bsend_blk_t *b = (bsend_blk_t *)(bs.base + off);
    b->off = off;
    b->total = need;
    b->owner = NULL;
    unsigned char *data = (unsigned char *)b + bs_round(sizeof(*b));
    if (len > 0)
        memcpy(data, buf, len);
    oml_status_t st = oml_tp_isend(&b->tp, data, len, dest, tag, &c->pt2pt);
    if (st != OML_OK)
        return oml_error(c, MPI_ERR_INTERN, fn, "%s", oml_status_string(st));
    b->next = prev != NULL ? prev->next : bs.blocks;
    if (prev != NULL)
        prev->next = b;
    else
        bs.blocks = b;
    if (owner != NULL) { /* a persistent request's earlier message stays in flight alone */
        oml_bsend_disown(owner);
        b->owner = owner;
        owner->bsend = &b->tp;
    }
    return MPI_SUCCESS;
}

static int bs_attach(const char *fn, void *buffer, MPI_Count size)
{
    OML_CHECK_INIT(fn);
    if (bs.user != NULL)
        return oml_error(NULL, MPI_ERR_BUFFER, fn,
                         "a buffer is already attached; detach it first (MPI_Buffer_detach)");
    if (size < 0)
        return oml_error(NULL, MPI_ERR_ARG, fn, "size is %lld; it must be >= 0", (long long)size);
    if (buffer == NULL && size > 0)
        return oml_error(NULL, MPI_ERR_BUFFER, fn, "buffer is NULL with size %lld",
                         (long long)size);
    uintptr_t a = (uintptr_t)buffer, aligned = bs_round(a);
    bs.user = buffer != NULL ? buffer : (void *)&bs; /* attached, even when empty */
    bs.user_size = size;
    bs.base = (unsigned char *)aligned;
    bs.size = (size_t)size > aligned - a ? (size_t)size - (aligned - a) : 0;
    bs.blocks = NULL;
    return MPI_SUCCESS;
}

OML_API int PMPI_Buffer_attach(void *buffer, int size)
{
    return bs_attach("MPI_Buffer_attach", buffer, size);
}
OML_ALIAS(Buffer_attach)

OML_API int PMPI_Buffer_attach_c(void *buffer, MPI_Count size)
{
    return bs_attach("MPI_Buffer_attach_c", buffer, size);
}
OML_ALIAS(Buffer_attach_c)

/* Detaches the buffer once its sends are done; *size_p is its size as attached. */
static int bs_detach(const char *fn, void *buffer_addr, bool size_ok, MPI_Count *size_p)
{
    OML_CHECK_INIT(fn);
    if (buffer_addr == NULL || !size_ok)
        return oml_error(NULL, MPI_ERR_ARG, fn, "buffer_addr or size is NULL");
    /* Blocks until every buffered send has left the buffer, as the standard says. */
    while (bs.blocks != NULL) {
        oml_tp_progress_idle();
        bs_reap();
    }
    *(void **)buffer_addr = bs.user == (void *)&bs ? NULL : bs.user;
    *size_p = bs.user != NULL ? bs.user_size : 0;
    bs.user = NULL;
    bs.base = NULL;
    bs.size = 0;
    bs.user_size = 0;
    return MPI_SUCCESS;
}

OML_API int PMPI_Buffer_detach(void *buffer_addr, int *size)
{
    static const char fn[] = "MPI_Buffer_detach";
    MPI_Count n = 0;
    /* a buffer attached by MPI_Buffer_attach_c may be too large to say in an int */
    if (bs.user_size > INT_MAX)
        return oml_error(NULL, MPI_ERR_VALUE_TOO_LARGE, fn,
                         "the attached buffer's size (%lld bytes) does not fit an int; detach it "
                         "with MPI_Buffer_detach_c",
                         (long long)bs.user_size);
    int rc = bs_detach(fn, buffer_addr, size != NULL, &n);
    if (rc == MPI_SUCCESS)
        *size = (int)n;
    return rc;
}
OML_ALIAS(Buffer_detach)

OML_API int PMPI_Buffer_detach_c(void *buffer_addr, MPI_Count *size)
{
    return bs_detach("MPI_Buffer_detach_c", buffer_addr, size != NULL, size);
}
OML_ALIAS(Buffer_detach_c)

void oml_pt2pt_orphan(oml_request_t *r)
{
    r->next = bs.orphans;
    bs.orphans = r;
}

void oml_pt2pt_reap(void)
{
    oml_request_t **pp = &bs.orphans;
    while (*pp != NULL) {
        oml_request_t *r = *pp;
        if (oml_request_done(r)) {
            *pp = r->next;
            oml_request_release(r);
        } else {
            pp = &r->next;
        }
    }
}

void oml_pt2pt_drain(void)
{
    /* A freed receive that nothing matched would wait forever: withdraw it. */
    for (oml_request_t *r = bs.orphans; r != NULL; r = r->next) {
        if (r->kind == OML_TP_REQ_RECV)
            oml_tp_cancel_recv(&r->tp);
    }
    while (bs.blocks != NULL || bs.orphans != NULL) {
        oml_tp_progress_idle();
        bs_reap();
        oml_pt2pt_reap();
    }
    oml_request_pool_free();
}
