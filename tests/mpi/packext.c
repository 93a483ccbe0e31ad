/*
 * packext: MPI_Pack_external, MPI_Unpack_external and MPI_Pack_external_size ("external32":
 * big-endian, the standard's fixed sizes), also their _c forms. The bytes of known values are
 * checked exactly (C long and wchar_t are narrowed to 4 and 2 bytes, long double becomes
 * binary128); a buffer packed by rank 0 from several calls (a vector of doubles, a struct with a
 * long, MINLOC pairs, complex numbers) goes to every other rank as bytes and is unpacked there;
 * and every bad argument gets its error class: an unknown representation, a short buffer (the
 * position untouched), a long that does not fit 4 bytes, an uncommitted type, a negative count.
 */
#include "mtest.h"

#include <complex.h>
#include <float.h>
#include <mpi.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static int rank, errs;

typedef struct {
    long id;
    int n;
    double v[3];
} rec_t;

static MPI_Datatype rec_type(void)
{
    int blens[3] = {1, 1, 3};
    MPI_Aint disps[3] = {offsetof(rec_t, id), offsetof(rec_t, n), offsetof(rec_t, v)};
    MPI_Datatype types[3] = {MPI_LONG, MPI_INT, MPI_DOUBLE}, t, r;
    MPI_Type_create_struct(3, blens, disps, types, &t);
    MPI_Type_create_resized(t, 0, sizeof(rec_t), &r);
    MPI_Type_free(&t);
    MPI_Type_commit(&r);
    return r;
}

static void check_sizes(MPI_Datatype rec)
{
    struct {
        MPI_Datatype t;
        MPI_Aint size;
    } want[] = {{MPI_CHAR, 1},
                {MPI_WCHAR, 2},
                {MPI_SHORT, 2},
                {MPI_INT, 4},
                {MPI_LONG, 4},
                {MPI_UNSIGNED_LONG, 4},
                {MPI_LONG_LONG, 8},
                {MPI_FLOAT, 4},
                {MPI_DOUBLE, 8},
                {MPI_LONG_DOUBLE, 16},
                {MPI_C_BOOL, 1},
                {MPI_INT64_T, 8},
                {MPI_AINT, 8},
                {MPI_COUNT, 8},
                {MPI_OFFSET, 8},
                {MPI_C_COMPLEX, 8},
                {MPI_C_DOUBLE_COMPLEX, 16},
                {MPI_INTEGER, 4},
                {MPI_REAL, 4},
                {MPI_DOUBLE_PRECISION, 8},
                {MPI_DOUBLE_COMPLEX, 16},
                {MPI_LOGICAL, 4},
                {MPI_2INT, 8},
                {MPI_LONG_INT, 8},
                {MPI_DOUBLE_INT, 12},
                {MPI_SHORT_INT, 6},
                {MPI_BYTE, 1},
                {MPI_PACKED, 1}};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        MPI_Aint size = -1;
        EXPECT(MPI_Pack_external_size("external32", 3, want[i].t, &size) == MPI_SUCCESS);
        if (size != 3 * want[i].size)
            fprintf(stderr, "rank %d: type %zu: external32 size %ld, want %ld\n", rank, i,
                    (long)size, (long)(3 * want[i].size));
        EXPECT(size == 3 * want[i].size);
    }
    MPI_Aint size = 0;
    EXPECT(MPI_Pack_external_size("external32", 2, rec, &size) == MPI_SUCCESS);
    EXPECT(size == 2 * (4 + 4 + 3 * 8));
    MPI_Count csize = 0;
    EXPECT(MPI_Pack_external_size_c("external32", (MPI_Count)1 << 33, MPI_DOUBLE, &csize) ==
           MPI_SUCCESS);
    EXPECT(csize == (MPI_Count)8 << 33);
}

static void check_bytes(void)
{
    unsigned char out[64];
    MPI_Aint pos = 0;
    int i4[2] = {0x01020304, -2};
    EXPECT(MPI_Pack_external("external32", i4, 2, MPI_INT, out, sizeof(out), &pos) == MPI_SUCCESS);
    double d = -8.25;
    EXPECT(MPI_Pack_external("external32", &d, 1, MPI_DOUBLE, out, sizeof(out), &pos) ==
           MPI_SUCCESS);
    long l = -5;
    EXPECT(MPI_Pack_external("external32", &l, 1, MPI_LONG, out, sizeof(out), &pos) == MPI_SUCCESS);
    wchar_t w = 0x20ac;
    EXPECT(MPI_Pack_external("external32", &w, 1, MPI_WCHAR, out, sizeof(out), &pos) ==
           MPI_SUCCESS);
    short s = 0x1234;
    EXPECT(MPI_Pack_external("external32", &s, 1, MPI_SHORT, out, sizeof(out), &pos) ==
           MPI_SUCCESS);
    EXPECT(pos == 8 + 8 + 4 + 2 + 2);
    static const unsigned char want[] = {1,    2,    3,    4,    0xff, 0xff, 0xff, 0xfe,
                                         0xc0, 0x20, 0x80, 0,    0,    0,    0,    0,
                                         0xff, 0xff, 0xff, 0xfb, 0x20, 0xac, 0x12, 0x34};
    EXPECT(memcmp(out, want, sizeof(want)) == 0);
#if LDBL_MANT_DIG == 64 || LDBL_MANT_DIG == 113
    long double ld = -2.5L;
    pos = 0;
    EXPECT(MPI_Pack_external("external32", &ld, 1, MPI_LONG_DOUBLE, out, sizeof(out), &pos) ==
           MPI_SUCCESS);
    EXPECT(pos == 16 && memcmp(out, "\xc0\x00\x40\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) == 0);
    long double back = 0;
    pos = 0;
    EXPECT(MPI_Unpack_external("external32", out, 16, &pos, &back, 1, MPI_LONG_DOUBLE) ==
           MPI_SUCCESS);
    EXPECT(pos == 16 && back == -2.5L);
#endif
}

/* Rank 0's message: several calls into one buffer; every rank computes what it holds. */
typedef struct {
    rec_t recs[4];
    double grid[12]; /* every third of them packed, through a vector */
    struct {
        double v;
        int i;
    } pairs[2];
    double _Complex z[2];
    unsigned long ul[2];
} msg_t;

static void fill(msg_t *m, int seed)
{
    memset(m, 0, sizeof(*m));
    for (int i = 0; i < 4; i++) {
        m->recs[i].id = -1000L * (i + seed) - 7;
        m->recs[i].n = i * 3 + seed;
        for (int k = 0; k < 3; k++)
            m->recs[i].v[k] = (i + 1) * 0.5 + k * 1e-3 + seed;
    }
    for (int i = 0; i < 12; i++)
        m->grid[i] = i * 1.25 - seed;
    m->pairs[0].v = 3.75;
    m->pairs[0].i = seed;
    m->pairs[1].v = -1e300;
    m->pairs[1].i = -seed;
    m->z[0] = 1.5 + 2.5 * I;
    m->z[1] = -seed - 0.125 * I;
    m->ul[0] = 0xfffffffful - (unsigned long)seed;
    m->ul[1] = 17;
}

static MPI_Aint pack_msg(const msg_t *m, MPI_Datatype rec, MPI_Datatype every3, void *buf,
                         MPI_Aint size)
{
    MPI_Aint pos = 0;
    EXPECT(MPI_Pack_external("external32", m->recs, 4, rec, buf, size, &pos) == MPI_SUCCESS);
    EXPECT(MPI_Pack_external("external32", m->grid, 1, every3, buf, size, &pos) == MPI_SUCCESS);
    EXPECT(MPI_Pack_external("external32", m->pairs, 2, MPI_DOUBLE_INT, buf, size, &pos) ==
           MPI_SUCCESS);
    MPI_Count cpos = (MPI_Count)pos;
    EXPECT(MPI_Pack_external_c("external32", m->z, 2, MPI_C_DOUBLE_COMPLEX, buf, size, &cpos) ==
           MPI_SUCCESS);
    pos = (MPI_Aint)cpos;
    EXPECT(MPI_Pack_external("external32", m->ul, 2, MPI_UNSIGNED_LONG, buf, size, &pos) ==
           MPI_SUCCESS);
    return pos;
}

static void unpack_msg(msg_t *m, MPI_Datatype rec, MPI_Datatype every3, const void *buf,
                       MPI_Aint size)
{
    MPI_Aint pos = 0;
    EXPECT(MPI_Unpack_external("external32", buf, size, &pos, m->recs, 4, rec) == MPI_SUCCESS);
    EXPECT(MPI_Unpack_external("external32", buf, size, &pos, m->grid, 1, every3) == MPI_SUCCESS);
    EXPECT(MPI_Unpack_external("external32", buf, size, &pos, m->pairs, 2, MPI_DOUBLE_INT) ==
           MPI_SUCCESS);
    MPI_Count cpos = (MPI_Count)pos;
    EXPECT(MPI_Unpack_external_c("external32", buf, size, &cpos, m->z, 2, MPI_C_DOUBLE_COMPLEX) ==
           MPI_SUCCESS);
    pos = (MPI_Aint)cpos;
    EXPECT(MPI_Unpack_external("external32", buf, size, &pos, m->ul, 2, MPI_UNSIGNED_LONG) ==
           MPI_SUCCESS);
    EXPECT(pos == size);
}

static int same_msg(const msg_t *a, const msg_t *b)
{
    int ok = 1;
    for (int i = 0; i < 4; i++) {
        ok &= a->recs[i].id == b->recs[i].id && a->recs[i].n == b->recs[i].n;
        for (int k = 0; k < 3; k++)
            ok &= a->recs[i].v[k] == b->recs[i].v[k];
    }
    for (int i = 0; i < 12; i++)
        ok &= i % 3 == 0 ? a->grid[i] == b->grid[i] : b->grid[i] == 0.0;
    for (int i = 0; i < 2; i++)
        ok &= a->pairs[i].v == b->pairs[i].v && a->pairs[i].i == b->pairs[i].i &&
              a->z[i] == b->z[i] && a->ul[i] == b->ul[i];
    return ok;
}

static void check_exchange(MPI_Datatype rec, int size)
{
    MPI_Datatype every3;
    MPI_Type_vector(4, 1, 3, MPI_DOUBLE, &every3);
    MPI_Type_commit(&every3);
    msg_t m, got;
    fill(&m, 3);
    MPI_Aint need = 0, one = 0;
    MPI_Pack_external_size("external32", 4, rec, &one);
    need += one;
    MPI_Pack_external_size("external32", 1, every3, &one);
    need += one;
    MPI_Pack_external_size("external32", 2, MPI_DOUBLE_INT, &one);
    need += one;
    MPI_Pack_external_size("external32", 2, MPI_C_DOUBLE_COMPLEX, &one);
    need += one;
    MPI_Pack_external_size("external32", 2, MPI_UNSIGNED_LONG, &one);
    need += one;
    EXPECT(need == 4 * 32 + 4 * 8 + 2 * 12 + 2 * 16 + 2 * 4);
    unsigned char *buf = malloc((size_t)need);
    if (rank == 0) {
        EXPECT(pack_msg(&m, rec, every3, buf, need) == need);
        /* the first record's long and int, big-endian */
        EXPECT(memcmp(buf, "\xff\xff\xf4\x41\0\0\0\x03", 8) == 0);
        for (int r = 1; r < size; r++)
            MPI_Send(buf, (int)need, MPI_BYTE, r, 5, MPI_COMM_WORLD);
    } else {
        MPI_Recv(buf, (int)need, MPI_BYTE, 0, 5, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    memset(&got, 0, sizeof(got));
    unpack_msg(&got, rec, every3, buf, need);
    EXPECT(same_msg(&m, &got));
    free(buf);
    MPI_Type_free(&every3);
}

static void check_errors(MPI_Datatype rec)
{
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    unsigned char out[16];
    int ints[8] = {0};
    MPI_Aint pos = 4, size = 0;
    int rc = MPI_Pack_external("native", ints, 1, MPI_INT, out, sizeof(out), &pos), cls = -1;
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_ARG && pos == 4);
    rc = MPI_Pack_external_size("big-endian", 1, MPI_INT, &size);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_ARG);
    /* 4 ints do not fit the 12 bytes after position 4 */
    rc = MPI_Pack_external("external32", ints, 4, MPI_INT, out, sizeof(out), &pos);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_TRUNCATE && pos == 4);
    rc = MPI_Unpack_external("external32", out, 8, &pos, ints, 2, MPI_INT);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_TRUNCATE && pos == 4);
    if (sizeof(long) > 4) {
        long big[2] = {7, (long)INT32_MAX + 1};
        pos = 0;
        rc = MPI_Pack_external("external32", big, 2, MPI_LONG, out, sizeof(out), &pos);
        MPI_Error_class(rc, &cls);
        EXPECT(cls == MPI_ERR_CONVERSION && pos == 0);
    }
    MPI_Datatype loose;
    MPI_Type_contiguous(2, MPI_INT, &loose);
    pos = 0;
    rc = MPI_Pack_external("external32", ints, 1, loose, out, sizeof(out), &pos);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_TYPE);
    MPI_Type_free(&loose);
    rc = MPI_Pack_external("external32", ints, -1, MPI_INT, out, sizeof(out), &pos);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_COUNT);
    rc = MPI_Pack_external("external32", ints, 1, MPI_DATATYPE_NULL, out, sizeof(out), &pos);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_TYPE);
    rc = MPI_Unpack_external("external32", out, sizeof(out), NULL, ints, 1, rec);
    MPI_Error_class(rc, &cls);
    EXPECT(cls == MPI_ERR_ARG);
    /* zero elements: nothing written, position unchanged */
    pos = 3;
    EXPECT(MPI_Pack_external("external32", NULL, 0, MPI_INT, out, sizeof(out), &pos) ==
               MPI_SUCCESS &&
           pos == 3);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
}

int main(int argc, char **argv)
{
    int size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Datatype rec = rec_type();
    check_sizes(rec);
    check_bytes();
    check_exchange(rec, size);
    check_errors(rec);
    MPI_Type_free(&rec);
    return mtest_finalize(errs);
}
