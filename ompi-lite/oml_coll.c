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
                      oml_comm_t **c_p, oml_dtype_t **d_p)
{
    oml_comm_t *c = oml_comm_get(comm);
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator");
    if (count < 0)
        return oml_error(c, MPI_ERR_COUNT, fn, "count is %d; it must be >= 0", count);
    oml_dtype_t *d = oml_dtype_get(datatype);
    if (d == NULL)
        return oml_error(c, MPI_ERR_TYPE, fn, "invalid datatype");
    if (!d->committed)
        return oml_error(c, MPI_ERR_TYPE, fn,
                         "the datatype is not committed; call MPI_Type_commit before using it");
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
        return oml_error(c, MPI_ERR_OP, fn, "%s is not defined for %s", opname,
                         d->predefined ? d->name
                                       : "this derived datatype (mixed or non-numeric elements)");
    return MPI_SUCCESS;
}

/* Frees the staging buffers a and b (b may be NULL) and raises MPI_ERR_NO_MEM. */
static int coll_nomem(const char *fn, oml_comm_t *c, oml_dbuf_t *a, oml_dbuf_t *b)
{
    oml_dbuf_free(a);
    if (b != NULL)
        oml_dbuf_free(b);
    return oml_error(c, MPI_ERR_NO_MEM, fn, "no memory to stage a derived datatype");
}

/*
 * Where the algorithms work on count elements of d at buf, given in place: the user's
 * buffer for contiguous types, else a packed copy of it (unpacked back by coll_unstage).
 */
static int coll_stage_inplace(oml_dbuf_t *b, oml_dtype_t *d, void *buf, size_t count)
{
    int rc = oml_dbuf_recv(b, d, buf, count);
    if (rc == MPI_SUCCESS && !d->contig)
        oml_dt_pack(d, buf, count, b->ptr);
    return rc;
}

static void coll_unstage(oml_dbuf_t *b, oml_dtype_t *d, void *buf, size_t count)
{
    oml_dbuf_unpack(b, d, buf, count, b->len);
    oml_dbuf_free(b);
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
    oml_dtype_t *d;
    int rc = coll_check(fn, comm, count, datatype, &c, &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (buffer == NULL && count > 0 && d->true_lb == 0)
        return oml_error(c, MPI_ERR_BUFFER, fn, "buffer is NULL with count %d", count);
    if (root < 0 || root >= c->coll.size)
        return oml_error(c, MPI_ERR_ROOT, fn, "root %d is not in the communicator (size %d)", root,
                         c->coll.size);
    oml_dbuf_t b = {0};
    bool is_root = c->coll.rank == root;
    rc = is_root ? oml_dbuf_send(&b, d, buffer, (size_t)count)
                 : oml_dbuf_recv(&b, d, buffer, (size_t)count);
    if (rc != MPI_SUCCESS)
        return coll_nomem(fn, c, &b, NULL);
    oml_status_t st = oml_coll_bcast(b.ptr, b.len, root, &c->coll);
    if (!is_root && st == OML_OK)
        oml_dbuf_unpack(&b, d, buffer, (size_t)count, b.len);
    oml_dbuf_free(&b);
    return st == OML_OK ? MPI_SUCCESS : coll_fail(c, fn, st);
}
OML_ALIAS(Bcast)

OML_API int PMPI_Allreduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                           MPI_Op op, MPI_Comm comm)
{
    static const char fn[] = "MPI_Allreduce";
    OML_CHECK_INIT(fn);
    oml_comm_t *c;
    oml_dtype_t *d;
    int rc = coll_check(fn, comm, count, datatype, &c, &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (count > 0 && d->true_lb == 0 && (recvbuf == NULL || sendbuf == NULL))
        return oml_error(c, MPI_ERR_BUFFER, fn, "%s is NULL with count %d",
                         recvbuf == NULL ? "recvbuf" : "sendbuf", count);
    if (count > 0 && sendbuf == recvbuf)
        return oml_error(c, MPI_ERR_BUFFER, fn,
                         "sendbuf and recvbuf are the same buffer; use MPI_IN_PLACE");
    oml_coll_op_fn kernel;
    if ((rc = coll_op_kernel(fn, c, op, d, &kernel)) != MPI_SUCCESS)
        return rc;
    /* derived types reduce as their packed basic elements */
    size_t n = (size_t)count * d->nelem, esz = d->nelem > 0 ? d->size / d->nelem : d->size;
    oml_dbuf_t sb = {0}, rb = {0};
    if ((sendbuf != MPI_IN_PLACE && oml_dbuf_send(&sb, d, sendbuf, (size_t)count) != MPI_SUCCESS) ||
        (sendbuf == MPI_IN_PLACE ? coll_stage_inplace(&rb, d, recvbuf, (size_t)count)
                                 : oml_dbuf_recv(&rb, d, recvbuf, (size_t)count)) != MPI_SUCCESS)
        return coll_nomem(fn, c, &sb, &rb);
    oml_status_t st = oml_coll_allreduce(sendbuf == MPI_IN_PLACE ? NULL : sb.ptr, rb.ptr, n, esz,
                                         kernel, NULL, &c->coll);
    oml_dbuf_free(&sb);
    coll_unstage(&rb, d, recvbuf, (size_t)count);
    return st == OML_OK ? MPI_SUCCESS : coll_fail(c, fn, st);
}
OML_ALIAS(Allreduce)

OML_API int PMPI_Reduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                        MPI_Op op, int root, MPI_Comm comm)
{
    static const char fn[] = "MPI_Reduce";
    OML_CHECK_INIT(fn);
    oml_comm_t *c;
    oml_dtype_t *d;
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
    if (count > 0 && d->true_lb == 0 && (sendbuf == NULL || (is_root && recvbuf == NULL)))
        return oml_error(c, MPI_ERR_BUFFER, fn, "%s is NULL with count %d",
                         sendbuf == NULL ? "sendbuf" : "recvbuf", count);
    if (count > 0 && is_root && sendbuf == recvbuf)
        return oml_error(c, MPI_ERR_BUFFER, fn,
                         "sendbuf and recvbuf are the same buffer; use MPI_IN_PLACE");
    if ((rc = coll_op_kernel(fn, c, op, d, &kernel)) != MPI_SUCCESS)
        return rc;
    size_t n = (size_t)count * d->nelem, esz = d->nelem > 0 ? d->size / d->nelem : d->size;
    oml_dbuf_t sb = {0}, rb = {0};
    if ((sendbuf != MPI_IN_PLACE && oml_dbuf_send(&sb, d, sendbuf, (size_t)count) != MPI_SUCCESS) ||
        (is_root &&
         (sendbuf == MPI_IN_PLACE ? coll_stage_inplace(&rb, d, recvbuf, (size_t)count)
                                  : oml_dbuf_recv(&rb, d, recvbuf, (size_t)count)) != MPI_SUCCESS))
        return coll_nomem(fn, c, &sb, &rb);
    oml_status_t st = oml_coll_reduce(sendbuf == MPI_IN_PLACE ? NULL : sb.ptr, rb.ptr, n, esz,
                                      kernel, NULL, root, &c->coll);
    oml_dbuf_free(&sb);
    if (is_root)
        coll_unstage(&rb, d, recvbuf, (size_t)count);
    return st == OML_OK ? MPI_SUCCESS : coll_fail(c, fn, st);
}
OML_ALIAS(Reduce)

/*
 * Checks shared by Allgather and Alltoall: the send side (unless in place) and the receive
 * side must carry the same number of bytes per block. The block size goes to *block_p.
 */
static int coll_check_blocks(const char *fn, MPI_Comm comm, const void *sendbuf, int sendcount,
                             MPI_Datatype sendtype, void *recvbuf, int recvcount,
                             MPI_Datatype recvtype, oml_comm_t **c_p, size_t *block_p,
                             oml_dtype_t **sd_p, oml_dtype_t **rd_p)
{
    oml_dtype_t *rd, *sd = NULL;
    int rc = coll_check(fn, comm, recvcount, recvtype, c_p, &rd);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_comm_t *c = *c_p;
    size_t rbytes = (size_t)recvcount * rd->size;
    if (recvbuf == NULL && rbytes > 0 && rd->true_lb == 0)
        return oml_error(c, MPI_ERR_BUFFER, fn, "recvbuf is NULL with recvcount %d", recvcount);
    if (sendbuf != MPI_IN_PLACE) {
        if (sendcount < 0)
            return oml_error(c, MPI_ERR_COUNT, fn, "sendcount is %d; it must be >= 0", sendcount);
        if ((sd = oml_dtype_get(sendtype)) == NULL || !sd->committed)
            return oml_error(c, MPI_ERR_TYPE, fn, "invalid or uncommitted sendtype");
        size_t sbytes = (size_t)sendcount * sd->size;
        if (sbytes != rbytes)
            return oml_error(c, MPI_ERR_TRUNCATE, fn,
                             "each block sends %zu bytes (%d x %s) but receives %zu (%d x %s); "
                             "the type signatures must match",
                             sbytes, sendcount, sd->name, rbytes, recvcount, rd->name);
        if (sendbuf == NULL && sbytes > 0 && sd->true_lb == 0)
            return oml_error(c, MPI_ERR_BUFFER, fn, "sendbuf is NULL with sendcount %d", sendcount);
        if (sendbuf == recvbuf && sbytes > 0)
            return oml_error(c, MPI_ERR_BUFFER, fn,
                             "sendbuf and recvbuf are the same buffer; use MPI_IN_PLACE");
    }
    *block_p = rbytes;
    *sd_p = sd;
    *rd_p = rd;
    return MPI_SUCCESS;
}

/*
 * Allgather and Alltoall: the same checks, then an algorithm on equal blocks. Derived types
 * are packed: the send side as sblocks blocks of sendcount elements, the receive side as
 * p * recvcount elements (block i of recvbuf starts i * recvcount extents in).
 */
typedef oml_status_t (*coll_blocks_fn)(const void *sbuf, void *rbuf, size_t n,
                                       const oml_tp_comm_t *comm);

static int coll_blocks(const char *fn, coll_blocks_fn algorithm, const void *sendbuf, int sendcount,
                       MPI_Datatype sendtype, void *recvbuf, int recvcount, MPI_Datatype recvtype,
                       MPI_Comm comm, int sblocks)
{
    OML_CHECK_INIT(fn);
    oml_comm_t *c = NULL;
    size_t block = 0;
    oml_dtype_t *sd = NULL, *rd = NULL;
    int rc = coll_check_blocks(fn, comm, sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype,
                               &c, &block, &sd, &rd);
    if (rc != MPI_SUCCESS)
        return rc;
    size_t rcount = (size_t)c->coll.size * (size_t)recvcount;
    oml_dbuf_t sb = {0}, rb = {0};
    bool in_place = sendbuf == MPI_IN_PLACE;
    if ((!in_place &&
         oml_dbuf_send(&sb, sd, sendbuf, (size_t)sblocks * (size_t)sendcount) != MPI_SUCCESS) ||
        (in_place ? coll_stage_inplace(&rb, rd, recvbuf, rcount)
                  : oml_dbuf_recv(&rb, rd, recvbuf, rcount)) != MPI_SUCCESS)
        return coll_nomem(fn, c, &sb, &rb);
    oml_status_t st = algorithm(in_place ? NULL : sb.ptr, rb.ptr, block, &c->coll);
    oml_dbuf_free(&sb);
    coll_unstage(&rb, rd, recvbuf, rcount);
    return st == OML_OK ? MPI_SUCCESS : coll_fail(c, fn, st);
}

OML_API int PMPI_Allgather(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                           int recvcount, MPI_Datatype recvtype, MPI_Comm comm)
{
    return coll_blocks("MPI_Allgather", oml_coll_allgather, sendbuf, sendcount, sendtype, recvbuf,
                       recvcount, recvtype, comm, 1);
}
OML_ALIAS(Allgather)

OML_API int PMPI_Alltoall(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf,
                          int recvcount, MPI_Datatype recvtype, MPI_Comm comm)
{
    oml_comm_t *c = oml_comm_get(comm);
    return coll_blocks("MPI_Alltoall", oml_coll_alltoall, sendbuf, sendcount, sendtype, recvbuf,
                       recvcount, recvtype, comm, c != NULL ? c->coll.size : 0);
}
OML_ALIAS(Alltoall)
