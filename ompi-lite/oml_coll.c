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
    const char *opname = oml_op_name(op);
    if (opname == NULL)
        return oml_error(c, MPI_ERR_OP, fn, "invalid or not yet supported operation handle %p",
                         (void *)op);
    oml_coll_op_fn kernel = oml_op_kernel(op, d->kind);
    if (kernel == NULL)
        return oml_error(c, MPI_ERR_OP, fn, "%s is not defined for %s", opname, d->name);
    oml_status_t st = oml_coll_allreduce(sendbuf == MPI_IN_PLACE ? NULL : sendbuf, recvbuf,
                                         (size_t)count, d->size, kernel, NULL, &c->coll);
    return st == OML_OK ? MPI_SUCCESS : coll_fail(c, fn, st);
}
OML_ALIAS(Allreduce)
