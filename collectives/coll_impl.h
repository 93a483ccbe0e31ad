/*
 * collectives/coll_impl.h: helpers shared by the algorithms in collectives/.
 */
#ifndef OML_COLL_IMPL_H
#define OML_COLL_IMPL_H

#include "collectives/coll.h"

/* Tags of the collective context, one per algorithm so that messages never cross. */
enum {
    OML_COLL_TAG_BARRIER = 1,
    OML_COLL_TAG_BCAST = 2,
    OML_COLL_TAG_ALLREDUCE = 3,
    OML_COLL_TAG_REDUCE = 4,
    OML_COLL_TAG_ALLGATHER = 5,
    OML_COLL_TAG_ALLTOALL = 6,
    OML_COLL_TAG_NEIGHBOR = 64, /* + the block's tag */
};

/*
 * Sends slen bytes at sbuf to dst and receives up to rlen bytes from src into rbuf, both under
 * tag, and waits for both. A NULL sbuf (rbuf) skips the send (receive).
 */
oml_status_t oml_coll_sendrecv(const void *sbuf, size_t slen, int dst, void *rbuf, size_t rlen,
                               int src, int tag, const oml_tp_comm_t *comm);

#endif /* OML_COLL_IMPL_H */
