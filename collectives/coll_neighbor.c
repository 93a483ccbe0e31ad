/*
 * collectives/coll_neighbor.c: the exchange under every neighborhood collective.
 *
 * All receives are posted, then all sends started, in one round: cost alpha + max(in, out
 * bytes) * beta per process when the network overlaps the messages.
 */
#include "collectives/coll_impl.h"

void oml_coll_neighbor_exchange(oml_sched_t *s, int nin, const oml_coll_block_t *in, int nout,
                                const oml_coll_block_t *out)
{
    for (int i = 0; i < nin; i++) {
        if (in[i].peer >= 0)
            oml_sched_recv_sub(s, in[i].buf, in[i].len, in[i].peer, in[i].tag);
    }
    for (int i = 0; i < nout; i++) {
        if (out[i].peer >= 0)
            oml_sched_send_sub(s, out[i].buf, out[i].len, out[i].peer, out[i].tag);
    }
    oml_sched_fence(s);
}
