/*
 * ompi-lite/oml_coll_c.c: the large-count (MPI-4.0) collectives, MPI_Bcast_c to
 * MPI_Reduce_local_c: each converts its MPI_Count counts and MPI_Aint displacements to the int
 * call's and makes it. A count or displacement that does not fit an int fails with
 * MPI_ERR_COUNT, naming it: ompi-lite's collective layer takes int counts per process so far
 * (the bytes it moves are size_t throughout; the API layer is what would change).
 *
 * Arrays are read only where the standard says they are significant: the root's side of the
 * rooted v-collectives (MPI_ROOT on an intercommunicator), one entry per process of the group
 * addressed (the remote group of an intercommunicator), per neighbour for neighbourhood calls.
 */
#include "oml_impl.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

static int cl_comm(const char *fn, MPI_Comm comm)
{
    OML_CHECK_INIT(fn);
    if (oml_comm_get(comm) == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator (MPI_COMM_NULL?)");
    return MPI_SUCCESS;
}

/* Whether this process reads the root-side arguments of a rooted collective. */
static bool cl_root_side(MPI_Comm comm, int root)
{
    oml_comm_t *c = oml_comm_get(comm);
    return c->inter ? root == MPI_ROOT : c->coll.rank == root;
}

static int cl_too_large(const char *fn, MPI_Comm comm, const char *what, long long v)
{
    return oml_error(oml_comm_get(comm), MPI_ERR_COUNT, fn,
                     "%s is %lld; ompi-lite's collectives take counts and displacements that fit "
                     "an int",
                     what, v);
}

static int cl_int(const char *fn, MPI_Comm comm, MPI_Count v, const char *what, int *out)
{
    if (v > INT_MAX || v < INT_MIN)
        return cl_too_large(fn, comm, what, (long long)v);
    *out = (int)v;
    return MPI_SUCCESS;
}

/* An array argument converted to ints (p is NULL when the argument was). */
typedef struct {
    int *p;
    int small[64];
} cl_arr_t;

/* The per-peer array v (MPI_Aints when aint, else MPI_Counts) of oml_comm_peers(comm, which)
 * entries, as ints in a. */
static int cl_arr(const char *fn, MPI_Comm comm, const void *v, bool aint, int which,
                  const char *what, cl_arr_t *a)
{
    a->p = NULL;
    if (v == NULL)
        return MPI_SUCCESS;
    int n = oml_comm_peers(comm, which);
    a->p = n <= (int)(sizeof(a->small) / sizeof(a->small[0])) ? a->small
                                                              : malloc((size_t)n * sizeof(int));
    if (a->p == NULL)
        return oml_error(oml_comm_get(comm), MPI_ERR_NO_MEM, fn, "no memory to convert %s", what);
    for (int i = 0; i < n; i++) {
        long long x =
            aint ? (long long)((const MPI_Aint *)v)[i] : (long long)((const MPI_Count *)v)[i];
        if (x > INT_MAX || x < INT_MIN) {
            char name[64];
            snprintf(name, sizeof(name), "%s[%d]", what, i);
            return cl_too_large(fn, comm, name, x);
        }
        a->p[i] = (int)x;
    }
    return MPI_SUCCESS;
}

static void cl_free(cl_arr_t *a)
{
    if (a->p != a->small)
        free(a->p);
}

OML_API int PMPI_Bcast_c(void *buffer, MPI_Count count, MPI_Datatype datatype, int root,
                         MPI_Comm comm)
{
    static const char fn[] = "MPI_Bcast_c";
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    return rc != MPI_SUCCESS ? rc : PMPI_Bcast(buffer, i_count, datatype, root, comm);
}
OML_ALIAS(Bcast_c)

OML_API int PMPI_Ibcast_c(void *buffer, MPI_Count count, MPI_Datatype datatype, int root,
                          MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Ibcast_c";
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    return rc != MPI_SUCCESS ? rc : PMPI_Ibcast(buffer, i_count, datatype, root, comm, request);
}
OML_ALIAS(Ibcast_c)

OML_API int PMPI_Bcast_init_c(void *buffer, MPI_Count count, MPI_Datatype datatype, int root,
                              MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Bcast_init_c";
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    return rc != MPI_SUCCESS
               ? rc
               : PMPI_Bcast_init(buffer, i_count, datatype, root, comm, info, request);
}
OML_ALIAS(Bcast_init_c)

OML_API int PMPI_Gather_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                          void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int root,
                          MPI_Comm comm)
{
    static const char fn[] = "MPI_Gather_c";
    int rc = cl_comm(fn, comm);
    bool root_side = rc == MPI_SUCCESS && cl_root_side(comm, root);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS && root_side)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Gather(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount,
                                           recvtype, root, comm);
}
OML_ALIAS(Gather_c)

OML_API int PMPI_Igather_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                           void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int root,
                           MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Igather_c";
    int rc = cl_comm(fn, comm);
    bool root_side = rc == MPI_SUCCESS && cl_root_side(comm, root);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS && root_side)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Igather(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount,
                                            recvtype, root, comm, request);
}
OML_ALIAS(Igather_c)

OML_API int PMPI_Gather_init_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                               void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int root,
                               MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Gather_init_c";
    int rc = cl_comm(fn, comm);
    bool root_side = rc == MPI_SUCCESS && cl_root_side(comm, root);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS && root_side)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Gather_init(sendbuf, i_sendcount, sendtype, recvbuf,
                                                i_recvcount, recvtype, root, comm, info, request);
}
OML_ALIAS(Gather_init_c)

OML_API int PMPI_Gatherv_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                           void *recvbuf, const MPI_Count recvcounts[], const MPI_Aint displs[],
                           MPI_Datatype recvtype, int root, MPI_Comm comm)
{
    static const char fn[] = "MPI_Gatherv_c";
    int rc = cl_comm(fn, comm);
    bool root_side = rc == MPI_SUCCESS && cl_root_side(comm, root);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, root_side ? recvcounts : NULL, false, 0, "recvcounts", &a_recvcounts);
    cl_arr_t a_displs = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, root_side ? displs : NULL, true, 0, "displs", &a_displs);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Gatherv(sendbuf, i_sendcount, sendtype, recvbuf, a_recvcounts.p, a_displs.p,
                          recvtype, root, comm);
    cl_free(&a_recvcounts);
    cl_free(&a_displs);
    return rc;
}
OML_ALIAS(Gatherv_c)

OML_API int PMPI_Igatherv_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                            void *recvbuf, const MPI_Count recvcounts[], const MPI_Aint displs[],
                            MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Igatherv_c";
    int rc = cl_comm(fn, comm);
    bool root_side = rc == MPI_SUCCESS && cl_root_side(comm, root);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, root_side ? recvcounts : NULL, false, 0, "recvcounts", &a_recvcounts);
    cl_arr_t a_displs = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, root_side ? displs : NULL, true, 0, "displs", &a_displs);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Igatherv(sendbuf, i_sendcount, sendtype, recvbuf, a_recvcounts.p, a_displs.p,
                           recvtype, root, comm, request);
    cl_free(&a_recvcounts);
    cl_free(&a_displs);
    return rc;
}
OML_ALIAS(Igatherv_c)

OML_API int PMPI_Gatherv_init_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                                void *recvbuf, const MPI_Count recvcounts[],
                                const MPI_Aint displs[], MPI_Datatype recvtype, int root,
                                MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Gatherv_init_c";
    int rc = cl_comm(fn, comm);
    bool root_side = rc == MPI_SUCCESS && cl_root_side(comm, root);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, root_side ? recvcounts : NULL, false, 0, "recvcounts", &a_recvcounts);
    cl_arr_t a_displs = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, root_side ? displs : NULL, true, 0, "displs", &a_displs);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Gatherv_init(sendbuf, i_sendcount, sendtype, recvbuf, a_recvcounts.p, a_displs.p,
                               recvtype, root, comm, info, request);
    cl_free(&a_recvcounts);
    cl_free(&a_displs);
    return rc;
}
OML_ALIAS(Gatherv_init_c)

OML_API int PMPI_Scatter_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                           void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int root,
                           MPI_Comm comm)
{
    static const char fn[] = "MPI_Scatter_c";
    int rc = cl_comm(fn, comm);
    bool root_side = rc == MPI_SUCCESS && cl_root_side(comm, root);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS && root_side)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Scatter(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount,
                                            recvtype, root, comm);
}
OML_ALIAS(Scatter_c)

OML_API int PMPI_Iscatter_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                            void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int root,
                            MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Iscatter_c";
    int rc = cl_comm(fn, comm);
    bool root_side = rc == MPI_SUCCESS && cl_root_side(comm, root);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS && root_side)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Iscatter(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount,
                                             recvtype, root, comm, request);
}
OML_ALIAS(Iscatter_c)

OML_API int PMPI_Scatter_init_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                                void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int root,
                                MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Scatter_init_c";
    int rc = cl_comm(fn, comm);
    bool root_side = rc == MPI_SUCCESS && cl_root_side(comm, root);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS && root_side)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Scatter_init(sendbuf, i_sendcount, sendtype, recvbuf,
                                                 i_recvcount, recvtype, root, comm, info, request);
}
OML_ALIAS(Scatter_init_c)

OML_API int PMPI_Scatterv_c(const void *sendbuf, const MPI_Count sendcounts[],
                            const MPI_Aint displs[], MPI_Datatype sendtype, void *recvbuf,
                            MPI_Count recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm)
{
    static const char fn[] = "MPI_Scatterv_c";
    int rc = cl_comm(fn, comm);
    bool root_side = rc == MPI_SUCCESS && cl_root_side(comm, root);
    cl_arr_t a_sendcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, root_side ? sendcounts : NULL, false, 0, "sendcounts", &a_sendcounts);
    cl_arr_t a_displs = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, root_side ? displs : NULL, true, 0, "displs", &a_displs);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Scatterv(sendbuf, a_sendcounts.p, a_displs.p, sendtype, recvbuf, i_recvcount,
                           recvtype, root, comm);
    cl_free(&a_sendcounts);
    cl_free(&a_displs);
    return rc;
}
OML_ALIAS(Scatterv_c)

OML_API int PMPI_Iscatterv_c(const void *sendbuf, const MPI_Count sendcounts[],
                             const MPI_Aint displs[], MPI_Datatype sendtype, void *recvbuf,
                             MPI_Count recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm,
                             MPI_Request *request)
{
    static const char fn[] = "MPI_Iscatterv_c";
    int rc = cl_comm(fn, comm);
    bool root_side = rc == MPI_SUCCESS && cl_root_side(comm, root);
    cl_arr_t a_sendcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, root_side ? sendcounts : NULL, false, 0, "sendcounts", &a_sendcounts);
    cl_arr_t a_displs = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, root_side ? displs : NULL, true, 0, "displs", &a_displs);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Iscatterv(sendbuf, a_sendcounts.p, a_displs.p, sendtype, recvbuf, i_recvcount,
                            recvtype, root, comm, request);
    cl_free(&a_sendcounts);
    cl_free(&a_displs);
    return rc;
}
OML_ALIAS(Iscatterv_c)

OML_API int PMPI_Scatterv_init_c(const void *sendbuf, const MPI_Count sendcounts[],
                                 const MPI_Aint displs[], MPI_Datatype sendtype, void *recvbuf,
                                 MPI_Count recvcount, MPI_Datatype recvtype, int root,
                                 MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Scatterv_init_c";
    int rc = cl_comm(fn, comm);
    bool root_side = rc == MPI_SUCCESS && cl_root_side(comm, root);
    cl_arr_t a_sendcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, root_side ? sendcounts : NULL, false, 0, "sendcounts", &a_sendcounts);
    cl_arr_t a_displs = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, root_side ? displs : NULL, true, 0, "displs", &a_displs);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Scatterv_init(sendbuf, a_sendcounts.p, a_displs.p, sendtype, recvbuf, i_recvcount,
                                recvtype, root, comm, info, request);
    cl_free(&a_sendcounts);
    cl_free(&a_displs);
    return rc;
}
OML_ALIAS(Scatterv_init_c)

OML_API int PMPI_Allgather_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                             void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype,
                             MPI_Comm comm)
{
    static const char fn[] = "MPI_Allgather_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Allgather(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount,
                                              recvtype, comm);
}
OML_ALIAS(Allgather_c)

OML_API int PMPI_Iallgather_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                              void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype,
                              MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Iallgather_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Iallgather(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount,
                                               recvtype, comm, request);
}
OML_ALIAS(Iallgather_c)

OML_API int PMPI_Allgather_init_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                                  void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype,
                                  MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Allgather_init_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Allgather_init(sendbuf, i_sendcount, sendtype, recvbuf,
                                                   i_recvcount, recvtype, comm, info, request);
}
OML_ALIAS(Allgather_init_c)

OML_API int PMPI_Allgatherv_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                              void *recvbuf, const MPI_Count recvcounts[], const MPI_Aint displs[],
                              MPI_Datatype recvtype, MPI_Comm comm)
{
    static const char fn[] = "MPI_Allgatherv_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 0, "recvcounts", &a_recvcounts);
    cl_arr_t a_displs = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, displs, true, 0, "displs", &a_displs);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Allgatherv(sendbuf, i_sendcount, sendtype, recvbuf, a_recvcounts.p, a_displs.p,
                             recvtype, comm);
    cl_free(&a_recvcounts);
    cl_free(&a_displs);
    return rc;
}
OML_ALIAS(Allgatherv_c)

OML_API int PMPI_Iallgatherv_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                               void *recvbuf, const MPI_Count recvcounts[], const MPI_Aint displs[],
                               MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Iallgatherv_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 0, "recvcounts", &a_recvcounts);
    cl_arr_t a_displs = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, displs, true, 0, "displs", &a_displs);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Iallgatherv(sendbuf, i_sendcount, sendtype, recvbuf, a_recvcounts.p, a_displs.p,
                              recvtype, comm, request);
    cl_free(&a_recvcounts);
    cl_free(&a_displs);
    return rc;
}
OML_ALIAS(Iallgatherv_c)

OML_API int PMPI_Allgatherv_init_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                                   void *recvbuf, const MPI_Count recvcounts[],
                                   const MPI_Aint displs[], MPI_Datatype recvtype, MPI_Comm comm,
                                   MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Allgatherv_init_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 0, "recvcounts", &a_recvcounts);
    cl_arr_t a_displs = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, displs, true, 0, "displs", &a_displs);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Allgatherv_init(sendbuf, i_sendcount, sendtype, recvbuf, a_recvcounts.p,
                                  a_displs.p, recvtype, comm, info, request);
    cl_free(&a_recvcounts);
    cl_free(&a_displs);
    return rc;
}
OML_ALIAS(Allgatherv_init_c)

OML_API int PMPI_Alltoall_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                            void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype,
                            MPI_Comm comm)
{
    static const char fn[] = "MPI_Alltoall_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Alltoall(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount,
                                             recvtype, comm);
}
OML_ALIAS(Alltoall_c)

OML_API int PMPI_Ialltoall_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                             void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype,
                             MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Ialltoall_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Ialltoall(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount,
                                              recvtype, comm, request);
}
OML_ALIAS(Ialltoall_c)

OML_API int PMPI_Alltoall_init_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                                 void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype,
                                 MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Alltoall_init_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Alltoall_init(sendbuf, i_sendcount, sendtype, recvbuf,
                                                  i_recvcount, recvtype, comm, info, request);
}
OML_ALIAS(Alltoall_init_c)

OML_API int PMPI_Alltoallv_c(const void *sendbuf, const MPI_Count sendcounts[],
                             const MPI_Aint sdispls[], MPI_Datatype sendtype, void *recvbuf,
                             const MPI_Count recvcounts[], const MPI_Aint rdispls[],
                             MPI_Datatype recvtype, MPI_Comm comm)
{
    static const char fn[] = "MPI_Alltoallv_c";
    int rc = cl_comm(fn, comm);
    cl_arr_t a_sendcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sendcounts, false, 0, "sendcounts", &a_sendcounts);
    cl_arr_t a_sdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sdispls, true, 0, "sdispls", &a_sdispls);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 0, "recvcounts", &a_recvcounts);
    cl_arr_t a_rdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, rdispls, true, 0, "rdispls", &a_rdispls);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Alltoallv(sendbuf, a_sendcounts.p, a_sdispls.p, sendtype, recvbuf, a_recvcounts.p,
                            a_rdispls.p, recvtype, comm);
    cl_free(&a_sendcounts);
    cl_free(&a_sdispls);
    cl_free(&a_recvcounts);
    cl_free(&a_rdispls);
    return rc;
}
OML_ALIAS(Alltoallv_c)

OML_API int PMPI_Ialltoallv_c(const void *sendbuf, const MPI_Count sendcounts[],
                              const MPI_Aint sdispls[], MPI_Datatype sendtype, void *recvbuf,
                              const MPI_Count recvcounts[], const MPI_Aint rdispls[],
                              MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Ialltoallv_c";
    int rc = cl_comm(fn, comm);
    cl_arr_t a_sendcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sendcounts, false, 0, "sendcounts", &a_sendcounts);
    cl_arr_t a_sdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sdispls, true, 0, "sdispls", &a_sdispls);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 0, "recvcounts", &a_recvcounts);
    cl_arr_t a_rdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, rdispls, true, 0, "rdispls", &a_rdispls);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Ialltoallv(sendbuf, a_sendcounts.p, a_sdispls.p, sendtype, recvbuf,
                             a_recvcounts.p, a_rdispls.p, recvtype, comm, request);
    cl_free(&a_sendcounts);
    cl_free(&a_sdispls);
    cl_free(&a_recvcounts);
    cl_free(&a_rdispls);
    return rc;
}
OML_ALIAS(Ialltoallv_c)

OML_API int PMPI_Alltoallv_init_c(const void *sendbuf, const MPI_Count sendcounts[],
                                  const MPI_Aint sdispls[], MPI_Datatype sendtype, void *recvbuf,
                                  const MPI_Count recvcounts[], const MPI_Aint rdispls[],
                                  MPI_Datatype recvtype, MPI_Comm comm, MPI_Info info,
                                  MPI_Request *request)
{
    static const char fn[] = "MPI_Alltoallv_init_c";
    int rc = cl_comm(fn, comm);
    cl_arr_t a_sendcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sendcounts, false, 0, "sendcounts", &a_sendcounts);
    cl_arr_t a_sdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sdispls, true, 0, "sdispls", &a_sdispls);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 0, "recvcounts", &a_recvcounts);
    cl_arr_t a_rdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, rdispls, true, 0, "rdispls", &a_rdispls);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Alltoallv_init(sendbuf, a_sendcounts.p, a_sdispls.p, sendtype, recvbuf,
                                 a_recvcounts.p, a_rdispls.p, recvtype, comm, info, request);
    cl_free(&a_sendcounts);
    cl_free(&a_sdispls);
    cl_free(&a_recvcounts);
    cl_free(&a_rdispls);
    return rc;
}
OML_ALIAS(Alltoallv_init_c)

OML_API int PMPI_Alltoallw_c(const void *sendbuf, const MPI_Count sendcounts[],
                             const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                             void *recvbuf, const MPI_Count recvcounts[], const MPI_Aint rdispls[],
                             const MPI_Datatype recvtypes[], MPI_Comm comm)
{
    static const char fn[] = "MPI_Alltoallw_c";
    int rc = cl_comm(fn, comm);
    cl_arr_t a_sendcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sendcounts, false, 0, "sendcounts", &a_sendcounts);
    cl_arr_t a_sdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sdispls, true, 0, "sdispls", &a_sdispls);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 0, "recvcounts", &a_recvcounts);
    cl_arr_t a_rdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, rdispls, true, 0, "rdispls", &a_rdispls);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Alltoallw(sendbuf, a_sendcounts.p, a_sdispls.p, sendtypes, recvbuf,
                            a_recvcounts.p, a_rdispls.p, recvtypes, comm);
    cl_free(&a_sendcounts);
    cl_free(&a_sdispls);
    cl_free(&a_recvcounts);
    cl_free(&a_rdispls);
    return rc;
}
OML_ALIAS(Alltoallw_c)

OML_API int PMPI_Ialltoallw_c(const void *sendbuf, const MPI_Count sendcounts[],
                              const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                              void *recvbuf, const MPI_Count recvcounts[], const MPI_Aint rdispls[],
                              const MPI_Datatype recvtypes[], MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Ialltoallw_c";
    int rc = cl_comm(fn, comm);
    cl_arr_t a_sendcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sendcounts, false, 0, "sendcounts", &a_sendcounts);
    cl_arr_t a_sdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sdispls, true, 0, "sdispls", &a_sdispls);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 0, "recvcounts", &a_recvcounts);
    cl_arr_t a_rdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, rdispls, true, 0, "rdispls", &a_rdispls);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Ialltoallw(sendbuf, a_sendcounts.p, a_sdispls.p, sendtypes, recvbuf,
                             a_recvcounts.p, a_rdispls.p, recvtypes, comm, request);
    cl_free(&a_sendcounts);
    cl_free(&a_sdispls);
    cl_free(&a_recvcounts);
    cl_free(&a_rdispls);
    return rc;
}
OML_ALIAS(Ialltoallw_c)

OML_API int PMPI_Alltoallw_init_c(const void *sendbuf, const MPI_Count sendcounts[],
                                  const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                                  void *recvbuf, const MPI_Count recvcounts[],
                                  const MPI_Aint rdispls[], const MPI_Datatype recvtypes[],
                                  MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Alltoallw_init_c";
    int rc = cl_comm(fn, comm);
    cl_arr_t a_sendcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sendcounts, false, 0, "sendcounts", &a_sendcounts);
    cl_arr_t a_sdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sdispls, true, 0, "sdispls", &a_sdispls);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 0, "recvcounts", &a_recvcounts);
    cl_arr_t a_rdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, rdispls, true, 0, "rdispls", &a_rdispls);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Alltoallw_init(sendbuf, a_sendcounts.p, a_sdispls.p, sendtypes, recvbuf,
                                 a_recvcounts.p, a_rdispls.p, recvtypes, comm, info, request);
    cl_free(&a_sendcounts);
    cl_free(&a_sdispls);
    cl_free(&a_recvcounts);
    cl_free(&a_rdispls);
    return rc;
}
OML_ALIAS(Alltoallw_init_c)

OML_API int PMPI_Reduce_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                          MPI_Datatype datatype, MPI_Op op, int root, MPI_Comm comm)
{
    static const char fn[] = "MPI_Reduce_c";
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Reduce(sendbuf, recvbuf, i_count, datatype, op, root, comm);
}
OML_ALIAS(Reduce_c)

OML_API int PMPI_Ireduce_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                           MPI_Datatype datatype, MPI_Op op, int root, MPI_Comm comm,
                           MPI_Request *request)
{
    static const char fn[] = "MPI_Ireduce_c";
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    return rc != MPI_SUCCESS
               ? rc
               : PMPI_Ireduce(sendbuf, recvbuf, i_count, datatype, op, root, comm, request);
}
OML_ALIAS(Ireduce_c)

OML_API int PMPI_Reduce_init_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                               MPI_Datatype datatype, MPI_Op op, int root, MPI_Comm comm,
                               MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Reduce_init_c";
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Reduce_init(sendbuf, recvbuf, i_count, datatype, op, root, comm,
                                                info, request);
}
OML_ALIAS(Reduce_init_c)

OML_API int PMPI_Allreduce_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                             MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    static const char fn[] = "MPI_Allreduce_c";
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    return rc != MPI_SUCCESS ? rc : PMPI_Allreduce(sendbuf, recvbuf, i_count, datatype, op, comm);
}
OML_ALIAS(Allreduce_c)

OML_API int PMPI_Iallreduce_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                              MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Iallreduce_c";
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    return rc != MPI_SUCCESS
               ? rc
               : PMPI_Iallreduce(sendbuf, recvbuf, i_count, datatype, op, comm, request);
}
OML_ALIAS(Iallreduce_c)

OML_API int PMPI_Allreduce_init_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                                  MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Info info,
                                  MPI_Request *request)
{
    static const char fn[] = "MPI_Allreduce_init_c";
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    return rc != MPI_SUCCESS
               ? rc
               : PMPI_Allreduce_init(sendbuf, recvbuf, i_count, datatype, op, comm, info, request);
}
OML_ALIAS(Allreduce_init_c)

OML_API int PMPI_Reduce_scatter_c(const void *sendbuf, void *recvbuf, const MPI_Count recvcounts[],
                                  MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    static const char fn[] = "MPI_Reduce_scatter_c";
    int rc = cl_comm(fn, comm);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 0, "recvcounts", &a_recvcounts);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Reduce_scatter(sendbuf, recvbuf, a_recvcounts.p, datatype, op, comm);
    cl_free(&a_recvcounts);
    return rc;
}
OML_ALIAS(Reduce_scatter_c)

OML_API int PMPI_Ireduce_scatter_c(const void *sendbuf, void *recvbuf, const MPI_Count recvcounts[],
                                   MPI_Datatype datatype, MPI_Op op, MPI_Comm comm,
                                   MPI_Request *request)
{
    static const char fn[] = "MPI_Ireduce_scatter_c";
    int rc = cl_comm(fn, comm);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 0, "recvcounts", &a_recvcounts);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Ireduce_scatter(sendbuf, recvbuf, a_recvcounts.p, datatype, op, comm, request);
    cl_free(&a_recvcounts);
    return rc;
}
OML_ALIAS(Ireduce_scatter_c)

OML_API int PMPI_Reduce_scatter_init_c(const void *sendbuf, void *recvbuf,
                                       const MPI_Count recvcounts[], MPI_Datatype datatype,
                                       MPI_Op op, MPI_Comm comm, MPI_Info info,
                                       MPI_Request *request)
{
    static const char fn[] = "MPI_Reduce_scatter_init_c";
    int rc = cl_comm(fn, comm);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 0, "recvcounts", &a_recvcounts);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Reduce_scatter_init(sendbuf, recvbuf, a_recvcounts.p, datatype, op, comm, info,
                                      request);
    cl_free(&a_recvcounts);
    return rc;
}
OML_ALIAS(Reduce_scatter_init_c)

OML_API int PMPI_Reduce_scatter_block_c(const void *sendbuf, void *recvbuf, MPI_Count recvcount,
                                        MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    static const char fn[] = "MPI_Reduce_scatter_block_c";
    int rc = cl_comm(fn, comm);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS
               ? rc
               : PMPI_Reduce_scatter_block(sendbuf, recvbuf, i_recvcount, datatype, op, comm);
}
OML_ALIAS(Reduce_scatter_block_c)

OML_API int PMPI_Ireduce_scatter_block_c(const void *sendbuf, void *recvbuf, MPI_Count recvcount,
                                         MPI_Datatype datatype, MPI_Op op, MPI_Comm comm,
                                         MPI_Request *request)
{
    static const char fn[] = "MPI_Ireduce_scatter_block_c";
    int rc = cl_comm(fn, comm);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Ireduce_scatter_block(sendbuf, recvbuf, i_recvcount, datatype,
                                                          op, comm, request);
}
OML_ALIAS(Ireduce_scatter_block_c)

OML_API int PMPI_Reduce_scatter_block_init_c(const void *sendbuf, void *recvbuf,
                                             MPI_Count recvcount, MPI_Datatype datatype, MPI_Op op,
                                             MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Reduce_scatter_block_init_c";
    int rc = cl_comm(fn, comm);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Reduce_scatter_block_init(sendbuf, recvbuf, i_recvcount,
                                                              datatype, op, comm, info, request);
}
OML_ALIAS(Reduce_scatter_block_init_c)

OML_API int PMPI_Scan_c(const void *sendbuf, void *recvbuf, MPI_Count count, MPI_Datatype datatype,
                        MPI_Op op, MPI_Comm comm)
{
    static const char fn[] = "MPI_Scan_c";
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    return rc != MPI_SUCCESS ? rc : PMPI_Scan(sendbuf, recvbuf, i_count, datatype, op, comm);
}
OML_ALIAS(Scan_c)

OML_API int PMPI_Iscan_c(const void *sendbuf, void *recvbuf, MPI_Count count, MPI_Datatype datatype,
                         MPI_Op op, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Iscan_c";
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Iscan(sendbuf, recvbuf, i_count, datatype, op, comm, request);
}
OML_ALIAS(Iscan_c)

OML_API int PMPI_Scan_init_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                             MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Info info,
                             MPI_Request *request)
{
    static const char fn[] = "MPI_Scan_init_c";
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    return rc != MPI_SUCCESS
               ? rc
               : PMPI_Scan_init(sendbuf, recvbuf, i_count, datatype, op, comm, info, request);
}
OML_ALIAS(Scan_init_c)

OML_API int PMPI_Exscan_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                          MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    static const char fn[] = "MPI_Exscan_c";
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    return rc != MPI_SUCCESS ? rc : PMPI_Exscan(sendbuf, recvbuf, i_count, datatype, op, comm);
}
OML_ALIAS(Exscan_c)

OML_API int PMPI_Iexscan_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                           MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Iexscan_c";
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Iexscan(sendbuf, recvbuf, i_count, datatype, op, comm, request);
}
OML_ALIAS(Iexscan_c)

OML_API int PMPI_Exscan_init_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                               MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Info info,
                               MPI_Request *request)
{
    static const char fn[] = "MPI_Exscan_init_c";
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    return rc != MPI_SUCCESS
               ? rc
               : PMPI_Exscan_init(sendbuf, recvbuf, i_count, datatype, op, comm, info, request);
}
OML_ALIAS(Exscan_init_c)

OML_API int PMPI_Neighbor_allgather_c(const void *sendbuf, MPI_Count sendcount,
                                      MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                                      MPI_Datatype recvtype, MPI_Comm comm)
{
    static const char fn[] = "MPI_Neighbor_allgather_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Neighbor_allgather(sendbuf, i_sendcount, sendtype, recvbuf,
                                                       i_recvcount, recvtype, comm);
}
OML_ALIAS(Neighbor_allgather_c)

OML_API int PMPI_Ineighbor_allgather_c(const void *sendbuf, MPI_Count sendcount,
                                       MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                                       MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Ineighbor_allgather_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Ineighbor_allgather(sendbuf, i_sendcount, sendtype, recvbuf,
                                                        i_recvcount, recvtype, comm, request);
}
OML_ALIAS(Ineighbor_allgather_c)

OML_API int PMPI_Neighbor_allgather_init_c(const void *sendbuf, MPI_Count sendcount,
                                           MPI_Datatype sendtype, void *recvbuf,
                                           MPI_Count recvcount, MPI_Datatype recvtype,
                                           MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Neighbor_allgather_init_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS
               ? rc
               : PMPI_Neighbor_allgather_init(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount,
                                              recvtype, comm, info, request);
}
OML_ALIAS(Neighbor_allgather_init_c)

OML_API int PMPI_Neighbor_allgatherv_c(const void *sendbuf, MPI_Count sendcount,
                                       MPI_Datatype sendtype, void *recvbuf,
                                       const MPI_Count recvcounts[], const MPI_Aint displs[],
                                       MPI_Datatype recvtype, MPI_Comm comm)
{
    static const char fn[] = "MPI_Neighbor_allgatherv_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 1, "recvcounts", &a_recvcounts);
    cl_arr_t a_displs = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, displs, true, 1, "displs", &a_displs);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Neighbor_allgatherv(sendbuf, i_sendcount, sendtype, recvbuf, a_recvcounts.p,
                                      a_displs.p, recvtype, comm);
    cl_free(&a_recvcounts);
    cl_free(&a_displs);
    return rc;
}
OML_ALIAS(Neighbor_allgatherv_c)

OML_API int PMPI_Ineighbor_allgatherv_c(const void *sendbuf, MPI_Count sendcount,
                                        MPI_Datatype sendtype, void *recvbuf,
                                        const MPI_Count recvcounts[], const MPI_Aint displs[],
                                        MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Ineighbor_allgatherv_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 1, "recvcounts", &a_recvcounts);
    cl_arr_t a_displs = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, displs, true, 1, "displs", &a_displs);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Ineighbor_allgatherv(sendbuf, i_sendcount, sendtype, recvbuf, a_recvcounts.p,
                                       a_displs.p, recvtype, comm, request);
    cl_free(&a_recvcounts);
    cl_free(&a_displs);
    return rc;
}
OML_ALIAS(Ineighbor_allgatherv_c)

OML_API int PMPI_Neighbor_allgatherv_init_c(const void *sendbuf, MPI_Count sendcount,
                                            MPI_Datatype sendtype, void *recvbuf,
                                            const MPI_Count recvcounts[], const MPI_Aint displs[],
                                            MPI_Datatype recvtype, MPI_Comm comm, MPI_Info info,
                                            MPI_Request *request)
{
    static const char fn[] = "MPI_Neighbor_allgatherv_init_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 1, "recvcounts", &a_recvcounts);
    cl_arr_t a_displs = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, displs, true, 1, "displs", &a_displs);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Neighbor_allgatherv_init(sendbuf, i_sendcount, sendtype, recvbuf, a_recvcounts.p,
                                           a_displs.p, recvtype, comm, info, request);
    cl_free(&a_recvcounts);
    cl_free(&a_displs);
    return rc;
}
OML_ALIAS(Neighbor_allgatherv_init_c)

OML_API int PMPI_Neighbor_alltoall_c(const void *sendbuf, MPI_Count sendcount,
                                     MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                                     MPI_Datatype recvtype, MPI_Comm comm)
{
    static const char fn[] = "MPI_Neighbor_alltoall_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Neighbor_alltoall(sendbuf, i_sendcount, sendtype, recvbuf,
                                                      i_recvcount, recvtype, comm);
}
OML_ALIAS(Neighbor_alltoall_c)

OML_API int PMPI_Ineighbor_alltoall_c(const void *sendbuf, MPI_Count sendcount,
                                      MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                                      MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Ineighbor_alltoall_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS ? rc
                             : PMPI_Ineighbor_alltoall(sendbuf, i_sendcount, sendtype, recvbuf,
                                                       i_recvcount, recvtype, comm, request);
}
OML_ALIAS(Ineighbor_alltoall_c)

OML_API int PMPI_Neighbor_alltoall_init_c(const void *sendbuf, MPI_Count sendcount,
                                          MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                                          MPI_Datatype recvtype, MPI_Comm comm, MPI_Info info,
                                          MPI_Request *request)
{
    static const char fn[] = "MPI_Neighbor_alltoall_init_c";
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    return rc != MPI_SUCCESS
               ? rc
               : PMPI_Neighbor_alltoall_init(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount,
                                             recvtype, comm, info, request);
}
OML_ALIAS(Neighbor_alltoall_init_c)

OML_API int PMPI_Neighbor_alltoallv_c(const void *sendbuf, const MPI_Count sendcounts[],
                                      const MPI_Aint sdispls[], MPI_Datatype sendtype,
                                      void *recvbuf, const MPI_Count recvcounts[],
                                      const MPI_Aint rdispls[], MPI_Datatype recvtype,
                                      MPI_Comm comm)
{
    static const char fn[] = "MPI_Neighbor_alltoallv_c";
    int rc = cl_comm(fn, comm);
    cl_arr_t a_sendcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sendcounts, false, 2, "sendcounts", &a_sendcounts);
    cl_arr_t a_sdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sdispls, true, 2, "sdispls", &a_sdispls);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 1, "recvcounts", &a_recvcounts);
    cl_arr_t a_rdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, rdispls, true, 1, "rdispls", &a_rdispls);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Neighbor_alltoallv(sendbuf, a_sendcounts.p, a_sdispls.p, sendtype, recvbuf,
                                     a_recvcounts.p, a_rdispls.p, recvtype, comm);
    cl_free(&a_sendcounts);
    cl_free(&a_sdispls);
    cl_free(&a_recvcounts);
    cl_free(&a_rdispls);
    return rc;
}
OML_ALIAS(Neighbor_alltoallv_c)

OML_API int PMPI_Ineighbor_alltoallv_c(const void *sendbuf, const MPI_Count sendcounts[],
                                       const MPI_Aint sdispls[], MPI_Datatype sendtype,
                                       void *recvbuf, const MPI_Count recvcounts[],
                                       const MPI_Aint rdispls[], MPI_Datatype recvtype,
                                       MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Ineighbor_alltoallv_c";
    int rc = cl_comm(fn, comm);
    cl_arr_t a_sendcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sendcounts, false, 2, "sendcounts", &a_sendcounts);
    cl_arr_t a_sdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sdispls, true, 2, "sdispls", &a_sdispls);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 1, "recvcounts", &a_recvcounts);
    cl_arr_t a_rdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, rdispls, true, 1, "rdispls", &a_rdispls);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Ineighbor_alltoallv(sendbuf, a_sendcounts.p, a_sdispls.p, sendtype, recvbuf,
                                      a_recvcounts.p, a_rdispls.p, recvtype, comm, request);
    cl_free(&a_sendcounts);
    cl_free(&a_sdispls);
    cl_free(&a_recvcounts);
    cl_free(&a_rdispls);
    return rc;
}
OML_ALIAS(Ineighbor_alltoallv_c)

OML_API int PMPI_Neighbor_alltoallv_init_c(const void *sendbuf, const MPI_Count sendcounts[],
                                           const MPI_Aint sdispls[], MPI_Datatype sendtype,
                                           void *recvbuf, const MPI_Count recvcounts[],
                                           const MPI_Aint rdispls[], MPI_Datatype recvtype,
                                           MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Neighbor_alltoallv_init_c";
    int rc = cl_comm(fn, comm);
    cl_arr_t a_sendcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sendcounts, false, 2, "sendcounts", &a_sendcounts);
    cl_arr_t a_sdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sdispls, true, 2, "sdispls", &a_sdispls);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 1, "recvcounts", &a_recvcounts);
    cl_arr_t a_rdispls = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, rdispls, true, 1, "rdispls", &a_rdispls);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Neighbor_alltoallv_init(sendbuf, a_sendcounts.p, a_sdispls.p, sendtype, recvbuf,
                                          a_recvcounts.p, a_rdispls.p, recvtype, comm, info,
                                          request);
    cl_free(&a_sendcounts);
    cl_free(&a_sdispls);
    cl_free(&a_recvcounts);
    cl_free(&a_rdispls);
    return rc;
}
OML_ALIAS(Neighbor_alltoallv_init_c)

OML_API int PMPI_Neighbor_alltoallw_c(const void *sendbuf, const MPI_Count sendcounts[],
                                      const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                                      void *recvbuf, const MPI_Count recvcounts[],
                                      const MPI_Aint rdispls[], const MPI_Datatype recvtypes[],
                                      MPI_Comm comm)
{
    static const char fn[] = "MPI_Neighbor_alltoallw_c";
    int rc = cl_comm(fn, comm);
    cl_arr_t a_sendcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sendcounts, false, 2, "sendcounts", &a_sendcounts);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 1, "recvcounts", &a_recvcounts);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Neighbor_alltoallw(sendbuf, a_sendcounts.p, sdispls, sendtypes, recvbuf,
                                     a_recvcounts.p, rdispls, recvtypes, comm);
    cl_free(&a_sendcounts);
    cl_free(&a_recvcounts);
    return rc;
}
OML_ALIAS(Neighbor_alltoallw_c)

OML_API int PMPI_Ineighbor_alltoallw_c(const void *sendbuf, const MPI_Count sendcounts[],
                                       const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                                       void *recvbuf, const MPI_Count recvcounts[],
                                       const MPI_Aint rdispls[], const MPI_Datatype recvtypes[],
                                       MPI_Comm comm, MPI_Request *request)
{
    static const char fn[] = "MPI_Ineighbor_alltoallw_c";
    int rc = cl_comm(fn, comm);
    cl_arr_t a_sendcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sendcounts, false, 2, "sendcounts", &a_sendcounts);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 1, "recvcounts", &a_recvcounts);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Ineighbor_alltoallw(sendbuf, a_sendcounts.p, sdispls, sendtypes, recvbuf,
                                      a_recvcounts.p, rdispls, recvtypes, comm, request);
    cl_free(&a_sendcounts);
    cl_free(&a_recvcounts);
    return rc;
}
OML_ALIAS(Ineighbor_alltoallw_c)

OML_API int PMPI_Neighbor_alltoallw_init_c(const void *sendbuf, const MPI_Count sendcounts[],
                                           const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                                           void *recvbuf, const MPI_Count recvcounts[],
                                           const MPI_Aint rdispls[], const MPI_Datatype recvtypes[],
                                           MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    static const char fn[] = "MPI_Neighbor_alltoallw_init_c";
    int rc = cl_comm(fn, comm);
    cl_arr_t a_sendcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sendcounts, false, 2, "sendcounts", &a_sendcounts);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 1, "recvcounts", &a_recvcounts);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Neighbor_alltoallw_init(sendbuf, a_sendcounts.p, sdispls, sendtypes, recvbuf,
                                          a_recvcounts.p, rdispls, recvtypes, comm, info, request);
    cl_free(&a_sendcounts);
    cl_free(&a_recvcounts);
    return rc;
}
OML_ALIAS(Neighbor_alltoallw_init_c)

OML_API int PMPI_Reduce_local_c(const void *inbuf, void *inoutbuf, MPI_Count count,
                                MPI_Datatype datatype, MPI_Op op)
{
    static const char fn[] = "MPI_Reduce_local_c";
    int rc = MPI_SUCCESS;
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, MPI_COMM_NULL, count, "count", &i_count);
    return rc != MPI_SUCCESS ? rc : PMPI_Reduce_local(inbuf, inoutbuf, i_count, datatype, op);
}
OML_ALIAS(Reduce_local_c)
