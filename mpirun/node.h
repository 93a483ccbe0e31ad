/*
 * mpirun/node.h: the node server: PMIx server of one node's ranks, their start (bound between
 * fork and exec), their output, their exits. mpirun runs one for its own node's ranks, each
 * ompi-lite-daemon one for its host's; what the node sees goes up through oml_run_node_ops_t,
 * called on the thread of the event loop, never on PMIx's.
 */
#ifndef OML_RUN_NODE_H
#define OML_RUN_NODE_H

#include <event2/event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mpirun/link.h"

/* How a rank ended, as the node judged it. */
typedef enum {
    OML_RUN_EXIT_OK = 0,     /* status 0 after MPI_Finalize (or without MPI) */
    OML_RUN_EXIT_STATUS,     /* non-zero status: code */
    OML_RUN_EXIT_SIGNAL,     /* killed by signal code */
    OML_RUN_EXIT_NOFINALIZE, /* status 0 after MPI_Init but without MPI_Finalize */
} oml_run_exit_t;

/* One local rank of a launch. */
typedef struct oml_run_lrank {
    int rank;   /* job rank */
    char *cpus; /* binding as os indexes ("0-3,8"); empty: not bound */
    char *what; /* "core 3", ... for --report-bindings */
} oml_run_lrank_t;

/* One program of the job: ranks first .. first + np - 1 run it (several: an MPMD line, a : b). */
typedef struct oml_run_lapp {
    char *program; /* path of the executable */
    int first;
    int np;
    int argc;
    char **argv;
} oml_run_lapp_t;

/* What a node needs to start its part of the job; mpirun fills it, LAUNCH carries it. */
typedef struct oml_run_launch {
    char *nspace;
    int np;           /* ranks of the job */
    int nnodes;       /* nodes with ranks */
    int node_id;      /* this node's index among them */
    char **hostnames; /* by node id */
    int *rank_node;   /* node id of each job rank */
    int *rank_local;  /* local rank of each job rank */
    int nlocal;
    oml_run_lrank_t *local; /* by local rank */
    int nenv;
    char **env; /* NAME=value to set for the ranks (forwarded and -x variables) */
    char *cwd;  /* working directory of the ranks; "" keeps the node's */
    int napps;
    oml_run_lapp_t *apps; /* by application number (MPI_APPNUM), in rank order */
    bool report_bindings;
    bool stdin_from_link; /* rank 0 is here and reads what oml_run_node_stdin gives */
} oml_run_launch_t;

/* The application number (index into apps) of a job rank. */
int oml_run_app_of(const oml_run_launch_t *l, int rank);

/* Packs a launch into buf / unpacks one from it (pointers into freshly allocated memory). */
void oml_run_launch_pack(const oml_run_launch_t *l, oml_run_buf_t *buf);
int oml_run_launch_unpack(oml_run_buf_t *buf, oml_run_launch_t *l);
void oml_run_launch_free(oml_run_launch_t *l);

typedef struct oml_run_node_ops {
    /* Output of a rank: whole lines, or pieces of a line longer than the buffer. */
    void (*io)(int rank, int stream, const char *data, size_t len);
    void (*exited)(int rank, int pid, oml_run_exit_t how, int code);
    void (*aborted)(int rank, int status, const char *msg);
    /* The node's share of a fence (only when the job spans nodes); answer with fence_release. */
    void (*fence)(const char *data, size_t len);
    /* Every local rank has ended and its output is out. */
    void (*done)(void);
} oml_run_node_ops_t;

/*
 * Starts the PMIx server, registers the job and starts the node's ranks. The launch must
 * outlive the node. On error prints why (naming the host) and returns -1; ranks already
 * started are then ended by oml_run_node_kill.
 */
int oml_run_node_start(struct event_base *base, const oml_run_launch_t *launch,
                       const oml_run_node_ops_t *ops);

/* Ends every local rank: SIGTERM now, SIGKILL after a grace time (at once when hard). */
void oml_run_node_kill(bool hard);

/* Sends sig to every local rank (SIGUSR1 and the like, forwarded by mpirun). */
void oml_run_node_signal(int sig);

/* Bytes for rank 0's stdin; len 0 closes it. */
void oml_run_node_stdin(const void *data, size_t len);

/* Completes the oldest pending fence with every node's data. */
void oml_run_node_fence_release(const char *data, size_t len);

/* True when every rank has ended and its output is flushed. */
bool oml_run_node_done(void);

/* Stops the PMIx server and removes the job's files on this node. */
void oml_run_node_finalize(void);

/* Loads this node's topology with hwloc; returns -1 when hwloc fails. */
struct oml_run_topo;
int oml_run_topo_load(struct oml_run_topo *topo);

#endif /* OML_RUN_NODE_H */
