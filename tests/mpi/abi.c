/*
 * abi: the standard ABI's calls (MPI-5.0 chapter 21).
 *   - MPI_Abi_get_version and MPI_Abi_get_info before MPI_Init (1.0; 8-byte MPI_Aint,
 *     MPI_Count, MPI_Offset) and after;
 *   - MPI_<Kind>_toint / _fromint: predefined handles are their ABI constants; every kind of
 *     user object converts to one integer (the same as its Fortran handle) and back to itself;
 *   - MPI_Abi_get_fortran_info gives gfortran's default kinds and the optional types;
 *     MPI_Abi_set_fortran_info accepts the same properties and refuses others with MPI_ERR_ABI;
 *   - MPI_Abi_get_fortran_booleans / _set_: .TRUE. 1 and .FALSE. 0 at every LOGICAL size, a
 *     size that is not a power of two is MPI_ERR_ARG, other values MPI_ERR_ABI.
 */
#include "mtest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int rank = -1, errs;

static void expect_value(MPI_Info info, const char *key, const char *want)
{
    char val[MPI_MAX_INFO_VAL];
    int len = (int)sizeof(val), flag = 0;
    MPI_Info_get_string(info, key, &len, val, &flag);
    if (!flag || strcmp(val, want) != 0) {
        errs++;
        fprintf(stderr, "rank %d: info key %s is %s, expected %s\n", rank, key,
                flag ? val : "(not set)", want);
    }
}

static void check_abi_info(void)
{
    MPI_Info info = MPI_INFO_NULL;
    EXPECT(MPI_Abi_get_info(&info) == MPI_SUCCESS && info != MPI_INFO_NULL);
    expect_value(info, "mpi_aint_size", "8");
    expect_value(info, "mpi_count_size", "8");
    expect_value(info, "mpi_offset_size", "8");
    MPI_Info_free(&info);
}

/* Integer handles name the same objects as Fortran handles, and come back to the object. */
#define ROUND_TRIP(Kind, h)                                                                        \
    do {                                                                                           \
        int i_ = MPI_##Kind##_toint(h);                                                            \
        EXPECT(MPI_##Kind##_fromint(i_) == (h));                                                   \
        EXPECT(i_ == (int)MPI_##Kind##_c2f(h));                                                    \
        EXPECT(MPI_##Kind##_toint(h) == i_);                                                       \
    } while (0)

static void check_handles(void)
{
    EXPECT(MPI_Comm_toint(MPI_COMM_WORLD) == 0x101);
    EXPECT(MPI_Comm_fromint(0x102) == MPI_COMM_SELF);
    EXPECT(MPI_Type_toint(MPI_INT) == 0x209);
    EXPECT(MPI_Op_toint(MPI_SUM) == 0x21);
    EXPECT(MPI_Request_fromint(MPI_Request_toint(MPI_REQUEST_NULL)) == MPI_REQUEST_NULL);
    EXPECT(MPI_Info_toint(MPI_INFO_NULL) == (int)(intptr_t)MPI_INFO_NULL);

    MPI_Comm dup;
    MPI_Comm_dup(MPI_COMM_WORLD, &dup);
    ROUND_TRIP(Comm, dup);
    EXPECT(MPI_Comm_toint(dup) != MPI_Comm_toint(MPI_COMM_WORLD));
    MPI_Group group;
    MPI_Comm_group(dup, &group);
    ROUND_TRIP(Group, group);
    MPI_Info info;
    MPI_Info_create(&info);
    ROUND_TRIP(Info, info);
    MPI_Datatype vec;
    MPI_Type_vector(2, 1, 3, MPI_INT, &vec);
    ROUND_TRIP(Type, vec);
    MPI_Op op;
    MPI_Op_create((MPI_User_function *)(void (*)(void))abort, 1, &op);
    ROUND_TRIP(Op, op);
    MPI_Errhandler eh;
    MPI_Comm_create_errhandler((MPI_Comm_errhandler_function *)(void (*)(void))abort, &eh);
    ROUND_TRIP(Errhandler, eh);
    int buf = rank;
    MPI_Request req;
    EXPECT(MPI_Send_init(&buf, 1, MPI_INT, 0, 5, MPI_COMM_SELF, &req) == MPI_SUCCESS);
    ROUND_TRIP(Request, req);
    MPI_Win win;
    MPI_Win_create(&buf, sizeof(buf), 1, MPI_INFO_NULL, dup, &win);
    ROUND_TRIP(Win, win);
    MPI_Session session;
    MPI_Session_init(MPI_INFO_NULL, MPI_ERRORS_RETURN, &session);
    ROUND_TRIP(Session, session);
    MPI_Start(&req);
    MPI_Message msg;
    MPI_Status st;
    MPI_Mprobe(0, 5, MPI_COMM_SELF, &msg, &st);
    ROUND_TRIP(Message, msg);
    int got = -1;
    MPI_Mrecv(&got, 1, MPI_INT, &msg, MPI_STATUS_IGNORE);
    EXPECT(got == rank);
    MPI_Wait(&req, MPI_STATUS_IGNORE);
    char name[64];
    snprintf(name, sizeof(name), "/tmp/ompi-lite-abi-test-%d-%d", (int)getpid(), rank);
    MPI_File fh;
    if (MPI_File_open(MPI_COMM_SELF, name,
                      MPI_MODE_CREATE | MPI_MODE_RDWR | MPI_MODE_DELETE_ON_CLOSE, MPI_INFO_NULL,
                      &fh) == MPI_SUCCESS) {
        ROUND_TRIP(File, fh);
        MPI_File_close(&fh);
    } else {
        EXPECT(!"MPI_File_open");
    }

    MPI_Session_finalize(&session);
    MPI_Win_free(&win);
    MPI_Request_free(&req);
    MPI_Errhandler_free(&eh);
    MPI_Op_free(&op);
    MPI_Type_free(&vec);
    MPI_Info_free(&info);
    MPI_Group_free(&group);
    MPI_Comm_free(&dup);
}

static void check_fortran(void)
{
    MPI_Info info = MPI_INFO_NULL;
    EXPECT(MPI_Abi_get_fortran_info(&info) == MPI_SUCCESS && info != MPI_INFO_NULL);
    expect_value(info, "mpi_logical_size", "4");
    expect_value(info, "mpi_integer_size", "4");
    expect_value(info, "mpi_real_size", "4");
    expect_value(info, "mpi_double_precision_size", "8");
    expect_value(info, "mpi_integer8_supported", "true");
    expect_value(info, "mpi_logical1_supported", "true");
    expect_value(info, "mpi_complex32_supported", "true");
    expect_value(info, "mpi_double_complex_supported", "true");
    /* What it gave back is accepted; a different size is not. */
    EXPECT(MPI_Abi_set_fortran_info(info) == MPI_SUCCESS);
    MPI_Info_set(info, "mpi_integer_size", "8");
    int rc = MPI_Abi_set_fortran_info(info), cls = -1;
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_ABI);
    MPI_Info_free(&info);
    MPI_Info other;
    MPI_Info_create(&other);
    MPI_Info_set(other, "some_other_key", "x");
    EXPECT(MPI_Abi_set_fortran_info(other) == MPI_SUCCESS); /* unknown keys are ignored */
    MPI_Info_free(&other);

    for (int size = 1; size <= 16; size *= 2) {
        unsigned char t[17], f[17];
        memset(t, 0xaa, sizeof(t));
        memset(f, 0xaa, sizeof(f));
        int is_set = -1;
        EXPECT(MPI_Abi_get_fortran_booleans(size, t, f, &is_set) == MPI_SUCCESS);
        EXPECT(is_set == 1);
        EXPECT(t[0] == 1 && f[0] == 0);
        for (int i = 1; i < size; i++)
            EXPECT(t[i] == 0 && f[i] == 0);
        EXPECT(t[size] == 0xaa && f[size] == 0xaa); /* nothing written past the size */
        EXPECT(MPI_Abi_set_fortran_booleans(size, t, f) == MPI_SUCCESS);
    }
    int t = -1, f = 0, is_set = -1;
    rc = MPI_Abi_set_fortran_booleans(4, &t, &f);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_ABI);
    rc = MPI_Abi_get_fortran_booleans(3, &t, &f, &is_set);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_ARG);
    char big[32];
    EXPECT(MPI_Abi_get_fortran_booleans(32, big, big, &is_set) == MPI_SUCCESS && is_set == 0);
}

int main(int argc, char **argv)
{
    int major = -1, minor = -1;
    int before = MPI_Abi_get_version(&major, &minor) == MPI_SUCCESS && major == 1 && minor == 0;
    check_abi_info(); /* before MPI_Init too */
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    EXPECT(before);
    EXPECT(MPI_Abi_get_version(&major, &minor) == MPI_SUCCESS && major == MPI_ABI_VERSION &&
           minor == MPI_ABI_SUBVERSION);
    check_abi_info();
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    check_handles();
    check_fortran();
    return mtest_finalize(errs);
}
