/*
 * mpirun/map.h: the launcher's pure logic: host lists (hostfile, -H), node topologies as the
 * daemons report them, and the map of ranks to hosts and cpus. Nothing here touches the
 * system, so tests/unit/test_map.c runs it on synthetic topologies.
 */
#ifndef OML_RUN_MAP_H
#define OML_RUN_MAP_H

#include <stdbool.h>
#include <stddef.h>

#define OML_RUN_MAX_PUS 4096 /* highest PU os index + 1 that a binding can name */

/* One core: its package, its NUMA node and the os indexes of its hardware threads. */
typedef struct oml_run_core {
    int pkg;
    int numa;
    int npus;
    int *pus;
} oml_run_core_t;

/* A node's topology, cores in hwloc's logical order. */
typedef struct oml_run_topo {
    int ncores;
    int npkgs;
    int nnumas;
    oml_run_core_t *cores;
} oml_run_topo_t;

/* A host the job may use, as the hostfile or -H names it. */
typedef struct oml_run_host {
    char *name; /* as ssh reaches it, "user@" removed */
    char *dest; /* what the launch agent is given: "user@name" or name */
    int slots;  /* -1 until known: the host's core count, once its topology is in */
    bool slots_given;
    int max_slots; /* 0: no limit */
    bool local;    /* mpirun's own node: its ranks start without a daemon */
    oml_run_topo_t topo;
} oml_run_host_t;

typedef struct oml_run_hosts {
    oml_run_host_t *v;
    int n;
} oml_run_hosts_t;

/*
 * Adds the hosts of an Open MPI hostfile: one host per line, "name [slots=N] [max_slots=M]"
 * (also slots:N, count=N, cpu=N, max-slots), "#" comments, blank lines; a host listed again
 * adds its slots. A host without slots= gets its core count (Open MPI's rule). On error
 * returns -1 with a message naming the file and line in err.
 */
int oml_run_hostfile_parse(const char *path, oml_run_hosts_t *hosts, char *err, size_t errlen);

/* The same for one line of such a file (text without its newline); file and line for err. */
int oml_run_hostfile_line(const char *line, const char *file, int lineno, oml_run_hosts_t *hosts,
                          char *err, size_t errlen);

/* Adds the hosts of -H/--host: "a,b:4,a" (":N" slots, 1 without; a repeated host adds). */
int oml_run_hostlist_parse(const char *arg, oml_run_hosts_t *hosts, char *err, size_t errlen);

/* Releases what the hosts hold. */
void oml_run_hosts_free(oml_run_hosts_t *hosts);

/* Topology as text, for the daemon's hello: "ncores npkgs nnumas;pkg numa pu,pu;..." */
char *oml_run_topo_encode(const oml_run_topo_t *topo);
int oml_run_topo_decode(const char *text, oml_run_topo_t *topo);
void oml_run_topo_free(oml_run_topo_t *topo);

typedef enum {
    OML_RUN_MAP_SLOT = 0, /* fill each host's slots in turn (default) */
    OML_RUN_MAP_NODE,     /* one rank per host, round robin */
    OML_RUN_MAP_PPR       /* N ranks per node, package, NUMA node or core */
} oml_run_map_policy_t;

typedef enum {
    OML_RUN_OBJ_NODE = 0,
    OML_RUN_OBJ_PKG,
    OML_RUN_OBJ_NUMA,
    OML_RUN_OBJ_CORE
} oml_run_obj_t;

typedef enum {
    OML_RUN_BIND_DEFAULT = 0, /* core for 2 ranks or fewer, package above; none when
                                 a host has more ranks than cores */
    OML_RUN_BIND_NONE,
    OML_RUN_BIND_CORE,
    OML_RUN_BIND_PKG,
    OML_RUN_BIND_NUMA,
    OML_RUN_BIND_HWT
} oml_run_bind_t;

typedef enum { OML_RUN_RANK_DEFAULT = 0, OML_RUN_RANK_SLOT, OML_RUN_RANK_NODE } oml_run_rank_by_t;

typedef struct oml_run_map_opts {
    int np; /* 0: fill the pattern (sum of slots, or of ppr places) */
    oml_run_map_policy_t policy;
    int ppr_n;
    oml_run_obj_t ppr_obj;
    oml_run_rank_by_t rank_by;
    oml_run_bind_t bind;
    bool overload_allowed; /* --bind-to X:overload-allowed */
    bool oversubscribe;
    int pe; /* --map-by ...:PE=n (--cpus-per-rank n): cores per rank; 0 or 1: one */
} oml_run_map_opts_t;

/* Where one rank runs. */
typedef struct oml_run_place {
    int host;       /* index into the hosts */
    int local_rank; /* rank among the job's ranks on that host */
    char cpus[256]; /* os indexes it is bound to ("0-3,8"); empty: not bound */
    char what[64];  /* "core 3", "package 0", ...; empty: not bound */
} oml_run_place_t;

/*
 * Maps the job. Every host's topology must be known. On success returns an array of np
 * places (np set in *opts when it was 0), each host's rank count in counts_p (malloc'd), and
 * 0; on error -1 with the reason and the numbers in err.
 */
int oml_run_map(const oml_run_hosts_t *hosts, oml_run_map_opts_t *opts, oml_run_place_t **places_p,
                int **counts_p, char *err, size_t errlen);

/* Parses --map-by's value ("slot", "node", "ppr:2:node", "ppr:1:socket:oversubscribe",
 * "ppr:2:node:PE=4", ...). */
int oml_run_map_by_parse(const char *val, oml_run_map_opts_t *opts, char *err, size_t errlen);

/* Parses --bind-to's value ("core", "socket", "package", "numa", "hwthread", "none"). */
int oml_run_bind_to_parse(const char *val, oml_run_map_opts_t *opts, char *err, size_t errlen);

/* Parses --rank-by's value ("slot", "core", "node", "socket", "package"). */
int oml_run_rank_by_parse(const char *val, oml_run_map_opts_t *opts, char *err, size_t errlen);

#endif /* OML_RUN_MAP_H */
