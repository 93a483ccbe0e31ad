/*
 * errhan.c: error handlers and error classes: a user handler on a communicator gets the
 * communicator and the code and execution continues; handlers are inherited by dup; get
 * returns what was set; MPI_Comm_call_errhandler; user classes, codes and strings;
 * Error_string and Error_class on predefined and user codes; a handler that sets the code to
 * MPI_SUCCESS does not make a bad call succeed; MPI_Comm_dup returns the user code an attribute
 * copy callback failed with. With ERRHAN_ABORT=1 set,
 * MPI_ERRORS_ABORT on a duplicate of MPI_COMM_WORLD ends the job (the test list checks the
 * exit status and the message).
 */
#include "mtest.h"

#include <stdlib.h>
#include <string.h>

static int errs, rank, size, calls, last_code;
static MPI_Comm last_comm;

static void handler(MPI_Comm *comm, int *code, ...)
{
    calls++;
    last_comm = *comm;
    last_code = *code;
}

/* A handler that tries to turn the error into success: the call still fails. */
static void forgive(MPI_Comm *comm, int *code, ...)
{
    (void)comm;
    calls++;
    *code = MPI_SUCCESS;
}

static int user_code;

/* A copy callback that fails with a user error code: MPI_Comm_dup returns that code. */
static int failing_copy(MPI_Comm comm, int keyval, void *extra, void *in, void *out, int *flag)
{
    (void)comm, (void)keyval, (void)extra, (void)in, (void)out;
    *flag = 0;
    return user_code;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    if (getenv("ERRHAN_ABORT") != NULL) {
        MPI_Comm d;
        MPI_Comm_dup(MPI_COMM_WORLD, &d);
        MPI_Comm_set_errhandler(d, MPI_ERRORS_ABORT);
        if (rank == size - 1)
            MPI_Send(&rank, 1, MPI_INT, size + 5, 0, d); /* invalid rank: ends the job */
        MPI_Barrier(d);
        MPI_Comm_free(&d);
        return mtest_finalize(1);
    }

    MPI_Errhandler eh, got;
    MPI_Comm_create_errhandler(handler, &eh);
    MPI_Comm d;
    MPI_Comm_dup(MPI_COMM_WORLD, &d);
    MPI_Comm_set_errhandler(d, eh);
    MPI_Comm_get_errhandler(d, &got);
    EXPECT(got == eh);
    MPI_Errhandler_free(&got);
    int rc = MPI_Send(&rank, 1, MPI_INT, size + 5, 0, d);
    EXPECT(rc == MPI_ERR_RANK && calls == 1 && last_comm == d && last_code == MPI_ERR_RANK);
    rc = MPI_Send(&rank, -1, MPI_INT, 0, 0, d);
    EXPECT(rc == MPI_ERR_COUNT && calls == 2);

    /* inherited by dup, and freeing the handle keeps it alive while communicators use it */
    MPI_Errhandler_free(&eh);
    EXPECT(eh == MPI_ERRHANDLER_NULL);
    MPI_Comm d2;
    MPI_Comm_dup(d, &d2);
    rc = MPI_Recv(&rank, 1, MPI_INT, 0, -7, d2, MPI_STATUS_IGNORE);
    EXPECT(rc == MPI_ERR_TAG && calls == 3 && last_comm == d2);

    /* MPI_ERRORS_RETURN */
    MPI_Comm_set_errhandler(d2, MPI_ERRORS_RETURN);
    rc = MPI_Bcast(&rank, 1, MPI_INT, size, d2);
    EXPECT(rc == MPI_ERR_ROOT && calls == 3);
    MPI_Comm_get_errhandler(MPI_COMM_WORLD, &got);
    EXPECT(got == MPI_ERRORS_ARE_FATAL);

    /* user classes, codes and strings */
    int cls, code, code2, c, len, *last, flag;
    char str[MPI_MAX_ERROR_STRING];
    MPI_Add_error_class(&cls);
    MPI_Add_error_code(cls, &code);
    MPI_Add_error_code(MPI_ERR_ARG, &code2);
    EXPECT(cls > MPI_ERR_LASTCODE && code != cls && code2 != code);
    MPI_Add_error_string(cls, "solver diverged");
    MPI_Add_error_string(code, "solver diverged: NaN in pressure");
    MPI_Error_class(code, &c);
    EXPECT(c == cls);
    MPI_Error_class(code2, &c);
    EXPECT(c == MPI_ERR_ARG);
    MPI_Error_string(code, str, &len);
    EXPECT(strcmp(str, "solver diverged: NaN in pressure") == 0 && len == (int)strlen(str));
    MPI_Error_string(MPI_ERR_TRUNCATE, str, &len);
    EXPECT(strstr(str, "truncated") != NULL);
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_LASTUSEDCODE, &last, &flag);
    EXPECT(flag && *last >= code2);
    MPI_Comm_call_errhandler(d, code);
    EXPECT(calls == 4 && last_code == code && last_comm == d);

    MPI_Errhandler fe;
    MPI_Comm_create_errhandler(forgive, &fe);
    MPI_Comm_set_errhandler(d2, fe);
    MPI_Errhandler_free(&fe);
    EXPECT(MPI_Send(&rank, 1, MPI_INT, size + 5, 0, d2) == MPI_ERR_RANK && calls == 5);

    int key;
    user_code = code;
    MPI_Comm_create_keyval(failing_copy, MPI_COMM_NULL_DELETE_FN, &key, NULL);
    MPI_Comm_set_attr(d, key, NULL);
    MPI_Comm d3 = MPI_COMM_WORLD;
    rc = MPI_Comm_dup(d, &d3); /* d's handler is called, and the dup fails with the code */
    EXPECT(rc == code && calls == 6 && last_code == code);
    MPI_Comm_delete_attr(d, key);
    MPI_Comm_free_keyval(&key);

    MPI_Comm_free(&d2);
    MPI_Comm_free(&d);
    return mtest_finalize(errs);
}
