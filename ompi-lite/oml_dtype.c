/*
 * ompi-lite/oml_dtype.c: predefined datatypes and the element-wise kernels of predefined ops.
 *
 * The ABI numbers predefined datatypes from 0x200 to 0x2ff; the table is indexed by the low
 * byte. Each is a full oml_dtype_t, set up by oml_dtype_init; the pair types of MINLOC/MAXLOC
 * are built with the engine, as the C struct of a value and an int. The kernels of the
 * predefined ops live in oml_op.c.
 */
#include "oml_impl.h"

#include <complex.h>
#include <float.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* A predefined type: size, alignment, arithmetic kind, name. */
typedef struct dt_predef {
    size_t size;
    size_t align;
    oml_kind_t kind;
    const char *name;
} dt_predef_t;

#define DT(handle, type, kind)                                                                     \
    [(uintptr_t)(handle)&0xff] = {sizeof(type), _Alignof(type), kind, #handle}
#define DTN(handle, bytes, align, kind) [(uintptr_t)(handle)&0xff] = {bytes, align, kind, #handle}

/* Integer kinds by width, so C and Fortran types share kernels. */
#define KIND_OF_SIGNED(type)                                                                       \
    (sizeof(type) == 1   ? OML_K_INT8                                                              \
     : sizeof(type) == 2 ? OML_K_INT16                                                             \
     : sizeof(type) == 4 ? OML_K_INT32                                                             \
                         : OML_K_INT64)
#define KIND_OF_UNSIGNED(type)                                                                     \
    (sizeof(type) == 1   ? OML_K_UINT8                                                             \
     : sizeof(type) == 2 ? OML_K_UINT16                                                            \
     : sizeof(type) == 4 ? OML_K_UINT32                                                            \
                         : OML_K_UINT64)

struct oml_pair_fi {
    float a;
    int b;
};
struct oml_pair_di {
    double a;
    int b;
};
struct oml_pair_li {
    long a;
    int b;
};
struct oml_pair_si {
    short a;
    int b;
};
struct oml_pair_ldi {
    long double a;
    int b;
};

/* A handle with two names (synonyms) carries the one the standard's tables list first. */
static const dt_predef_t dt_predef[256] = {
    DT(MPI_AINT, MPI_Aint, KIND_OF_SIGNED(MPI_Aint)),
    DT(MPI_COUNT, MPI_Count, OML_K_INT64),
    DT(MPI_OFFSET, MPI_Offset, OML_K_INT64),
    DTN(MPI_PACKED, 1, 1, OML_K_NONE),
    DT(MPI_SHORT, short, KIND_OF_SIGNED(short)),
    DT(MPI_INT, int, KIND_OF_SIGNED(int)),
    DT(MPI_LONG, long, KIND_OF_SIGNED(long)),
    DT(MPI_LONG_LONG_INT, long long, KIND_OF_SIGNED(long long)),
    DT(MPI_UNSIGNED_SHORT, unsigned short, KIND_OF_UNSIGNED(unsigned short)),
    DT(MPI_UNSIGNED, unsigned, KIND_OF_UNSIGNED(unsigned)),
    DT(MPI_UNSIGNED_LONG, unsigned long, KIND_OF_UNSIGNED(unsigned long)),
    DT(MPI_UNSIGNED_LONG_LONG, unsigned long long, KIND_OF_UNSIGNED(unsigned long long)),
    DT(MPI_FLOAT, float, OML_K_FLOAT),
    DT(MPI_C_COMPLEX, float _Complex, OML_K_CFLOAT),
    DT(MPI_CXX_FLOAT_COMPLEX, float _Complex, OML_K_CFLOAT),
    DT(MPI_DOUBLE, double, OML_K_DOUBLE),
    DT(MPI_C_DOUBLE_COMPLEX, double _Complex, OML_K_CDOUBLE),
    DT(MPI_CXX_DOUBLE_COMPLEX, double _Complex, OML_K_CDOUBLE),
    DTN(MPI_LOGICAL, 4, 4, OML_K_LOGICAL4),
    DTN(MPI_INTEGER, 4, 4, OML_K_INT32),
    DTN(MPI_REAL, 4, 4, OML_K_FLOAT),
    DTN(MPI_COMPLEX, 8, 4, OML_K_CFLOAT),
    DTN(MPI_DOUBLE_PRECISION, 8, 8, OML_K_DOUBLE),
    DTN(MPI_DOUBLE_COMPLEX, 16, 8, OML_K_CDOUBLE),
    DTN(MPI_CHARACTER, 1, 1, OML_K_NONE),
    DT(MPI_LONG_DOUBLE, long double, OML_K_LDOUBLE),
    DT(MPI_C_LONG_DOUBLE_COMPLEX, long double _Complex, OML_K_CLDOUBLE),
    DT(MPI_CXX_LONG_DOUBLE_COMPLEX, long double _Complex, OML_K_CLDOUBLE),
    DT(MPI_C_BOOL, _Bool, OML_K_BOOL),
    DTN(MPI_CXX_BOOL, 1, 1, OML_K_BOOL),
    DT(MPI_WCHAR, wchar_t, OML_K_NONE),
    DTN(MPI_INT8_T, 1, 1, OML_K_INT8),
    DTN(MPI_UINT8_T, 1, 1, OML_K_UINT8),
    /* MPI_CHAR is no integer type in the standard's reduction tables; MPICH reduces it as its
     * C integer, and codes written for MPICH do, so it reduces here as signed or unsigned char */
    DT(MPI_CHAR, char, (char)-1 < 0 ? OML_K_INT8 : OML_K_UINT8),
    DT(MPI_SIGNED_CHAR, signed char, OML_K_INT8),
    DT(MPI_UNSIGNED_CHAR, unsigned char, OML_K_UINT8),
    DTN(MPI_BYTE, 1, 1, OML_K_BYTE),
    DTN(MPI_INT16_T, 2, 2, OML_K_INT16),
    DTN(MPI_UINT16_T, 2, 2, OML_K_UINT16),
    DTN(MPI_INT32_T, 4, 4, OML_K_INT32),
    DTN(MPI_UINT32_T, 4, 4, OML_K_UINT32),
    DTN(MPI_INT64_T, 8, 8, OML_K_INT64),
    DTN(MPI_UINT64_T, 8, 8, OML_K_UINT64),
    DTN(MPI_LOGICAL1, 1, 1, OML_K_LOGICAL1),
    DTN(MPI_INTEGER1, 1, 1, OML_K_INT8),
    DTN(MPI_LOGICAL2, 2, 2, OML_K_LOGICAL2),
    DTN(MPI_INTEGER2, 2, 2, OML_K_INT16),
    DTN(MPI_REAL2, 2, 2, OML_K_NONE),
    DTN(MPI_LOGICAL4, 4, 4, OML_K_LOGICAL4),
    DTN(MPI_INTEGER4, 4, 4, OML_K_INT32),
    DTN(MPI_REAL4, 4, 4, OML_K_FLOAT),
    DTN(MPI_COMPLEX4, 4, 2, OML_K_NONE),
    DTN(MPI_LOGICAL8, 8, 8, OML_K_LOGICAL8),
    DTN(MPI_INTEGER8, 8, 8, OML_K_INT64),
    DTN(MPI_REAL8, 8, 8, OML_K_DOUBLE),
    DTN(MPI_COMPLEX8, 8, 4, OML_K_CFLOAT),
    DTN(MPI_LOGICAL16, 16, 16, OML_K_NONE),
    DTN(MPI_INTEGER16, 16, 16, OML_K_NONE),
    DTN(MPI_REAL16, 16, 16, OML_K_NONE),
    DTN(MPI_COMPLEX16, 16, 8, OML_K_CDOUBLE),
    DTN(MPI_COMPLEX32, 32, 16, OML_K_NONE),
};

static oml_dtype_t oml_dtypes[256];

static oml_x32_t x32_swap(size_t unit)
{
    return unit == 1    ? OML_X32_SWAP1
           : unit == 2  ? OML_X32_SWAP2
           : unit == 4  ? OML_X32_SWAP4
           : unit == 8  ? OML_X32_SWAP8
           : unit == 16 ? OML_X32_SWAP16
                        : OML_X32_NONE;
}

static oml_x32_t x32_long_double(void)
{
#if LDBL_MANT_DIG == 113
    return x32_swap(sizeof(long double)); /* already binary128 (aarch64) */
#elif LDBL_MANT_DIG == 64
    return sizeof(long double) == 16 ? OML_X32_LDOUBLE : OML_X32_NONE; /* x86-64's x87 format */
#else
    return OML_X32_NONE;
#endif
}

oml_x32_t oml_dt_x32_class(MPI_Datatype h)
{
    const dt_predef_t *p = &dt_predef[(uintptr_t)h & 0xff];
    if (h == MPI_LONG)
        return sizeof(long) == 4 ? OML_X32_SWAP4 : OML_X32_LONG;
    if (h == MPI_UNSIGNED_LONG)
        return sizeof(unsigned long) == 4 ? OML_X32_SWAP4 : OML_X32_ULONG;
    if (h == MPI_WCHAR)
        return sizeof(wchar_t) == 2 ? OML_X32_SWAP2 : OML_X32_WCHAR;
    if (h == MPI_LONG_DOUBLE || h == MPI_C_LONG_DOUBLE_COMPLEX || h == MPI_CXX_LONG_DOUBLE_COMPLEX)
        return x32_long_double();
    switch (p->kind) {
    case OML_K_CFLOAT:
    case OML_K_CDOUBLE:
        return x32_swap(p->size / 2); /* two reals */
    default:
        break;
    }
    if (h == MPI_COMPLEX4 || h == MPI_COMPLEX32)
        return x32_swap(p->size / 2);
    return x32_swap(p->size);
}

/* The pair types of MINLOC and MAXLOC: a value and an int, laid out as the C struct. */
static const struct {
    MPI_Datatype handle, value, index;
    size_t index_off, extent;
    const char *name;
    oml_kind_t kind;
} dt_pairs[] = {
    {MPI_FLOAT_INT, MPI_FLOAT, MPI_INT, offsetof(struct oml_pair_fi, b), sizeof(struct oml_pair_fi),
     "MPI_FLOAT_INT", OML_K_PAIR_FI},
    {MPI_DOUBLE_INT, MPI_DOUBLE, MPI_INT, offsetof(struct oml_pair_di, b),
     sizeof(struct oml_pair_di), "MPI_DOUBLE_INT", OML_K_PAIR_DI},
    {MPI_LONG_INT, MPI_LONG, MPI_INT, offsetof(struct oml_pair_li, b), sizeof(struct oml_pair_li),
     "MPI_LONG_INT", OML_K_PAIR_LI},
    {MPI_SHORT_INT, MPI_SHORT, MPI_INT, offsetof(struct oml_pair_si, b), sizeof(struct oml_pair_si),
     "MPI_SHORT_INT", OML_K_PAIR_SI},
    {MPI_LONG_DOUBLE_INT, MPI_LONG_DOUBLE, MPI_INT, offsetof(struct oml_pair_ldi, b),
     sizeof(struct oml_pair_ldi), "MPI_LONG_DOUBLE_INT", OML_K_PAIR_LDI},
    {MPI_2INT, MPI_INT, MPI_INT, sizeof(int), 2 * sizeof(int), "MPI_2INT", OML_K_PAIR_II},
    {MPI_2REAL, MPI_REAL, MPI_REAL, 4, 8, "MPI_2REAL", OML_K_PAIR_FF},
    {MPI_2DOUBLE_PRECISION, MPI_DOUBLE_PRECISION, MPI_DOUBLE_PRECISION, 8, 16,
     "MPI_2DOUBLE_PRECISION", OML_K_PAIR_DD},
    {MPI_2INTEGER, MPI_INTEGER, MPI_INTEGER, 4, 8, "MPI_2INTEGER", OML_K_PAIR_II},
};

void oml_dtype_init(void)
{
    if (oml_dtypes[(uintptr_t)MPI_INT & 0xff].magic == OML_DT_MAGIC)
        return;
    for (size_t i = 0; i < 256; i++) {
        const dt_predef_t *p = &dt_predef[i];
        oml_dtype_t *d = &oml_dtypes[i];
        if (p->size == 0)
            continue;
        *d = (oml_dtype_t){.magic = OML_DT_MAGIC,
                           .refs = 1,
                           .predefined = true,
                           .committed = true,
                           .contig = true,
                           .size = p->size,
                           .ub = (MPI_Aint)p->size,
                           .true_ub = (MPI_Aint)p->size,
                           .align = p->align,
                           .nelem = 1,
                           .kind = p->kind,
                           .basic = (MPI_Datatype)(0x200 + i),
                           .nsegs = 1,
                           .seg1 = {.len = p->size,
                                    .count = 1,
                                    .esz = p->size,
                                    .x32 = (uint8_t)oml_dt_x32_class((MPI_Datatype)(0x200 + i))},
                           .combiner = MPI_COMBINER_NAMED,
                           .name = p->name};
        d->segs = &d->seg1;
    }
    for (size_t i = 0; i < sizeof(dt_pairs) / sizeof(dt_pairs[0]); i++) {
        oml_dt_builder_t b;
        if (!oml_dt_build_begin(&b, MPI_COMBINER_NAMED))
            abort();
        oml_dt_build_append(&b, &oml_dtypes[(uintptr_t)dt_pairs[i].value & 0xff], 0, 1);
        oml_dt_build_append(&b, &oml_dtypes[(uintptr_t)dt_pairs[i].index & 0xff],
                            (MPI_Aint)dt_pairs[i].index_off, 1);
        oml_dtype_t *t = oml_dt_build_end(&b);
        if (t == NULL || t->nsegs > 2)
            abort();
        oml_dtype_t *d = &oml_dtypes[(uintptr_t)dt_pairs[i].handle & 0xff];
        *d = *t;
        memcpy(d->pair_segs, t->segs, t->nsegs * sizeof(*t->segs));
        d->segs = d->pair_segs;
        d->ub = (MPI_Aint)dt_pairs[i].extent;
        d->contig = d->size == dt_pairs[i].extent && d->nsegs == 1;
        d->kind = dt_pairs[i].kind; /* MINLOC and MAXLOC work on the packed pair */
        d->basic = dt_pairs[i].handle;
        d->predefined = true;
        d->committed = true;
        d->name = dt_pairs[i].name;
        oml_dt_destroy(t);
    }
}

oml_dtype_t *oml_dtype_get(MPI_Datatype dt)
{
    uintptr_t h = (uintptr_t)dt;
    if (h >= 0x200 && h <= 0x2ff) {
        oml_dtype_t *d = &oml_dtypes[h & 0xff];
        return d->magic == OML_DT_MAGIC ? d : NULL;
    }
    if (h < OML_HANDLE_PREDEFINED_MAX)
        return NULL;
    oml_dtype_t *d = (oml_dtype_t *)dt;
    return d->magic == OML_DT_MAGIC ? d : NULL;
}
