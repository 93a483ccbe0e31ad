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

typedef struct oml_comm {
    oml_tp_comm_t pt2pt; /* context for user point-to-point traffic */
    oml_tp_comm_t coll;  /* context for collective traffic */
    MPI_Errhandler errhandler;
    int self_world_rank; /* storage for MPI_COMM_SELF's rank map */
} oml_comm_t;

typedef struct oml_global {
    bool initialized;
    bool finalized;
    int thread_level;
    oml_comm_t world;
    oml_comm_t self;
} oml_global_t;

extern oml_global_t oml_global;

/* ---- communicators ---- */
static inline oml_comm_t *oml_comm_get(MPI_Comm c)
{
    if (c == MPI_COMM_WORLD)
        return &oml_global.world;
    if (c == MPI_COMM_SELF)
        return &oml_global.self;
    if ((uintptr_t)c < OML_HANDLE_PREDEFINED_MAX)
        return NULL;
    return (oml_comm_t *)c;
}

/* ---- datatypes ---- */
typedef enum {
    OML_K_NONE = 0, /* no arithmetic (bytes, pairs, complex for now) */
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
    OML_K_COUNT
} oml_kind_t;

typedef struct oml_dtype {
    size_t size;
    oml_kind_t kind;
    const char *name;
} oml_dtype_t;

/* Returns the datatype object, or NULL for MPI_DATATYPE_NULL and invalid handles. */
const oml_dtype_t *oml_dtype_get(MPI_Datatype dt);

/* The element-wise kernel for op on kind, or NULL when the standard does not define it. */
oml_coll_op_fn oml_op_kernel(MPI_Op op, oml_kind_t kind);
/* Name of a predefined op ("MPI_SUM"), or NULL for an invalid handle. */
const char *oml_op_name(MPI_Op op);

/* ---- requests ---- */
typedef enum {
    OML_SEND_STANDARD, /* MPI_Send, and MPI_Rsend (the standard allows ready = standard) */
    OML_SEND_SYNC,     /* MPI_Ssend: complete once the receiver matched */
    OML_SEND_BUFFERED  /* MPI_Bsend: copied into the attached buffer */
} oml_send_mode_t;

typedef struct oml_request {
    oml_tp_req_t tp;
    int kind; /* OML_TP_REQ_SEND or OML_TP_REQ_RECV */
    bool proc_null;
    bool persistent; /* from *_init: survives completion, restarted by MPI_Start */
    bool active;     /* persistent: started and not yet completed by a wait or test */
    bool cancelled;
    oml_comm_t *comm;
    /* what MPI_Start needs */
    oml_send_mode_t mode;
    void *buf;
    size_t len;
    int peer, tag;
    struct oml_request *next; /* freed by MPI_Request_free while in flight */
} oml_request_t;

/* Buffered sends (oml_bsend.c): copies len bytes of buf and sends them in the background. */
int oml_bsend_start(const char *fn, oml_comm_t *c, const void *buf, size_t len, int dest, int tag);
/* Completes every buffered send and every request freed while in flight (MPI_Finalize). */
void oml_pt2pt_drain(void);
/* Releases requests freed while in flight that have completed since. */
void oml_pt2pt_reap(void);
/* Returns a request to the free list of requests. */
void oml_request_release(oml_request_t *r);
/* Frees the free list (MPI_Finalize, after oml_pt2pt_drain). */
void oml_request_pool_free(void);
/* Adds a request freed by MPI_Request_free while in flight. */
void oml_pt2pt_orphan(oml_request_t *r);

/* ---- errors ---- */

/*
 * Raises errclass on comm (NULL: MPI_COMM_WORLD) from function fn: under MPI_ERRORS_RETURN
 * returns errclass; otherwise prints the function, the error text, the rank and host, and ends
 * the job with errclass as the exit status.
 */
int oml_error(oml_comm_t *comm, int errclass, const char *fn, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Ends the process when MPI is not initialized, or already finalized. */
void oml_error_not_initialized(const char *fn);

#define OML_CHECK_INIT(fn)                                                                         \
    do {                                                                                           \
        if (__builtin_expect(!oml_global.initialized || oml_global.finalized, 0))                  \
            oml_error_not_initialized(fn);                                                         \
    } while (0)

/* Status helpers: the byte count lives in the internal fields. */
static inline void oml_status_set(MPI_Status *s, int source, int tag, int err, size_t bytes)
{
    if (s == MPI_STATUS_IGNORE)
        return;
    s->MPI_SOURCE = source;
    s->MPI_TAG = tag;
    s->MPI_ERROR = err;
    s->MPI_internal[0] = (int)(bytes & 0x7fffffff);
    s->MPI_internal[1] = (int)(bytes >> 31);
    s->MPI_internal[2] = 0;
}

static inline size_t oml_status_bytes(const MPI_Status *s)
{
    return (size_t)(unsigned)s->MPI_internal[0] | ((size_t)(unsigned)s->MPI_internal[1] << 31);
}

#endif /* OML_IMPL_H */
