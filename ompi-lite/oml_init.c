/*
 * ompi-lite/oml_init.c: the environment chapter: init, finalize, abort, clocks, versions.
 */
#include "oml_impl.h"
#include "runtime/rt.h"

#include <rdma/fabric.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

oml_global_t oml_global;

/*
 * The library has one instance, which the World Model (MPI_Init) and sessions (oml_session.c)
 * share: the runtime, the transport and the predefined objects start with the first of them.
 * MPI_Finalize ends the instance when no session is open; the last MPI_Session_finalize does
 * not (a program may open a session again): an instance that sessions leave open is ended at
 * exit, where every process of the job gets. An instance ended by MPI_Finalize does not start
 * again (oml_instance_start says so).
 */
static bool instance_ended;

static void instance_stop(void)
{
    oml_comm_finalize();
    oml_pt2pt_drain();
    oml_tp_finalize();
    oml_rt_finalize();
    oml_io_finalize();
    oml_err_finalize();
    oml_global.up = false;
    instance_ended = true;
}

static void instance_at_exit(void)
{
    if (oml_global.up && oml_global.sessions == 0 &&
        (!oml_global.initialized || oml_global.finalized))
        instance_stop();
}

int oml_instance_start(const char *fn, int required)
{
    if (oml_global.up) {
        /* a later session may ask for more threads than the first caller */
        if (required == MPI_THREAD_MULTIPLE && oml_global.thread_level < MPI_THREAD_MULTIPLE)
            oml_global.thread_level = oml_mt_start(required);
        return oml_global.thread_level;
    }
    if (instance_ended) {
        fprintf(stderr,
                "ompi-lite: %s called after MPI_Finalize ended MPI in this process; ompi-lite "
                "cannot start it again. Open the sessions before MPI_Finalize, or use sessions "
                "only.\n",
                fn);
        exit(MPI_ERR_OTHER);
    }
    oml_status_t st = oml_rt_init();
    if (st != OML_OK) {
        fprintf(stderr, "ompi-lite: %s: the runtime did not start: %s\n", fn,
                oml_status_string(st));
        exit(MPI_ERR_OTHER);
    }
    if ((st = oml_tp_init()) != OML_OK) {
        char msg[640];
        snprintf(msg, sizeof(msg), "%s: rank %d on %s could not open the transport: %s", fn,
                 oml_rt_job.rank, oml_rt_job.hostname, oml_status_string(st));
        fprintf(stderr, "ompi-lite: %s\n", msg);
        oml_rt_abort(MPI_ERR_OTHER, msg);
    }
    char why[256];
    oml_dtype_init();
    if (oml_coll_init(why, sizeof(why)) != OML_OK || oml_comm_init(why, sizeof(why)) != 0) {
        char msg[800];
        snprintf(msg, sizeof(msg), "%s: rank %d on %s: %s", fn, oml_rt_job.rank,
                 oml_rt_job.hostname, why);
        fprintf(stderr, "ompi-lite: %s\n", msg);
        oml_rt_abort(MPI_ERR_ARG, msg);
    }
    oml_global.up = true;
    atexit(instance_at_exit);
    /* Every level is provided; MPI_THREAD_MULTIPLE by the library's lock (oml_thread.c). */
    oml_global.thread_level = oml_mt_start(required);
    return oml_global.thread_level;
}

void oml_instance_release(void)
{
    oml_global.sessions--; /* the instance stays (see above) */
}

static int oml_init_common(const char *fn, int required)
{
    if (oml_global.initialized) {
        fprintf(stderr, "ompi-lite: %s called %s; MPI can be initialized only once.\n", fn,
                oml_global.finalized ? "after MPI_Finalize" : "a second time");
        exit(MPI_ERR_OTHER);
    }
    oml_instance_start(fn, required);
    oml_global.initialized = true;
    return MPI_SUCCESS;
}

OML_API int PMPI_Init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return oml_init_common("MPI_Init", MPI_THREAD_SINGLE);
}
OML_ALIAS(Init)

OML_API int PMPI_Init_thread(int *argc, char ***argv, int required, int *provided)
{
    (void)argc;
    (void)argv;
    if (provided == NULL) {
        fprintf(stderr, "ompi-lite: MPI_Init_thread: provided is NULL\n");
        exit(MPI_ERR_ARG);
    }
    int rc = oml_init_common("MPI_Init_thread", required);
    *provided = oml_global.thread_level;
    return rc;
}
OML_ALIAS(Init_thread)

OML_API int PMPI_Finalize(void)
{
    if (!oml_global.initialized || oml_global.finalized)
        oml_error_not_initialized("MPI_Finalize");
    /* MPI_Finalized says false until here, also to the attribute callbacks run on the way */
    if (oml_global.sessions == 0) {
        instance_stop();
    } else { /* the sessions still use the instance: end the World Model's part */
        oml_attr_delete_all(OML_ATTR_COMM, MPI_COMM_SELF, &oml_global.self.attrs);
        oml_attr_delete_all(OML_ATTR_COMM, MPI_COMM_WORLD, &oml_global.world.attrs);
    }
    oml_global.finalized = true;
    return MPI_SUCCESS;
}
OML_ALIAS(Finalize)

OML_API int PMPI_Initialized(int *flag)
{
    if (flag == NULL)
        return MPI_ERR_ARG;
    *flag = oml_global.initialized;
    return MPI_SUCCESS;
}
OML_ALIAS(Initialized)

OML_API int PMPI_Finalized(int *flag)
{
    if (flag == NULL)
        return MPI_ERR_ARG;
    *flag = oml_global.finalized;
    return MPI_SUCCESS;
}
OML_ALIAS(Finalized)

OML_API int PMPI_Query_thread(int *provided)
{
    OML_CHECK_INIT("MPI_Query_thread");
    if (provided == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Query_thread", "provided is NULL");
    *provided = oml_global.thread_level;
    return MPI_SUCCESS;
}
OML_ALIAS(Query_thread)

OML_API int PMPI_Is_thread_main(int *flag)
{
    OML_CHECK_INIT("MPI_Is_thread_main");
    if (flag == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Is_thread_main", "flag is NULL");
    *flag = oml_mt_is_main();
    return MPI_SUCCESS;
}
OML_ALIAS(Is_thread_main)

OML_API int PMPI_Abort(MPI_Comm comm, int errorcode)
{
    (void)comm; /* the whole job ends, whatever the communicator */
    char msg[640];
    snprintf(msg, sizeof(msg), "MPI_Abort was called on rank %d (host %s) with error code %d",
             oml_rt_job.rank, oml_rt_job.hostname, errorcode);
    fprintf(stderr, "ompi-lite: %s\n", msg);
    oml_rt_abort(errorcode, msg);
}
OML_ALIAS(Abort)

OML_API double PMPI_Wtime(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
OML_ALIAS(Wtime)

OML_API double PMPI_Wtick(void)
{
    struct timespec ts;
    clock_getres(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
OML_ALIAS(Wtick)

OML_API int PMPI_Get_processor_name(char *name, int *resultlen)
{
    OML_CHECK_INIT("MPI_Get_processor_name");
    if (name == NULL || resultlen == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Get_processor_name", "name or resultlen is NULL");
    snprintf(name, MPI_MAX_PROCESSOR_NAME, "%s", oml_rt_job.hostname);
    *resultlen = (int)strlen(name);
    return MPI_SUCCESS;
}
OML_ALIAS(Get_processor_name)

OML_API int PMPI_Get_version(int *version, int *subversion)
{
    if (version == NULL || subversion == NULL)
        return MPI_ERR_ARG;
    *version = MPI_VERSION;
    *subversion = MPI_SUBVERSION;
    return MPI_SUCCESS;
}
OML_ALIAS(Get_version)

OML_API int PMPI_Get_library_version(char *version, int *resultlen)
{
    if (version == NULL || resultlen == NULL)
        return MPI_ERR_ARG;
    uint32_t fv = fi_version();
    snprintf(version, MPI_MAX_LIBRARY_VERSION_STRING,
             "ompi-lite %s (MPI %d.%d standard ABI), libfabric %u.%u", OMPI_LITE_VERSION,
             MPI_VERSION, MPI_SUBVERSION, FI_MAJOR(fv), FI_MINOR(fv));
    *resultlen = (int)strlen(version);
    return MPI_SUCCESS;
}
OML_ALIAS(Get_library_version)

OML_API int PMPI_Comm_rank(MPI_Comm comm, int *rank)
{
    OML_CHECK_INIT("MPI_Comm_rank");
    oml_comm_t *c = oml_comm_get(comm);
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, "MPI_Comm_rank", "invalid communicator");
    if (rank == NULL)
        return oml_error(c, MPI_ERR_ARG, "MPI_Comm_rank", "rank is NULL");
    *rank = c->pt2pt.rank;
    return MPI_SUCCESS;
}
OML_ALIAS(Comm_rank)

OML_API int PMPI_Comm_size(MPI_Comm comm, int *size)
{
    OML_CHECK_INIT("MPI_Comm_size");
    oml_comm_t *c = oml_comm_get(comm);
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, "MPI_Comm_size", "invalid communicator");
    if (size == NULL)
        return oml_error(c, MPI_ERR_ARG, "MPI_Comm_size", "size is NULL");
    *size = c->coll.size; /* the local group of an intercommunicator */
    return MPI_SUCCESS;
}
OML_ALIAS(Comm_size)

OML_API int PMPI_Alloc_mem(MPI_Aint size, MPI_Info info, void *baseptr)
{
    static const char fn[] = "MPI_Alloc_mem";
    (void)info;
    OML_CHECK_INIT(fn);
    if (size < 0 || baseptr == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "size is negative or baseptr is NULL");
    /* page-aligned: the transport registers such memory with the NIC without waste */
    void *p = NULL;
    if (posix_memalign(&p, 4096, size > 0 ? (size_t)size : 1) != 0)
        return oml_error(NULL, MPI_ERR_NO_MEM, fn, "cannot allocate %ld bytes", (long)size);
    *(void **)baseptr = p;
    return MPI_SUCCESS;
}
OML_ALIAS(Alloc_mem)

OML_API int PMPI_Free_mem(void *base)
{
    OML_CHECK_INIT("MPI_Free_mem");
    free(base);
    return MPI_SUCCESS;
}
OML_ALIAS(Free_mem)

/* Profiling control: ompi-lite has no profiling levels, tools that interpose on it do. */
OML_API int PMPI_Pcontrol(const int level, ...)
{
    (void)level;
    return MPI_SUCCESS;
}
OML_ALIAS(Pcontrol)
