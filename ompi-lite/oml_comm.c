/*
 * ompi-lite/oml_comm.c: communicators: context ids, dup, split, create, free, compare, names.
 *
 * Context ids. A communicator uses two transport contexts (point-to-point and collective):
 * MPI_COMM_WORLD 0/1, MPI_COMM_SELF 2/3; context 4 carries the agreement of
 * MPI_Comm_create_group; every other communicator gets 8 + 2 * slot for a slot in
 * [0, CTX_SLOTS). Each process keeps a bitmask of its free slots. A constructor that is
 * collective over the parent ANDs the masks of all the parent's ranks (an allreduce on the
 * parent's collective context) and takes the lowest slot free everywhere, so no two live
 * communicators that share a process ever share a context; a freed communicator's slot
 * returns to the mask. MPI_Comm_create_group, collective over the new members only, does the
 * same reduction among them on context 4 with job ranks as sources and the user's tag.
 * MPI_Comm_idup agrees in the background, a word of the mask at a time (comm_idup below).
 *
 * Intercommunicators. Both groups take the same slot: MPI_Intercomm_create ANDs the masks
 * within each group (an allreduce on local_comm), the two leaders swap theirs over peer_comm
 * and each tells its group. A constructor on an intercommunicator (dup, merge, split, create)
 * reduces over the members of both groups on context 4, with a negative tag made from the
 * intercommunicator's context (user tags are >= 0). Point-to-point traffic reaches the remote
 * group through the remote rank map; collectives see the local group on the collective context
 * and reach the remote one through their schedule (collectives/coll_inter.c).
 */
#include "oml_impl.h"
#include "runtime/rt.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CTX_FIRST 8
#define CTX_GROUP_AGREE 4
#define CTX_SLOTS 8192
/* Partitioned channels (oml_part.c) put their own bits above a communicator's context. */
_Static_assert(CTX_FIRST + 2 * CTX_SLOTS <= OML_PART_CTX_LIMIT, "contexts fit below bit 15");
#define CTX_WORDS (CTX_SLOTS / 64)
#define CTX_PREDEFINED (-1) /* ctx_slot of MPI_COMM_WORLD and MPI_COMM_SELF */
#define CTX_PENDING (-2)    /* ctx_slot of a communicator whose MPI_Comm_idup is in progress */

static uint64_t ctx_free[CTX_WORDS]; /* 1 = slot free on this process */

/*
 * Agreements in several threads (MPI_THREAD_MULTIPLE). A blocking agreement waits for its
 * peers with the library's lock handed over, so another thread's agreement may run meanwhile,
 * on this process and on others. Each agreement (keyed by its parent's context, which no two
 * concurrent ones share) borrows the whole free mask for its duration when no other agreement
 * of this process has it and none with a lower key waits for it; otherwise it contributes an
 * empty mask. The last bit of the mask is no slot: a process that lent its mask sets it, so the
 * AND says whether every member did. When no slot is free on every member and some member lent
 * nothing, every member tries again (they all see the same AND). The agreement with the lowest
 * key anywhere gets the mask on each of its members in turn, so one always completes (as
 * MPICH's context-id allocation does). Alone, an agreement always has the mask: one attempt.
 */
#define CTX_OWN_BIT ((uint64_t)1 << 63) /* in the last word */
/*
 * The other 63 slots of the last word are for communicators of one process made by one
 * process (MPI_Comm_dup of MPI_COMM_SELF, ...): no other process uses their contexts, so the
 * process takes one of them without an agreement and without the mask, which another thread's
 * agreement may hold while it waits for a peer; that peer may in turn wait for such a
 * communicator (MPICH's threads/comm/comm_dup_deadlock). Agreements never lend them.
 */
#define CTX_LOCAL_BITS (~CTX_OWN_BIT)
#define CTX_RETRY (-2)
static int64_t ctx_owner = -1;         /* key of the agreement that has the mask, or -1 */
static int64_t ctx_lowest = INT64_MAX; /* lowest key of the agreements waiting for it */
static uint64_t ctx_lent[CTX_WORDS];   /* the slots the owner took out of ctx_free */

/* Test mode OMPI_LITE_COLL_NODEMAP: the node of every job rank as the collectives see it. */
static uint32_t *comm_nodemap;

static int comm_nodemap_init(char *why, size_t whylen)
{
    const char *v = getenv("OMPI_LITE_COLL_NODEMAP");
    int n = oml_rt_job.size, k = 0;
    if (v == NULL || *v == '\0')
        return 0;
    if ((comm_nodemap = malloc(sizeof(uint32_t) * (size_t)n)) == NULL) {
        snprintf(why, whylen, "out of memory reading OMPI_LITE_COLL_NODEMAP");
        return -1;
    }
    for (const char *p = v; *p != '\0'; k++) {
        char *end;
        long id = strtol(p, &end, 10);
        if (end == p || id < 0 || id > INT32_MAX || (*end != ',' && *end != '\0') || k >= n ||
            (*end == ',' && end[1] == '\0')) {
            snprintf(why, whylen,
                     "OMPI_LITE_COLL_NODEMAP=%s is not one node number per rank of the %d-rank "
                     "job (a comma-separated list such as 0,0,1,1)",
                     v, n);
            free(comm_nodemap);
            comm_nodemap = NULL;
            return -1;
        }
        comm_nodemap[k] = (uint32_t)id;
        p = *end == ',' ? end + 1 : end;
    }
    if (k != n) {
        snprintf(why, whylen,
                 "OMPI_LITE_COLL_NODEMAP=%s gives %d node numbers, the job has %d ranks: give "
                 "one per rank",
                 v, k, n);
        free(comm_nodemap);
        comm_nodemap = NULL;
        return -1;
    }
    return 0;
}

const oml_coll_nodes_t *oml_comm_nodes(oml_comm_t *c)
{
    if (c->nodes_tried)
        return c->nodes;
    c->nodes_tried = true;
    const uint32_t *job = comm_nodemap != NULL ? comm_nodemap : oml_rt_node_ids();
    int n = c->coll.size;
    uint32_t *id = job != NULL ? malloc(sizeof(uint32_t) * (size_t)n) : NULL;
    if (id == NULL)
        return NULL; /* unknown layout: flat algorithms, the same on every rank */
    for (int i = 0; i < n; i++)
        id[i] = job[c->coll.world != NULL ? c->coll.world[i] : i];
    c->nodes = oml_coll_nodes_new(id, n, c->coll.rank);
    free(id);
    const char *v = getenv("OMPI_LITE_VERBOSE");
    if (c == &oml_global.world && c->nodes != NULL && c->coll.rank == 0 && v != NULL &&
        atoi(v) > 0) {
        const oml_coll_nodes_t *nd = c->nodes;
        bool aware = nd->nnodes > 1 && nd->nnodes < n;
        fprintf(stderr, "ompi-lite: rank 0: MPI_COMM_WORLD has %d ranks on %d node%s%s: %s\n", n,
                nd->nnodes, nd->nnodes > 1 ? "s" : "",
                nd->contiguous ? "" : " (nodes not in rank order)",
                aware ? "barrier, bcast, reduce, allreduce, allgather, gather and scatter are "
                        "node-aware"
                      : "collectives are flat (one node, or one rank per node)");
    }
    return c->nodes;
}

int oml_comm_init(char *why, size_t whylen)
{
    memset(ctx_free, 0xff, sizeof(ctx_free));
    oml_comm_t *w = &oml_global.world, *s = &oml_global.self;
    int r = oml_rt_job.rank, n = oml_rt_job.size;
    *w = (oml_comm_t){.magic = OML_COMM_MAGIC, .refs = 1, .ctx_slot = CTX_PREDEFINED};
    w->pt2pt = (oml_tp_comm_t){.ctx = 0, .rank = r, .size = n, .world = NULL};
    w->coll = (oml_tp_comm_t){.ctx = 1, .rank = r, .size = n, .world = NULL};
    w->errhandler = MPI_ERRORS_ARE_FATAL;
    w->info = MPI_INFO_NULL;
    snprintf(w->name, sizeof(w->name), "MPI_COMM_WORLD");
    *s = (oml_comm_t){
        .magic = OML_COMM_MAGIC, .refs = 1, .ctx_slot = CTX_PREDEFINED, .self_world_rank = r};
    s->pt2pt = (oml_tp_comm_t){.ctx = 2, .rank = 0, .size = 1, .world = &s->self_world_rank};
    s->coll = (oml_tp_comm_t){.ctx = 3, .rank = 0, .size = 1, .world = &s->self_world_rank};
    s->errhandler = MPI_ERRORS_ARE_FATAL;
    s->info = MPI_INFO_NULL;
    snprintf(s->name, sizeof(s->name), "MPI_COMM_SELF");
    return comm_nodemap_init(why, whylen);
}

void oml_comm_finalize(void)
{
    /* the standard has MPI_COMM_SELF's attributes deleted first, at MPI_Finalize */
    oml_attr_delete_all(OML_ATTR_COMM, MPI_COMM_SELF, &oml_global.self.attrs);
    oml_attr_delete_all(OML_ATTR_COMM, MPI_COMM_WORLD, &oml_global.world.attrs);
    oml_topo_free(oml_global.world.topo);
    oml_global.world.topo = NULL;
    oml_coll_nodes_free(oml_global.world.nodes);
    oml_global.world.nodes = NULL;
    oml_part_comm_free(&oml_global.world);
    oml_part_comm_free(&oml_global.self);
    free(comm_nodemap);
    comm_nodemap = NULL;
}

MPI_Comm oml_comm_handle(oml_comm_t *c)
{
    if (c == &oml_global.world)
        return MPI_COMM_WORLD;
    if (c == &oml_global.self)
        return MPI_COMM_SELF;
    return (MPI_Comm)c;
}

void oml_comm_retain(oml_comm_t *c)
{
    c->refs++;
}

void oml_comm_release(oml_comm_t *c)
{
    if (--c->refs > 0 || c->ctx_slot == CTX_PREDEFINED)
        return;
    if (c->ctx_slot >= 0) /* else an MPI_Comm_idup whose agreement failed */
        ctx_free[c->ctx_slot / 64] |= (uint64_t)1 << (c->ctx_slot % 64);
    oml_errhandler_release(c->errhandler);
    oml_topo_free(c->topo);
    oml_coll_nodes_free(c->nodes);
    oml_part_comm_free(c);
    if (c->info != MPI_INFO_NULL)
        PMPI_Info_free(&c->info);
    if (c->coll.world != c->pt2pt.world)
        free((int *)c->coll.world); /* an intercommunicator's local group */
    free((int *)c->pt2pt.world);    /* made by oml_comm_make, shared with c->coll */
    c->magic = 0;
    free(c);
}

/*
 * AND of the nwords (at most CTX_WORDS + 2) words of mask of the group's members, whose job
 * ranks are world[0..n-1] (me at rank).
 */
static oml_status_t ctx_agree_members(const int *world, int n, int rank, int tag, uint64_t *mask,
                                      int nwords)
{
    oml_tp_comm_t jc = {.ctx = CTX_GROUP_AGREE, .rank = oml_rt_job.rank, .size = oml_rt_job.size};
    uint64_t in[CTX_WORDS + 2];
    oml_tp_req_t req;
    oml_status_t st;
    /* binomial reduce to member 0, then binomial broadcast back */
    int m = 1;
    for (; m < n; m <<= 1) {
        if (rank & m) {
            if ((st = oml_tp_isend(&req, mask, (size_t)nwords * sizeof(uint64_t), world[rank - m],
                                   tag, &jc)) != OML_OK)
                return st;
            oml_tp_wait(&req);
            break;
        }
        if (rank + m < n) {
            if ((st = oml_tp_irecv(&req, in, (size_t)nwords * sizeof(uint64_t), world[rank + m],
                                   tag, &jc)) != OML_OK)
                return st;
            oml_tp_wait(&req);
            for (int i = 0; i < nwords; i++)
                mask[i] &= in[i];
        }
    }
    if (rank != 0) {
        if ((st = oml_tp_irecv(&req, mask, (size_t)nwords * sizeof(uint64_t), world[rank - m], tag,
                               &jc)) != OML_OK)
            return st;
        oml_tp_wait(&req);
    }
    for (m >>= 1; m > 0; m >>= 1) {
        if (rank + m < n && !(rank & m)) {
            if ((st = oml_tp_isend(&req, mask, (size_t)nwords * sizeof(uint64_t), world[rank + m],
                                   tag, &jc)) != OML_OK)
                return st;
            oml_tp_wait(&req);
        }
    }
    return OML_OK;
}

static void ctx_and(const void *in, void *inout, size_t count, void *ctx)
{
    const uint64_t *a = in;
    uint64_t *b = inout;
    (void)ctx;
    for (size_t i = 0; i < count; i++)
        b[i] &= a[i];
}

/* AND of the masks of every rank of parent (an allreduce on its collective context). */
static oml_status_t ctx_agree(oml_comm_t *parent, uint64_t *mask)
{
    static const oml_coll_op_t and_op = {ctx_and, NULL, sizeof(uint64_t), true};
    oml_sched_t *s = oml_comm_sched(parent);
    if (s == NULL)
        return OML_ERR_NOMEM;
    oml_coll_allreduce(s, NULL, mask, CTX_WORDS, &and_op);
    return oml_sched_run(s);
}

/* The lowest slot free in mask, or -1. */
static int ctx_pick(const uint64_t *mask)
{
    for (int i = 0; i < CTX_WORDS; i++) {
        uint64_t w = i == CTX_WORDS - 1 ? mask[i] & ~CTX_OWN_BIT : mask[i];
        if (w != 0)
            return i * 64 + __builtin_ctzll(w);
    }
    return -1;
}

/*
 * Starts an attempt of the agreement keyed key: mask gets this process's free slots and the
 * own bit, taken out of ctx_free until ctx_settle, when this agreement may have them now, else
 * nothing. Returns whether it has them.
 */
static bool ctx_lend(int64_t key, uint64_t *mask)
{
    if (ctx_owner < 0 && key <= ctx_lowest) {
        ctx_owner = key;
        memcpy(ctx_lent, ctx_free, sizeof(ctx_lent));
        ctx_lent[CTX_WORDS - 1] &= ~CTX_LOCAL_BITS; /* the own bit goes; the local slots stay */
        memcpy(mask, ctx_lent, sizeof(ctx_lent));
        memset(ctx_free, 0, (CTX_WORDS - 1) * sizeof(uint64_t));
        ctx_free[CTX_WORDS - 1] |= CTX_OWN_BIT;
        return true;
    }
    memset(mask, 0, CTX_WORDS * sizeof(uint64_t));
    if (key < ctx_lowest)
        ctx_lowest = key;
    return false;
}

/*
 * Ends an attempt: the slots lent go back. Returns the slot free on every member (the caller
 * takes it before it waits again), -1 when none is (or the agreement failed: mask NULL), or
 * CTX_RETRY when a member lent nothing.
 */
static int ctx_settle(int64_t key, bool own, const uint64_t *mask)
{
    if (own) {
        for (int i = 0; i < CTX_WORDS; i++)
            ctx_free[i] |= ctx_lent[i];
        ctx_owner = -1;
    }
    int slot = mask != NULL ? ctx_pick(mask) : -1;
    if (slot < 0 && mask != NULL && !(mask[CTX_WORDS - 1] & CTX_OWN_BIT)) {
        /* an agreement among this process alone waits for nothing: let the others run */
        oml_tp_progress_idle();
        return CTX_RETRY;
    }
    if (key == ctx_lowest)
        ctx_lowest = INT64_MAX;
    return slot;
}

/* Takes slot (>= 0) out of the free mask, or puts it back; comm_set_slot takes it again. */
static void ctx_hold(int slot, bool hold)
{
    if (slot < 0)
        return;
    if (hold)
        ctx_free[slot / 64] &= ~((uint64_t)1 << (slot % 64));
    else
        ctx_free[slot / 64] |= (uint64_t)1 << (slot % 64);
}

/* The key of an agreement over parent's members (create_group: among some of them, by tag). */
static int64_t ctx_key(const oml_comm_t *parent, int tag)
{
    return ((int64_t)parent->coll.ctx << 31) | (tag & 0x7fffffff);
}

/* Gives c the contexts of slot, taken from the free mask. */
static void comm_set_slot(oml_comm_t *c, int slot)
{
    ctx_free[slot / 64] &= ~((uint64_t)1 << (slot % 64));
    uint32_t ctx = CTX_FIRST + 2 * (uint32_t)slot;
    c->ctx_slot = slot;
    c->pt2pt.ctx = ctx;
    c->coll.ctx = ctx + 1;
}

/*
 * An intracommunicator over the job ranks world[0..size-1] (taken over), this process at
 * rank, without contexts yet (CTX_PENDING); errors are raised on parent.
 */
static int comm_alloc(const char *fn, oml_comm_t *parent, int *world, int size, int rank,
                      oml_comm_t **out)
{
    oml_comm_t *c = calloc(1, sizeof(*c));
    *out = c;
    if (c == NULL) {
        free(world);
        return oml_error(parent, MPI_ERR_NO_MEM, fn, "no memory for a communicator");
    }
    c->magic = OML_COMM_MAGIC;
    c->refs = 1;
    c->ctx_slot = CTX_PENDING;
    c->pt2pt = (oml_tp_comm_t){.rank = rank, .size = size, .world = world};
    c->coll = (oml_tp_comm_t){.rank = rank, .size = size, .world = world};
    c->errhandler = parent->errhandler;
    oml_errhandler_retain(c->errhandler);
    c->info = MPI_INFO_NULL;
    c->session = parent->session;
    return MPI_SUCCESS;
}

/*
 * An intracommunicator on the contexts of slot (-1: none was free) over the job ranks
 * world[0..size-1] (taken over), this process at rank; errors are raised on parent.
 */
static int comm_new(const char *fn, oml_comm_t *parent, int slot, int *world, int size, int rank,
                    oml_comm_t **out)
{
    *out = NULL;
    if (slot < 0) {
        free(world);
        return oml_error(parent, MPI_ERR_INTERN, fn,
                         "all %d communicator context ids are in use on some rank; free "
                         "communicators that are no longer needed (MPI_Comm_free)",
                         CTX_SLOTS - 1);
    }
    int rc = comm_alloc(fn, parent, world, size, rank, out);
    if (rc == MPI_SUCCESS)
        comm_set_slot(*out, slot);
    return rc;
}

int oml_comm_make(const char *fn, oml_comm_t *parent, int *world, int size, int rank,
                  bool members_only, int tag, oml_comm_t **out)
{
    uint64_t mask[CTX_WORDS];
    int64_t key = ctx_key(parent, members_only ? tag : 0);
    oml_status_t st;
    int slot;
    *out = NULL;
    uint64_t local = ctx_free[CTX_WORDS - 1] & CTX_LOCAL_BITS;
    if (rank == 0 && size == 1 && (members_only || parent->coll.size == 1) && !parent->inter &&
        local != 0) {
        /* one process alone: a slot of its own range, no agreement */
        slot = (CTX_WORDS - 1) * 64 + __builtin_ctzll(local);
        return comm_new(fn, parent, slot, world, size, rank, out);
    }
    do {
        bool own = ctx_lend(key, mask);
        if (members_only)
            st = ctx_agree_members(world, size, rank, tag, mask, CTX_WORDS);
        else
            st = ctx_agree(parent, mask);
        slot = ctx_settle(key, own, st == OML_OK ? mask : NULL);
    } while (slot == CTX_RETRY);
    if (st != OML_OK) {
        free(world);
        return oml_error(parent, MPI_ERR_INTERN, fn, "agreeing on a context id: %s",
                         oml_status_string(st));
    }
    if (rank < 0 && slot >= 0) {
        free(world);
        return MPI_SUCCESS;
    }
    /* no slot free on some member: every process of the agreement fails alike, members or not */
    return comm_new(fn, parent, slot, world, size, rank, out);
}

/* Job rank of rank r of the group g (c->coll: the local group, c->pt2pt: the remote one). */
static int tpc_world_rank(const oml_tp_comm_t *g, int r)
{
    return g->world != NULL ? g->world[r] : r;
}

/* A copy of the rank map of group g (job ranks by rank). */
static int *tpc_world_copy(const oml_tp_comm_t *g)
{
    int *w = malloc((size_t)g->size * sizeof(int));
    for (int i = 0; w != NULL && i < g->size; i++)
        w[i] = tpc_world_rank(g, i);
    return w;
}

/* Job rank of rank r of c's (local) group. */
static int comm_world_rank(const oml_comm_t *c, int r)
{
    return tpc_world_rank(&c->coll, r);
}

/* A copy of the rank map of c's (local) group. */
static int *comm_world_copy(const oml_comm_t *c)
{
    return tpc_world_copy(&c->coll);
}

static int comm_check(const char *fn, MPI_Comm comm, oml_comm_t **c_p)
{
    OML_CHECK_INIT(fn);
    oml_comm_t *c = oml_comm_get(comm);
    *c_p = c;
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator%s",
                         comm == MPI_COMM_NULL ? " (MPI_COMM_NULL)" : "");
    return MPI_SUCCESS;
}

static int comm_nomem(const char *fn, oml_comm_t *c)
{
    return oml_error(c, MPI_ERR_NO_MEM, fn, "out of memory");
}

/* The communicator behind a new handle, or MPI_COMM_NULL. */
static MPI_Comm comm_out(oml_comm_t *n)
{
    return n != NULL ? (MPI_Comm)n : MPI_COMM_NULL;
}

/* ---- intercommunicators ---- */

/* Constructors that do not take an intercommunicator yet fail with this. */
static int comm_intra_only(const char *fn, oml_comm_t *c)
{
    if (!c->inter)
        return MPI_SUCCESS;
    char what[160];
    snprintf(what, sizeof(what),
             "%s on an intercommunicator is not implemented in ompi-lite yet; see \"What is "
             "missing\" in its README",
             fn);
    return oml_missing(c, fn, what);
}

/* An intercommunicator's tag on context 4 (never a user's: those are >= 0). */
static int inter_tag(const oml_comm_t *c)
{
    return -3 - (int)c->pt2pt.ctx;
}

/*
 * The job ranks of both groups of intercommunicator c, the group whose rank 0 has the lower
 * job rank first (*local_first_p says whether that is ours); *me_p: this process's place.
 */
static int *inter_union(const oml_comm_t *c, int *me_p, bool *local_first_p)
{
    const oml_tp_comm_t *local = &c->coll, *remote = &c->pt2pt;
    int n = local->size + remote->size;
    int *all = malloc((size_t)n * sizeof(int));
    if (all == NULL)
        return NULL;
    bool local_first = tpc_world_rank(local, 0) < tpc_world_rank(remote, 0);
    const oml_tp_comm_t *first = local_first ? local : remote,
                        *second = local_first ? remote : local;
    for (int i = 0; i < first->size; i++)
        all[i] = tpc_world_rank(first, i);
    for (int i = 0; i < second->size; i++)
        all[first->size + i] = tpc_world_rank(second, i);
    *me_p = local->rank + (local_first ? 0 : remote->size);
    *local_first_p = local_first;
    return all;
}

/*
 * Agrees on a slot over both groups of c, with the job ranks of both in all, this process at
 * me: *slot_p gets it (-1: none free on every member). The nextra words after the CTX_WORDS of
 * mask are ANDed along (the caller fills them; they are the last attempt's).
 */
static int inter_agree(const char *fn, oml_comm_t *c, const int *all, int me, uint64_t *mask,
                       int nextra, int *slot_p)
{
    int64_t key = ctx_key(c, 0);
    oml_status_t st;
    uint64_t extra[2];
    memcpy(extra, mask + CTX_WORDS, (size_t)nextra * sizeof(uint64_t));
    do {
        bool own = ctx_lend(key, mask);
        memcpy(mask + CTX_WORDS, extra, (size_t)nextra * sizeof(uint64_t));
        st = ctx_agree_members(all, c->coll.size + c->pt2pt.size, me, inter_tag(c), mask,
                               CTX_WORDS + nextra);
        *slot_p = ctx_settle(key, own, st == OML_OK ? mask : NULL);
    } while (*slot_p == CTX_RETRY);
    if (st != OML_OK)
        return oml_error(c, MPI_ERR_INTERN, fn, "agreeing on a context id: %s",
                         oml_status_string(st));
    return MPI_SUCCESS;
}

/* Makes c, built over its local group, an intercommunicator with the remote group remote[0..n-1].
 */
static void inter_set_remote(oml_comm_t *c, int *remote, int n)
{
    c->inter = true;
    c->pt2pt.world = remote;
    c->pt2pt.size = n;
}

/*
 * Intercommunicator split and create: every process learns the (color, key) or subgroup rank
 * of every process of both groups, an allgather in its group and an exchange with every remote
 * process (three ints each), so that all build the same new groups.
 */
static int inter_exchange(const char *fn, oml_comm_t *c, const int mine[3], int *local, int *remote)
{
    oml_sched_t *s = oml_comm_sched(c);
    int m = c->pt2pt.size;
    void **ptr =
        s != NULL ? oml_sched_scratch(s, (size_t)m * (sizeof(void *) + sizeof(size_t))) : NULL;
    if (ptr == NULL) {
        if (s != NULL)
            oml_sched_free(s);
        return comm_nomem(fn, c);
    }
    size_t *len = (size_t *)(ptr + m);
    for (int i = 0; i < m; i++) {
        ptr[i] = remote + 3 * i;
        len[i] = 3 * sizeof(int);
    }
    oml_sched_set_remote(s, &c->pt2pt);
    oml_coll_allgather(s, mine, local, 3 * sizeof(int));
    oml_sched_fence(s);
    oml_coll_inter_allgatherv(s, mine, 3 * sizeof(int), ptr, len);
    oml_status_t st = oml_sched_run(s);
    if (st != OML_OK)
        return oml_error(c, MPI_ERR_INTERN, fn, "exchanging with the remote group: %s",
                         oml_status_string(st));
    return MPI_SUCCESS;
}

/*
 * Agrees on a context over both groups of c, then makes the intercommunicator if both sides
 * have members (local: n job ranks with us at rank; remote: m); else *out is NULL. The maps
 * are taken over; rc: the caller's error so far, returned as it is.
 */
static int inter_finish(const char *fn, oml_comm_t *c, int rc, int *local, int n, int rank,
                        int *remote, int m, oml_comm_t **out)
{
    *out = NULL;
    if (rc != MPI_SUCCESS) {
        free(local);
        free(remote);
        return rc;
    }
    int me;
    bool local_first;
    int *all = inter_union(c, &me, &local_first);
    uint64_t mask[CTX_WORDS];
    int slot;
    rc = all == NULL ? comm_nomem(fn, c) : inter_agree(fn, c, all, me, mask, 0, &slot);
    free(all);
    if (rc == MPI_SUCCESS && rank >= 0 && n > 0 && m > 0) {
        rc = comm_new(fn, c, slot, local, n, rank, out);
        local = NULL;
        if (rc == MPI_SUCCESS) {
            inter_set_remote(*out, remote, m);
            remote = NULL;
        }
    }
    free(local);
    free(remote);
    return rc;
}

/*
 * What a dup carries over from c (handle comm) to n besides the group: topology, info (or the
 * one given) and attributes (through their copy callbacks). On failure n is released.
 */
static int dup_carry(const char *fn, oml_comm_t *c, MPI_Comm comm, MPI_Info info, oml_comm_t *n)
{
    n->topo = oml_topo_dup(c->topo);
    if (info != MPI_INFO_NULL)
        PMPI_Info_dup(info, &n->info);
    else if (c->info != MPI_INFO_NULL)
        PMPI_Info_dup(c->info, &n->info);
    int rc = c->topo != NULL && n->topo == NULL
                 ? MPI_ERR_NO_MEM
                 : oml_attr_copy_all(OML_ATTR_COMM, comm, c->attrs, &n->attrs);
    if (rc != MPI_SUCCESS) {
        oml_attr_delete_all(OML_ATTR_COMM, (MPI_Comm)n, &n->attrs);
        oml_comm_release(n);
        /* the error a copy callback returned is the call's (a user code stays one) */
        return oml_error(c, rc, fn,
                         rc == MPI_ERR_NO_MEM ? "no memory to copy the topology or attributes"
                                              : "an attribute copy callback failed");
    }
    return MPI_SUCCESS;
}

/* MPI_Comm_dup and its variants: same group, new context, attributes copied, topology kept. */
static int comm_dup(const char *fn, MPI_Comm comm, MPI_Info info, MPI_Comm *newcomm)
{
    oml_comm_t *c;
    int rc = comm_check(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (newcomm == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "newcomm is NULL");
    oml_comm_t *n;
    if (c->inter) {
        int *local = tpc_world_copy(&c->coll), *remote = tpc_world_copy(&c->pt2pt);
        rc = inter_finish(fn, c, local && remote ? MPI_SUCCESS : comm_nomem(fn, c), local,
                          c->coll.size, c->coll.rank, remote, c->pt2pt.size, &n);
    } else {
        int *world = comm_world_copy(c);
        if (world == NULL)
            return comm_nomem(fn, c);
        rc = oml_comm_make(fn, c, world, c->coll.size, c->coll.rank, false, 0, &n);
    }
    if (rc == MPI_SUCCESS && (rc = dup_carry(fn, c, comm, info, n)) == MPI_SUCCESS)
        *newcomm = (MPI_Comm)n;
    else
        *newcomm = MPI_COMM_NULL; /* as MPICH: a failed dup leaves no handle behind */
    return rc;
}

OML_API int PMPI_Comm_dup(MPI_Comm comm, MPI_Comm *newcomm)
{
    return comm_dup("MPI_Comm_dup", comm, MPI_INFO_NULL, newcomm);
}
OML_ALIAS(Comm_dup)

OML_API int PMPI_Comm_dup_with_info(MPI_Comm comm, MPI_Info info, MPI_Comm *newcomm)
{
    return comm_dup("MPI_Comm_dup_with_info", comm, info, newcomm);
}
OML_ALIAS(Comm_dup_with_info)

/*
 * MPI_Comm_idup. The new communicator is made at the call (group, topology, info, attributes)
 * and its handle returned; its context comes from an agreement that runs in the background and
 * completes the request. The agreement goes through the free-slot mask a word at a time: a
 * round lends this process's free slots of one word to the agreement (taken out of the mask,
 * so that no constructor started meanwhile can take them), ANDs them over the parent with an
 * allreduce schedule (an intercommunicator's: within each group, then across), and keeps the
 * lowest slot free on every member; the others go back. When a word has no slot free everywhere
 * (used, or lent to an earlier idup still in flight) every member goes on to another word, alike,
 * since all see the same AND. Every round carries the tag the idup took among the parent's
 * collectives at the call: rounds follow one another on each process and messages between two
 * processes do not overtake, so no round takes another's message.
 */
#define IDUP_ROUNDS (4 * CTX_WORDS) /* then the context ids are taken (or lent) */

typedef struct comm_idup {
    oml_comm_t *parent, *n;
    oml_request_t *req;
    oml_sched_t *sched; /* the round in flight */
    int tag, round, word;
    int counted; /* rounds in which no member's blocking agreement had borrowed the mask */
    uint64_t seed, lent;
    /* [0]: the AND of the word; [1]: all ones when no blocking agreement had borrowed this
     * process's mask (ctx_lend); rmask: the remote group's (intercommunicator) */
    uint64_t mask[2], rmask[2];
    volatile int round_done;
    oml_status_t round_st;
} comm_idup_t;

/* Completes the idup's request with st (on failure the communicator has no context). */
static void idup_end(comm_idup_t *d, oml_status_t st)
{
    d->req->tp.status = st;
    __atomic_store_n(&d->req->tp.complete, 1, __ATOMIC_RELEASE);
    free(d);
}

static void idup_round_finished(void *arg, oml_status_t st);

/*
 * The word of round d->round: a sequence of its own for each idup (from the parent's context
 * and the idup's tag), alike on every member. Two idups in flight on processes they share can
 * then hold the same word in one round (one lends it on a process where the other contributes
 * nothing, and the AND is empty), but seldom round after round, as two fixed orders could.
 */
static int idup_word(comm_idup_t *d)
{
    uint64_t x = d->seed + (uint64_t)d->round * 0x9e3779b97f4a7c15ull; /* splitmix64 */
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return (int)((x ^ (x >> 31)) % CTX_WORDS);
}

/* Starts round d->round. */
static void idup_round(comm_idup_t *d)
{
    static const oml_coll_op_t and_op = {ctx_and, NULL, sizeof(uint64_t), true};
    d->word = idup_word(d);
    d->lent = d->word == CTX_WORDS - 1 ? 0 : ctx_free[d->word]; /* the last word is no slots */
    ctx_free[d->word] &= ~d->lent;
    d->mask[0] = d->lent;
    d->mask[1] = ctx_owner < 0 ? ~(uint64_t)0 : 0;
    if ((d->sched = oml_sched_new(&d->parent->coll, d->tag)) == NULL) {
        ctx_free[d->word] |= d->lent;
        idup_end(d, OML_ERR_NOMEM);
        return;
    }
    oml_coll_allreduce(d->sched, NULL, d->mask, 2, &and_op);
    d->rmask[0] = d->rmask[1] = ~(uint64_t)0;
    if (d->parent->inter) {
        /* then the leaders swap their groups' ANDs and each passes the other's on */
        oml_sched_set_remote(d->sched, &d->parent->pt2pt);
        oml_sched_fence(d->sched);
        oml_coll_inter_allreduce(d->sched, d->mask, d->rmask, 2, &and_op);
    }
    oml_sched_on_finish(d->sched, idup_round_finished, d);
    oml_sched_start(d->sched, &d->round_done, &d->round_st);
}

/* A round's allreduce has finished (in the progress engine): take a slot or go on. */
static void idup_round_finished(void *arg, oml_status_t st)
{
    comm_idup_t *d = arg;
    oml_sched_free(d->sched);
    d->sched = NULL;
    uint64_t common = st == OML_OK ? d->mask[0] & d->rmask[0] : 0;
    bool clean = (d->mask[1] & d->rmask[1]) != 0;
    ctx_free[d->word] |= d->lent & ~(common & -common); /* all but the slot taken go back */
    if (st != OML_OK)
        idup_end(d, st);
    else if (common != 0) {
        comm_set_slot(d->n, d->word * 64 + __builtin_ctzll(common));
        idup_end(d, OML_OK);
    } else if (clean && ++d->counted == IDUP_ROUNDS)
        idup_end(d, OML_ERR_NOMEM); /* no context id is free on every member */
    else {
        /* rounds while a blocking constructor had the mask somewhere do not count */
        d->round++;
        idup_round(d);
    }
}

static int comm_idup(const char *fn, MPI_Comm comm, MPI_Info info, MPI_Comm *newcomm,
                     MPI_Request *request)
{
    oml_comm_t *c;
    int rc = comm_check(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (newcomm == NULL || request == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "%s is NULL", newcomm == NULL ? "newcomm" : "request");
    int *world = comm_world_copy(c), *remote = c->inter ? tpc_world_copy(&c->pt2pt) : NULL;
    comm_idup_t *d = calloc(1, sizeof(*d));
    oml_request_t *r = d != NULL ? oml_request_pending(c) : NULL;
    oml_comm_t *n = NULL;
    if (world == NULL || r == NULL || (c->inter && remote == NULL)) {
        free(world);
        free(remote);
        free(d);
        if (r != NULL)
            oml_request_release(r);
        return comm_nomem(fn, c);
    }
    if ((rc = comm_alloc(fn, c, world, c->coll.size, c->coll.rank, &n)) == MPI_SUCCESS &&
        c->inter) {
        inter_set_remote(n, remote, c->pt2pt.size);
        remote = NULL;
    }
    free(remote);
    if (rc != MPI_SUCCESS || (rc = dup_carry(fn, c, comm, info, n)) != MPI_SUCCESS) {
        free(d);
        oml_request_release(r);
        return rc;
    }
    *d = (comm_idup_t){.parent = c, .n = n, .req = r, .tag = OML_COLL_TAG(c->coll_seq++)};
    d->seed = ((uint64_t)c->coll.ctx << 32) | (uint32_t)d->tag;
    *newcomm = (MPI_Comm)n;
    *request = (MPI_Request)r;
    idup_round(d);
    return MPI_SUCCESS;
}

OML_API int PMPI_Comm_idup(MPI_Comm comm, MPI_Comm *newcomm, MPI_Request *request)
{
    return comm_idup("MPI_Comm_idup", comm, MPI_INFO_NULL, newcomm, request);
}
OML_ALIAS(Comm_idup)

OML_API int PMPI_Comm_idup_with_info(MPI_Comm comm, MPI_Info info, MPI_Comm *newcomm,
                                     MPI_Request *request)
{
    return comm_idup("MPI_Comm_idup_with_info", comm, info, newcomm, request);
}
OML_ALIAS(Comm_idup_with_info)

typedef struct split_ent {
    int color, key, rank;
} split_ent_t;

static int split_cmp(const void *a, const void *b)
{
    const split_ent_t *x = a, *y = b;
    if (x->color != y->color)
        return x->color < y->color ? -1 : 1;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* MPI_Comm_split on c: exchange (color, key), order each color by key then old rank. */
static int comm_split(const char *fn, oml_comm_t *c, int color, int key, MPI_Comm *newcomm)
{
    if (newcomm == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "newcomm is NULL");
    if (color < 0 && color != MPI_UNDEFINED)
        return oml_error(c, MPI_ERR_ARG, fn, "color is %d; it must be >= 0 or MPI_UNDEFINED",
                         color);
    int n = c->pt2pt.size, me = c->pt2pt.rank;
    split_ent_t *all = malloc((size_t)n * sizeof(*all));
    if (all == NULL)
        return comm_nomem(fn, c);
    split_ent_t mine = {color, key, me};
    oml_sched_t *s = oml_comm_sched(c);
    oml_status_t st = OML_ERR_NOMEM;
    if (s != NULL) {
        oml_coll_allgather(s, &mine, all, sizeof(mine));
        st = oml_sched_run(s);
    }
    if (st != OML_OK) {
        free(all);
        return oml_error(c, MPI_ERR_INTERN, fn, "%s", oml_status_string(st));
    }
    int *world = NULL, size = 0, rank = -1;
    if (color != MPI_UNDEFINED) {
        qsort(all, (size_t)n, sizeof(*all), split_cmp);
        world = malloc((size_t)n * sizeof(int));
        if (world == NULL) {
            free(all);
            return comm_nomem(fn, c);
        }
        for (int i = 0; i < n; i++) {
            if (all[i].color != color)
                continue;
            if (all[i].rank == me)
                rank = size;
            world[size++] = comm_world_rank(c, all[i].rank);
        }
    }
    free(all);
    oml_comm_t *out;
    int rc = oml_comm_make(fn, c, world, size, rank, false, 0, &out);
    if (rc == MPI_SUCCESS)
        *newcomm = comm_out(out);
    return rc;
}

/*
 * The job ranks of the n entries (color, key, rank) of group g with this color, ordered by key
 * then rank, into out; their count. me_rank >= 0: *me_p gets its place.
 */
static int inter_pick(const oml_tp_comm_t *g, const int *ent, int n, int color, int *out,
                      int me_rank, int *me_p)
{
    split_ent_t *e = malloc((size_t)(n > 0 ? n : 1) * sizeof(*e));
    int k = 0;
    if (e == NULL)
        return -1;
    for (int i = 0; i < n; i++) {
        if (ent[3 * i] == color)
            e[k++] = (split_ent_t){ent[3 * i], ent[3 * i + 1], ent[3 * i + 2]};
    }
    qsort(e, (size_t)k, sizeof(*e), split_cmp);
    for (int i = 0; i < k; i++) {
        out[i] = tpc_world_rank(g, e[i].rank);
        if (e[i].rank == me_rank)
            *me_p = i;
    }
    free(e);
    return k;
}

/* MPI_Comm_split of an intercommunicator: the local and remote processes of each color. */
static int inter_split(const char *fn, oml_comm_t *c, int color, int key, MPI_Comm *newcomm)
{
    int n = c->coll.size, m = c->pt2pt.size;
    int mine[3] = {color, key, c->coll.rank};
    int *ent = malloc((size_t)(n + m) * 3 * sizeof(int));
    int *local = malloc((size_t)n * sizeof(int)), *remote = malloc((size_t)m * sizeof(int));
    int rc = ent == NULL || local == NULL || remote == NULL
                 ? comm_nomem(fn, c)
                 : inter_exchange(fn, c, mine, ent, ent + 3 * n);
    int nl = 0, nr = 0, me = -1;
    if (rc == MPI_SUCCESS && color != MPI_UNDEFINED) {
        nl = inter_pick(&c->coll, ent, n, color, local, c->coll.rank, &me);
        nr = inter_pick(&c->pt2pt, ent + 3 * n, m, color, remote, -1, NULL);
        if (nl < 0 || nr < 0)
            rc = comm_nomem(fn, c);
    }
    free(ent);
    oml_comm_t *out;
    rc = inter_finish(fn, c, rc, local, nl, me, remote, nr, &out);
    if (rc == MPI_SUCCESS)
        *newcomm = comm_out(out);
    return rc;
}

OML_API int PMPI_Comm_split(MPI_Comm comm, int color, int key, MPI_Comm *newcomm)
{
    static const char fn[] = "MPI_Comm_split";
    oml_comm_t *c;
    int rc = comm_check(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (c->inter) {
        if (newcomm == NULL)
            return oml_error(c, MPI_ERR_ARG, fn, "newcomm is NULL");
        if (color < 0 && color != MPI_UNDEFINED)
            return oml_error(c, MPI_ERR_ARG, fn, "color is %d; it must be >= 0 or MPI_UNDEFINED",
                             color);
        return inter_split(fn, c, color, key, newcomm);
    }
    return comm_split(fn, c, color, key, newcomm);
}
OML_ALIAS(Comm_split)

/* The color of this process's node: the lowest job rank on it (see PMPI_Comm_split_type). */
static int comm_node_color(void)
{
    const uint32_t *ids = oml_rt_node_ids();
    int me = oml_rt_job.rank, color = (int)(oml_rt_job.node_id & INT_MAX);
    if (ids != NULL) {
        for (color = 0; ids[color] != ids[me]; color++)
            ;
    }
    return color;
}

/*
 * MPI_COMM_TYPE_SHARED: one communicator per node. The color is the lowest job rank on this
 * node, found in the node of every rank that the collectives' layout reads too (PMIX_NODEID,
 * else the host name), so the two always agree; without that data, this process's PMIX_NODEID.
 * MPI_COMM_TYPE_HW_GUIDED (MPI-4.0): the info key mpi_hw_resource_type names the resource;
 * ompi-lite knows "mpi_shared_memory" (the node) and gives MPI_COMM_NULL for any other value or
 * none, as the standard asks for a resource type it does not support.
 * MPI_COMM_TYPE_HW_UNGUIDED: the largest hardware domain that splits comm into strict subsets;
 * the only one known here is the node, so a comm that spans nodes splits by node (the key is
 * set to "mpi_shared_memory" in info) and one within a node gets MPI_COMM_NULL.
 */
OML_API int PMPI_Comm_split_type(MPI_Comm comm, int split_type, int key, MPI_Info info,
                                 MPI_Comm *newcomm)
{
    static const char fn[] = "MPI_Comm_split_type";
    static const char hw_key[] = "mpi_hw_resource_type", node[] = "mpi_shared_memory";
    oml_comm_t *c;
    int rc = comm_check(fn, comm, &c);
    if (rc == MPI_SUCCESS)
        rc = comm_intra_only(fn, c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (split_type == MPI_UNDEFINED)
        return comm_split(fn, c, MPI_UNDEFINED, key, newcomm);
    if (split_type == MPI_COMM_TYPE_SHARED)
        return comm_split(fn, c, comm_node_color(), key, newcomm);
    if (split_type == MPI_COMM_TYPE_HW_GUIDED) {
        char value[MPI_MAX_INFO_VAL + 1] = "";
        int flag = 0;
        if (info != MPI_INFO_NULL &&
            (rc = PMPI_Info_get(info, hw_key, MPI_MAX_INFO_VAL, value, &flag)) != MPI_SUCCESS)
            return rc;
        bool known = flag && strcmp(value, node) == 0;
        return comm_split(fn, c, known ? comm_node_color() : MPI_UNDEFINED, key, newcomm);
    }
    if (split_type == MPI_COMM_TYPE_HW_UNGUIDED) {
        if ((rc = comm_split(fn, c, comm_node_color(), key, newcomm)) != MPI_SUCCESS)
            return rc;
        oml_comm_t *n = oml_comm_get(*newcomm);
        if (n->coll.size == c->coll.size) { /* one node: no strict subset is known */
            PMPI_Comm_free(newcomm);
            return MPI_SUCCESS;
        }
        return info != MPI_INFO_NULL ? PMPI_Info_set(info, hw_key, node) : MPI_SUCCESS;
    }
    return oml_error(c, MPI_ERR_UNSUPPORTED_OPERATION, fn,
                     "split_type %d is not supported; ompi-lite splits by MPI_COMM_TYPE_SHARED "
                     "and MPI_COMM_TYPE_HW_GUIDED/UNGUIDED (by node) only",
                     split_type);
}
OML_ALIAS(Comm_split_type)

/* Checks that every member of g is in c; *rank_p is this process's rank in g or -1. */
static int comm_group_in(const char *fn, oml_comm_t *c, MPI_Group group, oml_group_t **g_p)
{
    oml_group_t *g = oml_group_get(group);
    *g_p = g;
    if (g == NULL)
        return oml_error(c, MPI_ERR_GROUP, fn, "invalid group");
    for (int i = 0; i < g->size; i++) {
        int found = 0;
        for (int j = 0; j < c->coll.size && !found; j++)
            found = comm_world_rank(c, j) == g->world[i];
        if (!found)
            return oml_error(c, MPI_ERR_GROUP, fn,
                             "rank %d of the group (job rank %d) is not in the communicator", i,
                             g->world[i]);
    }
    *g_p = g;
    return MPI_SUCCESS;
}

/* MPI_Comm_create of an intercommunicator: each group names its part in group. */
static int inter_create(const char *fn, oml_comm_t *c, oml_group_t *g, MPI_Comm *newcomm)
{
    int n = c->coll.size, m = c->pt2pt.size;
    int rank = g->rank == MPI_UNDEFINED ? -1 : g->rank;
    int mine[3] = {rank, 0, 0};
    int *ent = malloc((size_t)(n + m) * 3 * sizeof(int));
    int *local = malloc((size_t)(g->size > 0 ? g->size : 1) * sizeof(int));
    int *remote = malloc((size_t)m * sizeof(int));
    int rc = ent == NULL || local == NULL || remote == NULL
                 ? comm_nomem(fn, c)
                 : inter_exchange(fn, c, mine, ent, ent + 3 * n);
    int nr = 0;
    if (rc == MPI_SUCCESS) {
        memcpy(local, g->world, (size_t)g->size * sizeof(int));
        /* remote rank i holds place ent[3 (n + i)] of its group's part, or -1 */
        for (int i = 0; i < m; i++) {
            int pos = ent[3 * (n + i)];
            if (pos >= 0 && pos < m) {
                remote[pos] = tpc_world_rank(&c->pt2pt, i);
                nr++;
            }
        }
    }
    free(ent);
    oml_comm_t *out;
    rc = inter_finish(fn, c, rc, local, g->size, rank, remote, nr, &out);
    if (rc == MPI_SUCCESS)
        *newcomm = comm_out(out);
    return rc;
}

static int comm_from_group(const char *fn, MPI_Comm comm, MPI_Group group, bool members_only,
                           int tag, MPI_Comm *newcomm)
{
    oml_comm_t *c;
    oml_group_t *g;
    int rc = comm_check(fn, comm, &c);
    if (rc == MPI_SUCCESS && members_only)
        rc = comm_intra_only(fn, c);
    if (rc == MPI_SUCCESS && newcomm == NULL)
        rc = oml_error(c, MPI_ERR_ARG, fn, "newcomm is NULL");
    if (newcomm != NULL) /* what a failed call leaves */
        *newcomm = MPI_COMM_NULL;
    if (rc == MPI_SUCCESS)
        rc = comm_group_in(fn, c, group, &g);
    if (rc != MPI_SUCCESS)
        return rc;
    if (c->inter)
        return inter_create(fn, c, g, newcomm);
    if (members_only && tag < 0)
        return oml_error(c, MPI_ERR_TAG, fn, "tag %d is negative", tag);
    int rank = g->rank == MPI_UNDEFINED ? -1 : g->rank;
    if (members_only && rank < 0)
        return oml_error(c, MPI_ERR_GROUP, fn,
                         "the calling process is not in the group; only members call "
                         "MPI_Comm_create_group");
    int *world = NULL;
    if (rank >= 0) {
        if ((world = malloc((size_t)g->size * sizeof(int))) == NULL)
            return comm_nomem(fn, c);
        memcpy(world, g->world, (size_t)g->size * sizeof(int));
    }
    oml_comm_t *out;
    rc = oml_comm_make(fn, c, world, g->size, rank, members_only, tag, &out);
    if (rc == MPI_SUCCESS)
        *newcomm = comm_out(out);
    return rc;
}

OML_API int PMPI_Comm_create(MPI_Comm comm, MPI_Group group, MPI_Comm *newcomm)
{
    return comm_from_group("MPI_Comm_create", comm, group, false, 0, newcomm);
}
OML_ALIAS(Comm_create)

OML_API int PMPI_Comm_create_group(MPI_Comm comm, MPI_Group group, int tag, MPI_Comm *newcomm)
{
    return comm_from_group("MPI_Comm_create_group", comm, group, true, tag, newcomm);
}
OML_ALIAS(Comm_create_group)

OML_API int PMPI_Comm_free(MPI_Comm *comm)
{
    static const char fn[] = "MPI_Comm_free";
    OML_CHECK_INIT(fn);
    if (comm == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "comm is NULL");
    oml_comm_t *c = oml_comm_get(*comm);
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator");
    if (c->ctx_slot < 0)
        return oml_error(c, MPI_ERR_COMM, fn, "%s cannot be freed", c->name);
    int rc = oml_attr_delete_all(OML_ATTR_COMM, *comm, &c->attrs);
    if (rc != MPI_SUCCESS)
        return oml_error(c, rc, fn, "an attribute delete callback failed");
    /* A buffer attached to it is detached: this waits until its messages have left it. */
    oml_bsbuf_release(&c->bsbuf);
    *comm = MPI_COMM_NULL;
    oml_comm_release(c);
    return MPI_SUCCESS;
}
OML_ALIAS(Comm_free)

/* MPI_CONGRUENT, MPI_SIMILAR or MPI_UNEQUAL for the groups a and b. */
static int group_compare(const oml_tp_comm_t *a, const oml_tp_comm_t *b)
{
    int n = a->size;
    if (n != b->size)
        return MPI_UNEQUAL;
    bool same_order = true, same_set = true;
    for (int i = 0; i < n && same_set; i++) {
        int w = tpc_world_rank(a, i);
        if (w != tpc_world_rank(b, i))
            same_order = false;
        bool found = false;
        for (int j = 0; j < n && !found; j++)
            found = tpc_world_rank(b, j) == w;
        same_set = found;
    }
    return same_order ? MPI_CONGRUENT : same_set ? MPI_SIMILAR : MPI_UNEQUAL;
}

OML_API int PMPI_Comm_compare(MPI_Comm comm1, MPI_Comm comm2, int *result)
{
    static const char fn[] = "MPI_Comm_compare";
    oml_comm_t *a, *b;
    int rc = comm_check(fn, comm1, &a);
    if (rc == MPI_SUCCESS)
        rc = comm_check(fn, comm2, &b);
    if (rc != MPI_SUCCESS)
        return rc;
    if (result == NULL)
        return oml_error(a, MPI_ERR_ARG, fn, "result is NULL");
    if (a == b)
        *result = MPI_IDENT;
    else if (a->inter != b->inter)
        *result = MPI_UNEQUAL;
    else if (!a->inter)
        *result = group_compare(&a->coll, &b->coll);
    else {
        int local = group_compare(&a->coll, &b->coll), remote = group_compare(&a->pt2pt, &b->pt2pt);
        *result = local > remote ? local : remote; /* CONGRUENT < SIMILAR < UNEQUAL */
    }
    return MPI_SUCCESS;
}
OML_ALIAS(Comm_compare)

OML_API int PMPI_Comm_set_name(MPI_Comm comm, const char *comm_name)
{
    static const char fn[] = "MPI_Comm_set_name";
    oml_comm_t *c;
    int rc = comm_check(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (comm_name == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "comm_name is NULL");
    snprintf(c->name, sizeof(c->name), "%s", comm_name);
    return MPI_SUCCESS;
}
OML_ALIAS(Comm_set_name)

OML_API int PMPI_Comm_get_name(MPI_Comm comm, char *comm_name, int *resultlen)
{
    static const char fn[] = "MPI_Comm_get_name";
    oml_comm_t *c;
    int rc = comm_check(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (comm_name == NULL || resultlen == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "comm_name or resultlen is NULL");
    snprintf(comm_name, MPI_MAX_OBJECT_NAME, "%s", c->name);
    *resultlen = (int)strlen(comm_name);
    return MPI_SUCCESS;
}
OML_ALIAS(Comm_get_name)

OML_API int PMPI_Comm_test_inter(MPI_Comm comm, int *flag)
{
    static const char fn[] = "MPI_Comm_test_inter";
    oml_comm_t *c;
    int rc = comm_check(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (flag == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "flag is NULL");
    *flag = c->inter;
    return MPI_SUCCESS;
}
OML_ALIAS(Comm_test_inter)

/* A new group handle with the members of g (c's local or remote group). */
static int group_out(const char *fn, oml_comm_t *c, const oml_tp_comm_t *g, MPI_Group *group)
{
    int *world = tpc_world_copy(g);
    oml_group_t *out = world != NULL ? oml_group_new(world, g->size) : NULL;
    free(world);
    if (out == NULL)
        return comm_nomem(fn, c);
    out->session = c->session;
    *group = (MPI_Group)out;
    return MPI_SUCCESS;
}

OML_API int PMPI_Comm_group(MPI_Comm comm, MPI_Group *group)
{
    static const char fn[] = "MPI_Comm_group";
    oml_comm_t *c;
    int rc = comm_check(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (group == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "group is NULL");
    return group_out(fn, c, &c->coll, group);
}
OML_ALIAS(Comm_group)

OML_API int PMPI_Comm_set_info(MPI_Comm comm, MPI_Info info)
{
    static const char fn[] = "MPI_Comm_set_info";
    oml_comm_t *c;
    int rc = comm_check(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    MPI_Info copy = MPI_INFO_NULL;
    if (info != MPI_INFO_NULL && (rc = PMPI_Info_dup(info, &copy)) != MPI_SUCCESS)
        return rc;
    if (c->info != MPI_INFO_NULL)
        PMPI_Info_free(&c->info);
    c->info = copy; /* no hint changes ompi-lite's behaviour yet; they are kept for get_info */
    return MPI_SUCCESS;
}
OML_ALIAS(Comm_set_info)

OML_API int PMPI_Comm_get_info(MPI_Comm comm, MPI_Info *info_used)
{
    static const char fn[] = "MPI_Comm_get_info";
    oml_comm_t *c;
    int rc = comm_check(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (info_used == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "info_used is NULL");
    if (c->info != MPI_INFO_NULL)
        return PMPI_Info_dup(c->info, info_used);
    return PMPI_Info_create(info_used);
}
OML_ALIAS(Comm_get_info)

OML_API int PMPI_Comm_get_parent(MPI_Comm *parent)
{
    OML_CHECK_INIT("MPI_Comm_get_parent");
    if (parent == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Comm_get_parent", "parent is NULL");
    *parent = MPI_COMM_NULL; /* no process is ever spawned by MPI_Comm_spawn */
    return MPI_SUCCESS;
}
OML_ALIAS(Comm_get_parent)

/* Collective over comm (every process reaches the barrier, so the communication before it is
 * complete at every end), then freed as MPI_Comm_free frees. */
OML_API int PMPI_Comm_disconnect(MPI_Comm *comm)
{
    static const char fn[] = "MPI_Comm_disconnect";
    OML_CHECK_INIT(fn);
    if (comm == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "comm is NULL");
    oml_comm_t *c = oml_comm_get(*comm);
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator");
    if (*comm == MPI_COMM_WORLD || *comm == MPI_COMM_SELF)
        return oml_error(c, MPI_ERR_COMM, fn, "%s cannot be disconnected",
                         *comm == MPI_COMM_WORLD ? "MPI_COMM_WORLD" : "MPI_COMM_SELF");
    int rc = PMPI_Barrier(*comm);
    if (rc != MPI_SUCCESS)
        return rc;
    return PMPI_Comm_free(comm);
}
OML_ALIAS(Comm_disconnect)

/* Dynamic processes are not built: every process of the job starts with mpirun. Each call
 * nulls its new communicator (when it has one) and raises the error on comm's handler. */
static int dyn_missing(const char *fn, MPI_Comm comm, MPI_Comm *out)
{
    OML_CHECK_INIT(fn);
    if (out != NULL)
        *out = MPI_COMM_NULL;
    return oml_missing(comm != MPI_COMM_NULL ? oml_comm_get(comm) : NULL, fn,
                       "dynamic processes are not built in ompi-lite: a job has the processes "
                       "mpirun started (see the README's list of what is missing)");
}

OML_API int PMPI_Comm_spawn(const char *command, char *argv[], int maxprocs, MPI_Info info,
                            int root, MPI_Comm comm, MPI_Comm *intercomm, int array_of_errcodes[])
{
    (void)command, (void)argv, (void)maxprocs, (void)info, (void)root, (void)array_of_errcodes;
    return dyn_missing("MPI_Comm_spawn", comm, intercomm);
}
OML_ALIAS(Comm_spawn)

OML_API int PMPI_Comm_spawn_multiple(int count, char *array_of_commands[], char **array_of_argv[],
                                     const int array_of_maxprocs[], const MPI_Info array_of_info[],
                                     int root, MPI_Comm comm, MPI_Comm *intercomm,
                                     int array_of_errcodes[])
{
    (void)count, (void)array_of_commands, (void)array_of_argv, (void)array_of_maxprocs;
    (void)array_of_info, (void)root, (void)array_of_errcodes;
    return dyn_missing("MPI_Comm_spawn_multiple", comm, intercomm);
}
OML_ALIAS(Comm_spawn_multiple)

OML_API int PMPI_Open_port(MPI_Info info, char *port_name)
{
    (void)info, (void)port_name;
    return dyn_missing("MPI_Open_port", MPI_COMM_NULL, NULL);
}
OML_ALIAS(Open_port)

OML_API int PMPI_Close_port(const char *port_name)
{
    (void)port_name;
    return dyn_missing("MPI_Close_port", MPI_COMM_NULL, NULL);
}
OML_ALIAS(Close_port)

OML_API int PMPI_Comm_accept(const char *port_name, MPI_Info info, int root, MPI_Comm comm,
                             MPI_Comm *newcomm)
{
    (void)port_name, (void)info, (void)root;
    return dyn_missing("MPI_Comm_accept", comm, newcomm);
}
OML_ALIAS(Comm_accept)

OML_API int PMPI_Comm_connect(const char *port_name, MPI_Info info, int root, MPI_Comm comm,
                              MPI_Comm *newcomm)
{
    (void)port_name, (void)info, (void)root;
    return dyn_missing("MPI_Comm_connect", comm, newcomm);
}
OML_ALIAS(Comm_connect)

OML_API int PMPI_Publish_name(const char *service_name, MPI_Info info, const char *port_name)
{
    (void)service_name, (void)info, (void)port_name;
    return dyn_missing("MPI_Publish_name", MPI_COMM_NULL, NULL);
}
OML_ALIAS(Publish_name)

OML_API int PMPI_Unpublish_name(const char *service_name, MPI_Info info, const char *port_name)
{
    (void)service_name, (void)info, (void)port_name;
    return dyn_missing("MPI_Unpublish_name", MPI_COMM_NULL, NULL);
}
OML_ALIAS(Unpublish_name)

OML_API int PMPI_Lookup_name(const char *service_name, MPI_Info info, char *port_name)
{
    (void)service_name, (void)info, (void)port_name;
    return dyn_missing("MPI_Lookup_name", MPI_COMM_NULL, NULL);
}
OML_ALIAS(Lookup_name)

OML_API int PMPI_Comm_join(int fd, MPI_Comm *intercomm)
{
    (void)fd;
    return dyn_missing("MPI_Comm_join", MPI_COMM_NULL, intercomm);
}
OML_ALIAS(Comm_join)

/* What a leader of MPI_Intercomm_create sends the other, and then tells its group. */
typedef struct inter_hello {
    int32_t size;    /* the group's size; -1: the leader's arguments were wrong */
    int32_t errcode; /* then: the error class the leader raised */
    uint64_t mask[CTX_WORDS];
} inter_hello_t;

/* A further attempt of MPI_Intercomm_create's agreement: the leaders AND their groups' masks. */
static int inter_swap_masks(MPI_Comm peer_comm, int remote_leader, int tag, uint64_t *mask)
{
    uint64_t theirs[CTX_WORDS];
    int rc = PMPI_Sendrecv(mask, CTX_WORDS, MPI_UINT64_T, remote_leader, tag, theirs, CTX_WORDS,
                           MPI_UINT64_T, remote_leader, tag, peer_comm, MPI_STATUS_IGNORE);
    for (int i = 0; rc == MPI_SUCCESS && i < CTX_WORDS; i++)
        mask[i] &= theirs[i];
    return rc;
}

/* The leader's half of MPI_Intercomm_create: swaps hello with the other leader over peer_comm. */
static int inter_leaders(const char *fn, oml_comm_t *lc, MPI_Comm peer_comm, int remote_leader,
                         int tag, inter_hello_t *hello, int **remote_p)
{
    oml_comm_t *pc = oml_comm_get(peer_comm);
    if (pc == NULL)
        return oml_error(lc, MPI_ERR_COMM, fn, "peer_comm is not a valid communicator");
    if (remote_leader < 0 || remote_leader >= pc->pt2pt.size)
        return oml_error(lc, MPI_ERR_RANK, fn,
                         "remote_leader %d is not a rank of peer_comm (size %d)", remote_leader,
                         pc->pt2pt.size);
    if (remote_leader == pc->pt2pt.rank && !pc->inter)
        return oml_error(lc, MPI_ERR_RANK, fn,
                         "remote_leader %d is the local leader itself; the two groups must "
                         "be disjoint",
                         remote_leader);
    if (tag < 0 || tag > OML_TAG_UB)
        return oml_error(lc, MPI_ERR_TAG, fn, "tag %d is not in [0, MPI_TAG_UB]", tag);
    inter_hello_t theirs;
    int rc =
        PMPI_Sendrecv(hello, sizeof(*hello), MPI_BYTE, remote_leader, tag, &theirs, sizeof(theirs),
                      MPI_BYTE, remote_leader, tag, peer_comm, MPI_STATUS_IGNORE);
    int *local = comm_world_copy(lc), *remote = NULL;
    if (rc == MPI_SUCCESS && (theirs.size <= 0 || local == NULL ||
                              (remote = malloc((size_t)theirs.size * sizeof(int))) == NULL))
        rc = MPI_ERR_NO_MEM;
    if (rc == MPI_SUCCESS)
        rc = PMPI_Sendrecv(local, lc->coll.size, MPI_INT, remote_leader, tag, remote, theirs.size,
                           MPI_INT, remote_leader, tag, peer_comm, MPI_STATUS_IGNORE);
    free(local);
    if (rc != MPI_SUCCESS) {
        free(remote);
        return oml_error(lc, rc, fn, "exchanging the groups with the remote leader failed");
    }
    hello->size = theirs.size;
    for (int i = 0; i < CTX_WORDS; i++)
        hello->mask[i] &= theirs.mask[i];
    *remote_p = remote;
    return MPI_SUCCESS;
}

OML_API int PMPI_Intercomm_create(MPI_Comm local_comm, int local_leader, MPI_Comm peer_comm,
                                  int remote_leader, int tag, MPI_Comm *newintercomm)
{
    static const char fn[] = "MPI_Intercomm_create";
    oml_comm_t *lc;
    int rc = comm_check(fn, local_comm, &lc);
    if (rc != MPI_SUCCESS)
        return rc;
    if (lc->inter)
        return oml_error(lc, MPI_ERR_COMM, fn,
                         "local_comm is an intercommunicator; it must be an intracommunicator");
    if (newintercomm == NULL)
        return oml_error(lc, MPI_ERR_ARG, fn, "newintercomm is NULL");
    int n = lc->coll.size, me = lc->coll.rank;
    if (local_leader < 0 || local_leader >= n)
        return oml_error(lc, MPI_ERR_RANK, fn,
                         "local_leader %d is not a rank of local_comm (size %d)", local_leader, n);
    inter_hello_t hello = {.size = n};
    int64_t key = ctx_key(lc, 0);
    bool own = ctx_lend(key, hello.mask);
    oml_status_t st = ctx_agree(lc, hello.mask);
    if (st != OML_OK) {
        ctx_settle(key, own, NULL);
        return oml_error(lc, MPI_ERR_INTERN, fn, "agreeing on a context id: %s",
                         oml_status_string(st));
    }
    int *remote = NULL;
    if (me == local_leader) {
        rc = inter_leaders(fn, lc, peer_comm, remote_leader, tag, &hello, &remote);
        if (rc != MPI_SUCCESS)
            hello = (inter_hello_t){.size = -1, .errcode = rc};
    }
    /* The leader tells its group what it learnt, or that its arguments were wrong. */
    rc = PMPI_Bcast(&hello, sizeof(hello), MPI_BYTE, local_leader, local_comm);
    int slot = ctx_settle(key, own, rc == MPI_SUCCESS && hello.size >= 0 ? hello.mask : NULL);
    if (rc != MPI_SUCCESS) {
        free(remote);
        return rc;
    }
    /* Other threads' agreements had the mask on some member: try again (ctx_lend). */
    while (hello.size >= 0 && slot == CTX_RETRY) {
        own = ctx_lend(key, hello.mask);
        if (ctx_agree(lc, hello.mask) != OML_OK)
            rc = MPI_ERR_INTERN;
        if (rc == MPI_SUCCESS && me == local_leader)
            rc = inter_swap_masks(peer_comm, remote_leader, tag, hello.mask);
        if (rc == MPI_SUCCESS)
            rc = PMPI_Bcast(hello.mask, CTX_WORDS, MPI_UINT64_T, local_leader, local_comm);
        slot = ctx_settle(key, own, rc == MPI_SUCCESS ? hello.mask : NULL);
        if (rc != MPI_SUCCESS) {
            free(remote);
            return oml_error(lc, rc, fn, "agreeing on a context id with the remote group failed");
        }
    }
    if (hello.size < 0)
        return me == local_leader ? hello.errcode
                                  : oml_error(lc, hello.errcode, fn,
                                              "the local leader (rank %d) failed to reach the "
                                              "remote group; see its error",
                                              local_leader);
    /* Held while the bcast below waits, when another thread's agreement may run. */
    ctx_hold(slot, true);
    if (me != local_leader && (remote = malloc((size_t)hello.size * sizeof(int))) == NULL) {
        ctx_hold(slot, false);
        return comm_nomem(fn, lc); /* the job cannot go on: the group's bcast below is lost */
    }
    if ((rc = PMPI_Bcast(remote, hello.size, MPI_INT, local_leader, local_comm)) != MPI_SUCCESS) {
        ctx_hold(slot, false);
        free(remote);
        return rc;
    }
    for (int i = 0; i < hello.size; i++) {
        for (int j = 0; j < n; j++) {
            if (remote[i] == comm_world_rank(lc, j)) {
                ctx_hold(slot, false);
                free(remote);
                return oml_error(lc, MPI_ERR_COMM, fn,
                                 "rank %d of local_comm is also rank %d of the remote group; "
                                 "the two groups must be disjoint",
                                 j, i);
            }
        }
    }
    int *local = comm_world_copy(lc);
    if (local == NULL) {
        ctx_hold(slot, false);
        free(remote);
        return comm_nomem(fn, lc);
    }
    oml_comm_t *c;
    if ((rc = comm_new(fn, lc, slot, local, n, me, &c)) != MPI_SUCCESS) {
        ctx_hold(slot, false);
        free(remote);
        return rc;
    }
    inter_set_remote(c, remote, hello.size);
    *newintercomm = (MPI_Comm)c;
    return MPI_SUCCESS;
}
OML_ALIAS(Intercomm_create)

/* An intercommunicator named comm, or the error. */
static int inter_check(const char *fn, MPI_Comm comm, const void *out, oml_comm_t **c_p)
{
    int rc = comm_check(fn, comm, c_p);
    if (rc != MPI_SUCCESS)
        return rc;
    if (!(*c_p)->inter)
        return oml_error(*c_p, MPI_ERR_COMM, fn, "the communicator is not an intercommunicator");
    if (out == NULL)
        return oml_error(*c_p, MPI_ERR_ARG, fn, "the output argument is NULL");
    return MPI_SUCCESS;
}

OML_API int PMPI_Intercomm_merge(MPI_Comm intercomm, int high, MPI_Comm *newintracomm)
{
    static const char fn[] = "MPI_Intercomm_merge";
    oml_comm_t *c;
    int rc = inter_check(fn, intercomm, newintracomm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    int me;
    bool local_first;
    int *all = inter_union(c, &me, &local_first);
    if (all == NULL)
        return comm_nomem(fn, c);
    /*
     * With the masks, both groups' high: word CTX_WORDS is the first group's (the other group
     * leaves it all ones), CTX_WORDS + 1 the second's.
     */
    uint64_t mask[CTX_WORDS + 2];
    mask[CTX_WORDS] = mask[CTX_WORDS + 1] = ~(uint64_t)0;
    mask[CTX_WORDS + (local_first ? 0 : 1)] = high != 0;
    int slot;
    if ((rc = inter_agree(fn, c, all, me, mask, 2, &slot)) != MPI_SUCCESS) {
        free(all);
        return rc;
    }
    /* The group that said high goes last; when both said the same, the first group first. */
    int n = c->coll.size + c->pt2pt.size, nfirst = local_first ? c->coll.size : c->pt2pt.size;
    if (mask[CTX_WORDS] != 0 && mask[CTX_WORDS + 1] == 0) {
        int *rot = malloc((size_t)n * sizeof(int));
        if (rot == NULL) {
            free(all);
            return comm_nomem(fn, c);
        }
        memcpy(rot, all + nfirst, (size_t)(n - nfirst) * sizeof(int));
        memcpy(rot + n - nfirst, all, (size_t)nfirst * sizeof(int));
        me = me >= nfirst ? me - nfirst : me + n - nfirst;
        free(all);
        all = rot;
    }
    oml_comm_t *out;
    if ((rc = comm_new(fn, c, slot, all, n, me, &out)) != MPI_SUCCESS)
        return rc;
    *newintracomm = (MPI_Comm)out;
    return MPI_SUCCESS;
}
OML_ALIAS(Intercomm_merge)

OML_API int PMPI_Comm_remote_size(MPI_Comm comm, int *size)
{
    oml_comm_t *c;
    int rc = inter_check("MPI_Comm_remote_size", comm, size, &c);
    if (rc == MPI_SUCCESS)
        *size = c->pt2pt.size;
    return rc;
}
OML_ALIAS(Comm_remote_size)

OML_API int PMPI_Comm_remote_group(MPI_Comm comm, MPI_Group *group)
{
    static const char fn[] = "MPI_Comm_remote_group";
    oml_comm_t *c;
    int rc = inter_check(fn, comm, group, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    return group_out(fn, c, &c->pt2pt, group);
}
OML_ALIAS(Comm_remote_group)
