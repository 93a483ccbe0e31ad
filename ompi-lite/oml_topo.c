/*
 * ompi-lite/oml_topo.c: virtual topologies (Cartesian, graph, distributed graph) and the
 * neighborhood collectives over them.
 *
 * Ranks are never reordered (reorder is accepted and ignored): rank i of the new
 * communicator is rank i of the old one. Cartesian coordinates are row-major.
 *
 * Neighbors. Cartesian: for each dimension the -1 then the +1 neighbor (MPI_PROC_NULL at a
 * non-periodic edge), for sending and receiving alike. A block sent to the -1 neighbor
 * arrives in that neighbor's +1 slot, so the exchange tags each message with the slot it
 * lands in: correct even when both neighbors are the same process (a periodic dimension of
 * size 1 or 2). Graph: the adjacency list. Distributed graph: the sources and destinations.
 */
#include "oml_impl.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct oml_topo {
    int kind;
    /* Cartesian */
    int ndims;
    int *dims, *periods;
    /* graph */
    int nnodes, nedges;
    int *index, *edges;
    /* distributed graph */
    int indeg, outdeg;
    int *in, *inw, *out, *outw;
    bool weighted;
};

static int *topo_ints(const int *src, int n)
{
    int *p = malloc((size_t)(n > 0 ? n : 1) * sizeof(int));
    if (p != NULL && n > 0 && src != NULL)
        memcpy(p, src, (size_t)n * sizeof(int));
    return p;
}

void oml_topo_free(oml_topo_t *t)
{
    if (t == NULL)
        return;
    free(t->dims);
    free(t->periods);
    free(t->index);
    free(t->edges);
    free(t->in);
    free(t->inw);
    free(t->out);
    free(t->outw);
    free(t);
}

/* A topology with copies of the given arrays; NULL when out of memory. */
static oml_topo_t *topo_new(const oml_topo_t *src)
{
    oml_topo_t *t = calloc(1, sizeof(*t));
    if (t == NULL)
        return NULL;
    *t = *src;
    t->dims = topo_ints(src->dims, src->ndims);
    t->periods = topo_ints(src->periods, src->ndims);
    t->index = topo_ints(src->index, src->nnodes);
    t->edges = topo_ints(src->edges, src->nedges);
    t->in = topo_ints(src->in, src->indeg);
    t->inw = topo_ints(src->inw, src->indeg);
    t->out = topo_ints(src->out, src->outdeg);
    t->outw = topo_ints(src->outw, src->outdeg);
    if (!t->dims || !t->periods || !t->index || !t->edges || !t->in || !t->inw || !t->out ||
        !t->outw) {
        oml_topo_free(t);
        return NULL;
    }
    return t;
}

oml_topo_t *oml_topo_dup(const oml_topo_t *t)
{
    return t != NULL ? topo_new(t) : NULL;
}

static int topo_comm(const char *fn, MPI_Comm comm, oml_comm_t **c_p)
{
    OML_CHECK_INIT(fn);
    *c_p = oml_comm_get(comm);
    if (*c_p == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator");
    return MPI_SUCCESS;
}

/* The communicator a topology is made for or mapped onto: an intracommunicator. */
static int topo_intra(const char *fn, MPI_Comm comm, oml_comm_t **c_p)
{
    int rc = topo_comm(fn, comm, c_p);
    if (rc == MPI_SUCCESS && (*c_p)->inter)
        return oml_error(*c_p, MPI_ERR_COMM, fn,
                         "an intercommunicator cannot have a topology; pass an intracommunicator");
    return rc;
}

/* The topology of c of the given kind (0: any), or an error. */
static int topo_of(const char *fn, oml_comm_t *c, int kind, oml_topo_t **t_p)
{
    oml_topo_t *t = c->topo;
    *t_p = t;
    if (t == NULL || (kind != 0 && t->kind != kind))
        return oml_error(c, MPI_ERR_TOPOLOGY, fn, "the communicator has no %s topology",
                         kind == MPI_CART    ? "Cartesian"
                         : kind == MPI_GRAPH ? "graph"
                         : kind == 0         ? "virtual"
                                             : "distributed graph");
    *t_p = t;
    return MPI_SUCCESS;
}

/* A communicator of the first n ranks of c (the others get MPI_COMM_NULL) carrying t. */
static int topo_make_comm(const char *fn, oml_comm_t *c, int n, const oml_topo_t *t, MPI_Comm *out)
{
    int me = c->pt2pt.rank;
    int rank = me < n ? me : -1;
    int *world = NULL;
    if (rank >= 0) {
        if ((world = malloc((size_t)(n > 0 ? n : 1) * sizeof(int))) == NULL)
            return oml_error(c, MPI_ERR_NO_MEM, fn, "out of memory");
        for (int i = 0; i < n; i++)
            world[i] = c->pt2pt.world != NULL ? c->pt2pt.world[i] : i;
    }
    oml_comm_t *nc;
    int rc = oml_comm_make(fn, c, world, n, rank, false, 0, &nc);
    if (rc != MPI_SUCCESS)
        return rc;
    if (nc == NULL) {
        *out = MPI_COMM_NULL;
        return MPI_SUCCESS;
    }
    if ((nc->topo = topo_new(t)) == NULL) {
        oml_comm_release(nc);
        return oml_error(c, MPI_ERR_NO_MEM, fn, "out of memory");
    }
    *out = (MPI_Comm)nc;
    return MPI_SUCCESS;
}

/* ---- Cartesian ---- */

static int cart_get(const char *fn, MPI_Comm comm, oml_comm_t **c_p, oml_topo_t **t_p)
{
    int rc = topo_comm(fn, comm, c_p);
    return rc != MPI_SUCCESS ? rc : topo_of(fn, *c_p, MPI_CART, t_p);
}

static int cart_check_dims(const char *fn, oml_comm_t *c, int ndims, const int dims[], long *prod_p)
{
    if (ndims < 0 || (ndims > 0 && dims == NULL))
        return oml_error(c, MPI_ERR_DIMS, fn, "ndims is %d or dims is NULL", ndims);
    long prod = 1;
    for (int i = 0; i < ndims; i++) {
        if (dims[i] <= 0)
            return oml_error(c, MPI_ERR_DIMS, fn, "dims[%d] is %d; it must be > 0", i, dims[i]);
        prod *= dims[i];
        if (prod > c->pt2pt.size)
            return oml_error(c, MPI_ERR_DIMS, fn,
                             "the grid needs more processes than the communicator's %d",
                             c->pt2pt.size);
    }
    *prod_p = prod;
    return MPI_SUCCESS;
}

OML_API int PMPI_Cart_create(MPI_Comm comm_old, int ndims, const int dims[], const int periods[],
                             int reorder, MPI_Comm *comm_cart)
{
    static const char fn[] = "MPI_Cart_create";
    (void)reorder;
    oml_comm_t *c;
    long prod;
    if (comm_cart != NULL) /* what a failed call leaves, as in MPICH */
        *comm_cart = MPI_COMM_NULL;
    int rc = topo_intra(fn, comm_old, &c);
    if (rc == MPI_SUCCESS)
        rc = cart_check_dims(fn, c, ndims, dims, &prod);
    if (rc != MPI_SUCCESS)
        return rc;
    if (comm_cart == NULL || (ndims > 0 && periods == NULL))
        return oml_error(c, MPI_ERR_ARG, fn, "comm_cart or periods is NULL");
    int per[ndims > 0 ? ndims : 1];
    for (int i = 0; i < ndims; i++)
        per[i] = periods[i] != 0;
    oml_topo_t t = {.kind = MPI_CART, .ndims = ndims, .dims = (int *)dims, .periods = per};
    return topo_make_comm(fn, c, (int)prod, &t, comm_cart);
}
OML_ALIAS(Cart_create)

OML_API int PMPI_Cartdim_get(MPI_Comm comm, int *ndims)
{
    oml_comm_t *c;
    oml_topo_t *t;
    int rc = cart_get("MPI_Cartdim_get", comm, &c, &t);
    if (rc != MPI_SUCCESS)
        return rc;
    if (ndims == NULL)
        return oml_error(c, MPI_ERR_ARG, "MPI_Cartdim_get", "ndims is NULL");
    *ndims = t->ndims;
    return MPI_SUCCESS;
}
OML_ALIAS(Cartdim_get)

static void cart_coords(const oml_topo_t *t, int rank, int *coords, int maxdims)
{
    for (int i = t->ndims - 1; i >= 0; i--) {
        if (i < maxdims)
            coords[i] = rank % t->dims[i];
        rank /= t->dims[i];
    }
}

OML_API int PMPI_Cart_get(MPI_Comm comm, int maxdims, int dims[], int periods[], int coords[])
{
    static const char fn[] = "MPI_Cart_get";
    oml_comm_t *c;
    oml_topo_t *t;
    int rc = cart_get(fn, comm, &c, &t);
    if (rc != MPI_SUCCESS)
        return rc;
    if (maxdims < 0 || (maxdims > 0 && (dims == NULL || periods == NULL || coords == NULL)))
        return oml_error(c, MPI_ERR_ARG, fn, "maxdims is %d or an array is NULL", maxdims);
    for (int i = 0; i < t->ndims && i < maxdims; i++) {
        dims[i] = t->dims[i];
        periods[i] = t->periods[i];
    }
    cart_coords(t, c->pt2pt.rank, coords, maxdims);
    return MPI_SUCCESS;
}
OML_ALIAS(Cart_get)

/* Rank of coords (wrapped in periodic dimensions), or -1 outside a non-periodic one. */
static int cart_rank(const oml_topo_t *t, const int *coords, int *bad_dim)
{
    int rank = 0;
    for (int i = 0; i < t->ndims; i++) {
        int x = coords[i], d = t->dims[i];
        if (t->periods[i])
            x = ((x % d) + d) % d;
        else if (x < 0 || x >= d) {
            *bad_dim = i;
            return -1;
        }
        rank = rank * d + x;
    }
    return rank;
}

OML_API int PMPI_Cart_rank(MPI_Comm comm, const int coords[], int *rank)
{
    static const char fn[] = "MPI_Cart_rank";
    oml_comm_t *c;
    oml_topo_t *t;
    int rc = cart_get(fn, comm, &c, &t);
    if (rc != MPI_SUCCESS)
        return rc;
    if (rank == NULL || (t->ndims > 0 && coords == NULL))
        return oml_error(c, MPI_ERR_ARG, fn, "coords or rank is NULL");
    int bad = 0, r = cart_rank(t, coords, &bad);
    if (r < 0)
        return oml_error(c, MPI_ERR_ARG, fn,
                         "coordinate %d of dimension %d is outside 0..%d and the dimension is "
                         "not periodic",
                         coords[bad], bad, t->dims[bad] - 1);
    *rank = r;
    return MPI_SUCCESS;
}
OML_ALIAS(Cart_rank)

OML_API int PMPI_Cart_coords(MPI_Comm comm, int rank, int maxdims, int coords[])
{
    static const char fn[] = "MPI_Cart_coords";
    oml_comm_t *c;
    oml_topo_t *t;
    int rc = cart_get(fn, comm, &c, &t);
    if (rc != MPI_SUCCESS)
        return rc;
    if (rank < 0 || rank >= c->pt2pt.size)
        return oml_error(c, MPI_ERR_RANK, fn, "rank %d is not in the communicator (size %d)", rank,
                         c->pt2pt.size);
    if (maxdims < t->ndims || (maxdims > 0 && coords == NULL))
        return oml_error(c, MPI_ERR_ARG, fn, "maxdims is %d but the grid has %d dimensions",
                         maxdims, t->ndims);
    cart_coords(t, rank, coords, maxdims);
    return MPI_SUCCESS;
}
OML_ALIAS(Cart_coords)

/* The rank disp steps along direction from rank, or MPI_PROC_NULL off a non-periodic edge. */
static int cart_step(const oml_topo_t *t, int rank, int direction, int disp)
{
    int coords[t->ndims > 0 ? t->ndims : 1];
    cart_coords(t, rank, coords, t->ndims);
    coords[direction] += disp;
    int bad, r = cart_rank(t, coords, &bad);
    return r < 0 ? MPI_PROC_NULL : r;
}

OML_API int PMPI_Cart_shift(MPI_Comm comm, int direction, int disp, int *rank_source,
                            int *rank_dest)
{
    static const char fn[] = "MPI_Cart_shift";
    oml_comm_t *c;
    oml_topo_t *t;
    int rc = cart_get(fn, comm, &c, &t);
    if (rc != MPI_SUCCESS)
        return rc;
    if (direction < 0 || direction >= t->ndims)
        return oml_error(c, MPI_ERR_ARG, fn, "direction %d is not in 0..%d", direction,
                         t->ndims - 1);
    if (rank_source == NULL || rank_dest == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "rank_source or rank_dest is NULL");
    *rank_source = cart_step(t, c->pt2pt.rank, direction, -disp);
    *rank_dest = cart_step(t, c->pt2pt.rank, direction, disp);
    return MPI_SUCCESS;
}
OML_ALIAS(Cart_shift)

OML_API int PMPI_Cart_sub(MPI_Comm comm, const int remain_dims[], MPI_Comm *newcomm)
{
    static const char fn[] = "MPI_Cart_sub";
    oml_comm_t *c;
    oml_topo_t *t;
    int rc = cart_get(fn, comm, &c, &t);
    if (rc != MPI_SUCCESS)
        return rc;
    if (newcomm == NULL || (t->ndims > 0 && remain_dims == NULL))
        return oml_error(c, MPI_ERR_ARG, fn, "remain_dims or newcomm is NULL");
    int n = t->ndims, coords[n > 0 ? n : 1], sub_dims[n > 0 ? n : 1], sub_per[n > 0 ? n : 1];
    cart_coords(t, c->pt2pt.rank, coords, n);
    int color = 0, key = 0, k = 0;
    for (int i = 0; i < n; i++) {
        if (remain_dims[i]) {
            key = key * t->dims[i] + coords[i];
            sub_dims[k] = t->dims[i];
            sub_per[k++] = t->periods[i];
        } else {
            color = color * t->dims[i] + coords[i];
        }
    }
    if ((rc = PMPI_Comm_split(comm, color, key, newcomm)) != MPI_SUCCESS)
        return rc;
    oml_comm_t *nc = oml_comm_get(*newcomm);
    oml_topo_t sub = {.kind = MPI_CART, .ndims = k, .dims = sub_dims, .periods = sub_per};
    if ((nc->topo = topo_new(&sub)) == NULL)
        return oml_error(c, MPI_ERR_NO_MEM, fn, "out of memory");
    return MPI_SUCCESS;
}
OML_ALIAS(Cart_sub)

OML_API int PMPI_Cart_map(MPI_Comm comm, int ndims, const int dims[], const int periods[],
                          int *newrank)
{
    static const char fn[] = "MPI_Cart_map";
    (void)periods;
    oml_comm_t *c;
    long prod;
    int rc = topo_intra(fn, comm, &c);
    if (rc == MPI_SUCCESS)
        rc = cart_check_dims(fn, c, ndims, dims, &prod);
    if (rc != MPI_SUCCESS)
        return rc;
    if (newrank == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "newrank is NULL");
    *newrank = c->pt2pt.rank < prod ? c->pt2pt.rank : MPI_UNDEFINED;
    return MPI_SUCCESS;
}
OML_ALIAS(Cart_map)

/*
 * The most balanced split of a count into k factors (MPI's "as close to each other as
 * possible"): the smallest difference between the largest and the smallest factor, then the
 * largest smallest factor, then the largest second smallest, and so on (so 13x9x8x6, not
 * 13x12x6x6; the choices MPICH makes too). A depth-first search over the
 * non-increasing factorizations, from the divisors of the count (div[0..ndiv-1], ascending),
 * that stops a branch once its spread exceeds the best found.
 */
typedef struct dims_search {
    const long *div;
    int ndiv, k;
    int *cur, *best;
    bool found;
} dims_search_t;

/* How far the best split so far spreads; a bound no split passes before one is found. */
static long dims_best_spread(const dims_search_t *s)
{
    return s->found ? s->best[0] - s->best[s->k - 1] : LONG_MAX;
}

static bool dims_better(const dims_search_t *s)
{
    long spread = s->cur[0] - s->cur[s->k - 1], best = dims_best_spread(s);
    if (spread != best)
        return spread < best;
    for (int i = s->k - 1; i >= 0; i--) {
        if (s->cur[i] != s->best[i])
            return s->cur[i] > s->best[i];
    }
    return false;
}

/* Factor i onwards of m, each <= cap. */
static void dims_search(dims_search_t *s, long m, int i, long cap)
{
    int left = s->k - i;
    if (left == 1) {
        if (m > cap || s->cur[0] - m > dims_best_spread(s))
            return;
        s->cur[i] = (int)m;
        if (dims_better(s)) {
            memcpy(s->best, s->cur, (size_t)s->k * sizeof(int));
            s->found = true;
        }
        return;
    }
    for (int j = s->ndiv - 1; j >= 0; j--) {
        long d = s->div[j], p = 1;
        if (d > cap || m % d != 0)
            continue;
        if (i > 0 && s->cur[0] - d > dims_best_spread(s))
            break; /* smaller factors only widen the spread */
        int n = 0;
        for (; n < left && p < m; n++)
            p *= d;
        if (p < m) /* left factors of at most d cannot make m */
            break;
        s->cur[i] = (int)d;
        dims_search(s, m / d, i + 1, d);
    }
}

OML_API int PMPI_Dims_create(int nnodes, int ndims, int dims[])
{
    static const char fn[] = "MPI_Dims_create";
    if (nnodes <= 0 || ndims < 0 || (ndims > 0 && dims == NULL))
        return oml_error(NULL, MPI_ERR_ARG, fn, "nnodes is %d, ndims %d: both must be positive",
                         nnodes, ndims);
    long fixed = 1;
    int nfree = 0;
    for (int i = 0; i < ndims; i++) {
        if (dims[i] < 0)
            return oml_error(NULL, MPI_ERR_DIMS, fn, "dims[%d] is %d; it must be >= 0", i, dims[i]);
        if (dims[i] > 0)
            fixed *= dims[i];
        else
            nfree++;
    }
    if (nnodes % fixed != 0)
        return oml_error(NULL, MPI_ERR_DIMS, fn,
                         "%d processes cannot be split with the fixed dimensions (product %ld)",
                         nnodes, fixed);
    int rest = (int)(nnodes / fixed);
    if (nfree == 0) {
        if (rest != 1)
            return oml_error(NULL, MPI_ERR_DIMS, fn,
                             "every dimension is fixed but their product is not %d", nnodes);
        return MPI_SUCCESS;
    }
    /* the divisors of rest, ascending (at most 1600 below 2^31) */
    long *div = malloc(2 * 1600 * sizeof(long));
    int ndiv = 0, nhigh = 0;
    if (div == NULL)
        return oml_error(NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    long *high = div + 1600;
    for (long d = 1; d * d <= rest; d++) {
        if (rest % d == 0) {
            div[ndiv++] = d;
            if (d * d != rest)
                high[nhigh++] = rest / d;
        }
    }
    while (nhigh > 0)
        div[ndiv++] = high[--nhigh];
    int freed[nfree], cur[nfree];
    dims_search_t search = {div, ndiv, nfree, cur, freed, false};
    dims_search(&search, rest, 0, rest); /* 1 x 1 x ... x rest always fits */
    free(div);
    for (int i = 0, k = 0; i < ndims; i++) {
        if (dims[i] == 0)
            dims[i] = freed[k++];
    }
    return MPI_SUCCESS;
}
OML_ALIAS(Dims_create)

OML_API int PMPI_Topo_test(MPI_Comm comm, int *status)
{
    oml_comm_t *c;
    int rc = topo_comm("MPI_Topo_test", comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (status == NULL)
        return oml_error(c, MPI_ERR_ARG, "MPI_Topo_test", "status is NULL");
    *status = c->topo != NULL ? c->topo->kind : MPI_UNDEFINED;
    return MPI_SUCCESS;
}
OML_ALIAS(Topo_test)

/* ---- graph ---- */

OML_API int PMPI_Graph_create(MPI_Comm comm_old, int nnodes, const int index[], const int edges[],
                              int reorder, MPI_Comm *comm_graph)
{
    static const char fn[] = "MPI_Graph_create";
    (void)reorder;
    oml_comm_t *c;
    int rc = topo_intra(fn, comm_old, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (comm_graph == NULL || nnodes < 0 || nnodes > c->pt2pt.size ||
        (nnodes > 0 && (index == NULL || edges == NULL)))
        return oml_error(c, MPI_ERR_ARG, fn,
                         "nnodes is %d (communicator size %d) or an array is NULL", nnodes,
                         c->pt2pt.size);
    int nedges = nnodes > 0 ? index[nnodes - 1] : 0;
    for (int i = 0; i < nnodes; i++) {
        if (index[i] < (i > 0 ? index[i - 1] : 0))
            return oml_error(c, MPI_ERR_ARG, fn, "index[%d] = %d decreases", i, index[i]);
    }
    for (int i = 0; i < nedges; i++) {
        if (edges[i] < 0 || edges[i] >= nnodes)
            return oml_error(c, MPI_ERR_TOPOLOGY, fn, "edges[%d] = %d is not a node (0..%d)", i,
                             edges[i], nnodes - 1);
    }
    oml_topo_t t = {.kind = MPI_GRAPH,
                    .nnodes = nnodes,
                    .nedges = nedges,
                    .index = (int *)index,
                    .edges = (int *)edges};
    return topo_make_comm(fn, c, nnodes, &t, comm_graph);
}
OML_ALIAS(Graph_create)

static int graph_get(const char *fn, MPI_Comm comm, oml_comm_t **c_p, oml_topo_t **t_p)
{
    int rc = topo_comm(fn, comm, c_p);
    return rc != MPI_SUCCESS ? rc : topo_of(fn, *c_p, MPI_GRAPH, t_p);
}

OML_API int PMPI_Graphdims_get(MPI_Comm comm, int *nnodes, int *nedges)
{
    oml_comm_t *c;
    oml_topo_t *t;
    int rc = graph_get("MPI_Graphdims_get", comm, &c, &t);
    if (rc != MPI_SUCCESS)
        return rc;
    if (nnodes == NULL || nedges == NULL)
        return oml_error(c, MPI_ERR_ARG, "MPI_Graphdims_get", "nnodes or nedges is NULL");
    *nnodes = t->nnodes;
    *nedges = t->nedges;
    return MPI_SUCCESS;
}
OML_ALIAS(Graphdims_get)

OML_API int PMPI_Graph_get(MPI_Comm comm, int maxindex, int maxedges, int index[], int edges[])
{
    oml_comm_t *c;
    oml_topo_t *t;
    int rc = graph_get("MPI_Graph_get", comm, &c, &t);
    if (rc != MPI_SUCCESS)
        return rc;
    if ((maxindex > 0 && index == NULL) || (maxedges > 0 && edges == NULL))
        return oml_error(c, MPI_ERR_ARG, "MPI_Graph_get", "index or edges is NULL");
    for (int i = 0; i < t->nnodes && i < maxindex; i++)
        index[i] = t->index[i];
    for (int i = 0; i < t->nedges && i < maxedges; i++)
        edges[i] = t->edges[i];
    return MPI_SUCCESS;
}
OML_ALIAS(Graph_get)

/* Neighbors of rank in a graph topology: *first and *n into t->edges. */
static int graph_neighbors(const char *fn, oml_comm_t *c, const oml_topo_t *t, int rank, int *first,
                           int *n)
{
    if (rank < 0 || rank >= t->nnodes)
        return oml_error(c, MPI_ERR_RANK, fn, "rank %d is not a node of the graph (0..%d)", rank,
                         t->nnodes - 1);
    *first = rank > 0 ? t->index[rank - 1] : 0;
    *n = t->index[rank] - *first;
    return MPI_SUCCESS;
}

OML_API int PMPI_Graph_neighbors_count(MPI_Comm comm, int rank, int *nneighbors)
{
    static const char fn[] = "MPI_Graph_neighbors_count";
    oml_comm_t *c;
    oml_topo_t *t;
    int first, n;
    int rc = graph_get(fn, comm, &c, &t);
    if (rc == MPI_SUCCESS)
        rc = graph_neighbors(fn, c, t, rank, &first, &n);
    if (rc != MPI_SUCCESS)
        return rc;
    if (nneighbors == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "nneighbors is NULL");
    *nneighbors = n;
    return MPI_SUCCESS;
}
OML_ALIAS(Graph_neighbors_count)

OML_API int PMPI_Graph_neighbors(MPI_Comm comm, int rank, int maxneighbors, int neighbors[])
{
    static const char fn[] = "MPI_Graph_neighbors";
    oml_comm_t *c;
    oml_topo_t *t;
    int first, n;
    int rc = graph_get(fn, comm, &c, &t);
    if (rc == MPI_SUCCESS)
        rc = graph_neighbors(fn, c, t, rank, &first, &n);
    if (rc != MPI_SUCCESS)
        return rc;
    if (maxneighbors > 0 && neighbors == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "neighbors is NULL");
    for (int i = 0; i < n && i < maxneighbors; i++)
        neighbors[i] = t->edges[first + i];
    return MPI_SUCCESS;
}
OML_ALIAS(Graph_neighbors)

OML_API int PMPI_Graph_map(MPI_Comm comm, int nnodes, const int index[], const int edges[],
                           int *newrank)
{
    static const char fn[] = "MPI_Graph_map";
    (void)index;
    (void)edges;
    oml_comm_t *c;
    int rc = topo_intra(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (newrank == NULL || nnodes < 0 || nnodes > c->pt2pt.size)
        return oml_error(c, MPI_ERR_ARG, fn, "nnodes is %d or newrank is NULL", nnodes);
    *newrank = c->pt2pt.rank < nnodes ? c->pt2pt.rank : MPI_UNDEFINED;
    return MPI_SUCCESS;
}
OML_ALIAS(Graph_map)

/* ---- distributed graph ---- */

static int dist_weights_ok(const int *w)
{
    return w != MPI_WEIGHTS_EMPTY && w != MPI_UNWEIGHTED;
}

OML_API int PMPI_Dist_graph_create_adjacent(MPI_Comm comm_old, int indegree, const int sources[],
                                            const int sourceweights[], int outdegree,
                                            const int destinations[], const int destweights[],
                                            MPI_Info info, int reorder, MPI_Comm *comm_dist_graph)
{
    static const char fn[] = "MPI_Dist_graph_create_adjacent";
    (void)info;
    (void)reorder;
    oml_comm_t *c;
    int rc = topo_intra(fn, comm_old, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (comm_dist_graph == NULL || indegree < 0 || outdegree < 0 ||
        (indegree > 0 && sources == NULL) || (outdegree > 0 && destinations == NULL))
        return oml_error(c, MPI_ERR_ARG, fn, "a degree is negative or an array is NULL");
    for (int i = 0; i < indegree; i++) {
        if (sources[i] < 0 || sources[i] >= c->pt2pt.size)
            return oml_error(c, MPI_ERR_RANK, fn, "sources[%d] = %d is not a rank", i, sources[i]);
    }
    for (int i = 0; i < outdegree; i++) {
        if (destinations[i] < 0 || destinations[i] >= c->pt2pt.size)
            return oml_error(c, MPI_ERR_RANK, fn, "destinations[%d] = %d is not a rank", i,
                             destinations[i]);
    }
    bool weighted = sourceweights != MPI_UNWEIGHTED && destweights != MPI_UNWEIGHTED;
    oml_topo_t t = {.kind = MPI_DIST_GRAPH,
                    .indeg = indegree,
                    .outdeg = outdegree,
                    .in = (int *)sources,
                    .out = (int *)destinations,
                    .inw = dist_weights_ok(sourceweights) ? (int *)sourceweights : NULL,
                    .outw = dist_weights_ok(destweights) ? (int *)destweights : NULL,
                    .weighted = weighted};
    return topo_make_comm(fn, c, c->pt2pt.size, &t, comm_dist_graph);
}
OML_ALIAS(Dist_graph_create_adjacent)

/* An edge as exchanged by MPI_Dist_graph_create. */
typedef struct dist_edge {
    int src, dst, w;
    int to_dst; /* 1: sent to the destination (an in-edge there); 0: to the source */
} dist_edge_t;

OML_API int PMPI_Dist_graph_create(MPI_Comm comm_old, int n, const int sources[],
                                   const int degrees[], const int destinations[],
                                   const int weights[], MPI_Info info, int reorder,
                                   MPI_Comm *comm_dist_graph)
{
    static const char fn[] = "MPI_Dist_graph_create";
    (void)info;
    (void)reorder;
    oml_comm_t *c;
    int rc = topo_intra(fn, comm_old, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    int p = c->pt2pt.size;
    if (comm_dist_graph == NULL || n < 0 || (n > 0 && (sources == NULL || degrees == NULL)))
        return oml_error(c, MPI_ERR_ARG, fn, "n is negative or an array is NULL");
    bool weighted = weights != MPI_UNWEIGHTED;
    size_t nedges = 0;
    for (int i = 0; i < n; i++) {
        if (degrees[i] < 0 || sources[i] < 0 || sources[i] >= p)
            return oml_error(c, MPI_ERR_ARG, fn, "sources[%d] = %d or degrees[%d] = %d is wrong", i,
                             sources[i], i, degrees[i]);
        nedges += (size_t)degrees[i];
    }
    for (size_t i = 0; i < nedges; i++) {
        if (destinations[i] < 0 || destinations[i] >= p)
            return oml_error(c, MPI_ERR_RANK, fn, "destinations[%zu] = %d is not a rank", i,
                             destinations[i]);
    }
    /* each edge goes to its source (as an out-edge) and its destination (as an in-edge) */
    int *cnt = calloc((size_t)p, sizeof(int)), *rcnt = calloc((size_t)p, sizeof(int));
    int *off = calloc((size_t)p + 1, sizeof(int));
    dist_edge_t *sendv = malloc((2 * nedges + 1) * sizeof(*sendv));
    oml_coll_block_t *sb = calloc((size_t)p, sizeof(*sb)), *rb = calloc((size_t)p, sizeof(*rb));
    dist_edge_t *recvv = NULL;
    int *in = NULL, *inw = NULL, *out = NULL, *outw = NULL;
    rc = MPI_ERR_NO_MEM;
    if (!cnt || !rcnt || !off || !sendv || !sb || !rb)
        goto out;
    for (size_t k = 0, e = 0; k < (size_t)n; k++) {
        for (int j = 0; j < degrees[k]; j++, e++) {
            cnt[sources[k]]++;
            cnt[destinations[e]]++;
        }
    }
    for (int j = 0; j < p; j++)
        off[j + 1] = off[j] + cnt[j];
    memset(cnt, 0, (size_t)p * sizeof(int));
    for (size_t k = 0, e = 0; k < (size_t)n; k++) {
        for (int j = 0; j < degrees[k]; j++, e++) {
            dist_edge_t ed = {sources[k], destinations[e], weighted ? weights[e] : 1, 0};
            sendv[off[ed.src] + cnt[ed.src]++] = ed;
            ed.to_dst = 1;
            sendv[off[ed.dst] + cnt[ed.dst]++] = ed;
        }
    }
    oml_sched_t *s = oml_comm_sched(c);
    oml_status_t st = OML_ERR_NOMEM;
    if (s != NULL) {
        oml_coll_alltoall(s, cnt, rcnt, sizeof(int));
        st = oml_sched_run(s);
    }
    if (st != OML_OK)
        goto out_st;
    size_t total = 0;
    for (int j = 0; j < p; j++)
        total += (size_t)rcnt[j];
    if ((recvv = malloc((total + 1) * sizeof(*recvv))) == NULL)
        goto out;
    for (int j = 0, at = 0; j < p; j++) {
        sb[j] = (oml_coll_block_t){j, &sendv[off[j]], (size_t)cnt[j] * sizeof(*sendv), 0};
        rb[j] = (oml_coll_block_t){j, &recvv[at], (size_t)rcnt[j] * sizeof(*recvv), 0};
        at += rcnt[j];
    }
    st = OML_ERR_NOMEM;
    if ((s = oml_comm_sched(c)) != NULL) {
        oml_coll_neighbor_exchange(s, p, rb, p, sb);
        st = oml_sched_run(s);
    }
    if (st != OML_OK)
        goto out_st;
    int indeg = 0, outdeg = 0;
    for (size_t i = 0; i < total; i++) {
        indeg += recvv[i].to_dst;
        outdeg += !recvv[i].to_dst;
    }
    in = malloc((size_t)(indeg + 1) * sizeof(int));
    inw = malloc((size_t)(indeg + 1) * sizeof(int));
    out = malloc((size_t)(outdeg + 1) * sizeof(int));
    outw = malloc((size_t)(outdeg + 1) * sizeof(int));
    if (!in || !inw || !out || !outw)
        goto out;
    int ki = 0, ko = 0;
    for (size_t i = 0; i < total; i++) {
        if (recvv[i].to_dst) {
            in[ki] = recvv[i].src;
            inw[ki++] = recvv[i].w;
        } else {
            out[ko] = recvv[i].dst;
            outw[ko++] = recvv[i].w;
        }
    }
    /* the standard has every rank pass weights, or every rank MPI_UNWEIGHTED */
    oml_topo_t t = {.kind = MPI_DIST_GRAPH,
                    .indeg = indeg,
                    .outdeg = outdeg,
                    .in = in,
                    .inw = inw,
                    .out = out,
                    .outw = outw,
                    .weighted = weighted};
    rc = topo_make_comm(fn, c, p, &t, comm_dist_graph);
    goto done;
out_st:
    rc = oml_error(c, MPI_ERR_INTERN, fn, "%s", oml_status_string(st));
    goto done;
out:
    rc = oml_error(c, MPI_ERR_NO_MEM, fn, "out of memory");
done:
    free(cnt);
    free(rcnt);
    free(off);
    free(sendv);
    free(sb);
    free(rb);
    free(recvv);
    free(in);
    free(inw);
    free(out);
    free(outw);
    return rc;
}
OML_ALIAS(Dist_graph_create)

static int dist_get(const char *fn, MPI_Comm comm, oml_comm_t **c_p, oml_topo_t **t_p)
{
    int rc = topo_comm(fn, comm, c_p);
    return rc != MPI_SUCCESS ? rc : topo_of(fn, *c_p, MPI_DIST_GRAPH, t_p);
}

OML_API int PMPI_Dist_graph_neighbors_count(MPI_Comm comm, int *indegree, int *outdegree,
                                            int *weighted)
{
    static const char fn[] = "MPI_Dist_graph_neighbors_count";
    oml_comm_t *c;
    oml_topo_t *t;
    int rc = dist_get(fn, comm, &c, &t);
    if (rc != MPI_SUCCESS)
        return rc;
    if (indegree == NULL || outdegree == NULL || weighted == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "an output argument is NULL");
    *indegree = t->indeg;
    *outdegree = t->outdeg;
    *weighted = t->weighted;
    return MPI_SUCCESS;
}
OML_ALIAS(Dist_graph_neighbors_count)

OML_API int PMPI_Dist_graph_neighbors(MPI_Comm comm, int maxindegree, int sources[],
                                      int sourceweights[], int maxoutdegree, int destinations[],
                                      int destweights[])
{
    static const char fn[] = "MPI_Dist_graph_neighbors";
    oml_comm_t *c;
    oml_topo_t *t;
    int rc = dist_get(fn, comm, &c, &t);
    if (rc != MPI_SUCCESS)
        return rc;
    for (int i = 0; i < t->indeg && i < maxindegree; i++) {
        sources[i] = t->in[i];
        if (t->weighted && dist_weights_ok(sourceweights) && sourceweights != NULL)
            sourceweights[i] = t->inw[i];
    }
    for (int i = 0; i < t->outdeg && i < maxoutdegree; i++) {
        destinations[i] = t->out[i];
        if (t->weighted && dist_weights_ok(destweights) && destweights != NULL)
            destweights[i] = t->outw[i];
    }
    return MPI_SUCCESS;
}
OML_ALIAS(Dist_graph_neighbors)

/* ---- neighborhood collectives ---- */

/*
 * The neighbor lists of c's topology: *in and *out (malloc'd; MPI_PROC_NULL allowed) and the
 * tags that pair each message with its receive slot.
 */
static int nbr_lists(oml_comm_t *c, const oml_topo_t *t, int *nin, int **in, int **intag, int *nout,
                     int **out, int **outtag)
{
    int me = c->pt2pt.rank, ni, no;
    if (t->kind == MPI_CART) {
        ni = no = 2 * t->ndims;
    } else if (t->kind == MPI_GRAPH) {
        int first = me > 0 ? t->index[me - 1] : 0;
        ni = no = t->index[me] - first;
    } else {
        ni = t->indeg;
        no = t->outdeg;
    }
    *in = malloc((size_t)(ni + 1) * sizeof(int));
    *intag = malloc((size_t)(ni + 1) * sizeof(int));
    *out = malloc((size_t)(no + 1) * sizeof(int));
    *outtag = malloc((size_t)(no + 1) * sizeof(int));
    if (!*in || !*intag || !*out || !*outtag)
        return MPI_ERR_NO_MEM;
    for (int i = 0; i < ni; i++) {
        (*in)[i] = t->kind == MPI_CART    ? cart_step(t, me, i / 2, i % 2 ? 1 : -1)
                   : t->kind == MPI_GRAPH ? t->edges[(me > 0 ? t->index[me - 1] : 0) + i]
                                          : t->in[i];
        (*intag)[i] = t->kind == MPI_CART ? i : 0;
    }
    for (int i = 0; i < no; i++) {
        (*out)[i] = t->kind == MPI_DIST_GRAPH ? t->out[i] : (*in)[i];
        (*outtag)[i] = t->kind == MPI_CART ? i ^ 1 : 0;
    }
    *nin = ni;
    *nout = no;
    return MPI_SUCCESS;
}

/* One side of a neighborhood block: where it is in user memory, how many of which type. */
typedef struct nbr_side {
    const void *buf;
    size_t count;
    oml_dtype_t *dt;
} nbr_side_t;

typedef struct nbr_plan {
    int nin, nout;
    int *in, *intag, *out, *outtag;
    nbr_side_t *rs, *ss;
} nbr_plan_t;

static void nbr_plan_free(nbr_plan_t *p)
{
    free(p->in);
    free(p->intag);
    free(p->out);
    free(p->outtag);
    free(p->rs);
    free(p->ss);
}

/* Sets up the lists of c's topology and room for the blocks of each side. */
static int nbr_plan(const char *fn, MPI_Comm comm, oml_comm_t **c_p, nbr_plan_t *p)
{
    oml_topo_t *t;
    memset(p, 0, sizeof(*p));
    int rc = topo_comm(fn, comm, c_p);
    if (rc == MPI_SUCCESS)
        rc = topo_of(fn, *c_p, 0, &t);
    if (rc != MPI_SUCCESS)
        return rc;
    rc = nbr_lists(*c_p, t, &p->nin, &p->in, &p->intag, &p->nout, &p->out, &p->outtag);
    if (rc == MPI_SUCCESS) {
        p->rs = calloc((size_t)p->nin + 1, sizeof(*p->rs));
        p->ss = calloc((size_t)p->nout + 1, sizeof(*p->ss));
        if (p->rs == NULL || p->ss == NULL)
            rc = MPI_ERR_NO_MEM;
    }
    if (rc != MPI_SUCCESS) {
        nbr_plan_free(p);
        return oml_error(*c_p, rc, fn, "out of memory");
    }
    return MPI_SUCCESS;
}

/*
 * Builds the exchange of a plan whose sides are filled (derived datatypes staged: packed when
 * the schedule starts, unpacked when it completes) and hands it over: run now (request NULL),
 * started behind *request, or kept for MPI_Start (persistent).
 */
static int nbr_run(const char *fn, oml_comm_t *c, nbr_plan_t *p, MPI_Request *request,
                   bool persistent)
{
    oml_coll_block_t *rb = calloc((size_t)p->nin + 1, sizeof(*rb));
    oml_coll_block_t *sb = calloc((size_t)p->nout + 1, sizeof(*sb));
    oml_sched_t *s = rb != NULL && sb != NULL ? oml_comm_sched(c) : NULL;
    if (s == NULL) {
        free(rb);
        free(sb);
        nbr_plan_free(p);
        return oml_error(c, MPI_ERR_NO_MEM, fn, "out of memory");
    }
    oml_coll_stages_t *stages = NULL;
    for (int i = 0; i < p->nin; i++) {
        bool none = p->in[i] == MPI_PROC_NULL;
        const nbr_side_t *b = &p->rs[i];
        rb[i] = (oml_coll_block_t){
            none ? -1 : p->in[i],
            none ? NULL : oml_coll_stage(s, &stages, b->dt, (void *)b->buf, b->count, false, true),
            b->count * b->dt->size, p->intag[i]};
    }
    for (int i = 0; i < p->nout; i++) {
        bool none = p->out[i] == MPI_PROC_NULL;
        const nbr_side_t *b = &p->ss[i];
        sb[i] = (oml_coll_block_t){
            none ? -1 : p->out[i],
            none ? NULL : oml_coll_stage(s, &stages, b->dt, (void *)b->buf, b->count, true, false),
            b->count * b->dt->size, p->outtag[i]};
    }
    if (oml_sched_ok(s))
        oml_coll_neighbor_exchange(s, p->nin, rb, p->nout, sb);
    free(rb);
    free(sb);
    nbr_plan_free(p);
    return oml_coll_launch(fn, c, s, request, persistent);
}

/* A committed datatype and a non-negative count, or an error. */
static int nbr_type(const char *fn, oml_comm_t *c, MPI_Datatype dt, int count, oml_dtype_t **d_p)
{
    oml_dtype_t *d = oml_dtype_get(dt);
    if (d == NULL || !d->committed)
        return oml_error(c, MPI_ERR_TYPE, fn, "invalid or uncommitted datatype");
    if (count < 0)
        return oml_error(c, MPI_ERR_COUNT, fn, "count %d is negative", count);
    *d_p = d;
    return MPI_SUCCESS;
}

/*
 * The four regular forms. Block i of a side is at buf + displ(i) * extent with counts[i]
 * elements, where a NULL counts/displs array means count and i * count.
 */
static int nbr_regular(const char *fn, const void *sendbuf, int sendcount, const int *sendcounts,
                       const int *sdispls, MPI_Datatype sendtype, void *recvbuf, int recvcount,
                       const int *recvcounts, const int *rdispls, MPI_Datatype recvtype,
                       MPI_Comm comm, bool send_same, MPI_Request *request, bool persistent)
{
    oml_comm_t *c;
    nbr_plan_t p;
    int rc = nbr_plan(fn, comm, &c, &p);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_dtype_t *sd = NULL, *rd = NULL;
    rc = nbr_type(fn, c, sendtype, sendcounts ? 0 : sendcount, &sd);
    if (rc == MPI_SUCCESS)
        rc = nbr_type(fn, c, recvtype, recvcounts ? 0 : recvcount, &rd);
    if (rc != MPI_SUCCESS) {
        nbr_plan_free(&p);
        return rc;
    }
    MPI_Aint sext = oml_dt_extent(sd), rext = oml_dt_extent(rd);
    for (int i = 0; i < p.nout; i++) {
        int n = sendcounts ? sendcounts[i] : sendcount;
        MPI_Aint at = send_same ? 0 : sdispls ? sdispls[i] : (MPI_Aint)i * sendcount;
        p.ss[i] = (nbr_side_t){(const char *)sendbuf + at * sext, (size_t)n, sd};
    }
    for (int i = 0; i < p.nin; i++) {
        int n = recvcounts ? recvcounts[i] : recvcount;
        MPI_Aint at = rdispls ? rdispls[i] : (MPI_Aint)i * recvcount;
        p.rs[i] = (nbr_side_t){(char *)recvbuf + at * rext, (size_t)n, rd};
    }
    return nbr_run(fn, c, &p, request, persistent);
}

OML_API int PMPI_Neighbor_allgather(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                                    void *recvbuf, int recvcount, MPI_Datatype recvtype,
                                    MPI_Comm comm)
{
    return nbr_regular("MPI_Neighbor_allgather", sendbuf, sendcount, NULL, NULL, sendtype, recvbuf,
                       recvcount, NULL, NULL, recvtype, comm, true, NULL, false);
}
OML_ALIAS(Neighbor_allgather)

OML_API int PMPI_Neighbor_allgatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                                     void *recvbuf, const int recvcounts[], const int displs[],
                                     MPI_Datatype recvtype, MPI_Comm comm)
{
    return nbr_regular("MPI_Neighbor_allgatherv", sendbuf, sendcount, NULL, NULL, sendtype, recvbuf,
                       0, recvcounts, displs, recvtype, comm, true, NULL, false);
}
OML_ALIAS(Neighbor_allgatherv)

OML_API int PMPI_Neighbor_alltoall(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                                   void *recvbuf, int recvcount, MPI_Datatype recvtype,
                                   MPI_Comm comm)
{
    return nbr_regular("MPI_Neighbor_alltoall", sendbuf, sendcount, NULL, NULL, sendtype, recvbuf,
                       recvcount, NULL, NULL, recvtype, comm, false, NULL, false);
}
OML_ALIAS(Neighbor_alltoall)

OML_API int PMPI_Neighbor_alltoallv(const void *sendbuf, const int sendcounts[],
                                    const int sdispls[], MPI_Datatype sendtype, void *recvbuf,
                                    const int recvcounts[], const int rdispls[],
                                    MPI_Datatype recvtype, MPI_Comm comm)
{
    return nbr_regular("MPI_Neighbor_alltoallv", sendbuf, 0, sendcounts, sdispls, sendtype, recvbuf,
                       0, recvcounts, rdispls, recvtype, comm, false, NULL, false);
}
OML_ALIAS(Neighbor_alltoallv)

/* The w form: a datatype and a byte displacement per block. */
static int nbr_alltoallw(const char *fn, const void *sendbuf, const int sendcounts[],
                         const MPI_Aint sdispls[], const MPI_Datatype sendtypes[], void *recvbuf,
                         const int recvcounts[], const MPI_Aint rdispls[],
                         const MPI_Datatype recvtypes[], MPI_Comm comm, MPI_Request *request,
                         bool persistent)
{
    oml_comm_t *c;
    nbr_plan_t p;
    int rc = nbr_plan(fn, comm, &c, &p);
    if (rc != MPI_SUCCESS)
        return rc;
    for (int i = 0; rc == MPI_SUCCESS && i < p.nout; i++) {
        oml_dtype_t *d;
        if ((rc = nbr_type(fn, c, sendtypes[i], sendcounts[i], &d)) == MPI_SUCCESS)
            p.ss[i] = (nbr_side_t){(const char *)sendbuf + sdispls[i], (size_t)sendcounts[i], d};
    }
    for (int i = 0; rc == MPI_SUCCESS && i < p.nin; i++) {
        oml_dtype_t *d;
        if ((rc = nbr_type(fn, c, recvtypes[i], recvcounts[i], &d)) == MPI_SUCCESS)
            p.rs[i] = (nbr_side_t){(char *)recvbuf + rdispls[i], (size_t)recvcounts[i], d};
    }
    if (rc != MPI_SUCCESS) {
        nbr_plan_free(&p);
        return rc;
    }
    return nbr_run(fn, c, &p, request, persistent);
}

OML_API int PMPI_Neighbor_alltoallw(const void *sendbuf, const int sendcounts[],
                                    const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                                    void *recvbuf, const int recvcounts[], const MPI_Aint rdispls[],
                                    const MPI_Datatype recvtypes[], MPI_Comm comm)
{
    return nbr_alltoallw("MPI_Neighbor_alltoallw", sendbuf, sendcounts, sdispls, sendtypes, recvbuf,
                         recvcounts, rdispls, recvtypes, comm, NULL, false);
}
OML_ALIAS(Neighbor_alltoallw)

/* ---- nonblocking (MPI-3) and persistent (MPI-4.0) neighborhood collectives ---- */

OML_API int PMPI_Ineighbor_allgather(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                                     void *recvbuf, int recvcount, MPI_Datatype recvtype,
                                     MPI_Comm comm, MPI_Request *request)
{
    OML_CHECK_INIT("MPI_Ineighbor_allgather");
    int rc = oml_coll_request_args("MPI_Ineighbor_allgather", comm, NULL, request);
    return rc ? rc
              : nbr_regular("MPI_Ineighbor_allgather", sendbuf, sendcount, NULL, NULL, sendtype,
                            recvbuf, recvcount, NULL, NULL, recvtype, comm, true, request, false);
}
OML_ALIAS(Ineighbor_allgather)

OML_API int PMPI_Ineighbor_allgatherv(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                                      void *recvbuf, const int recvcounts[], const int displs[],
                                      MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    OML_CHECK_INIT("MPI_Ineighbor_allgatherv");
    int rc = oml_coll_request_args("MPI_Ineighbor_allgatherv", comm, NULL, request);
    return rc ? rc
              : nbr_regular("MPI_Ineighbor_allgatherv", sendbuf, sendcount, NULL, NULL, sendtype,
                            recvbuf, 0, recvcounts, displs, recvtype, comm, true, request, false);
}
OML_ALIAS(Ineighbor_allgatherv)

OML_API int PMPI_Ineighbor_alltoall(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                                    void *recvbuf, int recvcount, MPI_Datatype recvtype,
                                    MPI_Comm comm, MPI_Request *request)
{
    OML_CHECK_INIT("MPI_Ineighbor_alltoall");
    int rc = oml_coll_request_args("MPI_Ineighbor_alltoall", comm, NULL, request);
    return rc ? rc
              : nbr_regular("MPI_Ineighbor_alltoall", sendbuf, sendcount, NULL, NULL, sendtype,
                            recvbuf, recvcount, NULL, NULL, recvtype, comm, false, request, false);
}
OML_ALIAS(Ineighbor_alltoall)

OML_API int PMPI_Ineighbor_alltoallv(const void *sendbuf, const int sendcounts[],
                                     const int sdispls[], MPI_Datatype sendtype, void *recvbuf,
                                     const int recvcounts[], const int rdispls[],
                                     MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    OML_CHECK_INIT("MPI_Ineighbor_alltoallv");
    int rc = oml_coll_request_args("MPI_Ineighbor_alltoallv", comm, NULL, request);
    return rc ? rc
              : nbr_regular("MPI_Ineighbor_alltoallv", sendbuf, 0, sendcounts, sdispls, sendtype,
                            recvbuf, 0, recvcounts, rdispls, recvtype, comm, false, request, false);
}
OML_ALIAS(Ineighbor_alltoallv)

OML_API int PMPI_Ineighbor_alltoallw(const void *sendbuf, const int sendcounts[],
                                     const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                                     void *recvbuf, const int recvcounts[],
                                     const MPI_Aint rdispls[], const MPI_Datatype recvtypes[],
                                     MPI_Comm comm, MPI_Request *request)
{
    OML_CHECK_INIT("MPI_Ineighbor_alltoallw");
    int rc = oml_coll_request_args("MPI_Ineighbor_alltoallw", comm, NULL, request);
    return rc ? rc
              : nbr_alltoallw("MPI_Ineighbor_alltoallw", sendbuf, sendcounts, sdispls, sendtypes,
                              recvbuf, recvcounts, rdispls, recvtypes, comm, request, false);
}
OML_ALIAS(Ineighbor_alltoallw)

OML_API int PMPI_Neighbor_allgather_init(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                                         void *recvbuf, int recvcount, MPI_Datatype recvtype,
                                         MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    OML_CHECK_INIT("MPI_Neighbor_allgather_init");
    int rc = oml_coll_request_args("MPI_Neighbor_allgather_init", comm, &info, request);
    return rc ? rc
              : nbr_regular("MPI_Neighbor_allgather_init", sendbuf, sendcount, NULL, NULL, sendtype,
                            recvbuf, recvcount, NULL, NULL, recvtype, comm, true, request, true);
}
OML_ALIAS(Neighbor_allgather_init)

OML_API int PMPI_Neighbor_allgatherv_init(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                                          void *recvbuf, const int recvcounts[], const int displs[],
                                          MPI_Datatype recvtype, MPI_Comm comm, MPI_Info info,
                                          MPI_Request *request)
{
    OML_CHECK_INIT("MPI_Neighbor_allgatherv_init");
    int rc = oml_coll_request_args("MPI_Neighbor_allgatherv_init", comm, &info, request);
    return rc ? rc
              : nbr_regular("MPI_Neighbor_allgatherv_init", sendbuf, sendcount, NULL, NULL,
                            sendtype, recvbuf, 0, recvcounts, displs, recvtype, comm, true, request,
                            true);
}
OML_ALIAS(Neighbor_allgatherv_init)

OML_API int PMPI_Neighbor_alltoall_init(const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                                        void *recvbuf, int recvcount, MPI_Datatype recvtype,
                                        MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    OML_CHECK_INIT("MPI_Neighbor_alltoall_init");
    int rc = oml_coll_request_args("MPI_Neighbor_alltoall_init", comm, &info, request);
    return rc ? rc
              : nbr_regular("MPI_Neighbor_alltoall_init", sendbuf, sendcount, NULL, NULL, sendtype,
                            recvbuf, recvcount, NULL, NULL, recvtype, comm, false, request, true);
}
OML_ALIAS(Neighbor_alltoall_init)

OML_API int PMPI_Neighbor_alltoallv_init(const void *sendbuf, const int sendcounts[],
                                         const int sdispls[], MPI_Datatype sendtype, void *recvbuf,
                                         const int recvcounts[], const int rdispls[],
                                         MPI_Datatype recvtype, MPI_Comm comm, MPI_Info info,
                                         MPI_Request *request)
{
    OML_CHECK_INIT("MPI_Neighbor_alltoallv_init");
    int rc = oml_coll_request_args("MPI_Neighbor_alltoallv_init", comm, &info, request);
    return rc ? rc
              : nbr_regular("MPI_Neighbor_alltoallv_init", sendbuf, 0, sendcounts, sdispls,
                            sendtype, recvbuf, 0, recvcounts, rdispls, recvtype, comm, false,
                            request, true);
}
OML_ALIAS(Neighbor_alltoallv_init)

OML_API int PMPI_Neighbor_alltoallw_init(const void *sendbuf, const int sendcounts[],
                                         const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                                         void *recvbuf, const int recvcounts[],
                                         const MPI_Aint rdispls[], const MPI_Datatype recvtypes[],
                                         MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    OML_CHECK_INIT("MPI_Neighbor_alltoallw_init");
    int rc = oml_coll_request_args("MPI_Neighbor_alltoallw_init", comm, &info, request);
    return rc ? rc
              : nbr_alltoallw("MPI_Neighbor_alltoallw_init", sendbuf, sendcounts, sdispls,
                              sendtypes, recvbuf, recvcounts, rdispls, recvtypes, comm, request,
                              true);
}
OML_ALIAS(Neighbor_alltoallw_init)

int oml_comm_peers(MPI_Comm comm, int which)
{
    oml_comm_t *c = oml_comm_get(comm);
    if (c == NULL)
        return 0;
    int n = 0, kind = MPI_UNDEFINED;
    if (which == 0 || PMPI_Topo_test(comm, &kind) != MPI_SUCCESS || kind == MPI_UNDEFINED)
        return c->pt2pt.size; /* the remote group's size on an intercommunicator */
    if (kind == MPI_CART) {
        PMPI_Cartdim_get(comm, &n);
        return 2 * n;
    }
    if (kind == MPI_GRAPH) {
        int rank = 0;
        PMPI_Comm_rank(comm, &rank);
        PMPI_Graph_neighbors_count(comm, rank, &n);
        return n;
    }
    int in = 0, out = 0, weighted = 0;
    PMPI_Dist_graph_neighbors_count(comm, &in, &out, &weighted);
    return which == 1 ? in : out;
}
