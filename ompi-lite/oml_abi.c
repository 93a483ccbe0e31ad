/*
 * ompi-lite/oml_abi.c: the standard ABI's query calls (MPI-5.0 chapter 21). mpi.h is the
 * standard ABI's header (handles, constants, MPI_Status and the integer types are the
 * standard's), so MPI_Abi_get_version gives 1.0. The Fortran properties are those of the
 * bindings built into libmpi (gfortran, default kinds: LOGICAL and INTEGER of 4 bytes, .TRUE. 1
 * and .FALSE. 0); the two set calls accept what matches them and refuse anything else with
 * MPI_ERR_ABI, as the standard asks of a second registration. Like the info calls, these work
 * before MPI_Init and after MPI_Finalize.
 */
#include "oml_fortran.h"

#include <stdio.h>
#include <string.h>

OML_API int PMPI_Abi_get_version(int *abi_major, int *abi_minor)
{
    if (abi_major == NULL || abi_minor == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Abi_get_version",
                         "abi_major or abi_minor is NULL");
    *abi_major = MPI_ABI_VERSION;
    *abi_minor = MPI_ABI_SUBVERSION;
    return MPI_SUCCESS;
}
OML_ALIAS(Abi_get_version)

/* A new info object holding n (key, value) pairs. */
static int abi_info(const char *fn, MPI_Info *info, const char *const kv[][2], int n)
{
    if (info == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "info is NULL");
    *info = MPI_INFO_NULL;
    int rc = PMPI_Info_create(info);
    for (int i = 0; i < n && rc == MPI_SUCCESS; i++)
        rc = PMPI_Info_set(*info, kv[i][0], kv[i][1]);
    if (rc != MPI_SUCCESS && *info != MPI_INFO_NULL)
        PMPI_Info_free(info);
    return rc;
}

OML_API int PMPI_Abi_get_info(MPI_Info *info)
{
    char aint[8], count[8], offset[8];
    snprintf(aint, sizeof(aint), "%zu", sizeof(MPI_Aint));
    snprintf(count, sizeof(count), "%zu", sizeof(MPI_Count));
    snprintf(offset, sizeof(offset), "%zu", sizeof(MPI_Offset));
    const char *const kv[][2] = {
        {"mpi_aint_size", aint}, {"mpi_count_size", count}, {"mpi_offset_size", offset}};
    return abi_info("MPI_Abi_get_info", info, kv, 3);
}
OML_ALIAS(Abi_get_info)

/* The Fortran properties: sizes of the default kinds, then which optional types exist. */
static const struct {
    const char *key;
    MPI_Datatype type;
    bool size; /* the value is the type's size, else "true"/"false" */
} abi_fortran[] = {
    {"mpi_logical_size", MPI_LOGICAL, true},
    {"mpi_integer_size", MPI_INTEGER, true},
    {"mpi_real_size", MPI_REAL, true},
    {"mpi_double_precision_size", MPI_DOUBLE_PRECISION, true},
    {"mpi_logical1_supported", MPI_LOGICAL1, false},
    {"mpi_logical2_supported", MPI_LOGICAL2, false},
    {"mpi_logical4_supported", MPI_LOGICAL4, false},
    {"mpi_logical8_supported", MPI_LOGICAL8, false},
    {"mpi_logical16_supported", MPI_LOGICAL16, false},
    {"mpi_integer1_supported", MPI_INTEGER1, false},
    {"mpi_integer2_supported", MPI_INTEGER2, false},
    {"mpi_integer4_supported", MPI_INTEGER4, false},
    {"mpi_integer8_supported", MPI_INTEGER8, false},
    {"mpi_integer16_supported", MPI_INTEGER16, false},
    {"mpi_real2_supported", MPI_REAL2, false},
    {"mpi_real4_supported", MPI_REAL4, false},
    {"mpi_real8_supported", MPI_REAL8, false},
    {"mpi_real16_supported", MPI_REAL16, false},
    {"mpi_complex4_supported", MPI_COMPLEX4, false},
    {"mpi_complex8_supported", MPI_COMPLEX8, false},
    {"mpi_complex16_supported", MPI_COMPLEX16, false},
    {"mpi_complex32_supported", MPI_COMPLEX32, false},
    {"mpi_double_complex_supported", MPI_DOUBLE_COMPLEX, false},
};
#define ABI_NFORTRAN ((int)(sizeof(abi_fortran) / sizeof(abi_fortran[0])))

static void abi_fortran_value(int i, char *buf, size_t len)
{
    const oml_dtype_t *d = oml_dtype_get(abi_fortran[i].type);
    if (abi_fortran[i].size)
        snprintf(buf, len, "%zu", d != NULL ? d->size : (size_t)0);
    else
        snprintf(buf, len, "%s", d != NULL && d->size > 0 ? "true" : "false");
}

OML_API int PMPI_Abi_get_fortran_info(MPI_Info *info)
{
    char val[ABI_NFORTRAN][8];
    const char *kv[ABI_NFORTRAN][2];
    for (int i = 0; i < ABI_NFORTRAN; i++) {
        abi_fortran_value(i, val[i], sizeof(val[i]));
        kv[i][0] = abi_fortran[i].key;
        kv[i][1] = val[i];
    }
    return abi_info("MPI_Abi_get_fortran_info", info, (const char *const(*)[2])kv, ABI_NFORTRAN);
}
OML_ALIAS(Abi_get_fortran_info)

OML_API int PMPI_Abi_set_fortran_info(MPI_Info info)
{
    static const char fn[] = "MPI_Abi_set_fortran_info";
    if (info == MPI_INFO_NULL || !oml_info_valid(info))
        return oml_error(NULL, MPI_ERR_INFO, fn, "invalid info object");
    int nkeys, rc = PMPI_Info_get_nkeys(info, &nkeys);
    for (int k = 0; k < nkeys && rc == MPI_SUCCESS; k++) {
        char key[MPI_MAX_INFO_KEY + 1], theirs[MPI_MAX_INFO_VAL], ours[8];
        int len = (int)sizeof(theirs), flag;
        if ((rc = PMPI_Info_get_nthkey(info, k, key)) != MPI_SUCCESS ||
            (rc = PMPI_Info_get_string(info, key, &len, theirs, &flag)) != MPI_SUCCESS)
            return rc;
        for (int i = 0; i < ABI_NFORTRAN; i++) {
            if (strcmp(key, abi_fortran[i].key) != 0)
                continue;
            abi_fortran_value(i, ours, sizeof(ours));
            if (strcmp(theirs, ours) != 0)
                return oml_error(NULL, MPI_ERR_ABI, fn,
                                 "the Fortran properties are those of ompi-lite's own Fortran "
                                 "bindings (gfortran, default kinds) and cannot be replaced: "
                                 "\"%s\" is \"%s\", not \"%s\" (see MPI_Abi_get_fortran_info)",
                                 key, ours, theirs);
        }
    }
    return rc;
}
OML_ALIAS(Abi_set_fortran_info)

/* gfortran's LOGICAL of size bytes holding v (0 or 1), in the machine's byte order. */
static void abi_logical(void *out, int size, unsigned char v)
{
    memset(out, 0, (size_t)size);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    ((unsigned char *)out)[size - 1] = v;
#else
    ((unsigned char *)out)[0] = v;
#endif
}

static int abi_logical_size(const char *fn, int logical_size, const void *t, const void *f)
{
    if (logical_size <= 0 || (logical_size & (logical_size - 1)) != 0)
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "logical_size %d is not a power of two (a Fortran LOGICAL's size in "
                         "bytes: 1, 2, 4, 8 or 16)",
                         logical_size);
    if (t == NULL || f == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "logical_true or logical_false is NULL");
    return MPI_SUCCESS;
}

OML_API int PMPI_Abi_get_fortran_booleans(int logical_size, void *logical_true, void *logical_false,
                                          int *is_set)
{
    static const char fn[] = "MPI_Abi_get_fortran_booleans";
    int rc = abi_logical_size(fn, logical_size, logical_true, logical_false);
    if (rc != MPI_SUCCESS)
        return rc;
    if (is_set == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "is_set is NULL");
    *is_set = logical_size <= 16; /* gfortran's LOGICAL kinds */
    if (*is_set) {
        abi_logical(logical_true, logical_size, OML_F_TRUE);
        abi_logical(logical_false, logical_size, OML_F_FALSE);
    }
    return MPI_SUCCESS;
}
OML_ALIAS(Abi_get_fortran_booleans)

OML_API int PMPI_Abi_set_fortran_booleans(int logical_size, void *logical_true, void *logical_false)
{
    static const char fn[] = "MPI_Abi_set_fortran_booleans";
    int rc = abi_logical_size(fn, logical_size, logical_true, logical_false);
    if (rc != MPI_SUCCESS)
        return rc;
    unsigned char t[16], f[16];
    if (logical_size <= 16) {
        abi_logical(t, logical_size, OML_F_TRUE);
        abi_logical(f, logical_size, OML_F_FALSE);
        if (memcmp(t, logical_true, (size_t)logical_size) == 0 &&
            memcmp(f, logical_false, (size_t)logical_size) == 0)
            return MPI_SUCCESS;
    }
    return oml_error(NULL, MPI_ERR_ABI, fn,
                     "the Fortran LOGICAL values are those of ompi-lite's own Fortran bindings "
                     "(gfortran: .TRUE. is 1, .FALSE. is 0, sizes 1 to 16 bytes) and cannot be "
                     "replaced (see MPI_Abi_get_fortran_booleans)");
}
OML_ALIAS(Abi_set_fortran_booleans)
