/*
 * ompi-lite/oml_part.c: partitioned point-to-point communication (MPI 4.0, chapter 4):
 * MPI_Psend_init, MPI_Precv_init, MPI_Pready, MPI_Pready_range, MPI_Pready_list, MPI_Parrived.
 *
 * A partitioned request is a persistent send or receive (oml_pt2pt.c) with a partition state.
 * MPI_Start begins a round: a receive posts its whole buffer at once (as any persistent receive,
 * on the channel's context: oml_pt2pt.c); a send waits until every partition has been marked
 * ready and then sends the whole buffer as one message. Partition counts may differ between the
 * two sides (only the total size must agree), and MPI_Parrived reports a partition once the
 * whole message is in. No partition travels early, so there is no overlap of the sender's
 * computation with the transfer of partitions already ready: the calls are what the standard
 * asks, the early transfer is what is left to build.
 *
 * Matching: the standard pairs partitioned sends and receives once, in the order of their
 * initialization calls between the same two processes with the same tag and communicator.
 * Each side numbers its channels per (peer, tag) on the communicator; the n-th send channel
 * pairs with the n-th receive channel. Messages of channel n travel on the communicator's
 * point-to-point context with bit 31 set and n (modulo 65536) in bits 15-30, so they match
 * only their own channel's receive and never ordinary point-to-point traffic.
 */
#include "ompi-lite/oml_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct oml_part_chan {
    int peer, tag;
    uint32_t sends, recvs; /* channels made so far */
} oml_part_chan_t;

void oml_part_comm_free(oml_comm_t *c)
{
    free(c->part_chans);
    c->part_chans = NULL;
    c->npart_chans = 0;
}

/* The number of the next channel to or from peer with tag on c; false when out of memory. */
static bool part_next_channel(oml_comm_t *c, int peer, int tag, bool recv, uint32_t *n)
{
    oml_part_chan_t *ch = NULL;
    for (int i = 0; i < c->npart_chans; i++) {
        if (c->part_chans[i].peer == peer && c->part_chans[i].tag == tag) {
            ch = &c->part_chans[i];
            break;
        }
    }
    if (ch == NULL) {
        oml_part_chan_t *grown =
            realloc(c->part_chans, sizeof(*grown) * (size_t)(c->npart_chans + 1));
        if (grown == NULL)
            return false;
        c->part_chans = grown;
        ch = &grown[c->npart_chans++];
        *ch = (oml_part_chan_t){.peer = peer, .tag = tag};
    }
    *n = recv ? ch->recvs++ : ch->sends++;
    return true;
}

static int part_init(const char *fn, bool recv, const void *buf, int partitions, MPI_Count count,
                     MPI_Datatype datatype, int peer, int tag, MPI_Comm comm, MPI_Info info,
                     MPI_Request *request)
{
    OML_CHECK_INIT(fn);
    oml_comm_t *c = oml_comm_get(comm);
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator");
    if (partitions < 0)
        return oml_error(c, MPI_ERR_ARG, fn, "partitions is %d; it must be >= 0", partitions);
    if (count < 0)
        return oml_error(c, MPI_ERR_COUNT, fn, "count is %lld; it must be >= 0", (long long)count);
    if (partitions > 0 && count > INT64_MAX / partitions)
        return oml_error(c, MPI_ERR_COUNT, fn,
                         "%d partitions of %lld elements make more elements than MPI_Count holds",
                         partitions, (long long)count);
    if (recv && peer == MPI_ANY_SOURCE)
        return oml_error(c, MPI_ERR_RANK, fn,
                         "source is MPI_ANY_SOURCE; a partitioned receive names its sender");
    if (recv && tag == MPI_ANY_TAG)
        return oml_error(c, MPI_ERR_TAG, fn,
                         "tag is MPI_ANY_TAG; a partitioned receive names its tag");
    if (!oml_info_valid(info))
        return oml_error(c, MPI_ERR_INFO, fn,
                         "invalid info object; pass MPI_INFO_NULL or one from MPI_Info_create");
    if (request == NULL)
        return oml_error(c, MPI_ERR_REQUEST, fn, "request pointer is NULL");
    MPI_Request h;
    int rc = oml_request_p2p_init(fn, recv, buf, (MPI_Count)partitions * count, datatype, peer, tag,
                                  comm, &h);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_request_t *r = (oml_request_t *)h;
    uint32_t n = 0;
    oml_part_t *p = calloc(1, sizeof(*p));
    unsigned char *ready = calloc(partitions > 0 ? (size_t)partitions : 1, 1);
    if (p == NULL || ready == NULL ||
        (peer != MPI_PROC_NULL && !part_next_channel(c, peer, tag, recv, &n))) {
        free(p);
        free(ready);
        oml_request_release(r);
        return oml_error(c, MPI_ERR_NO_MEM, fn, "no memory for a partitioned request");
    }
    p->partitions = partitions;
    p->ready = ready;
    p->tpc = c->pt2pt;
    p->tpc.ctx = 0x80000000u | ((n & 0xffffu) << 15) | c->pt2pt.ctx;
    r->part = p;
    *request = h;
    return MPI_SUCCESS;
}

void oml_part_free(oml_request_t *r)
{
    free(r->part->ready);
    free(r->part);
    r->part = NULL;
}

/* Sends the whole buffer: every partition of this round is ready. */
static int part_send(const char *fn, oml_request_t *r)
{
    if (oml_dbuf_send(&r->db, r->dt, r->buf, r->count) != MPI_SUCCESS)
        return oml_error(r->comm, MPI_ERR_NO_MEM, fn, "no memory to pack the message");
    oml_status_t st = oml_tp_isend(&r->tp, r->db.ptr, r->db.len, r->peer, r->tag, &r->part->tpc);
    return st == OML_OK ? MPI_SUCCESS
                        : oml_error(r->comm, MPI_ERR_INTERN, fn, "%s", oml_status_string(st));
}

int oml_part_start(const char *fn, oml_request_t *r)
{
    oml_part_t *p = r->part;
    memset(p->ready, 0, p->partitions > 0 ? (size_t)p->partitions : 1);
    p->nready = 0;
    return p->partitions == 0 ? part_send(fn, r) : MPI_SUCCESS;
}

/* The active partitioned request of a Pready or Parrived call, of the side it needs. */
static int part_request(const char *fn, MPI_Request request, bool recv, oml_request_t **r_p)
{
    oml_request_t *r = (oml_request_t *)request;
    if (request == MPI_REQUEST_NULL || r->part == NULL)
        return oml_error(NULL, MPI_ERR_REQUEST, fn,
                         "the request is not a partitioned request (MPI_Psend_init, "
                         "MPI_Precv_init)");
    if ((r->kind == OML_TP_REQ_RECV) != recv)
        return oml_error(r->comm, MPI_ERR_REQUEST, fn, "the request is a partitioned %s",
                         recv ? "send; this call takes a receive"
                              : "receive; this call takes a send");
    *r_p = r;
    return MPI_SUCCESS;
}

/*
 * Marks n partitions ready: list[0..n-1], or lo..lo+n-1 when list is NULL; the message goes once
 * all of them are. One pass: a partition out of range or marked already (in an earlier call, or
 * earlier in this list) undoes what this call marked and is an error.
 */
static int part_ready(const char *fn, oml_request_t *r, const int *list, int lo, int n)
{
    oml_part_t *p = r->part;
    if (!r->active)
        return oml_error(r->comm, MPI_ERR_REQUEST, fn,
                         "the partitioned send is not active; start it with MPI_Start first");
    for (int i = 0; i < n; i++) {
        int k = list != NULL ? list[i] : lo + i;
        if (k >= 0 && k < p->partitions && !p->ready[k]) {
            p->ready[k] = 1;
            continue;
        }
        for (int j = 0; j < i; j++)
            p->ready[list != NULL ? list[j] : lo + j] = 0;
        if (k < 0 || k >= p->partitions)
            return oml_error(r->comm, MPI_ERR_ARG, fn,
                             "partition %d does not exist; the request has partitions 0 to %d", k,
                             p->partitions - 1);
        return oml_error(r->comm, MPI_ERR_ARG, fn,
                         "partition %d is marked ready twice in this round", k);
    }
    p->nready += n;
    if (n > 0 && p->nready == p->partitions && !r->proc_null) /* the last ones: send */
        return part_send(fn, r);
    return MPI_SUCCESS;
}

OML_API int PMPI_Psend_init(const void *buf, int partitions, MPI_Count count, MPI_Datatype datatype,
                            int dest, int tag, MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    return part_init("MPI_Psend_init", false, buf, partitions, count, datatype, dest, tag, comm,
                     info, request);
}
OML_ALIAS(Psend_init)

OML_API int PMPI_Precv_init(void *buf, int partitions, MPI_Count count, MPI_Datatype datatype,
                            int source, int tag, MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    return part_init("MPI_Precv_init", true, buf, partitions, count, datatype, source, tag, comm,
                     info, request);
}
OML_ALIAS(Precv_init)

OML_API int PMPI_Pready(int partition, MPI_Request request)
{
    static const char fn[] = "MPI_Pready";
    OML_CHECK_INIT(fn);
    oml_request_t *r = NULL;
    int rc = part_request(fn, request, false, &r);
    return rc != MPI_SUCCESS ? rc : part_ready(fn, r, NULL, partition, 1);
}
OML_ALIAS(Pready)

OML_API int PMPI_Pready_range(int partition_low, int partition_high, MPI_Request request)
{
    static const char fn[] = "MPI_Pready_range";
    OML_CHECK_INIT(fn);
    oml_request_t *r = NULL;
    int rc = part_request(fn, request, false, &r);
    if (rc != MPI_SUCCESS)
        return rc;
    if (partition_low < 0 || partition_low > partition_high ||
        partition_high >= r->part->partitions)
        return oml_error(r->comm, MPI_ERR_ARG, fn,
                         "partitions %d to %d are no range of the request's 0 to %d", partition_low,
                         partition_high, r->part->partitions - 1);
    return part_ready(fn, r, NULL, partition_low, partition_high - partition_low + 1);
}
OML_ALIAS(Pready_range)

OML_API int PMPI_Pready_list(int length, const int array_of_partitions[], MPI_Request request)
{
    static const char fn[] = "MPI_Pready_list";
    OML_CHECK_INIT(fn);
    oml_request_t *r = NULL;
    int rc = part_request(fn, request, false, &r);
    if (rc != MPI_SUCCESS)
        return rc;
    if (length < 0)
        return oml_error(r->comm, MPI_ERR_ARG, fn, "length is %d; it must be >= 0", length);
    if (length > 0 && array_of_partitions == NULL)
        return oml_error(r->comm, MPI_ERR_ARG, fn, "array_of_partitions is NULL");
    return part_ready(fn, r, array_of_partitions, 0, length);
}
OML_ALIAS(Pready_list)

OML_API int PMPI_Parrived(MPI_Request request, int partition, int *flag)
{
    static const char fn[] = "MPI_Parrived";
    OML_CHECK_INIT(fn);
    oml_request_t *r = NULL;
    int rc = part_request(fn, request, true, &r);
    if (rc != MPI_SUCCESS)
        return rc;
    if (flag == NULL)
        return oml_error(r->comm, MPI_ERR_ARG, fn, "flag is NULL");
    if (partition < 0 || partition >= r->part->partitions)
        return oml_error(r->comm, MPI_ERR_ARG, fn,
                         "partition %d does not exist; the request has partitions 0 to %d",
                         partition, r->part->partitions - 1);
    if (r->active && !r->tp.complete) /* a polling call, as MPI_Test: yield when oversubscribed */
        oml_tp_progress_idle();
    /* An inactive request has nothing in flight: its partitions are there (MPI 4.1). */
    *flag = !r->active || r->tp.complete;
    if (*flag)
        oml_request_finish_data(r);
    return MPI_SUCCESS;
}
OML_ALIAS(Parrived)
