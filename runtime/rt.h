/*
 * runtime/rt.h: the runtime layer's interface (PMIx client wire-up).
 *
 * The lowest layer: it knows the job (rank, size, locality), moves business cards between
 * processes (the modex) and ends the job on abort. Without a PMIx server it runs the process as
 * a singleton of size 1. It also defines oml_status_t, the status type of every layer.
 */
#ifndef OML_RT_H
#define OML_RT_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    OML_OK = 0,
    OML_INPROGRESS = 1,
    OML_ERR_NOMEM = -1,
    OML_ERR_ARG = -2,
    OML_ERR_NOT_FOUND = -3,
    OML_ERR_TRUNCATE = -4,
    OML_ERR_FABRIC = -5,
    OML_ERR_RUNTIME = -6,
    OML_ERR_UNSUPPORTED = -7,
    OML_ERR_INTERNAL = -8,
    OML_ERR_CANCELLED = -9
} oml_status_t;

/* What the runtime knows of the job, valid between oml_rt_init and oml_rt_finalize. */
typedef struct oml_rt_job {
    int rank;         /* this process's rank in the job */
    int size;         /* number of processes in the job */
    int local_rank;   /* rank among the processes of this node */
    int local_size;   /* number of processes of the job on this node */
    uint32_t node_id; /* index of this node in the job */
    int *local_peers; /* job ranks of this node's processes, by local rank (local_size of them) */
    int singleton;    /* 1 when started without a launcher */
    int appnum;       /* which program of an MPMD line (a : b) this is, from 0 (MPI_APPNUM) */
    char hostname[256];
    char nspace[256];
} oml_rt_job_t;

extern oml_rt_job_t oml_rt_job;

/* Connects to the PMIx server named by the environment, or sets up a singleton. */
oml_status_t oml_rt_init(void);

/* Disconnects from the PMIx server. */
oml_status_t oml_rt_finalize(void);

/* Publishes a blob under key for every other process (visible after commit + fence). */
oml_status_t oml_rt_put(const char *key, const void *data, size_t len);

/* Pushes what was put to the server. */
oml_status_t oml_rt_commit(void);

/* Barrier across the job; when collect is non-zero, every put blob becomes readable. */
oml_status_t oml_rt_fence(int collect);

/*
 * Starts a fence among all ranks without data and returns at once; *done becomes nonzero when
 * every rank has entered it. For callers that must keep driving their own progress meanwhile
 * (a peer may still need our packets). Returns an error when the fence cannot be started.
 */
oml_status_t oml_rt_fence_start(volatile int *done);

/*
 * Reads the blob that rank put under key. On success *data_p is malloc'd (caller frees) and
 * *len_p is its length.
 */
oml_status_t oml_rt_get(int rank, const char *key, void **data_p, size_t *len_p);

/* Ends the whole job with status code; msg is shown by the launcher. Does not return. */
void oml_rt_abort(int code, const char *msg) __attribute__((noreturn));

/*
 * The node of every job rank, by job rank (oml_rt_job.size entries): equal numbers mean the
 * same node. Read from the launcher's job data (PMIX_NODEID, else PMIX_HOSTNAME) on the first
 * call; NULL when the launcher gave neither for some rank, or out of memory.
 */
const uint32_t *oml_rt_node_ids(void);

/*
 * The name of this node's shared-memory segment for the job, /oml-<job>-<node><suffix> (the
 * namespace made safe for a file name): the node daemon removes every /dev/shm/oml-<job>-<node>
 * and oml-<job>-<node>-* that a dead job leaves.
 */
void oml_rt_shm_name(char *out, size_t len, const char *suffix);

/* Returns a string for a status code. */
const char *oml_status_string(oml_status_t st);

#endif /* OML_RT_H */
