/*
 * ompi-lite/oml_op.c: reduction operators: the kernels of the predefined ops on every type
 * the standard defines them for, user ops (MPI_Op_create), and MPI_Reduce_local.
 *
 * Kernels work on packed data: a derived datatype whose basic elements share one kind is
 * reduced as a vector of them; MINLOC/MAXLOC work on packed (value, index) pairs. A user
 * function gets its data in its datatype's own layout: contiguous types are handed over in
 * place, others are unpacked into a temporary, passed, and packed back.
 */
#include "oml_fortran.h"

#include <complex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- predefined kernels ---- */

/*
 * Elementwise: in and inout never overlap (MPI makes it erroneous to alias an INOUT argument
 * with another, as in MPI_Reduce_local; the collectives combine separate buffers), so the
 * loops are SIMD loops. Each element is still one expression of its own two operands, so the
 * result is bitwise that of the scalar loop, which GCC leaves scalar at -O2 for loops of
 * unknown length (several times slower on floats).
 */
/*
 * On x86-64 each kernel is compiled for SSE2 (the baseline), AVX2 and AVX-512, and the loader
 * picks the widest the CPU has (GCC's target_clones): in cache the AVX2 loop adds ints about
 * 3 times as fast as the SSE2 one. Each element is still one operation of its own two operands
 * (no multiply-add to fuse), so every clone gives the same bits. Complex kernels, where a product
 * could fuse, keep the baseline.
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__)
#define OML_KERNEL_CLONES __attribute__((target_clones("default", "avx2", "avx512f")))
#else
#define OML_KERNEL_CLONES
#endif

#define OML_KERNEL(name, T, expr) OML_KERNEL_ATTR(name, T, expr, OML_KERNEL_CLONES)
#define OML_KERNEL_ATTR(name, T, expr, attr)                                                       \
    attr static void name(const void *in_, void *io_, size_t n, void *ctx)                         \
    {                                                                                              \
        const T *restrict a = in_;                                                                 \
        T *restrict b = io_;                                                                       \
        (void)ctx;                                                                                 \
        _Pragma("omp simd") for (size_t i = 0; i < n; i++) b[i] = (expr);                          \
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

#define OML_COMPLEX(T, sfx)                                                                        \
    OML_KERNEL_ATTR(k_sum_##sfx, T, a[i] + b[i], )                                                 \
    OML_KERNEL_ATTR(k_prod_##sfx, T, a[i] * b[i], )

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
OML_COMPLEX(float _Complex, cflt)
OML_COMPLEX(double _Complex, cdbl)
OML_COMPLEX(long double _Complex, cldbl)

/*
 * MINLOC / MAXLOC on packed pairs: value then index, no padding. The smaller (larger) value
 * wins; on a tie, the smaller index.
 */
#define OML_PAIR(sfx, VT, IT)                                                                      \
    static void pair_##sfx(const void *in_, void *io_, size_t n, bool max)                         \
    {                                                                                              \
        const unsigned char *a = in_;                                                              \
        unsigned char *b = io_;                                                                    \
        const size_t u = sizeof(VT) + sizeof(IT);                                                  \
        for (size_t i = 0; i < n; i++, a += u, b += u) {                                           \
            VT av, bv;                                                                             \
            IT ai, bi;                                                                             \
            memcpy(&av, a, sizeof(VT));                                                            \
            memcpy(&bv, b, sizeof(VT));                                                            \
            memcpy(&ai, a + sizeof(VT), sizeof(IT));                                               \
            memcpy(&bi, b + sizeof(VT), sizeof(IT));                                               \
            if (max ? av > bv : av < bv)                                                           \
                memcpy(b, a, u);                                                                   \
            else if (av == bv && ai < bi)                                                          \
                memcpy(b + sizeof(VT), &ai, sizeof(IT));                                           \
        }                                                                                          \
    }                                                                                              \
    static void k_minloc_##sfx(const void *in, void *io, size_t n, void *ctx)                      \
    {                                                                                              \
        (void)ctx;                                                                                 \
        pair_##sfx(in, io, n, false);                                                              \
    }                                                                                              \
    static void k_maxloc_##sfx(const void *in, void *io, size_t n, void *ctx)                      \
    {                                                                                              \
        (void)ctx;                                                                                 \
        pair_##sfx(in, io, n, true);                                                               \
    }

OML_PAIR(fi, float, int)
OML_PAIR(di, double, int)
OML_PAIR(li, long, int)
OML_PAIR(si, short, int)
OML_PAIR(ldi, long double, int)
OML_PAIR(ii, int, int)
OML_PAIR(ff, float, float)
OML_PAIR(dd, double, double)

enum {
    OP_SUM,
    OP_PROD,
    OP_MAX,
    OP_MIN,
    OP_LAND,
    OP_LOR,
    OP_LXOR,
    OP_BAND,
    OP_BOR,
    OP_BXOR,
    OP_MINLOC,
    OP_MAXLOC,
    OP_N
};

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
#define LOGICAL_ROW(sfx)                                                                           \
    {                                                                                              \
        [OP_LAND] = k_land_##sfx, [OP_LOR] = k_lor_##sfx, [OP_LXOR] = k_lxor_##sfx                 \
    }
#define COMPLEX_ROW(sfx)                                                                           \
    {                                                                                              \
        [OP_SUM] = k_sum_##sfx, [OP_PROD] = k_prod_##sfx                                           \
    }
#define PAIR_ROW(sfx)                                                                              \
    {                                                                                              \
        [OP_MINLOC] = k_minloc_##sfx, [OP_MAXLOC] = k_maxloc_##sfx                                 \
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
    [OML_K_BOOL] = LOGICAL_ROW(bool),
    [OML_K_BYTE] = {[OP_BAND] = k_band_u8, [OP_BOR] = k_bor_u8, [OP_BXOR] = k_bxor_u8},
    [OML_K_LOGICAL1] = LOGICAL_ROW(i8),
    [OML_K_LOGICAL2] = LOGICAL_ROW(i16),
    [OML_K_LOGICAL4] = LOGICAL_ROW(i32),
    [OML_K_LOGICAL8] = LOGICAL_ROW(i64),
    [OML_K_CFLOAT] = COMPLEX_ROW(cflt),
    [OML_K_CDOUBLE] = COMPLEX_ROW(cdbl),
    [OML_K_CLDOUBLE] = COMPLEX_ROW(cldbl),
    [OML_K_PAIR_FI] = PAIR_ROW(fi),
    [OML_K_PAIR_DI] = PAIR_ROW(di),
    [OML_K_PAIR_LI] = PAIR_ROW(li),
    [OML_K_PAIR_SI] = PAIR_ROW(si),
    [OML_K_PAIR_LDI] = PAIR_ROW(ldi),
    [OML_K_PAIR_II] = PAIR_ROW(ii),
    [OML_K_PAIR_FF] = PAIR_ROW(ff),
    [OML_K_PAIR_DD] = PAIR_ROW(dd),
};

/* Bytes of one element a kind's kernels work on. */
static const size_t oml_kind_unit[OML_K_COUNT] = {
    [OML_K_INT8] = 1,
    [OML_K_UINT8] = 1,
    [OML_K_INT16] = 2,
    [OML_K_UINT16] = 2,
    [OML_K_INT32] = 4,
    [OML_K_UINT32] = 4,
    [OML_K_INT64] = 8,
    [OML_K_UINT64] = 8,
    [OML_K_FLOAT] = sizeof(float),
    [OML_K_DOUBLE] = sizeof(double),
    [OML_K_LDOUBLE] = sizeof(long double),
    [OML_K_BOOL] = sizeof(bool),
    [OML_K_BYTE] = 1,
    [OML_K_LOGICAL1] = 1,
    [OML_K_LOGICAL2] = 2,
    [OML_K_LOGICAL4] = 4,
    [OML_K_LOGICAL8] = 8,
    [OML_K_CFLOAT] = sizeof(float _Complex),
    [OML_K_CDOUBLE] = sizeof(double _Complex),
    [OML_K_CLDOUBLE] = sizeof(long double _Complex),
    [OML_K_PAIR_FI] = sizeof(float) + sizeof(int),
    [OML_K_PAIR_DI] = sizeof(double) + sizeof(int),
    [OML_K_PAIR_LI] = sizeof(long) + sizeof(int),
    [OML_K_PAIR_SI] = sizeof(short) + sizeof(int),
    [OML_K_PAIR_LDI] = sizeof(long double) + sizeof(int),
    [OML_K_PAIR_II] = 2 * sizeof(int),
    [OML_K_PAIR_FF] = 2 * sizeof(float),
    [OML_K_PAIR_DD] = 2 * sizeof(double),
};

static const struct {
    MPI_Op handle;
    const char *name;
} oml_predef_ops[OP_N] = {
    [OP_SUM] = {MPI_SUM, "MPI_SUM"},          [OP_PROD] = {MPI_PROD, "MPI_PROD"},
    [OP_MAX] = {MPI_MAX, "MPI_MAX"},          [OP_MIN] = {MPI_MIN, "MPI_MIN"},
    [OP_LAND] = {MPI_LAND, "MPI_LAND"},       [OP_LOR] = {MPI_LOR, "MPI_LOR"},
    [OP_LXOR] = {MPI_LXOR, "MPI_LXOR"},       [OP_BAND] = {MPI_BAND, "MPI_BAND"},
    [OP_BOR] = {MPI_BOR, "MPI_BOR"},          [OP_BXOR] = {MPI_BXOR, "MPI_BXOR"},
    [OP_MINLOC] = {MPI_MINLOC, "MPI_MINLOC"}, [OP_MAXLOC] = {MPI_MAXLOC, "MPI_MAXLOC"},
};

static int op_index(MPI_Op op)
{
    for (int i = 0; i < OP_N; i++) {
        if (oml_predef_ops[i].handle == op)
            return i;
    }
    return -1;
}

/* ---- user operators ---- */

typedef struct oml_op {
    uint32_t magic;
    MPI_User_function *fn;
    bool commute;
    bool fortran; /* fn takes a Fortran datatype handle */
    bool large;   /* fn is an MPI_User_function_c (MPI_Op_create_c) */
} oml_op_t;

#define OML_OP_MAGIC 0x0b0e7a7u

static oml_op_t *op_get_user(MPI_Op op)
{
    if ((uintptr_t)op < OML_HANDLE_PREDEFINED_MAX)
        return NULL;
    oml_op_t *o = (oml_op_t *)op;
    return o->magic == OML_OP_MAGIC ? o : NULL;
}

/* What a user function needs to run inside a schedule. */
typedef struct user_ctx {
    MPI_User_function *fn;
    MPI_Datatype handle;
    const oml_dtype_t *d;
    bool fortran, large;
} user_ctx_t;

/* A user function from Fortran: the datatype is an integer handle. */
typedef void(f_user_fn)(void *invec, void *inoutvec, int *len, MPI_Fint *datatype);

static void user_call(const user_ctx_t *u, void *in, void *inout, int *len)
{
    if (u->fortran) {
        MPI_Fint fdt = oml_c2f(OML_FH_DATATYPE, u->handle);
        ((f_user_fn *)(void (*)(void))u->fn)(in, inout, len, &fdt);
    } else if (u->large) {
        MPI_Datatype dt = u->handle;
        MPI_Count clen = *len;
        ((MPI_User_function_c *)(void (*)(void))u->fn)(in, inout, &clen, &dt);
    } else {
        MPI_Datatype dt = u->handle;
        u->fn(in, inout, len, &dt);
    }
}

/*
 * The kernel of a user op: count elements of the datatype, packed. A contiguous type's packed
 * bytes are its layout (shifted by true_lb); others go through typed temporaries.
 */
static void user_kernel(const void *in, void *inout, size_t count, void *arg)
{
    const user_ctx_t *u = arg;
    const oml_dtype_t *d = u->d;
    while (count > 0) {
        int len = count > (size_t)INT32_MAX ? INT32_MAX : (int)count;
        size_t bytes = (size_t)len * d->size;
        if (d->contig) {
            user_call(u, (char *)(uintptr_t)in - d->true_lb, (char *)inout - d->true_lb, &len);
        } else {
            size_t span =
                (size_t)(len - 1) * (size_t)oml_dt_extent(d) + (size_t)(d->true_ub - d->true_lb);
            char *ta = malloc(span), *tb = malloc(span);
            if (ta == NULL || tb == NULL) {
                free(ta);
                free(tb);
                oml_error(NULL, MPI_ERR_NO_MEM, "MPI_Op (user function)",
                          "no memory to lay out %zu bytes for the user's reduction", span);
                return;
            }
            oml_dt_unpack(d, ta - d->true_lb, (size_t)len, in, bytes);
            oml_dt_unpack(d, tb - d->true_lb, (size_t)len, inout, bytes);
            user_call(u, ta - d->true_lb, tb - d->true_lb, &len);
            oml_dt_pack(d, tb - d->true_lb, (size_t)len, inout);
            free(ta);
            free(tb);
        }
        in = (const char *)in + bytes;
        inout = (char *)inout + bytes;
        count -= (size_t)len;
    }
}

const char *oml_op_undefined(MPI_Op op, const oml_dtype_t *d)
{
    static char why[160];
    int i = op_index(op);
    if (i < 0)
        return "invalid operation handle";
    if (oml_kernels[d->kind][i] != NULL)
        return NULL;
    snprintf(why, sizeof(why), "%s is not defined for %s", oml_predef_ops[i].name,
             d->predefined ? d->name : "this derived datatype");
    return why;
}

int oml_op_resolve(const char *fn, oml_comm_t *c, oml_sched_t *s, MPI_Op op, MPI_Datatype dt,
                   oml_dtype_t *d, size_t count, oml_coll_op_t *out, size_t *n)
{
    oml_op_t *uop = op_get_user(op);
    if (uop != NULL) {
        static user_ctx_t local; /* MPI_Reduce_local: used before it returns */
        user_ctx_t *u = s != NULL ? oml_sched_scratch(s, sizeof(*u)) : &local;
        if (u == NULL)
            return oml_error(c, MPI_ERR_NO_MEM, fn, "no memory for the reduction");
        *u = (user_ctx_t){uop->fn, dt, d, uop->fortran, uop->large};
        *out = (oml_coll_op_t){user_kernel, u, d->size, uop->commute};
        *n = count;
        return MPI_SUCCESS;
    }
    if (op == MPI_REPLACE || op == MPI_NO_OP)
        return oml_error(c, MPI_ERR_OP, fn,
                         "%s is valid only in one-sided accumulate operations, not in reductions",
                         op == MPI_REPLACE ? "MPI_REPLACE" : "MPI_NO_OP");
    int i = op_index(op);
    if (i < 0)
        return oml_error(c, MPI_ERR_OP, fn, "invalid operation handle %p", (void *)op);
    oml_coll_op_fn k = oml_kernels[d->kind][i];
    if (k == NULL)
        return oml_error(c, MPI_ERR_OP, fn, "%s is not defined for %s", oml_predef_ops[i].name,
                         d->predefined ? d->name
                                       : "this derived datatype (mixed or non-numeric elements)");
    size_t unit = oml_kind_unit[d->kind];
    *out = (oml_coll_op_t){k, NULL, unit, true};
    *n = count * (d->size / unit);
    return MPI_SUCCESS;
}

static int op_new(const char *fn, MPI_User_function *user_fn, int commute, bool fortran, bool large,
                  MPI_Op *op)
{
    if (user_fn == NULL || op == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "%s is NULL", user_fn == NULL ? "user_fn" : "op");
    oml_op_t *o = malloc(sizeof(*o));
    if (o == NULL)
        return oml_error(NULL, MPI_ERR_NO_MEM, fn, "no memory for an operator");
    *o = (oml_op_t){OML_OP_MAGIC, user_fn, commute != 0, fortran, large};
    *op = (MPI_Op)o;
    return MPI_SUCCESS;
}

int oml_op_create(MPI_User_function *user_fn, int commute, bool fortran, MPI_Op *op)
{
    return op_new("MPI_Op_create", user_fn, commute, fortran, false, op);
}

/* The function takes an MPI_Count length; it gets the elements in chunks of at most INT32_MAX,
 * as the int form does (an operation applies element by element). */
OML_API int PMPI_Op_create_c(MPI_User_function_c *user_fn, int commute, MPI_Op *op)
{
    return op_new("MPI_Op_create_c", (MPI_User_function *)(void (*)(void))user_fn, commute, false,
                  true, op);
}
OML_ALIAS(Op_create_c)

OML_API int PMPI_Op_create(MPI_User_function *user_fn, int commute, MPI_Op *op)
{
    return oml_op_create(user_fn, commute, false, op);
}
OML_ALIAS(Op_create)

OML_API int PMPI_Op_free(MPI_Op *op)
{
    static const char fn[] = "MPI_Op_free";
    if (op == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "op is NULL");
    oml_op_t *o = op_get_user(*op);
    if (o == NULL)
        return oml_error(NULL, MPI_ERR_OP, fn, "%s",
                         op_index(*op) >= 0 ? "a predefined operation cannot be freed"
                                            : "invalid operation handle");
    /*
     * A schedule in flight holds the user function itself (user_ctx_t), not the object, so a
     * freed op still works for the collectives already started, as the standard requires.
     */
    o->magic = 0;
    free(o);
    *op = MPI_OP_NULL;
    return MPI_SUCCESS;
}
OML_ALIAS(Op_free)

OML_API int PMPI_Op_commutative(MPI_Op op, int *commute)
{
    static const char fn[] = "MPI_Op_commutative";
    if (commute == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "commute is NULL");
    oml_op_t *o = op_get_user(op);
    if (o == NULL && op_index(op) < 0 && op != MPI_REPLACE && op != MPI_NO_OP)
        return oml_error(NULL, MPI_ERR_OP, fn, "invalid operation handle");
    *commute = o != NULL ? o->commute : 1;
    return MPI_SUCCESS;
}
OML_ALIAS(Op_commutative)

OML_API int PMPI_Reduce_local(const void *inbuf, void *inoutbuf, int count, MPI_Datatype datatype,
                              MPI_Op op)
{
    static const char fn[] = "MPI_Reduce_local";
    oml_dtype_t *d = oml_dtype_get(datatype);
    if (count < 0)
        return oml_error(NULL, MPI_ERR_COUNT, fn, "count is %d; it must be >= 0", count);
    if (d == NULL || !d->committed)
        return oml_error(NULL, MPI_ERR_TYPE, fn, "invalid or uncommitted datatype");
    if (count > 0 && d->true_lb == 0 && (inbuf == NULL || inoutbuf == NULL))
        return oml_error(NULL, MPI_ERR_BUFFER, fn, "%s is NULL with count %d",
                         inbuf == NULL ? "inbuf" : "inoutbuf", count);
    if (inbuf == MPI_IN_PLACE || inoutbuf == MPI_IN_PLACE)
        return oml_error(NULL, MPI_ERR_BUFFER, fn, "MPI_IN_PLACE is not allowed as %s",
                         inbuf == MPI_IN_PLACE ? "inbuf" : "inoutbuf");
    /* aliased buffers: overlapping bytes of a contiguous type, or the same address */
    size_t span = (size_t)count * d->size;
    if (count > 0 && span > 0 &&
        (d->contig ? (const char *)inbuf < (char *)inoutbuf + span &&
                         (const char *)inoutbuf < (const char *)inbuf + span
                   : inbuf == inoutbuf))
        return oml_error(NULL, MPI_ERR_BUFFER, fn,
                         "inbuf and inoutbuf overlap; MPI forbids it (the result goes to "
                         "inoutbuf: reduce a copy of it)");
    oml_coll_op_t o;
    size_t n;
    int rc = oml_op_resolve(fn, NULL, NULL, op, datatype, d, (size_t)count, &o, &n);
    if (rc != MPI_SUCCESS || count == 0)
        return rc;
    if (d->contig) {
        o.fn((const char *)inbuf + d->true_lb, (char *)inoutbuf + d->true_lb, n, o.ctx);
        return MPI_SUCCESS;
    }
    size_t bytes = span;
    char *a = malloc(bytes), *b = malloc(bytes);
    if (a == NULL || b == NULL) {
        free(a);
        free(b);
        return oml_error(NULL, MPI_ERR_NO_MEM, fn, "no memory to pack %zu bytes", bytes);
    }
    oml_dt_pack(d, inbuf, (size_t)count, a);
    oml_dt_pack(d, inoutbuf, (size_t)count, b);
    o.fn(a, b, n, o.ctx);
    oml_dt_unpack(d, inoutbuf, (size_t)count, b, bytes);
    free(a);
    free(b);
    return MPI_SUCCESS;
}
OML_ALIAS(Reduce_local)
