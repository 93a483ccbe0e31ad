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

/* Which of a collective's three calls: MPI_X, MPI_IX or MPI_X_init. */
enum { CL_BLOCKING, CL_NONBLOCKING, CL_PERSISTENT };

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

static int cl_bcast(const char *fn, void *buffer, MPI_Count count, MPI_Datatype datatype, int root,
                    MPI_Comm comm, MPI_Info info, MPI_Request *request, int form)
{
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    if (rc == MPI_SUCCESS)
        rc = form == CL_BLOCKING ? PMPI_Bcast(buffer, i_count, datatype, root, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Ibcast(buffer, i_count, datatype, root, comm, request)
                 : PMPI_Bcast_init(buffer, i_count, datatype, root, comm, info, request);
    return rc;
}

OML_API int PMPI_Bcast_c(void *buffer, MPI_Count count, MPI_Datatype datatype, int root,
                         MPI_Comm comm)
{
    return cl_bcast("MPI_Bcast_c", buffer, count, datatype, root, comm, MPI_INFO_NULL, NULL,
                    CL_BLOCKING);
}
OML_ALIAS(Bcast_c)

OML_API int PMPI_Ibcast_c(void *buffer, MPI_Count count, MPI_Datatype datatype, int root,
                          MPI_Comm comm, MPI_Request *request)
{
    return cl_bcast("MPI_Ibcast_c", buffer, count, datatype, root, comm, MPI_INFO_NULL, request,
                    CL_NONBLOCKING);
}
OML_ALIAS(Ibcast_c)

OML_API int PMPI_Bcast_init_c(void *buffer, MPI_Count count, MPI_Datatype datatype, int root,
                              MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    return cl_bcast("MPI_Bcast_init_c", buffer, count, datatype, root, comm, info, request,
                    CL_PERSISTENT);
}
OML_ALIAS(Bcast_init_c)

static int cl_gather(const char *fn, const void *sendbuf, MPI_Count sendcount,
                     MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                     MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Info info,
                     MPI_Request *request, int form)
{
    int rc = cl_comm(fn, comm);
    bool root_side = rc == MPI_SUCCESS && cl_root_side(comm, root);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS && root_side)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    if (rc == MPI_SUCCESS)
        rc = form == CL_BLOCKING ? PMPI_Gather(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount,
                                               recvtype, root, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Igather(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount, recvtype,
                                root, comm, request)
                 : PMPI_Gather_init(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount, recvtype,
                                    root, comm, info, request);
    return rc;
}

OML_API int PMPI_Gather_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                          void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int root,
                          MPI_Comm comm)
{
    return cl_gather("MPI_Gather_c", sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype,
                     root, comm, MPI_INFO_NULL, NULL, CL_BLOCKING);
}
OML_ALIAS(Gather_c)

OML_API int PMPI_Igather_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                           void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int root,
                           MPI_Comm comm, MPI_Request *request)
{
    return cl_gather("MPI_Igather_c", sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype,
                     root, comm, MPI_INFO_NULL, request, CL_NONBLOCKING);
}
OML_ALIAS(Igather_c)

OML_API int PMPI_Gather_init_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                               void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int root,
                               MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    return cl_gather("MPI_Gather_init_c", sendbuf, sendcount, sendtype, recvbuf, recvcount,
                     recvtype, root, comm, info, request, CL_PERSISTENT);
}
OML_ALIAS(Gather_init_c)

static int cl_gatherv(const char *fn, const void *sendbuf, MPI_Count sendcount,
                      MPI_Datatype sendtype, void *recvbuf, const MPI_Count recvcounts[],
                      const MPI_Aint displs[], MPI_Datatype recvtype, int root, MPI_Comm comm,
                      MPI_Info info, MPI_Request *request, int form)
{
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
        rc = form == CL_BLOCKING ? PMPI_Gatherv(sendbuf, i_sendcount, sendtype, recvbuf,
                                                a_recvcounts.p, a_displs.p, recvtype, root, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Igatherv(sendbuf, i_sendcount, sendtype, recvbuf, a_recvcounts.p,
                                 a_displs.p, recvtype, root, comm, request)
                 : PMPI_Gatherv_init(sendbuf, i_sendcount, sendtype, recvbuf, a_recvcounts.p,
                                     a_displs.p, recvtype, root, comm, info, request);
    cl_free(&a_recvcounts);
    cl_free(&a_displs);
    return rc;
}

OML_API int PMPI_Gatherv_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                           void *recvbuf, const MPI_Count recvcounts[], const MPI_Aint displs[],
                           MPI_Datatype recvtype, int root, MPI_Comm comm)
{
    return cl_gatherv("MPI_Gatherv_c", sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs,
                      recvtype, root, comm, MPI_INFO_NULL, NULL, CL_BLOCKING);
}
OML_ALIAS(Gatherv_c)

OML_API int PMPI_Igatherv_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                            void *recvbuf, const MPI_Count recvcounts[], const MPI_Aint displs[],
                            MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Request *request)
{
    return cl_gatherv("MPI_Igatherv_c", sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs,
                      recvtype, root, comm, MPI_INFO_NULL, request, CL_NONBLOCKING);
}
OML_ALIAS(Igatherv_c)

OML_API int PMPI_Gatherv_init_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                                void *recvbuf, const MPI_Count recvcounts[],
                                const MPI_Aint displs[], MPI_Datatype recvtype, int root,
                                MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    return cl_gatherv("MPI_Gatherv_init_c", sendbuf, sendcount, sendtype, recvbuf, recvcounts,
                      displs, recvtype, root, comm, info, request, CL_PERSISTENT);
}
OML_ALIAS(Gatherv_init_c)

static int cl_scatter(const char *fn, const void *sendbuf, MPI_Count sendcount,
                      MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                      MPI_Datatype recvtype, int root, MPI_Comm comm, MPI_Info info,
                      MPI_Request *request, int form)
{
    int rc = cl_comm(fn, comm);
    bool root_side = rc == MPI_SUCCESS && cl_root_side(comm, root);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS && root_side)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    if (rc == MPI_SUCCESS)
        rc = form == CL_BLOCKING ? PMPI_Scatter(sendbuf, i_sendcount, sendtype, recvbuf,
                                                i_recvcount, recvtype, root, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Iscatter(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount, recvtype,
                                 root, comm, request)
                 : PMPI_Scatter_init(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount, recvtype,
                                     root, comm, info, request);
    return rc;
}

OML_API int PMPI_Scatter_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                           void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int root,
                           MPI_Comm comm)
{
    return cl_scatter("MPI_Scatter_c", sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype,
                      root, comm, MPI_INFO_NULL, NULL, CL_BLOCKING);
}
OML_ALIAS(Scatter_c)

OML_API int PMPI_Iscatter_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                            void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int root,
                            MPI_Comm comm, MPI_Request *request)
{
    return cl_scatter("MPI_Iscatter_c", sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype,
                      root, comm, MPI_INFO_NULL, request, CL_NONBLOCKING);
}
OML_ALIAS(Iscatter_c)

OML_API int PMPI_Scatter_init_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                                void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype, int root,
                                MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    return cl_scatter("MPI_Scatter_init_c", sendbuf, sendcount, sendtype, recvbuf, recvcount,
                      recvtype, root, comm, info, request, CL_PERSISTENT);
}
OML_ALIAS(Scatter_init_c)

static int cl_scatterv(const char *fn, const void *sendbuf, const MPI_Count sendcounts[],
                       const MPI_Aint displs[], MPI_Datatype sendtype, void *recvbuf,
                       MPI_Count recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm,
                       MPI_Info info, MPI_Request *request, int form)
{
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
        rc = form == CL_BLOCKING ? PMPI_Scatterv(sendbuf, a_sendcounts.p, a_displs.p, sendtype,
                                                 recvbuf, i_recvcount, recvtype, root, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Iscatterv(sendbuf, a_sendcounts.p, a_displs.p, sendtype, recvbuf,
                                  i_recvcount, recvtype, root, comm, request)
                 : PMPI_Scatterv_init(sendbuf, a_sendcounts.p, a_displs.p, sendtype, recvbuf,
                                      i_recvcount, recvtype, root, comm, info, request);
    cl_free(&a_sendcounts);
    cl_free(&a_displs);
    return rc;
}

OML_API int PMPI_Scatterv_c(const void *sendbuf, const MPI_Count sendcounts[],
                            const MPI_Aint displs[], MPI_Datatype sendtype, void *recvbuf,
                            MPI_Count recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm)
{
    return cl_scatterv("MPI_Scatterv_c", sendbuf, sendcounts, displs, sendtype, recvbuf, recvcount,
                       recvtype, root, comm, MPI_INFO_NULL, NULL, CL_BLOCKING);
}
OML_ALIAS(Scatterv_c)

OML_API int PMPI_Iscatterv_c(const void *sendbuf, const MPI_Count sendcounts[],
                             const MPI_Aint displs[], MPI_Datatype sendtype, void *recvbuf,
                             MPI_Count recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm,
                             MPI_Request *request)
{
    return cl_scatterv("MPI_Iscatterv_c", sendbuf, sendcounts, displs, sendtype, recvbuf, recvcount,
                       recvtype, root, comm, MPI_INFO_NULL, request, CL_NONBLOCKING);
}
OML_ALIAS(Iscatterv_c)

OML_API int PMPI_Scatterv_init_c(const void *sendbuf, const MPI_Count sendcounts[],
                                 const MPI_Aint displs[], MPI_Datatype sendtype, void *recvbuf,
                                 MPI_Count recvcount, MPI_Datatype recvtype, int root,
                                 MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    return cl_scatterv("MPI_Scatterv_init_c", sendbuf, sendcounts, displs, sendtype, recvbuf,
                       recvcount, recvtype, root, comm, info, request, CL_PERSISTENT);
}
OML_ALIAS(Scatterv_init_c)

static int cl_allgather(const char *fn, const void *sendbuf, MPI_Count sendcount,
                        MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                        MPI_Datatype recvtype, MPI_Comm comm, MPI_Info info, MPI_Request *request,
                        int form)
{
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    if (rc == MPI_SUCCESS)
        rc = form == CL_BLOCKING ? PMPI_Allgather(sendbuf, i_sendcount, sendtype, recvbuf,
                                                  i_recvcount, recvtype, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Iallgather(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount, recvtype,
                                   comm, request)
                 : PMPI_Allgather_init(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount,
                                       recvtype, comm, info, request);
    return rc;
}

OML_API int PMPI_Allgather_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                             void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype,
                             MPI_Comm comm)
{
    return cl_allgather("MPI_Allgather_c", sendbuf, sendcount, sendtype, recvbuf, recvcount,
                        recvtype, comm, MPI_INFO_NULL, NULL, CL_BLOCKING);
}
OML_ALIAS(Allgather_c)

OML_API int PMPI_Iallgather_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                              void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype,
                              MPI_Comm comm, MPI_Request *request)
{
    return cl_allgather("MPI_Iallgather_c", sendbuf, sendcount, sendtype, recvbuf, recvcount,
                        recvtype, comm, MPI_INFO_NULL, request, CL_NONBLOCKING);
}
OML_ALIAS(Iallgather_c)

OML_API int PMPI_Allgather_init_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                                  void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype,
                                  MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    return cl_allgather("MPI_Allgather_init_c", sendbuf, sendcount, sendtype, recvbuf, recvcount,
                        recvtype, comm, info, request, CL_PERSISTENT);
}
OML_ALIAS(Allgather_init_c)

static int cl_allgatherv(const char *fn, const void *sendbuf, MPI_Count sendcount,
                         MPI_Datatype sendtype, void *recvbuf, const MPI_Count recvcounts[],
                         const MPI_Aint displs[], MPI_Datatype recvtype, MPI_Comm comm,
                         MPI_Info info, MPI_Request *request, int form)
{
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
        rc = form == CL_BLOCKING ? PMPI_Allgatherv(sendbuf, i_sendcount, sendtype, recvbuf,
                                                   a_recvcounts.p, a_displs.p, recvtype, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Iallgatherv(sendbuf, i_sendcount, sendtype, recvbuf, a_recvcounts.p,
                                    a_displs.p, recvtype, comm, request)
                 : PMPI_Allgatherv_init(sendbuf, i_sendcount, sendtype, recvbuf, a_recvcounts.p,
                                        a_displs.p, recvtype, comm, info, request);
    cl_free(&a_recvcounts);
    cl_free(&a_displs);
    return rc;
}

OML_API int PMPI_Allgatherv_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                              void *recvbuf, const MPI_Count recvcounts[], const MPI_Aint displs[],
                              MPI_Datatype recvtype, MPI_Comm comm)
{
    return cl_allgatherv("MPI_Allgatherv_c", sendbuf, sendcount, sendtype, recvbuf, recvcounts,
                         displs, recvtype, comm, MPI_INFO_NULL, NULL, CL_BLOCKING);
}
OML_ALIAS(Allgatherv_c)

OML_API int PMPI_Iallgatherv_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                               void *recvbuf, const MPI_Count recvcounts[], const MPI_Aint displs[],
                               MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    return cl_allgatherv("MPI_Iallgatherv_c", sendbuf, sendcount, sendtype, recvbuf, recvcounts,
                         displs, recvtype, comm, MPI_INFO_NULL, request, CL_NONBLOCKING);
}
OML_ALIAS(Iallgatherv_c)

OML_API int PMPI_Allgatherv_init_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                                   void *recvbuf, const MPI_Count recvcounts[],
                                   const MPI_Aint displs[], MPI_Datatype recvtype, MPI_Comm comm,
                                   MPI_Info info, MPI_Request *request)
{
    return cl_allgatherv("MPI_Allgatherv_init_c", sendbuf, sendcount, sendtype, recvbuf, recvcounts,
                         displs, recvtype, comm, info, request, CL_PERSISTENT);
}
OML_ALIAS(Allgatherv_init_c)

static int cl_alltoall(const char *fn, const void *sendbuf, MPI_Count sendcount,
                       MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                       MPI_Datatype recvtype, MPI_Comm comm, MPI_Info info, MPI_Request *request,
                       int form)
{
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    if (rc == MPI_SUCCESS)
        rc = form == CL_BLOCKING ? PMPI_Alltoall(sendbuf, i_sendcount, sendtype, recvbuf,
                                                 i_recvcount, recvtype, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Ialltoall(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount, recvtype,
                                  comm, request)
                 : PMPI_Alltoall_init(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount,
                                      recvtype, comm, info, request);
    return rc;
}

OML_API int PMPI_Alltoall_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                            void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype,
                            MPI_Comm comm)
{
    return cl_alltoall("MPI_Alltoall_c", sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype,
                       comm, MPI_INFO_NULL, NULL, CL_BLOCKING);
}
OML_ALIAS(Alltoall_c)

OML_API int PMPI_Ialltoall_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                             void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype,
                             MPI_Comm comm, MPI_Request *request)
{
    return cl_alltoall("MPI_Ialltoall_c", sendbuf, sendcount, sendtype, recvbuf, recvcount,
                       recvtype, comm, MPI_INFO_NULL, request, CL_NONBLOCKING);
}
OML_ALIAS(Ialltoall_c)

OML_API int PMPI_Alltoall_init_c(const void *sendbuf, MPI_Count sendcount, MPI_Datatype sendtype,
                                 void *recvbuf, MPI_Count recvcount, MPI_Datatype recvtype,
                                 MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    return cl_alltoall("MPI_Alltoall_init_c", sendbuf, sendcount, sendtype, recvbuf, recvcount,
                       recvtype, comm, info, request, CL_PERSISTENT);
}
OML_ALIAS(Alltoall_init_c)

static int cl_alltoallv(const char *fn, const void *sendbuf, const MPI_Count sendcounts[],
                        const MPI_Aint sdispls[], MPI_Datatype sendtype, void *recvbuf,
                        const MPI_Count recvcounts[], const MPI_Aint rdispls[],
                        MPI_Datatype recvtype, MPI_Comm comm, MPI_Info info, MPI_Request *request,
                        int form)
{
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
        rc = form == CL_BLOCKING
                 ? PMPI_Alltoallv(sendbuf, a_sendcounts.p, a_sdispls.p, sendtype, recvbuf,
                                  a_recvcounts.p, a_rdispls.p, recvtype, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Ialltoallv(sendbuf, a_sendcounts.p, a_sdispls.p, sendtype, recvbuf,
                                   a_recvcounts.p, a_rdispls.p, recvtype, comm, request)
                 : PMPI_Alltoallv_init(sendbuf, a_sendcounts.p, a_sdispls.p, sendtype, recvbuf,
                                       a_recvcounts.p, a_rdispls.p, recvtype, comm, info, request);
    cl_free(&a_sendcounts);
    cl_free(&a_sdispls);
    cl_free(&a_recvcounts);
    cl_free(&a_rdispls);
    return rc;
}

OML_API int PMPI_Alltoallv_c(const void *sendbuf, const MPI_Count sendcounts[],
                             const MPI_Aint sdispls[], MPI_Datatype sendtype, void *recvbuf,
                             const MPI_Count recvcounts[], const MPI_Aint rdispls[],
                             MPI_Datatype recvtype, MPI_Comm comm)
{
    return cl_alltoallv("MPI_Alltoallv_c", sendbuf, sendcounts, sdispls, sendtype, recvbuf,
                        recvcounts, rdispls, recvtype, comm, MPI_INFO_NULL, NULL, CL_BLOCKING);
}
OML_ALIAS(Alltoallv_c)

OML_API int PMPI_Ialltoallv_c(const void *sendbuf, const MPI_Count sendcounts[],
                              const MPI_Aint sdispls[], MPI_Datatype sendtype, void *recvbuf,
                              const MPI_Count recvcounts[], const MPI_Aint rdispls[],
                              MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    return cl_alltoallv("MPI_Ialltoallv_c", sendbuf, sendcounts, sdispls, sendtype, recvbuf,
                        recvcounts, rdispls, recvtype, comm, MPI_INFO_NULL, request,
                        CL_NONBLOCKING);
}
OML_ALIAS(Ialltoallv_c)

OML_API int PMPI_Alltoallv_init_c(const void *sendbuf, const MPI_Count sendcounts[],
                                  const MPI_Aint sdispls[], MPI_Datatype sendtype, void *recvbuf,
                                  const MPI_Count recvcounts[], const MPI_Aint rdispls[],
                                  MPI_Datatype recvtype, MPI_Comm comm, MPI_Info info,
                                  MPI_Request *request)
{
    return cl_alltoallv("MPI_Alltoallv_init_c", sendbuf, sendcounts, sdispls, sendtype, recvbuf,
                        recvcounts, rdispls, recvtype, comm, info, request, CL_PERSISTENT);
}
OML_ALIAS(Alltoallv_init_c)

static int cl_alltoallw(const char *fn, const void *sendbuf, const MPI_Count sendcounts[],
                        const MPI_Aint sdispls[], const MPI_Datatype sendtypes[], void *recvbuf,
                        const MPI_Count recvcounts[], const MPI_Aint rdispls[],
                        const MPI_Datatype recvtypes[], MPI_Comm comm, MPI_Info info,
                        MPI_Request *request, int form)
{
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
        rc = form == CL_BLOCKING
                 ? PMPI_Alltoallw(sendbuf, a_sendcounts.p, a_sdispls.p, sendtypes, recvbuf,
                                  a_recvcounts.p, a_rdispls.p, recvtypes, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Ialltoallw(sendbuf, a_sendcounts.p, a_sdispls.p, sendtypes, recvbuf,
                                   a_recvcounts.p, a_rdispls.p, recvtypes, comm, request)
                 : PMPI_Alltoallw_init(sendbuf, a_sendcounts.p, a_sdispls.p, sendtypes, recvbuf,
                                       a_recvcounts.p, a_rdispls.p, recvtypes, comm, info, request);
    cl_free(&a_sendcounts);
    cl_free(&a_sdispls);
    cl_free(&a_recvcounts);
    cl_free(&a_rdispls);
    return rc;
}

OML_API int PMPI_Alltoallw_c(const void *sendbuf, const MPI_Count sendcounts[],
                             const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                             void *recvbuf, const MPI_Count recvcounts[], const MPI_Aint rdispls[],
                             const MPI_Datatype recvtypes[], MPI_Comm comm)
{
    return cl_alltoallw("MPI_Alltoallw_c", sendbuf, sendcounts, sdispls, sendtypes, recvbuf,
                        recvcounts, rdispls, recvtypes, comm, MPI_INFO_NULL, NULL, CL_BLOCKING);
}
OML_ALIAS(Alltoallw_c)

OML_API int PMPI_Ialltoallw_c(const void *sendbuf, const MPI_Count sendcounts[],
                              const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                              void *recvbuf, const MPI_Count recvcounts[], const MPI_Aint rdispls[],
                              const MPI_Datatype recvtypes[], MPI_Comm comm, MPI_Request *request)
{
    return cl_alltoallw("MPI_Ialltoallw_c", sendbuf, sendcounts, sdispls, sendtypes, recvbuf,
                        recvcounts, rdispls, recvtypes, comm, MPI_INFO_NULL, request,
                        CL_NONBLOCKING);
}
OML_ALIAS(Ialltoallw_c)

OML_API int PMPI_Alltoallw_init_c(const void *sendbuf, const MPI_Count sendcounts[],
                                  const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                                  void *recvbuf, const MPI_Count recvcounts[],
                                  const MPI_Aint rdispls[], const MPI_Datatype recvtypes[],
                                  MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    return cl_alltoallw("MPI_Alltoallw_init_c", sendbuf, sendcounts, sdispls, sendtypes, recvbuf,
                        recvcounts, rdispls, recvtypes, comm, info, request, CL_PERSISTENT);
}
OML_ALIAS(Alltoallw_init_c)

static int cl_reduce(const char *fn, const void *sendbuf, void *recvbuf, MPI_Count count,
                     MPI_Datatype datatype, MPI_Op op, int root, MPI_Comm comm, MPI_Info info,
                     MPI_Request *request, int form)
{
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    if (rc == MPI_SUCCESS)
        rc = form == CL_BLOCKING ? PMPI_Reduce(sendbuf, recvbuf, i_count, datatype, op, root, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Ireduce(sendbuf, recvbuf, i_count, datatype, op, root, comm, request)
                 : PMPI_Reduce_init(sendbuf, recvbuf, i_count, datatype, op, root, comm, info,
                                    request);
    return rc;
}

OML_API int PMPI_Reduce_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                          MPI_Datatype datatype, MPI_Op op, int root, MPI_Comm comm)
{
    return cl_reduce("MPI_Reduce_c", sendbuf, recvbuf, count, datatype, op, root, comm,
                     MPI_INFO_NULL, NULL, CL_BLOCKING);
}
OML_ALIAS(Reduce_c)

OML_API int PMPI_Ireduce_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                           MPI_Datatype datatype, MPI_Op op, int root, MPI_Comm comm,
                           MPI_Request *request)
{
    return cl_reduce("MPI_Ireduce_c", sendbuf, recvbuf, count, datatype, op, root, comm,
                     MPI_INFO_NULL, request, CL_NONBLOCKING);
}
OML_ALIAS(Ireduce_c)

OML_API int PMPI_Reduce_init_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                               MPI_Datatype datatype, MPI_Op op, int root, MPI_Comm comm,
                               MPI_Info info, MPI_Request *request)
{
    return cl_reduce("MPI_Reduce_init_c", sendbuf, recvbuf, count, datatype, op, root, comm, info,
                     request, CL_PERSISTENT);
}
OML_ALIAS(Reduce_init_c)

static int cl_allreduce(const char *fn, const void *sendbuf, void *recvbuf, MPI_Count count,
                        MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Info info,
                        MPI_Request *request, int form)
{
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    if (rc == MPI_SUCCESS)
        rc =
            form == CL_BLOCKING ? PMPI_Allreduce(sendbuf, recvbuf, i_count, datatype, op, comm)
            : form == CL_NONBLOCKING
                ? PMPI_Iallreduce(sendbuf, recvbuf, i_count, datatype, op, comm, request)
                : PMPI_Allreduce_init(sendbuf, recvbuf, i_count, datatype, op, comm, info, request);
    return rc;
}

OML_API int PMPI_Allreduce_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                             MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    return cl_allreduce("MPI_Allreduce_c", sendbuf, recvbuf, count, datatype, op, comm,
                        MPI_INFO_NULL, NULL, CL_BLOCKING);
}
OML_ALIAS(Allreduce_c)

OML_API int PMPI_Iallreduce_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                              MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Request *request)
{
    return cl_allreduce("MPI_Iallreduce_c", sendbuf, recvbuf, count, datatype, op, comm,
                        MPI_INFO_NULL, request, CL_NONBLOCKING);
}
OML_ALIAS(Iallreduce_c)

OML_API int PMPI_Allreduce_init_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                                  MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Info info,
                                  MPI_Request *request)
{
    return cl_allreduce("MPI_Allreduce_init_c", sendbuf, recvbuf, count, datatype, op, comm, info,
                        request, CL_PERSISTENT);
}
OML_ALIAS(Allreduce_init_c)

static int cl_reduce_scatter(const char *fn, const void *sendbuf, void *recvbuf,
                             const MPI_Count recvcounts[], MPI_Datatype datatype, MPI_Op op,
                             MPI_Comm comm, MPI_Info info, MPI_Request *request, int form)
{
    int rc = cl_comm(fn, comm);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 0, "recvcounts", &a_recvcounts);
    if (rc == MPI_SUCCESS)
        rc = form == CL_BLOCKING
                 ? PMPI_Reduce_scatter(sendbuf, recvbuf, a_recvcounts.p, datatype, op, comm)
             : form == CL_NONBLOCKING ? PMPI_Ireduce_scatter(sendbuf, recvbuf, a_recvcounts.p,
                                                             datatype, op, comm, request)
                                      : PMPI_Reduce_scatter_init(sendbuf, recvbuf, a_recvcounts.p,
                                                                 datatype, op, comm, info, request);
    cl_free(&a_recvcounts);
    return rc;
}

OML_API int PMPI_Reduce_scatter_c(const void *sendbuf, void *recvbuf, const MPI_Count recvcounts[],
                                  MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    return cl_reduce_scatter("MPI_Reduce_scatter_c", sendbuf, recvbuf, recvcounts, datatype, op,
                             comm, MPI_INFO_NULL, NULL, CL_BLOCKING);
}
OML_ALIAS(Reduce_scatter_c)

OML_API int PMPI_Ireduce_scatter_c(const void *sendbuf, void *recvbuf, const MPI_Count recvcounts[],
                                   MPI_Datatype datatype, MPI_Op op, MPI_Comm comm,
                                   MPI_Request *request)
{
    return cl_reduce_scatter("MPI_Ireduce_scatter_c", sendbuf, recvbuf, recvcounts, datatype, op,
                             comm, MPI_INFO_NULL, request, CL_NONBLOCKING);
}
OML_ALIAS(Ireduce_scatter_c)

OML_API int PMPI_Reduce_scatter_init_c(const void *sendbuf, void *recvbuf,
                                       const MPI_Count recvcounts[], MPI_Datatype datatype,
                                       MPI_Op op, MPI_Comm comm, MPI_Info info,
                                       MPI_Request *request)
{
    return cl_reduce_scatter("MPI_Reduce_scatter_init_c", sendbuf, recvbuf, recvcounts, datatype,
                             op, comm, info, request, CL_PERSISTENT);
}
OML_ALIAS(Reduce_scatter_init_c)

static int cl_reduce_scatter_block(const char *fn, const void *sendbuf, void *recvbuf,
                                   MPI_Count recvcount, MPI_Datatype datatype, MPI_Op op,
                                   MPI_Comm comm, MPI_Info info, MPI_Request *request, int form)
{
    int rc = cl_comm(fn, comm);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    if (rc == MPI_SUCCESS)
        rc = form == CL_BLOCKING
                 ? PMPI_Reduce_scatter_block(sendbuf, recvbuf, i_recvcount, datatype, op, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Ireduce_scatter_block(sendbuf, recvbuf, i_recvcount, datatype, op, comm,
                                              request)
                 : PMPI_Reduce_scatter_block_init(sendbuf, recvbuf, i_recvcount, datatype, op, comm,
                                                  info, request);
    return rc;
}

OML_API int PMPI_Reduce_scatter_block_c(const void *sendbuf, void *recvbuf, MPI_Count recvcount,
                                        MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    return cl_reduce_scatter_block("MPI_Reduce_scatter_block_c", sendbuf, recvbuf, recvcount,
                                   datatype, op, comm, MPI_INFO_NULL, NULL, CL_BLOCKING);
}
OML_ALIAS(Reduce_scatter_block_c)

OML_API int PMPI_Ireduce_scatter_block_c(const void *sendbuf, void *recvbuf, MPI_Count recvcount,
                                         MPI_Datatype datatype, MPI_Op op, MPI_Comm comm,
                                         MPI_Request *request)
{
    return cl_reduce_scatter_block("MPI_Ireduce_scatter_block_c", sendbuf, recvbuf, recvcount,
                                   datatype, op, comm, MPI_INFO_NULL, request, CL_NONBLOCKING);
}
OML_ALIAS(Ireduce_scatter_block_c)

OML_API int PMPI_Reduce_scatter_block_init_c(const void *sendbuf, void *recvbuf,
                                             MPI_Count recvcount, MPI_Datatype datatype, MPI_Op op,
                                             MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    return cl_reduce_scatter_block("MPI_Reduce_scatter_block_init_c", sendbuf, recvbuf, recvcount,
                                   datatype, op, comm, info, request, CL_PERSISTENT);
}
OML_ALIAS(Reduce_scatter_block_init_c)

static int cl_scan(const char *fn, const void *sendbuf, void *recvbuf, MPI_Count count,
                   MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Info info,
                   MPI_Request *request, int form)
{
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    if (rc == MPI_SUCCESS)
        rc = form == CL_BLOCKING ? PMPI_Scan(sendbuf, recvbuf, i_count, datatype, op, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Iscan(sendbuf, recvbuf, i_count, datatype, op, comm, request)
                 : PMPI_Scan_init(sendbuf, recvbuf, i_count, datatype, op, comm, info, request);
    return rc;
}

OML_API int PMPI_Scan_c(const void *sendbuf, void *recvbuf, MPI_Count count, MPI_Datatype datatype,
                        MPI_Op op, MPI_Comm comm)
{
    return cl_scan("MPI_Scan_c", sendbuf, recvbuf, count, datatype, op, comm, MPI_INFO_NULL, NULL,
                   CL_BLOCKING);
}
OML_ALIAS(Scan_c)

OML_API int PMPI_Iscan_c(const void *sendbuf, void *recvbuf, MPI_Count count, MPI_Datatype datatype,
                         MPI_Op op, MPI_Comm comm, MPI_Request *request)
{
    return cl_scan("MPI_Iscan_c", sendbuf, recvbuf, count, datatype, op, comm, MPI_INFO_NULL,
                   request, CL_NONBLOCKING);
}
OML_ALIAS(Iscan_c)

OML_API int PMPI_Scan_init_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                             MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Info info,
                             MPI_Request *request)
{
    return cl_scan("MPI_Scan_init_c", sendbuf, recvbuf, count, datatype, op, comm, info, request,
                   CL_PERSISTENT);
}
OML_ALIAS(Scan_init_c)

static int cl_exscan(const char *fn, const void *sendbuf, void *recvbuf, MPI_Count count,
                     MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Info info,
                     MPI_Request *request, int form)
{
    int rc = cl_comm(fn, comm);
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, count, "count", &i_count);
    if (rc == MPI_SUCCESS)
        rc = form == CL_BLOCKING ? PMPI_Exscan(sendbuf, recvbuf, i_count, datatype, op, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Iexscan(sendbuf, recvbuf, i_count, datatype, op, comm, request)
                 : PMPI_Exscan_init(sendbuf, recvbuf, i_count, datatype, op, comm, info, request);
    return rc;
}

OML_API int PMPI_Exscan_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                          MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
{
    return cl_exscan("MPI_Exscan_c", sendbuf, recvbuf, count, datatype, op, comm, MPI_INFO_NULL,
                     NULL, CL_BLOCKING);
}
OML_ALIAS(Exscan_c)

OML_API int PMPI_Iexscan_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                           MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Request *request)
{
    return cl_exscan("MPI_Iexscan_c", sendbuf, recvbuf, count, datatype, op, comm, MPI_INFO_NULL,
                     request, CL_NONBLOCKING);
}
OML_ALIAS(Iexscan_c)

OML_API int PMPI_Exscan_init_c(const void *sendbuf, void *recvbuf, MPI_Count count,
                               MPI_Datatype datatype, MPI_Op op, MPI_Comm comm, MPI_Info info,
                               MPI_Request *request)
{
    return cl_exscan("MPI_Exscan_init_c", sendbuf, recvbuf, count, datatype, op, comm, info,
                     request, CL_PERSISTENT);
}
OML_ALIAS(Exscan_init_c)

static int cl_neighbor_allgather(const char *fn, const void *sendbuf, MPI_Count sendcount,
                                 MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                                 MPI_Datatype recvtype, MPI_Comm comm, MPI_Info info,
                                 MPI_Request *request, int form)
{
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    if (rc == MPI_SUCCESS)
        rc = form == CL_BLOCKING ? PMPI_Neighbor_allgather(sendbuf, i_sendcount, sendtype, recvbuf,
                                                           i_recvcount, recvtype, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Ineighbor_allgather(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount,
                                            recvtype, comm, request)
                 : PMPI_Neighbor_allgather_init(sendbuf, i_sendcount, sendtype, recvbuf,
                                                i_recvcount, recvtype, comm, info, request);
    return rc;
}

OML_API int PMPI_Neighbor_allgather_c(const void *sendbuf, MPI_Count sendcount,
                                      MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                                      MPI_Datatype recvtype, MPI_Comm comm)
{
    return cl_neighbor_allgather("MPI_Neighbor_allgather_c", sendbuf, sendcount, sendtype, recvbuf,
                                 recvcount, recvtype, comm, MPI_INFO_NULL, NULL, CL_BLOCKING);
}
OML_ALIAS(Neighbor_allgather_c)

OML_API int PMPI_Ineighbor_allgather_c(const void *sendbuf, MPI_Count sendcount,
                                       MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                                       MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    return cl_neighbor_allgather("MPI_Ineighbor_allgather_c", sendbuf, sendcount, sendtype, recvbuf,
                                 recvcount, recvtype, comm, MPI_INFO_NULL, request, CL_NONBLOCKING);
}
OML_ALIAS(Ineighbor_allgather_c)

OML_API int PMPI_Neighbor_allgather_init_c(const void *sendbuf, MPI_Count sendcount,
                                           MPI_Datatype sendtype, void *recvbuf,
                                           MPI_Count recvcount, MPI_Datatype recvtype,
                                           MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    return cl_neighbor_allgather("MPI_Neighbor_allgather_init_c", sendbuf, sendcount, sendtype,
                                 recvbuf, recvcount, recvtype, comm, info, request, CL_PERSISTENT);
}
OML_ALIAS(Neighbor_allgather_init_c)

static int cl_neighbor_allgatherv(const char *fn, const void *sendbuf, MPI_Count sendcount,
                                  MPI_Datatype sendtype, void *recvbuf,
                                  const MPI_Count recvcounts[], const MPI_Aint displs[],
                                  MPI_Datatype recvtype, MPI_Comm comm, MPI_Info info,
                                  MPI_Request *request, int form)
{
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
        rc = form == CL_BLOCKING
                 ? PMPI_Neighbor_allgatherv(sendbuf, i_sendcount, sendtype, recvbuf, a_recvcounts.p,
                                            a_displs.p, recvtype, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Ineighbor_allgatherv(sendbuf, i_sendcount, sendtype, recvbuf,
                                             a_recvcounts.p, a_displs.p, recvtype, comm, request)
                 : PMPI_Neighbor_allgatherv_init(sendbuf, i_sendcount, sendtype, recvbuf,
                                                 a_recvcounts.p, a_displs.p, recvtype, comm, info,
                                                 request);
    cl_free(&a_recvcounts);
    cl_free(&a_displs);
    return rc;
}

OML_API int PMPI_Neighbor_allgatherv_c(const void *sendbuf, MPI_Count sendcount,
                                       MPI_Datatype sendtype, void *recvbuf,
                                       const MPI_Count recvcounts[], const MPI_Aint displs[],
                                       MPI_Datatype recvtype, MPI_Comm comm)
{
    return cl_neighbor_allgatherv("MPI_Neighbor_allgatherv_c", sendbuf, sendcount, sendtype,
                                  recvbuf, recvcounts, displs, recvtype, comm, MPI_INFO_NULL, NULL,
                                  CL_BLOCKING);
}
OML_ALIAS(Neighbor_allgatherv_c)

OML_API int PMPI_Ineighbor_allgatherv_c(const void *sendbuf, MPI_Count sendcount,
                                        MPI_Datatype sendtype, void *recvbuf,
                                        const MPI_Count recvcounts[], const MPI_Aint displs[],
                                        MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    return cl_neighbor_allgatherv("MPI_Ineighbor_allgatherv_c", sendbuf, sendcount, sendtype,
                                  recvbuf, recvcounts, displs, recvtype, comm, MPI_INFO_NULL,
                                  request, CL_NONBLOCKING);
}
OML_ALIAS(Ineighbor_allgatherv_c)

OML_API int PMPI_Neighbor_allgatherv_init_c(const void *sendbuf, MPI_Count sendcount,
                                            MPI_Datatype sendtype, void *recvbuf,
                                            const MPI_Count recvcounts[], const MPI_Aint displs[],
                                            MPI_Datatype recvtype, MPI_Comm comm, MPI_Info info,
                                            MPI_Request *request)
{
    return cl_neighbor_allgatherv("MPI_Neighbor_allgatherv_init_c", sendbuf, sendcount, sendtype,
                                  recvbuf, recvcounts, displs, recvtype, comm, info, request,
                                  CL_PERSISTENT);
}
OML_ALIAS(Neighbor_allgatherv_init_c)

static int cl_neighbor_alltoall(const char *fn, const void *sendbuf, MPI_Count sendcount,
                                MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                                MPI_Datatype recvtype, MPI_Comm comm, MPI_Info info,
                                MPI_Request *request, int form)
{
    int rc = cl_comm(fn, comm);
    int i_sendcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, sendcount, "sendcount", &i_sendcount);
    int i_recvcount = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, comm, recvcount, "recvcount", &i_recvcount);
    if (rc == MPI_SUCCESS)
        rc = form == CL_BLOCKING ? PMPI_Neighbor_alltoall(sendbuf, i_sendcount, sendtype, recvbuf,
                                                          i_recvcount, recvtype, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Ineighbor_alltoall(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount,
                                           recvtype, comm, request)
                 : PMPI_Neighbor_alltoall_init(sendbuf, i_sendcount, sendtype, recvbuf, i_recvcount,
                                               recvtype, comm, info, request);
    return rc;
}

OML_API int PMPI_Neighbor_alltoall_c(const void *sendbuf, MPI_Count sendcount,
                                     MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                                     MPI_Datatype recvtype, MPI_Comm comm)
{
    return cl_neighbor_alltoall("MPI_Neighbor_alltoall_c", sendbuf, sendcount, sendtype, recvbuf,
                                recvcount, recvtype, comm, MPI_INFO_NULL, NULL, CL_BLOCKING);
}
OML_ALIAS(Neighbor_alltoall_c)

OML_API int PMPI_Ineighbor_alltoall_c(const void *sendbuf, MPI_Count sendcount,
                                      MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                                      MPI_Datatype recvtype, MPI_Comm comm, MPI_Request *request)
{
    return cl_neighbor_alltoall("MPI_Ineighbor_alltoall_c", sendbuf, sendcount, sendtype, recvbuf,
                                recvcount, recvtype, comm, MPI_INFO_NULL, request, CL_NONBLOCKING);
}
OML_ALIAS(Ineighbor_alltoall_c)

OML_API int PMPI_Neighbor_alltoall_init_c(const void *sendbuf, MPI_Count sendcount,
                                          MPI_Datatype sendtype, void *recvbuf, MPI_Count recvcount,
                                          MPI_Datatype recvtype, MPI_Comm comm, MPI_Info info,
                                          MPI_Request *request)
{
    return cl_neighbor_alltoall("MPI_Neighbor_alltoall_init_c", sendbuf, sendcount, sendtype,
                                recvbuf, recvcount, recvtype, comm, info, request, CL_PERSISTENT);
}
OML_ALIAS(Neighbor_alltoall_init_c)

static int cl_neighbor_alltoallv(const char *fn, const void *sendbuf, const MPI_Count sendcounts[],
                                 const MPI_Aint sdispls[], MPI_Datatype sendtype, void *recvbuf,
                                 const MPI_Count recvcounts[], const MPI_Aint rdispls[],
                                 MPI_Datatype recvtype, MPI_Comm comm, MPI_Info info,
                                 MPI_Request *request, int form)
{
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
        rc = form == CL_BLOCKING
                 ? PMPI_Neighbor_alltoallv(sendbuf, a_sendcounts.p, a_sdispls.p, sendtype, recvbuf,
                                           a_recvcounts.p, a_rdispls.p, recvtype, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Ineighbor_alltoallv(sendbuf, a_sendcounts.p, a_sdispls.p, sendtype, recvbuf,
                                            a_recvcounts.p, a_rdispls.p, recvtype, comm, request)
                 : PMPI_Neighbor_alltoallv_init(sendbuf, a_sendcounts.p, a_sdispls.p, sendtype,
                                                recvbuf, a_recvcounts.p, a_rdispls.p, recvtype,
                                                comm, info, request);
    cl_free(&a_sendcounts);
    cl_free(&a_sdispls);
    cl_free(&a_recvcounts);
    cl_free(&a_rdispls);
    return rc;
}

OML_API int PMPI_Neighbor_alltoallv_c(const void *sendbuf, const MPI_Count sendcounts[],
                                      const MPI_Aint sdispls[], MPI_Datatype sendtype,
                                      void *recvbuf, const MPI_Count recvcounts[],
                                      const MPI_Aint rdispls[], MPI_Datatype recvtype,
                                      MPI_Comm comm)
{
    return cl_neighbor_alltoallv("MPI_Neighbor_alltoallv_c", sendbuf, sendcounts, sdispls, sendtype,
                                 recvbuf, recvcounts, rdispls, recvtype, comm, MPI_INFO_NULL, NULL,
                                 CL_BLOCKING);
}
OML_ALIAS(Neighbor_alltoallv_c)

OML_API int PMPI_Ineighbor_alltoallv_c(const void *sendbuf, const MPI_Count sendcounts[],
                                       const MPI_Aint sdispls[], MPI_Datatype sendtype,
                                       void *recvbuf, const MPI_Count recvcounts[],
                                       const MPI_Aint rdispls[], MPI_Datatype recvtype,
                                       MPI_Comm comm, MPI_Request *request)
{
    return cl_neighbor_alltoallv("MPI_Ineighbor_alltoallv_c", sendbuf, sendcounts, sdispls,
                                 sendtype, recvbuf, recvcounts, rdispls, recvtype, comm,
                                 MPI_INFO_NULL, request, CL_NONBLOCKING);
}
OML_ALIAS(Ineighbor_alltoallv_c)

OML_API int PMPI_Neighbor_alltoallv_init_c(const void *sendbuf, const MPI_Count sendcounts[],
                                           const MPI_Aint sdispls[], MPI_Datatype sendtype,
                                           void *recvbuf, const MPI_Count recvcounts[],
                                           const MPI_Aint rdispls[], MPI_Datatype recvtype,
                                           MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    return cl_neighbor_alltoallv("MPI_Neighbor_alltoallv_init_c", sendbuf, sendcounts, sdispls,
                                 sendtype, recvbuf, recvcounts, rdispls, recvtype, comm, info,
                                 request, CL_PERSISTENT);
}
OML_ALIAS(Neighbor_alltoallv_init_c)

static int cl_neighbor_alltoallw(const char *fn, const void *sendbuf, const MPI_Count sendcounts[],
                                 const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                                 void *recvbuf, const MPI_Count recvcounts[],
                                 const MPI_Aint rdispls[], const MPI_Datatype recvtypes[],
                                 MPI_Comm comm, MPI_Info info, MPI_Request *request, int form)
{
    int rc = cl_comm(fn, comm);
    cl_arr_t a_sendcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, sendcounts, false, 2, "sendcounts", &a_sendcounts);
    cl_arr_t a_recvcounts = {0};
    if (rc == MPI_SUCCESS)
        rc = cl_arr(fn, comm, recvcounts, false, 1, "recvcounts", &a_recvcounts);
    if (rc == MPI_SUCCESS)
        rc = form == CL_BLOCKING
                 ? PMPI_Neighbor_alltoallw(sendbuf, a_sendcounts.p, sdispls, sendtypes, recvbuf,
                                           a_recvcounts.p, rdispls, recvtypes, comm)
             : form == CL_NONBLOCKING
                 ? PMPI_Ineighbor_alltoallw(sendbuf, a_sendcounts.p, sdispls, sendtypes, recvbuf,
                                            a_recvcounts.p, rdispls, recvtypes, comm, request)
                 : PMPI_Neighbor_alltoallw_init(sendbuf, a_sendcounts.p, sdispls, sendtypes,
                                                recvbuf, a_recvcounts.p, rdispls, recvtypes, comm,
                                                info, request);
    cl_free(&a_sendcounts);
    cl_free(&a_recvcounts);
    return rc;
}

OML_API int PMPI_Neighbor_alltoallw_c(const void *sendbuf, const MPI_Count sendcounts[],
                                      const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                                      void *recvbuf, const MPI_Count recvcounts[],
                                      const MPI_Aint rdispls[], const MPI_Datatype recvtypes[],
                                      MPI_Comm comm)
{
    return cl_neighbor_alltoallw("MPI_Neighbor_alltoallw_c", sendbuf, sendcounts, sdispls,
                                 sendtypes, recvbuf, recvcounts, rdispls, recvtypes, comm,
                                 MPI_INFO_NULL, NULL, CL_BLOCKING);
}
OML_ALIAS(Neighbor_alltoallw_c)

OML_API int PMPI_Ineighbor_alltoallw_c(const void *sendbuf, const MPI_Count sendcounts[],
                                       const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                                       void *recvbuf, const MPI_Count recvcounts[],
                                       const MPI_Aint rdispls[], const MPI_Datatype recvtypes[],
                                       MPI_Comm comm, MPI_Request *request)
{
    return cl_neighbor_alltoallw("MPI_Ineighbor_alltoallw_c", sendbuf, sendcounts, sdispls,
                                 sendtypes, recvbuf, recvcounts, rdispls, recvtypes, comm,
                                 MPI_INFO_NULL, request, CL_NONBLOCKING);
}
OML_ALIAS(Ineighbor_alltoallw_c)

OML_API int PMPI_Neighbor_alltoallw_init_c(const void *sendbuf, const MPI_Count sendcounts[],
                                           const MPI_Aint sdispls[], const MPI_Datatype sendtypes[],
                                           void *recvbuf, const MPI_Count recvcounts[],
                                           const MPI_Aint rdispls[], const MPI_Datatype recvtypes[],
                                           MPI_Comm comm, MPI_Info info, MPI_Request *request)
{
    return cl_neighbor_alltoallw("MPI_Neighbor_alltoallw_init_c", sendbuf, sendcounts, sdispls,
                                 sendtypes, recvbuf, recvcounts, rdispls, recvtypes, comm, info,
                                 request, CL_PERSISTENT);
}
OML_ALIAS(Neighbor_alltoallw_init_c)

static int cl_reduce_local(const char *fn, const void *inbuf, void *inoutbuf, MPI_Count count,
                           MPI_Datatype datatype, MPI_Op op)
{
    int rc = MPI_SUCCESS;
    int i_count = 0;
    if (rc == MPI_SUCCESS)
        rc = cl_int(fn, MPI_COMM_NULL, count, "count", &i_count);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Reduce_local(inbuf, inoutbuf, i_count, datatype, op);
    return rc;
}

OML_API int PMPI_Reduce_local_c(const void *inbuf, void *inoutbuf, MPI_Count count,
                                MPI_Datatype datatype, MPI_Op op)
{
    return cl_reduce_local("MPI_Reduce_local_c", inbuf, inoutbuf, count, datatype, op);
}
OML_ALIAS(Reduce_local_c)
