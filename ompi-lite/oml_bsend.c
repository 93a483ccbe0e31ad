/*
 * ompi-lite/oml_bsend.c: buffered sends (MPI_Buffer_attach/detach, MPI_Bsend, and MPI-4.1's
 * buffers per communicator and per session with their flushes) and requests freed while still
 * in flight.
 *
 * A buffered send on a communicator uses the communicator's buffer, else its session's (the
 * session its group came from), else the process's. A buffer holds the blocks: a header (the
 * transport request; less than MPI_BSEND_OVERHEAD bytes) followed by a copy of the message.
 * Blocks are kept sorted by offset and placed first-fit; with MPI_BUFFER_AUTOMATIC each block
 * is allocated alone. A block is released once its send completes, which is checked whenever a
 * buffered send needs room, at detach, flush and finalize. A nonblocking flush waits for the
 * blocks placed before it (their seq); the wait and test calls check it as they progress.
 *
 * The request of MPI_Ibsend or MPI_Bsend_init completes once the message is copied, but the
 * message may still be cancelled: the request and its block point at each other (owner,
 * bsend) until one of them goes. MPI_Cancel then cancels the block's send and leaves the
 * request incomplete until that send is done, withdrawn or not.
 */
#include "oml_fortran.h"
#include "oml_impl.h"

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BSEND_ALIGN 16

typedef struct bsend_blk {
    struct bsend_blk *next;
    size_t off;           /* offset of the block in the aligned buffer */
    size_t total;         /* header + data, rounded up */
    uint64_t seq;         /* its place among the blocks of its buffer (flushes wait on it) */
    oml_request_t *owner; /* the request that may cancel the message, or NULL */
    oml_tp_req_t tp;
} bsend_blk_t;

_Static_assert(((sizeof(bsend_blk_t) + BSEND_ALIGN - 1) & ~(size_t)(BSEND_ALIGN - 1)) +
                       BSEND_ALIGN <=
                   MPI_BSEND_OVERHEAD,
               "a buffered-send block header must fit MPI_BSEND_OVERHEAD");

/*
 * A buffer for buffered sends: the process's (MPI_Buffer_attach), a communicator's
 * (MPI_Comm_attach_buffer) or a session's (MPI_Session_attach_buffer). With
 * MPI_BUFFER_AUTOMATIC each block is allocated on its own and freed once its send is done.
 */
struct oml_bsbuf {
    void *user;          /* as attached: MPI_BUFFER_AUTOMATIC, an address, or &bs when empty */
    MPI_Count user_size; /* as attached */
    bool automatic;
    unsigned char *base;    /* user rounded up to BSEND_ALIGN */
    size_t size;            /* usable bytes from base */
    bsend_blk_t *blocks;    /* sorted by offset (automatic: newest first) */
    uint64_t placed;        /* blocks placed so far: the next block's seq */
    uint64_t session;       /* the session it is attached to, or 0 */
    struct oml_bsbuf *next; /* in bs.all */
};

/* An MPI_Buffer_iflush (or the communicator's or session's): done once the blocks placed in
 * buf before it (seq < upto) are sent. */
typedef struct bsend_flush {
    struct bsend_flush *next;
    oml_request_t *req;
    oml_bsbuf_t *buf;
    uint64_t upto;
} bsend_flush_t;

static struct {
    oml_bsbuf_t *proc; /* MPI_Buffer_attach's, or NULL */
    oml_bsbuf_t *all;  /* every attached buffer */
    bsend_flush_t *flushes;
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

static int bs_error(const oml_errto_t *e, int errclass, const char *fn, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int bs_error(const oml_errto_t *e, int errclass, const char *fn, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = oml_raise(e->eh, e->fh_kind, e->handle, errclass, fn, fmt, ap);
    va_end(ap);
    return rc;
}

/* Releases b's blocks whose sends have completed (a cancelled owner takes the outcome first). */
static void bs_reap(oml_bsbuf_t *b)
{
    bsend_blk_t **pp = &b->blocks;
    while (*pp != NULL) {
        bsend_blk_t *k = *pp;
        if (!k->tp.complete) {
            pp = &k->next;
            continue;
        }
        if (k->owner != NULL) {
            oml_bsend_settle(k->owner);
            k->owner->bsend = NULL;
        }
        *pp = k->next;
        if (b->automatic)
            free(k);
    }
}

/* Have the sends of b's blocks placed before upto completed? */
static bool bs_flushed(const oml_bsbuf_t *b, uint64_t upto)
{
    for (const bsend_blk_t *k = b->blocks; k != NULL; k = k->next) {
        if (k->seq < upto && !k->tp.complete)
            return false;
    }
    return true;
}

/* Completes the nonblocking flushes whose blocks are sent (all of b's when b goes). */
static void bs_flushes_check(const oml_bsbuf_t *going)
{
    bsend_flush_t **pp = &bs.flushes;
    while (*pp != NULL) {
        bsend_flush_t *f = *pp;
        if (f->buf == going || bs_flushed(f->buf, f->upto)) {
            f->req->tp.complete = 1;
            *pp = f->next;
            free(f);
        } else {
            pp = &f->next;
        }
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

/* First-fit: the offset of a free gap of need bytes in b, or SIZE_MAX. *prev_p: block before. */
static size_t bs_find(const oml_bsbuf_t *b, size_t need, bsend_blk_t **prev_p)
{
    size_t at = 0;
    bsend_blk_t *prev = NULL;
    for (bsend_blk_t *k = b->blocks; k != NULL; prev = k, k = k->next) {
        if (k->off - at >= need) {
            *prev_p = prev;
            return at;
        }
        at = k->off + k->total;
    }
    *prev_p = prev;
    return b->size - at >= need ? at : SIZE_MAX;
}

/* The buffer a buffered send on c uses: c's own, else its session's, else the process's. */
static oml_bsbuf_t *bs_for(const oml_comm_t *c)
{
    if (c->bsbuf != NULL)
        return c->bsbuf;
    for (oml_bsbuf_t *b = bs.all; c->session != 0 && b != NULL; b = b->next) {
        if (b->session == c->session)
            return b;
    }
    return bs.proc;
}

/* Room for a block of need bytes in b (NULL: none), linked in place. */
static bsend_blk_t *bs_place(oml_bsbuf_t *b, size_t need)
{
    bsend_blk_t *k, *prev;
    if (b->automatic) {
        if ((k = malloc(need)) == NULL)
            return NULL;
        k->off = 0;
        k->next = b->blocks;
        b->blocks = k;
    } else {
        size_t off = bs_find(b, need, &prev);
        if (off == SIZE_MAX) {
            oml_tp_progress();
            bs_reap(b);
            off = bs_find(b, need, &prev);
        }
        if (off == SIZE_MAX)
            return NULL;
        k = (bsend_blk_t *)(b->base + off);
        k->off = off;
        k->next = prev != NULL ? prev->next : b->blocks;
        if (prev != NULL)
            prev->next = k;
        else
            b->blocks = k;
    }
    k->total = need;
    k->seq = b->placed++;
    k->owner = NULL;
    return k;
}

int oml_bsend_start(const char *fn, oml_comm_t *c, const void *buf, size_t len, int dest, int tag,
                    oml_request_t *owner)
{
    size_t need = bs_round(sizeof(bsend_blk_t)) + bs_round(len);
    oml_bsbuf_t *b = bs_for(c);
    if (b == NULL)
        return oml_error(c, MPI_ERR_BUFFER, fn,
                         "no buffer is attached; call MPI_Buffer_attach (or "
                         "MPI_Comm_attach_buffer) with room for the message plus "
                         "MPI_BSEND_OVERHEAD (%d) bytes per pending send, or with "
                         "MPI_BUFFER_AUTOMATIC",
                         MPI_BSEND_OVERHEAD);
    bsend_blk_t *k = bs_place(b, need);
    if (k == NULL && b->automatic)
        return oml_error(c, MPI_ERR_NO_MEM, fn, "no memory to buffer a message of %zu bytes", len);
    if (k == NULL)
        return oml_error(c, MPI_ERR_BUFFER, fn,
                         "the attached buffer (%lld bytes) has no room for a message of %zu bytes "
                         "besides the buffered sends still in flight; attach a larger buffer "
                         "(message size + MPI_BSEND_OVERHEAD per pending send)",
                         (long long)b->user_size, len);
    unsigned char *data = (unsigned char *)k + bs_round(sizeof(*k));
    if (len > 0)
        memcpy(data, buf, len);
    oml_status_t st = oml_tp_isend(&k->tp, data, len, dest, tag, &c->pt2pt);
    if (st != OML_OK) {
        k->tp.complete = 1; /* never sent: the next reap takes the block back */
        return oml_error(c, MPI_ERR_INTERN, fn, "%s", oml_status_string(st));
    }
    if (owner != NULL) { /* a persistent request's earlier message stays in flight alone */
        oml_bsend_disown(owner);
        k->owner = owner;
        owner->bsend = &k->tp;
    }
    return MPI_SUCCESS;
}

int oml_bsbuf_attach(const char *fn, const oml_errto_t *e, oml_bsbuf_t **slot, uint64_t session,
                     void *buffer, MPI_Count size)
{
    if (*slot != NULL)
        return bs_error(e, MPI_ERR_BUFFER, fn,
                        "a buffer is already attached to %s; detach it first", e->what);
    bool automatic = buffer == MPI_BUFFER_AUTOMATIC;
    if (size < 0 && !automatic)
        return bs_error(e, MPI_ERR_ARG, fn, "size is %lld; it must be >= 0", (long long)size);
    if (buffer == NULL && size > 0)
        return bs_error(e, MPI_ERR_BUFFER, fn, "buffer is NULL with size %lld", (long long)size);
    oml_bsbuf_t *b = calloc(1, sizeof(*b));
    if (b == NULL)
        return bs_error(e, MPI_ERR_NO_MEM, fn, "out of memory");
    b->automatic = automatic;
    b->session = session;
    if (automatic) {
        b->user = MPI_BUFFER_AUTOMATIC;
    } else {
        uintptr_t a = (uintptr_t)buffer, aligned = bs_round(a);
        b->user = buffer != NULL ? buffer : (void *)&bs; /* attached, even when empty */
        b->user_size = size;
        b->base = (unsigned char *)aligned;
        b->size = (size_t)size > aligned - a ? (size_t)size - (aligned - a) : 0;
    }
    b->next = bs.all;
    bs.all = b;
    *slot = b;
    return MPI_SUCCESS;
}

/* Waits until the sends of b's blocks placed so far are done. */
static void bs_flush(oml_bsbuf_t *b)
{
    uint64_t upto = b->placed;
    while (!bs_flushed(b, upto))
        oml_tp_progress_idle();
    bs_reap(b);
}

void oml_bsbuf_release(oml_bsbuf_t **slot)
{
    oml_bsbuf_t *b = *slot;
    if (b == NULL)
        return;
    /* Blocks until every buffered send has left the buffer, as the standard says. */
    while (b->blocks != NULL) {
        oml_tp_progress_idle();
        bs_reap(b);
    }
    bs_flushes_check(b);
    for (oml_bsbuf_t **pp = &bs.all; *pp != NULL; pp = &(*pp)->next) {
        if (*pp == b) {
            *pp = b->next;
            break;
        }
    }
    free(b);
    *slot = NULL;
}

int oml_bsbuf_detach(const char *fn, const oml_errto_t *e, oml_bsbuf_t **slot, void *buffer_addr,
                     void *size, bool int_size)
{
    if (buffer_addr == NULL || size == NULL)
        return bs_error(e, MPI_ERR_ARG, fn, "buffer_addr or size is NULL");
    oml_bsbuf_t *b = *slot;
    MPI_Count n = b != NULL ? b->user_size : 0;
    /* a buffer attached by an _c call may be too large to say in an int */
    if (int_size && n > INT_MAX)
        return bs_error(e, MPI_ERR_VALUE_TOO_LARGE, fn,
                        "the attached buffer's size (%lld bytes) does not fit an int; detach it "
                        "with the _c variant of this call",
                        (long long)n);
    /* nothing attached detaches nothing, as in MPICH and Open MPI: NULL and 0 */
    *(void **)buffer_addr = b == NULL || b->user == (void *)&bs ? NULL : b->user;
    if (int_size)
        *(int *)size = (int)n;
    else
        *(MPI_Count *)size = n;
    oml_bsbuf_release(slot);
    return MPI_SUCCESS;
}

int oml_bsbuf_flush(const char *fn, const oml_errto_t *e, oml_comm_t *c, oml_bsbuf_t *b,
                    MPI_Request *request)
{
    if (request == NULL) {
        if (b != NULL)
            bs_flush(b);
        return MPI_SUCCESS;
    }
    /* the process's and the sessions' flushes complete on MPI_COMM_WORLD's record (never an
       error to report there) */
    oml_request_t *r = oml_request_pending(c != NULL ? c : &oml_global.world);
    bsend_flush_t *f = b != NULL ? malloc(sizeof(*f)) : NULL;
    if (r == NULL || (b != NULL && f == NULL)) {
        free(f);
        if (r != NULL)
            oml_request_release(r);
        return bs_error(e, MPI_ERR_NO_MEM, fn, "no memory for the request");
    }
    if (b == NULL || bs_flushed(b, b->placed)) {
        free(f);
        r->tp.complete = 1;
    } else {
        *f = (bsend_flush_t){bs.flushes, r, b, b->placed};
        bs.flushes = f;
    }
    *request = (MPI_Request)r;
    return MPI_SUCCESS;
}

static oml_errto_t bs_world(void)
{
    return (oml_errto_t){oml_global.world.errhandler, OML_FH_COMM, MPI_COMM_WORLD, "the process"};
}

static oml_errto_t bs_comm(oml_comm_t *c)
{
    return (oml_errto_t){c->errhandler, OML_FH_COMM, oml_comm_handle(c), "the communicator"};
}

OML_API int PMPI_Buffer_attach(void *buffer, int size)
{
    OML_CHECK_INIT("MPI_Buffer_attach");
    oml_errto_t e = bs_world();
    return oml_bsbuf_attach("MPI_Buffer_attach", &e, &bs.proc, 0, buffer, size);
}
OML_ALIAS(Buffer_attach)

OML_API int PMPI_Buffer_attach_c(void *buffer, MPI_Count size)
{
    OML_CHECK_INIT("MPI_Buffer_attach_c");
    oml_errto_t e = bs_world();
    return oml_bsbuf_attach("MPI_Buffer_attach_c", &e, &bs.proc, 0, buffer, size);
}
OML_ALIAS(Buffer_attach_c)

OML_API int PMPI_Buffer_detach(void *buffer_addr, int *size)
{
    static const char fn[] = "MPI_Buffer_detach";
    OML_CHECK_INIT(fn);
    oml_errto_t e = bs_world();
    return oml_bsbuf_detach(fn, &e, &bs.proc, buffer_addr, size, true);
}
OML_ALIAS(Buffer_detach)

OML_API int PMPI_Buffer_detach_c(void *buffer_addr, MPI_Count *size)
{
    OML_CHECK_INIT("MPI_Buffer_detach_c");
    oml_errto_t e = bs_world();
    return oml_bsbuf_detach("MPI_Buffer_detach_c", &e, &bs.proc, buffer_addr, size, false);
}
OML_ALIAS(Buffer_detach_c)

OML_API int PMPI_Buffer_flush(void)
{
    OML_CHECK_INIT("MPI_Buffer_flush");
    oml_errto_t e = bs_world();
    return oml_bsbuf_flush("MPI_Buffer_flush", &e, NULL, bs.proc, NULL);
}
OML_ALIAS(Buffer_flush)

OML_API int PMPI_Buffer_iflush(MPI_Request *request)
{
    static const char fn[] = "MPI_Buffer_iflush";
    OML_CHECK_INIT(fn);
    oml_errto_t e = bs_world();
    if (request == NULL)
        return bs_error(&e, MPI_ERR_ARG, fn, "request is NULL");
    return oml_bsbuf_flush(fn, &e, NULL, bs.proc, request);
}
OML_ALIAS(Buffer_iflush)

static int bs_comm_get(const char *fn, MPI_Comm comm, oml_comm_t **c_p)
{
    OML_CHECK_INIT(fn);
    *c_p = oml_comm_get(comm);
    if (*c_p == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator");
    return MPI_SUCCESS;
}

static int bs_comm_attach(const char *fn, MPI_Comm comm, void *buffer, MPI_Count size)
{
    oml_comm_t *c;
    int rc = bs_comm_get(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_errto_t e = bs_comm(c);
    return oml_bsbuf_attach(fn, &e, &c->bsbuf, 0, buffer, size);
}

OML_API int PMPI_Comm_attach_buffer(MPI_Comm comm, void *buffer, int size)
{
    return bs_comm_attach("MPI_Comm_attach_buffer", comm, buffer, size);
}
OML_ALIAS(Comm_attach_buffer)

OML_API int PMPI_Comm_attach_buffer_c(MPI_Comm comm, void *buffer, MPI_Count size)
{
    return bs_comm_attach("MPI_Comm_attach_buffer_c", comm, buffer, size);
}
OML_ALIAS(Comm_attach_buffer_c)

OML_API int PMPI_Comm_detach_buffer(MPI_Comm comm, void *buffer_addr, int *size)
{
    static const char fn[] = "MPI_Comm_detach_buffer";
    oml_comm_t *c;
    int rc = bs_comm_get(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_errto_t e = bs_comm(c);
    return oml_bsbuf_detach(fn, &e, &c->bsbuf, buffer_addr, size, true);
}
OML_ALIAS(Comm_detach_buffer)

OML_API int PMPI_Comm_detach_buffer_c(MPI_Comm comm, void *buffer_addr, MPI_Count *size)
{
    static const char fn[] = "MPI_Comm_detach_buffer_c";
    oml_comm_t *c;
    int rc = bs_comm_get(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_errto_t e = bs_comm(c);
    return oml_bsbuf_detach(fn, &e, &c->bsbuf, buffer_addr, size, false);
}
OML_ALIAS(Comm_detach_buffer_c)

OML_API int PMPI_Comm_flush_buffer(MPI_Comm comm)
{
    oml_comm_t *c;
    int rc = bs_comm_get("MPI_Comm_flush_buffer", comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_errto_t e = bs_comm(c);
    return oml_bsbuf_flush("MPI_Comm_flush_buffer", &e, c, c->bsbuf, NULL);
}
OML_ALIAS(Comm_flush_buffer)

OML_API int PMPI_Comm_iflush_buffer(MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Comm_iflush_buffer";
    oml_comm_t *c;
    int rc = bs_comm_get(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (request == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "request is NULL");
    oml_errto_t e = bs_comm(c);
    return oml_bsbuf_flush(fn, &e, c, c->bsbuf, request);
}
OML_ALIAS(Comm_iflush_buffer)

void oml_pt2pt_orphan(oml_request_t *r)
{
    r->next = bs.orphans;
    bs.orphans = r;
}

void oml_pt2pt_reap(void)
{
    if (bs.flushes != NULL)
        bs_flushes_check(NULL);
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
    /* Every buffer is detached (communicators not freed included), its messages sent. */
    bs.proc = NULL;
    oml_global.world.bsbuf = NULL;
    oml_global.self.bsbuf = NULL;
    while (bs.all != NULL) {
        oml_bsbuf_t *b = bs.all;
        oml_bsbuf_release(&b);
    }
    while (bs.orphans != NULL) {
        oml_tp_progress_idle();
        oml_pt2pt_reap();
    }
    oml_request_pool_free();
}
