/*
 * ompi-lite/oml_rma.c: one-sided communication (MPI-4.1 chapter 12) over the point-to-point
 * transport.
 *
 * Every window has a private communicator (its own contexts, made from the user's). The origin
 * of an operation sends a header to the target on it, with the target's layout and the data
 * when they fit RMA_HBUF, else followed by them as separate messages; the target serves its
 * windows from the transport's progress hook: it keeps one receive posted for headers from any
 * rank, receives what follows a header (a put into a contiguous target straight into the
 * window), and applies operations in the order their headers came (a FIFO per window), so the
 * operations of one origin apply in the order it issued them and a FLUSH, UNLOCK or COMPLETE
 * behind them is answered once they all have. Accumulates apply in the target's process, one at
 * a time: they are atomic per element with respect to each other, whichever origin they come
 * from. Replies (get, get_accumulate, fetch_and_op, compare_and_swap) come on a tag of their own
 * straight into the origin's result buffer (or a staging buffer for a derived datatype).
 *
 * Costs, n ranks: a put or accumulate is one message (two or three above RMA_HBUF); a get one
 * round trip. MPI_Win_fence: a FLUSH round trip to each target this rank used since the last
 * synchronisation, then a barrier. MPI_Win_lock: a LOCK / GRANT round trip (none with
 * MPI_MODE_NOCHECK); MPI_Win_unlock and MPI_Win_flush one round trip. MPI_Win_lock_all and
 * unlock_all do that with every rank. PSCW: one POST message from each target to each origin,
 * one COMPLETE from each origin to each target.
 *
 * Progress is the standard's weak progress: a target serves its peers while it is inside any
 * MPI call (the transport's progress runs the hook), not while it computes. The memory model is
 * MPI_WIN_UNIFIED: operations write the window memory itself.
 */
#include "oml_fortran.h"
#include "oml_impl.h"
#include "runtime/rt.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Tags on a window's private communicator. */
#define RMA_TAG_HDR 1
#define RMA_TAG_DATA 2    /* a header's target layout and data when they do not fit in it */
#define RMA_TAG_REPLY0 16 /* replies: RMA_TAG_REPLY0 + the origin's serial number, wrapped */
#define RMA_REPLY_TAGS (1u << 28)
/* Largest header message: the header, the target layout and the data in one message. */
#define RMA_HBUF 8192

#define OML_WIN_MAGIC 0x0714du
#define RMA_LINE 64
/* a contiguous get of at least this many bytes is answered straight from the window */
#define RMA_GET_DIRECT_MIN 8192

enum {
    RMA_PUT = 1,
    RMA_GET,
    RMA_ACC,
    RMA_GACC, /* MPI_Get_accumulate and MPI_Fetch_and_op */
    RMA_CAS,
    RMA_LOCK,     /* origin -> target: asks for the lock (lock field) */
    RMA_GRANT,    /* target -> origin: the lock is yours */
    RMA_UNLOCK,   /* origin -> target, in the FIFO: release once my operations are done; ACK */
    RMA_FLUSH,    /* origin -> target, in the FIFO: ACK once my operations are done */
    RMA_ACK,      /* target -> origin */
    RMA_POST,     /* target -> origin: MPI_Win_post exposes my window to you */
    RMA_COMPLETE, /* origin -> target, in the FIFO: my access epoch (MPI_Win_complete) ended */
};

typedef struct rma_hdr {
    uint8_t kind;
    uint8_t inl;     /* layout and data follow in this message */
    uint8_t shared;  /* RMA_LOCK: a shared lock */
    uint8_t tcontig; /* the target layout is contiguous: tcount * tsize bytes at off + ttrue_lb */
    uint32_t nsegs;  /* segments of the target layout (when not contiguous) */
    int32_t op;      /* accumulates: the operation (a predefined handle) */
    int32_t basic;   /* accumulates: the element datatype (a predefined handle) */
    uint32_t reply_tag;
    uint32_t pad;
    uint64_t off;  /* the target's byte offset from its window base (dynamic: an address) */
    uint64_t len;  /* bytes of data that come with the header */
    uint64_t rlen; /* bytes the target sends back */
    uint64_t tcount;
    uint64_t tsize; /* the target datatype's size, extent and true lower bound */
    int64_t text;
    int64_t ttrue_lb, ttrue_ub;
} rma_hdr_t;

/* An operation at the target, in the window's FIFO. */
typedef struct rma_tgt {
    struct rma_tgt *next;
    rma_hdr_t h;
    int origin;
    oml_tp_req_t rreq[2]; /* layout and data arriving after the header */
    int nrreq;
    oml_dt_seg_t *segs;
    void *data;    /* the data (malloc'd), or NULL when received in place */
    bool in_place; /* a put received straight into the window */
} rma_tgt_t;

/* An operation (or control message) at the origin, until it completes locally. */
typedef struct rma_op {
    struct rma_op *next;
    int target;
    oml_tp_req_t sreq[3];
    int nsreq;
    oml_tp_req_t rreq; /* the reply */
    bool reply;
    bool direct;    /* a reply sent straight from the window (tgt_reply) */
    void *hbuf;     /* the header message */
    void *tmp;      /* packed data or layout sent separately */
    oml_dbuf_t sdb; /* the origin data as sent */
    oml_dbuf_t rdb; /* where the reply lands */
    oml_dtype_t *rdt;
    void *raddr;
    size_t rcount;
    oml_request_t *req; /* MPI_Rput & co. */
} rma_op_t;

typedef struct rma_region {
    struct rma_region *next;
    uintptr_t base;
    size_t size;
} rma_region_t;

typedef struct rma_waiter {
    int rank;
    bool shared;
} rma_waiter_t;

struct oml_win {
    uint32_t magic;
    oml_comm_t *comm; /* private: its own contexts, the user's group */
    MPI_Comm handle_comm;
    int size, rank;
    void *base;
    MPI_Aint wsize;
    int disp_unit;
    int flavor;
    MPI_Aint *sizes; /* every rank's window size and displacement unit */
    int *units;
    void *owned; /* MPI_Win_allocate: what to free */
    void *shm;   /* MPI_Win_allocate_shared: the node's mapping */
    size_t shm_len;
    MPI_Aint *shm_off;     /* every rank's offset in it */
    uint32_t *shm_locks;   /* in it: every rank's accumulate lock, a cache line apart */
    bool direct;           /* operations read and write the shared segment themselves */
    rma_region_t *regions; /* MPI_Win_create_dynamic: attached memory */
    MPI_Errhandler errhandler;
    char name[MPI_MAX_OBJECT_NAME];
    oml_attr_t *attrs;
    MPI_Info info;
    /* predefined attribute values (MPI_Win_get_attr hands out pointers to them) */
    MPI_Aint attr_size;
    int attr_unit, attr_flavor, attr_model;

    /* target side */
    oml_tp_req_t hreq; /* the posted header receive */
    unsigned char *hbuf;
    rma_tgt_t *fifo, *fifo_tail;
    int direct_out; /* replies in flight straight from the window */
    int lk_excl;    /* rank holding the exclusive lock, or -1 */
    int lk_shared;
    rma_waiter_t *waiters;
    int nwaiters, capwaiters;
    int completes_got; /* PSCW: COMPLETE messages of the exposure epoch */
    int exposure;      /* PSCW: origins of the exposure epoch, or -1 when none */

    /* origin side */
    rma_op_t **q_head, **q_tail; /* in flight, by target, oldest first */
    int *q_active;               /* targets with operations in flight */
    int nactive;
    size_t nops;   /* in flight, all targets */
    int *pending;  /* operations in flight by target */
    int *acks;     /* ACKs awaited by target */
    bool *touched; /* operations since the last FLUSH, by target */
    int *touched_list;
    int ntouched;
    bool *granted;  /* GRANT received, not yet taken by MPI_Win_lock */
    int *posts;     /* POST messages received, not yet taken by MPI_Win_start */
    int *lock_type; /* 0 or MPI_LOCK_SHARED / EXCLUSIVE by target */
    bool *lock_nocheck;
    bool lock_all, lock_all_nocheck;
    bool fence_open;  /* an access epoch of MPI_Win_fence is open */
    bool *in_access;  /* in the MPI_Win_start group */
    int *access_list; /* that group, as window ranks */
    int naccess;      /* -1 when no access epoch of MPI_Win_start is open */
    uint32_t serial;

    struct oml_win *next;
};

static oml_win_t *rma_windows;

static int win_info_take(oml_win_t *w, MPI_Info info);
static bool win_all_local(const oml_win_t *w);
static int win_shared(const char *fn, oml_comm_t *c, oml_win_t *w);

/*
 * Do windows whose ranks share a node access each other's memory directly (MPI_Win_allocate
 * in a shared segment)? Not when shared memory is off (OMPI_LITE_SHM=0) or
 * OMPI_LITE_RMA_DIRECT=0 (then every operation is a message, as between nodes).
 */
static bool rma_direct_wanted(void)
{
    const char *shm = getenv("OMPI_LITE_SHM"), *d = getenv("OMPI_LITE_RMA_DIRECT");
    return !(shm != NULL && *shm != '\0' && atoi(shm) == 0) &&
           !(d != NULL && *d != '\0' && atoi(d) == 0);
}

/* ---- errors and handles ---- */

int oml_win_verror(oml_win_t *w, int errclass, const char *fn, const char *fmt, va_list ap)
{
    return oml_raise(w->errhandler, OML_FH_WIN, w, errclass, fn, fmt, ap);
}

int oml_win_error(oml_win_t *w, int errclass, const char *fn, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = oml_win_verror(w, errclass, fn, fmt, ap);
    va_end(ap);
    return rc;
}

static oml_win_t *win_get(MPI_Win win)
{
    if ((uintptr_t)win < OML_HANDLE_PREDEFINED_MAX)
        return NULL;
    oml_win_t *w = (oml_win_t *)win;
    return w->magic == OML_WIN_MAGIC ? w : NULL;
}

int oml_win_check(const char *fn, MPI_Win win, oml_win_t **w_p)
{
    OML_CHECK_INIT(fn);
    *w_p = win_get(win);
    if (*w_p == NULL)
        return oml_error(NULL, MPI_ERR_WIN, fn, "invalid window%s",
                         win == MPI_WIN_NULL ? " (MPI_WIN_NULL)" : "");
    return MPI_SUCCESS;
}

oml_attr_t **oml_win_attrs(oml_win_t *w)
{
    return &w->attrs;
}

void *oml_win_attr_predefined(oml_win_t *w, int keyval)
{
    switch (keyval) {
    case MPI_WIN_BASE:
        return w->base;
    case MPI_WIN_SIZE:
        return &w->attr_size;
    case MPI_WIN_DISP_UNIT:
        return &w->attr_unit;
    case MPI_WIN_CREATE_FLAVOR:
        return &w->attr_flavor;
    default:
        return &w->attr_model;
    }
}

/* ---- sending ---- */

static rma_op_t *op_new(int target)
{
    rma_op_t *op = calloc(1, sizeof(*op));
    if (op != NULL)
        op->target = target;
    return op;
}

/*
 * Puts op in flight: its requests are started; the window tracks it until it completes. Each
 * target's operations wait in the order they were issued, so that progress looks at the oldest
 * of each target only (walking them all made n operations in one epoch cost O(n^2)).
 */
static void op_track(oml_win_t *w, rma_op_t *op)
{
    int t = op->target;
    op->next = NULL;
    if (w->q_head[t] == NULL) {
        w->q_head[t] = op;
        w->q_active[w->nactive++] = t;
    } else {
        w->q_tail[t]->next = op;
    }
    w->q_tail[t] = op;
    w->pending[t]++;
    w->nops++;
}

/* Sends a header-only control message to target. */
static int rma_ctrl(oml_win_t *w, int target, int kind, bool shared)
{
    rma_op_t *op = op_new(target);
    rma_hdr_t *h = op != NULL ? calloc(1, sizeof(*h)) : NULL;
    if (h == NULL) {
        free(op);
        return MPI_ERR_NO_MEM;
    }
    h->kind = (uint8_t)kind;
    h->shared = shared;
    h->inl = 1;
    op->hbuf = h;
    op->nsreq = 1;
    if (oml_tp_isend(&op->sreq[0], h, sizeof(*h), target, RMA_TAG_HDR, &w->comm->pt2pt) != OML_OK) {
        free(h);
        free(op);
        return MPI_ERR_INTERN;
    }
    op_track(w, op);
    return MPI_SUCCESS;
}

static bool op_done(const rma_op_t *op)
{
    for (int i = 0; i < op->nsreq; i++) {
        if (!op->sreq[i].complete)
            return false;
    }
    return !op->reply || op->rreq.complete;
}

static void op_finish(oml_win_t *w, rma_op_t *op)
{
    if (op->reply) {
        oml_dbuf_unpack(&op->rdb, op->rdt, op->raddr, op->rcount, op->rreq.len);
        oml_dbuf_free(&op->rdb);
        oml_dtype_release(op->rdt);
    }
    oml_dbuf_free(&op->sdb);
    free(op->hbuf);
    free(op->tmp);
    if (op->req != NULL) {
        op->req->tp.status = OML_OK;
        op->req->tp.complete = 1;
    }
    w->pending[op->target]--;
    w->nops--;
    if (op->direct)
        w->direct_out--;
    free(op);
}

/* ---- the target side ---- */

/*
 * Sends len bytes at buf back to origin on tag. owned: buf was allocated for the reply and goes
 * with it; else buf is in the window itself (a get answered without a copy), and until the reply
 * has gone the window's queue lets only gets pass (tgt_may_run), so nothing changes those bytes
 * under it.
 */
static void tgt_reply(oml_win_t *w, int origin, uint32_t tag, void *buf, size_t len, bool owned)
{
    rma_op_t *op = op_new(origin);
    if (op == NULL ||
        oml_tp_isend(&op->sreq[0], buf, len, origin, (int)tag, &w->comm->pt2pt) != OML_OK) {
        fprintf(stderr, "ompi-lite: rank %d: a one-sided reply to rank %d failed (out of memory)\n",
                oml_rt_job.rank, origin);
        oml_rt_abort(MPI_ERR_NO_MEM, "one-sided reply failed");
    }
    op->nsreq = 1;
    if (owned) {
        op->hbuf = buf;
    } else {
        op->direct = true;
        w->direct_out++;
    }
    op_track(w, op);
}

/* The lock manager: grants what is compatible, in the order requests came. */
static void lock_grant(oml_win_t *w, int rank, bool shared)
{
    if (shared)
        w->lk_shared++;
    else
        w->lk_excl = rank;
    if (rank == w->rank)
        w->granted[rank] = true;
    else if (rma_ctrl(w, rank, RMA_GRANT, shared) != MPI_SUCCESS)
        oml_rt_abort(MPI_ERR_NO_MEM, "granting a one-sided lock failed");
}

static bool lock_free_for(const oml_win_t *w, bool shared)
{
    return w->lk_excl < 0 && (shared || w->lk_shared == 0);
}

static void lock_request(oml_win_t *w, int rank, bool shared)
{
    if (w->nwaiters == 0 && lock_free_for(w, shared)) {
        lock_grant(w, rank, shared);
        return;
    }
    if (w->nwaiters == w->capwaiters) {
        int cap = w->capwaiters ? 2 * w->capwaiters : 8;
        rma_waiter_t *q = realloc(w->waiters, (size_t)cap * sizeof(*q));
        if (q == NULL)
            oml_rt_abort(MPI_ERR_NO_MEM, "queueing a one-sided lock request failed");
        w->waiters = q;
        w->capwaiters = cap;
    }
    w->waiters[w->nwaiters++] = (rma_waiter_t){rank, shared};
}

static void lock_release(oml_win_t *w, int rank)
{
    if (w->lk_excl == rank)
        w->lk_excl = -1;
    else if (w->lk_shared > 0)
        w->lk_shared--;
    int i = 0;
    while (i < w->nwaiters && lock_free_for(w, w->waiters[i].shared)) {
        lock_grant(w, w->waiters[i].rank, w->waiters[i].shared);
        i++;
    }
    if (i > 0) {
        memmove(w->waiters, w->waiters + i, (size_t)(w->nwaiters - i) * sizeof(*w->waiters));
        w->nwaiters -= i;
    }
}

/* The address of byte offset off of this rank's window, or NULL when [off + lo, off + hi) is
 * outside it (dynamic windows: off is an address within attached memory). */
static unsigned char *tgt_addr(const oml_win_t *w, uint64_t off, int64_t lo, int64_t hi)
{
    if (w->flavor == MPI_WIN_FLAVOR_DYNAMIC) {
        if (hi <= lo)
            return (unsigned char *)(uintptr_t)off;
        /* attached memory covers it, in one region or in adjacent ones */
        uintptr_t a = (uintptr_t)off + (uintptr_t)lo, b = (uintptr_t)off + (uintptr_t)hi;
        while (a < b) {
            const rma_region_t *r = w->regions;
            while (r != NULL && !(a >= r->base && a < r->base + r->size))
                r = r->next;
            if (r == NULL)
                return NULL;
            a = r->base + r->size;
        }
        return (unsigned char *)(uintptr_t)off;
    }
    if (hi > lo && ((int64_t)off + lo < 0 || (int64_t)off + hi > (int64_t)w->wsize))
        return NULL;
    return (unsigned char *)w->base + off;
}

/* The bytes [lo, hi) relative to its start that count elements of a layout touch. */
static void layout_span(size_t count, size_t size, int64_t ext, int64_t true_lb, int64_t true_ub,
                        int64_t *lo, int64_t *hi)
{
    *lo = *hi = 0;
    if (count == 0 || size == 0)
        return;
    int64_t last = (int64_t)(count - 1) * ext;
    *lo = true_lb + (last < 0 ? last : 0);
    *hi = true_ub + (last > 0 ? last : 0);
}

/*
 * Applies an operation to count elements of layout td at taddr: data (len bytes, packed) is the
 * origin's; *result (malloc'd, rlen bytes) gets what the target held before, for the kinds that
 * return it.
 */
static void rma_apply(int kind, unsigned char *taddr, const oml_dtype_t *td, size_t count,
                      const void *data, size_t len, MPI_Op op, MPI_Datatype basic, void *result,
                      size_t rlen)
{
    size_t bytes = count * td->size;
    switch (kind) {
    case RMA_PUT:
        oml_dt_unpack(td, taddr, count, data, len);
        return;
    case RMA_GET:
        oml_dt_pack(td, taddr, count, result);
        return;
    case RMA_CAS: {
        size_t sz = td->size;
        memcpy(result, taddr + td->true_lb, sz);
        if (memcmp(taddr + td->true_lb, (const char *)data + sz, sz) == 0)
            memcpy(taddr + td->true_lb, data, sz);
        return;
    }
    default:
        break;
    }
    /* accumulates: the target's data packed (or in place when contiguous), combined, put back */
    if (kind == RMA_GACC && rlen > 0)
        oml_dt_pack(td, taddr, count, result);
    if (op == MPI_NO_OP || bytes == 0)
        return;
    if (op == MPI_REPLACE) {
        oml_dt_unpack(td, taddr, count, data, len);
        return;
    }
    oml_dtype_t *bd = oml_dtype_get(basic);
    oml_coll_op_t cop;
    size_t n;
    if (bd == NULL || bd->size == 0 ||
        oml_op_resolve("MPI_Accumulate", NULL, NULL, op, basic, bd, bytes / bd->size, &cop, &n) !=
            MPI_SUCCESS)
        return;
    if (td->contig) {
        cop.fn(data, taddr + td->true_lb, n, cop.ctx);
        return;
    }
    void *tmp = malloc(bytes);
    if (tmp == NULL)
        oml_rt_abort(MPI_ERR_NO_MEM, "one-sided accumulate: out of memory");
    oml_dt_pack(td, taddr, count, tmp);
    cop.fn(data, tmp, n, cop.ctx);
    oml_dt_unpack(td, taddr, count, tmp, bytes);
    free(tmp);
}

/* The target layout a header describes, as a datatype the engine can walk. */
static void tgt_layout(const rma_tgt_t *t, oml_dtype_t *td)
{
    memset(td, 0, sizeof(*td));
    td->contig = t->h.tcontig;
    td->size = t->h.tsize;
    td->lb = 0;
    td->ub = (MPI_Aint)t->h.text;
    td->true_lb = (MPI_Aint)t->h.ttrue_lb;
    td->nsegs = t->h.nsegs;
    td->segs = t->segs;
}

static const char *rma_kind_name(int kind)
{
    static const char *const names[] = {
        "", "MPI_Put", "MPI_Get", "MPI_Accumulate", "MPI_Get_accumulate", "MPI_Compare_and_swap"};
    return kind >= RMA_PUT && kind <= RMA_CAS ? names[kind] : "one-sided operation";
}

/* Applies the operation at the head of the FIFO (its data has arrived). */
static void tgt_run(oml_win_t *w, rma_tgt_t *t)
{
    const rma_hdr_t *h = &t->h;
    switch (h->kind) {
    case RMA_UNLOCK:
        lock_release(w, t->origin);
        /* fallthrough */
    case RMA_FLUSH:
        if (rma_ctrl(w, t->origin, RMA_ACK, false) != MPI_SUCCESS)
            oml_rt_abort(MPI_ERR_NO_MEM, "acknowledging a one-sided flush failed");
        return;
    case RMA_COMPLETE:
        w->completes_got++;
        return;
    default:
        break;
    }
    if (t->in_place)
        return;
    oml_dtype_t td;
    tgt_layout(t, &td);
    int64_t lo, hi;
    layout_span(h->tcount, h->tsize, h->text, h->ttrue_lb, h->ttrue_ub, &lo, &hi);
    unsigned char *taddr = tgt_addr(w, h->off, lo, hi);
    if (taddr == NULL) {
        oml_win_error(w, MPI_ERR_RMA_RANGE, rma_kind_name(h->kind),
                      "rank %d addressed bytes [%lld, %lld) of this rank's window, which are "
                      "not %s",
                      t->origin, (long long)(h->off + lo), (long long)(h->off + hi),
                      w->flavor == MPI_WIN_FLAVOR_DYNAMIC ? "attached" : "inside it");
    }
    if (h->kind == RMA_GET && h->tcontig && taddr != NULL && h->rlen >= RMA_GET_DIRECT_MIN &&
        h->rlen == h->tcount * h->tsize) {
        tgt_reply(w, t->origin, h->reply_tag, taddr + h->ttrue_lb, h->rlen, false);
        return;
    }
    void *result = NULL;
    if (h->rlen > 0 && (result = taddr != NULL ? malloc(h->rlen) : calloc(1, h->rlen)) == NULL)
        oml_rt_abort(MPI_ERR_NO_MEM, "one-sided operation: out of memory");
    /* a handler that returned: the operation does nothing, but a reply (zeros) still goes, so
     * that the origin does not wait for ever */
    if (taddr != NULL)
        rma_apply(h->kind, taddr, &td, h->tcount, t->data, h->len, (MPI_Op)(intptr_t)h->op,
                  (MPI_Datatype)(intptr_t)h->basic, result, h->rlen);
    if (h->rlen > 0)
        tgt_reply(w, t->origin, h->reply_tag, result, h->rlen, true);
}

/*
 * Whether the oldest operation of the queue may run: while replies go straight from the window,
 * only gets may (anything else could change what they send, or end the epoch under them).
 */
static bool tgt_may_run(const oml_win_t *w, const rma_tgt_t *t)
{
    return w->direct_out == 0 || t->h.kind == RMA_GET;
}

static bool tgt_ready(const rma_tgt_t *t)
{
    for (int i = 0; i < t->nrreq; i++) {
        if (!t->rreq[i].complete)
            return false;
    }
    return true;
}

static void tgt_free(rma_tgt_t *t)
{
    free(t->segs);
    free(t->data);
    free(t);
}

/* A header message of len bytes arrived from origin. */
static void tgt_header(oml_win_t *w, const unsigned char *msg, size_t len, int origin)
{
    rma_hdr_t h;
    if (len < sizeof(h)) {
        fprintf(stderr, "ompi-lite: rank %d: a one-sided message from rank %d is too short\n",
                oml_rt_job.rank, origin);
        return;
    }
    memcpy(&h, msg, sizeof(h));
    switch (h.kind) {
    case RMA_LOCK:
        lock_request(w, origin, h.shared);
        return;
    case RMA_GRANT:
        w->granted[origin] = true;
        return;
    case RMA_ACK:
        w->acks[origin]--;
        return;
    case RMA_POST:
        w->posts[origin]++;
        return;
    default:
        break;
    }
    rma_tgt_t *t = calloc(1, sizeof(*t));
    if (t == NULL)
        oml_rt_abort(MPI_ERR_NO_MEM, "one-sided operation: out of memory");
    t->h = h;
    t->origin = origin;
    size_t seg_bytes = h.tcontig ? 0 : h.nsegs * sizeof(oml_dt_seg_t);
    if (seg_bytes > 0 && (t->segs = malloc(seg_bytes)) == NULL)
        oml_rt_abort(MPI_ERR_NO_MEM, "one-sided operation: out of memory");
    bool put_in_place = false;
    unsigned char *dst = NULL;
    if (h.kind == RMA_PUT && h.tcontig && !h.inl && h.len == h.tcount * h.tsize) {
        dst = tgt_addr(w, h.off, h.ttrue_lb, h.ttrue_lb + (int64_t)h.len);
        put_in_place = dst != NULL;
    }
    if (h.len > 0 && !put_in_place && (t->data = malloc(h.len)) == NULL)
        oml_rt_abort(MPI_ERR_NO_MEM, "one-sided operation: out of memory");
    if (h.inl) {
        if (seg_bytes > 0)
            memcpy(t->segs, msg + sizeof(h), seg_bytes);
        if (h.len > 0)
            memcpy(t->data, msg + sizeof(h) + seg_bytes, h.len);
    } else {
        oml_tp_comm_t *pc = &w->comm->pt2pt;
        if (seg_bytes > 0)
            oml_tp_irecv(&t->rreq[t->nrreq++], t->segs, seg_bytes, origin, RMA_TAG_DATA, pc);
        if (h.len > 0)
            oml_tp_irecv(&t->rreq[t->nrreq++], put_in_place ? dst + h.ttrue_lb : t->data, h.len,
                         origin, RMA_TAG_DATA, pc);
        t->in_place = put_in_place;
    }
    if (w->fifo_tail != NULL)
        w->fifo_tail->next = t;
    else
        w->fifo = t;
    w->fifo_tail = t;
}

static int win_progress(oml_win_t *w)
{
    int n = 0;
    while (w->hreq.complete) {
        if (w->hreq.status == OML_OK)
            tgt_header(w, w->hbuf, w->hreq.len, w->hreq.source);
        n++;
        oml_tp_irecv(&w->hreq, w->hbuf, RMA_HBUF, OML_TP_ANY_SOURCE, RMA_TAG_HDR, &w->comm->pt2pt);
    }
    while (w->fifo != NULL && tgt_ready(w->fifo) && tgt_may_run(w, w->fifo)) {
        rma_tgt_t *t = w->fifo;
        w->fifo = t->next;
        if (w->fifo == NULL)
            w->fifo_tail = NULL;
        tgt_run(w, t);
        tgt_free(t);
        n++;
    }
    /*
     * An operation that completed behind an older one to the same target waits for it: both
     * need only the transport and that target, and the cost of a pass stays the number of
     * targets in use plus the operations it finishes.
     */
    for (int i = 0; i < w->nactive;) {
        int t = w->q_active[i];
        rma_op_t *op;
        while ((op = w->q_head[t]) != NULL && op_done(op)) {
            w->q_head[t] = op->next;
            op_finish(w, op);
            n++;
        }
        if (op == NULL) {
            w->q_tail[t] = NULL;
            w->q_active[i] = w->q_active[--w->nactive];
        } else {
            i++;
        }
    }
    return n;
}

static int rma_progress(void)
{
    static bool busy; /* sends and receives started here may drive progress themselves */
    if (busy || rma_windows == NULL)
        return 0;
    busy = true;
    int n = 0;
    for (oml_win_t *w = rma_windows; w != NULL; w = w->next)
        n += win_progress(w);
    busy = false;
    return n;
}

/*
 * Drives progress until cond holds, at least once: a rank that only works on its own window
 * (locks, operations, unlocks on itself) still serves the others in those calls.
 */
#define RMA_WAIT_UNTIL(cond)                                                                       \
    do {                                                                                           \
        oml_tp_progress();                                                                         \
        while (!(cond))                                                                            \
            oml_tp_progress_idle();                                                                \
    } while (0)

/* ---- creation and freeing ---- */

static int win_fail(const char *fn, oml_comm_t *c, int errclass, const char *what)
{
    return oml_error(c, errclass, fn, "%s", what);
}

static void win_destroy(oml_win_t *w)
{
    free(w->sizes);
    free(w->units);
    free(w->hbuf);
    free(w->waiters);
    free(w->q_head);
    free(w->q_tail);
    free(w->q_active);
    free(w->pending);
    free(w->acks);
    free(w->touched);
    free(w->touched_list);
    free(w->granted);
    free(w->posts);
    free(w->lock_type);
    free(w->lock_nocheck);
    free(w->in_access);
    free(w->access_list);
    free(w->shm_off);
    while (w->regions != NULL) {
        rma_region_t *r = w->regions;
        w->regions = r->next;
        free(r);
    }
    if (w->comm != NULL)
        oml_comm_release(w->comm);
    w->magic = 0;
    free(w);
}

/*
 * The common part of the four creation calls, collective over comm: the private communicator,
 * every rank's size and unit, the header receive. base/size/unit are this rank's.
 */
static int win_new(const char *fn, MPI_Comm comm, MPI_Info info, int flavor, MPI_Aint size,
                   MPI_Aint disp_unit, oml_win_t **w_p)
{
    OML_CHECK_INIT(fn);
    oml_comm_t *c = oml_comm_get(comm);
    *w_p = NULL;
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator");
    if (c->inter)
        return win_fail(fn, c, MPI_ERR_COMM, "windows are made on intracommunicators");
    if (size < 0)
        return oml_error(c, MPI_ERR_SIZE, fn, "size %ld is negative", (long)size);
    if (disp_unit <= 0 || disp_unit > INT_MAX)
        return oml_error(c, MPI_ERR_DISP, fn, "disp_unit %ld must be positive%s", (long)disp_unit,
                         disp_unit > 0 ? " and at most INT_MAX" : "");
    if (!oml_info_valid(info))
        return win_fail(fn, c, MPI_ERR_INFO, "invalid info object");
    oml_win_t *w = calloc(1, sizeof(*w));
    if (w == NULL)
        return win_fail(fn, c, MPI_ERR_NO_MEM, "out of memory");
    int n = c->coll.size;
    int *world = malloc((size_t)n * sizeof(int));
    if (world == NULL) {
        free(w);
        return win_fail(fn, c, MPI_ERR_NO_MEM, "out of memory");
    }
    for (int i = 0; i < n; i++)
        world[i] = c->coll.world != NULL ? c->coll.world[i] : i;
    int rc = oml_comm_make(fn, c, world, n, c->coll.rank, false, 0, &w->comm);
    if (rc != MPI_SUCCESS) {
        free(w);
        return rc;
    }
    w->magic = OML_WIN_MAGIC;
    w->handle_comm = oml_comm_handle(w->comm);
    w->size = n;
    w->rank = c->coll.rank;
    w->flavor = flavor;
    w->wsize = size;
    w->disp_unit = disp_unit;
    w->errhandler = MPI_ERRORS_ARE_FATAL;
    w->info = MPI_INFO_NULL;
    w->lk_excl = -1;
    w->exposure = -1;
    w->naccess = -1;
    w->sizes = calloc((size_t)n, sizeof(MPI_Aint));
    w->units = calloc((size_t)n, sizeof(int));
    w->hbuf = malloc(RMA_HBUF);
    w->q_head = calloc((size_t)n, sizeof(rma_op_t *));
    w->q_tail = calloc((size_t)n, sizeof(rma_op_t *));
    w->q_active = calloc((size_t)n, sizeof(int));
    w->pending = calloc((size_t)n, sizeof(int));
    w->acks = calloc((size_t)n, sizeof(int));
    w->touched = calloc((size_t)n, sizeof(bool));
    w->touched_list = calloc((size_t)n, sizeof(int));
    w->granted = calloc((size_t)n, sizeof(bool));
    w->posts = calloc((size_t)n, sizeof(int));
    w->lock_type = calloc((size_t)n, sizeof(int));
    w->lock_nocheck = calloc((size_t)n, sizeof(bool));
    w->in_access = calloc((size_t)n, sizeof(bool));
    w->access_list = calloc((size_t)n, sizeof(int));
    MPI_Aint mine[2] = {size, disp_unit}, *all = malloc((size_t)n * 2 * sizeof(MPI_Aint));
    int bad = !w->sizes || !w->units || !w->hbuf || !w->q_head || !w->q_tail || !w->q_active ||
              !w->pending || !w->acks || !w->touched || !w->touched_list || !w->granted ||
              !w->posts || !w->lock_type || !w->lock_nocheck || !w->in_access || !w->access_list ||
              !all;
    /* every rank learns whether all could go on, and every rank's size and unit */
    int anybad = 0;
    PMPI_Allreduce(&bad, &anybad, 1, MPI_INT, MPI_MAX, w->handle_comm);
    if (anybad) {
        free(all);
        win_destroy(w);
        return win_fail(fn, c, MPI_ERR_NO_MEM, "out of memory on some rank");
    }
    PMPI_Allgather(mine, 2, MPI_AINT, all, 2, MPI_AINT, w->handle_comm);
    for (int i = 0; i < n; i++) {
        w->sizes[i] = all[2 * i];
        w->units[i] = (int)all[2 * i + 1];
    }
    free(all);
    win_info_take(w, info);
    *w_p = w;
    return MPI_SUCCESS;
}

/* The window goes live (it takes headers, progress serves it), and its handles go out:
 * *baseptr (when given) and *win. */
static int win_start(oml_win_t *w, void *baseptr, MPI_Win *win)
{
    w->attr_size = w->wsize;
    w->attr_unit = w->disp_unit;
    w->attr_flavor = w->flavor;
    w->attr_model = MPI_WIN_UNIFIED;
    oml_tp_irecv(&w->hreq, w->hbuf, RMA_HBUF, OML_TP_ANY_SOURCE, RMA_TAG_HDR, &w->comm->pt2pt);
    w->next = rma_windows;
    rma_windows = w;
    oml_tp_add_progress_hook(rma_progress);
    if (baseptr != NULL)
        *(void **)baseptr = w->base;
    *win = (MPI_Win)w;
    return MPI_SUCCESS;
}

static int win_create(const char *fn, void *base, MPI_Aint size, MPI_Aint disp_unit, MPI_Info info,
                      MPI_Comm comm, MPI_Win *win)
{
    oml_win_t *w;
    if (win == NULL) {
        OML_CHECK_INIT(fn);
        return oml_error(oml_comm_get(comm), MPI_ERR_ARG, fn, "win is NULL");
    }
    if (size > 0 && base == NULL) {
        OML_CHECK_INIT(fn);
        return oml_error(oml_comm_get(comm), MPI_ERR_ARG, fn,
                         "base is NULL for a window of %ld bytes", (long)size);
    }
    int rc = win_new(fn, comm, info, MPI_WIN_FLAVOR_CREATE, size, disp_unit, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    w->base = base;
    return win_start(w, NULL, win);
}

OML_API int PMPI_Win_create(void *base, MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm,
                            MPI_Win *win)
{
    return win_create("MPI_Win_create", base, size, disp_unit, info, comm, win);
}
OML_ALIAS(Win_create)

OML_API int PMPI_Win_create_c(void *base, MPI_Aint size, MPI_Aint disp_unit, MPI_Info info,
                              MPI_Comm comm, MPI_Win *win)
{
    return win_create("MPI_Win_create_c", base, size, disp_unit, info, comm, win);
}
OML_ALIAS(Win_create_c)

static int win_allocate(const char *fn, MPI_Aint size, MPI_Aint disp_unit, MPI_Info info,
                        MPI_Comm comm, void *baseptr, MPI_Win *win)
{
    if (win == NULL || baseptr == NULL) {
        OML_CHECK_INIT(fn);
        return oml_error(oml_comm_get(comm), MPI_ERR_ARG, fn, "win or baseptr is NULL");
    }
    oml_win_t *w;
    int rc = win_new(fn, comm, info, MPI_WIN_FLAVOR_ALLOCATE, size, disp_unit, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    /* every rank on this node: the memory is one shared segment, which operations access
     * directly (the same choice on every rank: each sees the whole group) */
    if (rma_direct_wanted() && win_all_local(w)) {
        if ((rc = win_shared(fn, oml_comm_get(comm), w)) != MPI_SUCCESS)
            return rc;
        if (w->base == NULL && (w->owned = malloc(1)) != NULL)
            w->base = w->owned; /* a distinct pointer for a window of 0 bytes */
        return win_start(w, baseptr, win);
    }
    /* page-aligned, as MPI_Alloc_mem: the transport registers such memory without waste */
    if (posix_memalign(&w->owned, 4096, size > 0 ? (size_t)size : 1) != 0) {
        w->owned = NULL;
        oml_comm_t *c = oml_comm_get(comm);
        win_destroy(w);
        return oml_error(c, MPI_ERR_NO_MEM, fn, "cannot allocate %ld bytes", (long)size);
    }
    w->base = w->owned;
    return win_start(w, baseptr, win);
}

OML_API int PMPI_Win_allocate(MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm,
                              void *baseptr, MPI_Win *win)
{
    return win_allocate("MPI_Win_allocate", size, disp_unit, info, comm, baseptr, win);
}
OML_ALIAS(Win_allocate)

OML_API int PMPI_Win_allocate_c(MPI_Aint size, MPI_Aint disp_unit, MPI_Info info, MPI_Comm comm,
                                void *baseptr, MPI_Win *win)
{
    return win_allocate("MPI_Win_allocate_c", size, disp_unit, info, comm, baseptr, win);
}
OML_ALIAS(Win_allocate_c)

/* Are all of the window's ranks on this node? */
static bool win_all_local(const oml_win_t *w)
{
    const oml_tp_comm_t *g = &w->comm->coll;
    for (int i = 0; i < w->size; i++) {
        int r = g->world != NULL ? g->world[i] : i;
        bool here = false;
        for (int l = 0; l < oml_rt_job.local_size && !here; l++)
            here = oml_rt_job.local_peers[l] == r;
        if (!here)
            return false;
    }
    return true;
}

/*
 * The shared segment of MPI_Win_allocate_shared: rank 0 creates it (named after the job, the
 * node and the window's context, so that the node's daemon removes it if the job dies before
 * the name goes), every rank maps it, and the name is removed once all have. Ranks' parts are
 * contiguous in rank order. Returns an error class, the same on every rank.
 */
static int win_shm_map(oml_win_t *w, char *why, size_t whylen)
{
    MPI_Aint total = 0;
    w->shm_off = malloc((size_t)w->size * sizeof(MPI_Aint));
    if (w->shm_off == NULL)
        return MPI_ERR_NO_MEM;
    for (int i = 0; i < w->size; i++) {
        w->shm_off[i] = total;
        total += w->sizes[i];
    }
    if (total == 0)
        return MPI_SUCCESS;
    /* after the ranks' parts: one accumulate lock per rank, a cache line each */
    size_t locks_at = ((size_t)total + RMA_LINE - 1) / RMA_LINE * RMA_LINE;
    total = (MPI_Aint)(locks_at + (size_t)w->size * RMA_LINE);
    w->shm_len = (size_t)total;
    /* the context and the first rank's job rank: unique among live windows of the node */
    char suffix[64], name[300];
    snprintf(suffix, sizeof(suffix), "-w%u-%d", w->comm->pt2pt.ctx,
             w->comm->coll.world != NULL ? w->comm->coll.world[0] : 0);
    oml_rt_shm_name(name, sizeof(name), suffix);
    int err = 0;
    if (w->rank == 0) {
        int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
        if (fd < 0 || ftruncate(fd, (off_t)total) != 0) {
            err = errno;
            if (fd >= 0) {
                close(fd);
                shm_unlink(name);
            }
        } else {
            close(fd);
        }
    }
    PMPI_Bcast(&err, 1, MPI_INT, 0, w->handle_comm);
    if (err != 0) {
        snprintf(why, whylen, "cannot create the shared segment /dev/shm%s of %ld bytes: %s", name,
                 (long)total, strerror(err));
        return MPI_ERR_NO_MEM;
    }
    int fd = shm_open(name, O_RDWR, 0);
    void *p =
        fd >= 0 ? mmap(NULL, (size_t)total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : MAP_FAILED;
    int mine = p == MAP_FAILED ? errno : 0;
    if (fd >= 0)
        close(fd);
    PMPI_Allreduce(&mine, &err, 1, MPI_INT, MPI_MAX, w->handle_comm);
    if (w->rank == 0)
        shm_unlink(name);
    if (err != 0) {
        if (p != MAP_FAILED)
            munmap(p, (size_t)total);
        snprintf(why, whylen, "cannot map the shared segment /dev/shm%s: %s", name, strerror(err));
        return MPI_ERR_NO_MEM;
    }
    w->shm = p;
    w->shm_locks = (uint32_t *)((char *)p + locks_at);
    return MPI_SUCCESS;
}

/* The window's memory is its part of the node's shared segment, accessed directly; on failure
 * the window is gone and the error raised on c. */
static int win_shared(const char *fn, oml_comm_t *c, oml_win_t *w)
{
    char why[512] = "";
    int rc = win_shm_map(w, why, sizeof(why));
    if (rc != MPI_SUCCESS) {
        win_destroy(w);
        return oml_error(c, rc, fn, "%s", why[0] ? why : "out of memory");
    }
    w->direct = w->shm != NULL;
    w->base = w->shm != NULL && w->wsize > 0 ? (char *)w->shm + w->shm_off[w->rank] : NULL;
    return MPI_SUCCESS;
}

static int win_allocate_shared(const char *fn, MPI_Aint size, MPI_Aint disp_unit, MPI_Info info,
                               MPI_Comm comm, void *baseptr, MPI_Win *win)
{
    if (win == NULL || baseptr == NULL) {
        OML_CHECK_INIT(fn);
        return oml_error(oml_comm_get(comm), MPI_ERR_ARG, fn, "win or baseptr is NULL");
    }
    oml_win_t *w;
    int rc = win_new(fn, comm, info, MPI_WIN_FLAVOR_SHARED, size, disp_unit, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_comm_t *c = oml_comm_get(comm);
    /* the same answer on every rank: each sees the whole group */
    if (!win_all_local(w)) {
        win_destroy(w);
        return oml_error(c, MPI_ERR_RMA_SHARED, fn,
                         "the communicator's processes are not all on one node; split it with "
                         "MPI_Comm_split_type(MPI_COMM_TYPE_SHARED) first");
    }
    if ((rc = win_shared(fn, c, w)) != MPI_SUCCESS)
        return rc;
    return win_start(w, baseptr, win);
}

OML_API int PMPI_Win_allocate_shared(MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm,
                                     void *baseptr, MPI_Win *win)
{
    return win_allocate_shared("MPI_Win_allocate_shared", size, disp_unit, info, comm, baseptr,
                               win);
}
OML_ALIAS(Win_allocate_shared)

OML_API int PMPI_Win_allocate_shared_c(MPI_Aint size, MPI_Aint disp_unit, MPI_Info info,
                                       MPI_Comm comm, void *baseptr, MPI_Win *win)
{
    return win_allocate_shared("MPI_Win_allocate_shared_c", size, disp_unit, info, comm, baseptr,
                               win);
}
OML_ALIAS(Win_allocate_shared_c)

OML_API int PMPI_Win_create_dynamic(MPI_Info info, MPI_Comm comm, MPI_Win *win)
{
    static const char fn[] = "MPI_Win_create_dynamic";
    if (win == NULL) {
        OML_CHECK_INIT(fn);
        return oml_error(oml_comm_get(comm), MPI_ERR_ARG, fn, "win is NULL");
    }
    oml_win_t *w;
    int rc = win_new(fn, comm, info, MPI_WIN_FLAVOR_DYNAMIC, 0, 1, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    w->base = MPI_BOTTOM;
    return win_start(w, NULL, win);
}
OML_ALIAS(Win_create_dynamic)

static int win_shared_query(const char *fn, MPI_Win win, int rank, MPI_Aint *size,
                            MPI_Aint *disp_unit, void *baseptr)
{
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (size == NULL || disp_unit == NULL || baseptr == NULL)
        return oml_win_error(w, MPI_ERR_ARG, fn, "size, disp_unit or baseptr is NULL");
    if (w->flavor != MPI_WIN_FLAVOR_SHARED)
        return oml_win_error(w, MPI_ERR_RMA_FLAVOR, fn,
                             "the window was not made by MPI_Win_allocate_shared");
    if (rank != MPI_PROC_NULL && (rank < 0 || rank >= w->size))
        return oml_win_error(w, MPI_ERR_RANK, fn, "rank %d is not in the window's group of %d",
                             rank, w->size);
    if (rank == MPI_PROC_NULL) { /* the first rank with memory */
        rank = 0;
        while (rank < w->size - 1 && w->sizes[rank] == 0)
            rank++;
    }
    *size = w->sizes[rank];
    *disp_unit = w->units[rank];
    *(void **)baseptr =
        w->shm != NULL && w->sizes[rank] > 0 ? (char *)w->shm + w->shm_off[rank] : NULL;
    return MPI_SUCCESS;
}

OML_API int PMPI_Win_shared_query(MPI_Win win, int rank, MPI_Aint *size, int *disp_unit,
                                  void *baseptr)
{
    MPI_Aint unit = 0;
    int rc = win_shared_query("MPI_Win_shared_query", win, rank, size,
                              disp_unit != NULL ? &unit : NULL, baseptr);
    if (rc == MPI_SUCCESS)
        *disp_unit = (int)unit; /* made from an int */
    return rc;
}
OML_ALIAS(Win_shared_query)

OML_API int PMPI_Win_shared_query_c(MPI_Win win, int rank, MPI_Aint *size, MPI_Aint *disp_unit,
                                    void *baseptr)
{
    return win_shared_query("MPI_Win_shared_query_c", win, rank, size, disp_unit, baseptr);
}
OML_ALIAS(Win_shared_query_c)

OML_API int PMPI_Win_attach(MPI_Win win, void *base, MPI_Aint size)
{
    static const char fn[] = "MPI_Win_attach";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (w->flavor != MPI_WIN_FLAVOR_DYNAMIC)
        return oml_win_error(w, MPI_ERR_RMA_FLAVOR, fn,
                             "memory is attached only to windows of MPI_Win_create_dynamic");
    if (size < 0 || (size > 0 && base == NULL))
        return oml_win_error(w, MPI_ERR_ARG, fn, "invalid memory (base %p, size %ld)", base,
                             (long)size);
    rma_region_t *r = malloc(sizeof(*r));
    if (r == NULL)
        return oml_win_error(w, MPI_ERR_NO_MEM, fn, "out of memory");
    *r = (rma_region_t){w->regions, (uintptr_t)base, (size_t)size};
    w->regions = r;
    return MPI_SUCCESS;
}
OML_ALIAS(Win_attach)

OML_API int PMPI_Win_detach(MPI_Win win, const void *base)
{
    static const char fn[] = "MPI_Win_detach";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (w->flavor != MPI_WIN_FLAVOR_DYNAMIC)
        return oml_win_error(w, MPI_ERR_RMA_FLAVOR, fn,
                             "memory is detached only from windows of MPI_Win_create_dynamic");
    for (rma_region_t **p = &w->regions; *p != NULL; p = &(*p)->next) {
        if ((*p)->base == (uintptr_t)base) {
            rma_region_t *r = *p;
            *p = r->next;
            free(r);
            return MPI_SUCCESS;
        }
    }
    return oml_win_error(w, MPI_ERR_RMA_ATTACH, fn, "no memory attached at %p", (void *)base);
}
OML_ALIAS(Win_detach)

/* Is an epoch open on w that MPI_Win_free would cut short? */
static const char *win_open_epoch(const oml_win_t *w)
{
    if (w->lock_all)
        return "an MPI_Win_lock_all epoch is open";
    if (w->naccess >= 0)
        return "an MPI_Win_start epoch is open (call MPI_Win_complete)";
    if (w->exposure >= 0)
        return "an MPI_Win_post epoch is open (call MPI_Win_wait)";
    for (int i = 0; i < w->size; i++) {
        if (w->lock_type[i] != 0)
            return "a lock is held (call MPI_Win_unlock)";
    }
    return NULL;
}

OML_API int PMPI_Win_free(MPI_Win *win)
{
    static const char fn[] = "MPI_Win_free";
    oml_win_t *w;
    if (win == NULL) {
        OML_CHECK_INIT(fn);
        return oml_error(NULL, MPI_ERR_ARG, fn, "win is NULL");
    }
    int rc = oml_win_check(fn, *win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    const char *open = win_open_epoch(w);
    if (open != NULL)
        return oml_win_error(w, MPI_ERR_RMA_SYNC, fn, "%s", open);
    /* every rank's operations on the window have completed once all are here */
    RMA_WAIT_UNTIL(w->nops == 0);
    PMPI_Barrier(w->handle_comm);
    RMA_WAIT_UNTIL(w->fifo == NULL);
    int arc = oml_attr_delete_all(OML_ATTR_WIN, *win, &w->attrs);
    oml_tp_cancel_recv(&w->hreq);
    for (oml_win_t **p = &rma_windows; *p != NULL; p = &(*p)->next) {
        if (*p == w) {
            *p = w->next;
            break;
        }
    }
    if (w->shm != NULL)
        munmap(w->shm, w->shm_len);
    free(w->owned);
    oml_errhandler_release(w->errhandler);
    if (w->info != MPI_INFO_NULL)
        PMPI_Info_free(&w->info);
    win_destroy(w);
    *win = MPI_WIN_NULL;
    if (arc != MPI_SUCCESS)
        return oml_error(NULL, arc, fn, "an attribute delete callback failed");
    return MPI_SUCCESS;
}
OML_ALIAS(Win_free)

/* ---- window properties ---- */

/* The hints a window knows, with their defaults (MPI-4.1 12.2.1); others are ignored. */
static const char *const win_hints[][2] = {
    {"no_locks", "false"},
    {"accumulate_ordering", "rar,raw,war,waw"},
    {"accumulate_ops", "same_op_no_op"},
    {"same_size", "false"},
    {"same_disp_unit", "false"},
    {"alloc_shared_noncontig", "false"},
};

/* Keeps the hints of info that a window knows (none changes what ompi-lite does, but
 * MPI_Win_get_info reports them). */
static int win_info_take(oml_win_t *w, MPI_Info info)
{
    int n = 0;
    if (info != MPI_INFO_NULL)
        PMPI_Info_get_nkeys(info, &n);
    if (n > 0 && w->info == MPI_INFO_NULL)
        PMPI_Info_create(&w->info);
    for (int i = 0; i < n; i++) {
        char key[MPI_MAX_INFO_KEY + 1], val[MPI_MAX_INFO_VAL + 1];
        int len = (int)sizeof(val), flag = 0;
        PMPI_Info_get_nthkey(info, i, key);
        for (size_t k = 0; k < sizeof(win_hints) / sizeof(win_hints[0]); k++) {
            if (strcmp(key, win_hints[k][0]) == 0) {
                PMPI_Info_get_string(info, key, &len, val, &flag);
                if (flag)
                    PMPI_Info_set(w->info, key, val);
            }
        }
    }
    return MPI_SUCCESS;
}

OML_API int PMPI_Win_get_group(MPI_Win win, MPI_Group *group)
{
    static const char fn[] = "MPI_Win_get_group";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (group == NULL)
        return oml_win_error(w, MPI_ERR_ARG, fn, "group is NULL");
    return PMPI_Comm_group(w->handle_comm, group);
}
OML_ALIAS(Win_get_group)

OML_API int PMPI_Win_set_info(MPI_Win win, MPI_Info info)
{
    static const char fn[] = "MPI_Win_set_info";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (!oml_info_valid(info))
        return oml_win_error(w, MPI_ERR_INFO, fn, "invalid info object");
    return win_info_take(w, info);
}
OML_ALIAS(Win_set_info)

OML_API int PMPI_Win_get_info(MPI_Win win, MPI_Info *info_used)
{
    static const char fn[] = "MPI_Win_get_info";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (info_used == NULL)
        return oml_win_error(w, MPI_ERR_ARG, fn, "info_used is NULL");
    /* the defaults, then what was set */
    PMPI_Info_create(info_used);
    for (size_t i = 0; i < sizeof(win_hints) / sizeof(win_hints[0]); i++)
        PMPI_Info_set(*info_used, win_hints[i][0], win_hints[i][1]);
    int n = 0;
    if (w->info != MPI_INFO_NULL)
        PMPI_Info_get_nkeys(w->info, &n);
    for (int i = 0; i < n; i++) {
        char key[MPI_MAX_INFO_KEY + 1], val[MPI_MAX_INFO_VAL + 1];
        int len = (int)sizeof(val), flag = 0;
        PMPI_Info_get_nthkey(w->info, i, key);
        PMPI_Info_get_string(w->info, key, &len, val, &flag);
        if (flag)
            PMPI_Info_set(*info_used, key, val);
    }
    return MPI_SUCCESS;
}
OML_ALIAS(Win_get_info)

OML_API int PMPI_Win_set_name(MPI_Win win, const char *win_name)
{
    static const char fn[] = "MPI_Win_set_name";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (win_name == NULL)
        return oml_win_error(w, MPI_ERR_ARG, fn, "win_name is NULL");
    snprintf(w->name, sizeof(w->name), "%s", win_name);
    return MPI_SUCCESS;
}
OML_ALIAS(Win_set_name)

OML_API int PMPI_Win_get_name(MPI_Win win, char *win_name, int *resultlen)
{
    static const char fn[] = "MPI_Win_get_name";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (win_name == NULL || resultlen == NULL)
        return oml_win_error(w, MPI_ERR_ARG, fn, "win_name or resultlen is NULL");
    snprintf(win_name, MPI_MAX_OBJECT_NAME, "%s", w->name);
    *resultlen = (int)strlen(win_name);
    return MPI_SUCCESS;
}
OML_ALIAS(Win_get_name)

OML_API int PMPI_Win_create_errhandler(MPI_Win_errhandler_function *win_errhandler_fn,
                                       MPI_Errhandler *errhandler)
{
    return oml_errhandler_new("MPI_Win_create_errhandler", OML_FH_WIN,
                              (MPI_Comm_errhandler_function *)win_errhandler_fn, false, errhandler);
}
OML_ALIAS(Win_create_errhandler)

OML_API int PMPI_Win_set_errhandler(MPI_Win win, MPI_Errhandler errhandler)
{
    static const char fn[] = "MPI_Win_set_errhandler";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (!oml_errhandler_valid_for(errhandler, OML_FH_WIN))
        return oml_win_error(w, MPI_ERR_ARG, fn,
                             "invalid error handler (or one made for communicators)");
    oml_errhandler_retain(errhandler);
    oml_errhandler_release(w->errhandler);
    w->errhandler = errhandler;
    return MPI_SUCCESS;
}
OML_ALIAS(Win_set_errhandler)

OML_API int PMPI_Win_get_errhandler(MPI_Win win, MPI_Errhandler *errhandler)
{
    static const char fn[] = "MPI_Win_get_errhandler";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (errhandler == NULL)
        return oml_win_error(w, MPI_ERR_ARG, fn, "errhandler is NULL");
    oml_errhandler_retain(w->errhandler);
    *errhandler = w->errhandler;
    return MPI_SUCCESS;
}
OML_ALIAS(Win_get_errhandler)

OML_API int PMPI_Win_call_errhandler(MPI_Win win, int errorcode)
{
    static const char fn[] = "MPI_Win_call_errhandler";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_win_error(w, errorcode, fn, "error code %d raised by the application", errorcode);
    return MPI_SUCCESS;
}
OML_ALIAS(Win_call_errhandler)

/* ---- communication ---- */

/* May this rank access target now (an epoch of some kind covers it)? */
static bool rma_epoch_covers(const oml_win_t *w, int target)
{
    return w->fence_open || w->lock_all || w->lock_type[target] != 0 ||
           (w->naccess >= 0 && w->in_access[target]);
}

static void rma_touch(oml_win_t *w, int target)
{
    if (!w->touched[target]) {
        w->touched[target] = true;
        w->touched_list[w->ntouched++] = target;
    }
}

/* What one data-moving call asks for. */
typedef struct rma_call {
    const char *fn;
    int kind;
    const void *oaddr;
    size_t ocount;
    MPI_Datatype odt;
    void *raddr;
    size_t rcount;
    MPI_Datatype rdt;
    int target;
    MPI_Aint tdisp;
    size_t tcount;
    MPI_Datatype tdt;
    MPI_Op op;
    const void *compare;
    MPI_Request *request;
} rma_call_t;

static int rma_type(oml_win_t *w, const char *fn, const char *what, MPI_Datatype dt,
                    oml_dtype_t **d_p)
{
    *d_p = oml_dtype_get(dt);
    if (*d_p == NULL)
        return oml_win_error(w, MPI_ERR_TYPE, fn, "invalid %s datatype", what);
    if (!(*d_p)->committed)
        return oml_win_error(w, MPI_ERR_TYPE, fn, "the %s datatype is not committed", what);
    return MPI_SUCCESS;
}

/* The checks of a data-moving call; *skip for MPI_PROC_NULL targets. */
static int rma_check(oml_win_t *w, const rma_call_t *a, oml_dtype_t **od, oml_dtype_t **rd,
                     oml_dtype_t **td, bool *skip)
{
    const char *fn = a->fn;
    int rc;
    *skip = a->target == MPI_PROC_NULL;
    if (!*skip && (a->target < 0 || a->target >= w->size))
        return oml_win_error(w, MPI_ERR_RANK, fn,
                             "target_rank %d is not in the window's group of %d", a->target,
                             w->size);
    bool uses_origin = a->kind != RMA_GET && !(a->kind == RMA_GACC && a->op == MPI_NO_OP);
    bool uses_result = a->kind == RMA_GET || a->kind == RMA_GACC || a->kind == RMA_CAS;
    if (a->kind == RMA_GET) {
        *od = NULL;
        if ((rc = rma_type(w, fn, "origin", a->odt, rd)) != MPI_SUCCESS)
            return rc;
    } else {
        if ((rc = rma_type(w, fn, "origin", a->odt, od)) != MPI_SUCCESS)
            return rc;
        *rd = NULL;
        if (uses_result && (rc = rma_type(w, fn, "result", a->rdt, rd)) != MPI_SUCCESS)
            return rc;
    }
    if ((rc = rma_type(w, fn, "target", a->tdt, td)) != MPI_SUCCESS)
        return rc;
    if (*skip)
        return MPI_SUCCESS;
    if (!rma_epoch_covers(w, a->target))
        return oml_win_error(w, MPI_ERR_RMA_SYNC, fn,
                             "no access epoch covers target %d: open one with MPI_Win_fence, "
                             "MPI_Win_lock(_all) or MPI_Win_start first",
                             a->target);
    size_t tbytes = a->tcount * (*td)->size;
    size_t obytes = *od != NULL && uses_origin ? a->ocount * (*od)->size : 0;
    size_t rbytes = *rd != NULL && uses_result ? a->rcount * (*rd)->size : 0;
    if (tbytes == 0 && obytes == 0 && rbytes == 0 && a->kind != RMA_CAS) {
        *skip = true; /* nothing moves: no element type to agree on */
        return MPI_SUCCESS;
    }
    if (a->kind == RMA_PUT || a->kind == RMA_GET) {
        oml_dtype_t *d = a->kind == RMA_PUT ? *od : *rd;
        size_t n = a->kind == RMA_PUT ? a->ocount : a->rcount;
        if (n * d->size != tbytes)
            return oml_win_error(w, MPI_ERR_TYPE, fn,
                                 "the origin has %zu bytes of data, the target layout %zu",
                                 n * d->size, tbytes);
    } else {
        MPI_Datatype basic = (*td)->basic;
        if (basic == MPI_DATATYPE_NULL)
            return oml_win_error(w, MPI_ERR_TYPE, fn,
                                 "the target datatype must be made of one predefined datatype");
        if (uses_origin && ((*od)->basic != basic || a->ocount * (*od)->size != tbytes))
            return oml_win_error(w, MPI_ERR_TYPE, fn,
                                 "origin and target must hold as many elements of one predefined "
                                 "datatype (origin: %zu bytes, target: %zu)",
                                 a->ocount * (*od)->size, tbytes);
        if (uses_result && ((*rd)->basic != basic || a->rcount * (*rd)->size != tbytes))
            return oml_win_error(w, MPI_ERR_TYPE, fn,
                                 "result and target must hold as many elements of one predefined "
                                 "datatype (result: %zu bytes, target: %zu)",
                                 a->rcount * (*rd)->size, tbytes);
        if (a->kind != RMA_CAS && a->op != MPI_REPLACE && a->op != MPI_NO_OP) {
            if ((uintptr_t)a->op >= OML_HANDLE_PREDEFINED_MAX)
                return oml_win_error(w, MPI_ERR_OP, fn,
                                     "one-sided accumulates take predefined operations, "
                                     "MPI_REPLACE and MPI_NO_OP only, not user-defined ones");
            const char *why = oml_op_undefined(a->op, oml_dtype_get(basic));
            if (why != NULL)
                return oml_win_error(w, MPI_ERR_OP, fn, "%s", why);
        }
    }
    /* the target's bounds, known here for every flavor but dynamic */
    if (w->flavor != MPI_WIN_FLAVOR_DYNAMIC && tbytes > 0) {
        int64_t lo, hi;
        layout_span(a->tcount, (*td)->size, oml_dt_extent(*td), (*td)->true_lb, (*td)->true_ub, &lo,
                    &hi);
        int64_t off = (int64_t)a->tdisp * w->units[a->target];
        if (a->tdisp < 0 || off + lo < 0 || off + hi > (int64_t)w->sizes[a->target])
            return oml_win_error(w, MPI_ERR_RMA_RANGE, fn,
                                 "target_disp %ld and the target layout address bytes [%lld, %lld) "
                                 "of rank %d's window of %ld bytes",
                                 (long)a->tdisp, (long long)(off + lo), (long long)(off + hi),
                                 a->target, (long)w->sizes[a->target]);
    }
    return MPI_SUCCESS;
}

static int rma_request_out(oml_win_t *w, const rma_call_t *a, oml_request_t **r_p)
{
    *r_p = NULL;
    if (a->request == NULL)
        return MPI_SUCCESS;
    *r_p = oml_request_pending(w->comm);
    if (*r_p == NULL)
        return oml_win_error(w, MPI_ERR_NO_MEM, a->fn, "out of memory");
    *a->request = (MPI_Request)*r_p;
    return MPI_SUCCESS;
}

/* An operation on this rank's own window, or on a shared segment's: applied at once. */
static int rma_local(oml_win_t *w, const rma_call_t *a, oml_dtype_t *od, oml_dtype_t *rd,
                     oml_dtype_t *td, oml_request_t *req)
{
    size_t tbytes = a->tcount * td->size;
    int64_t off = (int64_t)a->tdisp * w->units[a->target];
    unsigned char *taddr = w->flavor == MPI_WIN_FLAVOR_DYNAMIC ? (unsigned char *)(intptr_t)a->tdisp
                           : w->direct ? (unsigned char *)w->shm + w->shm_off[a->target] + off
                                       : (unsigned char *)w->base + off;
    void *data = NULL, *result = NULL, *dtmp = NULL, *rtmp = NULL;
    size_t len = 0;
    /* a put or accumulate from a contiguous buffer, a get into one: no staging copy, unless the
     * two ranges overlap */
    const unsigned char *tlo = taddr + td->true_lb, *thi = tlo + tbytes;
    if (od != NULL && a->kind != RMA_GET && !(a->kind == RMA_GACC && a->op == MPI_NO_OP)) {
        len = a->kind == RMA_CAS ? 2 * td->size : tbytes;
        const unsigned char *o = (const unsigned char *)a->oaddr + od->true_lb;
        if ((a->kind == RMA_PUT || a->kind == RMA_ACC) && od->contig && td->contig &&
            (o + len <= tlo || o >= thi)) {
            data = (void *)o;
        } else {
            if ((data = dtmp = malloc(len > 0 ? len : 1)) == NULL)
                return oml_win_error(w, MPI_ERR_NO_MEM, a->fn, "out of memory");
            oml_dt_pack(od, a->oaddr, a->kind == RMA_CAS ? 1 : a->ocount, data);
            if (a->kind == RMA_CAS)
                oml_dt_pack(od, a->compare, 1, (char *)data + td->size);
        }
    }
    size_t rlen = rd != NULL ? tbytes : 0;
    unsigned char *r = rd != NULL ? (unsigned char *)a->raddr + rd->true_lb : NULL;
    if (rlen > 0 && a->kind == RMA_GET && rd->contig && (r + rlen <= tlo || r >= thi)) {
        result = r;
    } else if (rlen > 0 && (result = rtmp = malloc(rlen)) == NULL) {
        free(dtmp);
        return oml_win_error(w, MPI_ERR_NO_MEM, a->fn, "out of memory");
    }
    /* in a shared segment every rank accumulates itself: a lock per target keeps them atomic */
    uint32_t *lock = w->direct && a->kind != RMA_PUT && a->kind != RMA_GET
                         ? &w->shm_locks[(size_t)a->target * (RMA_LINE / sizeof(uint32_t))]
                         : NULL;
    if (lock != NULL) {
        while (__atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE) != 0) {
            while (__atomic_load_n(lock, __ATOMIC_RELAXED) != 0) {
                if (oml_tp_yields())
                    sched_yield();
            }
        }
    }
    rma_apply(a->kind, taddr, td, a->tcount, data, len, a->op, td->basic, result, rlen);
    if (lock != NULL)
        __atomic_store_n(lock, 0, __ATOMIC_RELEASE);
    if (rtmp != NULL)
        oml_dt_unpack(rd, a->raddr, a->rcount, rtmp, rlen);
    free(dtmp);
    free(rtmp);
    if (req != NULL)
        req->tp.complete = 1;
    return MPI_SUCCESS;
}

static int rma_start(rma_call_t *a, MPI_Win win)
{
    oml_win_t *w;
    int rc = oml_win_check(a->fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_dtype_t *od, *rd, *td;
    bool skip;
    if ((rc = rma_check(w, a, &od, &rd, &td, &skip)) != MPI_SUCCESS)
        return rc;
    oml_request_t *req;
    if ((rc = rma_request_out(w, a, &req)) != MPI_SUCCESS)
        return rc;
    if (skip) {
        if (req != NULL)
            req->tp.complete = 1;
        return MPI_SUCCESS;
    }
    if (a->target == w->rank || w->direct)
        return rma_local(w, a, od, rd, td, req);

    size_t tbytes = a->tcount * td->size;
    rma_op_t *op = op_new(a->target);
    if (op == NULL)
        return oml_win_error(w, MPI_ERR_NO_MEM, a->fn, "out of memory");
    op->req = req;
    rma_hdr_t h = {0};
    h.kind = (uint8_t)a->kind;
    h.tcontig = td->contig;
    h.nsegs = td->contig ? 0 : (uint32_t)td->nsegs;
    h.op = (int32_t)(intptr_t)a->op;
    h.basic = (int32_t)(intptr_t)td->basic;
    h.off = w->flavor == MPI_WIN_FLAVOR_DYNAMIC
                ? (uint64_t)a->tdisp
                : (uint64_t)a->tdisp * (uint64_t)w->units[a->target];
    h.tcount = a->tcount;
    h.tsize = td->size;
    h.text = oml_dt_extent(td);
    h.ttrue_lb = td->true_lb;
    h.ttrue_ub = td->true_ub;
    /* the origin's data, as it is sent */
    bool with_data = a->kind != RMA_GET && !(a->kind == RMA_GACC && a->op == MPI_NO_OP);
    int drc = MPI_SUCCESS;
    if (with_data && a->kind == RMA_CAS) {
        op->sdb.tmp = malloc(2 * td->size);
        if (op->sdb.tmp != NULL) {
            oml_dt_pack(od, a->oaddr, 1, op->sdb.tmp);
            oml_dt_pack(od, a->compare, 1, (char *)op->sdb.tmp + td->size);
            op->sdb.ptr = op->sdb.tmp;
            op->sdb.len = 2 * td->size;
        } else {
            drc = MPI_ERR_NO_MEM;
        }
    } else if (with_data) {
        drc = oml_dbuf_send(&op->sdb, od, a->oaddr, a->ocount);
    }
    h.len = with_data ? op->sdb.len : 0;
    /* the reply */
    if (drc == MPI_SUCCESS && rd != NULL) {
        h.rlen = tbytes;
        h.reply_tag = RMA_TAG_REPLY0 + (w->serial++ % RMA_REPLY_TAGS);
        drc = oml_dbuf_recv(&op->rdb, rd, a->raddr, a->rcount);
        if (drc == MPI_SUCCESS) {
            op->reply = true;
            op->rdt = rd;
            oml_dtype_retain(rd);
            op->raddr = a->raddr;
            op->rcount = a->rcount;
            oml_tp_irecv(&op->rreq, op->rdb.ptr, tbytes, a->target, (int)h.reply_tag,
                         &w->comm->pt2pt);
        }
    }
    size_t seg_bytes = h.nsegs * sizeof(oml_dt_seg_t);
    size_t total = sizeof(h) + seg_bytes + h.len;
    h.inl = total <= RMA_HBUF;
    op->hbuf = drc == MPI_SUCCESS ? malloc(h.inl ? total : sizeof(h)) : NULL;
    if (op->hbuf == NULL || (!h.inl && seg_bytes > 0 && (op->tmp = malloc(seg_bytes)) == NULL)) {
        if (op->reply)
            oml_tp_cancel_recv(&op->rreq), oml_dtype_release(rd), oml_dbuf_free(&op->rdb);
        oml_dbuf_free(&op->sdb);
        free(op->hbuf);
        free(op);
        return oml_win_error(w, MPI_ERR_NO_MEM, a->fn, "out of memory");
    }
    memcpy(op->hbuf, &h, sizeof(h));
    const oml_tp_comm_t *pc = &w->comm->pt2pt;
    if (h.inl) {
        if (seg_bytes > 0)
            memcpy((char *)op->hbuf + sizeof(h), td->segs, seg_bytes);
        if (h.len > 0)
            memcpy((char *)op->hbuf + sizeof(h) + seg_bytes, op->sdb.ptr, h.len);
        oml_tp_isend(&op->sreq[op->nsreq++], op->hbuf, total, a->target, RMA_TAG_HDR, pc);
    } else {
        oml_tp_isend(&op->sreq[op->nsreq++], op->hbuf, sizeof(h), a->target, RMA_TAG_HDR, pc);
        if (seg_bytes > 0) {
            memcpy(op->tmp, td->segs, seg_bytes);
            oml_tp_isend(&op->sreq[op->nsreq++], op->tmp, seg_bytes, a->target, RMA_TAG_DATA, pc);
        }
        if (h.len > 0)
            oml_tp_isend(&op->sreq[op->nsreq++], op->sdb.ptr, h.len, a->target, RMA_TAG_DATA, pc);
    }
    op_track(w, op);
    rma_touch(w, a->target);
    return MPI_SUCCESS;
}

/* Every data-moving call: its arguments checked and the operation started (nb: a request-based
 * call, whose request must be given). */
static int rma_call(const char *fn, int kind, bool nb, const void *origin_addr,
                    MPI_Count origin_count, MPI_Datatype origin_datatype, void *result_addr,
                    MPI_Count result_count, MPI_Datatype result_datatype, int target_rank,
                    MPI_Aint target_disp, MPI_Count target_count, MPI_Datatype target_datatype,
                    MPI_Op op, MPI_Win win, MPI_Request *request)
{
    OML_CHECK_INIT(fn);
    if (nb && request == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "request is NULL");
    if (kind == RMA_ACC && op == MPI_NO_OP)
        return oml_error(NULL, MPI_ERR_OP, fn,
                         "MPI_NO_OP is for MPI_Get_accumulate, MPI_Rget_accumulate and "
                         "MPI_Fetch_and_op");
    if (origin_count < 0 || target_count < 0 || result_count < 0)
        return oml_error(NULL, MPI_ERR_COUNT, fn, "negative count");
    rma_call_t a = {.fn = fn,
                    .kind = kind,
                    .oaddr = origin_addr,
                    .ocount = (size_t)origin_count,
                    .odt = op == MPI_NO_OP && kind == RMA_GACC ? target_datatype : origin_datatype,
                    .raddr = result_addr,
                    .rcount = (size_t)result_count,
                    .rdt = result_datatype,
                    .target = target_rank,
                    .tdisp = target_disp,
                    .tcount = (size_t)target_count,
                    .tdt = target_datatype,
                    .op = op,
                    .request = request};
    return rma_start(&a, win);
}

/*
 * The calls and their large-count twins. A put and an accumulate send the origin buffer; a get
 * is an operation whose origin buffer is where the result goes (checked as the origin's).
 */
#define RMA_PUT_LIKE(Name, kind, nb, op_arg, ...)                                                  \
    rma_call("MPI_" #Name, kind, nb, origin_addr, origin_count, origin_datatype, NULL, 0,          \
             MPI_DATATYPE_NULL, target_rank, target_disp, target_count, target_datatype, op_arg,   \
             win, __VA_ARGS__)
#define RMA_GET_LIKE(Name, nb, ...)                                                                \
    rma_call("MPI_" #Name, RMA_GET, nb, NULL, 0, origin_datatype, origin_addr, origin_count,       \
             origin_datatype, target_rank, target_disp, target_count, target_datatype, MPI_NO_OP,  \
             win, __VA_ARGS__)
#define RMA_GACC_LIKE(Name, nb, ...)                                                               \
    rma_call("MPI_" #Name, RMA_GACC, nb, origin_addr, origin_count, origin_datatype, result_addr,  \
             result_count, result_datatype, target_rank, target_disp, target_count,                \
             target_datatype, op, win, __VA_ARGS__)

#define RMA_PUT_API(Name, RName, CountT)                                                           \
    OML_API int PMPI_##Name(const void *origin_addr, CountT origin_count,                          \
                            MPI_Datatype origin_datatype, int target_rank, MPI_Aint target_disp,   \
                            CountT target_count, MPI_Datatype target_datatype, MPI_Win win)        \
    {                                                                                              \
        return RMA_PUT_LIKE(Name, RMA_PUT, false, MPI_REPLACE, NULL);                              \
    }                                                                                              \
    OML_ALIAS(Name)                                                                                \
    OML_API int PMPI_##RName(const void *origin_addr, CountT origin_count,                         \
                             MPI_Datatype origin_datatype, int target_rank, MPI_Aint target_disp,  \
                             CountT target_count, MPI_Datatype target_datatype, MPI_Win win,       \
                             MPI_Request *request)                                                 \
    {                                                                                              \
        return RMA_PUT_LIKE(RName, RMA_PUT, true, MPI_REPLACE, request);                           \
    }                                                                                              \
    OML_ALIAS(RName)

#define RMA_GET_API(Name, RName, CountT)                                                           \
    OML_API int PMPI_##Name(void *origin_addr, CountT origin_count, MPI_Datatype origin_datatype,  \
                            int target_rank, MPI_Aint target_disp, CountT target_count,            \
                            MPI_Datatype target_datatype, MPI_Win win)                             \
    {                                                                                              \
        return RMA_GET_LIKE(Name, false, NULL);                                                    \
    }                                                                                              \
    OML_ALIAS(Name)                                                                                \
    OML_API int PMPI_##RName(void *origin_addr, CountT origin_count, MPI_Datatype origin_datatype, \
                             int target_rank, MPI_Aint target_disp, CountT target_count,           \
                             MPI_Datatype target_datatype, MPI_Win win, MPI_Request *request)      \
    {                                                                                              \
        return RMA_GET_LIKE(RName, true, request);                                                 \
    }                                                                                              \
    OML_ALIAS(RName)

#define RMA_ACC_API(Name, RName, CountT)                                                           \
    OML_API int PMPI_##Name(const void *origin_addr, CountT origin_count,                          \
                            MPI_Datatype origin_datatype, int target_rank, MPI_Aint target_disp,   \
                            CountT target_count, MPI_Datatype target_datatype, MPI_Op op,          \
                            MPI_Win win)                                                           \
    {                                                                                              \
        return RMA_PUT_LIKE(Name, RMA_ACC, false, op, NULL);                                       \
    }                                                                                              \
    OML_ALIAS(Name)                                                                                \
    OML_API int PMPI_##RName(const void *origin_addr, CountT origin_count,                         \
                             MPI_Datatype origin_datatype, int target_rank, MPI_Aint target_disp,  \
                             CountT target_count, MPI_Datatype target_datatype, MPI_Op op,         \
                             MPI_Win win, MPI_Request *request)                                    \
    {                                                                                              \
        return RMA_PUT_LIKE(RName, RMA_ACC, true, op, request);                                    \
    }                                                                                              \
    OML_ALIAS(RName)

#define RMA_GACC_API(Name, RName, CountT)                                                          \
    OML_API int PMPI_##Name(const void *origin_addr, CountT origin_count,                          \
                            MPI_Datatype origin_datatype, void *result_addr, CountT result_count,  \
                            MPI_Datatype result_datatype, int target_rank, MPI_Aint target_disp,   \
                            CountT target_count, MPI_Datatype target_datatype, MPI_Op op,          \
                            MPI_Win win)                                                           \
    {                                                                                              \
        return RMA_GACC_LIKE(Name, false, NULL);                                                   \
    }                                                                                              \
    OML_ALIAS(Name)                                                                                \
    OML_API int PMPI_##RName(const void *origin_addr, CountT origin_count,                         \
                             MPI_Datatype origin_datatype, void *result_addr, CountT result_count, \
                             MPI_Datatype result_datatype, int target_rank, MPI_Aint target_disp,  \
                             CountT target_count, MPI_Datatype target_datatype, MPI_Op op,         \
                             MPI_Win win, MPI_Request *request)                                    \
    {                                                                                              \
        return RMA_GACC_LIKE(RName, true, request);                                                \
    }                                                                                              \
    OML_ALIAS(RName)

RMA_PUT_API(Put, Rput, int)
RMA_PUT_API(Put_c, Rput_c, MPI_Count)
RMA_GET_API(Get, Rget, int)
RMA_GET_API(Get_c, Rget_c, MPI_Count)
RMA_ACC_API(Accumulate, Raccumulate, int)
RMA_ACC_API(Accumulate_c, Raccumulate_c, MPI_Count)
RMA_GACC_API(Get_accumulate, Rget_accumulate, int)
RMA_GACC_API(Get_accumulate_c, Rget_accumulate_c, MPI_Count)

OML_API int PMPI_Fetch_and_op(const void *origin_addr, void *result_addr, MPI_Datatype datatype,
                              int target_rank, MPI_Aint target_disp, MPI_Op op, MPI_Win win)
{
    return rma_call("MPI_Fetch_and_op", RMA_GACC, false, origin_addr, 1, datatype, result_addr, 1,
                    datatype, target_rank, target_disp, 1, datatype, op, win, NULL);
}
OML_ALIAS(Fetch_and_op)

OML_API int PMPI_Compare_and_swap(const void *origin_addr, const void *compare_addr,
                                  void *result_addr, MPI_Datatype datatype, int target_rank,
                                  MPI_Aint target_disp, MPI_Win win)
{
    static const char fn[] = "MPI_Compare_and_swap";
    OML_CHECK_INIT(fn);
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_dtype_t *d = oml_dtype_get(datatype);
    if (d == NULL || !d->predefined)
        return oml_win_error(w, MPI_ERR_TYPE, fn, "the datatype must be a predefined one");
    /* integer, logical, byte (and character, as in MPICH) types: no reals, complex or pairs */
    if (!(d->kind < OML_K_FLOAT || (d->kind >= OML_K_BOOL && d->kind <= OML_K_LOGICAL8)))
        return oml_win_error(w, MPI_ERR_TYPE, fn,
                             "compare-and-swap takes integer, logical or byte types only");
    rma_call_t a = {.fn = fn,
                    .kind = RMA_CAS,
                    .oaddr = origin_addr,
                    .ocount = 1,
                    .odt = datatype,
                    .raddr = result_addr,
                    .rcount = 1,
                    .rdt = datatype,
                    .target = target_rank,
                    .tdisp = target_disp,
                    .tcount = 1,
                    .tdt = datatype,
                    .op = MPI_REPLACE,
                    .compare = compare_addr};
    return rma_start(&a, win);
}
OML_ALIAS(Compare_and_swap)

/* ---- synchronisation ---- */

/* Asks target to acknowledge once this rank's operations on it are done (in its FIFO). */
static int rma_flush_send(oml_win_t *w, int target, int kind)
{
    int rc = rma_ctrl(w, target, kind, false);
    if (rc == MPI_SUCCESS)
        w->acks[target]++;
    return rc;
}

static void rma_untouch(oml_win_t *w, int target)
{
    if (!w->touched[target])
        return;
    w->touched[target] = false;
    for (int i = 0; i < w->ntouched; i++) {
        if (w->touched_list[i] == target) {
            w->touched_list[i] = w->touched_list[--w->ntouched];
            break;
        }
    }
}

/*
 * Whether no operation of this rank is in flight and no FLUSH or UNLOCK awaits its ACK: one
 * wait for all targets (a wait per target drove one progress pass per rank of the window).
 */
static bool rma_all_done(const oml_win_t *w)
{
    if (w->nops != 0)
        return false;
    for (int t = 0; t < w->size; t++) {
        if (w->acks[t] != 0)
            return false;
    }
    return true;
}

/* Completes this rank's operations on every target it used, remotely. */
static int rma_flush_all(oml_win_t *w, const char *fn)
{
    for (int i = 0; i < w->ntouched; i++) {
        int t = w->touched_list[i];
        w->touched[t] = false;
        if (rma_flush_send(w, t, RMA_FLUSH) != MPI_SUCCESS)
            return oml_win_error(w, MPI_ERR_NO_MEM, fn, "out of memory");
    }
    w->ntouched = 0;
    RMA_WAIT_UNTIL(rma_all_done(w));
    return MPI_SUCCESS;
}

OML_API int PMPI_Win_fence(int assert, MPI_Win win)
{
    static const char fn[] = "MPI_Win_fence";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (w->lock_all || w->naccess >= 0 || w->exposure >= 0)
        return oml_win_error(w, MPI_ERR_RMA_SYNC, fn,
                             "a lock_all, start or post epoch is open on the window");
    if ((rc = rma_flush_all(w, fn)) != MPI_SUCCESS)
        return rc;
    /* every rank's operations on this rank's memory are done once all are here */
    PMPI_Barrier(w->handle_comm);
    w->fence_open = !(assert &MPI_MODE_NOSUCCEED);
    return MPI_SUCCESS;
}
OML_ALIAS(Win_fence)

static int lock_check(oml_win_t *w, const char *fn, int rank)
{
    if (rank < 0 || rank >= w->size)
        return oml_win_error(w, MPI_ERR_RANK, fn, "rank %d is not in the window's group of %d",
                             rank, w->size);
    return MPI_SUCCESS;
}

/* Takes the lock of target (a LOCK / GRANT round trip, or the local lock manager). */
static void lock_acquire(oml_win_t *w, int target, bool shared)
{
    if (target == w->rank)
        lock_request(w, target, shared);
    else if (rma_ctrl(w, target, RMA_LOCK, shared) != MPI_SUCCESS)
        oml_rt_abort(MPI_ERR_NO_MEM, "one-sided lock request: out of memory");
}

OML_API int PMPI_Win_lock(int lock_type, int rank, int assert, MPI_Win win)
{
    static const char fn[] = "MPI_Win_lock";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS || rank == MPI_PROC_NULL)
        return rc;
    if ((rc = lock_check(w, fn, rank)) != MPI_SUCCESS)
        return rc;
    if (lock_type != MPI_LOCK_SHARED && lock_type != MPI_LOCK_EXCLUSIVE)
        return oml_win_error(w, MPI_ERR_LOCKTYPE, fn,
                             "lock_type %d is neither MPI_LOCK_SHARED nor MPI_LOCK_EXCLUSIVE",
                             lock_type);
    if (w->lock_type[rank] != 0 || w->lock_all)
        return oml_win_error(w, MPI_ERR_RMA_SYNC, fn, "rank %d's window is locked already", rank);
    if (w->naccess >= 0)
        return oml_win_error(w, MPI_ERR_RMA_SYNC, fn, "an MPI_Win_start epoch is open");
    /* a fence's epoch ends at a lock (the fence before it need not say MPI_MODE_NOSUCCEED) */
    w->fence_open = false;
    w->lock_nocheck[rank] = (assert &MPI_MODE_NOCHECK) != 0;
    if (!w->lock_nocheck[rank]) {
        lock_acquire(w, rank, lock_type == MPI_LOCK_SHARED);
        RMA_WAIT_UNTIL(w->granted[rank]);
        w->granted[rank] = false;
    }
    w->lock_type[rank] = lock_type;
    return MPI_SUCCESS;
}
OML_ALIAS(Win_lock)

/* Ends the lock on target: its operations done remotely, the lock released. */
static int lock_end(oml_win_t *w, const char *fn, int target, bool nocheck)
{
    rma_untouch(w, target);
    if (target == w->rank) {
        RMA_WAIT_UNTIL(w->pending[target] == 0);
        if (!nocheck)
            lock_release(w, target);
        return MPI_SUCCESS;
    }
    if (rma_flush_send(w, target, nocheck ? RMA_FLUSH : RMA_UNLOCK) != MPI_SUCCESS)
        return oml_win_error(w, MPI_ERR_NO_MEM, fn, "out of memory");
    return MPI_SUCCESS;
}

OML_API int PMPI_Win_unlock(int rank, MPI_Win win)
{
    static const char fn[] = "MPI_Win_unlock";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS || rank == MPI_PROC_NULL)
        return rc;
    if ((rc = lock_check(w, fn, rank)) != MPI_SUCCESS)
        return rc;
    if (w->lock_type[rank] == 0)
        return oml_win_error(w, MPI_ERR_RMA_SYNC, fn, "rank %d's window is not locked", rank);
    if ((rc = lock_end(w, fn, rank, w->lock_nocheck[rank])) != MPI_SUCCESS)
        return rc;
    RMA_WAIT_UNTIL(w->acks[rank] == 0 && w->pending[rank] == 0);
    w->lock_type[rank] = 0;
    return MPI_SUCCESS;
}
OML_ALIAS(Win_unlock)

OML_API int PMPI_Win_lock_all(int assert, MPI_Win win)
{
    static const char fn[] = "MPI_Win_lock_all";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (w->lock_all || w->naccess >= 0)
        return oml_win_error(w, MPI_ERR_RMA_SYNC, fn, "an epoch is open on the window already");
    w->fence_open = false;
    for (int t = 0; t < w->size; t++) {
        if (w->lock_type[t] != 0)
            return oml_win_error(w, MPI_ERR_RMA_SYNC, fn, "rank %d's window is locked already", t);
    }
    w->lock_all_nocheck = (assert &MPI_MODE_NOCHECK) != 0;
    if (!w->lock_all_nocheck) {
        for (int t = 0; t < w->size; t++)
            lock_acquire(w, t, true);
        for (int t = 0; t < w->size; t++) {
            RMA_WAIT_UNTIL(w->granted[t]);
            w->granted[t] = false;
        }
    }
    w->lock_all = true;
    return MPI_SUCCESS;
}
OML_ALIAS(Win_lock_all)

OML_API int PMPI_Win_unlock_all(MPI_Win win)
{
    static const char fn[] = "MPI_Win_unlock_all";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (!w->lock_all)
        return oml_win_error(w, MPI_ERR_RMA_SYNC, fn, "no MPI_Win_lock_all epoch is open");
    if (w->lock_all_nocheck) {
        if ((rc = rma_flush_all(w, fn)) != MPI_SUCCESS)
            return rc;
    } else {
        for (int t = 0; t < w->size; t++) {
            if ((rc = lock_end(w, fn, t, false)) != MPI_SUCCESS)
                return rc;
        }
        RMA_WAIT_UNTIL(rma_all_done(w));
    }
    w->lock_all = false;
    return MPI_SUCCESS;
}
OML_ALIAS(Win_unlock_all)

/* The flush calls: within a passive-target epoch. */
static int flush_args(const char *fn, MPI_Win win, int rank, bool all, oml_win_t **w_p)
{
    int rc = oml_win_check(fn, win, w_p);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_win_t *w = *w_p;
    if (!all && (rc = lock_check(w, fn, rank)) != MPI_SUCCESS)
        return rc;
    bool locked = w->lock_all;
    for (int t = 0; t < w->size && !locked; t++)
        locked = w->lock_type[t] != 0 && (all || t == rank);
    if (!locked)
        return oml_win_error(w, MPI_ERR_RMA_SYNC, fn,
                             "no passive-target epoch (MPI_Win_lock or MPI_Win_lock_all) is open%s",
                             all ? "" : " on that rank");
    return MPI_SUCCESS;
}

OML_API int PMPI_Win_flush(int rank, MPI_Win win)
{
    static const char fn[] = "MPI_Win_flush";
    oml_win_t *w;
    if (rank == MPI_PROC_NULL)
        return oml_win_check(fn, win, &w);
    int rc = flush_args(fn, win, rank, false, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (w->touched[rank]) {
        rma_untouch(w, rank);
        if (rank != w->rank && rma_flush_send(w, rank, RMA_FLUSH) != MPI_SUCCESS)
            return oml_win_error(w, MPI_ERR_NO_MEM, fn, "out of memory");
    }
    RMA_WAIT_UNTIL(w->acks[rank] == 0 && w->pending[rank] == 0);
    return MPI_SUCCESS;
}
OML_ALIAS(Win_flush)

OML_API int PMPI_Win_flush_all(MPI_Win win)
{
    static const char fn[] = "MPI_Win_flush_all";
    oml_win_t *w;
    int rc = flush_args(fn, win, 0, true, &w);
    return rc != MPI_SUCCESS ? rc : rma_flush_all(w, fn);
}
OML_ALIAS(Win_flush_all)

/* Local completion: the origin buffers may be reused, the results are there. */
OML_API int PMPI_Win_flush_local(int rank, MPI_Win win)
{
    static const char fn[] = "MPI_Win_flush_local";
    oml_win_t *w;
    if (rank == MPI_PROC_NULL)
        return oml_win_check(fn, win, &w);
    int rc = flush_args(fn, win, rank, false, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    RMA_WAIT_UNTIL(w->pending[rank] == 0);
    return MPI_SUCCESS;
}
OML_ALIAS(Win_flush_local)

OML_API int PMPI_Win_flush_local_all(MPI_Win win)
{
    static const char fn[] = "MPI_Win_flush_local_all";
    oml_win_t *w;
    int rc = flush_args(fn, win, 0, true, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    RMA_WAIT_UNTIL(w->nops == 0);
    return MPI_SUCCESS;
}
OML_ALIAS(Win_flush_local_all)

OML_API int PMPI_Win_sync(MPI_Win win)
{
    oml_win_t *w;
    int rc = oml_win_check("MPI_Win_sync", win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    __atomic_thread_fence(__ATOMIC_SEQ_CST); /* the unified model: memory is the window */
    oml_tp_progress();
    return MPI_SUCCESS;
}
OML_ALIAS(Win_sync)

/* The window ranks of a group's members; MPI_ERR_GROUP when one is not in the window. */
static int pscw_ranks(oml_win_t *w, const char *fn, MPI_Group group, int **ranks_p, int *n_p)
{
    oml_group_t *g = oml_group_get(group);
    if (g == NULL)
        return oml_win_error(w, MPI_ERR_GROUP, fn, "invalid group");
    int *ranks = malloc((size_t)(g->size > 0 ? g->size : 1) * sizeof(int));
    if (ranks == NULL)
        return oml_win_error(w, MPI_ERR_NO_MEM, fn, "out of memory");
    const oml_tp_comm_t *c = &w->comm->coll;
    for (int i = 0; i < g->size; i++) {
        ranks[i] = -1;
        for (int r = 0; r < w->size && ranks[i] < 0; r++) {
            if ((c->world != NULL ? c->world[r] : r) == g->world[i])
                ranks[i] = r;
        }
        if (ranks[i] < 0) {
            free(ranks);
            return oml_win_error(w, MPI_ERR_GROUP, fn,
                                 "member %d of the group is not in the window's group", i);
        }
    }
    *ranks_p = ranks;
    *n_p = g->size;
    return MPI_SUCCESS;
}

OML_API int PMPI_Win_post(MPI_Group group, int assert, MPI_Win win)
{
    static const char fn[] = "MPI_Win_post";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (w->exposure >= 0)
        return oml_win_error(w, MPI_ERR_RMA_SYNC, fn, "an MPI_Win_post epoch is open already");
    int *ranks, n;
    if ((rc = pscw_ranks(w, fn, group, &ranks, &n)) != MPI_SUCCESS)
        return rc;
    w->exposure = n;
    w->completes_got = 0;
    for (int i = 0; i < n && !(assert &MPI_MODE_NOCHECK); i++) {
        if (ranks[i] == w->rank)
            w->posts[w->rank]++;
        else if (rma_ctrl(w, ranks[i], RMA_POST, false) != MPI_SUCCESS) {
            free(ranks);
            return oml_win_error(w, MPI_ERR_NO_MEM, fn, "out of memory");
        }
    }
    free(ranks);
    return MPI_SUCCESS;
}
OML_ALIAS(Win_post)

OML_API int PMPI_Win_start(MPI_Group group, int assert, MPI_Win win)
{
    static const char fn[] = "MPI_Win_start";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (w->naccess >= 0 || w->lock_all)
        return oml_win_error(w, MPI_ERR_RMA_SYNC, fn, "an access epoch is open already");
    w->fence_open = false;
    int *ranks, n;
    if ((rc = pscw_ranks(w, fn, group, &ranks, &n)) != MPI_SUCCESS)
        return rc;
    for (int i = 0; i < n; i++) {
        int t = ranks[i];
        if (!(assert &MPI_MODE_NOCHECK)) { /* the target's MPI_Win_post has come */
            RMA_WAIT_UNTIL(w->posts[t] > 0);
            w->posts[t]--;
        }
        w->in_access[t] = true;
        w->access_list[i] = t;
    }
    w->naccess = n;
    free(ranks);
    return MPI_SUCCESS;
}
OML_ALIAS(Win_start)

OML_API int PMPI_Win_complete(MPI_Win win)
{
    static const char fn[] = "MPI_Win_complete";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (w->naccess < 0)
        return oml_win_error(w, MPI_ERR_RMA_SYNC, fn, "no MPI_Win_start epoch is open");
    for (int i = 0; i < w->naccess; i++) {
        int t = w->access_list[i];
        rma_untouch(w, t);
        w->in_access[t] = false;
        if (t == w->rank)
            w->completes_got++;
        else if (rma_ctrl(w, t, RMA_COMPLETE, false) != MPI_SUCCESS)
            return oml_win_error(w, MPI_ERR_NO_MEM, fn, "out of memory");
    }
    w->naccess = -1;
    RMA_WAIT_UNTIL(w->nops == 0); /* local completion; the targets count COMPLETE after them */
    return MPI_SUCCESS;
}
OML_ALIAS(Win_complete)

static int pscw_exposure(const char *fn, MPI_Win win, oml_win_t **w_p)
{
    int rc = oml_win_check(fn, win, w_p);
    if (rc == MPI_SUCCESS && (*w_p)->exposure < 0)
        return oml_win_error(*w_p, MPI_ERR_RMA_SYNC, fn, "no MPI_Win_post epoch is open");
    return rc;
}

OML_API int PMPI_Win_wait(MPI_Win win)
{
    oml_win_t *w;
    int rc = pscw_exposure("MPI_Win_wait", win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    RMA_WAIT_UNTIL(w->completes_got >= w->exposure);
    w->completes_got -= w->exposure;
    w->exposure = -1;
    return MPI_SUCCESS;
}
OML_ALIAS(Win_wait)

OML_API int PMPI_Win_test(MPI_Win win, int *flag)
{
    oml_win_t *w;
    int rc = pscw_exposure("MPI_Win_test", win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (flag == NULL)
        return oml_win_error(w, MPI_ERR_ARG, "MPI_Win_test", "flag is NULL");
    oml_tp_progress();
    *flag = w->completes_got >= w->exposure;
    if (*flag) {
        w->completes_got -= w->exposure;
        w->exposure = -1;
    }
    return MPI_SUCCESS;
}
OML_ALIAS(Win_test)
