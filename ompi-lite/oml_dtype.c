/*
 * ompi-lite/oml_dtype.c: predefined datatypes and the element-wise kernels of predefined ops.
 *
 * The ABI numbers predefined datatypes from 0x200 to 0x2ff; the table is indexed by the low
 * byte. Each is a full oml_dtype_t, set up by oml_dtype_init; the pair types of MINLOC/MAXLOC
 * are built with the engine, as the C struct of a value and an int.
 */
#include "oml_impl.h"

#include <complex.h>
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

static const dt_predef_t dt_predef[256] = {
    DT(MPI_AINT, MPI_Aint, KIND_OF_SIGNED(MPI_Aint)),
    DT(MPI_COUNT, MPI_Count, OML_K_INT64),
    DT(MPI_OFFSET, MPI_Offset, OML_K_INT64),
    DTN(MPI_PACKED, 1, 1, OML_K_NONE),
    DT(MPI_SHORT, short, KIND_OF_SIGNED(short)),
    DT(MPI_INT, int, KIND_OF_SIGNED(int)),
    DT(MPI_LONG, long, KIND_OF_SIGNED(long)),
    DT(MPI_LONG_LONG, long long, KIND_OF_SIGNED(long long)),
    DT(MPI_UNSIGNED_SHORT, unsigned short, KIND_OF_UNSIGNED(unsigned short)),
    DT(MPI_UNSIGNED, unsigned, KIND_OF_UNSIGNED(unsigned)),
    DT(MPI_UNSIGNED_LONG, unsigned long, KIND_OF_UNSIGNED(unsigned long)),
    DT(MPI_UNSIGNED_LONG_LONG, unsigned long long, KIND_OF_UNSIGNED(unsigned long long)),
    DT(MPI_FLOAT, float, OML_K_FLOAT),
    DT(MPI_C_FLOAT_COMPLEX, float _Complex, OML_K_NONE),
    DT(MPI_CXX_FLOAT_COMPLEX, float _Complex, OML_K_NONE),
    DT(MPI_DOUBLE, double, OML_K_DOUBLE),
    DT(MPI_C_DOUBLE_COMPLEX, double _Complex, OML_K_NONE),
    DT(MPI_CXX_DOUBLE_COMPLEX, double _Complex, OML_K_NONE),
    DTN(MPI_LOGICAL, 4, 4, OML_K_NONE),
    DTN(MPI_INTEGER, 4, 4, OML_K_INT32),
    DTN(MPI_REAL, 4, 4, OML_K_FLOAT),
    DTN(MPI_COMPLEX, 8, 4, OML_K_NONE),
    DTN(MPI_DOUBLE_PRECISION, 8, 8, OML_K_DOUBLE),
    DTN(MPI_DOUBLE_COMPLEX, 16, 8, OML_K_NONE),
    DTN(MPI_CHARACTER, 1, 1, OML_K_NONE),
    DT(MPI_LONG_DOUBLE, long double, OML_K_LDOUBLE),
    DT(MPI_C_LONG_DOUBLE_COMPLEX, long double _Complex, OML_K_NONE),
    DT(MPI_CXX_LONG_DOUBLE_COMPLEX, long double _Complex, OML_K_NONE),
    DT(MPI_C_BOOL, _Bool, OML_K_BOOL),
    DTN(MPI_CXX_BOOL, 1, 1, OML_K_BOOL),
    DT(MPI_WCHAR, wchar_t, OML_K_NONE),
    DTN(MPI_INT8_T, 1, 1, OML_K_INT8),
    DTN(MPI_UINT8_T, 1, 1, OML_K_UINT8),
    DT(MPI_CHAR, char, OML_K_NONE),
    DT(MPI_SIGNED_CHAR, signed char, OML_K_INT8),
    DT(MPI_UNSIGNED_CHAR, unsigned char, OML_K_UINT8),
    DTN(MPI_BYTE, 1, 1, OML_K_NONE),
    DTN(MPI_INT16_T, 2, 2, OML_K_INT16),
    DTN(MPI_UINT16_T, 2, 2, OML_K_UINT16),
    DTN(MPI_INT32_T, 4, 4, OML_K_INT32),
    DTN(MPI_UINT32_T, 4, 4, OML_K_UINT32),
    DTN(MPI_INT64_T, 8, 8, OML_K_INT64),
    DTN(MPI_UINT64_T, 8, 8, OML_K_UINT64),
    DTN(MPI_LOGICAL1, 1, 1, OML_K_NONE),
    DTN(MPI_INTEGER1, 1, 1, OML_K_INT8),
    DTN(MPI_LOGICAL2, 2, 2, OML_K_NONE),
    DTN(MPI_INTEGER2, 2, 2, OML_K_INT16),
    DTN(MPI_REAL2, 2, 2, OML_K_NONE),
    DTN(MPI_LOGICAL4, 4, 4, OML_K_NONE),
    DTN(MPI_INTEGER4, 4, 4, OML_K_INT32),
    DTN(MPI_REAL4, 4, 4, OML_K_FLOAT),
    DTN(MPI_COMPLEX4, 4, 2, OML_K_NONE),
    DTN(MPI_LOGICAL8, 8, 8, OML_K_NONE),
    DTN(MPI_INTEGER8, 8, 8, OML_K_INT64),
    DTN(MPI_REAL8, 8, 8, OML_K_DOUBLE),
    DTN(MPI_COMPLEX8, 8, 4, OML_K_NONE),
    DTN(MPI_LOGICAL16, 16, 16, OML_K_NONE),
    DTN(MPI_INTEGER16, 16, 16, OML_K_NONE),
    DTN(MPI_REAL16, 16, 16, OML_K_NONE),
    DTN(MPI_COMPLEX16, 16, 8, OML_K_NONE),
    DTN(MPI_COMPLEX32, 32, 16, OML_K_NONE),
};

static oml_dtype_t oml_dtypes[256];

/* The pair types of MINLOC and MAXLOC: a value and an int, laid out as the C struct. */
static const struct {
    MPI_Datatype handle, value, index;
    size_t index_off, extent;
    const char *name;
} dt_pairs[] = {
    {MPI_FLOAT_INT, MPI_FLOAT, MPI_INT, offsetof(struct oml_pair_fi, b), sizeof(struct oml_pair_fi),
     "MPI_FLOAT_INT"},
    {MPI_DOUBLE_INT, MPI_DOUBLE, MPI_INT, offsetof(struct oml_pair_di, b),
     sizeof(struct oml_pair_di), "MPI_DOUBLE_INT"},
    {MPI_LONG_INT, MPI_LONG, MPI_INT, offsetof(struct oml_pair_li, b), sizeof(struct oml_pair_li),
     "MPI_LONG_INT"},
    {MPI_SHORT_INT, MPI_SHORT, MPI_INT, offsetof(struct oml_pair_si, b), sizeof(struct oml_pair_si),
     "MPI_SHORT_INT"},
    {MPI_LONG_DOUBLE_INT, MPI_LONG_DOUBLE, MPI_INT, offsetof(struct oml_pair_ldi, b),
     sizeof(struct oml_pair_ldi), "MPI_LONG_DOUBLE_INT"},
    {MPI_2INT, MPI_INT, MPI_INT, sizeof(int), 2 * sizeof(int), "MPI_2INT"},
    {MPI_2REAL, MPI_REAL, MPI_REAL, 4, 8, "MPI_2REAL"},
    {MPI_2DOUBLE_PRECISION, MPI_DOUBLE_PRECISION, MPI_DOUBLE_PRECISION, 8, 16,
     "MPI_2DOUBLE_PRECISION"},
    {MPI_2INTEGER, MPI_INTEGER, MPI_INTEGER, 4, 8, "MPI_2INTEGER"},
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
                           .seg1 = {.len = p->size, .count = 1, .esz = p->size},
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
        d->kind = OML_K_NONE; /* MINLOC and MAXLOC get their own kernels */
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

/* ---- op kernels ---- */

#define OML_KERNEL(name, T, expr)                                                                  \
    static void name(const void *in_, void *io_, size_t n, void *ctx)                              \
    {                                                                                              \
        const T *a = in_;                                                                          \
        T *b = io_;                                                                                \
        (void)ctx;                                                                                 \
        for (size_t i = 0; i < n; i++)                                                             \
            b[i] = (expr);                                                                         \
    }

#define OML_ARITH(T, sfx)                                                                          \
    OML_KERNEL(k_sum_##sfx, T, a[i] + b[i])                                                        \
    OML_KERNEL(k_prod_##sfx, T, a[i] * b[i])                                                       \
    OML_KERNEL(k_max_##sfx, T, a[i] > b[i] ? a[i] : b[i])                                          \
    OML_KERNEL(k_min_##sfx, T, a[i] < b[i] ? a[i] : b[i])                                          \
    OML_KERNEL(k_land_##sfx, T, (T)(a[i] && b[i]))                                                 \
    OML_KERNEL(k_lor_##sfx, T, (T)(a[i] || b[i]))                                                  \
    OML_KERNEL(k_lxor_##sfx, T, (T)(!a[i] != !b[i]))

#define OML_BITS(T, sfx)                                                                           \
    OML_KERNEL(k_band_##sfx, T, a[i] & b[i])                                                       \
    OML_KERNEL(k_bor_##sfx, T, a[i] | b[i])                                                        \
    OML_KERNEL(k_bxor_##sfx, T, a[i] ^ b[i])

OML_ARITH(int8_t, i8)
OML_ARITH(uint8_t, u8)
OML_ARITH(int16_t, i16)
OML_ARITH(uint16_t, u16)
OML_ARITH(int32_t, i32)
OML_ARITH(uint32_t, u32)
OML_ARITH(int64_t, i64)
OML_ARITH(uint64_t, u64)
OML_ARITH(float, flt)
OML_ARITH(double, dbl)
OML_ARITH(long double, ldbl)
OML_BITS(int8_t, i8)
OML_BITS(uint8_t, u8)
OML_BITS(int16_t, i16)
OML_BITS(uint16_t, u16)
OML_BITS(int32_t, i32)
OML_BITS(uint32_t, u32)
OML_BITS(int64_t, i64)
OML_BITS(uint64_t, u64)
OML_KERNEL(k_land_bool, bool, a[i] && b[i])
OML_KERNEL(k_lor_bool, bool, a[i] || b[i])
OML_KERNEL(k_lxor_bool, bool, a[i] != b[i])

enum { OP_SUM, OP_PROD, OP_MAX, OP_MIN, OP_LAND, OP_LOR, OP_LXOR, OP_BAND, OP_BOR, OP_BXOR, OP_N };

#define INT_ROW(sfx)                                                                               \
    {                                                                                              \
        k_sum_##sfx, k_prod_##sfx, k_max_##sfx, k_min_##sfx, k_land_##sfx, k_lor_##sfx,            \
            k_lxor_##sfx, k_band_##sfx, k_bor_##sfx, k_bxor_##sfx                                  \
    }
#define FLT_ROW(sfx)                                                                               \
    {                                                                                              \
        k_sum_##sfx, k_prod_##sfx, k_max_##sfx, k_min_##sfx, k_land_##sfx, k_lor_##sfx,            \
            k_lxor_##sfx, NULL, NULL, NULL                                                         \
    }

static const oml_coll_op_fn oml_kernels[OML_K_COUNT][OP_N] = {
    [OML_K_INT8] = INT_ROW(i8),
    [OML_K_UINT8] = INT_ROW(u8),
    [OML_K_INT16] = INT_ROW(i16),
    [OML_K_UINT16] = INT_ROW(u16),
    [OML_K_INT32] = INT_ROW(i32),
    [OML_K_UINT32] = INT_ROW(u32),
    [OML_K_INT64] = INT_ROW(i64),
    [OML_K_UINT64] = INT_ROW(u64),
    [OML_K_FLOAT] = FLT_ROW(flt),
    [OML_K_DOUBLE] = FLT_ROW(dbl),
    [OML_K_LDOUBLE] = FLT_ROW(ldbl),
    [OML_K_BOOL] = {NULL, NULL, NULL, NULL, k_land_bool, k_lor_bool, k_lxor_bool},
};

static int oml_op_index(MPI_Op op)
{
    switch ((uintptr_t)op) {
    case (uintptr_t)MPI_SUM:
        return OP_SUM;
    case (uintptr_t)MPI_PROD:
        return OP_PROD;
    case (uintptr_t)MPI_MAX:
        return OP_MAX;
    case (uintptr_t)MPI_MIN:
        return OP_MIN;
    case (uintptr_t)MPI_LAND:
        return OP_LAND;
    case (uintptr_t)MPI_LOR:
        return OP_LOR;
    case (uintptr_t)MPI_LXOR:
        return OP_LXOR;
    case (uintptr_t)MPI_BAND:
        return OP_BAND;
    case (uintptr_t)MPI_BOR:
        return OP_BOR;
    case (uintptr_t)MPI_BXOR:
        return OP_BXOR;
    }
    return -1;
}

oml_coll_op_fn oml_op_kernel(MPI_Op op, oml_kind_t kind)
{
    int i = oml_op_index(op);
    return i < 0 ? NULL : oml_kernels[kind][i];
}

const char *oml_op_name(MPI_Op op)
{
    static const char *const names[OP_N] = {"MPI_SUM",  "MPI_PROD", "MPI_MAX",  "MPI_MIN",
                                            "MPI_LAND", "MPI_LOR",  "MPI_LXOR", "MPI_BAND",
                                            "MPI_BOR",  "MPI_BXOR"};
    int i = oml_op_index(op);
    return i < 0 ? NULL : names[i];
}
