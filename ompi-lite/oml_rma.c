/*
 * ompi-lite/oml_rma.c: one-sided communication (MPI-4.1 chapter 12), not implemented yet.
 *
 * mpi.h declares the chapter so that programs which refer to it compile and link and run as far
 * as they do not call it: benchmark suites whose shared code creates windows for their one-sided
 * tests, applications with an optional one-sided path. Every call fails with
 * MPI_ERR_UNSUPPORTED_OPERATION. The error goes to the communicator's handler for the functions
 * that create a window (where the standard raises their errors), and is otherwise an error
 * without an object, since no window can exist; a line on stderr names the function whatever the
 * handler, so that a program which ignores return codes still says what it met.
 */
#include "oml_impl.h"

/* The parameters of the functions below are part of their signature only. */
#pragma GCC diagnostic ignored "-Wunused-parameter"

int oml_rma_missing(MPI_Comm comm, const char *fn)
{
    OML_CHECK_INIT(fn);
    return oml_missing(oml_comm_get(comm), fn,
                       "one-sided communication is not implemented in ompi-lite yet; see "
                       "\"What is missing\" in its README");
}

/* PMPI_<name> failing as above, raised on comm; MPI_<name> its weak alias. */
#define RMA_MISSING(name, params, comm)                                                            \
    OML_API int PMPI_##name params                                                                 \
    {                                                                                              \
        return oml_rma_missing(comm, "MPI_" #name);                                                \
    }                                                                                              \
    OML_ALIAS(name)

/* Window creation: errors are raised on the communicator. */
RMA_MISSING(Win_create,
            (void *base, MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm, MPI_Win *win),
            comm)
RMA_MISSING(Win_allocate,
            (MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm, void *baseptr,
             MPI_Win *win),
            comm)
RMA_MISSING(Win_allocate_shared,
            (MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm, void *baseptr,
             MPI_Win *win),
            comm)
RMA_MISSING(Win_create_dynamic, (MPI_Info info, MPI_Comm comm, MPI_Win *win), comm)

/* Everything else names a window, which cannot exist. */
RMA_MISSING(Win_shared_query,
            (MPI_Win win, int rank, MPI_Aint *size, int *disp_unit, void *baseptr), MPI_COMM_NULL)
RMA_MISSING(Win_attach, (MPI_Win win, void *base, MPI_Aint size), MPI_COMM_NULL)
RMA_MISSING(Win_detach, (MPI_Win win, const void *base), MPI_COMM_NULL)
RMA_MISSING(Win_free, (MPI_Win * win), MPI_COMM_NULL)
RMA_MISSING(Win_get_group, (MPI_Win win, MPI_Group *group), MPI_COMM_NULL)
RMA_MISSING(Win_set_info, (MPI_Win win, MPI_Info info), MPI_COMM_NULL)
RMA_MISSING(Win_get_info, (MPI_Win win, MPI_Info *info_used), MPI_COMM_NULL)
RMA_MISSING(Put,
            (const void *origin_addr, int origin_count, MPI_Datatype origin_datatype,
             int target_rank, MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype,
             MPI_Win win),
            MPI_COMM_NULL)
RMA_MISSING(Get,
            (void *origin_addr, int origin_count, MPI_Datatype origin_datatype, int target_rank,
             MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype, MPI_Win win),
            MPI_COMM_NULL)
RMA_MISSING(Accumulate,
            (const void *origin_addr, int origin_count, MPI_Datatype origin_datatype,
             int target_rank, MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype,
             MPI_Op op, MPI_Win win),
            MPI_COMM_NULL)
RMA_MISSING(Get_accumulate,
            (const void *origin_addr, int origin_count, MPI_Datatype origin_datatype,
             void *result_addr, int result_count, MPI_Datatype result_datatype, int target_rank,
             MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype, MPI_Op op,
             MPI_Win win),
            MPI_COMM_NULL)
RMA_MISSING(Fetch_and_op,
            (const void *origin_addr, void *result_addr, MPI_Datatype datatype, int target_rank,
             MPI_Aint target_disp, MPI_Op op, MPI_Win win),
            MPI_COMM_NULL)
RMA_MISSING(Compare_and_swap,
            (const void *origin_addr, const void *compare_addr, void *result_addr,
             MPI_Datatype datatype, int target_rank, MPI_Aint target_disp, MPI_Win win),
            MPI_COMM_NULL)
RMA_MISSING(Rput,
            (const void *origin_addr, int origin_count, MPI_Datatype origin_datatype,
             int target_rank, MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype,
             MPI_Win win, MPI_Request *request),
            MPI_COMM_NULL)
RMA_MISSING(Rget,
            (void *origin_addr, int origin_count, MPI_Datatype origin_datatype, int target_rank,
             MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype, MPI_Win win,
             MPI_Request *request),
            MPI_COMM_NULL)
RMA_MISSING(Raccumulate,
            (const void *origin_addr, int origin_count, MPI_Datatype origin_datatype,
             int target_rank, MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype,
             MPI_Op op, MPI_Win win, MPI_Request *request),
            MPI_COMM_NULL)
RMA_MISSING(Rget_accumulate,
            (const void *origin_addr, int origin_count, MPI_Datatype origin_datatype,
             void *result_addr, int result_count, MPI_Datatype result_datatype, int target_rank,
             MPI_Aint target_disp, int target_count, MPI_Datatype target_datatype, MPI_Op op,
             MPI_Win win, MPI_Request *request),
            MPI_COMM_NULL)
RMA_MISSING(Win_fence, (int assert, MPI_Win win), MPI_COMM_NULL)
RMA_MISSING(Win_start, (MPI_Group group, int assert, MPI_Win win), MPI_COMM_NULL)
RMA_MISSING(Win_complete, (MPI_Win win), MPI_COMM_NULL)
RMA_MISSING(Win_post, (MPI_Group group, int assert, MPI_Win win), MPI_COMM_NULL)
RMA_MISSING(Win_wait, (MPI_Win win), MPI_COMM_NULL)
RMA_MISSING(Win_test, (MPI_Win win, int *flag), MPI_COMM_NULL)
RMA_MISSING(Win_lock, (int lock_type, int rank, int assert, MPI_Win win), MPI_COMM_NULL)
RMA_MISSING(Win_lock_all, (int assert, MPI_Win win), MPI_COMM_NULL)
RMA_MISSING(Win_unlock, (int rank, MPI_Win win), MPI_COMM_NULL)
RMA_MISSING(Win_unlock_all, (MPI_Win win), MPI_COMM_NULL)
RMA_MISSING(Win_flush, (int rank, MPI_Win win), MPI_COMM_NULL)
RMA_MISSING(Win_flush_all, (MPI_Win win), MPI_COMM_NULL)
RMA_MISSING(Win_flush_local, (int rank, MPI_Win win), MPI_COMM_NULL)
RMA_MISSING(Win_flush_local_all, (MPI_Win win), MPI_COMM_NULL)
RMA_MISSING(Win_sync, (MPI_Win win), MPI_COMM_NULL)
RMA_MISSING(Win_create_keyval,
            (MPI_Win_copy_attr_function * win_copy_attr_fn,
             MPI_Win_delete_attr_function *win_delete_attr_fn, int *win_keyval, void *extra_state),
            MPI_COMM_NULL)
RMA_MISSING(Win_free_keyval, (int *win_keyval), MPI_COMM_NULL)
RMA_MISSING(Win_set_attr, (MPI_Win win, int win_keyval, void *attribute_val), MPI_COMM_NULL)
RMA_MISSING(Win_get_attr, (MPI_Win win, int win_keyval, void *attribute_val, int *flag),
            MPI_COMM_NULL)
RMA_MISSING(Win_delete_attr, (MPI_Win win, int win_keyval), MPI_COMM_NULL)
RMA_MISSING(Win_set_name, (MPI_Win win, const char *win_name), MPI_COMM_NULL)
RMA_MISSING(Win_get_name, (MPI_Win win, char *win_name, int *resultlen), MPI_COMM_NULL)
RMA_MISSING(Win_create_errhandler,
            (MPI_Win_errhandler_function * win_errhandler_fn, MPI_Errhandler *errhandler),
            MPI_COMM_NULL)
RMA_MISSING(Win_set_errhandler, (MPI_Win win, MPI_Errhandler errhandler), MPI_COMM_NULL)
RMA_MISSING(Win_get_errhandler, (MPI_Win win, MPI_Errhandler *errhandler), MPI_COMM_NULL)
RMA_MISSING(Win_call_errhandler, (MPI_Win win, int errorcode), MPI_COMM_NULL)
