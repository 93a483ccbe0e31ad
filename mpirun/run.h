/*
 * mpirun/run.h: the launcher's internal interface.
 */
#ifndef OML_RUN_H
#define OML_RUN_H

#include "mpirun/map.h"

#include <stdbool.h>

typedef struct oml_run_opts {
    int np;                /* ranks to start; 0: fill the hosts' slots or the ppr pattern */
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
    const char *program; /* resolved path of the executable */
    char **argv;         /* argv of the ranks, argv[0] as the user typed it */
} oml_run_opts_t;

/* Parses the command line; prints a one-line error and exits non-zero on bad input. */
void oml_run_parse(int argc, char **argv, oml_run_opts_t *opts);

/* Runs the job (on this node and through daemons on the others); returns the exit status. */
int oml_run_job(const oml_run_opts_t *opts);

#endif /* OML_RUN_H */
