/*
 * redops: every reduction collective (Reduce, Allreduce, Reduce_scatter_block, Reduce_scatter,
 * Scan, Exscan, and their nonblocking forms) x every predefined op x every type the standard
 * defines it for (C, Fortran, complex, MINLOC/MAXLOC pairs), with and without MPI_IN_PLACE,
 * checked against a serial reduction computed here in rank order. Then user ops: a
 * non-commutative one (2x2 matrix product) and a commutative one on a non-contiguous type;
 * Reduce_local; bitwise reproducibility of floating-point allreduce.
 */
#include "mtest.h"

#include <complex.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int rank, size, errs;

enum { C_SINT, C_UINT, C_FLOAT, C_COMPLEX, C_BOOL, C_LOGICAL, C_BYTE, C_PAIR };

typedef struct tinfo {
    MPI_Datatype dt;
    const char *name;
    int cat;
    size_t vsize;  /* bytes of the value (of each part for complex) */
    size_t extent; /* of one element */
    size_t ioff;   /* pairs: offset of the index */
    int ifloat;    /* pairs: the index is a float / double (2REAL, 2DOUBLE_PRECISION) */
    size_t isize;  /* pairs: bytes of the index */
} tinfo_t;

struct fi {
    float a;
    int b;
};
struct di {
    double a;
    int b;
};
struct li {
    long a;
    int b;
};
struct si {
    short a;
    int b;
};
struct ldi {
    long double a;
    int b;
};

#define T(dt, cat, vs, ext)                                                                        \
    {                                                                                              \
        dt, #dt, cat, vs, ext, 0, 0, 0                                                             \
    }
#define P(dt, S, VT)                                                                               \
    {                                                                                              \
        dt, #dt, C_PAIR, sizeof(VT), sizeof(struct S), offsetof(struct S, b), 0, 4                 \
    }

static const tinfo_t types[] = {
    T(MPI_SIGNED_CHAR, C_SINT, 1, 1),
    T(MPI_UNSIGNED_CHAR, C_UINT, 1, 1),
    T(MPI_SHORT, C_SINT, 2, 2),
    T(MPI_UNSIGNED_SHORT, C_UINT, 2, 2),
    T(MPI_INT, C_SINT, 4, 4),
    T(MPI_UNSIGNED, C_UINT, 4, 4),
    T(MPI_LONG, C_SINT, sizeof(long), sizeof(long)),
    T(MPI_UNSIGNED_LONG, C_UINT, sizeof(long), sizeof(long)),
    T(MPI_LONG_LONG, C_SINT, 8, 8),
    T(MPI_INT8_T, C_SINT, 1, 1),
    T(MPI_UINT16_T, C_UINT, 2, 2),
    T(MPI_INT64_T, C_SINT, 8, 8),
    T(MPI_UINT64_T, C_UINT, 8, 8),
    T(MPI_AINT, C_SINT, sizeof(MPI_Aint), sizeof(MPI_Aint)),
    T(MPI_INTEGER, C_SINT, 4, 4),
    T(MPI_INTEGER8, C_SINT, 8, 8),
    T(MPI_FLOAT, C_FLOAT, sizeof(float), sizeof(float)),
    T(MPI_DOUBLE, C_FLOAT, sizeof(double), sizeof(double)),
    T(MPI_LONG_DOUBLE, C_FLOAT, sizeof(long double), sizeof(long double)),
    T(MPI_REAL, C_FLOAT, 4, 4),
    T(MPI_DOUBLE_PRECISION, C_FLOAT, 8, 8),
    T(MPI_C_FLOAT_COMPLEX, C_COMPLEX, 4, 8),
    T(MPI_C_DOUBLE_COMPLEX, C_COMPLEX, 8, 16),
    T(MPI_COMPLEX, C_COMPLEX, 4, 8),
    T(MPI_DOUBLE_COMPLEX, C_COMPLEX, 8, 16),
    T(MPI_C_BOOL, C_BOOL, 1, 1),
    T(MPI_LOGICAL, C_LOGICAL, 4, 4),
    T(MPI_BYTE, C_BYTE, 1, 1),
    P(MPI_FLOAT_INT, fi, float),
    P(MPI_DOUBLE_INT, di, double),
    P(MPI_LONG_INT, li, long),
    P(MPI_SHORT_INT, si, short),
    P(MPI_LONG_DOUBLE_INT, ldi, long double),
    {MPI_2INT, "MPI_2INT", C_PAIR, 4, 8, 4, 0, 4},
    {MPI_2REAL, "MPI_2REAL", C_PAIR, 4, 8, 4, 1, 4},
    {MPI_2DOUBLE_PRECISION, "MPI_2DOUBLE_PRECISION", C_PAIR, 8, 16, 8, 2, 8},
};
#define NTYPES ((int)(sizeof(types) / sizeof(types[0])))

static const struct {
    MPI_Op op;
    const char *name;
} ops[] = {{MPI_SUM, "SUM"},   {MPI_PROD, "PROD"}, {MPI_MAX, "MAX"},       {MPI_MIN, "MIN"},
           {MPI_LAND, "LAND"}, {MPI_LOR, "LOR"},   {MPI_LXOR, "LXOR"},     {MPI_BAND, "BAND"},
           {MPI_BOR, "BOR"},   {MPI_BXOR, "BXOR"}, {MPI_MINLOC, "MINLOC"}, {MPI_MAXLOC, "MAXLOC"}};
#define NOPS ((int)(sizeof(ops) / sizeof(ops[0])))

/* Which ops the standard defines for a category. */
static int valid(int cat, int o)
{
    MPI_Op op = ops[o].op;
    int arith = op == MPI_SUM || op == MPI_PROD, order = op == MPI_MAX || op == MPI_MIN;
    int logic = op == MPI_LAND || op == MPI_LOR || op == MPI_LXOR;
    int bits = op == MPI_BAND || op == MPI_BOR || op == MPI_BXOR;
    int loc = op == MPI_MINLOC || op == MPI_MAXLOC;
    switch (cat) {
    case C_SINT:
    case C_UINT:
        return arith || order || logic || bits;
    case C_FLOAT:
        return arith || order;
    case C_COMPLEX:
        return arith;
    case C_BOOL:
    case C_LOGICAL:
        return logic;
    case C_BYTE:
        return bits;
    default:
        return loc;
    }
}

/* ---- values: one element as a wide number ---- */

typedef struct val {
    long double re, im; /* integers travel as exact small numbers */
    int64_t i;          /* integer, logical and byte value */
    long double idx;    /* pairs */
} val_t;

static val_t gen(const tinfo_t *t, MPI_Op op, int r, int i)
{
    val_t v = {0};
    int small = (r * 7 + i * 3) % 7;
    if (op == MPI_PROD)
        small = (r + i) % 4 == 0 ? -1 : (r == 1 && i % 2 ? 2 : 1);
    else if (t->cat != C_SINT && t->cat != C_FLOAT && t->cat != C_COMPLEX)
        small = small < 0 ? -small : small;
    else
        small -= 3;
    if (t->cat == C_UINT && small < 0)
        small = -small;
    v.i = small;
    v.re = small;
    v.im = (r + 2 * i) % 3 - 1;
    if (op == MPI_PROD)
        v.im = (r + i) % 3 == 0 ? 1 : 0;
    if (t->cat == C_BOOL || t->cat == C_LOGICAL)
        v.i = (r + i) % 3 == 0;
    if (t->cat == C_BYTE)
        v.i = (r * 37 + i * 11) & 0xff;
    if (t->cat == C_PAIR) {
        v.re = (r * 5 + i * 3) % 4;
        v.idx = (r * 3 + i) % 5; /* ties in both value and index */
    }
    return v;
}

static void store(const tinfo_t *t, void *p, val_t v)
{
    unsigned char *b = p;
    switch (t->cat) {
    case C_SINT:
    case C_UINT:
    case C_BOOL:
    case C_LOGICAL:
    case C_BYTE: {
        int64_t x = v.i;
        memcpy(b, &x, t->vsize); /* little endian: the low bytes */
        break;
    }
    case C_FLOAT:
    case C_COMPLEX:
        for (int part = 0; part < (t->cat == C_COMPLEX ? 2 : 1); part++) {
            long double x = part ? v.im : v.re;
            if (t->vsize == sizeof(float)) {
                float f = (float)x;
                memcpy(b + part * 4, &f, 4);
            } else if (t->vsize == sizeof(double)) {
                double d = (double)x;
                memcpy(b + part * 8, &d, 8);
            } else {
                memcpy(b + part * sizeof(long double), &x, sizeof(long double));
            }
        }
        break;
    case C_PAIR: {
        if (t->dt == MPI_FLOAT_INT || t->dt == MPI_2REAL) {
            float f = (float)v.re;
            memcpy(b, &f, 4);
        } else if (t->dt == MPI_DOUBLE_INT || t->dt == MPI_2DOUBLE_PRECISION) {
            double d = (double)v.re;
            memcpy(b, &d, 8);
        } else if (t->dt == MPI_LONG_DOUBLE_INT) {
            memcpy(b, &v.re, sizeof(long double));
        } else {
            int64_t x = (int64_t)v.re;
            memcpy(b, &x, t->vsize);
        }
        if (t->ifloat == 1) {
            float f = (float)v.idx;
            memcpy(b + t->ioff, &f, 4);
        } else if (t->ifloat == 2) {
            double d = (double)v.idx;
            memcpy(b + t->ioff, &d, 8);
        } else {
            int x = (int)v.idx;
            memcpy(b + t->ioff, &x, 4);
        }
        break;
    }
    }
}

/* a = a op b in rank order (a holds the lower ranks). */
static val_t apply(const tinfo_t *t, MPI_Op op, val_t a, val_t b)
{
    val_t r = a;
    int cplx = t->cat == C_COMPLEX;
    int isint = t->cat == C_SINT || t->cat == C_UINT || t->cat == C_BOOL || t->cat == C_LOGICAL ||
                t->cat == C_BYTE;
    if (op == MPI_SUM) {
        r.i = a.i + b.i;
        r.re = a.re + b.re;
        r.im = a.im + b.im;
    } else if (op == MPI_PROD) {
        r.i = a.i * b.i;
        r.re = cplx ? a.re * b.re - a.im * b.im : a.re * b.re;
        r.im = a.re * b.im + a.im * b.re;
    } else if (op == MPI_MAX || op == MPI_MIN) {
        int gt = isint ? a.i > b.i : a.re > b.re;
        int lt = isint ? a.i < b.i : a.re < b.re;
        r = (op == MPI_MAX ? (gt || !lt) : (lt || !gt)) ? a : b;
    } else if (op == MPI_LAND) {
        r.i = a.i && b.i;
    } else if (op == MPI_LOR) {
        r.i = a.i || b.i;
    } else if (op == MPI_LXOR) {
        r.i = !a.i != !b.i;
    } else if (op == MPI_BAND) {
        r.i = a.i & b.i;
    } else if (op == MPI_BOR) {
        r.i = a.i | b.i;
    } else if (op == MPI_BXOR) {
        r.i = a.i ^ b.i;
    } else { /* MINLOC / MAXLOC */
        int better = op == MPI_MINLOC ? b.re < a.re : b.re > a.re;
        if (better)
            r = b;
        else if (b.re == a.re && b.idx < a.idx)
            r.idx = b.idx;
    }
    if (!isint)
        r.i = 0;
    return r;
}

/* Compares element e of got with v; reports the first mismatch of a call. */
static int check(const tinfo_t *t, const char *what, const char *opname, int n, int e,
                 const unsigned char *got, val_t v)
{
    unsigned char want[64];
    memset(want, 0, sizeof(want));
    store(t, want, v);
    size_t len = t->cat == C_PAIR ? t->vsize : t->extent;
    if (t->vsize == sizeof(long double) && t->cat != C_SINT && t->cat != C_UINT)
        len = 10; /* x87 extended precision: the rest is padding */
    int ok = memcmp(got, want, len) == 0;
    if (t->cat == C_PAIR)
        ok = ok && memcmp(got + t->ioff, want + t->ioff, t->isize) == 0;
    if (t->cat == C_BOOL || t->cat == C_LOGICAL)
        ok = (got[0] != 0) == (want[0] != 0) && (t->cat == C_BOOL || !memcmp(got, want, 4));
    if (t->cat == C_FLOAT || t->cat == C_COMPLEX) { /* by value: -0.0 == 0.0 */
        ok = 1;
        for (int part = 0; part < (t->cat == C_COMPLEX ? 2 : 1); part++) {
            long double g, w;
            if (t->vsize == sizeof(float)) {
                float a, b;
                memcpy(&a, got + part * 4, 4);
                memcpy(&b, want + part * 4, 4);
                g = a, w = b;
            } else if (t->vsize == sizeof(double)) {
                double a, b;
                memcpy(&a, got + part * 8, 8);
                memcpy(&b, want + part * 8, 8);
                g = a, w = b;
            } else {
                memcpy(&g, got, sizeof(g));
                memcpy(&w, want, sizeof(w));
            }
            ok = ok && g == w;
        }
    }
    if (!ok) {
        errs++;
        fprintf(stderr, "rank %d: %s %s %s count %d: element %d wrong\n", rank, what, opname,
                t->name, n, e);
    }
    return ok;
}

/* Expected element i over ranks [from, to]. */
static val_t expect_range(const tinfo_t *t, MPI_Op op, int from, int to, int i)
{
    val_t acc = gen(t, op, from, i);
    for (int r = from + 1; r <= to; r++)
        acc = apply(t, op, acc, gen(t, op, r, i));
    return acc;
}

static void fill(const tinfo_t *t, MPI_Op op, unsigned char *buf, int n, int base)
{
    memset(buf, 0, (size_t)n * t->extent);
    for (int i = 0; i < n; i++)
        store(t, buf + (size_t)i * t->extent, gen(t, op, rank, base + i));
}

enum { K_REDUCE, K_ALLREDUCE, K_RSB, K_RS, K_SCAN, K_EXSCAN, K_N };
static const char *const kname[] = {"Reduce",         "Allreduce", "Reduce_scatter_block",
                                    "Reduce_scatter", "Scan",      "Exscan"};

/* One collective kind on one (type, op, count), blocking or not, in place or not. */
static void run_one(const tinfo_t *t, int o, int kind, int n, int inplace, int nb)
{
    MPI_Op op = ops[o].op;
    int root = (n + o) % size;
    int *counts = malloc(sizeof(int) * (size_t)size);
    int total = 0;
    for (int r = 0; r < size; r++) {
        counts[r] = kind == K_RS ? (n + r) % 3 + (r == 1) : n;
        total += counts[r];
    }
    int vec = kind == K_RSB || kind == K_RS ? total : n;
    int myoff = 0;
    for (int r = 0; r < rank; r++)
        myoff += counts[r];
    unsigned char *in = malloc((size_t)vec * t->extent + 1);
    unsigned char *out = malloc((size_t)vec * t->extent + 1);
    fill(t, op, in, vec, 0);
    memset(out, 0xa5, (size_t)vec * t->extent + 1);
    int use_inplace = inplace && (kind != K_REDUCE || rank == root);
    if (use_inplace)
        memcpy(out, in, (size_t)vec * t->extent);
    const void *sb = use_inplace ? MPI_IN_PLACE : in;
    MPI_Request req = MPI_REQUEST_NULL;
    int rc = MPI_SUCCESS;
    switch (kind) {
    case K_REDUCE:
        rc = nb ? MPI_Ireduce(sb, out, n, t->dt, op, root, MPI_COMM_WORLD, &req)
                : MPI_Reduce(sb, out, n, t->dt, op, root, MPI_COMM_WORLD);
        break;
    case K_ALLREDUCE:
        rc = nb ? MPI_Iallreduce(sb, out, n, t->dt, op, MPI_COMM_WORLD, &req)
                : MPI_Allreduce(sb, out, n, t->dt, op, MPI_COMM_WORLD);
        break;
    case K_RSB:
        rc = nb ? MPI_Ireduce_scatter_block(sb, out, n, t->dt, op, MPI_COMM_WORLD, &req)
                : MPI_Reduce_scatter_block(sb, out, n, t->dt, op, MPI_COMM_WORLD);
        break;
    case K_RS:
        rc = nb ? MPI_Ireduce_scatter(sb, out, counts, t->dt, op, MPI_COMM_WORLD, &req)
                : MPI_Reduce_scatter(sb, out, counts, t->dt, op, MPI_COMM_WORLD);
        break;
    case K_SCAN:
        rc = nb ? MPI_Iscan(sb, out, n, t->dt, op, MPI_COMM_WORLD, &req)
                : MPI_Scan(sb, out, n, t->dt, op, MPI_COMM_WORLD);
        break;
    case K_EXSCAN:
        rc = nb ? MPI_Iexscan(sb, out, n, t->dt, op, MPI_COMM_WORLD, &req)
                : MPI_Exscan(sb, out, n, t->dt, op, MPI_COMM_WORLD);
        break;
    }
    if (nb && rc == MPI_SUCCESS)
        rc = MPI_Wait(&req, MPI_STATUS_IGNORE);
    if (rc != MPI_SUCCESS) {
        errs++;
        fprintf(stderr, "rank %d: %s %s %s returned %d\n", rank, kname[kind], ops[o].name, t->name,
                rc);
    }
    char what[64];
    snprintf(what, sizeof(what), "%s%s%s", nb ? "I" : "", kname[kind], inplace ? "(in place)" : "");
    int mine = kind == K_RSB || kind == K_RS ? counts[rank] : n;
    int base = kind == K_RSB || kind == K_RS ? myoff : 0;
    int to = kind == K_SCAN ? rank : kind == K_EXSCAN ? rank - 1 : size - 1;
    int checks = kind != K_REDUCE || rank == root;
    if (kind == K_EXSCAN && rank == 0)
        checks = 0;
    for (int i = 0; checks && i < mine; i++) {
        if (!check(t, what, ops[o].name, n, i, out + (size_t)i * t->extent,
                   expect_range(t, op, 0, to, base + i)))
            break;
    }
    free(in);
    free(out);
    free(counts);
}

/* ---- user ops ---- */

/* 2x2 matrix product modulo 2^32: associative, not commutative. inout = in x inout. */
static void matmul(void *invec, void *inoutvec, int *len, MPI_Datatype *dt)
{
    (void)dt;
    unsigned *a = invec, *b = inoutvec;
    for (int k = 0; k < *len; k++, a += 4, b += 4) {
        unsigned c[4] = {a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
                         a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3]};
        memcpy(b, c, sizeof(c));
    }
}

static void mat_of(int r, int i, unsigned *m)
{
    m[0] = (unsigned)(r + 1);
    m[1] = (unsigned)(i + 2);
    m[2] = (unsigned)(r * 3 + i);
    m[3] = 1u;
}

static void mat_range(int from, int to, int i, unsigned *m)
{
    mat_of(from, i, m);
    for (int r = from + 1; r <= to; r++) {
        unsigned b[4];
        int one = 1;
        mat_of(r, i, b);
        matmul(m, b, &one, NULL);
        memcpy(m, b, sizeof(b));
    }
}

/* Element i of out must be the product of the matrices (r, base + i) for r = 0 .. to. */
static void check_mats(const char *what, const unsigned *out, int n, int to, int base)
{
    for (int i = 0; i < n; i++) {
        unsigned want[4];
        mat_range(0, to, base + i, want);
        if (memcmp(out + 4 * i, want, sizeof(want)) != 0) {
            errs++;
            fprintf(stderr, "rank %d: %s(matmul) n %d: element %d wrong\n", rank, what, n, i);
            return;
        }
    }
}

static void check_matmul(int n)
{
    MPI_Datatype mat;
    MPI_Op op;
    MPI_Type_contiguous(4, MPI_UNSIGNED, &mat);
    MPI_Type_commit(&mat);
    MPI_Op_create(matmul, 0, &op);
    int commute = 1;
    MPI_Op_commutative(op, &commute);
    EXPECT(commute == 0);
    unsigned *in = malloc(sizeof(unsigned) * 4 * (size_t)n * (size_t)size);
    unsigned *out = malloc(sizeof(unsigned) * 4 * (size_t)n * (size_t)size);
    for (int i = 0; i < n; i++)
        mat_of(rank, i, in + 4 * i);
    int step = size > 2 ? size - 2 : 1; /* root 0, and root size - 2, where rank 0 forwards */
    for (int root = 0; root < size; root += step) {
        MPI_Reduce(in, out, n, mat, op, root, MPI_COMM_WORLD);
        if (rank == root)
            check_mats("Reduce", out, n, size - 1, 0);
    }
    MPI_Request req;
    MPI_Iallreduce(in, out, n, mat, op, MPI_COMM_WORLD, &req);
    MPI_Wait(&req, MPI_STATUS_IGNORE);
    check_mats("Iallreduce", out, n, size - 1, 0);
    MPI_Scan(in, out, n, mat, op, MPI_COMM_WORLD);
    check_mats("Scan", out, n, rank, 0);
    MPI_Exscan(in, out, n, mat, op, MPI_COMM_WORLD);
    if (rank > 0)
        check_mats("Exscan", out, n, rank - 1, 0);
    /* reduce-scatter over a vector of size * n matrices */
    for (int i = 0; i < n * size; i++)
        mat_of(rank, i, in + 4 * i);
    MPI_Reduce_scatter_block(in, out, n, mat, op, MPI_COMM_WORLD);
    check_mats("Reduce_scatter_block", out, n, size - 1, rank * n);
    MPI_Op_free(&op);
    EXPECT(op == MPI_OP_NULL);
    MPI_Type_free(&mat);
    free(in);
    free(out);
}

/* A commutative user op on a non-contiguous type: ints 0 and 2 of every 3 (a vector). */
static void sum_strided(void *invec, void *inoutvec, int *len, MPI_Datatype *dt)
{
    MPI_Aint lb, ext;
    MPI_Type_get_extent(*dt, &lb, &ext);
    int *a = invec, *b = inoutvec;
    for (int k = 0; k < *len; k++) {
        int *x = (int *)((char *)a + k * ext), *y = (int *)((char *)b + k * ext);
        y[0] += x[0];
        y[2] += x[2];
    }
}

static void check_strided(int n)
{
    MPI_Datatype vec;
    MPI_Op op;
    MPI_Type_vector(2, 1, 2, MPI_INT, &vec); /* ints 0 and 2; extent 3 ints */
    MPI_Type_commit(&vec);
    MPI_Op_create(sum_strided, 1, &op);
    int *in = malloc(sizeof(int) * 3 * (size_t)n), *out = malloc(sizeof(int) * 3 * (size_t)n);
    for (int i = 0; i < n; i++) {
        in[3 * i] = rank + i;
        in[3 * i + 1] = -7;
        in[3 * i + 2] = 2 * rank;
        out[3 * i + 1] = 99;
    }
    MPI_Allreduce(in, out, n, vec, op, MPI_COMM_WORLD);
    for (int i = 0; i < n; i++) {
        if (out[3 * i] != size * (size - 1) / 2 + size * i || out[3 * i + 1] != 99 ||
            out[3 * i + 2] != size * (size - 1)) {
            errs++;
            fprintf(stderr, "rank %d: Allreduce(strided user op) n %d: element %d\n", rank, n, i);
            break;
        }
    }
    /* Reduce_local applies the same function once */
    int a[3] = {1, 5, 2}, b[3] = {10, 6, 20};
    MPI_Reduce_local(a, b, 1, vec, op);
    EXPECT(b[0] == 11 && b[1] == 6 && b[2] == 22);
    MPI_Op_free(&op);
    MPI_Type_free(&vec);
    free(in);
    free(out);
}

/* The same floating-point allreduce, repeated and nonblocking, is bitwise equal everywhere. */
static void check_reproducible(int n)
{
    double *in = malloc(sizeof(double) * (size_t)n), *a = malloc(sizeof(double) * (size_t)n);
    double *b = malloc(sizeof(double) * (size_t)n);
    srand(1234 + rank);
    for (int i = 0; i < n; i++)
        in[i] = (double)rand() / RAND_MAX * 1e6 - 5e5 + 1e-9 * rand();
    MPI_Allreduce(in, a, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    MPI_Request req;
    MPI_Iallreduce(in, b, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD, &req);
    MPI_Wait(&req, MPI_STATUS_IGNORE);
    EXPECT(memcmp(a, b, sizeof(double) * (size_t)n) == 0);
    /* every rank holds rank 0's bits */
    MPI_Bcast(b, n, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    EXPECT(memcmp(a, b, sizeof(double) * (size_t)n) == 0);
    free(in);
    free(a);
    free(b);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const int counts[] = {1, 5, 300};
    for (int t = 0; t < NTYPES; t++)
        for (int o = 0; o < NOPS; o++) {
            if (!valid(types[t].cat, o))
                continue;
            for (int k = 0; k < K_N; k++)
                for (int c = 0; c < 3; c++)
                    for (int v = 0; v < 4; v++)
                        run_one(&types[t], o, k, counts[c], v & 1, v >> 1);
        }
    /* long vectors: the bandwidth algorithms */
    for (int k = 0; k < K_N; k++) {
        run_one(&types[4], 0, k, 40000, k % 2, 0);  /* MPI_INT SUM */
        run_one(&types[17], 2, k, 30000, 0, k % 2); /* MPI_DOUBLE MAX */
        run_one(&types[29], 10, k, 9000, 1, 1);     /* MPI_DOUBLE_INT MINLOC */
    }
    check_matmul(3);
    check_matmul(3000);
    check_strided(7);
    check_strided(5000);
    check_reproducible(10);
    check_reproducible(100000);
    return mtest_finalize(errs);
}
