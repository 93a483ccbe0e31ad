/*
 * ompi-lite/oml_greq.c: generalized requests (MPI_Grequest_start, MPI_Grequest_complete).
 *
 * A generalized request is a request that the program completes: MPI_Grequest_complete sets
 * its transport part complete, and the wait and test calls treat it as any other request from
 * then on. The request calls back into the program (MPI standard, 13.2):
 *   - query_fn fills the status whenever a wait, test or MPI_Request_get_status finds the
 *     request complete; its error becomes the call's (in the status for the multi-request
 *     calls, which then say MPI_ERR_IN_STATUS);
 *   - free_fn runs once, when the request goes: after query_fn in the call that completed it,
 *     or, for a request given to MPI_Request_free, in MPI_Request_free or
 *     MPI_Grequest_complete, whichever comes last;
 *   - cancel_fn runs at MPI_Cancel, told whether MPI_Grequest_complete has been called.
 * A generalized request has no communicator: errors go to MPI_COMM_WORLD's handler, as for
 * the other calls that name none.
 */
#include "oml_impl.h"

#include <stdlib.h>

OML_API int PMPI_Grequest_start(MPI_Grequest_query_function *query_fn,
                                MPI_Grequest_free_function *free_fn,
                                MPI_Grequest_cancel_function *cancel_fn, void *extra_state,
                                MPI_Request *request)
{
    static const char fn[] = "MPI_Grequest_start";
    OML_CHECK_INIT(fn);
    if (query_fn == NULL || free_fn == NULL || cancel_fn == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "query_fn, free_fn and cancel_fn must all be functions (one is NULL)");
    if (request == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "request pointer is NULL");
    oml_greq_t *g = malloc(sizeof(*g));
    if (g == NULL)
        return oml_error(NULL, MPI_ERR_NO_MEM, fn, "no memory for the request");
    *g = (oml_greq_t){query_fn, free_fn, cancel_fn, extra_state, false};
    oml_request_t *r = oml_request_greq(g);
    if (r == NULL) {
        free(g);
        return oml_error(NULL, MPI_ERR_NO_MEM, fn, "no memory for the request");
    }
    *request = (MPI_Request)r;
    return MPI_SUCCESS;
}
OML_ALIAS(Grequest_start)

OML_API int PMPI_Grequest_complete(MPI_Request request)
{
    static const char fn[] = "MPI_Grequest_complete";
    OML_CHECK_INIT(fn);
    if (request == MPI_REQUEST_NULL || (uintptr_t)request < OML_HANDLE_PREDEFINED_MAX)
        return oml_error(NULL, MPI_ERR_REQUEST, fn, "invalid request handle %p", (void *)request);
    oml_request_t *r = (oml_request_t *)request;
    if (r->kind != OML_REQ_GREQ)
        return oml_error(NULL, MPI_ERR_REQUEST, fn,
                         "the request is not a generalized request (made by MPI_Grequest_start)");
    if (r->tp.complete)
        return oml_error(NULL, MPI_ERR_REQUEST, fn,
                         "MPI_Grequest_complete was already called on this request");
    r->tp.complete = 1;
    return r->greq->freed ? oml_greq_release(fn, r, false) : MPI_SUCCESS;
}
OML_ALIAS(Grequest_complete)

/* The error code err that a callback named what returned, reported unless quiet. */
static int greq_error(const char *fn, int err, const char *what, bool quiet)
{
    if (err == MPI_SUCCESS || quiet)
        return err;
    return oml_error(NULL, err, fn, "the generalized request's %s returned error %d", what, err);
}

int oml_greq_status(const char *fn, oml_request_t *r, MPI_Status *status, bool quiet)
{
    /* query_fn gets a status to write to even when the caller ignores it */
    MPI_Status tmp, *st = status != MPI_STATUS_IGNORE ? status : &tmp;
    oml_status_set(st, MPI_ANY_SOURCE, MPI_ANY_TAG, 0); /* empty, not cancelled */
    return greq_error(fn, r->greq->query(r->greq->extra, st), "query_fn", quiet);
}

int oml_greq_release(const char *fn, oml_request_t *r, bool quiet)
{
    int err = r->greq->free(r->greq->extra);
    oml_request_release(r);
    return greq_error(fn, err, "free_fn", quiet);
}

int oml_greq_cancel(const char *fn, oml_request_t *r)
{
    return greq_error(fn, r->greq->cancel(r->greq->extra, r->tp.complete != 0), "cancel_fn", false);
}
