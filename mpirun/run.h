/*
 * mpirun/run.h: the launcher's internal interface.
 */
#ifndef OML_RUN_H
#define OML_RUN_H

#include "mpirun/map.h"

#include <stdbool.h>

/* One program of the command line; several for an MPMD line (mpirun -n 4 a : -n 2 b). */
typedef struct oml_run_app {
    int np;              /* its -n; 0: not given */
    const char *program; /* resolved path of the executable */
    char **argv;         /* argv of its ranks, argv[0] as the user typed it; NULL-terminated */
} oml_run_app_t;

typedef struct oml_run_opts {
    int np; /* ranks to start (every program's); 0: fill the slots or the ppr pattern */
    oml_run_hosts_t hosts; /* from --hostfile and -H; none: this node alone */
    oml_run_map_opts_t map;
    bool report_bindings;
    const char *agent; /* launch agent for other hosts ("ssh ...") */
    bool oversubscribe;
    bool allow_root;
    bool tag_output;
    int timeout_s; /* 0: none */
    char **xvars;  /* -x VAR or VAR=value */
    int nxvars;
    oml_run_app_t *apps; /* in rank order: ranks of apps[0] first (MPI_APPNUM 0), ... */
    int napps;
} oml_run_opts_t;

/* Parses the command line; prints a one-line error and exits non-zero on bad input. */
void oml_run_parse(int argc, char **argv, oml_run_opts_t *opts);

/* Runs the job (on this node and through daemons on the others); returns the exit status. */
int oml_run_job(const oml_run_opts_t *opts);

#endif /* OML_RUN_H */
