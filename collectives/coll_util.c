/*
 * collectives/coll_util.c: helpers shared by the algorithms.
 */
#include "collectives/coll_impl.h"

oml_status_t oml_coll_sendrecv(const void *sbuf, size_t slen, int dst, void *rbuf, size_t rlen,
                               int src, int tag, const oml_tp_comm_t *comm)
{
    oml_tp_req_t sreq, rreq;
    oml_status_t st;
    /* Post the receive first so that an eager message from src lands in place. */
    if (rbuf != NULL && (st = oml_tp_irecv(&rreq, rbuf, rlen, src, tag, comm)) != OML_OK)
        return st;
    if (sbuf != NULL && (st = oml_tp_isend(&sreq, sbuf, slen, dst, tag, comm)) != OML_OK) {
        if (rbuf != NULL)
            oml_tp_wait(&rreq);
        return st;
    }
    if (sbuf != NULL)
        oml_tp_wait(&sreq);
    if (rbuf != NULL)
        oml_tp_wait(&rreq);
    return OML_OK;
}
