/*
 * ompi-lite/oml_coll.c: collective API: argument checks, then collectives/ on the
 * communicator's collective context.
 */
#include "oml_impl.h"

static int coll_fail(oml_comm_t *c, const char *fn, oml_status_t st)
{
    return oml_error(c, MPI_ERR_INTERN, fn, "%s", oml_status_string(st));
}

/* The checks every rooted or reducing collective shares: communicator, count, datatype. */
static int coll_check(const char *fn, MPI_Comm comm, int count, MPI_Datatype datatype,
                      oml_comm_t **c_p, const oml_dtype_t **d_p)
{
    oml_comm_t *c = oml_comm_get(comm);
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator");
    if (count < 0)
        return oml_error(c, MPI_ERR_COUNT, fn, "count is %d; it must be >= 0", count);
    const oml_dtype_t *d = oml_dtype_get(datatype);
    if (d == NULL)
        return oml_error(c, MPI_ERR_TYPE, fn, "invalid datatype");
    *c_p = c;
    *d_p = d;
    return MPI_SUCCESS;
}

/* The kernel of op on d, or an error raised on c naming fn. */
static int coll_op_kernel(const char *fn, oml_comm_t *c, MPI_Op op, const oml_dtype_t *d,
                          oml_coll_op_fn *kernel_p)
{
    const char *opname = oml_op_name(op);
    if (opname == NULL)
        return oml_error(c, MPI_ERR_OP, fn, "invalid or not yet supported operation handle %p",
                         (void *)op);
    *kernel_p = oml_op_kernel(op, d->kind);
    if (*kernel_p == NULL)
        return oml_error(c, MPI_ERR_OP, fn, "%s is not defined for %s", opname, d->name);
    return MPI_SUCCESS;
}

OML_API int PMPI_Barrier(MPI_Comm comm)
{
    OML_CHECK_INIT("MPI_Barrier");
    oml_comm_t *c = oml_comm_get(comm);
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, "MPI_Barrier", "invalid communicator");
    oml_status_t st = oml_coll_barrier(&c->coll);
    return st == OML_OK ? MPI_SUCCESS : coll_fail(c, "MPI_Barrier", st);
}
OML_ALIAS(Barrier)

OML_API int PMPI_Bcast(void *buffer, int count, MPI_Datatype datatype, int root, MPI_Comm comm)
{
    static const char fn[] = "MPI_Bcast";
    OML_CHECK_INIT(fn);
    oml_comm_t *c;
    const oml_dtype_t *d;
    int rc = coll_check(fn, comm, count, datatype, &c, &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (buffer == NULL && count > 0)
        return oml_error(c, MPI_ERR_BUFFER, fn, "buffer is NULL with count %d", count);
    if (root < 0 || root >= c->coll.size)
        return oml_error(c, MPI_ERR_ROOT, fn, "root %d is not in the communicator (size %d)", root,
                         c->coll.size);
    oml_status_t st = oml_coll_bcast(buffer, (size_t)count * d->size, root, &c->coll);
    return st == OML_OK ? MPI_SUCCESS : coll_fail(c, fn, st);
}
OML_ALIAS(Bcast)

OML_API int PMPI_Allreduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                           MPI_Op op, MPI_Comm comm)
{
    static const char fn[] = "MPI_Allreduce";
    OML_CHECK_INIT(fn);
    oml_comm_t *c;
    const oml_dtype_t *d;
    int rc = coll_check(fn, comm, count, datatype, &c, &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (count > 0 && (recvbuf == NULL || sendbuf == NULL))
        return oml_error(c, MPI_ERR_BUFFER, fn, "%s is NULL with count %d",
                         recvbuf == NULL ? "recvbuf" : "sendbuf", count);
    if (count > 0 && sendbuf == recvbuf)
        return oml_error(c, MPI_ERR_BUFFER, fn,
                         "sendbuf and recvbuf are the same buffer; use MPI_IN_PLACE");
    oml_coll_op_fn kernel;
    if ((rc = coll_op_kernel(fn, c, op, d, &kernel)) != MPI_SUCCESS)
        return rc;
    oml_status_t st = oml_coll_allreduce(sendbuf == MPI_IN_PLACE ? NULL : sendbuf, recvbuf,
                                         (size_t)count, d->size, kernel, NULL, &c->coll);
    return st == OML_OK ? MPI_SUCCESS : coll_fail(c, fn, st);
}
OML_ALIAS(Allreduce)

OML_API int PMPI_Reduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                        MPI_Op op, int root, MPI_Comm comm)
{
    static const char fn[] = "MPI_Reduce";
    OML_CHECK_INIT(fn);
    oml_comm_t *c;
    const oml_dtype_t *d;
    oml_coll_op_fn kernel;
    int rc = coll_check(fn, comm, count, datatype, &c, &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (root < 0 || root >= c->coll.size)
        return oml_error(c, MPI_ERR_ROOT, fn, "root %d is not in the communicator (size %d)", root,
                         c->coll.size);
    int is_root = c->coll.rank == root;
    if (sendbuf == MPI_IN_PLACE && !is_root)
        return oml_error(c, MPI_ERR_BUFFER, fn, "MPI_IN_PLACE is allowed only at the root");
    if (count > 0 && (sendbuf == NULL || (is_root && recvbuf == NULL)))
        return oml_error(c, MPI_ERR_BUFFER, fn, "%s is NULL with count %d",
                         sendbuf == NULL ? "sendbuf" : "recvbuf", count);
    if (count > 0 && is_root && sendbuf == recvbuf)
        return oml_error(c, MPI_ERR_BUFFER, fn,
                         "sendbuf and recvbuf are the same buffer; use MPI_IN_PLACE");
    if ((rc = coll_op_kernel(fn, c, op, d, &kernel)) != MPI_SUCCESS)
        return rc;
    oml_status_t st = oml_coll_reduce(sendbuf == MPI_IN_PLACE ? NULL : sendbuf, recvbuf,
                                      (size_t)count, d->size, kernel, NULL, root, &c->coll);
    return st == OML_OK ? MPI_SUCCESS : coll_fail(c, fn, st);
}
OML_ALIAS(Reduce)

/*
 * Checks shared by Allgather and Alltoall: the send side (unless in place) and the receive
 * side must carry the same number of bytes per block. The block size goes to *block_p.
 */
static int coll_check_blocks(const char *fn, MPI_Comm comm, const void *sendbuf, int sendcount,
                             MPI_Datatype sendtype, void *recvbuf, int recvcount,
                             MPI_Datatype recvtype, oml_comm_t **c_p, size_t *block_p)
{
    const oml_dtype_t *rd, *sd;
    int rc = coll_check(fn, comm, recvcount, recvtype, c_p, &rd);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_comm_t *c = *c_p;
    size_t rbytes = (size_t)recvcount * rd->size;
    if (recvbuf == NULL && rbytes > 0)
        return oml_error(c, MPI_ERR_BUFFER, fn, "recvbuf is NULL with recvcount %d", recvcount);
    if (sendbuf != MPI_IN_PLACE) {
        if (sendcount < 0)
            return oml_error(c, MPI_ERR_COUNT, fn, "sendcount is %d; it must be >= 0", sendcount);
        if ((sd = oml_dtype_get(sendtype)) == NULL)
            return oml_error(c, MPI_ERR_TYPE, fn, "invalid sendtype");
        size_t sbytes = (size_t)sendcount * sd->size;
        if (sbytes != rbytes)
            return oml_error(c, MPI_ERR_TRUNCATE, fn,
                             "each block sends %zu bytes (%d x %s) but receives %zu (%d x %s); "
                             "the type signatures must match",
                             sbytes, sendcount, sd->name, rbytes, recvcount, rd->name);
        if (sendbuf == NULL && sbytes > 0)
            return oml_error(c, MPI_ERR_BUFFER, fn, "sendbuf is NULL with sendcount %d", sendcount);
        if (sendbuf == recvbuf && sbytes > 0)
            return oml_error(c, MPI_ERR_BUFFER, fn,
                             "sendbuf and recvbuf are the same buffer; use MPI_IN_PLACE");
    }
    *block_p = rbytes;
    return MPI_SUCCESS;
}

/* Allgather and Alltoall: the same checks, then an algorithm on equal blocks. */
typedef oml_status_t (*coll_blocks_fn)(const void *sbuf, void *rbuf, size_t n,
                                       const oml_tp_comm_t *comm);

static int coll_blocks(const char *fn, coll_blocks_fn algorithm, const void *sendbuf, int sendcount,
                       MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype,
                       MPI_Comm comm)
{
    OML_CHECK_INIT(fn);
    oml_comm_t *c = NULL;
    size_t block = 0;
    int rc = coll_check_blocks(fn, comm, sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype,
                               &c, &block);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_status_t st = algorithm(sendbuf == MPI_IN_PLACE ? NULL : sendbuf, recvbuf, block, &c->coll);
    return st == OML_OK ? MPI_SUCCESS : coll_fail(c, fn, st);
}

OML_API int PMPI_Allgather(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                           int recvcount, MPI_Datatype recvtype, MPI_Comm comm)
{
    return coll_blocks("MPI_Allgather", oml_coll_allgather, sendbuf, sendcount, sendtype, recvbuf,
                       recvcount, recvtype, comm);
}
OML_ALIAS(Allgather)

OML_API int PMPI_Alltoall(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                          int recvcount, MPI_Datatype recvtype, MPI_Comm comm)
{
    return coll_blocks("MPI_Alltoall", oml_coll_alltoall, sendbuf, sendcount, sendtype, recvbuf,
                       recvcount, recvtype, comm);
}
OML_ALIAS(Alltoall)
