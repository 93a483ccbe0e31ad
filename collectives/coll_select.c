/*
 * collectives/coll_select.c: algorithms forced by the environment.
 *
 * OMPI_LITE_COLL_<COLLECTIVE>=<algorithm> makes every call of that collective use the named
 * algorithm (where it applies: recursive doubling needs a power of two for allgather, the
 * ring a commutative operator for allreduce, otherwise the nearest valid one is used;
 * node_aware needs ranks on several nodes with some sharing one, otherwise the choice is
 * automatic), for benchmarking and for users who know their network. A flat algorithm named
 * here is used even where node_aware would be chosen. Unset or "auto": chosen by size and
 * layout.
 */
#include "collectives/coll_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLL_MAX_ALGS 5

/* Names in the order of each collective's algorithm enum. */
static const struct {
    const char *var;
    const char *names[COLL_MAX_ALGS];
} coll_algs[OML_COLL_NKINDS] = {
    [OML_COLL_BARRIER] = {"OMPI_LITE_COLL_BARRIER", {"dissemination", "node_aware"}},
    [OML_COLL_BCAST] = {"OMPI_LITE_COLL_BCAST", {"binomial", "scatter_allgather", "node_aware"}},
    [OML_COLL_REDUCE] = {"OMPI_LITE_COLL_REDUCE", {"binomial", "rabenseifner", "node_aware"}},
    [OML_COLL_ALLREDUCE] = {"OMPI_LITE_COLL_ALLREDUCE",
                            {"recursive_doubling", "rabenseifner", "ring", "node_aware",
                             "node_chunked"}},
    [OML_COLL_ALLGATHER] = {"OMPI_LITE_COLL_ALLGATHER",
                            {"recursive_doubling", "bruck", "ring", "node_aware"}},
    [OML_COLL_ALLTOALL] = {"OMPI_LITE_COLL_ALLTOALL", {"bruck", "posted", "pairwise"}},
    [OML_COLL_GATHER] = {"OMPI_LITE_COLL_GATHER", {"binomial", "linear", "node_aware"}},
    [OML_COLL_SCATTER] = {"OMPI_LITE_COLL_SCATTER", {"binomial", "linear", "node_aware"}},
    [OML_COLL_REDUCE_SCATTER] = {"OMPI_LITE_COLL_REDUCE_SCATTER", {"pairwise"}},
};

static int coll_forced[OML_COLL_NKINDS];

oml_status_t oml_coll_init(char *err, size_t errlen)
{
    for (int k = 0; k < OML_COLL_NKINDS; k++) {
        coll_forced[k] = -1;
        const char *v = getenv(coll_algs[k].var);
        if (v == NULL || *v == '\0' || strcmp(v, "auto") == 0)
            continue;
        for (int i = 0; i < COLL_MAX_ALGS && coll_algs[k].names[i] != NULL; i++) {
            if (strcmp(v, coll_algs[k].names[i]) == 0)
                coll_forced[k] = i;
        }
        if (coll_forced[k] < 0) {
            int n = snprintf(err, errlen, "%s=%s names no algorithm; valid values: auto",
                             coll_algs[k].var, v);
            for (int i = 0;
                 i < COLL_MAX_ALGS && coll_algs[k].names[i] != NULL && n > 0 && (size_t)n < errlen;
                 i++)
                n += snprintf(err + n, errlen - (size_t)n, ", %s", coll_algs[k].names[i]);
            return OML_ERR_ARG;
        }
    }
    return OML_OK;
}

int oml_coll_forced(oml_coll_kind_t kind)
{
    return coll_forced[kind];
}
