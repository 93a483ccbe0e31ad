/*
 * collectives/coll_sched.c: schedules, the one engine under blocking and nonblocking
 * collectives.
 *
 * A schedule is an array of steps built before it starts; fences cut it into rounds. Starting
 * a round posts its transfers and runs its local steps in list order; the round ends when all
 * its transfers have completed. Steps never move once the schedule has started (the transport
 * holds pointers to their requests).
 *
 * Blocking collectives run their schedule in a loop on the transport's progress. Nonblocking
 * ones join a list that a progress hook advances whenever the transport is driven: from
 * MPI_Test/Wait on any request, from blocking calls, from other collectives.
 * Finished schedules go back to a small free list with their step arrays, so a stream of
 * small collectives does not pay for malloc.
 *
 * A failed step does not stop the schedule (as in MPICH): the ranks' counts or datatypes that do
 * not match (a message longer or shorter than the receive expects) fail the receive, and the
 * schedule goes on to its end, so that no other rank waits forever for a message this one would
 * have forwarded. From then on every message it sends is one byte longer than the receiver
 * expects, so every rank downstream fails too instead of returning wrong data as success.
 */
#include "collectives/coll_impl.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

enum { ST_SEND, ST_RECV, ST_COPY, ST_REDUCE, ST_FENCE };

typedef struct sched_step {
    int kind;
    int peer;
    int sub;         /* send, recv: added to the schedule's tag when the step starts */
    bool remote;     /* send, recv: with the remote group of an intercommunicator */
    const void *src; /* send, copy: source; reduce: in */
    void *dst;       /* recv, copy: destination; reduce: inout */
    size_t len;      /* bytes; reduce: elements */
    oml_coll_op_fn fn;
    void *ctx;
    void *failed_copy; /* send after a failure: the message and one byte more */
    oml_tp_req_t req;
} sched_step_t;

typedef struct sched_scratch {
    struct sched_scratch *next;
    alignas(max_align_t) unsigned char data[];
} sched_scratch_t;

typedef struct sched_cb {
    void (*fn)(void *);
    void *arg;
} sched_cb_t;

#define SCHED_MAX_CB 8

struct oml_sched {
    oml_tp_comm_t comm;   /* the communicator, as the transport sees it */
    oml_tp_comm_t view;   /* as the algorithms see it: comm, or an open group */
    oml_tp_comm_t remote; /* an intercommunicator's remote group (oml_sched_set_remote) */
    const int *group;     /* open group: view rank -> communicator rank; else NULL */
    const oml_coll_nodes_t *nodes;
    int tag;
    bool failed;
    sched_step_t *steps;
    size_t n, cap;
    size_t next; /* first step not started */
    size_t scan; /* first started transfer not yet seen complete */
    oml_status_t status;
    oml_status_t fail_with; /* oml_sched_fail: the status every run starts with */
    sched_scratch_t *scratch;
    sched_cb_t start_cb[SCHED_MAX_CB], done_cb[SCHED_MAX_CB], free_cb[SCHED_MAX_CB];
    int nstart, ndone, nfree;
    void (*finish_fn)(void *arg, oml_status_t status); /* oml_sched_on_finish */
    void *finish_arg;
    /* background run */
    volatile int *done;
    oml_status_t *status_out;
    struct oml_sched *prev_active, *next_active;
    struct oml_sched *next_free;
};

#define SCHED_POOL_MAX 16

static struct {
    oml_sched_t *free;
    int nfree;
    oml_sched_t *active;
    bool hooked;
    bool busy; /* the hook is running: a nested progress call must not re-enter it */
} S;

oml_sched_t *oml_sched_new(const oml_tp_comm_t *comm, int tag)
{
    oml_sched_t *s = S.free;
    if (s != NULL) {
        S.free = s->next_free;
        S.nfree--;
        sched_step_t *steps = s->steps;
        size_t cap = s->cap;
        memset(s, 0, sizeof(*s));
        s->steps = steps;
        s->cap = cap;
    } else if ((s = calloc(1, sizeof(*s))) == NULL) {
        return NULL;
    }
    s->comm = *comm;
    s->view = *comm;
    s->tag = tag;
    s->status = OML_OK;
    return s;
}

void oml_sched_set_tag(oml_sched_t *s, int tag)
{
    s->tag = tag;
}

const oml_tp_comm_t *oml_sched_comm(const oml_sched_t *s)
{
    return &s->view;
}

void oml_sched_set_nodes(oml_sched_t *s, const oml_coll_nodes_t *nodes)
{
    s->nodes = nodes;
}

const oml_coll_nodes_t *oml_sched_nodes(const oml_sched_t *s)
{
    return s->group == NULL ? s->nodes : NULL;
}

void oml_sched_group(oml_sched_t *s, const int *ranks, int n, int me)
{
    s->group = ranks;
    s->view.rank = me;
    s->view.size = n;
}

void oml_sched_group_end(oml_sched_t *s)
{
    s->group = NULL;
    s->view = s->comm;
}

/* The communicator rank of a peer named in the open group's numbering. */
static inline int sched_peer(const oml_sched_t *s, int peer)
{
    return s->group != NULL ? s->group[peer] : peer;
}

bool oml_sched_ok(const oml_sched_t *s)
{
    return !s->failed;
}

void *oml_sched_scratch(oml_sched_t *s, size_t len)
{
    sched_scratch_t *b = malloc(sizeof(*b) + (len > 0 ? len : 1));
    if (b == NULL) {
        s->failed = true;
        return NULL;
    }
    b->next = s->scratch;
    s->scratch = b;
    return b->data;
}

static sched_step_t *sched_push(oml_sched_t *s, int kind)
{
    if (s->failed)
        return NULL;
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        sched_step_t *st = realloc(s->steps, cap * sizeof(*st));
        if (st == NULL) {
            s->failed = true;
            return NULL;
        }
        s->steps = st;
        s->cap = cap;
    }
    sched_step_t *e = &s->steps[s->n++];
    e->kind = kind;
    e->remote = false;
    e->failed_copy = NULL;
    return e;
}

void oml_sched_send_sub(oml_sched_t *s, const void *buf, size_t len, int peer, int sub)
{
    sched_step_t *e = sched_push(s, ST_SEND);
    if (e != NULL) {
        e->src = buf;
        e->len = len;
        e->peer = sched_peer(s, peer);
        e->sub = sub & ((1 << OML_COLL_TAG_SHIFT) - 1);
    }
}

void oml_sched_recv_sub(oml_sched_t *s, void *buf, size_t len, int peer, int sub)
{
    sched_step_t *e = sched_push(s, ST_RECV);
    if (e != NULL) {
        e->dst = buf;
        e->len = len;
        e->peer = sched_peer(s, peer);
        e->sub = sub & ((1 << OML_COLL_TAG_SHIFT) - 1);
    }
}

void oml_sched_set_remote(oml_sched_t *s, const oml_tp_comm_t *remote)
{
    s->remote = *remote;
}

int oml_sched_remote_size(const oml_sched_t *s)
{
    return s->remote.size;
}

void oml_sched_send_remote(oml_sched_t *s, const void *buf, size_t len, int peer)
{
    sched_step_t *e = sched_push(s, ST_SEND);
    if (e != NULL)
        *e = (sched_step_t){.kind = ST_SEND, .src = buf, .len = len, .peer = peer, .remote = true};
}

void oml_sched_recv_remote(oml_sched_t *s, void *buf, size_t len, int peer)
{
    sched_step_t *e = sched_push(s, ST_RECV);
    if (e != NULL)
        *e = (sched_step_t){.kind = ST_RECV, .dst = buf, .len = len, .peer = peer, .remote = true};
}

void oml_sched_send(oml_sched_t *s, const void *buf, size_t len, int peer)
{
    oml_sched_send_sub(s, buf, len, peer, 0);
}

void oml_sched_recv(oml_sched_t *s, void *buf, size_t len, int peer)
{
    oml_sched_recv_sub(s, buf, len, peer, 0);
}

void oml_sched_copy(oml_sched_t *s, const void *src, void *dst, size_t len)
{
    if (len == 0 || src == dst)
        return;
    sched_step_t *e = sched_push(s, ST_COPY);
    if (e != NULL) {
        e->src = src;
        e->dst = dst;
        e->len = len;
    }
}

void oml_sched_reduce(oml_sched_t *s, const oml_coll_op_t *op, const void *in, void *inout,
                      size_t count)
{
    if (count == 0)
        return;
    sched_step_t *e = sched_push(s, ST_REDUCE);
    if (e != NULL) {
        e->src = in;
        e->dst = inout;
        e->len = count;
        e->fn = op->fn;
        e->ctx = op->ctx;
    }
}

void oml_sched_fail(oml_sched_t *s, oml_status_t st)
{
    s->fail_with = st;
}

void oml_sched_fence(oml_sched_t *s)
{
    /* a fence after nothing, or after another fence, would be an empty round */
    if (s->n > 0 && s->steps[s->n - 1].kind != ST_FENCE)
        sched_push(s, ST_FENCE);
}

static void sched_add_cb(oml_sched_t *s, sched_cb_t *list, int *n, void (*fn)(void *), void *arg)
{
    if (*n == SCHED_MAX_CB) {
        s->failed = true;
        return;
    }
    list[(*n)++] = (sched_cb_t){fn, arg};
}

void oml_sched_on_start(oml_sched_t *s, void (*fn)(void *), void *arg)
{
    sched_add_cb(s, s->start_cb, &s->nstart, fn, arg);
}

void oml_sched_on_done(oml_sched_t *s, void (*fn)(void *), void *arg)
{
    sched_add_cb(s, s->done_cb, &s->ndone, fn, arg);
}

void oml_sched_on_finish(oml_sched_t *s, void (*fn)(void *, oml_status_t), void *arg)
{
    s->finish_fn = fn;
    s->finish_arg = arg;
}

void oml_sched_on_free(oml_sched_t *s, void (*fn)(void *), void *arg)
{
    sched_add_cb(s, s->free_cb, &s->nfree, fn, arg);
}

/* Starts one step; a failure is recorded and the step counts as complete. */
static void sched_start_step(oml_sched_t *s, sched_step_t *e)
{
    oml_status_t st = OML_OK;
    /* Remote steps: negative tags on the point-to-point context, which no user message has. */
    const oml_tp_comm_t *comm = e->remote ? &s->remote : &s->comm;
    int tag = e->remote ? (int)((unsigned)(s->tag + e->sub) | 0x80000000u) : s->tag + e->sub;
    switch (e->kind) {
    case ST_SEND:
        if (s->status != OML_OK) {
            e->failed_copy = malloc(e->len + 1);
            if (e->failed_copy != NULL) {
                memcpy(e->failed_copy, e->src, e->len);
                ((unsigned char *)e->failed_copy)[e->len] = 0;
                st = oml_tp_isend(&e->req, e->failed_copy, e->len + 1, e->peer, tag, comm);
                break;
            }
        }
        st = oml_tp_isend(&e->req, e->src, e->len, e->peer, tag, comm);
        break;
    case ST_RECV:
        st = oml_tp_irecv(&e->req, e->dst, e->len, e->peer, tag, comm);
        break;
    case ST_COPY:
        memcpy(e->dst, e->src, e->len);
        return;
    case ST_REDUCE:
        e->fn(e->src, e->dst, e->len, e->ctx);
        return;
    }
    if (st != OML_OK) {
        e->req.complete = 1;
        e->req.status = st;
    }
}

/* Advances s as far as completed transfers allow; true once every step has completed. */
static bool sched_advance(oml_sched_t *s)
{
    for (;;) {
        while (s->scan < s->next) {
            sched_step_t *e = &s->steps[s->scan];
            if (e->kind == ST_SEND || e->kind == ST_RECV) {
                if (!e->req.complete)
                    return false;
                oml_status_t st = e->req.status;
                /* shorter than expected: the sender's count or datatype does not match */
                if (st == OML_OK && e->kind == ST_RECV && e->req.len != e->len)
                    st = OML_ERR_TRUNCATE;
                if (st != OML_OK && s->status == OML_OK)
                    s->status = st;
                free(e->failed_copy);
                e->failed_copy = NULL;
            }
            s->scan++;
        }
        if (s->next == s->n)
            break;
        while (s->next < s->n) {
            sched_step_t *e = &s->steps[s->next++];
            if (e->kind == ST_FENCE)
                break;
            sched_start_step(s, e);
        }
    }
    if (s->status == OML_OK) {
        for (int i = 0; i < s->ndone; i++)
            s->done_cb[i].fn(s->done_cb[i].arg);
    }
    return true;
}

/* Rewinds s to its first step (a persistent collective runs its schedule again and again). */
static void sched_begin(oml_sched_t *s)
{
    s->next = s->scan = 0;
    s->status = s->fail_with;
    for (int i = 0; i < s->nstart; i++)
        s->start_cb[i].fn(s->start_cb[i].arg);
}

oml_status_t oml_sched_run(oml_sched_t *s)
{
    if (s->failed) {
        oml_sched_free(s);
        return OML_ERR_NOMEM;
    }
    sched_begin(s);
    while (!sched_advance(s))
        oml_tp_progress_idle();
    oml_status_t st = s->status;
    oml_sched_free(s);
    return st;
}

/* The progress hook: advances every background schedule; returns how many finished. */
static int sched_progress_all(void)
{
    if (S.busy || S.active == NULL)
        return 0;
    S.busy = true;
    int n = 0;
    for (oml_sched_t *s = S.active, *nx; s != NULL; s = nx) {
        nx = s->next_active;
        if (!sched_advance(s))
            continue;
        if (s->prev_active != NULL)
            s->prev_active->next_active = s->next_active;
        else
            S.active = s->next_active;
        if (s->next_active != NULL)
            s->next_active->prev_active = s->prev_active;
        *s->status_out = s->status;
        __atomic_store_n(s->done, 1, __ATOMIC_RELEASE);
        n++;
        if (s->finish_fn != NULL)
            s->finish_fn(s->finish_arg, s->status); /* last: it may free s */
    }
    S.busy = false;
    return n;
}

void oml_sched_start(oml_sched_t *s, volatile int *done, oml_status_t *status)
{
    if (s->failed) {
        *status = OML_ERR_NOMEM;
        *done = 1;
        if (s->finish_fn != NULL)
            s->finish_fn(s->finish_arg, OML_ERR_NOMEM);
        return;
    }
    sched_begin(s);
    if (sched_advance(s)) {
        *status = s->status;
        *done = 1;
        if (s->finish_fn != NULL)
            s->finish_fn(s->finish_arg, s->status);
        return;
    }
    if (!S.hooked) {
        oml_tp_add_progress_hook(sched_progress_all);
        S.hooked = true;
    }
    s->done = done;
    s->status_out = status;
    s->prev_active = NULL;
    s->next_active = S.active;
    if (S.active != NULL)
        S.active->prev_active = s;
    S.active = s;
}

void oml_sched_free(oml_sched_t *s)
{
    if (s == NULL)
        return;
    for (int i = 0; i < s->nfree; i++)
        s->free_cb[i].fn(s->free_cb[i].arg);
    while (s->scratch != NULL) {
        sched_scratch_t *b = s->scratch;
        s->scratch = b->next;
        free(b);
    }
    if (S.nfree >= SCHED_POOL_MAX || s->cap > 4096) {
        free(s->steps);
        free(s);
        return;
    }
    s->next_free = S.free;
    S.free = s;
    S.nfree++;
}
