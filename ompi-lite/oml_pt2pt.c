/*
 * ompi-lite/oml_pt2pt.c: point-to-point API: argument checks, requests, statuses. The
 * transport does the work.
 */
#include "oml_impl.h"

#include <stdlib.h>

/* Checks the arguments every point-to-point call shares; peer is dest or source. */
static int pt_check(const char *fn, MPI_Comm comm, const void *buf, int count, MPI_Datatype dt,
                    int peer, int tag, bool recv, oml_comm_t **c_p, const oml_dtype_t **d_p)
{
    oml_comm_t *c = oml_comm_get(comm);
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator (MPI_COMM_NULL?)");
    if (count < 0)
        return oml_error(c, MPI_ERR_COUNT, fn, "count is %d; it must be >= 0", count);
    const oml_dtype_t *d = oml_dtype_get(dt);
    if (d == NULL)
        return oml_error(c, MPI_ERR_TYPE, fn, "invalid datatype");
    if (buf == NULL && count > 0)
        return oml_error(c, MPI_ERR_BUFFER, fn, "buffer is NULL with count %d", count);
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

/* Fills status from a completed transport receive; returns the MPI error of the receive. */
static int pt_recv_status(const char *fn, oml_comm_t *c, const oml_tp_req_t *t, MPI_Status *status)
{
    if (status != MPI_STATUS_IGNORE) {
        status->MPI_SOURCE = t->source;
        status->MPI_TAG = t->tag;
        status->MPI_internal[0] = (int)(t->len & 0x7fffffff);
        status->MPI_internal[1] = (int)(t->len >> 31);
        status->MPI_internal[2] = 0;
    }
    if (t->status == OML_ERR_TRUNCATE) {
        if (status != MPI_STATUS_IGNORE)
            status->MPI_ERROR = MPI_ERR_TRUNCATE;
        return oml_error(c, MPI_ERR_TRUNCATE, fn,
                         "a message of %zu bytes from rank %d (tag %d) does not fit the receive "
                         "buffer of %zu bytes",
                         t->msg_len, t->source, t->tag, t->cap);
    }
    return MPI_SUCCESS;
}

static void pt_proc_null_status(MPI_Status *status)
{
    oml_status_set(status, MPI_PROC_NULL, MPI_ANY_TAG, MPI_SUCCESS, 0);
}

OML_API int PMPI_Send(const void *buf, int count, MPI_Datatype datatype, int dest, int tag,
                      MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Send");
    oml_comm_t *c;
    const oml_dtype_t *d;
    int rc = pt_check("MPI_Send", comm, buf, count, datatype, dest, tag, false, &c, &d);
    if (rc != MPI_SUCCESS || dest == MPI_PROC_NULL)
        return rc;
    oml_tp_req_t req;
    oml_status_t st = oml_tp_isend(&req, buf, (size_t)count * d->size, dest, tag, &c->pt2pt);
    if (st != OML_OK)
        return oml_error(c, MPI_ERR_INTERN, "MPI_Send", "%s", oml_status_string(st));
    oml_tp_wait(&req);
    return MPI_SUCCESS;
}
OML_ALIAS(Send)

OML_API int PMPI_Recv(void *buf, int count, MPI_Datatype datatype, int source, int tag,
                      MPI_Comm comm, MPI_Status *status)
{
    OML_CHECK_INIT("MPI_Recv");
    oml_comm_t *c;
    const oml_dtype_t *d;
    int rc = pt_check("MPI_Recv", comm, buf, count, datatype, source, tag, true, &c, &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (source == MPI_PROC_NULL) {
        pt_proc_null_status(status);
        return MPI_SUCCESS;
    }
    oml_tp_req_t req;
    oml_status_t st = oml_tp_irecv(&req, buf, (size_t)count * d->size, source, tag, &c->pt2pt);
    if (st != OML_OK)
        return oml_error(c, MPI_ERR_INTERN, "MPI_Recv", "%s", oml_status_string(st));
    oml_tp_wait(&req);
    return pt_recv_status("MPI_Recv", c, &req, status);
}
OML_ALIAS(Recv)

static int pt_start(const char *fn, bool recv, void *buf, int count, MPI_Datatype datatype,
                    int peer, int tag, MPI_Comm comm, MPI_Request *request)
{
    OML_CHECK_INIT(fn);
    oml_comm_t *c;
    const oml_dtype_t *d;
    int rc = pt_check(fn, comm, buf, count, datatype, peer, tag, recv, &c, &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (request == NULL)
        return oml_error(c, MPI_ERR_REQUEST, fn, "request pointer is NULL");
    oml_request_t *r = malloc(sizeof(*r));
    if (r == NULL)
        return oml_error(c, MPI_ERR_NO_MEM, fn, "no memory for a request");
    r->comm = c;
    r->kind = recv ? OML_TP_REQ_RECV : OML_TP_REQ_SEND;
    r->proc_null = peer == MPI_PROC_NULL;
    oml_status_t st = OML_OK;
    size_t len = (size_t)count * d->size;
    if (r->proc_null)
        r->tp.complete = 1;
    else if (recv)
        st = oml_tp_irecv(&r->tp, buf, len, peer, tag, &c->pt2pt);
    else
        st = oml_tp_isend(&r->tp, buf, len, peer, tag, &c->pt2pt);
    if (st != OML_OK) {
        free(r);
        return oml_error(c, MPI_ERR_INTERN, fn, "%s", oml_status_string(st));
    }
    *request = (MPI_Request)r;
    return MPI_SUCCESS;
}

OML_API int PMPI_Isend(const void *buf, int count, MPI_Datatype datatype, int dest, int tag,
                       MPI_Comm comm, MPI_Request *request)
{
    return pt_start("MPI_Isend", false, (void *)buf, count, datatype, dest, tag, comm, request);
}
OML_ALIAS(Isend)

OML_API int PMPI_Irecv(void *buf, int count, MPI_Datatype datatype, int source, int tag,
                       MPI_Comm comm, MPI_Request *request)
{
    return pt_start("MPI_Irecv", true, buf, count, datatype, source, tag, comm, request);
}
OML_ALIAS(Irecv)

/* Turns a completed request into a status, frees it and sets the handle to MPI_REQUEST_NULL. */
static int pt_finish(const char *fn, MPI_Request *handle, MPI_Status *status)
{
    oml_request_t *r = (oml_request_t *)*handle;
    int rc = MPI_SUCCESS;
    if (r->proc_null)
        pt_proc_null_status(status);
    else if (r->kind == OML_TP_REQ_RECV)
        rc = pt_recv_status(fn, r->comm, &r->tp, status);
    else if (status != MPI_STATUS_IGNORE)
        status->MPI_internal[0] = status->MPI_internal[1] = status->MPI_internal[2] = 0;
    free(r);
    *handle = MPI_REQUEST_NULL;
    return rc;
}

static int pt_check_request(const char *fn, MPI_Request *request)
{
    if (request == NULL)
        return oml_error(NULL, MPI_ERR_REQUEST, fn, "request pointer is NULL");
    if (*request != MPI_REQUEST_NULL && (uintptr_t)*request < OML_HANDLE_PREDEFINED_MAX)
        return oml_error(NULL, MPI_ERR_REQUEST, fn, "invalid request handle %p", (void *)*request);
    return MPI_SUCCESS;
}

static void pt_empty_status(MPI_Status *status)
{
    oml_status_set(status, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_SUCCESS, 0);
}

OML_API int PMPI_Wait(MPI_Request *request, MPI_Status *status)
{
    OML_CHECK_INIT("MPI_Wait");
    int rc = pt_check_request("MPI_Wait", request);
    if (rc != MPI_SUCCESS)
        return rc;
    if (*request == MPI_REQUEST_NULL) {
        pt_empty_status(status);
        return MPI_SUCCESS;
    }
    oml_tp_wait(&((oml_request_t *)*request)->tp);
    return pt_finish("MPI_Wait", request, status);
}
OML_ALIAS(Wait)

OML_API int PMPI_Test(MPI_Request *request, int *flag, MPI_Status *status)
{
    OML_CHECK_INIT("MPI_Test");
    int rc = pt_check_request("MPI_Test", request);
    if (rc != MPI_SUCCESS)
        return rc;
    if (flag == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Test", "flag is NULL");
    if (*request == MPI_REQUEST_NULL) {
        *flag = 1;
        pt_empty_status(status);
        return MPI_SUCCESS;
    }
    oml_request_t *r = (oml_request_t *)*request;
    if (!r->tp.complete)
        oml_tp_progress();
    *flag = r->tp.complete;
    return *flag ? pt_finish("MPI_Test", request, status) : MPI_SUCCESS;
}
OML_ALIAS(Test)

OML_API int PMPI_Waitall(int count, MPI_Request array_of_requests[], MPI_Status array_of_statuses[])
{
    OML_CHECK_INIT("MPI_Waitall");
    if (count < 0)
        return oml_error(NULL, MPI_ERR_COUNT, "MPI_Waitall", "count is %d", count);
    if (count > 0 && array_of_requests == NULL)
        return oml_error(NULL, MPI_ERR_REQUEST, "MPI_Waitall", "array_of_requests is NULL");
    for (int i = 0; i < count; i++) {
        int rc = pt_check_request("MPI_Waitall", &array_of_requests[i]);
        if (rc != MPI_SUCCESS)
            return rc;
    }
    /* Errors are reported per status; the fatal handler must not fire from inside the loop. */
    int failed = 0;
    oml_comm_t *fail_comm = NULL;
    for (int i = 0; i < count; i++) {
        MPI_Status tmp,
            *st = array_of_statuses != MPI_STATUSES_IGNORE ? &array_of_statuses[i] : &tmp;
        if (array_of_requests[i] == MPI_REQUEST_NULL) {
            pt_empty_status(st);
            continue;
        }
        oml_request_t *r = (oml_request_t *)array_of_requests[i];
        oml_tp_wait(&r->tp);
        st->MPI_ERROR = MPI_SUCCESS;
        if (r->kind == OML_TP_REQ_RECV && !r->proc_null && r->tp.status == OML_ERR_TRUNCATE) {
            failed++;
            fail_comm = r->comm;
            MPI_Errhandler saved = r->comm->errhandler;
            r->comm->errhandler = MPI_ERRORS_RETURN;
            pt_finish("MPI_Waitall", &array_of_requests[i], st);
            fail_comm->errhandler = saved;
        } else {
            pt_finish("MPI_Waitall", &array_of_requests[i], st);
        }
    }
    if (failed > 0)
        return oml_error(fail_comm, MPI_ERR_IN_STATUS, "MPI_Waitall",
                         "%d of %d requests failed; see the MPI_ERROR field of their statuses",
                         failed, count);
    return MPI_SUCCESS;
}
OML_ALIAS(Waitall)

OML_API int PMPI_Sendrecv(const void *sendbuf, int sendcount, MPI_Datatype sendtype, int dest,
                          int sendtag, void *recvbuf, int recvcount, MPI_Datatype recvtype,
                          int source, int recvtag, MPI_Comm comm, MPI_Status *status)
{
    OML_CHECK_INIT("MPI_Sendrecv");
    oml_comm_t *c;
    const oml_dtype_t *sd, *rd;
    int rc =
        pt_check("MPI_Sendrecv", comm, sendbuf, sendcount, sendtype, dest, sendtag, false, &c, &sd);
    if (rc == MPI_SUCCESS)
        rc = pt_check("MPI_Sendrecv", comm, recvbuf, recvcount, recvtype, source, recvtag, true, &c,
                      &rd);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_tp_req_t rreq, sreq;
    oml_status_t st = OML_OK;
    if (source != MPI_PROC_NULL)
        st = oml_tp_irecv(&rreq, recvbuf, (size_t)recvcount * rd->size, source, recvtag, &c->pt2pt);
    if (st == OML_OK && dest != MPI_PROC_NULL)
        st = oml_tp_isend(&sreq, sendbuf, (size_t)sendcount * sd->size, dest, sendtag, &c->pt2pt);
    if (st != OML_OK)
        return oml_error(c, MPI_ERR_INTERN, "MPI_Sendrecv", "%s", oml_status_string(st));
    if (dest != MPI_PROC_NULL)
        oml_tp_wait(&sreq);
    if (source == MPI_PROC_NULL) {
        pt_proc_null_status(status);
        return MPI_SUCCESS;
    }
    oml_tp_wait(&rreq);
    return pt_recv_status("MPI_Sendrecv", c, &rreq, status);
}
OML_ALIAS(Sendrecv)

OML_API int PMPI_Get_count(const MPI_Status *status, MPI_Datatype datatype, int *count)
{
    if (status == NULL || count == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Get_count", "status or count is NULL");
    const oml_dtype_t *d = oml_dtype_get(datatype);
    if (d == NULL)
        return oml_error(NULL, MPI_ERR_TYPE, "MPI_Get_count", "invalid datatype");
    size_t bytes = oml_status_bytes(status);
    if (bytes % d->size != 0 || bytes / d->size > 0x7fffffff)
        *count = MPI_UNDEFINED;
    else
        *count = (int)(bytes / d->size);
    return MPI_SUCCESS;
}
OML_ALIAS(Get_count)
