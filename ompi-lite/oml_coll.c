/*
 * ompi-lite/oml_coll.c: the collective API, blocking, nonblocking and persistent.
 *
 * Every collective is one function taking a request pointer and a persistent flag: NULL for
 * the blocking call, the user's for the I-call and for the _init call (persistent). It checks
 * its arguments, turns (count, datatype) into byte blocks (contiguous types in place, others
 * staged in the schedule's scratch: packed when the schedule starts, unpacked when it
 * completes), appends an algorithm from collectives/ to a schedule, and runs it (blocking),
 * starts it behind a request (nonblocking) or keeps it behind an inactive request that
 * MPI_Start runs again each time (persistent: the schedule is built once).
 */
#include "oml_impl.h"

#include <stdlib.h>
#include <string.h>

/*
 * A block of a derived datatype staged in scratch: packed from the user's buffer when the
 * schedule starts (in), unpacked into it when the schedule completes (out).
 */
typedef struct coll_stage {
    struct coll_stage *next;
    oml_dtype_t *d; /* holds a reference until the schedule is freed */
    void *buf;
    size_t count;
    void *tmp;
    bool in, out;
} coll_stage_t;

struct oml_coll_stages {
    coll_stage_t *head;
};

/* One collective call being built. */
typedef struct coll_call {
    const char *fn;
    oml_comm_t *c;
    oml_sched_t *s;
    oml_coll_stages_t *stages;
} coll_call_t;

static void coll_pack_all(void *arg)
{
    for (coll_stage_t *st = ((oml_coll_stages_t *)arg)->head; st != NULL; st = st->next) {
        if (st->in)
            oml_dt_pack(st->d, st->buf, st->count, st->tmp);
    }
}

static void coll_unpack_all(void *arg)
{
    for (coll_stage_t *st = ((oml_coll_stages_t *)arg)->head; st != NULL; st = st->next) {
        if (st->out)
            oml_dt_unpack(st->d, st->buf, st->count, st->tmp, st->count * st->d->size);
    }
}

static void coll_release_all(void *arg)
{
    for (coll_stage_t *st = ((oml_coll_stages_t *)arg)->head; st != NULL; st = st->next)
        oml_dtype_release(st->d);
}

int oml_coll_error(oml_comm_t *c, const char *fn, oml_status_t st)
{
    if (st == OML_ERR_TRUNCATE)
        return oml_error(c, MPI_ERR_TRUNCATE, fn,
                         "the ranks' counts or datatypes do not match: a message of the "
                         "collective was longer or shorter than this rank's arguments say (or a "
                         "rank it receives from found such a mismatch); every rank must give "
                         "the same type signature (root's, for rooted collectives)");
    return oml_error(c, st == OML_ERR_NOMEM ? MPI_ERR_NO_MEM : MPI_ERR_INTERN, fn,
                     "the collective failed: %s", oml_status_string(st));
}

/* ---- argument checks ---- */

static int cc_comm(const char *fn, MPI_Comm comm, oml_comm_t **c_p)
{
    oml_comm_t *c = oml_comm_get(comm);
    *c_p = c;
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator");
    return MPI_SUCCESS;
}

/* Scan and Exscan: the standard defines them on intracommunicators only. */
static int cc_comm_intra(const char *fn, MPI_Comm comm, oml_comm_t **c_p)
{
    int rc = cc_comm(fn, comm, c_p);
    if (rc == MPI_SUCCESS && (*c_p)->inter)
        return oml_error(*c_p, MPI_ERR_COMM, fn,
                         "the standard defines this collective on intracommunicators only");
    return rc;
}

/* count (named what) and datatype; the buffer must not be NULL when it holds data. */
static int cc_type(const char *fn, oml_comm_t *c, const char *what, const void *buf, int count,
                   MPI_Datatype dt, oml_dtype_t **d_p)
{
    if (count < 0)
        return oml_error(c, MPI_ERR_COUNT, fn, "%s is %d; it must be >= 0", what, count);
    oml_dtype_t *d = oml_dtype_get(dt);
    if (d == NULL)
        return oml_error(c, MPI_ERR_TYPE, fn, "invalid datatype for %s", what);
    if (!d->committed)
        return oml_error(c, MPI_ERR_TYPE, fn,
                         "the datatype of %s is not committed; call MPI_Type_commit first", what);
    if (buf == NULL && count > 0 && d->size > 0 && d->true_lb == 0)
        return oml_error(c, MPI_ERR_BUFFER, fn, "the buffer of %s is NULL with count %d", what,
                         count);
    *d_p = d;
    return MPI_SUCCESS;
}

static int cc_counts(const char *fn, oml_comm_t *c, const char *what, const int *counts, int n)
{
    if (counts == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "%s is NULL", what);
    for (int i = 0; i < n; i++) {
        if (counts[i] < 0)
            return oml_error(c, MPI_ERR_COUNT, fn, "%s[%d] is %d; it must be >= 0", what, i,
                             counts[i]);
    }
    return MPI_SUCCESS;
}

static int cc_root(const char *fn, oml_comm_t *c, int root)
{
    if (root < 0 || root >= c->coll.size)
        return oml_error(c, MPI_ERR_ROOT, fn, "root %d is not in the communicator (size %d)", root,
                         c->coll.size);
    return MPI_SUCCESS;
}

/*
 * Aliasing of the send and receive buffers, which MPI forbids (MPI_IN_PLACE is the way to use
 * one buffer). The send data is scount elements of sd at sbuf (sd NULL: in place); the receive
 * side nblocks blocks of rd, block i rcount elements at rbuf + i * rcount extents, or for a
 * v-collective rcounts[i] elements at rbuf + rdispls[i] extents. With both types contiguous, a
 * shared byte is aliasing; with holes in a type (two may interleave legally), only the same
 * address. One case is let through as the same as MPI_IN_PLACE: the send data is exactly block
 * own (this rank's own block of the result; -1: none), as in MPI_Gather(x, n, t, x, n, t, 0, ...)
 * at rank 0, which programs written for other MPIs do. Found alike on every rank, before the
 * collective starts, so that the others do not wait for this one.
 */
static int cc_alias(const char *fn, oml_comm_t *c, const void *sbuf, const oml_dtype_t *sd,
                    size_t scount, const void *rbuf, const oml_dtype_t *rd, size_t rcount,
                    const int *rcounts, const int *rdispls, int nblocks, int own)
{
    size_t slen = sd != NULL ? scount * sd->size : 0;
    if (slen == 0 || rd == NULL || rd->size == 0)
        return MPI_SUCCESS;
    bool ranges = sd->contig && rd->contig;
    uintptr_t s0 = (uintptr_t)sbuf + (uintptr_t)sd->true_lb, s1 = s0 + slen;
    uintptr_t lo = (uintptr_t)rbuf + (uintptr_t)rd->true_lb;
    /* equal blocks of a contiguous type tile one range: nothing to look at past it */
    if (ranges && rcounts == NULL && (s1 <= lo || lo + (size_t)nblocks * rcount * rd->size <= s0))
        return MPI_SUCCESS;
    for (int i = 0; i < nblocks; i++) {
        size_t n = rcounts != NULL ? (size_t)rcounts[i] : rcount;
        MPI_Aint at = (rcounts != NULL ? (MPI_Aint)rdispls[i] : (MPI_Aint)i * (MPI_Aint)rcount) *
                      oml_dt_extent(rd);
        uintptr_t r0 = lo + (uintptr_t)at, r1 = r0 + n * rd->size;
        bool hit = ranges ? s0 < r1 && r0 < s1 : sbuf == (const char *)rbuf + at && sbuf != NULL;
        if (n == 0 || !hit || (i == own && s0 == r0 && s1 == r1))
            continue;
        return oml_error(c, MPI_ERR_BUFFER, fn,
                         "sendbuf and recvbuf overlap; MPI forbids it (MPI_IN_PLACE is the way to "
                         "use one buffer)");
    }
    return MPI_SUCCESS;
}

/* ---- building and running ---- */

/*
 * This rank's block to itself does not match (its send and receive arguments give different
 * lengths). The collective still runs, so that no other rank waits for this one, with len zeroed
 * bytes in place of this rank's data, and fails with MPI_ERR_TRUNCATE (oml_sched_fail). The zeroed
 * bytes (NULL when out of memory: the schedule is marked so).
 */
static void *cc_mismatch(coll_call_t *cc, size_t len)
{
    oml_sched_fail(cc->s, OML_ERR_TRUNCATE);
    void *z = oml_sched_scratch(cc->s, len + 1);
    if (z != NULL)
        memset(z, 0, len + 1);
    return z;
}

static int cc_begin(coll_call_t *cc, const char *fn, oml_comm_t *c)
{
    *cc = (coll_call_t){fn, c, oml_comm_sched(c), NULL};
    if (cc->s == NULL)
        return oml_error(c, MPI_ERR_NO_MEM, fn, "no memory for the collective's schedule");
    if (c->inter)
        oml_sched_set_remote(cc->s, &c->pt2pt);
    return MPI_SUCCESS;
}

void *oml_coll_stage(oml_sched_t *s, oml_coll_stages_t **stages_p, oml_dtype_t *d, void *buf,
                     size_t count, bool in, bool out)
{
    if (d->contig || count == 0)
        return (char *)buf + d->true_lb;
    oml_coll_stages_t *stages = *stages_p;
    if (stages == NULL) {
        if ((stages = oml_sched_scratch(s, sizeof(*stages))) == NULL)
            return NULL;
        stages->head = NULL;
        oml_sched_on_start(s, coll_pack_all, stages);
        oml_sched_on_done(s, coll_unpack_all, stages);
        oml_sched_on_free(s, coll_release_all, stages);
        *stages_p = stages;
    }
    coll_stage_t *st = oml_sched_scratch(s, sizeof(*st));
    void *tmp = oml_sched_scratch(s, count * d->size);
    if (st == NULL || tmp == NULL)
        return NULL;
    oml_dtype_retain(d);
    *st = (coll_stage_t){stages->head, d, buf, count, tmp, in, out};
    stages->head = st;
    return tmp;
}

static void *cc_stage(coll_call_t *cc, oml_dtype_t *d, void *buf, size_t count, bool in, bool out)
{
    return oml_coll_stage(cc->s, &cc->stages, d, buf, count, in, out);
}

/* The bytes to send for count elements of d at buf. */
static const void *cc_send(coll_call_t *cc, oml_dtype_t *d, const void *buf, size_t count)
{
    return cc_stage(cc, d, (void *)(uintptr_t)buf, count, true, false);
}

static void *cc_recv(coll_call_t *cc, oml_dtype_t *d, void *buf, size_t count)
{
    return cc_stage(cc, d, buf, count, false, true);
}

static void *cc_inplace(coll_call_t *cc, oml_dtype_t *d, void *buf, size_t count)
{
    return cc_stage(cc, d, buf, count, true, true);
}

int oml_coll_launch(const char *fn, oml_comm_t *c, oml_sched_t *s, MPI_Request *request,
                    bool persistent)
{
    if (!oml_sched_ok(s)) {
        oml_sched_free(s);
        return oml_error(c, MPI_ERR_NO_MEM, fn, "no memory to stage the collective");
    }
    if (request == NULL) {
        oml_status_t st = oml_sched_run(s);
        if (st != OML_OK)
            return oml_coll_error(c, fn, st);
        return MPI_SUCCESS;
    }
    if (persistent) {
        /*
         * Its own tag, from a count of the persistent collectives made on the communicator:
         * every process makes them in the same order, but may start them in any order
         * (MPI-4.0, 6.13), and each run of one reuses its tag. (The tag of the collective
         * count that oml_comm_sched took stays unused, alike on every process.)
         */
        oml_sched_set_tag(s, OML_COLL_TAG_PERSISTENT(c->pcoll_seq++));
    }
    oml_request_t *r = persistent ? oml_request_coll_init(c, s) : oml_request_coll(c, s);
    if (r == NULL) {
        oml_sched_free(s);
        return oml_error(c, MPI_ERR_NO_MEM, fn, "no memory for a request");
    }
    *request = (MPI_Request)r;
    return MPI_SUCCESS;
}

static int cc_end(coll_call_t *cc, MPI_Request *request, bool persistent)
{
    return oml_coll_launch(cc->fn, cc->c, cc->s, request, persistent);
}

int oml_coll_request_args(const char *fn, MPI_Comm comm, const MPI_Info *info, MPI_Request *request)
{
    if (info != NULL && !oml_info_valid(*info))
        return oml_error(oml_comm_get(comm), MPI_ERR_INFO, fn,
                         "invalid info object; pass MPI_INFO_NULL or one from MPI_Info_create");
    if (request == NULL)
        return oml_error(oml_comm_get(comm), MPI_ERR_ARG, fn, "request is NULL");
    return MPI_SUCCESS;
}

/* Pointer and length arrays for p blocks, in the schedule's scratch. */
static bool cc_blocks(coll_call_t *cc, int p, void ***ptr_p, size_t **len_p)
{
    void **ptr = oml_sched_scratch(cc->s, (size_t)p * (sizeof(void *) + sizeof(size_t)) + 1);
    if (ptr == NULL)
        return false;
    *ptr_p = ptr;
    *len_p = (size_t *)(ptr + p);
    return true;
}

/* ---- intercommunicators: data flows between the two groups (MPI-4.1 6.2.2) ---- */

static bool cc_vblocks(coll_call_t *cc, int p, const void *base, const int *counts,
                       const int *displs, oml_dtype_t *const *types, bool per_block_types,
                       bool byte_displs, int mode, int skip, void ***ptr_p, size_t **len_p);

/* A rooted collective's root: MPI_ROOT, MPI_PROC_NULL or a rank of the remote group. */
static int ic_root(const char *fn, oml_comm_t *c, int root, int *kind)
{
    if (root == MPI_ROOT)
        *kind = OML_COLL_INTER_ROOT;
    else if (root == MPI_PROC_NULL)
        *kind = OML_COLL_INTER_IDLE;
    else if (root >= 0 && root < c->pt2pt.size)
        *kind = root;
    else
        return oml_error(c, MPI_ERR_ROOT, fn,
                         "root %d is not MPI_ROOT, MPI_PROC_NULL or a rank of the remote group "
                         "(size %d) of the intercommunicator",
                         root, c->pt2pt.size);
    return MPI_SUCCESS;
}

static int ic_not_in_place(const char *fn, oml_comm_t *c, const void *buf)
{
    if (buf == MPI_IN_PLACE)
        return oml_error(c, MPI_ERR_BUFFER, fn,
                         "MPI_IN_PLACE is not allowed on intercommunicators");
    return MPI_SUCCESS;
}

/*
 * count elements of d at buf (or blocks counts[i] at displs[i], i < the remote size) as the
 * byte blocks of the remote ranks; mode as cc_vblocks' (0 send, 1 receive).
 */
static int ic_blocks(coll_call_t *cc, const char *what, void *buf, int count, const int *counts,
                     const int *displs, MPI_Datatype type, int mode, void ***ptr, size_t **len)
{
    oml_comm_t *c = cc->c;
    int m = c->pt2pt.size, rc;
    oml_dtype_t *d;
    if ((rc = ic_not_in_place(cc->fn, c, buf)))
        return rc;
    if (counts != NULL) {
        if ((rc = cc_counts(cc->fn, c, what, counts, m)) ||
            (displs == NULL && (rc = oml_error(c, MPI_ERR_ARG, cc->fn, "displs is NULL"))) ||
            (rc = cc_type(cc->fn, c, what, buf, 0, type, &d)))
            return rc;
        cc_vblocks(cc, m, buf, counts, displs, &d, false, false, mode, -1, ptr, len);
        return MPI_SUCCESS;
    }
    if ((rc = cc_type(cc->fn, c, what, buf, count, type, &d)))
        return rc;
    size_t all = (size_t)m * (size_t)count, n = (size_t)count * d->size;
    char *b = mode == 0 ? (char *)(uintptr_t)cc_send(cc, d, buf, all) : cc_recv(cc, d, buf, all);
    if (cc_blocks(cc, m, ptr, len)) { /* b is NULL with count 0, or when staging failed */
        for (int i = 0; i < m; i++) {
            (*ptr)[i] = b + (size_t)i * n;
            (*len)[i] = n;
        }
    }
    return MPI_SUCCESS;
}

/* One block of count elements at buf to send (mode 0) or receive (1): *p and *n. */
static int ic_block(coll_call_t *cc, const char *what, void *buf, int count, MPI_Datatype type,
                    int mode, void **p, size_t *n)
{
    oml_dtype_t *d;
    int rc = ic_not_in_place(cc->fn, cc->c, buf);
    if (rc || (rc = cc_type(cc->fn, cc->c, what, buf, count, type, &d)))
        return rc;
    *p = mode == 0 ? (void *)(uintptr_t)cc_send(cc, d, buf, (size_t)count)
                   : cc_recv(cc, d, buf, (size_t)count);
    *n = (size_t)count * d->size;
    return MPI_SUCCESS;
}

/* Ends a call whose checks failed after cc_begin. */
static int ic_fail(coll_call_t *cc, int rc)
{
    oml_sched_free(cc->s);
    return rc;
}

static int ic_bcast(const char *fn, oml_comm_t *c, void *buffer, int count, MPI_Datatype datatype,
                    int root, MPI_Request *request, bool persistent)
{
    coll_call_t cc;
    int kind = OML_COLL_INTER_IDLE, rc;
    if ((rc = ic_root(fn, c, root, &kind)) || (rc = cc_begin(&cc, fn, c)))
        return rc;
    void *b = NULL;
    size_t n = 0;
    if (kind != OML_COLL_INTER_IDLE && (rc = ic_block(&cc, "count", buffer, count, datatype,
                                                      kind == OML_COLL_INTER_ROOT ? 0 : 1, &b, &n)))
        return ic_fail(&cc, rc);
    if (oml_sched_ok(cc.s))
        oml_coll_inter_bcast(cc.s, b, n, kind);
    return cc_end(&cc, request, persistent);
}

/* Reduce (all: false) and Allreduce: each group's data reduced into the other's recvbuf. */
static int ic_reduce(const char *fn, oml_comm_t *c, const void *sendbuf, void *recvbuf, int count,
                     MPI_Datatype datatype, MPI_Op op, int root, bool all, MPI_Request *request,
                     bool persistent)
{
    coll_call_t cc;
    int kind = 0, rc;
    if ((!all && (rc = ic_root(fn, c, root, &kind))) || (rc = cc_begin(&cc, fn, c)))
        return rc;
    bool sends = all || kind >= 0, receives = all || kind == OML_COLL_INTER_ROOT;
    oml_dtype_t *d = NULL;
    if ((sends && ((rc = ic_not_in_place(fn, c, sendbuf)) ||
                   (rc = cc_type(fn, c, "count", sendbuf, count, datatype, &d)))) ||
        (receives && ((rc = ic_not_in_place(fn, c, recvbuf)) ||
                      (rc = cc_type(fn, c, "count", recvbuf, count, datatype, &d)))))
        return ic_fail(&cc, rc);
    if (d != NULL) {
        oml_coll_op_t o;
        size_t n;
        if ((rc = oml_op_resolve(fn, c, cc.s, op, datatype, d, (size_t)count, &o, &n)))
            return ic_fail(&cc, rc);
        const void *in = sends ? cc_send(&cc, d, sendbuf, (size_t)count) : NULL;
        void *out = receives ? cc_recv(&cc, d, recvbuf, (size_t)count) : NULL;
        if (oml_sched_ok(cc.s) && all)
            oml_coll_inter_allreduce(cc.s, in, out, n, &o);
        else if (oml_sched_ok(cc.s))
            oml_coll_inter_reduce(cc.s, in, out, n, &o, kind);
    }
    return cc_end(&cc, request, persistent);
}

/*
 * Gather(v) (scatter: false) and Scatter(v): the root's blocks (count each, or counts[i] at
 * displs[i]) to or from the remote processes' single blocks.
 */
static int ic_rooted(const char *fn, oml_comm_t *c, bool scatter, const void *rootbuf,
                     int rootcount, const int *rootcounts, const int *displs, MPI_Datatype roottype,
                     void *buf, int count, MPI_Datatype type, int root, MPI_Request *request,
                     bool persistent)
{
    coll_call_t cc;
    int kind = OML_COLL_INTER_IDLE, rc;
    if ((rc = ic_root(fn, c, root, &kind)) || (rc = cc_begin(&cc, fn, c)))
        return rc;
    void **ptr = NULL, *b = NULL;
    size_t *len = NULL, n = 0;
    if (kind == OML_COLL_INTER_ROOT)
        rc = ic_blocks(&cc, scatter ? "sendcount" : "recvcount", (void *)(uintptr_t)rootbuf,
                       rootcount, rootcounts, displs, roottype, scatter ? 0 : 1, &ptr, &len);
    else if (kind >= 0)
        rc = ic_block(&cc, scatter ? "recvcount" : "sendcount", buf, count, type, scatter ? 1 : 0,
                      &b, &n);
    if (rc != MPI_SUCCESS)
        return ic_fail(&cc, rc);
    if (oml_sched_ok(cc.s) && scatter)
        oml_coll_inter_scatterv(cc.s, (const void *const *)ptr, len, b, n, kind);
    else if (oml_sched_ok(cc.s))
        oml_coll_inter_gatherv(cc.s, b, n, ptr, len, kind);
    return cc_end(&cc, request, persistent);
}

/* Allgather(v): our block to every remote process, theirs into recvbuf. */
static int ic_allgather(const char *fn, oml_comm_t *c, const void *sendbuf, int sendcount,
                        MPI_Datatype sendtype, void *recvbuf, int recvcount, const int *recvcounts,
                        const int *displs, MPI_Datatype recvtype, MPI_Request *request,
                        bool persistent)
{
    coll_call_t cc;
    int rc = cc_begin(&cc, fn, c);
    if (rc != MPI_SUCCESS)
        return rc;
    void **ptr = NULL, *b = NULL;
    size_t *len = NULL, n = 0;
    if ((rc = ic_block(&cc, "sendcount", (void *)(uintptr_t)sendbuf, sendcount, sendtype, 0, &b,
                       &n)) ||
        (rc = ic_blocks(&cc, recvcounts != NULL ? "recvcounts" : "recvcount", recvbuf, recvcount,
                        recvcounts, displs, recvtype, 1, &ptr, &len)))
        return ic_fail(&cc, rc);
    if (oml_sched_ok(cc.s))
        oml_coll_inter_allgatherv(cc.s, b, n, ptr, len);
    return cc_end(&cc, request, persistent);
}

/* ---- barrier, broadcast ---- */

static int coll_barrier(const char *fn, MPI_Comm comm, MPI_Request *request, bool persistent)
{
    oml_comm_t *c;
    coll_call_t cc;
    int rc = cc_comm(fn, comm, &c);
    if (rc == MPI_SUCCESS && (rc = cc_begin(&cc, fn, c)) == MPI_SUCCESS) {
        if (c->inter)
            oml_coll_inter_barrier(cc.s);
        else
            oml_coll_barrier(cc.s);
        rc = cc_end(&cc, request, persistent);
    }
    return rc;
}

static int coll_bcast(const char *fn, void *buffer, int count, MPI_Datatype datatype, int root,
                      MPI_Comm comm, MPI_Request *request, bool persistent)
{
    oml_comm_t *c;
    oml_dtype_t *d;
    coll_call_t cc;
    int rc = cc_comm(fn, comm, &c);
    if (rc == MPI_SUCCESS && c->inter)
        return ic_bcast(fn, c, buffer, count, datatype, root, request, persistent);
    if (rc != MPI_SUCCESS || (rc = cc_type(fn, c, "count", buffer, count, datatype, &d)) ||
        (rc = cc_root(fn, c, root)) || (rc = cc_begin(&cc, fn, c)))
        return rc;
    void *b = c->coll.rank == root ? (void *)(uintptr_t)cc_send(&cc, d, buffer, (size_t)count)
                                   : cc_recv(&cc, d, buffer, (size_t)count);
    if (b != NULL)
        oml_coll_bcast(cc.s, b, (size_t)count * d->size, root);
    return cc_end(&cc, request, persistent);
}

/* ---- reductions ---- */

static int coll_reduce(const char *fn, const void *sendbuf, void *recvbuf, int count,
                       MPI_Datatype datatype, MPI_Op op, int root, bool all, MPI_Comm comm,
                       MPI_Request *request, bool persistent)
{
    oml_comm_t *c;
    oml_dtype_t *d;
    coll_call_t cc;
    int rc = cc_comm(fn, comm, &c);
    if (rc == MPI_SUCCESS && c->inter)
        return ic_reduce(fn, c, sendbuf, recvbuf, count, datatype, op, root, all, request,
                         persistent);
    if (rc != MPI_SUCCESS)
        return rc;
    bool in_place = sendbuf == MPI_IN_PLACE, is_root = all || c->coll.rank == root;
    if (!all && (rc = cc_root(fn, c, root)))
        return rc;
    if (in_place && !is_root)
        return oml_error(c, MPI_ERR_BUFFER, fn, "MPI_IN_PLACE is allowed only at the root");
    if ((rc = cc_type(fn, c, "count", in_place ? recvbuf : sendbuf, count, datatype, &d)) ||
        (is_root && (rc = cc_type(fn, c, "count", recvbuf, count, datatype, &d))) ||
        (is_root && (rc = cc_alias(fn, c, sendbuf, in_place ? NULL : d, (size_t)count, recvbuf, d,
                                   (size_t)count, NULL, NULL, 1, -1))) ||
        (rc = cc_begin(&cc, fn, c)))
        return rc;
    oml_coll_op_t o;
    size_t n;
    if ((rc = oml_op_resolve(fn, c, cc.s, op, datatype, d, (size_t)count, &o, &n))) {
        oml_sched_free(cc.s);
        return rc;
    }
    const void *in = in_place ? NULL : cc_send(&cc, d, sendbuf, (size_t)count);
    void *out = !is_root   ? NULL
                : in_place ? cc_inplace(&cc, d, recvbuf, (size_t)count)
                           : cc_recv(&cc, d, recvbuf, (size_t)count);
    if (oml_sched_ok(cc.s)) {
        if (all)
            oml_coll_allreduce(cc.s, in, out, n, &o);
        else
            oml_coll_reduce(cc.s, in, out, n, &o, root);
    }
    return cc_end(&cc, request, persistent);
}

static int coll_scan(const char *fn, const void *sendbuf, void *recvbuf, int count,
                     MPI_Datatype datatype, MPI_Op op, bool exclusive, MPI_Comm comm,
                     MPI_Request *request, bool persistent)
{
    oml_comm_t *c;
    oml_dtype_t *d;
    coll_call_t cc;
    int rc = cc_comm_intra(fn, comm, &c);
    bool in_place = sendbuf == MPI_IN_PLACE;
    if (rc != MPI_SUCCESS ||
        (rc = cc_type(fn, c, "count", in_place ? recvbuf : sendbuf, count, datatype, &d)) ||
        (rc = cc_type(fn, c, "count", recvbuf, count, datatype, &d)) ||
        (rc = cc_alias(fn, c, sendbuf, in_place ? NULL : d, (size_t)count, recvbuf, d,
                       (size_t)count, NULL, NULL, 1, -1)) ||
        (rc = cc_begin(&cc, fn, c)))
        return rc;
    oml_coll_op_t o;
    size_t n;
    if ((rc = oml_op_resolve(fn, c, cc.s, op, datatype, d, (size_t)count, &o, &n))) {
        oml_sched_free(cc.s);
        return rc;
    }
    const void *in = in_place ? NULL : cc_send(&cc, d, sendbuf, (size_t)count);
    /* exscan leaves rank 0's buffer alone: stage it with its own contents */
    void *out = in_place || (exclusive && c->coll.rank == 0)
                    ? cc_inplace(&cc, d, recvbuf, (size_t)count)
                    : cc_recv(&cc, d, recvbuf, (size_t)count);
    if (oml_sched_ok(cc.s))
        oml_coll_scan(cc.s, in, out, n, &o, exclusive);
    return cc_end(&cc, request, persistent);
}

/* Reduce_scatter (counts) and Reduce_scatter_block (counts == NULL, every block `count`). */
static int coll_reduce_scatter(const char *fn, const void *sendbuf, void *recvbuf,
                               const int *counts, int count, MPI_Datatype datatype, MPI_Op op,
                               MPI_Comm comm, MPI_Request *request, bool persistent)
{
    oml_comm_t *c;
    oml_dtype_t *d;
    coll_call_t cc;
    int rc = cc_comm(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    int p = c->coll.size, r = c->coll.rank;
    bool in_place = sendbuf == MPI_IN_PLACE;
    if (counts != NULL && (rc = cc_counts(fn, c, "recvcounts", counts, p)))
        return rc;
    /* on an intercommunicator, counts are the local group's; the vectors come from the other */
    if (c->inter && (rc = ic_not_in_place(fn, c, sendbuf)))
        return rc;
    size_t total = 0;
    for (int i = 0; i < p; i++)
        total += (size_t)(counts != NULL ? counts[i] : count);
    int mine = counts != NULL ? counts[r] : count;
    if (total > INT32_MAX)
        return oml_error(c, MPI_ERR_COUNT, fn, "the vector has %zu elements; at most %d fit", total,
                         INT32_MAX);
    if ((rc = cc_type(fn, c, counts != NULL ? "recvcounts" : "recvcount",
                      in_place ? recvbuf : sendbuf, (int)total, datatype, &d)) ||
        (rc = cc_type(fn, c, "recvcount", recvbuf, mine, datatype, &d)) ||
        (rc = cc_alias(fn, c, sendbuf, in_place ? NULL : d, total, recvbuf, d, (size_t)mine, NULL,
                       NULL, 1, -1)) ||
        (rc = cc_begin(&cc, fn, c)))
        return rc;
    oml_coll_op_t o;
    size_t n;
    if ((rc = oml_op_resolve(fn, c, cc.s, op, datatype, d, 1, &o, &n))) {
        oml_sched_free(cc.s);
        return rc;
    }
    size_t *units = oml_sched_scratch(cc.s, (size_t)p * sizeof(size_t));
    if (units != NULL) {
        for (int i = 0; i < p; i++)
            units[i] = (size_t)(counts != NULL ? counts[i] : count) * n;
    }
    const void *in = NULL;
    void *out;
    if (in_place) {
        out = cc_inplace(&cc, d, recvbuf, total);
    } else {
        in = cc_send(&cc, d, sendbuf, total);
        out = cc_recv(&cc, d, recvbuf, (size_t)mine);
    }
    if (oml_sched_ok(cc.s) && c->inter)
        oml_coll_inter_reduce_scatter(cc.s, in, out, units, &o);
    else if (oml_sched_ok(cc.s))
        oml_coll_reduce_scatter(cc.s, in, out, units, &o);
    return cc_end(&cc, request, persistent);
}

/* ---- gather, scatter, allgather, alltoall ---- */

/*
 * The send side of a rooted or all-to-all collective: count elements of sendtype. Sets *d_p
 * (NULL when in place).
 */
static int cc_sendside(const char *fn, oml_comm_t *c, const void *sendbuf, int sendcount,
                       MPI_Datatype sendtype, oml_dtype_t **d_p)
{
    *d_p = NULL;
    if (sendbuf == MPI_IN_PLACE)
        return MPI_SUCCESS;
    return cc_type(fn, c, "sendcount", sendbuf, sendcount, sendtype, d_p);
}

static int coll_gather(const char *fn, const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                       void *recvbuf, int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm,
                       MPI_Request *request, bool persistent)
{
    oml_comm_t *c;
    oml_dtype_t *sd, *rd = NULL;
    coll_call_t cc;
    int rc = cc_comm(fn, comm, &c);
    if (rc == MPI_SUCCESS && c->inter)
        return ic_rooted(fn, c, false, recvbuf, recvcount, NULL, NULL, recvtype,
                         (void *)(uintptr_t)sendbuf, sendcount, sendtype, root, request,
                         persistent);
    if (rc != MPI_SUCCESS || (rc = cc_root(fn, c, root)))
        return rc;
    int p = c->coll.size;
    bool is_root = c->coll.rank == root, in_place = sendbuf == MPI_IN_PLACE;
    if (in_place && !is_root)
        return oml_error(c, MPI_ERR_BUFFER, fn, "MPI_IN_PLACE is allowed only at the root");
    if ((rc = cc_sendside(fn, c, sendbuf, sendcount, sendtype, &sd)) ||
        (is_root && (rc = cc_type(fn, c, "recvcount", recvbuf, recvcount, recvtype, &rd))) ||
        (is_root && (rc = cc_alias(fn, c, sendbuf, sd, (size_t)sendcount, recvbuf, rd,
                                   (size_t)recvcount, NULL, NULL, p, root))) ||
        (rc = cc_begin(&cc, fn, c)))
        return rc;
    size_t n = is_root ? (size_t)recvcount * rd->size : (size_t)sendcount * sd->size;
    bool bad = is_root && sd != NULL && (size_t)sendcount * sd->size != n;
    const void *in = in_place ? NULL
                     : bad    ? cc_mismatch(&cc, n)
                              : cc_send(&cc, sd, sendbuf, (size_t)sendcount);
    void *out = !is_root   ? NULL
                : in_place ? cc_inplace(&cc, rd, recvbuf, (size_t)p * (size_t)recvcount)
                           : cc_recv(&cc, rd, recvbuf, (size_t)p * (size_t)recvcount);
    if (oml_sched_ok(cc.s))
        oml_coll_gather(cc.s, in, out, n, root);
    return cc_end(&cc, request, persistent);
}

/*
 * The byte blocks of one side of a v-collective: block i is counts[i] elements of
 * types[per_block_types ? i : 0] at base + displs[i] (in extents of the type, or in bytes when
 * byte_displs). mode: 0 send (packed now), 1 receive (staged), 2 in place (staged with its
 * data). Block `skip` is left out (-1: none).
 */
static bool cc_vblocks(coll_call_t *cc, int p, const void *base, const int *counts,
                       const int *displs, oml_dtype_t *const *types, bool per_block_types,
                       bool byte_displs, int mode, int skip, void ***ptr_p, size_t **len_p)
{
    void **ptr;
    size_t *len;
    if (!cc_blocks(cc, p, &ptr, &len))
        return false;
    for (int i = 0; i < p; i++) {
        oml_dtype_t *d = types[per_block_types ? i : 0];
        size_t cnt = (size_t)counts[i];
        const char *b = (const char *)base + (byte_displs ? (MPI_Aint)displs[i]
                                                          : (MPI_Aint)displs[i] * oml_dt_extent(d));
        ptr[i] = NULL;
        len[i] = i == skip ? 0 : cnt * d->size;
        if (i == skip || len[i] == 0)
            continue;
        ptr[i] = mode == 0   ? (void *)(uintptr_t)cc_send(cc, d, b, cnt)
                 : mode == 1 ? cc_recv(cc, d, (void *)(uintptr_t)b, cnt)
                             : cc_inplace(cc, d, (void *)(uintptr_t)b, cnt);
    }
    *ptr_p = ptr;
    *len_p = len;
    return oml_sched_ok(cc->s);
}

static int coll_gatherv(const char *fn, const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                        void *recvbuf, const int recvcounts[], const int displs[],
                        MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Request *request,
                        bool persistent)
{
    oml_comm_t *c;
    oml_dtype_t *sd, *rd = NULL;
    coll_call_t cc;
    int rc = cc_comm(fn, comm, &c);
    if (rc == MPI_SUCCESS && c->inter)
        return ic_rooted(fn, c, false, recvbuf, 0, recvcounts, displs, recvtype,
                         (void *)(uintptr_t)sendbuf, sendcount, sendtype, root, request,
                         persistent);
    if (rc != MPI_SUCCESS || (rc = cc_root(fn, c, root)))
        return rc;
    int p = c->coll.size, r = c->coll.rank;
    bool is_root = r == root, in_place = sendbuf == MPI_IN_PLACE;
    if (in_place && !is_root)
        return oml_error(c, MPI_ERR_BUFFER, fn, "MPI_IN_PLACE is allowed only at the root");
    if ((rc = cc_sendside(fn, c, sendbuf, sendcount, sendtype, &sd)))
        return rc;
    if (is_root) {
        if ((rc = cc_counts(fn, c, "recvcounts", recvcounts, p)) ||
            (displs == NULL && (rc = oml_error(c, MPI_ERR_ARG, fn, "displs is NULL"))) ||
            (rc = cc_type(fn, c, "recvcounts", recvbuf, 0, recvtype, &rd)) ||
            (rc = cc_alias(fn, c, sendbuf, sd, (size_t)sendcount, recvbuf, rd, 0, recvcounts,
                           displs, p, root)))
            return rc;
    }
    if ((rc = cc_begin(&cc, fn, c)))
        return rc;
    size_t slen = in_place ? 0 : (size_t)sendcount * sd->size;
    const void *in = NULL;
    if (is_root && !in_place && slen != (size_t)recvcounts[r] * rd->size) {
        slen = (size_t)recvcounts[r] * rd->size;
        in = cc_mismatch(&cc, slen);
    } else if (!in_place) {
        in = cc_send(&cc, sd, sendbuf, (size_t)sendcount);
    }
    void **ptr = NULL;
    size_t *len = NULL;
    if (is_root)
        cc_vblocks(&cc, p, recvbuf, recvcounts, displs, &rd, false, false, 1, in_place ? r : -1,
                   &ptr, &len);
    if (oml_sched_ok(cc.s))
        oml_coll_gatherv(cc.s, in, slen, ptr, len, root);
    return cc_end(&cc, request, persistent);
}

static int coll_scatter(const char *fn, const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                        void *recvbuf, int recvcount, MPI_Datatype recvtype, int root,
                        MPI_Comm comm, MPI_Request *request, bool persistent)
{
    oml_comm_t *c;
    oml_dtype_t *sd = NULL, *rd = NULL;
    coll_call_t cc;
    int rc = cc_comm(fn, comm, &c);
    if (rc == MPI_SUCCESS && c->inter)
        return ic_rooted(fn, c, true, sendbuf, sendcount, NULL, NULL, sendtype, recvbuf, recvcount,
                         recvtype, root, request, persistent);
    if (rc != MPI_SUCCESS || (rc = cc_root(fn, c, root)))
        return rc;
    int p = c->coll.size;
    bool is_root = c->coll.rank == root, in_place = recvbuf == MPI_IN_PLACE;
    if (in_place && !is_root)
        return oml_error(c, MPI_ERR_BUFFER, fn, "MPI_IN_PLACE is allowed only at the root");
    if ((is_root && (rc = cc_type(fn, c, "sendcount", sendbuf, sendcount, sendtype, &sd))) ||
        (!in_place && (rc = cc_type(fn, c, "recvcount", recvbuf, recvcount, recvtype, &rd))) ||
        (is_root && !in_place &&
         (rc = cc_alias(fn, c, recvbuf, rd, (size_t)recvcount, sendbuf, sd, (size_t)sendcount, NULL,
                        NULL, p, root))) ||
        (rc = cc_begin(&cc, fn, c)))
        return rc;
    size_t n = is_root ? (size_t)sendcount * sd->size : (size_t)recvcount * rd->size;
    bool bad = is_root && !in_place && (size_t)recvcount * rd->size != n;
    const void *in = is_root ? cc_send(&cc, sd, sendbuf, (size_t)p * (size_t)sendcount) : NULL;
    void *out = in_place ? NULL
                : bad    ? cc_mismatch(&cc, n)
                         : cc_recv(&cc, rd, recvbuf, (size_t)recvcount);
    if (oml_sched_ok(cc.s))
        oml_coll_scatter(cc.s, in, out, n, root);
    return cc_end(&cc, request, persistent);
}

static int coll_scatterv(const char *fn, const void *sendbuf, const int sendcounts[],
                         const int displs[], MPI_Datatype sendtype, void *recvbuf, int recvcount,
                         MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Request *request,
                         bool persistent)
{
    oml_comm_t *c;
    oml_dtype_t *sd = NULL, *rd = NULL;
    coll_call_t cc;
    int rc = cc_comm(fn, comm, &c);
    if (rc == MPI_SUCCESS && c->inter)
        return ic_rooted(fn, c, true, sendbuf, 0, sendcounts, displs, sendtype, recvbuf, recvcount,
                         recvtype, root, request, persistent);
    if (rc != MPI_SUCCESS || (rc = cc_root(fn, c, root)))
        return rc;
    int p = c->coll.size, r = c->coll.rank;
    bool is_root = r == root, in_place = recvbuf == MPI_IN_PLACE;
    if (in_place && !is_root)
        return oml_error(c, MPI_ERR_BUFFER, fn, "MPI_IN_PLACE is allowed only at the root");
    if (is_root) {
        if ((rc = cc_counts(fn, c, "sendcounts", sendcounts, p)) ||
            (displs == NULL && (rc = oml_error(c, MPI_ERR_ARG, fn, "displs is NULL"))) ||
            (rc = cc_type(fn, c, "sendcounts", sendbuf, 0, sendtype, &sd)))
            return rc;
    }
    if ((!in_place && (rc = cc_type(fn, c, "recvcount", recvbuf, recvcount, recvtype, &rd))) ||
        (is_root && !in_place &&
         (rc = cc_alias(fn, c, recvbuf, rd, (size_t)recvcount, sendbuf, sd, 0, sendcounts, displs,
                        p, root))) ||
        (rc = cc_begin(&cc, fn, c)))
        return rc;
    size_t rlen = in_place ? 0 : (size_t)recvcount * rd->size;
    void **ptr = NULL;
    size_t *len = NULL;
    if (is_root)
        cc_vblocks(&cc, p, sendbuf, sendcounts, displs, &sd, false, false, 0, in_place ? r : -1,
                   &ptr, &len);
    void *out = NULL;
    if (is_root && !in_place && rlen != (size_t)sendcounts[r] * sd->size) {
        rlen = (size_t)sendcounts[r] * sd->size;
        out = cc_mismatch(&cc, rlen);
    } else if (!in_place) {
        out = cc_recv(&cc, rd, recvbuf, (size_t)recvcount);
    }
    if (oml_sched_ok(cc.s))
        oml_coll_scatterv(cc.s, (const void *const *)ptr, len, out, rlen, root);
    return cc_end(&cc, request, persistent);
}

static int coll_allgather(const char *fn, const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                          void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm,
                          MPI_Request *request, bool persistent)
{
    oml_comm_t *c;
    oml_dtype_t *sd, *rd;
    coll_call_t cc;
    int rc = cc_comm(fn, comm, &c);
    if (rc == MPI_SUCCESS && c->inter)
        return ic_allgather(fn, c, sendbuf, sendcount, sendtype, recvbuf, recvcount, NULL, NULL,
                            recvtype, request, persistent);
    if (rc != MPI_SUCCESS || (rc = cc_sendside(fn, c, sendbuf, sendcount, sendtype, &sd)) ||
        (rc = cc_type(fn, c, "recvcount", recvbuf, recvcount, recvtype, &rd)) ||
        (rc = cc_alias(fn, c, sendbuf, sd, (size_t)sendcount, recvbuf, rd, (size_t)recvcount, NULL,
                       NULL, c->coll.size, c->coll.rank)) ||
        (rc = cc_begin(&cc, fn, c)))
        return rc;
    size_t all = (size_t)c->coll.size * (size_t)recvcount, n = (size_t)recvcount * rd->size;
    const void *in = sd == NULL ? NULL
                     : (size_t)sendcount * sd->size != n
                         ? cc_mismatch(&cc, n)
                         : cc_send(&cc, sd, sendbuf, (size_t)sendcount);
    void *out = sd == NULL ? cc_inplace(&cc, rd, recvbuf, all) : cc_recv(&cc, rd, recvbuf, all);
    if (oml_sched_ok(cc.s))
        oml_coll_allgather(cc.s, in, out, n);
    return cc_end(&cc, request, persistent);
}

static int coll_allgatherv(const char *fn, const void *sendbuf, int sendcount,
                           MPI_Datatype sendtype, void *recvbuf, const int recvcounts[],
                           const int displs[], MPI_Datatype recvtype, MPI_Comm comm,
                           MPI_Request *request, bool persistent)
{
    oml_comm_t *c;
    oml_dtype_t *sd, *rd;
    coll_call_t cc;
    int rc = cc_comm(fn, comm, &c);
    if (rc == MPI_SUCCESS && c->inter)
        return ic_allgather(fn, c, sendbuf, sendcount, sendtype, recvbuf, 0, recvcounts, displs,
                            recvtype, request, persistent);
    if (rc != MPI_SUCCESS)
        return rc;
    int p = c->coll.size, r = c->coll.rank;
    if ((rc = cc_sendside(fn, c, sendbuf, sendcount, sendtype, &sd)) ||
        (rc = cc_counts(fn, c, "recvcounts", recvcounts, p)) ||
        (displs == NULL && (rc = oml_error(c, MPI_ERR_ARG, fn, "displs is NULL"))) ||
        (rc = cc_type(fn, c, "recvcounts", recvbuf, 0, recvtype, &rd)) ||
        (rc = cc_alias(fn, c, sendbuf, sd, (size_t)sendcount, recvbuf, rd, 0, recvcounts, displs, p,
                       r)) ||
        (rc = cc_begin(&cc, fn, c)))
        return rc;
    size_t n = (size_t)recvcounts[r] * rd->size;
    const void *in = sd == NULL ? NULL
                     : (size_t)sendcount * sd->size != n
                         ? cc_mismatch(&cc, n)
                         : cc_send(&cc, sd, sendbuf, (size_t)sendcount);
    void **ptr;
    size_t *len;
    if (cc_vblocks(&cc, p, recvbuf, recvcounts, displs, &rd, false, false, 1, r, &ptr, &len)) {
        /* our own block: staged like the others, with its data when in place */
        char *own = (char *)recvbuf + (MPI_Aint)displs[r] * oml_dt_extent(rd);
        len[r] = (size_t)recvcounts[r] * rd->size;
        ptr[r] = sd == NULL ? cc_inplace(&cc, rd, own, (size_t)recvcounts[r])
                            : cc_recv(&cc, rd, own, (size_t)recvcounts[r]);
    }
    if (oml_sched_ok(cc.s))
        oml_coll_allgatherv(cc.s, in, ptr, len);
    return cc_end(&cc, request, persistent);
}

/* Alltoall on an intercommunicator: block j to and from remote rank j. */
static int ic_alltoall(const char *fn, oml_comm_t *c, const void *sendbuf, int sendcount,
                       MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype,
                       MPI_Request *request, bool persistent)
{
    coll_call_t cc;
    int rc = cc_begin(&cc, fn, c);
    if (rc != MPI_SUCCESS)
        return rc;
    void **sp = NULL, **rp = NULL;
    size_t *sl = NULL, *rl = NULL;
    if ((rc = ic_blocks(&cc, "sendcount", (void *)(uintptr_t)sendbuf, sendcount, NULL, NULL,
                        sendtype, 0, &sp, &sl)) ||
        (rc = ic_blocks(&cc, "recvcount", recvbuf, recvcount, NULL, NULL, recvtype, 1, &rp, &rl)))
        return ic_fail(&cc, rc);
    if (oml_sched_ok(cc.s))
        oml_coll_inter_alltoallv(cc.s, (const void *const *)sp, sl, rp, rl);
    return cc_end(&cc, request, persistent);
}

static int coll_alltoall(const char *fn, const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                         void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm,
                         MPI_Request *request, bool persistent)
{
    oml_comm_t *c;
    oml_dtype_t *sd, *rd;
    coll_call_t cc;
    int rc = cc_comm(fn, comm, &c);
    if (rc == MPI_SUCCESS && c->inter)
        return ic_alltoall(fn, c, sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype,
                           request, persistent);
    if (rc != MPI_SUCCESS || (rc = cc_sendside(fn, c, sendbuf, sendcount, sendtype, &sd)) ||
        (rc = cc_type(fn, c, "recvcount", recvbuf, recvcount, recvtype, &rd)) ||
        (rc = cc_alias(fn, c, sendbuf, sd, (size_t)c->coll.size * (size_t)sendcount, recvbuf, rd,
                       (size_t)recvcount, NULL, NULL, c->coll.size, -1)) ||
        (rc = cc_begin(&cc, fn, c)))
        return rc;
    size_t p = (size_t)c->coll.size, n = (size_t)recvcount * rd->size;
    const void *in = sd == NULL ? NULL
                     : (size_t)sendcount * sd->size != n
                         ? cc_mismatch(&cc, p * n)
                         : cc_send(&cc, sd, sendbuf, p * (size_t)sendcount);
    void *out = sd == NULL ? cc_inplace(&cc, rd, recvbuf, p * (size_t)recvcount)
                           : cc_recv(&cc, rd, recvbuf, p * (size_t)recvcount);
    if (oml_sched_ok(cc.s))
        oml_coll_alltoall(cc.s, in, out, (size_t)recvcount * rd->size);
    return cc_end(&cc, request, persistent);
}

/* Checks one side of Alltoallv/w and resolves its datatypes into types[0..p-1] (or [0]). */
static int cc_wside(const char *fn, oml_comm_t *c, const char *side, const void *buf,
                    const int counts[], const int displs[], const MPI_Datatype *handles, bool w,
                    int p, oml_dtype_t **types)
{
    int rc = cc_counts(fn, c, side, counts, p);
    if (rc != MPI_SUCCESS)
        return rc;
    if (displs == NULL || handles == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "the %s of the %s side is NULL",
                         displs == NULL ? "displacements" : "datatypes", side);
    for (int i = 0; i < (w ? p : 1); i++) {
        if ((rc = cc_type(fn, c, side, buf, counts[i], handles[i], &types[i])))
            return rc;
    }
    return MPI_SUCCESS;
}

static int coll_alltoallw(const char *fn, const void *sendbuf, const int sendcounts[],
                          const int sdispls[], const MPI_Datatype *sendtypes, void *recvbuf,
                          const int recvcounts[], const int rdispls[],
                          const MPI_Datatype *recvtypes, bool w, MPI_Comm comm,
                          MPI_Request *request, bool persistent)
{
    oml_comm_t *c;
    coll_call_t cc;
    int rc = cc_comm(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    /* on an intercommunicator, the blocks are the remote group's */
    int p = c->inter ? c->pt2pt.size : c->coll.size;
    bool in_place = sendbuf == MPI_IN_PLACE;
    if (c->inter && (rc = ic_not_in_place(fn, c, sendbuf)))
        return rc;
    oml_dtype_t **st = calloc((size_t)p * 2, sizeof(*st));
    if (st == NULL)
        return oml_error(c, MPI_ERR_NO_MEM, fn, "no memory for %d datatypes", 2 * p);
    oml_dtype_t **rt = st + p;
    if ((!in_place &&
         (rc = cc_wside(fn, c, "sendcounts", sendbuf, sendcounts, sdispls, sendtypes, w, p, st))) ||
        (rc = cc_wside(fn, c, "recvcounts", recvbuf, recvcounts, rdispls, recvtypes, w, p, rt)) ||
        (rc = cc_begin(&cc, fn, c))) {
        free(st);
        return rc;
    }
    void **sp = NULL, **rp;
    size_t *sl = NULL, *rl;
    if (!in_place)
        cc_vblocks(&cc, p, sendbuf, sendcounts, sdispls, st, w, w, 0, -1, &sp, &sl);
    cc_vblocks(&cc, p, recvbuf, recvcounts, rdispls, rt, w, w, in_place ? 2 : 1, -1, &rp, &rl);
    free(st);
    if (c->inter) {
        if (oml_sched_ok(cc.s))
            oml_coll_inter_alltoallv(cc.s, (const void *const *)sp, sl, rp, rl);
        return cc_end(&cc, request, persistent);
    }
    int r = c->coll.rank;
    if (!in_place && oml_sched_ok(cc.s) && sl[r] != rl[r]) { /* the block to ourselves */
        sp[r] = cc_mismatch(&cc, rl[r]);
        sl[r] = rl[r];
    }
    if (oml_sched_ok(cc.s))
        oml_coll_alltoallv(cc.s, (const void *const *)sp, sl, rp, rl);
    return cc_end(&cc, request, persistent);
}

/* ---- the MPI functions ---- */

OML_API int PMPI_Barrier(MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Barrier");
    return coll_barrier("MPI_Barrier", comm, NULL, false);
}
OML_ALIAS(Barrier)

OML_API int PMPI_Ibarrier(MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Ibarrier";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    return rc ? rc : coll_barrier(fn, comm, request, false);
}
OML_ALIAS(Ibarrier)

OML_API int PMPI_Bcast(void *buffer, int count, MPI_Datatype datatype, int root, MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Bcast");
    return coll_bcast("MPI_Bcast", buffer, count, datatype, root, comm, NULL, false);
}
OML_ALIAS(Bcast)

OML_API int PMPI_Ibcast(void *buffer, int count, MPI_Datatype datatype, int root, MPI_Comm comm,
                        MPI_Request *request)
{
    static const char fn[] = "MPI_Ibcast";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    return rc ? rc : coll_bcast(fn, buffer, count, datatype, root, comm, request, false);
}
OML_ALIAS(Ibcast)

OML_API int PMPI_Reduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                        MPI_Op op, int root, MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Reduce");
    return coll_reduce("MPI_Reduce", sendbuf, recvbuf, count, datatype, op, root, false, comm, NULL,
                       false);
}
OML_ALIAS(Reduce)

OML_API int PMPI_Ireduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                         MPI_Op op, int root, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Ireduce";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    return rc ? rc
              : coll_reduce(fn, sendbuf, recvbuf, count, datatype, op, root, false, comm, request,
                            false);
}
OML_ALIAS(Ireduce)

OML_API int PMPI_Allreduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                           MPI_Op op, MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Allreduce");
    return coll_reduce("MPI_Allreduce", sendbuf, recvbuf, count, datatype, op, 0, true, comm, NULL,
                       false);
}
OML_ALIAS(Allreduce)

OML_API int PMPI_Iallreduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                            MPI_Op op, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Iallreduce";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    return rc ? rc
              : coll_reduce(fn, sendbuf, recvbuf, count, datatype, op, 0, true, comm, request,
                            false);
}
OML_ALIAS(Iallreduce)

OML_API int PMPI_Scan(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                      MPI_Op op, MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Scan");
    return coll_scan("MPI_Scan", sendbuf, recvbuf, count, datatype, op, false, comm, NULL, false);
}
OML_ALIAS(Scan)

OML_API int PMPI_Iscan(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                       MPI_Op op, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Iscan";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    return rc ? rc
              : coll_scan(fn, sendbuf, recvbuf, count, datatype, op, false, comm, request, false);
}
OML_ALIAS(Iscan)

OML_API int PMPI_Exscan(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                        MPI_Op op, MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Exscan");
    return coll_scan("MPI_Exscan", sendbuf, recvbuf, count, datatype, op, true, comm, NULL, false);
}
OML_ALIAS(Exscan)

OML_API int PMPI_Iexscan(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                         MPI_Op op, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Iexscan";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    return rc ? rc
              : coll_scan(fn, sendbuf, recvbuf, count, datatype, op, true, comm, request, false);
}
OML_ALIAS(Iexscan)

OML_API int PMPI_Reduce_scatter(const void *sendbuf, void *recvbuf, const int recvcounts[],
                                MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    static const char fn[] = "MPI_Reduce_scatter";
    OML_CHECK_INIT(fn);
    if (recvcounts == NULL)
        return oml_error(oml_comm_get(comm), MPI_ERR_ARG, fn, "recvcounts is NULL");
    return coll_reduce_scatter(fn, sendbuf, recvbuf, recvcounts, 0, datatype, op, comm, NULL,
                               false);
}
OML_ALIAS(Reduce_scatter)

OML_API int PMPI_Ireduce_scatter(const void *sendbuf, void *recvbuf, const int recvcounts[],
                                 MPI_Datatype datatype, MPI_Op op, MPI_Comm comm,
                                 MPI_Request *request)
{
    static const char fn[] = "MPI_Ireduce_scatter";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    if (rc == MPI_SUCCESS && recvcounts == NULL)
        rc = oml_error(oml_comm_get(comm), MPI_ERR_ARG, fn, "recvcounts is NULL");
    return rc ? rc
              : coll_reduce_scatter(fn, sendbuf, recvbuf, recvcounts, 0, datatype, op, comm,
                                    request, false);
}
OML_ALIAS(Ireduce_scatter)

OML_API int PMPI_Reduce_scatter_block(const void *sendbuf, void *recvbuf, int recvcount,
                                      MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    static const char fn[] = "MPI_Reduce_scatter_block";
    OML_CHECK_INIT(fn);
    return coll_reduce_scatter(fn, sendbuf, recvbuf, NULL, recvcount, datatype, op, comm, NULL,
                               false);
}
OML_ALIAS(Reduce_scatter_block)

OML_API int PMPI_Ireduce_scatter_block(const void *sendbuf, void *recvbuf, int recvcount,
                                       MPI_Datatype datatype, MPI_Op op, MPI_Comm comm,
                                       MPI_Request *request)
{
    static const char fn[] = "MPI_Ireduce_scatter_block";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    return rc ? rc
              : coll_reduce_scatter(fn, sendbuf, recvbuf, NULL, recvcount, datatype, op, comm,
                                    request, false);
}
OML_ALIAS(Ireduce_scatter_block)

OML_API int PMPI_Gather(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                        int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Gather");
    return coll_gather("MPI_Gather", sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype,
                       root, comm, NULL, false);
}
OML_ALIAS(Gather)

OML_API int PMPI_Igather(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                         int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm,
                         MPI_Request *request)
{
    static const char fn[] = "MPI_Igather";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    return rc ? rc
              : coll_gather(fn, sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, root,
                            comm, request, false);
}
OML_ALIAS(Igather)

OML_API int PMPI_Gatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                         const int recvcounts[], const int displs[], MPI_Datatype recvtype,
                         int root, MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Gatherv");
    return coll_gatherv("MPI_Gatherv", sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs,
                        recvtype, root, comm, NULL, false);
}
OML_ALIAS(Gatherv)

OML_API int PMPI_Igatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                          const int recvcounts[], const int displs[], MPI_Datatype recvtype,
                          int root, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Igatherv";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    return rc ? rc
              : coll_gatherv(fn, sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs,
                             recvtype, root, comm, request, false);
}
OML_ALIAS(Igatherv)

OML_API int PMPI_Scatter(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                         int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Scatter");
    return coll_scatter("MPI_Scatter", sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype,
                        root, comm, NULL, false);
}
OML_ALIAS(Scatter)

OML_API int PMPI_Iscatter(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                          int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm,
                          MPI_Request *request)
{
    static const char fn[] = "MPI_Iscatter";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    return rc ? rc
              : coll_scatter(fn, sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, root,
                             comm, request, false);
}
OML_ALIAS(Iscatter)

OML_API int PMPI_Scatterv(const void *sendbuf, const int sendcounts[], const int displs[],
                          MPI_Datatype sendtype, void *recvbuf, int recvcount,
                          MPI_Datatype recvtype, int root, MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Scatterv");
    return coll_scatterv("MPI_Scatterv", sendbuf, sendcounts, displs, sendtype, recvbuf, recvcount,
                         recvtype, root, comm, NULL, false);
}
OML_ALIAS(Scatterv)

OML_API int PMPI_Iscatterv(const void *sendbuf, const int sendcounts[], const int displs[],
                           MPI_Datatype sendtype, void *recvbuf, int recvcount,
                           MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Iscatterv";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    return rc ? rc
              : coll_scatterv(fn, sendbuf, sendcounts, displs, sendtype, recvbuf, recvcount,
                              recvtype, root, comm, request, false);
}
OML_ALIAS(Iscatterv)

OML_API int PMPI_Allgather(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                           int recvcount, MPI_Datatype recvtype, MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Allgather");
    return coll_allgather("MPI_Allgather", sendbuf, sendcount, sendtype, recvbuf, recvcount,
                          recvtype, comm, NULL, false);
}
OML_ALIAS(Allgather)

OML_API int PMPI_Iallgather(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                            void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm,
                            MPI_Request *request)
{
    static const char fn[] = "MPI_Iallgather";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    return rc ? rc
              : coll_allgather(fn, sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm,
                               request, false);
}
OML_ALIAS(Iallgather)

OML_API int PMPI_Allgatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                            void *recvbuf, const int recvcounts[], const int displs[],
                            MPI_Datatype recvtype, MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Allgatherv");
    return coll_allgatherv("MPI_Allgatherv", sendbuf, sendcount, sendtype, recvbuf, recvcounts,
                           displs, recvtype, comm, NULL, false);
}
OML_ALIAS(Allgatherv)

OML_API int PMPI_Iallgatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                             void *recvbuf, const int recvcounts[], const int displs[],
                             MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Iallgatherv";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    return rc ? rc
              : coll_allgatherv(fn, sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs,
                                recvtype, comm, request, false);
}
OML_ALIAS(Iallgatherv)

OML_API int PMPI_Alltoall(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                          int recvcount, MPI_Datatype recvtype, MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Alltoall");
    return coll_alltoall("MPI_Alltoall", sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype,
                         comm, NULL, false);
}
OML_ALIAS(Alltoall)

OML_API int PMPI_Ialltoall(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                           int recvcount, MPI_Datatype recvtype, MPI_Comm comm,
                           MPI_Request *request)
{
    static const char fn[] = "MPI_Ialltoall";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    return rc ? rc
              : coll_alltoall(fn, sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm,
                              request, false);
}
OML_ALIAS(Ialltoall)

OML_API int PMPI_Alltoallv(const void *sendbuf, const int sendcounts[], const int sdispls[],
                           MPI_Datatype sendtype, void *recvbuf, const int recvcounts[],
                           const int rdispls[], MPI_Datatype recvtype, MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Alltoallv");
    return coll_alltoallw("MPI_Alltoallv", sendbuf, sendcounts, sdispls, &sendtype, recvbuf,
                          recvcounts, rdispls, &recvtype, false, comm, NULL, false);
}
OML_ALIAS(Alltoallv)

OML_API int PMPI_Ialltoallv(const void *sendbuf, const int sendcounts[], const int sdispls[],
                            MPI_Datatype sendtype, void *recvbuf, const int recvcounts[],
                            const int rdispls[], MPI_Datatype recvtype, MPI_Comm comm,
                            MPI_Request *request)
{
    static const char fn[] = "MPI_Ialltoallv";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    return rc ? rc
              : coll_alltoallw(fn, sendbuf, sendcounts, sdispls, &sendtype, recvbuf, recvcounts,
                               rdispls, &recvtype, false, comm, request, false);
}
OML_ALIAS(Ialltoallv)

OML_API int PMPI_Alltoallw(const void *sendbuf, const int sendcounts[], const int sdispls[],
                           const MPI_Datatype sendtypes[], void *recvbuf, const int recvcounts[],
                           const int rdispls[], const MPI_Datatype recvtypes[], MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Alltoallw");
    return coll_alltoallw("MPI_Alltoallw", sendbuf, sendcounts, sdispls, sendtypes, recvbuf,
                          recvcounts, rdispls, recvtypes, true, comm, NULL, false);
}
OML_ALIAS(Alltoallw)

OML_API int PMPI_Ialltoallw(const void *sendbuf, const int sendcounts[], const int sdispls[],
                            const MPI_Datatype sendtypes[], void *recvbuf, const int recvcounts[],
                            const int rdispls[], const MPI_Datatype recvtypes[], MPI_Comm comm,
                            MPI_Request *request)
{
    static const char fn[] = "MPI_Ialltoallw";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, NULL, request);
    return rc ? rc
              : coll_alltoallw(fn, sendbuf, sendcounts, sdispls, sendtypes, recvbuf, recvcounts,
                               rdispls, recvtypes, true, comm, request, false);
}
OML_ALIAS(Ialltoallw)

/* ---- persistent collectives (MPI-4.0, 6.13): built once, run by each MPI_Start ---- */

OML_API int PMPI_Barrier_init(MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Barrier_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    return rc ? rc : coll_barrier(fn, comm, request, true);
}
OML_ALIAS(Barrier_init)

OML_API int PMPI_Bcast_init(void *buffer, int count, MPI_Datatype datatype, int root, MPI_Comm comm,
                            MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Bcast_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    return rc ? rc : coll_bcast(fn, buffer, count, datatype, root, comm, request, true);
}
OML_ALIAS(Bcast_init)

OML_API int PMPI_Reduce_init(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                             MPI_Op op, int root, MPI_Comm comm, MPI_Info info,
                             MPI_Request *request)
{
    static const char fn[] = "MPI_Reduce_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    return rc ? rc
              : coll_reduce(fn, sendbuf, recvbuf, count, datatype, op, root, false, comm, request,
                            true);
}
OML_ALIAS(Reduce_init)

OML_API int PMPI_Allreduce_init(const void *sendbuf, void *recvbuf, int count,
                                MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Info info,
                                MPI_Request *request)
{
    static const char fn[] = "MPI_Allreduce_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    return rc ? rc
              : coll_reduce(fn, sendbuf, recvbuf, count, datatype, op, 0, true, comm, request,
                            true);
}
OML_ALIAS(Allreduce_init)

OML_API int PMPI_Scan_init(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                           MPI_Op op, MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Scan_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    return rc ? rc
              : coll_scan(fn, sendbuf, recvbuf, count, datatype, op, false, comm, request, true);
}
OML_ALIAS(Scan_init)

OML_API int PMPI_Exscan_init(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                             MPI_Op op, MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Exscan_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    return rc ? rc
              : coll_scan(fn, sendbuf, recvbuf, count, datatype, op, true, comm, request, true);
}
OML_ALIAS(Exscan_init)

OML_API int PMPI_Reduce_scatter_init(const void *sendbuf, void *recvbuf, const int recvcounts[],
                                     MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Info info,
                                     MPI_Request *request)
{
    static const char fn[] = "MPI_Reduce_scatter_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    if (rc == MPI_SUCCESS && recvcounts == NULL)
        rc = oml_error(oml_comm_get(comm), MPI_ERR_ARG, fn, "recvcounts is NULL");
    return rc ? rc
              : coll_reduce_scatter(fn, sendbuf, recvbuf, recvcounts, 0, datatype, op, comm,
                                    request, true);
}
OML_ALIAS(Reduce_scatter_init)

OML_API int PMPI_Reduce_scatter_block_init(const void *sendbuf, void *recvbuf, int recvcount,
                                           MPI_Datatype datatype, MPI_Op op, MPI_Comm comm,
                                           MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Reduce_scatter_block_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    return rc ? rc
              : coll_reduce_scatter(fn, sendbuf, recvbuf, NULL, recvcount, datatype, op, comm,
                                    request, true);
}
OML_ALIAS(Reduce_scatter_block_init)

OML_API int PMPI_Gather_init(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                             void *recvbuf, int recvcount, MPI_Datatype recvtype, int root,
                             MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Gather_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    return rc ? rc
              : coll_gather(fn, sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, root,
                            comm, request, true);
}
OML_ALIAS(Gather_init)

OML_API int PMPI_Gatherv_init(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                              void *recvbuf, const int recvcounts[], const int displs[],
                              MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Info info,
                              MPI_Request *request)
{
    static const char fn[] = "MPI_Gatherv_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    return rc ? rc
              : coll_gatherv(fn, sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs,
                             recvtype, root, comm, request, true);
}
OML_ALIAS(Gatherv_init)

OML_API int PMPI_Scatter_init(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                              void *recvbuf, int recvcount, MPI_Datatype recvtype, int root,
                              MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Scatter_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    return rc ? rc
              : coll_scatter(fn, sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, root,
                             comm, request, true);
}
OML_ALIAS(Scatter_init)

OML_API int PMPI_Scatterv_init(const void *sendbuf, const int sendcounts[], const int displs[],
                               MPI_Datatype sendtype, void *recvbuf, int recvcount,
                               MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Info info,
                               MPI_Request *request)
{
    static const char fn[] = "MPI_Scatterv_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    return rc ? rc
              : coll_scatterv(fn, sendbuf, sendcounts, displs, sendtype, recvbuf, recvcount,
                              recvtype, root, comm, request, true);
}
OML_ALIAS(Scatterv_init)

OML_API int PMPI_Allgather_init(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                                void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm,
                                MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Allgather_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    return rc ? rc
              : coll_allgather(fn, sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm,
                               request, true);
}
OML_ALIAS(Allgather_init)

OML_API int PMPI_Allgatherv_init(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                                 void *recvbuf, const int recvcounts[], const int displs[],
                                 MPI_Datatype recvtype, MPI_Comm comm, MPI_Info info,
                                 MPI_Request *request)
{
    static const char fn[] = "MPI_Allgatherv_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    return rc ? rc
              : coll_allgatherv(fn, sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs,
                                recvtype, comm, request, true);
}
OML_ALIAS(Allgatherv_init)

OML_API int PMPI_Alltoall_init(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                               void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm,
                               MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Alltoall_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    return rc ? rc
              : coll_alltoall(fn, sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm,
                              request, true);
}
OML_ALIAS(Alltoall_init)

OML_API int PMPI_Alltoallv_init(const void *sendbuf, const int sendcounts[], const int sdispls[],
                                MPI_Datatype sendtype, void *recvbuf, const int recvcounts[],
                                const int rdispls[], MPI_Datatype recvtype, MPI_Comm comm,
                                MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Alltoallv_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    return rc ? rc
              : coll_alltoallw(fn, sendbuf, sendcounts, sdispls, &sendtype, recvbuf, recvcounts,
                               rdispls, &recvtype, false, comm, request, true);
}
OML_ALIAS(Alltoallv_init)

OML_API int PMPI_Alltoallw_init(const void *sendbuf, const int sendcounts[], const int sdispls[],
                                const MPI_Datatype sendtypes[], void *recvbuf,
                                const int recvcounts[], const int rdispls[],
                                const MPI_Datatype recvtypes[], MPI_Comm comm, MPI_Info info,
                                MPI_Request *request)
{
    static const char fn[] = "MPI_Alltoallw_init";
    OML_CHECK_INIT(fn);
    int rc = oml_coll_request_args(fn, comm, &info, request);
    return rc ? rc
              : coll_alltoallw(fn, sendbuf, sendcounts, sdispls, sendtypes, recvbuf, recvcounts,
                               rdispls, recvtypes, true, comm, request, true);
}
OML_ALIAS(Alltoallw_init)
