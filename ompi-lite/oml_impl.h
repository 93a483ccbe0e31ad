/*
 * ompi-lite/oml_impl.h: the MPI layer's internal objects and helpers.
 *
 * Predefined handles are the ABI's small integers and decode through tables; user handles are
 * pointers to our objects (always above OML_HANDLE_PREDEFINED_MAX).
 */
#ifndef OML_IMPL_H
#define OML_IMPL_H

#include "collectives/coll.h"
#include "mpi.h"
#include "transport/tp.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Symbols of the public API are the only ones exported from libmpi. */
#define OML_API __attribute__((visibility("default")))
/* MPI_<name> is a weak alias of PMPI_<name>, so tools can interpose on MPI_<name>. */
#define OML_ALIAS(name)                                                                            \
    extern __typeof__(PMPI_##name) MPI_##name                                                      \
        __attribute__((weak, alias("PMPI_" #name), visibility("default")));

#define OML_HANDLE_PREDEFINED_MAX 0x1000
#define OML_TAG_UB 0x7fffffff

typedef struct oml_attr oml_attr_t;
typedef struct oml_topo oml_topo_t;

/* A group: job ranks by group rank. */
typedef struct oml_group {
    uint32_t magic;
    int refs;
    int size;
    int rank;         /* this process's rank in the group, or MPI_UNDEFINED */
    int *world;       /* group rank -> job rank */
    uint64_t session; /* the session it derives from (MPI_Group_from_session_pset), or 0 */
} oml_group_t;

#define OML_GROUP_MAGIC 0x06c0f1eu

typedef struct oml_comm {
    uint32_t magic;
    int refs; /* the user's handle and requests in flight */
    /*
     * Context for user point-to-point traffic, and for collective traffic. In an
     * intercommunicator pt2pt names the remote group (its size and rank map; rank is ours in the
     * local group) and coll the local group; in an intracommunicator both name the one group.
     */
    oml_tp_comm_t pt2pt;
    oml_tp_comm_t coll;
    bool inter;         /* an intercommunicator (MPI_Intercomm_create) */
    uint32_t coll_seq;  /* collectives started on it: the next one's tag (OML_COLL_TAG) */
    uint32_t pcoll_seq; /* persistent collectives made on it (OML_COLL_TAG_PERSISTENT) */
    MPI_Errhandler errhandler;
    int self_world_rank; /* storage for MPI_COMM_SELF's rank map */
    int ctx_slot;        /* allocated context slot, -1 for the predefined communicators */
    char name[MPI_MAX_OBJECT_NAME];
    oml_attr_t *attrs;
    oml_topo_t *topo;        /* Cartesian, graph or distributed graph topology, or NULL */
    MPI_Info info;           /* hints given at creation (MPI_Comm_get_info), or MPI_INFO_NULL */
    oml_coll_nodes_t *nodes; /* its ranks by node, built by the first collective that asks */
    bool nodes_tried;
    struct oml_part_chan *part_chans; /* partitioned channels made per (peer, tag), oml_part.c */
    int npart_chans;
    uint64_t session;        /* the session it derives from, or 0 (the World Model) */
    struct oml_bsbuf *bsbuf; /* MPI_Comm_attach_buffer's buffer, or NULL (oml_bsend.c) */
} oml_comm_t;

#define OML_COMM_MAGIC 0x0c033u

typedef struct oml_global {
    bool initialized; /* MPI_Init (the World Model) was called */
    bool finalized;   /* MPI_Finalize was called */
    bool up;          /* the instance runs: MPI_Init or a session started it (oml_init.c) */
    int sessions;     /* sessions open */
    int thread_level;
    oml_comm_t world;
    oml_comm_t self;
} oml_global_t;

extern oml_global_t oml_global;

/* ---- communicators (oml_comm.c) ---- */
static inline oml_comm_t *oml_comm_get(MPI_Comm c)
{
    if (c == MPI_COMM_WORLD)
        return &oml_global.world;
    if (c == MPI_COMM_SELF)
        return &oml_global.self;
    if ((uintptr_t)c < OML_HANDLE_PREDEFINED_MAX)
        return NULL;
    oml_comm_t *p = (oml_comm_t *)c;
    return p->magic == OML_COMM_MAGIC ? p : NULL;
}

/* c's ranks by node, NULL when unknown (built on the first call). */
const oml_coll_nodes_t *oml_comm_nodes(oml_comm_t *c);

/* A new schedule for the next collective on c (its tag numbers the collective); NULL: no memory. */
static inline oml_sched_t *oml_comm_sched(oml_comm_t *c)
{
    oml_sched_t *s = oml_sched_new(&c->coll, OML_COLL_TAG(c->coll_seq++));
    /* on two ranks or fewer no layout makes a node-aware algorithm apply */
    if (s != NULL && c->coll.size > 2)
        oml_sched_set_nodes(s, c->nodes_tried ? c->nodes : oml_comm_nodes(c));
    return s;
}

/* The handle of a communicator object. */
MPI_Comm oml_comm_handle(oml_comm_t *c);
/*
 * Sets up MPI_COMM_WORLD and MPI_COMM_SELF (MPI_Init). Reads the test mode
 * OMPI_LITE_COLL_NODEMAP; a value that is not one node number per rank is an error, described
 * in why.
 */
int oml_comm_init(char *why, size_t whylen);
/* Frees what communicators hold at MPI_Finalize. */
void oml_comm_finalize(void);
void oml_comm_retain(oml_comm_t *c);
void oml_comm_release(oml_comm_t *c);
/*
 * Makes a communicator over the job ranks world[0..size-1] (taken over; this process is
 * world[rank]) on a fresh context agreed on by every rank of parent (collective over parent,
 * or, with members_only, over the new members alone). rank < 0: this process is not a member;
 * *out becomes NULL after taking part in the agreement.
 */
int oml_comm_make(const char *fn, oml_comm_t *parent, int *world, int size, int rank,
                  bool members_only, int tag, oml_comm_t **out);

/* ---- groups (oml_group.c) ---- */
oml_group_t *oml_group_get(MPI_Group g);
/* A new group over size job ranks (copied); NULL when out of memory. */
oml_group_t *oml_group_new(const int *world, int size);
void oml_group_release(oml_group_t *g);

/* ---- topologies (oml_topo.c) ---- */
void oml_topo_free(oml_topo_t *t);
/* A copy of a topology (MPI_Comm_dup); NULL for NULL or when out of memory. */
oml_topo_t *oml_topo_dup(const oml_topo_t *t);

/* ---- datatypes ---- */
typedef enum {
    OML_K_NONE = 0, /* no arithmetic (characters, packed, 16-byte integers and reals) */
    OML_K_INT8,
    OML_K_UINT8,
    OML_K_INT16,
    OML_K_UINT16,
    OML_K_INT32,
    OML_K_UINT32,
    OML_K_INT64,
    OML_K_UINT64,
    OML_K_FLOAT,
    OML_K_DOUBLE,
    OML_K_LDOUBLE,
    OML_K_BOOL,
    OML_K_BYTE,     /* bitwise ops only */
    OML_K_LOGICAL1, /* Fortran LOGICAL by width: logical ops only */
    OML_K_LOGICAL2,
    OML_K_LOGICAL4,
    OML_K_LOGICAL8,
    OML_K_CFLOAT, /* complex: SUM and PROD */
    OML_K_CDOUBLE,
    OML_K_CLDOUBLE,
    OML_K_PAIR_FI, /* MINLOC/MAXLOC pairs (value, index), packed: no padding */
    OML_K_PAIR_DI,
    OML_K_PAIR_LI,
    OML_K_PAIR_SI,
    OML_K_PAIR_LDI,
    OML_K_PAIR_II,
    OML_K_PAIR_FF,
    OML_K_PAIR_DD,
    OML_K_COUNT
} oml_kind_t;

/*
 * A datatype's layout is a list of segments in type-map order, each `count` blocks of `len`
 * bytes, `stride` apart, starting `disp` bytes from the element's start. Constructors merge
 * what they can (adjacent blocks, equal strides), so a vector is one segment and a subarray
 * one segment per row: pack and unpack copy block by block, never element by element.
 */
/* How a basic element looks in the "external32" representation (MPI-4.1 13.5.2: big-endian,
 * fixed sizes): byte-swapped in units of 1-16 bytes, narrowed (C long and unsigned long are 4
 * bytes there, wchar_t 2), or an x87 long double rewritten as IEEE binary128. */
typedef enum {
    OML_X32_SWAP1 = 0, /* bytes: copied */
    OML_X32_SWAP2,
    OML_X32_SWAP4,
    OML_X32_SWAP8,
    OML_X32_SWAP16,
    OML_X32_LONG,    /* signed, native width to 4 */
    OML_X32_ULONG,   /* unsigned, native width to 4 */
    OML_X32_WCHAR,   /* native wchar_t to 2 */
    OML_X32_LDOUBLE, /* x87 extended in 16 bytes to binary128 */
    OML_X32_NONE,    /* no external32 form on this machine */
    OML_X32_COUNT
} oml_x32_t;

typedef struct oml_dt_seg {
    MPI_Aint disp;
    MPI_Aint stride;
    size_t len;
    size_t count;
    size_t esz;  /* size of the basic elements in the blocks (for MPI_Get_elements) */
    uint8_t x32; /* oml_x32_t of those elements (segments of different ones never merge) */
} oml_dt_seg_t;

typedef struct oml_dtype {
    uint32_t magic;
    int refs; /* handles and operations in flight; the object goes at 0 */
    bool predefined;
    bool committed;
    bool contig;               /* n elements are n * size bytes at buf + true_lb */
    bool explicit_bounds;      /* bounds set by MPI_Type_create_resized, kept by parents */
    size_t size;               /* bytes of data in one element */
    MPI_Aint lb, ub;           /* extent = ub - lb */
    MPI_Aint true_lb, true_ub; /* bounds of the bytes actually touched */
    size_t align;              /* largest alignment of a basic element */
    size_t nelem;              /* basic elements in one element */
    oml_kind_t kind;           /* arithmetic kind when every basic element shares it */
    MPI_Datatype basic;        /* the basic type of every element (a MINLOC/MAXLOC pair counts as
                                  one), or MPI_DATATYPE_NULL */
    size_t nsegs;
    oml_dt_seg_t *segs;
    oml_dt_seg_t seg1;         /* storage of the one segment of a predefined type */
    oml_dt_seg_t pair_segs[2]; /* storage of a predefined pair type's segments */
    /* MPI_Type_get_envelope / get_contents */
    int combiner;
    int ni, na, nt;
    int *ints;
    MPI_Aint *aints;
    MPI_Datatype *types;
    MPI_Count nc;      /* large counts (a _c constructor given values past INT_MAX) */
    MPI_Count *counts; /* MPI_Type_get_contents_c's array_of_large_counts */
    const char *name;
    char namebuf[MPI_MAX_OBJECT_NAME];
    oml_attr_t *attrs;
} oml_dtype_t;

#define OML_DT_MAGIC 0x0d7a7e5u

static inline MPI_Aint oml_dt_extent(const oml_dtype_t *d)
{
    return d->ub - d->lb;
}

/* Returns the datatype object, or NULL for MPI_DATATYPE_NULL and invalid handles. */
oml_dtype_t *oml_dtype_get(MPI_Datatype dt);
/* Sets up the predefined datatypes (MPI_Init; unit tests). */
void oml_dtype_init(void);
/* Takes and drops a reference on a datatype (no-ops for predefined ones). */
void oml_dtype_retain(oml_dtype_t *d);
void oml_dtype_release(oml_dtype_t *d);

/* ---- the datatype engine (oml_dtengine.c; pure logic) ---- */

/* A datatype under construction. */
typedef struct oml_dt_builder {
    oml_dtype_t *t;
    size_t cap;
    bool bounded; /* lb/ub set by a first non-empty part */
    bool any_data;
    bool failed; /* out of memory */
} oml_dt_builder_t;

/* Starts a new (derived, uncommitted, refs 1) datatype; false when out of memory. */
bool oml_dt_build_begin(oml_dt_builder_t *b, int combiner);
/* Appends n consecutive elements of old starting shift bytes from the new element's start. */
void oml_dt_build_append(oml_dt_builder_t *b, const oml_dtype_t *old, MPI_Aint shift, size_t n);
/* Finishes: NULL when out of memory (everything freed). */
oml_dtype_t *oml_dt_build_end(oml_dt_builder_t *b);
/* A copy of d's layout with the given bounds (MPI_Type_create_resized, MPI_Type_dup). */
oml_dtype_t *oml_dt_copy_layout(const oml_dtype_t *d, int combiner, MPI_Aint lb, MPI_Aint ub);
/* Frees a derived datatype object without looking at references (engine users, tests). */
void oml_dt_destroy(oml_dtype_t *d);

/* Copies count elements of d at buf into the contiguous stream out (count * size bytes). */
void oml_dt_pack(const oml_dtype_t *d, const void *buf, size_t count, void *out);
/* Copies up to bytes of the stream in into count elements of d at buf (a short stream fills a
 * prefix of the type map). */
void oml_dt_unpack(const oml_dtype_t *d, void *buf, size_t count, const void *in, size_t bytes);
/* Basic elements in the first bytes of a stream of d, or -1 when bytes ends inside one. */
int64_t oml_dt_elements(const oml_dtype_t *d, size_t bytes);
/* Bytes of the first n basic elements of a stream of d (the inverse of oml_dt_elements). */
size_t oml_dt_element_bytes(const oml_dtype_t *d, size_t n);

/* external32. The class of a predefined type's elements (oml_dtype.c). */
oml_x32_t oml_dt_x32_class(MPI_Datatype predefined);
/* The rest in oml_dtengine.c. */
/* Bytes of one element of d in external32; 0 with *bad set when an element has no such form. */
size_t oml_dt_x32_size(const oml_dtype_t *d, oml_x32_t *bad);
/* count elements of d at buf to external32 at out (oml_dt_x32_size(d) * count bytes). Returns
 * OML_X32_COUNT, or the class of the first element whose value has no external32 form (a C long
 * beyond 32 bits, a wchar_t beyond 16) after converting what came before it. */
oml_x32_t oml_dt_x32_pack(const oml_dtype_t *d, const void *buf, size_t count, void *out);
/* The reverse: count elements of d at buf from external32 at in. Always succeeds. */
void oml_dt_x32_unpack(const oml_dtype_t *d, void *buf, size_t count, const void *in);
/* Converts the first bytes of a packed native stream of d to external32 (encode) or back, in
 * place (a last element cut short: its whole basic elements); only for types whose external32
 * size equals their size. Returns as oml_dt_x32_pack. */
oml_x32_t oml_dt_x32_stream(const oml_dtype_t *d, size_t bytes, void *stream, bool encode);
/* The name of a class's C type for messages ("long", "wchar_t", ...). */
const char *oml_dt_x32_name(oml_x32_t x);

/* The bytes of count elements of d at buf as the transport sees them. */
typedef struct oml_dbuf {
    void *ptr;
    size_t len;
    void *tmp; /* packed copy for non-contiguous types */
} oml_dbuf_t;

/* Points b at the data to send: the user's buffer, or a packed copy. MPI_ERR_NO_MEM or 0. */
int oml_dbuf_send(oml_dbuf_t *b, const oml_dtype_t *d, const void *buf, size_t count);
/* Points b at where to receive: the user's buffer, or a staging buffer to unpack later. */
int oml_dbuf_recv(oml_dbuf_t *b, const oml_dtype_t *d, void *buf, size_t count);
/* After a receive through b: unpacks the got bytes into buf (nothing for contiguous types). */
void oml_dbuf_unpack(const oml_dbuf_t *b, const oml_dtype_t *d, void *buf, size_t count,
                     size_t got);
void oml_dbuf_free(oml_dbuf_t *b);

/* ---- reduction operators (oml_op.c) ---- */

/*
 * The operator the algorithms apply to count elements of datatype dt (object d) under op:
 * kernel, unit and number of units (*n). User functions get their context from s's scratch
 * (s NULL: from static storage, for the blocking MPI_Reduce_local). Raises the error on c.
 */
int oml_op_resolve(const char *fn, oml_comm_t *c, oml_sched_t *s, MPI_Op op, MPI_Datatype dt,
                   oml_dtype_t *d, size_t count, oml_coll_op_t *out, size_t *n);
/* Why predefined op cannot apply to elements of d (NULL: it can). */
const char *oml_op_undefined(MPI_Op op, const oml_dtype_t *d);

/* ---- attributes (oml_attr.c) ---- */
typedef enum { OML_ATTR_COMM = 1, OML_ATTR_TYPE = 2, OML_ATTR_WIN = 3 } oml_attr_kind_t;

/* Runs the delete callbacks of every attribute of an object and frees them all. */
int oml_attr_delete_all(oml_attr_kind_t kind, void *handle, oml_attr_t **list);
/* Copies the attributes of an object being duplicated, as their copy callbacks say. */
int oml_attr_copy_all(oml_attr_kind_t kind, void *oldhandle, oml_attr_t *from, oml_attr_t **to);
/* Who set an attribute value: C (a pointer), Fortran's MPI_ATTR_PUT (INTEGER), or Fortran's
 * other calls (INTEGER(KIND=MPI_ADDRESS_KIND)). */
typedef enum { OML_AV_PTR, OML_AV_INT, OML_AV_AINT } oml_attr_val_t;
/* The Fortran bindings' calls (oml_fortran.c), under the library's lock where it is on: a keyval
 * whose callbacks take values as integers; setting an integer value; reading a value as stored
 * (the integer, or a C pointer; the predefined attributes still as pointers to their values). */
int oml_attr_keyval_f(oml_attr_kind_t kind, void *copy, void *del, int *keyval, void *extra);
int oml_attr_set_f(oml_attr_kind_t kind, void *handle, int keyval, MPI_Aint value,
                   oml_attr_val_t how);
int oml_attr_get_f(oml_attr_kind_t kind, void *handle, int keyval, void **value, int *flag);

/* ---- requests ---- */
typedef enum {
    OML_SEND_STANDARD, /* MPI_Send, and MPI_Rsend (the standard allows ready = standard) */
    OML_SEND_SYNC,     /* MPI_Ssend: complete once the receiver matched */
    OML_SEND_BUFFERED  /* MPI_Bsend: copied into the attached buffer */
} oml_send_mode_t;

/* A nonblocking collective's request: its schedule completes tp. */
#define OML_REQ_COLL 3
/* A generalized request (MPI_Grequest_start): MPI_Grequest_complete completes tp. */
#define OML_REQ_GREQ 4

/*
 * Contexts of communicators stay below this; a partitioned channel's messages carry the
 * communicator's point-to-point context with bit 31 and the channel's number in bits 15-30
 * (oml_part.c), so that they match neither other channels nor any other traffic.
 */
#define OML_PART_CTX_LIMIT (1u << 15)

/* A partitioned request's state (oml_part.c); the request is persistent. */
typedef struct oml_part {
    int partitions;
    int nready;           /* send: partitions marked ready in this round */
    unsigned char *ready; /* send: one flag per partition */
    oml_tp_comm_t tpc;    /* the communicator's point-to-point context, made the channel's own */
} oml_part_t;

/* A generalized request's callbacks (oml_greq.c). */
typedef struct oml_greq {
    MPI_Grequest_query_function *query;
    MPI_Grequest_free_function *free;
    MPI_Grequest_cancel_function *cancel;
    void *extra;
    bool freed; /* MPI_Request_free came first: MPI_Grequest_complete releases it */
} oml_greq_t;

/* The send half of MPI_Isendrecv(_replace); the request's own tp is the receive. */
typedef struct oml_pair {
    oml_tp_req_t tp;
    oml_dbuf_t db; /* the bytes sent (the user's, or a packed copy for derived types) */
    void *rtmp;    /* replace: the receive's staging buffer, unpacked into buf at the end */
} oml_pair_t;

typedef struct oml_request {
    oml_tp_req_t tp;
    int kind; /* OML_TP_REQ_SEND, OML_TP_REQ_RECV, OML_REQ_COLL or OML_REQ_GREQ */
    bool proc_null;
    bool persistent; /* from *_init: survives completion, restarted by MPI_Start */
    bool active;     /* persistent: started and not yet completed by a wait or test */
    oml_comm_t *comm;
    /* what MPI_Start needs */
    oml_send_mode_t mode;
    void *buf;
    size_t count;
    oml_dtype_t *dt; /* holds a reference while the request lives */
    oml_dbuf_t db;   /* the bytes the transport moves; packed copy for derived types */
    bool unpack;     /* receive into db.tmp: unpack into buf once complete */
    int peer, tag;
    oml_sched_t *sched;       /* OML_REQ_COLL: freed with the request */
    struct oml_request *next; /* freed by MPI_Request_free while in flight */
    oml_pair_t *pair;         /* MPI_Isendrecv(_replace): the send, freed with the request */
    /*
     * A buffered send (complete once copied): the transport request of its message in the
     * attached buffer, while that block lives, so that MPI_Cancel can still withdraw it. A
     * cancelled one is not complete (tp.complete 0) until the block's send is.
     */
    oml_tp_req_t *bsend;
    oml_greq_t *greq; /* OML_REQ_GREQ: freed by oml_greq_release */
    oml_part_t *part; /* MPI_Psend_init / MPI_Precv_init: freed with the request */
} oml_request_t;

/* Has r's operation finished (for MPI_Isendrecv, its send and its receive)? */
static inline bool oml_request_done(const oml_request_t *r)
{
    return (r->tp.complete || (r->bsend != NULL && r->bsend->complete)) &&
           (r->pair == NULL || r->pair->tp.complete);
}

/*
 * Buffered sends (oml_bsend.c): copies len bytes of buf and sends them in the background;
 * owner (NULL for MPI_Bsend) is the request that may cancel the message (its bsend).
 */
int oml_bsend_start(const char *fn, oml_comm_t *c, const void *buf, size_t len, int dest, int tag,
                    oml_request_t *owner);
/* Where a buffer call raises its errors, and what the buffer belongs to (for messages). */
typedef struct oml_errto {
    MPI_Errhandler eh;
    int fh_kind; /* OML_FH_COMM or OML_FH_SESSION */
    void *handle;
    const char *what; /* "the process", "the communicator", "the session" */
} oml_errto_t;
typedef struct oml_bsbuf oml_bsbuf_t;
/* Attaches buffer (or MPI_BUFFER_AUTOMATIC) of size bytes at *slot; session: its id, or 0. */
int oml_bsbuf_attach(const char *fn, const oml_errto_t *e, oml_bsbuf_t **slot, uint64_t session,
                     void *buffer, MPI_Count size);
/* Detaches *slot once its sends are done; size: an int * when int_size, else MPI_Count *. */
int oml_bsbuf_detach(const char *fn, const oml_errto_t *e, oml_bsbuf_t **slot, void *buffer_addr,
                     void *size, bool int_size);
/* Waits until the messages in b (NULL: none) have left it; with request, starts that wait as a
 * request on c (NULL for the process's and sessions' buffers). */
int oml_bsbuf_flush(const char *fn, const oml_errto_t *e, oml_comm_t *c, oml_bsbuf_t *b,
                    MPI_Request *request);
/* Detaches *slot, if any, once its sends are done (MPI_Comm_free, MPI_Session_finalize). */
void oml_bsbuf_release(oml_bsbuf_t **slot);
/* MPI_Cancel of a buffered send: withdraws the message if it is still in the buffer's care. */
void oml_bsend_cancel(oml_request_t *r);
/* Takes the outcome of a cancelled buffered send once its message's send is done. */
void oml_bsend_settle(oml_request_t *r);
/* Unties r from its message's block (the request is released). */
void oml_bsend_disown(oml_request_t *r);
/* Completes every buffered send and every request freed while in flight (MPI_Finalize). */
void oml_pt2pt_drain(void);
/* Releases requests freed while in flight that have completed since. */
void oml_pt2pt_reap(void);
/* Unpacks a completed receive staged for a derived datatype (once; later calls do nothing). */
void oml_request_finish_data(oml_request_t *r);
/* Returns a request to the free list of requests, dropping its datatype and communicator. */
void oml_request_release(oml_request_t *r);
/*
 * A request of c that its owner completes (tp.status, then tp.complete set to 1): the
 * agreement of MPI_Comm_idup. Completing it reports like a nonblocking collective.
 */
oml_request_t *oml_request_pending(oml_comm_t *c);
/* The request of a nonblocking collective on c running schedule s (started here). */
oml_request_t *oml_request_coll(oml_comm_t *c, oml_sched_t *s);
/* The inactive request of a persistent collective on c; MPI_Start runs s each time. */
oml_request_t *oml_request_coll_init(oml_comm_t *c, oml_sched_t *s);
/*
 * An inactive persistent send or receive request (MPI_Send_init / MPI_Recv_init, standard mode),
 * for the partitioned calls to make their own (oml_part.c).
 */
int oml_request_p2p_init(const char *fn, bool recv, const void *buf, MPI_Count count,
                         MPI_Datatype datatype, int peer, int tag, MPI_Comm comm,
                         MPI_Request *request);
/* Starts a round of a partitioned send (MPI_Start; a receive starts as any persistent one). */
int oml_part_start(const char *fn, oml_request_t *r);
/* Frees what a partitioned request holds. */
void oml_part_free(oml_request_t *r);
/* Frees the partitioned channel counts of a communicator. */
void oml_part_comm_free(oml_comm_t *c);
/* Frees the free list (MPI_Finalize, after oml_pt2pt_drain). */
void oml_request_pool_free(void);
/* Adds a request freed by MPI_Request_free while in flight. */
void oml_pt2pt_orphan(oml_request_t *r);
/* An incomplete generalized request with callbacks g (owned by it from here on). */
oml_request_t *oml_request_greq(oml_greq_t *g);

/*
 * Generalized requests (oml_greq.c). oml_greq_status fills status of a completed one through
 * its query_fn and returns that callback's error (reported unless quiet: the multi-request
 * calls say MPI_ERR_IN_STATUS). oml_greq_release calls its free_fn, releases the request and
 * returns the callback's error (reported unless quiet). oml_greq_cancel calls its cancel_fn
 * (MPI_Cancel).
 */
int oml_greq_status(const char *fn, oml_request_t *r, MPI_Status *status, bool quiet);
int oml_greq_release(const char *fn, oml_request_t *r, bool quiet);
int oml_greq_cancel(const char *fn, oml_request_t *r);

/*
 * How many entries a per-peer array argument has on comm (oml_topo.c): which 0, one per
 * process of the group it addresses (the remote group of an intercommunicator); 1, the
 * in-degree (receive side of a neighbour collective); 2, the out-degree. 0 for a bad comm.
 */
int oml_comm_peers(MPI_Comm comm, int which);

/* ---- collectives (oml_coll.c), also for those built elsewhere (oml_topo.c) ---- */

/* The derived-datatype blocks of one collective's schedule; a pointer to NULL before the first. */
typedef struct oml_coll_stages oml_coll_stages_t;
/*
 * Where schedule s finds or leaves count elements of d for buf: buf itself if contiguous, else
 * scratch packed from buf each time s starts (in: data to send, or in-place input) and unpacked
 * into buf each time it completes (out: data received). NULL when out of memory.
 */
void *oml_coll_stage(oml_sched_t *s, oml_coll_stages_t **stages_p, oml_dtype_t *d, void *buf,
                     size_t count, bool in, bool out);
/* Raises the error of a collective that failed with st on c. */
int oml_coll_error(oml_comm_t *c, const char *fn, oml_status_t st);
/*
 * Hands over the built schedule s of collective fn on c: runs it (request NULL), starts it
 * behind *request (nonblocking), or keeps it behind an inactive *request that MPI_Start runs
 * (persistent). Frees s on failure.
 */
int oml_coll_launch(const char *fn, oml_comm_t *c, oml_sched_t *s, MPI_Request *request,
                    bool persistent);
/* The request argument of an I-call, and the info argument of an _init call (info != NULL). */
int oml_coll_request_args(const char *fn, MPI_Comm comm, const MPI_Info *info,
                          MPI_Request *request);

/* ---- info objects (oml_info.c) ---- */

/* True for MPI_INFO_NULL and for a live info object (MPI_INFO_ENV included). */
bool oml_info_valid(MPI_Info info);

/* ---- errors ---- */

/*
 * Raises errclass on comm (NULL: MPI_COMM_WORLD) from function fn: under MPI_ERRORS_RETURN
 * returns errclass; otherwise prints the function, the error text, the rank and host, and ends
 * the job with errclass as the exit status.
 */
int oml_error(oml_comm_t *comm, int errclass, const char *fn, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The largest error class or code in use, user-added ones included (MPI_LASTUSEDCODE). */
int oml_err_last_used(void);
/* References held by communicators on their error handlers (no-ops for predefined ones). */
void oml_errhandler_retain(MPI_Errhandler e);
void oml_errhandler_release(MPI_Errhandler e);
/* MPI_Comm_create_errhandler; fortran: fn takes a Fortran communicator handle. */
int oml_errhandler_create(MPI_Comm_errhandler_function *fn, bool fortran, MPI_Errhandler *eh);
/* An error handler for objects of Fortran handle kind fh_kind (OML_FH_COMM, OML_FH_WIN). */
int oml_errhandler_new(const char *fn, int fh_kind, MPI_Comm_errhandler_function *efn, bool fortran,
                       MPI_Errhandler *eh);
/* May e be set on objects of that kind (predefined handlers: any)? */
bool oml_errhandler_valid_for(MPI_Errhandler e, int fh_kind);
/* MPI_Session_create_errhandler; fortran: fn takes a Fortran session handle (oml_session.c). */
int oml_session_errhandler_create(MPI_Session_errhandler_function *fn, bool fortran,
                                  MPI_Errhandler *errhandler);
/*
 * Raises errclass from fn under handler eh of the object handle (of Fortran handle kind
 * fh_kind): returns it under MPI_ERRORS_RETURN or a user handler (after calling it), else ends
 * the job with the message fmt.
 */
int oml_raise(MPI_Errhandler eh, int fh_kind, void *handle, int errclass, const char *fn,
              const char *fmt, va_list ap);
/* MPI_Op_create; fortran: user_fn takes a Fortran datatype handle. */
int oml_op_create(MPI_User_function *user_fn, int commute, bool fortran, MPI_Op *op);
/* Frees user error classes, codes and strings (MPI_Finalize). */
void oml_err_finalize(void);
/* Drops the default file error handler (MPI_Finalize). */
void oml_io_finalize(void);

/* ---- one-sided communication (oml_rma.c) ---- */

typedef struct oml_win oml_win_t;

/* The window behind a handle: MPI_SUCCESS, or MPI_ERR_WIN raised without an object. */
int oml_win_check(const char *fn, MPI_Win win, oml_win_t **w_p);
/* Raises errclass on window w (its error handler) from fn. */
int oml_win_error(oml_win_t *w, int errclass, const char *fn, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int oml_win_verror(oml_win_t *w, int errclass, const char *fn, const char *fmt, va_list ap);
/* The attribute list of w, and the value of a predefined window attribute (MPI_WIN_BASE...). */
oml_attr_t **oml_win_attrs(oml_win_t *w);
void *oml_win_attr_predefined(oml_win_t *w, int keyval);

/*
 * A function or case not built yet: MPI_ERR_UNSUPPORTED_OPERATION raised on c (or without an
 * object), with a line on stderr naming fn and what is missing whatever the handler.
 */
int oml_missing(oml_comm_t *c, const char *fn, const char *what);

/* Ends the process when MPI is not initialized, or already finalized. */
void oml_error_not_initialized(const char *fn);

#define OML_CHECK_INIT(fn)                                                                         \
    do {                                                                                           \
        if (__builtin_expect(!oml_global.up, 0))                                                   \
            oml_error_not_initialized(fn);                                                         \
    } while (0)

/* Status helpers: the byte count lives in the internal fields. */
/*
 * Fills a status, all but its MPI_ERROR field: only the calls that complete several requests set
 * that (MPI-4.1 3.2.5), so a single-request call leaves the caller's value there.
 */
static inline void oml_status_set(MPI_Status *s, int source, int tag, size_t bytes)
{
    if (s == MPI_STATUS_IGNORE)
        return;
    s->MPI_SOURCE = source;
    s->MPI_TAG = tag;
    s->MPI_internal[0] = (int)(bytes & 0x7fffffff);
    s->MPI_internal[1] = (int)(bytes >> 31);
    s->MPI_internal[2] = 0;
}

static inline size_t oml_status_bytes(const MPI_Status *s)
{
    return (size_t)(unsigned)s->MPI_internal[0] | ((size_t)(unsigned)s->MPI_internal[1] << 31);
}

/*
 * MPI_THREAD_MULTIPLE (oml_thread.c): when oml_mt is set, every entry point holds the library's
 * lock (recursive per thread) while it runs.
 */
extern bool oml_mt;
void oml_mt_enter(void);
void oml_mt_leave(void);
/* At MPI_Init_thread: the level provided for required; sets oml_mt for MPI_THREAD_MULTIPLE. */
int oml_mt_start(int required);
/* Starts the library's instance for fn (MPI_Init or MPI_Session_init) if it does not run yet;
 * the thread level provided. */
int oml_instance_start(const char *fn, int required);
/* A session ended (oml_session.c). */
void oml_instance_release(void);
/* Whether the calling thread is the one that initialized MPI. */
bool oml_mt_is_main(void);

/*
 * The entry layer (oml_entry.c, generated from mpi.h by gen-entry.py) defines PMPI_<name> and
 * MPI_<name>; the files that implement them define oml_impl_<name> under the same spelling
 * (PMPI_<name>, renamed here), so calls inside the library skip the lock. The entry layer
 * itself and the Fortran glue, entry points too, define OML_ENTRY_NO_RENAME.
 */
#include "oml_entry.h"
#ifndef OML_ENTRY_NO_RENAME
#undef OML_API
#define OML_API
#undef OML_ALIAS
#define OML_ALIAS(name)
#endif

#endif /* OML_IMPL_H */
