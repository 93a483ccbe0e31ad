/*
 * ompi-lite/oml_err.c: error classes, strings and handlers.
 */
#include "oml_impl.h"
#include "runtime/rt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const oml_err_text[] = {
    [MPI_SUCCESS] = "no error",
    [MPI_ERR_BUFFER] = "invalid buffer pointer",
    [MPI_ERR_COUNT] = "invalid count argument",
    [MPI_ERR_TYPE] = "invalid datatype",
    [MPI_ERR_TAG] = "invalid tag",
    [MPI_ERR_COMM] = "invalid communicator",
    [MPI_ERR_RANK] = "invalid rank",
    [MPI_ERR_REQUEST] = "invalid request",
    [MPI_ERR_ROOT] = "invalid root",
    [MPI_ERR_GROUP] = "invalid group",
    [MPI_ERR_OP] = "invalid reduction operation",
    [MPI_ERR_TOPOLOGY] = "invalid topology",
    [MPI_ERR_DIMS] = "invalid dimension argument",
    [MPI_ERR_ARG] = "invalid argument",
    [MPI_ERR_UNKNOWN] = "unknown error",
    [MPI_ERR_TRUNCATE] = "message truncated",
    [MPI_ERR_OTHER] = "other error",
    [MPI_ERR_INTERN] = "internal error",
    [MPI_ERR_PENDING] = "pending request",
    [MPI_ERR_IN_STATUS] = "error code is in status",
    [MPI_ERR_ACCESS] = "permission denied",
    [MPI_ERR_AMODE] = "invalid file access mode",
    [MPI_ERR_ASSERT] = "invalid assert argument",
    [MPI_ERR_BAD_FILE] = "invalid file name",
    [MPI_ERR_BASE] = "invalid base address",
    [MPI_ERR_CONVERSION] = "data conversion error",
    [MPI_ERR_DISP] = "invalid displacement",
    [MPI_ERR_DUP_DATAREP] = "data representation already defined",
    [MPI_ERR_FILE_EXISTS] = "file exists",
    [MPI_ERR_FILE_IN_USE] = "file in use",
    [MPI_ERR_FILE] = "invalid file handle",
    [MPI_ERR_INFO_KEY] = "invalid info key",
    [MPI_ERR_INFO_NOKEY] = "info key not defined",
    [MPI_ERR_INFO_VALUE] = "invalid info value",
    [MPI_ERR_INFO] = "invalid info object",
    [MPI_ERR_IO] = "I/O error",
    [MPI_ERR_KEYVAL] = "invalid attribute key",
    [MPI_ERR_LOCKTYPE] = "invalid lock type",
    [MPI_ERR_NAME] = "name not found",
    [MPI_ERR_NO_MEM] = "out of memory",
    [MPI_ERR_NOT_SAME] = "arguments differ between processes",
    [MPI_ERR_NO_SPACE] = "not enough space",
    [MPI_ERR_NO_SUCH_FILE] = "no such file",
    [MPI_ERR_PORT] = "invalid port name",
    [MPI_ERR_QUOTA] = "quota exceeded",
    [MPI_ERR_READ_ONLY] = "read-only file or file system",
    [MPI_ERR_RMA_ATTACH] = "memory cannot be attached",
    [MPI_ERR_RMA_CONFLICT] = "conflicting accesses to a window",
    [MPI_ERR_RMA_RANGE] = "target memory outside the window",
    [MPI_ERR_RMA_SHARED] = "memory cannot be shared",
    [MPI_ERR_RMA_SYNC] = "wrong synchronization of RMA calls",
    [MPI_ERR_SERVICE] = "invalid service name",
    [MPI_ERR_SIZE] = "invalid size argument",
    [MPI_ERR_SPAWN] = "error spawning processes",
    [MPI_ERR_UNSUPPORTED_DATAREP] = "unsupported data representation",
    [MPI_ERR_UNSUPPORTED_OPERATION] = "operation not supported",
    [MPI_ERR_WIN] = "invalid window",
    [MPI_ERR_RMA_FLAVOR] = "wrong window flavor",
    [MPI_ERR_PROC_ABORTED] = "peer process aborted",
    [MPI_ERR_VALUE_TOO_LARGE] = "value too large for its output argument",
    [MPI_ERR_SESSION] = "invalid session",
    [MPI_ERR_ERRHANDLER] = "invalid error handler",
    [MPI_ERR_ABI] = "ABI mismatch",
};

#define OML_ERR_NCLASSES ((int)(sizeof(oml_err_text) / sizeof(oml_err_text[0])))

static const char *oml_err_lookup(int code)
{
    if (code >= 0 && code < OML_ERR_NCLASSES && oml_err_text[code] != NULL)
        return oml_err_text[code];
    return NULL;
}

void oml_error_not_initialized(const char *fn)
{
    fprintf(stderr,
            "ompi-lite: %s was called %s. Call MPI_Init (or MPI_Init_thread) first, "
            "and no MPI function other than the few the standard allows after "
            "MPI_Finalize.\n",
            fn, oml_global.finalized ? "after MPI_Finalize" : "before MPI_Init");
    exit(MPI_ERR_OTHER);
}

int oml_error(oml_comm_t *comm, int errclass, const char *fn, const char *fmt, ...)
{
    if (comm == NULL)
        comm = &oml_global.world;
    if (comm->errhandler == MPI_ERRORS_RETURN)
        return errclass;

    char detail[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    char msg[1024];
    snprintf(msg, sizeof(msg),
             "%s: %s (%s) on rank %d, host %s; the error handler is "
             "MPI_ERRORS_ARE_FATAL, so the job ends",
             fn, oml_err_lookup(errclass) ? oml_err_lookup(errclass) : "error", detail,
             oml_rt_job.rank, oml_rt_job.hostname);
    fprintf(stderr, "ompi-lite: %s\n", msg);
    oml_rt_abort(errclass, msg);
}

OML_API int PMPI_Error_string(int errorcode, char *string, int *resultlen)
{
    const char *text = oml_err_lookup(errorcode);
    if (string == NULL || resultlen == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Error_string", "string or resultlen is NULL");
    if (text == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Error_string", "unknown error code %d", errorcode);
    snprintf(string, MPI_MAX_ERROR_STRING, "%s: %s",
             errorcode == MPI_SUCCESS ? "MPI_SUCCESS" : "MPI error", text);
    *resultlen = (int)strlen(string);
    return MPI_SUCCESS;
}
OML_ALIAS(Error_string)

OML_API int PMPI_Error_class(int errorcode, int *errorclass)
{
    if (errorclass == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Error_class", "errorclass is NULL");
    if (oml_err_lookup(errorcode) == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Error_class", "unknown error code %d", errorcode);
    *errorclass = errorcode; /* every code is its own class until user codes exist */
    return MPI_SUCCESS;
}
OML_ALIAS(Error_class)

OML_API int PMPI_Comm_set_errhandler(MPI_Comm comm, MPI_Errhandler errhandler)
{
    OML_CHECK_INIT("MPI_Comm_set_errhandler");
    oml_comm_t *c = oml_comm_get(comm);
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, "MPI_Comm_set_errhandler", "invalid communicator");
    if (errhandler != MPI_ERRORS_ARE_FATAL && errhandler != MPI_ERRORS_RETURN &&
        errhandler != MPI_ERRORS_ABORT)
        return oml_error(c, MPI_ERR_ARG, "MPI_Comm_set_errhandler",
                         "only MPI_ERRORS_ARE_FATAL, MPI_ERRORS_ABORT and MPI_ERRORS_RETURN "
                         "exist so far");
    c->errhandler = errhandler;
    return MPI_SUCCESS;
}
OML_ALIAS(Comm_set_errhandler)

OML_API int PMPI_Comm_get_errhandler(MPI_Comm comm, MPI_Errhandler *errhandler)
{
    OML_CHECK_INIT("MPI_Comm_get_errhandler");
    oml_comm_t *c = oml_comm_get(comm);
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, "MPI_Comm_get_errhandler", "invalid communicator");
    if (errhandler == NULL)
        return oml_error(c, MPI_ERR_ARG, "MPI_Comm_get_errhandler", "errhandler is NULL");
    *errhandler = c->errhandler;
    return MPI_SUCCESS;
}
OML_ALIAS(Comm_get_errhandler)
