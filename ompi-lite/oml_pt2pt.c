/*
 * ompi-lite/oml_pt2pt.c: the point-to-point chapter: send modes, receives, probes, matched
 * probes, persistent requests, the wait and test family, cancel, statuses. Argument checks
 * and requests live here; the transport moves the bytes.
 *
 * Statuses keep the received byte count in MPI_internal[0..1] and the cancelled flag in
 * MPI_internal[2].
 *
 * Counts are MPI_Count inside: each call and its large-count twin (MPI_Send and MPI_Send_c)
 * share one body.
 */
#include "oml_impl.h"

#include <stdlib.h>
#include <string.h>

/* ---- arguments and statuses ---- */

/* Checks the arguments every point-to-point call shares; peer is dest or source. */
static int pt_check(const char *fn, MPI_Comm comm, const void *buf, MPI_Count count,
                    MPI_Datatype dt, int peer, int tag, bool recv, oml_comm_t **c_p,
                    oml_dtype_t **d_p)
{
    oml_comm_t *c = oml_comm_get(comm);
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator (MPI_COMM_NULL?)");
    if (count < 0)
        return oml_error(c, MPI_ERR_COUNT, fn, "count is %lld; it must be >= 0", (long long)count);
    oml_dtype_t *d = oml_dtype_get(dt);
    if (d == NULL && dt == MPI_DATATYPE_NULL && count == 0)
        d = oml_dtype_get(MPI_BYTE); /* no data: accepted, as MPICH accepts it */
    if (d == NULL)
        return oml_error(c, MPI_ERR_TYPE, fn, "invalid datatype%s",
                         dt == MPI_DATATYPE_NULL ? " (MPI_DATATYPE_NULL with a count above 0)"
                                                 : "");
    if (!d->committed)
        return oml_error(c, MPI_ERR_TYPE, fn,
                         "the datatype is not committed; call MPI_Type_commit before using it");
    /* MPI_BOTTOM is NULL: allowed with a type of absolute addresses (a non-zero lower bound) */
    if (buf == NULL && count > 0 && d->size > 0 && d->true_lb == 0)
        return oml_error(c, MPI_ERR_BUFFER, fn, "buffer is NULL with count %lld", (long long)count);
    bool peer_ok = peer == MPI_PROC_NULL || (peer >= 0 && peer < c->pt2pt.size) ||
                   (recv && peer == MPI_ANY_SOURCE);
    if (!peer_ok)
        return oml_error(c, MPI_ERR_RANK, fn, "rank %d is not in the communicator (size %d)", peer,
                         c->pt2pt.size);
    bool tag_ok = (tag >= 0 && tag <= OML_TAG_UB) || (recv && tag == MPI_ANY_TAG);
    if (!tag_ok)
        return oml_error(c, MPI_ERR_TAG, fn, "tag %d is outside 0..MPI_TAG_UB%s", tag,
                         recv ? " and is not MPI_ANY_TAG" : "");
    *c_p = c;
    *d_p = d;
    return MPI_SUCCESS;
}

/* Checks a probe's communicator, source and tag. */
static int pt_check_probe(const char *fn, MPI_Comm comm, int source, int tag, oml_comm_t **c_p)
{
    oml_dtype_t *d;
    return pt_check(fn, comm, NULL, 0, MPI_BYTE, source, tag, true, c_p, &d);
}

static void pt_status_cancelled(MPI_Status *s, int cancelled)
{
    if (s != MPI_STATUS_IGNORE)
        s->MPI_internal[2] = cancelled;
}

/*
 * Fills status from a completed transport receive into elements of d; returns the MPI error of
 * the receive. A message that ends inside a basic element of d (3 bytes into MPI_INTs) cannot have
 * the receive's type signature: MPI_ERR_TYPE, as MPICH gives, where a silent success would leave
 * the program with a partial number (MPI_Get_count says MPI_UNDEFINED). Only a length that is not
 * a whole number of d is looked at, so a matching receive pays one modulo.
 */
static int pt_recv_status(const char *fn, oml_comm_t *c, const oml_tp_req_t *t,
                          const oml_dtype_t *d, MPI_Status *status)
{
    if (t->status == OML_ERR_CANCELLED) {
        oml_status_set(status, MPI_ANY_SOURCE, MPI_ANY_TAG, 0);
        pt_status_cancelled(status, 1);
        return MPI_SUCCESS;
    }
    oml_status_set(status, t->source, t->tag, t->len);
    if (t->status == OML_ERR_TRUNCATE) {
        if (status != MPI_STATUS_IGNORE)
            status->MPI_ERROR = MPI_ERR_TRUNCATE;
        return oml_error(c, MPI_ERR_TRUNCATE, fn,
                         "a message of %zu bytes from rank %d (tag %d) does not fit the receive "
                         "buffer of %zu bytes",
                         t->msg_len, t->source, t->tag, t->cap);
    }
    if (d != NULL && d->size > 0 && t->len % d->size != 0 && oml_dt_elements(d, t->len) < 0) {
        if (status != MPI_STATUS_IGNORE)
            status->MPI_ERROR = MPI_ERR_TYPE;
        return oml_error(c, MPI_ERR_TYPE, fn,
                         "a message of %zu bytes from rank %d (tag %d) ends inside a basic element "
                         "of the receive datatype: the send and receive type signatures do not "
                         "match",
                         t->len, t->source, t->tag);
    }
    return MPI_SUCCESS;
}

/* A completed nonblocking collective: an empty status, and its error if it failed. */
static int pt_coll_status(const char *fn, oml_request_t *r, MPI_Status *status)
{
    int err = r->tp.status != OML_OK ? oml_coll_error(r->comm, fn, r->tp.status) : MPI_SUCCESS;
    oml_status_set(status, MPI_ANY_SOURCE, MPI_ANY_TAG, 0);
    if (err != MPI_SUCCESS && status != MPI_STATUS_IGNORE)
        status->MPI_ERROR = err;
    pt_status_cancelled(status, 0);
    return err;
}

static void pt_proc_null_status(MPI_Status *status)
{
    oml_status_set(status, MPI_PROC_NULL, MPI_ANY_TAG, 0);
}

/* The status of a completed send: empty, flagged when MPI_Cancel withdrew the message. */
static void pt_send_status(const oml_request_t *r, MPI_Status *status)
{
    oml_status_set(status, MPI_ANY_SOURCE, MPI_ANY_TAG, 0);
    pt_status_cancelled(status, r->tp.status == OML_ERR_CANCELLED);
}

/* The status of a null or inactive request: the standard's empty status, error included. */
static void pt_empty_status(MPI_Status *status)
{
    oml_status_set(status, MPI_ANY_SOURCE, MPI_ANY_TAG, 0);
    if (status != MPI_STATUS_IGNORE)
        status->MPI_ERROR = MPI_SUCCESS;
}

/* Starts a send in the given mode on a transport request. */
static int pt_send_start(const char *fn, oml_comm_t *c, oml_send_mode_t mode, oml_tp_req_t *t,
                         const void *buf, size_t len, int dest, int tag, oml_request_t *owner)
{
    oml_status_t st;
    if (mode == OML_SEND_BUFFERED) {
        int rc = oml_bsend_start(fn, c, buf, len, dest, tag, owner);
        t->complete = 1; /* the user's buffer is free once copied */
        t->status = OML_OK;
        return rc;
    }
    if (mode == OML_SEND_SYNC)
        st = oml_tp_issend(t, buf, len, dest, tag, &c->pt2pt);
    else
        st = oml_tp_isend(t, buf, len, dest, tag, &c->pt2pt);
    return st == OML_OK ? MPI_SUCCESS
                        : oml_error(c, MPI_ERR_INTERN, fn, "%s", oml_status_string(st));
}

/* ---- blocking sends and receives ---- */

static int pt_nomem(const char *fn, oml_comm_t *c, oml_dbuf_t *db)
{
    size_t len = db->len;
    oml_dbuf_free(db);
    return oml_error(c, MPI_ERR_NO_MEM, fn, "no memory to pack %zu bytes of a derived datatype",
                     len);
}

static int pt_send(const char *fn, oml_send_mode_t mode, const void *buf, MPI_Count count,
                   MPI_Datatype datatype, int dest, int tag, MPI_Comm comm)
{
    OML_CHECK_INIT(fn);
    oml_comm_t *c;
    oml_dtype_t *d;
    int rc = pt_check(fn, comm, buf, count, datatype, dest, tag, false, &c, &d);
    if (rc != MPI_SUCCESS || dest == MPI_PROC_NULL)
        return rc;
    oml_dbuf_t db = {0};
    if (oml_dbuf_send(&db, d, buf, (size_t)count) != MPI_SUCCESS)
        return pt_nomem(fn, c, &db);
    oml_tp_req_t req;
    rc = pt_send_start(fn, c, mode, &req, db.ptr, db.len, dest, tag, NULL);
    if (rc == MPI_SUCCESS)
        oml_tp_wait(&req);
    oml_dbuf_free(&db);
    return rc;
}

#define PT_BLOCKING_SEND(Name, mode)                                                               \
    OML_API int PMPI_##Name(const void *buf, int count, MPI_Datatype datatype, int dest, int tag,  \
                            MPI_Comm comm)                                                         \
    {                                                                                              \
        return pt_send("MPI_" #Name, mode, buf, count, datatype, dest, tag, comm);                 \
    }                                                                                              \
    OML_ALIAS(Name)                                                                                \
    OML_API int PMPI_##Name##_c(const void *buf, MPI_Count count, MPI_Datatype datatype, int dest, \
                                int tag, MPI_Comm comm)                                            \
    {                                                                                              \
        return pt_send("MPI_" #Name "_c", mode, buf, count, datatype, dest, tag, comm);            \
    }                                                                                              \
    OML_ALIAS(Name##_c)

PT_BLOCKING_SEND(Send, OML_SEND_STANDARD)
PT_BLOCKING_SEND(Ssend, OML_SEND_SYNC)
PT_BLOCKING_SEND(Rsend, OML_SEND_STANDARD)
PT_BLOCKING_SEND(Bsend, OML_SEND_BUFFERED)

static int pt_recv(const char *fn, void *buf, MPI_Count count, MPI_Datatype datatype, int source,
                   int tag, MPI_Comm comm, MPI_Status *status)
{
    OML_CHECK_INIT(fn);
    oml_comm_t *c;
    oml_dtype_t *d;
    int rc = pt_check(fn, comm, buf, count, datatype, source, tag, true, &c, &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (source == MPI_PROC_NULL) {
        pt_proc_null_status(status);
        return MPI_SUCCESS;
    }
    oml_dbuf_t db = {0};
    if (oml_dbuf_recv(&db, d, buf, (size_t)count) != MPI_SUCCESS)
        return pt_nomem(fn, c, &db);
    oml_tp_req_t req;
    oml_status_t st = oml_tp_irecv(&req, db.ptr, db.len, source, tag, &c->pt2pt);
    if (st != OML_OK) {
        oml_dbuf_free(&db);
        return oml_error(c, MPI_ERR_INTERN, fn, "%s", oml_status_string(st));
    }
    oml_tp_wait(&req);
    oml_dbuf_unpack(&db, d, buf, (size_t)count, req.len);
    oml_dbuf_free(&db);
    return pt_recv_status(fn, c, &req, d, status);
}

OML_API int PMPI_Recv(void *buf, int count, MPI_Datatype datatype, int source, int tag,
                      MPI_Comm comm, MPI_Status *status)
{
    return pt_recv("MPI_Recv", buf, count, datatype, source, tag, comm, status);
}
OML_ALIAS(Recv)

OML_API int PMPI_Recv_c(void *buf, MPI_Count count, MPI_Datatype datatype, int source, int tag,
                        MPI_Comm comm, MPI_Status *status)
{
    return pt_recv("MPI_Recv_c", buf, count, datatype, source, tag, comm, status);
}
OML_ALIAS(Recv_c)

/* Checks both halves of a send-receive: the send to dest and the receive from source. */
static int pt_check_pair(const char *fn, MPI_Comm comm, const void *sendbuf, MPI_Count sendcount,
                         MPI_Datatype sendtype, int dest, int sendtag, const void *recvbuf,
                         MPI_Count recvcount, MPI_Datatype recvtype, int source, int recvtag,
                         oml_comm_t **c_p, oml_dtype_t **sd_p, oml_dtype_t **rd_p)
{
    int rc = pt_check(fn, comm, sendbuf, sendcount, sendtype, dest, sendtag, false, c_p, sd_p);
    if (rc == MPI_SUCCESS)
        rc = pt_check(fn, comm, recvbuf, recvcount, recvtype, source, recvtag, true, c_p, rd_p);
    return rc;
}

static int pt_sendrecv(const char *fn, const void *sendbuf, MPI_Count sendcount,
                       MPI_Datatype sendtype, int dest, int sendtag, void *recvbuf,
                       MPI_Count recvcount, MPI_Datatype recvtype, int source, int recvtag,
                       MPI_Comm comm, MPI_Status *status)
{
    OML_CHECK_INIT(fn);
    oml_comm_t *c;
    oml_dtype_t *sd, *rd;
    int rc = pt_check_pair(fn, comm, sendbuf, sendcount, sendtype, dest, sendtag, recvbuf,
                           recvcount, recvtype, source, recvtag, &c, &sd, &rd);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_dbuf_t sdb = {0}, rdb = {0};
    if (oml_dbuf_recv(&rdb, rd, recvbuf, (size_t)recvcount) != MPI_SUCCESS ||
        oml_dbuf_send(&sdb, sd, sendbuf, (size_t)sendcount) != MPI_SUCCESS) {
        oml_dbuf_free(&sdb);
        return pt_nomem(fn, c, &rdb);
    }
    oml_tp_req_t rreq, sreq;
    oml_status_t st = OML_OK;
    if (source != MPI_PROC_NULL)
        st = oml_tp_irecv(&rreq, rdb.ptr, rdb.len, source, recvtag, &c->pt2pt);
    if (st == OML_OK && dest != MPI_PROC_NULL)
        st = oml_tp_isend(&sreq, sdb.ptr, sdb.len, dest, sendtag, &c->pt2pt);
    if (st != OML_OK) {
        oml_dbuf_free(&sdb);
        oml_dbuf_free(&rdb);
        return oml_error(c, MPI_ERR_INTERN, fn, "%s", oml_status_string(st));
    }
    if (dest != MPI_PROC_NULL)
        oml_tp_wait(&sreq);
    oml_dbuf_free(&sdb);
    if (source == MPI_PROC_NULL) {
        oml_dbuf_free(&rdb);
        pt_proc_null_status(status);
        return MPI_SUCCESS;
    }
    oml_tp_wait(&rreq);
    oml_dbuf_unpack(&rdb, rd, recvbuf, (size_t)recvcount, rreq.len);
    oml_dbuf_free(&rdb);
    return pt_recv_status(fn, c, &rreq, rd, status);
}

OML_API int PMPI_Sendrecv(const void *sendbuf, int sendcount, MPI_Datatype sendtype, int dest,
                          int sendtag, void *recvbuf, int recvcount, MPI_Datatype recvtype,
                          int source, int recvtag, MPI_Comm comm, MPI_Status *status)
{
    return pt_sendrecv("MPI_Sendrecv", sendbuf, sendcount, sendtype, dest, sendtag, recvbuf,
                       recvcount, recvtype, source, recvtag, comm, status);
}
OML_ALIAS(Sendrecv)

OML_API int PMPI_Sendrecv_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                            int dest, int sendtag, void *recvbuf, MPI_Count recvcount,
                            MPI_Datatype recvtype, int source, int recvtag, MPI_Comm comm,
                            MPI_Status *status)
{
    return pt_sendrecv("MPI_Sendrecv_c", sendbuf, sendcount, sendtype, dest, sendtag, recvbuf,
                       recvcount, recvtype, source, recvtag, comm, status);
}
OML_ALIAS(Sendrecv_c)

static int pt_sendrecv_replace(const char *fn, void *buf, MPI_Count count, MPI_Datatype datatype,
                               int dest, int sendtag, int source, int recvtag, MPI_Comm comm,
                               MPI_Status *status)
{
    OML_CHECK_INIT(fn);
    oml_comm_t *c;
    oml_dtype_t *d;
    int rc = pt_check_pair(fn, comm, buf, count, datatype, dest, sendtag, buf, count, datatype,
                           source, recvtag, &c, &d, &d);
    if (rc != MPI_SUCCESS)
        return rc;
    size_t len = (size_t)count * d->size;
    void *tmp = malloc(len > 0 ? len : 1);
    if (tmp == NULL)
        return oml_error(c, MPI_ERR_NO_MEM, fn, "no memory for a %zu-byte staging buffer", len);
    oml_dbuf_t sdb = {0};
    if (oml_dbuf_send(&sdb, d, buf, (size_t)count) != MPI_SUCCESS) {
        free(tmp);
        return pt_nomem(fn, c, &sdb);
    }
    oml_tp_req_t rreq, sreq;
    oml_status_t st = OML_OK;
    if (source != MPI_PROC_NULL)
        st = oml_tp_irecv(&rreq, tmp, len, source, recvtag, &c->pt2pt);
    if (st == OML_OK && dest != MPI_PROC_NULL)
        st = oml_tp_isend(&sreq, sdb.ptr, sdb.len, dest, sendtag, &c->pt2pt);
    if (st != OML_OK) {
        free(tmp);
        oml_dbuf_free(&sdb);
        return oml_error(c, MPI_ERR_INTERN, fn, "%s", oml_status_string(st));
    }
    if (dest != MPI_PROC_NULL)
        oml_tp_wait(&sreq);
    oml_dbuf_free(&sdb);
    if (source == MPI_PROC_NULL) {
        free(tmp);
        pt_proc_null_status(status);
        return MPI_SUCCESS;
    }
    oml_tp_wait(&rreq);
    oml_dt_unpack(d, buf, (size_t)count, tmp, rreq.len);
    free(tmp);
    return pt_recv_status(fn, c, &rreq, d, status);
}

OML_API int PMPI_Sendrecv_replace(void *buf, int count, MPI_Datatype datatype, int dest,
                                  int sendtag, int source, int recvtag, MPI_Comm comm,
                                  MPI_Status *status)
{
    return pt_sendrecv_replace("MPI_Sendrecv_replace", buf, count, datatype, dest, sendtag, source,
                               recvtag, comm, status);
}
OML_ALIAS(Sendrecv_replace)

OML_API int PMPI_Sendrecv_replace_c(void *buf, MPI_Count count, MPI_Datatype datatype, int dest,
                                    int sendtag, int source, int recvtag, MPI_Comm comm,
                                    MPI_Status *status)
{
    return pt_sendrecv_replace("MPI_Sendrecv_replace_c", buf, count, datatype, dest, sendtag,
                               source, recvtag, comm, status);
}
OML_ALIAS(Sendrecv_replace_c)

/* ---- nonblocking and persistent requests ---- */

/*
 * Requests come from a free list: a stream of nonblocking operations (a window of Isends)
 * otherwise spends more time in malloc and free than in the transport.
 */
#define PT_POOL_MAX 4096

static struct {
    oml_request_t *free;
    int nfree;
} pt_pool;

void oml_request_finish_data(oml_request_t *r)
{
    if (!r->unpack || !oml_request_done(r))
        return;
    r->unpack = false;
    if (r->tp.status == OML_ERR_CANCELLED)
        return;
    if (r->pair != NULL && r->pair->rtmp != NULL) /* replace: the send has read buf by now */
        oml_dt_unpack(r->dt, r->buf, r->count, r->pair->rtmp, r->tp.len);
    else
        oml_dbuf_unpack(&r->db, r->dt, r->buf, r->count, r->tp.len);
}

void oml_request_release(oml_request_t *r)
{
    oml_bsend_disown(r);
    oml_request_finish_data(r);
    oml_dbuf_free(&r->db);
    if (r->pair != NULL) {
        oml_dbuf_free(&r->pair->db);
        free(r->pair->rtmp);
        free(r->pair);
        r->pair = NULL;
    }
    if (r->sched != NULL)
        oml_sched_free(r->sched);
    r->sched = NULL;
    if (r->greq != NULL) { /* a generalized request, released by oml_greq_release */
        free(r->greq);
        r->greq = NULL;
    }
    if (r->part != NULL)
        oml_part_free(r);
    if (r->dt != NULL)
        oml_dtype_release(r->dt);
    if (r->comm != NULL)
        oml_comm_release(r->comm);
    r->dt = NULL;
    r->comm = NULL;
    if (pt_pool.nfree >= PT_POOL_MAX) {
        free(r);
        return;
    }
    r->next = pt_pool.free;
    pt_pool.free = r;
    pt_pool.nfree++;
}

void oml_request_pool_free(void)
{
    while (pt_pool.free != NULL) {
        oml_request_t *r = pt_pool.free;
        pt_pool.free = r->next;
        free(r);
    }
    pt_pool.nfree = 0;
}

static oml_request_t *pt_request_new(oml_comm_t *c, int kind, int peer)
{
    oml_request_t *r = pt_pool.free;
    if (r != NULL) {
        pt_pool.free = r->next;
        pt_pool.nfree--;
        memset(r, 0, sizeof(*r));
    } else if ((r = calloc(1, sizeof(*r))) == NULL) {
        return NULL;
    }
    r->comm = c;
    if (c != NULL)
        oml_comm_retain(c);
    r->kind = kind;
    r->peer = peer;
    r->proc_null = peer == MPI_PROC_NULL;
    return r;
}

oml_request_t *oml_request_pending(oml_comm_t *c)
{
    oml_request_t *r = pt_request_new(c, OML_REQ_COLL, 0);
    if (r != NULL) {
        r->tp.complete = 0;
        r->tp.status = OML_OK;
    }
    return r;
}

oml_request_t *oml_request_greq(oml_greq_t *g)
{
    oml_request_t *r = pt_request_new(NULL, OML_REQ_GREQ, 0);
    if (r != NULL) {
        r->greq = g;
        r->tp.complete = 0;
        r->tp.status = OML_OK;
    }
    return r;
}

oml_request_t *oml_request_coll(oml_comm_t *c, oml_sched_t *s)
{
    oml_request_t *r = pt_request_new(c, OML_REQ_COLL, 0);
    if (r == NULL)
        return NULL;
    r->sched = s;
    oml_sched_start(s, &r->tp.complete, &r->tp.status);
    return r;
}

oml_request_t *oml_request_coll_init(oml_comm_t *c, oml_sched_t *s)
{
    oml_request_t *r = pt_request_new(c, OML_REQ_COLL, 0);
    if (r == NULL)
        return NULL;
    r->sched = s;
    r->persistent = true;
    r->tp.complete = 1; /* inactive */
    return r;
}

/* Starts r (fresh or persistent) on the transport. */
static int pt_request_start(const char *fn, oml_request_t *r)
{
    r->tp.complete = 0;
    r->tp.status = OML_OK;
    if (r->proc_null) {
        r->tp.complete = 1;
        return MPI_SUCCESS;
    }
    if (r->kind == OML_REQ_COLL) {
        oml_sched_start(r->sched, &r->tp.complete, &r->tp.status);
        return MPI_SUCCESS;
    }
    if (r->part != NULL && r->kind == OML_TP_REQ_SEND)
        return oml_part_start(fn, r);
    if (r->kind == OML_TP_REQ_SEND) {
        if (oml_dbuf_send(&r->db, r->dt, r->buf, r->count) != MPI_SUCCESS)
            return oml_error(r->comm, MPI_ERR_NO_MEM, fn, "no memory to pack the message");
        return pt_send_start(fn, r->comm, r->mode, &r->tp, r->db.ptr, r->db.len, r->peer, r->tag,
                             r);
    }
    if (oml_dbuf_recv(&r->db, r->dt, r->buf, r->count) != MPI_SUCCESS)
        return oml_error(r->comm, MPI_ERR_NO_MEM, fn, "no memory to stage the message");
    r->unpack = !r->dt->contig;
    /* a partitioned receive posts its whole buffer, on its channel's context */
    const oml_tp_comm_t *tpc = r->part != NULL ? &r->part->tpc : &r->comm->pt2pt;
    oml_status_t st = oml_tp_irecv(&r->tp, r->db.ptr, r->db.len, r->peer, r->tag, tpc);
    return st == OML_OK ? MPI_SUCCESS
                        : oml_error(r->comm, MPI_ERR_INTERN, fn, "%s", oml_status_string(st));
}

/* Creates a request for an I-call (started) or an _init call (persistent, inactive). */
static int pt_request(const char *fn, bool recv, oml_send_mode_t mode, bool persistent,
                      const void *buf, MPI_Count count, MPI_Datatype datatype, int peer, int tag,
                      MPI_Comm comm, MPI_Request *request)
{
    OML_CHECK_INIT(fn);
    oml_comm_t *c;
    oml_dtype_t *d;
    int rc = pt_check(fn, comm, buf, count, datatype, peer, tag, recv, &c, &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (request == NULL)
        return oml_error(c, MPI_ERR_REQUEST, fn, "request pointer is NULL");
    oml_request_t *r = pt_request_new(c, recv ? OML_TP_REQ_RECV : OML_TP_REQ_SEND, peer);
    if (r == NULL)
        return oml_error(c, MPI_ERR_NO_MEM, fn, "no memory for a request");
    r->mode = mode;
    r->buf = (void *)buf;
    r->count = (size_t)count;
    r->dt = d;
    oml_dtype_retain(d);
    r->tag = tag;
    r->persistent = persistent;
    if (persistent) {
        r->tp.complete = 1; /* inactive */
    } else if ((rc = pt_request_start(fn, r)) != MPI_SUCCESS) {
        oml_request_release(r);
        return rc;
    }
    *request = (MPI_Request)r;
    return MPI_SUCCESS;
}

int oml_request_p2p_init(const char *fn, bool recv, const void *buf, MPI_Count count,
                         MPI_Datatype datatype, int peer, int tag, MPI_Comm comm,
                         MPI_Request *request)
{
    return pt_request(fn, recv, OML_SEND_STANDARD, true, buf, count, datatype, peer, tag, comm,
                      request);
}

#define PT_SEND_CALL(Name, mode, persistent)                                                       \
    OML_API int PMPI_##Name(const void *buf, int count, MPI_Datatype datatype, int dest, int tag,  \
                            MPI_Comm comm, MPI_Request *request)                                   \
    {                                                                                              \
        return pt_request("MPI_" #Name, false, mode, persistent, buf, count, datatype, dest, tag,  \
                          comm, request);                                                          \
    }                                                                                              \
    OML_ALIAS(Name)                                                                                \
    OML_API int PMPI_##Name##_c(const void *buf, MPI_Count count, MPI_Datatype datatype, int dest, \
                                int tag, MPI_Comm comm, MPI_Request *request)                      \
    {                                                                                              \
        return pt_request("MPI_" #Name "_c", false, mode, persistent, buf, count, datatype, dest,  \
                          tag, comm, request);                                                     \
    }                                                                                              \
    OML_ALIAS(Name##_c)

PT_SEND_CALL(Isend, OML_SEND_STANDARD, false)
PT_SEND_CALL(Issend, OML_SEND_SYNC, false)
PT_SEND_CALL(Irsend, OML_SEND_STANDARD, false)
PT_SEND_CALL(Ibsend, OML_SEND_BUFFERED, false)
PT_SEND_CALL(Send_init, OML_SEND_STANDARD, true)
PT_SEND_CALL(Ssend_init, OML_SEND_SYNC, true)
PT_SEND_CALL(Rsend_init, OML_SEND_STANDARD, true)
PT_SEND_CALL(Bsend_init, OML_SEND_BUFFERED, true)

/*
 * MPI_Isendrecv(_replace): the request is the receive, with the send as its pair; it completes
 * when both have. With replace, the receive lands in a staging buffer that is unpacked into buf
 * only then, since the send reads buf until it is done.
 */
static int pt_isendrecv(const char *fn, const void *sendbuf, MPI_Count sendcount,
                        MPI_Datatype sendtype, int dest, int sendtag, void *recvbuf,
                        MPI_Count recvcount, MPI_Datatype recvtype, int source, int recvtag,
                        MPI_Comm comm, MPI_Request *request, bool replace)
{
    OML_CHECK_INIT(fn);
    oml_comm_t *c;
    oml_dtype_t *sd, *rd;
    int rc = pt_check_pair(fn, comm, sendbuf, sendcount, sendtype, dest, sendtag, recvbuf,
                           recvcount, recvtype, source, recvtag, &c, &sd, &rd);
    if (rc != MPI_SUCCESS)
        return rc;
    if (request == NULL)
        return oml_error(c, MPI_ERR_REQUEST, fn, "request pointer is NULL");
    oml_request_t *r = pt_request_new(c, OML_TP_REQ_RECV, source);
    if (r == NULL)
        return oml_error(c, MPI_ERR_NO_MEM, fn, "no memory for a request");
    r->buf = recvbuf;
    r->count = (size_t)recvcount;
    r->dt = rd;
    oml_dtype_retain(rd);
    r->tag = recvtag;
    oml_pair_t *p = r->pair = calloc(1, sizeof(*p));
    size_t rlen = (size_t)recvcount * rd->size;
    bool nomem = p == NULL || oml_dbuf_send(&p->db, sd, sendbuf, (size_t)sendcount) != MPI_SUCCESS;
    if (!nomem && !r->proc_null) {
        if (replace)
            nomem = (p->rtmp = malloc(rlen > 0 ? rlen : 1)) == NULL;
        else
            nomem = oml_dbuf_recv(&r->db, rd, recvbuf, (size_t)recvcount) != MPI_SUCCESS;
    }
    if (nomem) {
        r->tp.complete = 1;
        if (p != NULL)
            p->tp.complete = 1;
        oml_request_release(r);
        return oml_error(c, MPI_ERR_NO_MEM, fn, "no memory to stage the messages");
    }
    oml_status_t st = OML_OK;
    if (r->proc_null) {
        r->tp.complete = 1;
    } else {
        r->unpack = replace || !rd->contig;
        st = oml_tp_irecv(&r->tp, replace ? p->rtmp : r->db.ptr, replace ? rlen : r->db.len, source,
                          recvtag, &c->pt2pt);
    }
    if (st == OML_OK && dest != MPI_PROC_NULL)
        st = oml_tp_isend(&p->tp, p->db.ptr, p->db.len, dest, sendtag, &c->pt2pt);
    else if (dest == MPI_PROC_NULL)
        p->tp.complete = 1;
    if (st != OML_OK) {
        oml_tp_cancel_recv(&r->tp);
        r->tp.complete = p->tp.complete = 1;
        r->unpack = false;
        oml_request_release(r);
        return oml_error(c, MPI_ERR_INTERN, fn, "%s", oml_status_string(st));
    }
    *request = (MPI_Request)r;
    return MPI_SUCCESS;
}

OML_API int PMPI_Isendrecv(const void *sendbuf, int sendcount, MPI_Datatype sendtype, int dest,
                           int sendtag, void *recvbuf, int recvcount, MPI_Datatype recvtype,
                           int source, int recvtag, MPI_Comm comm, MPI_Request *request)
{
    return pt_isendrecv("MPI_Isendrecv", sendbuf, sendcount, sendtype, dest, sendtag, recvbuf,
                        recvcount, recvtype, source, recvtag, comm, request, false);
}
OML_ALIAS(Isendrecv)

OML_API int PMPI_Isendrecv_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                             int dest, int sendtag, void *recvbuf, MPI_Count recvcount,
                             MPI_Datatype recvtype, int source, int recvtag, MPI_Comm comm,
                             MPI_Request *request)
{
    return pt_isendrecv("MPI_Isendrecv_c", sendbuf, sendcount, sendtype, dest, sendtag, recvbuf,
                        recvcount, recvtype, source, recvtag, comm, request, false);
}
OML_ALIAS(Isendrecv_c)

OML_API int PMPI_Isendrecv_replace(void *buf, int count, MPI_Datatype datatype, int dest,
                                   int sendtag, int source, int recvtag, MPI_Comm comm,
                                   MPI_Request *request)
{
    return pt_isendrecv("MPI_Isendrecv_replace", buf, count, datatype, dest, sendtag, buf, count,
                        datatype, source, recvtag, comm, request, true);
}
OML_ALIAS(Isendrecv_replace)

OML_API int PMPI_Isendrecv_replace_c(void *buf, MPI_Count count, MPI_Datatype datatype, int dest,
                                     int sendtag, int source, int recvtag, MPI_Comm comm,
                                     MPI_Request *request)
{
    return pt_isendrecv("MPI_Isendrecv_replace_c", buf, count, datatype, dest, sendtag, buf, count,
                        datatype, source, recvtag, comm, request, true);
}
OML_ALIAS(Isendrecv_replace_c)

OML_API int PMPI_Irecv(void *buf, int count, MPI_Datatype datatype, int source, int tag,
                       MPI_Comm comm, MPI_Request *request)
{
    return pt_request("MPI_Irecv", true, OML_SEND_STANDARD, false, buf, count, datatype, source,
                      tag, comm, request);
}
OML_ALIAS(Irecv)

OML_API int PMPI_Irecv_c(void *buf, MPI_Count count, MPI_Datatype datatype, int source, int tag,
                         MPI_Comm comm, MPI_Request *request)
{
    return pt_request("MPI_Irecv_c", true, OML_SEND_STANDARD, false, buf, count, datatype, source,
                      tag, comm, request);
}
OML_ALIAS(Irecv_c)

OML_API int PMPI_Recv_init(void *buf, int count, MPI_Datatype datatype, int source, int tag,
                           MPI_Comm comm, MPI_Request *request)
{
    return pt_request("MPI_Recv_init", true, OML_SEND_STANDARD, true, buf, count, datatype, source,
                      tag, comm, request);
}
OML_ALIAS(Recv_init)

OML_API int PMPI_Recv_init_c(void *buf, MPI_Count count, MPI_Datatype datatype, int source, int tag,
                             MPI_Comm comm, MPI_Request *request)
{
    return pt_request("MPI_Recv_init_c", true, OML_SEND_STANDARD, true, buf, count, datatype,
                      source, tag, comm, request);
}
OML_ALIAS(Recv_init_c)

static int pt_check_request(const char *fn, MPI_Request *request)
{
    if (request == NULL)
        return oml_error(NULL, MPI_ERR_REQUEST, fn, "request pointer is NULL");
    if (*request != MPI_REQUEST_NULL && (uintptr_t)*request < OML_HANDLE_PREDEFINED_MAX)
        return oml_error(NULL, MPI_ERR_REQUEST, fn, "invalid request handle %p", (void *)*request);
    return MPI_SUCCESS;
}

/* Like pt_check_request, for calls that need a request (not MPI_REQUEST_NULL): *r_p is it. */
static int pt_check_live_request(const char *fn, MPI_Request *request, oml_request_t **r_p)
{
    int rc = pt_check_request(fn, request);
    if (rc != MPI_SUCCESS)
        return rc;
    if (*request == MPI_REQUEST_NULL)
        return oml_error(NULL, MPI_ERR_REQUEST, fn, "the request is MPI_REQUEST_NULL");
    *r_p = (oml_request_t *)*request;
    return MPI_SUCCESS;
}

static int pt_start_one(const char *fn, MPI_Request *request)
{
    oml_request_t *r = NULL;
    int rc = pt_check_live_request(fn, request, &r);
    if (rc != MPI_SUCCESS)
        return rc;
    if (!r->persistent)
        return oml_error(r->comm, MPI_ERR_REQUEST, fn,
                         "the request is not a persistent request (made by MPI_*_init)");
    if (r->active)
        return oml_error(r->comm, MPI_ERR_REQUEST, fn,
                         "the persistent request is still active; complete it first");
    if ((rc = pt_request_start(fn, r)) == MPI_SUCCESS)
        r->active = true;
    return rc;
}

OML_API int PMPI_Start(MPI_Request *request)
{
    OML_CHECK_INIT("MPI_Start");
    return pt_start_one("MPI_Start", request);
}
OML_ALIAS(Start)

/* The count and array arguments of the request-array calls (Startall, Waitall, ...). */
static int pt_check_count(const char *fn, int count, const MPI_Request reqs[])
{
    if (count < 0)
        return oml_error(NULL, MPI_ERR_COUNT, fn, "count is %d; it must be >= 0", count);
    if (count > 0 && reqs == NULL)
        return oml_error(NULL, MPI_ERR_REQUEST, fn, "array_of_requests is NULL");
    return MPI_SUCCESS;
}

OML_API int PMPI_Startall(int count, MPI_Request array_of_requests[])
{
    static const char fn[] = "MPI_Startall";
    OML_CHECK_INIT(fn);
    int rc = pt_check_count(fn, count, array_of_requests);
    if (rc != MPI_SUCCESS)
        return rc;
    for (int i = 0; i < count; i++) {
        rc = pt_start_one(fn, &array_of_requests[i]);
        if (rc != MPI_SUCCESS)
            return rc;
    }
    return MPI_SUCCESS;
}
OML_ALIAS(Startall)

/* ---- completion: the wait and test family ---- */

/* Whether a wait or test has anything to complete: not null, not an inactive persistent one. */
static bool pt_is_active(MPI_Request h)
{
    if (h == MPI_REQUEST_NULL)
        return false;
    oml_request_t *r = (oml_request_t *)h;
    return !r->persistent || r->active;
}

static bool pt_is_done(MPI_Request h)
{
    return oml_request_done((oml_request_t *)h);
}

/* Drives progress once; yields the core when that found nothing and the node is crowded. */
static void pt_progress(void)
{
    oml_tp_progress_idle();
    oml_pt2pt_reap();
}

/* Drives progress until r's operation has finished. */
static void pt_wait(oml_request_t *r)
{
    if (r->kind == OML_REQ_COLL && r->sched == NULL) {
        /* completed by the transport (RMA) or by a check of this layer (buffer flushes) */
        while (!r->tp.complete)
            pt_progress();
        return;
    }
    oml_tp_wait(r->tp.complete || r->bsend == NULL ? &r->tp : r->bsend);
    if (r->pair != NULL)
        oml_tp_wait(&r->pair->tp);
}

/*
 * Completes an active request whose transport part is done: fills status, frees it (a
 * persistent one becomes inactive) and returns the MPI error of the operation. quiet: report
 * a failure only through the return value and status (multi-request calls say
 * MPI_ERR_IN_STATUS once).
 */
static int pt_complete(const char *fn, MPI_Request *handle, MPI_Status *status, bool quiet)
{
    oml_request_t *r = (oml_request_t *)*handle;
    int rc = MPI_SUCCESS;
    oml_request_finish_data(r);
    oml_bsend_settle(r);
    if (r->kind == OML_REQ_GREQ) {
        /* the query_fn fills the status; the free_fn's error counts when the query's did not */
        rc = oml_greq_status(fn, r, status, quiet);
        int frc = oml_greq_release(fn, r, quiet);
        rc = rc != MPI_SUCCESS ? rc : frc;
        if (rc != MPI_SUCCESS && status != MPI_STATUS_IGNORE)
            status->MPI_ERROR = rc;
        *handle = MPI_REQUEST_NULL;
        return rc;
    }
    if (r->proc_null) {
        pt_proc_null_status(status);
    } else if (r->kind == OML_TP_REQ_RECV || r->kind == OML_REQ_COLL) {
        MPI_Errhandler saved = r->comm->errhandler;
        if (quiet)
            r->comm->errhandler = MPI_ERRORS_RETURN;
        rc = r->kind == OML_REQ_COLL ? pt_coll_status(fn, r, status)
                                     : pt_recv_status(fn, r->comm, &r->tp, r->dt, status);
        r->comm->errhandler = saved;
    } else {
        pt_send_status(r, status);
    }
    if (r->persistent) {
        r->active = false;
    } else {
        oml_request_release(r);
        *handle = MPI_REQUEST_NULL;
    }
    return rc;
}

static int pt_check_array(const char *fn, int count, MPI_Request reqs[])
{
    int rc = pt_check_count(fn, count, reqs);
    for (int i = 0; rc == MPI_SUCCESS && i < count; i++)
        rc = pt_check_request(fn, &reqs[i]);
    return rc;
}

OML_API int PMPI_Wait(MPI_Request *request, MPI_Status *status)
{
    static const char fn[] = "MPI_Wait";
    OML_CHECK_INIT(fn);
    int rc = pt_check_request(fn, request);
    if (rc != MPI_SUCCESS)
        return rc;
    if (!pt_is_active(*request)) {
        pt_empty_status(status);
        return MPI_SUCCESS;
    }
    pt_wait((oml_request_t *)*request);
    return pt_complete(fn, request, status, false);
}
OML_ALIAS(Wait)

OML_API int PMPI_Test(MPI_Request *request, int *flag, MPI_Status *status)
{
    static const char fn[] = "MPI_Test";
    OML_CHECK_INIT(fn);
    int rc = pt_check_request(fn, request);
    if (rc != MPI_SUCCESS)
        return rc;
    if (flag == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "flag is NULL");
    if (!pt_is_active(*request)) {
        *flag = 1;
        pt_empty_status(status);
        return MPI_SUCCESS;
    }
    if (!pt_is_done(*request))
        pt_progress();
    *flag = pt_is_done(*request);
    return *flag ? pt_complete(fn, request, status, false) : MPI_SUCCESS;
}
OML_ALIAS(Test)

OML_API int PMPI_Request_get_status(MPI_Request request, int *flag, MPI_Status *status)
{
    static const char fn[] = "MPI_Request_get_status";
    OML_CHECK_INIT(fn);
    int rc = pt_check_request(fn, &request);
    if (rc != MPI_SUCCESS)
        return rc;
    if (flag == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "flag is NULL");
    if (!pt_is_active(request)) {
        *flag = 1;
        pt_empty_status(status);
        return MPI_SUCCESS;
    }
    if (!pt_is_done(request))
        pt_progress();
    *flag = pt_is_done(request);
    if (!*flag)
        return MPI_SUCCESS;
    oml_request_t *r = (oml_request_t *)request;
    if (r->kind == OML_REQ_GREQ)
        return oml_greq_status(fn, r, status, false);
    oml_request_finish_data(r);
    oml_bsend_settle(r);
    if (r->proc_null)
        pt_proc_null_status(status);
    else if (r->kind == OML_TP_REQ_RECV)
        return pt_recv_status(fn, r->comm, &r->tp, r->dt, status);
    else if (r->kind == OML_REQ_COLL)
        return pt_coll_status(fn, r, status);
    else
        pt_send_status(r, status);
    return MPI_SUCCESS;
}
OML_ALIAS(Request_get_status)

/* Completes every done request of the array into statuses; counts the failures. */
static int pt_complete_done(const char *fn, int count, MPI_Request reqs[], MPI_Status statuses[],
                            int *indices, int *n_p, int *failed_p, oml_comm_t **fail_comm_p)
{
    int n = 0;
    for (int i = 0; i < count; i++) {
        if (!pt_is_active(reqs[i]) || !pt_is_done(reqs[i]))
            continue;
        MPI_Status tmp, *st = statuses != MPI_STATUSES_IGNORE ? &statuses[indices ? n : i] : &tmp;
        oml_comm_t *c = ((oml_request_t *)reqs[i])->comm;
        if (pt_complete(fn, &reqs[i], st, true) != MPI_SUCCESS) {
            (*failed_p)++;
            *fail_comm_p = c;
        } else {
            st->MPI_ERROR = MPI_SUCCESS;
        }
        if (indices != NULL)
            indices[n] = i;
        n++;
    }
    *n_p = n;
    return MPI_SUCCESS;
}

static int pt_in_status(const char *fn, int failed, int count, oml_comm_t *c)
{
    if (failed == 0)
        return MPI_SUCCESS;
    return oml_error(c, MPI_ERR_IN_STATUS, fn,
                     "%d of %d requests failed; see the MPI_ERROR field of their statuses", failed,
                     count);
}

OML_API int PMPI_Waitall(int count, MPI_Request array_of_requests[], MPI_Status array_of_statuses[])
{
    static const char fn[] = "MPI_Waitall";
    OML_CHECK_INIT(fn);
    int rc = pt_check_array(fn, count, array_of_requests);
    if (rc != MPI_SUCCESS)
        return rc;
    int failed = 0;
    oml_comm_t *fail_comm = NULL;
    for (int i = 0; i < count; i++) {
        MPI_Status tmp,
            *st = array_of_statuses != MPI_STATUSES_IGNORE ? &array_of_statuses[i] : &tmp;
        if (!pt_is_active(array_of_requests[i])) {
            pt_empty_status(st);
            continue;
        }
        oml_request_t *r = (oml_request_t *)array_of_requests[i];
        pt_wait(r);
        oml_comm_t *c = r->comm;
        if (pt_complete(fn, &array_of_requests[i], st, true) != MPI_SUCCESS) {
            failed++;
            fail_comm = c;
        } else {
            st->MPI_ERROR = MPI_SUCCESS;
        }
    }
    return pt_in_status(fn, failed, count, fail_comm);
}
OML_ALIAS(Waitall)

OML_API int PMPI_Testall(int count, MPI_Request array_of_requests[], int *flag,
                         MPI_Status array_of_statuses[])
{
    static const char fn[] = "MPI_Testall";
    OML_CHECK_INIT(fn);
    int rc = pt_check_array(fn, count, array_of_requests);
    if (rc != MPI_SUCCESS)
        return rc;
    if (flag == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "flag is NULL");
    pt_progress();
    for (int i = 0; i < count; i++) {
        if (pt_is_active(array_of_requests[i]) && !pt_is_done(array_of_requests[i])) {
            *flag = 0;
            return MPI_SUCCESS;
        }
    }
    *flag = 1;
    for (int i = 0; array_of_statuses != MPI_STATUSES_IGNORE && i < count; i++) {
        if (!pt_is_active(array_of_requests[i]))
            pt_empty_status(&array_of_statuses[i]);
    }
    int n, failed = 0;
    oml_comm_t *fail_comm = NULL;
    pt_complete_done(fn, count, array_of_requests, array_of_statuses, NULL, &n, &failed,
                     &fail_comm);
    return pt_in_status(fn, failed, count, fail_comm);
}
OML_ALIAS(Testall)

/* The index of a done active request, -1 when none is done, -2 when none is active. */
static int pt_find_done(int count, MPI_Request reqs[])
{
    int any_active = 0;
    for (int i = 0; i < count; i++) {
        if (!pt_is_active(reqs[i]))
            continue;
        any_active = 1;
        if (pt_is_done(reqs[i]))
            return i;
    }
    return any_active ? -1 : -2;
}

static int pt_any(const char *fn, int count, MPI_Request reqs[], int *index, int *flag,
                  MPI_Status *status, bool block)
{
    OML_CHECK_INIT(fn);
    int rc = pt_check_array(fn, count, reqs);
    if (rc != MPI_SUCCESS)
        return rc;
    if (index == NULL || (!block && flag == NULL))
        return oml_error(NULL, MPI_ERR_ARG, fn, "index or flag is NULL");
    int i = pt_find_done(count, reqs);
    while (i == -1) {
        pt_progress();
        i = pt_find_done(count, reqs);
        if (!block)
            break;
    }
    if (flag != NULL)
        *flag = i != -1;
    if (i < 0) {
        *index = MPI_UNDEFINED;
        if (i == -2)
            pt_empty_status(status);
        return MPI_SUCCESS;
    }
    *index = i;
    return pt_complete(fn, &reqs[i], status, false);
}

OML_API int PMPI_Waitany(int count, MPI_Request array_of_requests[], int *index, MPI_Status *status)
{
    return pt_any("MPI_Waitany", count, array_of_requests, index, NULL, status, true);
}
OML_ALIAS(Waitany)

OML_API int PMPI_Testany(int count, MPI_Request array_of_requests[], int *index, int *flag,
                         MPI_Status *status)
{
    return pt_any("MPI_Testany", count, array_of_requests, index, flag, status, false);
}
OML_ALIAS(Testany)

static int pt_some(const char *fn, int incount, MPI_Request reqs[], int *outcount, int indices[],
                   MPI_Status statuses[], bool block)
{
    OML_CHECK_INIT(fn);
    int rc = pt_check_array(fn, incount, reqs);
    if (rc != MPI_SUCCESS)
        return rc;
    if (outcount == NULL || (incount > 0 && indices == NULL))
        return oml_error(NULL, MPI_ERR_ARG, fn, "outcount or array_of_indices is NULL");
    int i = pt_find_done(incount, reqs);
    if (i == -2) {
        *outcount = MPI_UNDEFINED;
        return MPI_SUCCESS;
    }
    if (i == -1)
        pt_progress();
    while (block && (i = pt_find_done(incount, reqs)) == -1)
        pt_progress();
    int failed = 0;
    oml_comm_t *fail_comm = NULL;
    pt_complete_done(fn, incount, reqs, statuses, indices, outcount, &failed, &fail_comm);
    return pt_in_status(fn, failed, *outcount, fail_comm);
}

OML_API int PMPI_Waitsome(int incount, MPI_Request array_of_requests[], int *outcount,
                          int array_of_indices[], MPI_Status array_of_statuses[])
{
    return pt_some("MPI_Waitsome", incount, array_of_requests, outcount, array_of_indices,
                   array_of_statuses, true);
}
OML_ALIAS(Waitsome)

OML_API int PMPI_Testsome(int incount, MPI_Request array_of_requests[], int *outcount,
                          int array_of_indices[], MPI_Status array_of_statuses[])
{
    return pt_some("MPI_Testsome", incount, array_of_requests, outcount, array_of_indices,
                   array_of_statuses, false);
}
OML_ALIAS(Testsome)

OML_API int PMPI_Request_free(MPI_Request *request)
{
    static const char fn[] = "MPI_Request_free";
    OML_CHECK_INIT(fn);
    oml_request_t *r = NULL;
    int rc = pt_check_live_request(fn, request, &r);
    if (rc != MPI_SUCCESS)
        return rc;
    *request = MPI_REQUEST_NULL;
    if (r->kind == OML_REQ_GREQ && !oml_request_done(r))
        r->greq->freed = true; /* MPI_Grequest_complete releases it */
    else if (r->kind == OML_REQ_GREQ)
        return oml_greq_release(fn, r, false);
    else if (oml_request_done(r))
        oml_request_release(r);
    else
        oml_pt2pt_orphan(r); /* released once the operation completes */
    return MPI_SUCCESS;
}
OML_ALIAS(Request_free)

OML_API int PMPI_Cancel(MPI_Request *request)
{
    static const char fn[] = "MPI_Cancel";
    OML_CHECK_INIT(fn);
    oml_request_t *r = NULL;
    int rc = pt_check_live_request(fn, request, &r);
    if (rc != MPI_SUCCESS)
        return rc;
    if (r->persistent && !r->active)
        return oml_error(r->comm, MPI_ERR_REQUEST, fn, "the persistent request is not active");
    /*
     * Receives that nothing has matched are withdrawn at once. A send (eager or rendezvous,
     * and a buffered one while its message is in the attached buffer) is withdrawn by its
     * receiver if no receive has matched it; the wait then completes on the receiver's answer.
     */
    if (r->kind == OML_REQ_COLL)
        return oml_error(r->comm, MPI_ERR_REQUEST, fn,
                         "a nonblocking collective cannot be cancelled (MPI standard, 6.12)");
    if (r->kind == OML_REQ_GREQ)
        return oml_greq_cancel(fn, r);
    if (r->part != NULL)
        return oml_error(r->comm, MPI_ERR_UNSUPPORTED_OPERATION, fn,
                         "cancelling a partitioned request (MPI_Psend_init, MPI_Precv_init) is "
                         "not supported by ompi-lite; complete it with a wait or test");
    if (r->pair != NULL) /* MPI_Isendrecv: both halves */
        oml_tp_cancel_send(&r->pair->tp);
    if (r->proc_null)
        return MPI_SUCCESS;
    if (r->kind == OML_TP_REQ_RECV) /* the outcome is in tp.status, read by the status */
        oml_tp_cancel_recv(&r->tp);
    else if (r->kind == OML_TP_REQ_SEND && r->mode == OML_SEND_BUFFERED)
        oml_bsend_cancel(r);
    else if (r->kind == OML_TP_REQ_SEND)
        oml_tp_cancel_send(&r->tp);
    return MPI_SUCCESS;
}
OML_ALIAS(Cancel)

OML_API int PMPI_Test_cancelled(const MPI_Status *status, int *flag)
{
    if (status == NULL || flag == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Test_cancelled", "status or flag is NULL");
    *flag = status->MPI_internal[2] != 0;
    return MPI_SUCCESS;
}
OML_ALIAS(Test_cancelled)

/* ---- probes ---- */

static void pt_probe_status(MPI_Status *status, const oml_tp_probe_t *p)
{
    oml_status_set(status, p->source, p->tag, p->len);
}

static int pt_probe(const char *fn, int source, int tag, MPI_Comm comm, int *flag,
                    MPI_Status *status, bool block)
{
    OML_CHECK_INIT(fn);
    oml_comm_t *c;
    int rc = pt_check_probe(fn, comm, source, tag, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (!block && flag == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "flag is NULL");
    if (source == MPI_PROC_NULL) {
        if (flag != NULL)
            *flag = 1;
        pt_proc_null_status(status);
        return MPI_SUCCESS;
    }
    oml_tp_probe_t p;
    bool found;
    while (!(found = oml_tp_iprobe(source, tag, &c->pt2pt, &p, NULL)) && block)
        pt_progress();
    if (flag != NULL)
        *flag = found;
    if (found)
        pt_probe_status(status, &p);
    return MPI_SUCCESS;
}

OML_API int PMPI_Probe(int source, int tag, MPI_Comm comm, MPI_Status *status)
{
    return pt_probe("MPI_Probe", source, tag, comm, NULL, status, true);
}
OML_ALIAS(Probe)

OML_API int PMPI_Iprobe(int source, int tag, MPI_Comm comm, int *flag, MPI_Status *status)
{
    return pt_probe("MPI_Iprobe", source, tag, comm, flag, status, false);
}
OML_ALIAS(Iprobe)

/* A matched message (MPI_Message): the transport's message and its communicator. */
typedef struct oml_message {
    oml_tp_msg_t *msg;
    oml_comm_t *comm;
} oml_message_t;

static int pt_mprobe(const char *fn, int source, int tag, MPI_Comm comm, int *flag,
                     MPI_Message *message, MPI_Status *status, bool block)
{
    OML_CHECK_INIT(fn);
    oml_comm_t *c;
    int rc = pt_check_probe(fn, comm, source, tag, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (message == NULL || (!block && flag == NULL))
        return oml_error(c, MPI_ERR_ARG, fn, "message or flag is NULL");
    if (source == MPI_PROC_NULL) {
        if (flag != NULL)
            *flag = 1;
        *message = MPI_MESSAGE_NO_PROC;
        pt_proc_null_status(status);
        return MPI_SUCCESS;
    }
    oml_message_t *m = malloc(sizeof(*m));
    if (m == NULL)
        return oml_error(c, MPI_ERR_NO_MEM, fn, "no memory for a message handle");
    oml_tp_probe_t p;
    bool found;
    while (!(found = oml_tp_iprobe(source, tag, &c->pt2pt, &p, &m->msg)) && block)
        pt_progress();
    if (flag != NULL)
        *flag = found;
    if (!found) {
        free(m);
        return MPI_SUCCESS;
    }
    m->comm = c;
    *message = (MPI_Message)m;
    pt_probe_status(status, &p);
    return MPI_SUCCESS;
}

OML_API int PMPI_Mprobe(int source, int tag, MPI_Comm comm, MPI_Message *message,
                        MPI_Status *status)
{
    return pt_mprobe("MPI_Mprobe", source, tag, comm, NULL, message, status, true);
}
OML_ALIAS(Mprobe)

OML_API int PMPI_Improbe(int source, int tag, MPI_Comm comm, int *flag, MPI_Message *message,
                         MPI_Status *status)
{
    return pt_mprobe("MPI_Improbe", source, tag, comm, flag, message, status, false);
}
OML_ALIAS(Improbe)

/*
 * Starts receiving a matched message into r->tp. Returns MPI_SUCCESS with *no_proc set for
 * MPI_MESSAGE_NO_PROC; the handle becomes MPI_MESSAGE_NULL.
 */
static int pt_mrecv_start(const char *fn, void *buf, MPI_Count count, MPI_Datatype datatype,
                          MPI_Message *message, oml_tp_req_t *t, oml_dbuf_t *db, oml_dtype_t **d_p,
                          oml_comm_t **c_p, bool *no_proc)
{
    OML_CHECK_INIT(fn);
    if (message == NULL || *message == MPI_MESSAGE_NULL)
        return oml_error(NULL, MPI_ERR_REQUEST, fn,
                         "the message handle is MPI_MESSAGE_NULL (already received?)");
    if (*message == MPI_MESSAGE_NO_PROC) {
        *no_proc = true;
        *message = MPI_MESSAGE_NULL;
        return MPI_SUCCESS;
    }
    oml_message_t *m = (oml_message_t *)*message;
    oml_dtype_t *d = oml_dtype_get(datatype);
    if (d == NULL || !d->committed)
        return oml_error(m->comm, MPI_ERR_TYPE, fn, "invalid or uncommitted datatype");
    if (count < 0)
        return oml_error(m->comm, MPI_ERR_COUNT, fn, "count is %lld; it must be >= 0",
                         (long long)count);
    if (buf == NULL && count > 0 && d->size > 0 && d->true_lb == 0)
        return oml_error(m->comm, MPI_ERR_BUFFER, fn, "buffer is NULL with count %lld",
                         (long long)count);
    if (oml_dbuf_recv(db, d, buf, (size_t)count) != MPI_SUCCESS)
        return pt_nomem(fn, m->comm, db);
    *no_proc = false;
    *c_p = m->comm;
    *d_p = d;
    oml_status_t st = oml_tp_imrecv(t, db->ptr, db->len, m->msg);
    free(m);
    *message = MPI_MESSAGE_NULL;
    return st == OML_OK ? MPI_SUCCESS
                        : oml_error(*c_p, MPI_ERR_INTERN, fn, "%s", oml_status_string(st));
}

static int pt_mrecv(const char *fn, void *buf, MPI_Count count, MPI_Datatype datatype,
                    MPI_Message *message, MPI_Status *status)
{
    oml_tp_req_t t;
    oml_comm_t *c = NULL;
    oml_dtype_t *d = NULL;
    oml_dbuf_t db = {0};
    bool no_proc;
    int rc = pt_mrecv_start(fn, buf, count, datatype, message, &t, &db, &d, &c, &no_proc);
    if (rc != MPI_SUCCESS || no_proc) {
        oml_dbuf_free(&db);
        if (no_proc)
            pt_proc_null_status(status);
        return rc;
    }
    oml_tp_wait(&t);
    oml_dbuf_unpack(&db, d, buf, (size_t)count, t.len);
    oml_dbuf_free(&db);
    return pt_recv_status(fn, c, &t, d, status);
}

OML_API int PMPI_Mrecv(void *buf, int count, MPI_Datatype datatype, MPI_Message *message,
                       MPI_Status *status)
{
    return pt_mrecv("MPI_Mrecv", buf, count, datatype, message, status);
}
OML_ALIAS(Mrecv)

OML_API int PMPI_Mrecv_c(void *buf, MPI_Count count, MPI_Datatype datatype, MPI_Message *message,
                         MPI_Status *status)
{
    return pt_mrecv("MPI_Mrecv_c", buf, count, datatype, message, status);
}
OML_ALIAS(Mrecv_c)

static int pt_imrecv(const char *fn, void *buf, MPI_Count count, MPI_Datatype datatype,
                     MPI_Message *message, MPI_Request *request)
{
    if (request == NULL)
        return oml_error(NULL, MPI_ERR_REQUEST, fn, "request pointer is NULL");
    oml_request_t *r = pt_request_new(NULL, OML_TP_REQ_RECV, 0);
    if (r == NULL)
        return oml_error(NULL, MPI_ERR_NO_MEM, fn, "no memory for a request");
    bool no_proc;
    oml_comm_t *c = NULL;
    int rc =
        pt_mrecv_start(fn, buf, count, datatype, message, &r->tp, &r->db, &r->dt, &c, &no_proc);
    if (rc != MPI_SUCCESS) {
        oml_request_release(r);
        return rc;
    }
    if (no_proc) {
        r->proc_null = true;
        r->tp.complete = 1;
    } else {
        r->comm = c;
        oml_comm_retain(c);
        oml_dtype_retain(r->dt);
        r->buf = buf;
        r->count = (size_t)count;
        r->unpack = !r->dt->contig;
    }
    *request = (MPI_Request)r;
    return MPI_SUCCESS;
}

OML_API int PMPI_Imrecv(void *buf, int count, MPI_Datatype datatype, MPI_Message *message,
                        MPI_Request *request)
{
    return pt_imrecv("MPI_Imrecv", buf, count, datatype, message, request);
}
OML_ALIAS(Imrecv)

OML_API int PMPI_Imrecv_c(void *buf, MPI_Count count, MPI_Datatype datatype, MPI_Message *message,
                          MPI_Request *request)
{
    return pt_imrecv("MPI_Imrecv_c", buf, count, datatype, message, request);
}
OML_ALIAS(Imrecv_c)

/* ---- statuses ---- */

/* Elements of datatype in a status's byte count, or MPI_UNDEFINED. */
static int pt_status_count(const char *fn, const MPI_Status *status, MPI_Datatype datatype,
                           bool elements, MPI_Count *count)
{
    if (status == NULL || status == MPI_STATUS_IGNORE || count == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "status or count is NULL");
    const oml_dtype_t *d = oml_dtype_get(datatype);
    if (d == NULL)
        return oml_error(NULL, MPI_ERR_TYPE, fn, "invalid datatype");
    size_t bytes = oml_status_bytes(status);
    if (elements) {
        int64_t n = oml_dt_elements(d, bytes);
        *count = n < 0 ? MPI_UNDEFINED : (MPI_Count)n;
    } else if (d->size == 0)
        *count = bytes == 0 ? 0 : MPI_UNDEFINED;
    else if (bytes % d->size != 0)
        *count = MPI_UNDEFINED;
    else
        *count = (MPI_Count)(bytes / d->size);
    return MPI_SUCCESS;
}

static int pt_status_count_int(const char *fn, const MPI_Status *status, MPI_Datatype datatype,
                               bool elements, int *count)
{
    MPI_Count n;
    int rc = pt_status_count(fn, status, datatype, elements, &n);
    if (rc == MPI_SUCCESS)
        *count = n > 0x7fffffff ? MPI_UNDEFINED : (int)n;
    return rc;
}

OML_API int PMPI_Get_count(const MPI_Status *status, MPI_Datatype datatype, int *count)
{
    return pt_status_count_int("MPI_Get_count", status, datatype, false, count);
}
OML_ALIAS(Get_count)

/* Basic elements received, counting into a partly filled derived element. */
OML_API int PMPI_Get_elements(const MPI_Status *status, MPI_Datatype datatype, int *count)
{
    return pt_status_count_int("MPI_Get_elements", status, datatype, true, count);
}
OML_ALIAS(Get_elements)

OML_API int PMPI_Get_elements_x(const MPI_Status *status, MPI_Datatype datatype, MPI_Count *count)
{
    return pt_status_count("MPI_Get_elements_x", status, datatype, true, count);
}
OML_ALIAS(Get_elements_x)

OML_API int PMPI_Get_count_c(const MPI_Status *status, MPI_Datatype datatype, MPI_Count *count)
{
    return pt_status_count("MPI_Get_count_c", status, datatype, false, count);
}
OML_ALIAS(Get_count_c)

OML_API int PMPI_Get_elements_c(const MPI_Status *status, MPI_Datatype datatype, MPI_Count *count)
{
    return pt_status_count("MPI_Get_elements_c", status, datatype, true, count);
}
OML_ALIAS(Get_elements_c)

OML_API int PMPI_Status_set_cancelled(MPI_Status *status, int flag)
{
    if (status == NULL || status == MPI_STATUS_IGNORE)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Status_set_cancelled", "status is NULL");
    pt_status_cancelled(status, flag != 0);
    return MPI_SUCCESS;
}
OML_ALIAS(Status_set_cancelled)

/* MPI-4.1 3.2.5: the public fields through calls. */
#define PT_STATUS_FIELD(getter, setter, name, field)                                               \
    OML_API int PMPI_Status_##getter(const MPI_Status *status, int *name)                          \
    {                                                                                              \
        if (status == NULL || status == MPI_STATUS_IGNORE || name == NULL)                         \
            return oml_error(NULL, MPI_ERR_ARG, "MPI_Status_" #getter,                             \
                             "status or " #name " is NULL");                                       \
        *name = status->field;                                                                     \
        return MPI_SUCCESS;                                                                        \
    }                                                                                              \
    OML_ALIAS(Status_##getter)                                                                     \
    OML_API int PMPI_Status_##setter(MPI_Status *status, int name)                                 \
    {                                                                                              \
        if (status == NULL || status == MPI_STATUS_IGNORE)                                         \
            return oml_error(NULL, MPI_ERR_ARG, "MPI_Status_" #setter, "status is NULL");          \
        status->field = name;                                                                      \
        return MPI_SUCCESS;                                                                        \
    }                                                                                              \
    OML_ALIAS(Status_##setter)

PT_STATUS_FIELD(get_source, set_source, source, MPI_SOURCE)
PT_STATUS_FIELD(get_tag, set_tag, tag, MPI_TAG)
PT_STATUS_FIELD(get_error, set_error, error, MPI_ERROR)

/* Sets the byte count so that MPI_Get_elements(_x) on status with datatype gives count. */
static int pt_status_set_elements(const char *fn, MPI_Status *status, MPI_Datatype datatype,
                                  MPI_Count count)
{
    if (status == NULL || status == MPI_STATUS_IGNORE)
        return oml_error(NULL, MPI_ERR_ARG, fn, "status is NULL");
    const oml_dtype_t *d = oml_dtype_get(datatype);
    if (d == NULL)
        return oml_error(NULL, MPI_ERR_TYPE, fn, "invalid datatype");
    if (count < 0)
        return oml_error(NULL, MPI_ERR_COUNT, fn, "count is %lld; it must be >= 0",
                         (long long)count);
    if (d->nelem == 0 && count > 0)
        return oml_error(NULL, MPI_ERR_TYPE, fn,
                         "the datatype holds no data, so it has no elements to count");
    size_t bytes = oml_dt_element_bytes(d, (size_t)count);
    int cancelled = status->MPI_internal[2];
    oml_status_set(status, status->MPI_SOURCE, status->MPI_TAG, bytes);
    pt_status_cancelled(status, cancelled);
    return MPI_SUCCESS;
}

OML_API int PMPI_Status_set_elements(MPI_Status *status, MPI_Datatype datatype, int count)
{
    return pt_status_set_elements("MPI_Status_set_elements", status, datatype, count);
}
OML_ALIAS(Status_set_elements)

OML_API int PMPI_Status_set_elements_x(MPI_Status *status, MPI_Datatype datatype, MPI_Count count)
{
    return pt_status_set_elements("MPI_Status_set_elements_x", status, datatype, count);
}
OML_ALIAS(Status_set_elements_x)
