/*
 * ompi-lite/oml_removed.c: the MPI-1 functions that MPI-3.0 removed from the standard, kept in
 * C for the programs (and test suites) that still call them. Each calls its successor, whose
 * checks and errors it shares; MPI_Type_ub is the lower bound plus the extent.
 */
#include "oml_impl.h"

OML_API int PMPI_Address(void *location, MPI_Aint *address)
{
    return PMPI_Get_address(location, address);
}
OML_ALIAS(Address)

/* The removed query calls give one of MPI_Type_get_extent's two outputs: a NULL one is an error. */
static int rm_null(const char *fn, const void *out)
{
    return out == NULL ? oml_error(NULL, MPI_ERR_ARG, fn, "the output argument is NULL")
                       : MPI_SUCCESS;
}

OML_API int PMPI_Type_extent(MPI_Datatype datatype, MPI_Aint *extent)
{
    MPI_Aint lb;
    int rc = rm_null("MPI_Type_extent", extent);
    return rc != MPI_SUCCESS ? rc : PMPI_Type_get_extent(datatype, &lb, extent);
}
OML_ALIAS(Type_extent)

OML_API int PMPI_Type_lb(MPI_Datatype datatype, MPI_Aint *displacement)
{
    MPI_Aint extent;
    int rc = rm_null("MPI_Type_lb", displacement);
    return rc != MPI_SUCCESS ? rc : PMPI_Type_get_extent(datatype, displacement, &extent);
}
OML_ALIAS(Type_lb)

OML_API int PMPI_Type_ub(MPI_Datatype datatype, MPI_Aint *displacement)
{
    MPI_Aint lb, extent;
    int rc = rm_null("MPI_Type_ub", displacement);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Type_get_extent(datatype, &lb, &extent);
    if (rc == MPI_SUCCESS)
        *displacement = lb + extent;
    return rc;
}
OML_ALIAS(Type_ub)

OML_API int PMPI_Type_hvector(int count, int blocklength, MPI_Aint stride, MPI_Datatype oldtype,
                              MPI_Datatype *newtype)
{
    return PMPI_Type_create_hvector(count, blocklength, stride, oldtype, newtype);
}
OML_ALIAS(Type_hvector)

OML_API int PMPI_Type_hindexed(int count, int array_of_blocklengths[],
                               MPI_Aint array_of_displacements[], MPI_Datatype oldtype,
                               MPI_Datatype *newtype)
{
    return PMPI_Type_create_hindexed(count, array_of_blocklengths, array_of_displacements, oldtype,
                                     newtype);
}
OML_ALIAS(Type_hindexed)

OML_API int PMPI_Type_struct(int count, int array_of_blocklengths[],
                             MPI_Aint array_of_displacements[], MPI_Datatype array_of_types[],
                             MPI_Datatype *newtype)
{
    return PMPI_Type_create_struct(count, array_of_blocklengths, array_of_displacements,
                                   array_of_types, newtype);
}
OML_ALIAS(Type_struct)

OML_API int PMPI_Errhandler_create(MPI_Handler_function *function, MPI_Errhandler *errhandler)
{
    return PMPI_Comm_create_errhandler(function, errhandler);
}
OML_ALIAS(Errhandler_create)

OML_API int PMPI_Errhandler_set(MPI_Comm comm, MPI_Errhandler errhandler)
{
    return PMPI_Comm_set_errhandler(comm, errhandler);
}
OML_ALIAS(Errhandler_set)

OML_API int PMPI_Errhandler_get(MPI_Comm comm, MPI_Errhandler *errhandler)
{
    return PMPI_Comm_get_errhandler(comm, errhandler);
}
OML_ALIAS(Errhandler_get)
