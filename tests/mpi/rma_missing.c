/*
 * rma_missing: one-sided communication is declared but not implemented. A program that refers
 * to every function of the chapter compiles and links (the table below takes each one's
 * address); under MPI_ERRORS_RETURN each call returns MPI_ERR_UNSUPPORTED_OPERATION and the job
 * goes on; under the default handler (RMA_FATAL=1) the first call ends the job, and the runner
 * checks the message that names the function.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "mtest.h"

typedef void (*fn_t)(void);
#define F(name)                                                                                    \
    {                                                                                              \
        (fn_t) MPI_##name, (fn_t)PMPI_##name                                                       \
    }

static const fn_t every[][2] = {
    F(Win_create),
    F(Win_allocate),
    F(Win_allocate_shared),
    F(Win_shared_query),
    F(Win_create_dynamic),
    F(Win_attach),
    F(Win_detach),
    F(Win_free),
    F(Win_get_group),
    F(Win_set_info),
    F(Win_get_info),
    F(Put),
    F(Get),
    F(Accumulate),
    F(Get_accumulate),
    F(Fetch_and_op),
    F(Compare_and_swap),
    F(Rput),
    F(Rget),
    F(Raccumulate),
    F(Rget_accumulate),
    F(Win_fence),
    F(Win_start),
    F(Win_complete),
    F(Win_post),
    F(Win_wait),
    F(Win_test),
    F(Win_lock),
    F(Win_lock_all),
    F(Win_unlock),
    F(Win_unlock_all),
    F(Win_flush),
    F(Win_flush_all),
    F(Win_flush_local),
    F(Win_flush_local_all),
    F(Win_sync),
    F(Win_create_keyval),
    F(Win_free_keyval),
    F(Win_set_attr),
    F(Win_get_attr),
    F(Win_delete_attr),
    F(Win_set_name),
    F(Win_get_name),
    F(Win_create_errhandler),
    F(Win_set_errhandler),
    F(Win_get_errhandler),
    F(Win_call_errhandler),
};

static int errs;

static void expect_unsupported(int rc, const char *what)
{
    int cls = -1;
    if (rc != MPI_SUCCESS)
        MPI_Error_class(rc, &cls);
    if (cls != MPI_ERR_UNSUPPORTED_OPERATION) {
        fprintf(stderr, "%s returned %d (class %d), not MPI_ERR_UNSUPPORTED_OPERATION\n", what, rc,
                cls);
        errs++;
    }
}

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    for (size_t i = 0; i < sizeof(every) / sizeof(every[0]); i++) {
        if (every[i][0] == NULL || every[i][1] == NULL) {
            fprintf(stderr, "function %zu of the table has no address\n", i);
            errs++;
        }
    }

    int buf[4] = {0}, res[4], cmp = 0, flag = 1, keyval = MPI_KEYVAL_INVALID, len;
    MPI_Win win = MPI_WIN_NULL;
    void *base = NULL;
    MPI_Request req = MPI_REQUEST_NULL;
    char name[MPI_MAX_OBJECT_NAME];

    if (getenv("RMA_FATAL") != NULL) {
        /* The default handler: the job ends here with the function's name. */
        MPI_Win_create(buf, sizeof(buf), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win);
        printf("not reached\n");
        MPI_Finalize();
        return 0;
    }

    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    expect_unsupported(
        MPI_Win_create(buf, sizeof(buf), sizeof(int), MPI_INFO_NULL, MPI_COMM_WORLD, &win),
        "MPI_Win_create");
    if (win != MPI_WIN_NULL) {
        fprintf(stderr, "MPI_Win_create failed but wrote a window\n");
        errs++;
    }
    expect_unsupported(MPI_Win_allocate(16, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &base, &win),
                       "MPI_Win_allocate");
    expect_unsupported(MPI_Win_allocate_shared(16, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &base, &win),
                       "MPI_Win_allocate_shared");
    expect_unsupported(MPI_Win_create_dynamic(MPI_INFO_NULL, MPI_COMM_WORLD, &win),
                       "MPI_Win_create_dynamic");
    expect_unsupported(MPI_Win_fence(MPI_MODE_NOPRECEDE, win), "MPI_Win_fence");
    expect_unsupported(MPI_Put(buf, 1, MPI_INT, (rank + 1) % size, 0, 1, MPI_INT, win), "MPI_Put");
    expect_unsupported(MPI_Get(res, 1, MPI_INT, 0, 0, 1, MPI_INT, win), "MPI_Get");
    expect_unsupported(MPI_Accumulate(buf, 1, MPI_INT, 0, 0, 1, MPI_INT, MPI_SUM, win),
                       "MPI_Accumulate");
    expect_unsupported(MPI_Fetch_and_op(buf, res, MPI_INT, 0, 0, MPI_SUM, win), "MPI_Fetch_and_op");
    expect_unsupported(MPI_Compare_and_swap(buf, &cmp, res, MPI_INT, 0, 0, win),
                       "MPI_Compare_and_swap");
    expect_unsupported(MPI_Rput(buf, 1, MPI_INT, 0, 0, 1, MPI_INT, win, &req), "MPI_Rput");
    expect_unsupported(MPI_Win_lock(MPI_LOCK_SHARED, 0, MPI_MODE_NOCHECK, win), "MPI_Win_lock");
    expect_unsupported(MPI_Win_flush(0, win), "MPI_Win_flush");
    expect_unsupported(MPI_Win_unlock(0, win), "MPI_Win_unlock");
    expect_unsupported(MPI_Win_test(win, &flag), "MPI_Win_test");
    expect_unsupported(
        MPI_Win_create_keyval(MPI_WIN_NULL_COPY_FN, MPI_WIN_NULL_DELETE_FN, &keyval, NULL),
        "MPI_Win_create_keyval");
    expect_unsupported(MPI_Win_get_name(win, name, &len), "MPI_Win_get_name");
    expect_unsupported(MPI_Win_free(&win), "MPI_Win_free");
    if (req != MPI_REQUEST_NULL) {
        fprintf(stderr, "MPI_Rput failed but wrote a request\n");
        errs++;
    }

    /* The job goes on. */
    int sum = 0;
    MPI_Allreduce(&rank, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (sum != size * (size - 1) / 2) {
        fprintf(stderr, "allreduce after the failed calls: %d\n", sum);
        errs++;
    }
    return mtest_finalize(errs);
}
