/*
 * The C side of Fortran interoperability: MPI_<Kind>_c2f / _f2c and MPI_Status_c2f / _f2c.
 * Predefined handles are their ABI integers; a user object keeps one Fortran handle however
 * often it is converted, and converts back to itself; an unknown Fortran handle converts to a
 * handle that MPI calls reject.
 */
#include "mtest.h"

#include <string.h>

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int errs = 0, rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    EXPECT(MPI_Comm_c2f(MPI_COMM_WORLD) == 0x101);
    EXPECT(MPI_Type_c2f(MPI_DOUBLE_PRECISION) == 0x21c);
    EXPECT(MPI_Request_c2f(MPI_REQUEST_NULL) == 0x180);
    EXPECT(MPI_Comm_f2c(0x102) == MPI_COMM_SELF);

    MPI_Comm dup;
    MPI_Comm_dup(MPI_COMM_WORLD, &dup);
    MPI_Fint f = MPI_Comm_c2f(dup);
    EXPECT(f >= 0x1000);
    EXPECT(MPI_Comm_c2f(dup) == f);
    EXPECT(MPI_Comm_f2c(f) == dup);
    MPI_Datatype vec;
    MPI_Type_vector(3, 1, 4, MPI_INT, &vec);
    MPI_Fint fv = MPI_Type_c2f(vec);
    EXPECT(MPI_Type_f2c(fv) == vec);
    MPI_Type_free(&vec);

    /* A Fortran handle nobody made: MPI calls reject what it converts to. */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int size = -1;
    int rc = MPI_Comm_size(MPI_Comm_f2c(0x7ffff), &size);
    EXPECT(rc == MPI_ERR_COMM);
    rc = MPI_Comm_size(MPI_Comm_f2c(-7), &size);
    EXPECT(rc == MPI_ERR_COMM);

    MPI_Status st = {.MPI_SOURCE = 3, .MPI_TAG = 99, .MPI_ERROR = MPI_ERR_TRUNCATE};
    st.MPI_internal[0] = 12345;
    MPI_Fint fst[MPI_F_STATUS_SIZE];
    MPI_Status back;
    memset(&back, 0, sizeof(back));
    MPI_Status_c2f(&st, fst);
    EXPECT(fst[MPI_F_SOURCE] == 3 && fst[MPI_F_TAG] == 99);
    MPI_Status_f2c(fst, &back);
    EXPECT(memcmp(&st, &back, sizeof(st)) == 0);
    rc = MPI_Status_c2f(&st, NULL);
    EXPECT(rc == MPI_ERR_ARG);

    MPI_Comm_free(&dup);
    return mtest_finalize(errs);
}
