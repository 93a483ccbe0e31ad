/*
 * ompi-lite/oml_err.c: error classes, strings and handlers.
 */
#include "oml_fortran.h"
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
    [MPI_T_ERR_CANNOT_INIT] = "the tool interface cannot be initialized",
    [MPI_T_ERR_NOT_ACCESSIBLE] = "the tool interface is not accessible now",
    [MPI_T_ERR_NOT_INITIALIZED] = "the tool interface is not initialized",
    [MPI_T_ERR_NOT_SUPPORTED] = "not supported by the tool interface",
    [MPI_T_ERR_MEMORY] = "out of memory in the tool interface",
    [MPI_T_ERR_INVALID] = "invalid use of the tool interface",
    [MPI_T_ERR_INVALID_INDEX] = "invalid tool interface index",
    [MPI_T_ERR_INVALID_ITEM] = "invalid enumeration item",
    [MPI_T_ERR_INVALID_SESSION] = "invalid performance variable session",
    [MPI_T_ERR_INVALID_HANDLE] = "invalid tool interface handle",
    [MPI_T_ERR_INVALID_NAME] = "no tool interface variable, category or event has this name",
    [MPI_T_ERR_OUT_OF_HANDLES] = "no more tool interface handles",
    [MPI_T_ERR_OUT_OF_SESSIONS] = "no more performance variable sessions",
    [MPI_T_ERR_CVAR_SET_NOT_NOW] = "the control variable cannot be set now",
    [MPI_T_ERR_CVAR_SET_NEVER] = "the control variable cannot be set",
    [MPI_T_ERR_PVAR_NO_WRITE] = "the performance variable cannot be written",
    [MPI_T_ERR_PVAR_NO_STARTSTOP] = "the performance variable cannot be started or stopped",
    [MPI_T_ERR_PVAR_NO_ATOMIC] = "the performance variable cannot be read and reset atomically",
};

#define OML_ERR_NCLASSES ((int)(sizeof(oml_err_text) / sizeof(oml_err_text[0])))

/*
 * User error classes and codes (MPI_Add_error_class/code) are numbered from USER_BASE, above
 * MPI_ERR_LASTCODE; each remembers its class and its string.
 */
#define USER_BASE (MPI_ERR_LASTCODE + 1)

typedef struct user_code {
    int errclass; /* itself for a class */
    bool is_class;
    char *text;
} user_code_t;

static user_code_t *user_codes;
static int user_n;

int oml_err_last_used(void)
{
    return user_n > 0 ? USER_BASE + user_n - 1 : MPI_ERR_LASTCODE;
}

void oml_err_finalize(void)
{
    for (int i = 0; i < user_n; i++)
        free(user_codes[i].text);
    free(user_codes);
    user_codes = NULL;
    user_n = 0;
}

static user_code_t *err_user(int code)
{
    int i = code - USER_BASE;
    return i >= 0 && i < user_n ? &user_codes[i] : NULL;
}

static const char *oml_err_lookup(int code)
{
    if (code >= 0 && code < OML_ERR_NCLASSES && oml_err_text[code] != NULL)
        return oml_err_text[code];
    user_code_t *u = err_user(code);
    if (u != NULL)
        return u->text != NULL ? u->text : "";
    return NULL;
}

/* ---- error handlers ---- */

typedef struct oml_errhandler {
    uint32_t magic;
    int refs;
    MPI_Comm_errhandler_function *fn; /* a window handler is kept (and called) as this type */
    bool fortran;                     /* fn takes a Fortran handle */
    int kind;                         /* OML_FH_COMM, OML_FH_WIN: the objects it is for */
} oml_errhandler_t;

#define ERRH_MAGIC 0xe7711u

static oml_errhandler_t *errh_get(MPI_Errhandler e)
{
    if ((uintptr_t)e < OML_HANDLE_PREDEFINED_MAX)
        return NULL;
    oml_errhandler_t *h = (oml_errhandler_t *)e;
    return h->magic == ERRH_MAGIC ? h : NULL;
}

static bool errh_valid(MPI_Errhandler e)
{
    return e == MPI_ERRORS_ARE_FATAL || e == MPI_ERRORS_RETURN || e == MPI_ERRORS_ABORT ||
           errh_get(e) != NULL;
}

bool oml_errhandler_valid_for(MPI_Errhandler e, int fh_kind)
{
    oml_errhandler_t *h = errh_get(e);
    return h != NULL ? h->kind == fh_kind : errh_valid(e);
}

void oml_errhandler_retain(MPI_Errhandler e)
{
    oml_errhandler_t *h = errh_get(e);
    if (h != NULL)
        h->refs++;
}

void oml_errhandler_release(MPI_Errhandler e)
{
    oml_errhandler_t *h = errh_get(e);
    if (h != NULL && --h->refs == 0) {
        h->magic = 0;
        free(h);
    }
}

void oml_error_not_initialized(const char *fn)
{
    fprintf(stderr,
            "ompi-lite: %s was called %s. Call MPI_Init (or MPI_Init_thread, or "
            "MPI_Session_init) first, and no MPI function other than the few the standard "
            "allows after MPI_Finalize.\n",
            fn, oml_global.finalized ? "after MPI_Finalize" : "before MPI_Init");
    exit(MPI_ERR_OTHER);
}

/* Ends the job after a fatal error: names the function, the error, the rank and the host. */
static void __attribute__((noreturn))
err_fatal(MPI_Errhandler eh, int errclass, const char *fn, const char *detail)
{
    char msg[1024];
    const char *text = oml_err_lookup(errclass);
    snprintf(msg, sizeof(msg),
             "%s: %s (%s) on rank %d, host %s; the error handler is %s, so the job ends", fn,
             text != NULL && text[0] != '\0' ? text : "error", detail, oml_rt_job.rank,
             oml_rt_job.hostname,
             eh == MPI_ERRORS_ABORT ? "MPI_ERRORS_ABORT" : "MPI_ERRORS_ARE_FATAL");
    fprintf(stderr, "ompi-lite: %s\n", msg);
    int status = errclass > 0 && errclass < 256 ? errclass : MPI_ERR_OTHER;
    oml_rt_abort(status, msg);
}

int oml_raise(MPI_Errhandler eh, int fh_kind, void *handle, int errclass, const char *fn,
              const char *fmt, va_list ap)
{
    if (eh == MPI_ERRORS_RETURN)
        return errclass;
    oml_errhandler_t *h = errh_get(eh);
    if (h != NULL) {
        int code = errclass;
        if (h->fortran) {
            MPI_Fint fh = oml_c2f((oml_fh_kind_t)fh_kind, handle);
            ((void (*)(MPI_Fint *, int *))(void (*)(void))h->fn)(&fh, &code);
        } else {
            h->fn((MPI_Comm *)&handle, &code); /* every kind's handler takes its handle so */
        }
        /* The call returns its own error even when the handler changed *code: the callers stop
         * at any code but MPI_SUCCESS, which a handler must not be able to turn a bad call into */
        return errclass;
    }
    char detail[512];
    vsnprintf(detail, sizeof(detail), fmt, ap);
    err_fatal(eh, errclass, fn, detail);
}

int oml_error(oml_comm_t *comm, int errclass, const char *fn, const char *fmt, ...)
{
    if (comm == NULL)
        comm = &oml_global.world;
    va_list ap;
    va_start(ap, fmt);
    int rc = oml_raise(comm->errhandler, OML_FH_COMM, oml_comm_handle(comm), errclass, fn, fmt, ap);
    va_end(ap);
    return rc;
}

int oml_missing(oml_comm_t *c, const char *fn, const char *what)
{
    MPI_Errhandler eh = (c != NULL ? c : &oml_global.world)->errhandler;
    /* A fatal handler prints the same text as it ends the job. */
    if (eh != MPI_ERRORS_ARE_FATAL && eh != MPI_ERRORS_ABORT)
        fprintf(stderr, "ompi-lite: rank %d: %s: %s\n", oml_rt_job.rank, fn, what);
    return oml_error(c, MPI_ERR_UNSUPPORTED_OPERATION, fn, "%s", what);
}

OML_API int PMPI_Error_string(int errorcode, char *string, int *resultlen)
{
    const char *text = oml_err_lookup(errorcode);
    if (string == NULL || resultlen == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Error_string", "string or resultlen is NULL");
    if (text == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Error_string", "unknown error code %d", errorcode);
    if (err_user(errorcode) != NULL)
        snprintf(string, MPI_MAX_ERROR_STRING, "%s", text);
    else
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
    user_code_t *u = err_user(errorcode);
    *errorclass = u != NULL ? u->errclass : errorcode; /* predefined codes are classes */
    return MPI_SUCCESS;
}
OML_ALIAS(Error_class)

/* Adds a user class (errclass < 0) or a code of errclass; returns its value or -1. */
static int err_add(int errclass)
{
    user_code_t *t = realloc(user_codes, (size_t)(user_n + 1) * sizeof(*t));
    if (t == NULL)
        return -1;
    user_codes = t;
    int code = USER_BASE + user_n;
    user_codes[user_n++] = (user_code_t){
        .errclass = errclass < 0 ? code : errclass, .is_class = errclass < 0, .text = NULL};
    return code;
}

OML_API int PMPI_Add_error_class(int *errorclass)
{
    OML_CHECK_INIT("MPI_Add_error_class");
    if (errorclass == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Add_error_class", "errorclass is NULL");
    int c = err_add(-1);
    if (c < 0)
        return oml_error(NULL, MPI_ERR_NO_MEM, "MPI_Add_error_class", "out of memory");
    *errorclass = c;
    return MPI_SUCCESS;
}
OML_ALIAS(Add_error_class)

OML_API int PMPI_Add_error_code(int errorclass, int *errorcode)
{
    static const char fn[] = "MPI_Add_error_code";
    OML_CHECK_INIT(fn);
    if (errorcode == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "errorcode is NULL");
    user_code_t *u = err_user(errorclass);
    bool predefined_class =
        errorclass >= 0 && errorclass < OML_ERR_NCLASSES && oml_err_text[errorclass] != NULL;
    if (!predefined_class && (u == NULL || !u->is_class))
        return oml_error(NULL, MPI_ERR_ARG, fn, "%d is not an error class", errorclass);
    int c = err_add(errorclass);
    if (c < 0)
        return oml_error(NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    *errorcode = c;
    return MPI_SUCCESS;
}
OML_ALIAS(Add_error_code)

OML_API int PMPI_Add_error_string(int errorcode, const char *string)
{
    static const char fn[] = "MPI_Add_error_string";
    OML_CHECK_INIT(fn);
    user_code_t *u = err_user(errorcode);
    if (u == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "%d is not a user error class or code (MPI_Add_error_class/code); "
                         "predefined strings cannot be changed",
                         errorcode);
    if (string == NULL || strlen(string) >= MPI_MAX_ERROR_STRING)
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "string is NULL or longer than MPI_MAX_ERROR_STRING - 1");
    char *copy = strdup(string);
    if (copy == NULL)
        return oml_error(NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    free(u->text);
    u->text = copy;
    return MPI_SUCCESS;
}
OML_ALIAS(Add_error_string)

/* Only the most recently added class or code may be removed, and only when nothing uses it. */
static int err_remove(const char *fn, int code, bool want_class)
{
    OML_CHECK_INIT(fn);
    user_code_t *u = err_user(code);
    if (u == NULL || u->is_class != want_class)
        return oml_error(NULL, MPI_ERR_ARG, fn, "%d is not a user error %s", code,
                         want_class ? "class" : "code");
    if (code != USER_BASE + user_n - 1)
        return oml_error(NULL, MPI_ERR_UNSUPPORTED_OPERATION, fn,
                         "ompi-lite removes only the most recently added error class or code "
                         "(%d was added before others)",
                         code);
    free(u->text);
    user_n--;
    return MPI_SUCCESS;
}

OML_API int PMPI_Remove_error_class(int errorclass)
{
    return err_remove("MPI_Remove_error_class", errorclass, true);
}
OML_ALIAS(Remove_error_class)

OML_API int PMPI_Remove_error_code(int errorcode)
{
    return err_remove("MPI_Remove_error_code", errorcode, false);
}
OML_ALIAS(Remove_error_code)

OML_API int PMPI_Remove_error_string(int errorcode)
{
    static const char fn[] = "MPI_Remove_error_string";
    OML_CHECK_INIT(fn);
    user_code_t *u = err_user(errorcode);
    if (u == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "%d is not a user error class or code", errorcode);
    free(u->text);
    u->text = NULL;
    return MPI_SUCCESS;
}
OML_ALIAS(Remove_error_string)

int oml_errhandler_create(MPI_Comm_errhandler_function *comm_errhandler_fn, bool fortran,
                          MPI_Errhandler *errhandler)
{
    return oml_errhandler_new("MPI_Comm_create_errhandler", OML_FH_COMM, comm_errhandler_fn,
                              fortran, errhandler);
}

/* An error of the error handler calls, which may come before MPI runs: then it is returned. */
static int errh_fail(const char *fn, int errclass, const char *what)
{
    return oml_global.up ? oml_error(NULL, errclass, fn, "%s", what) : errclass;
}

int oml_errhandler_new(const char *fn, int fh_kind,
                       MPI_Comm_errhandler_function *comm_errhandler_fn, bool fortran,
                       MPI_Errhandler *errhandler)
{
    if (fh_kind != OML_FH_SESSION) /* MPI_Session_create_errhandler may come before any init */
        OML_CHECK_INIT(fn);
    if (comm_errhandler_fn == NULL || errhandler == NULL)
        return errh_fail(fn, MPI_ERR_ARG, "the function or errhandler is NULL");
    oml_errhandler_t *h = malloc(sizeof(*h));
    if (h == NULL)
        return errh_fail(fn, MPI_ERR_NO_MEM, "out of memory");
    *h = (oml_errhandler_t){.magic = ERRH_MAGIC,
                            .refs = 1,
                            .fn = comm_errhandler_fn,
                            .fortran = fortran,
                            .kind = fh_kind};
    *errhandler = (MPI_Errhandler)h;
    return MPI_SUCCESS;
}

OML_API int PMPI_Comm_create_errhandler(MPI_Comm_errhandler_function *comm_errhandler_fn,
                                        MPI_Errhandler *errhandler)
{
    return oml_errhandler_create(comm_errhandler_fn, false, errhandler);
}
OML_ALIAS(Comm_create_errhandler)

OML_API int PMPI_Errhandler_free(MPI_Errhandler *errhandler)
{
    static const char fn[] = "MPI_Errhandler_free"; /* also before and after MPI (MPI-4.0) */
    if (errhandler == NULL || !errh_valid(*errhandler))
        return errh_fail(fn, MPI_ERR_ARG, "invalid error handler");
    oml_errhandler_release(*errhandler); /* predefined ones may be freed: nothing happens */
    *errhandler = MPI_ERRHANDLER_NULL;
    return MPI_SUCCESS;
}
OML_ALIAS(Errhandler_free)

OML_API int PMPI_Comm_call_errhandler(MPI_Comm comm, int errorcode)
{
    static const char fn[] = "MPI_Comm_call_errhandler";
    OML_CHECK_INIT(fn);
    oml_comm_t *c = oml_comm_get(comm);
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator");
    int errclass = errorcode;
    user_code_t *u = err_user(errorcode);
    if (u != NULL)
        errclass = u->errclass;
    oml_error(c, errorcode, fn, "error code %d (class %d) raised by the application", errorcode,
              errclass);
    return MPI_SUCCESS; /* the standard: returns MPI_SUCCESS when the handler returns */
}
OML_ALIAS(Comm_call_errhandler)

OML_API int PMPI_Comm_set_errhandler(MPI_Comm comm, MPI_Errhandler errhandler)
{
    OML_CHECK_INIT("MPI_Comm_set_errhandler");
    oml_comm_t *c = oml_comm_get(comm);
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, "MPI_Comm_set_errhandler", "invalid communicator");
    if (!oml_errhandler_valid_for(errhandler, OML_FH_COMM))
        return oml_error(c, MPI_ERR_ARG, "MPI_Comm_set_errhandler",
                         "invalid error handler (or one made for windows)");
    oml_errhandler_retain(errhandler);
    oml_errhandler_release(c->errhandler);
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
    oml_errhandler_retain(c->errhandler); /* the caller frees it with MPI_Errhandler_free */
    *errhandler = c->errhandler;
    return MPI_SUCCESS;
}
OML_ALIAS(Comm_get_errhandler)
