/*
 * test_dtype.c: the datatype engine on its own: layouts built by the engine (segment counts,
 * bounds, sizes), pack/unpack round trips against element-by-element references, partial
 * unpacks and element counts.
 */
#include "ompi-lite/oml_impl.h"
#include "unit.h"

#include <complex.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static oml_dtype_t *T(MPI_Datatype h)
{
    return oml_dtype_get(h);
}

/* vector-like helper: count blocks of blen elements of old, stride elements apart */
static oml_dtype_t *vec(int count, int blen, int stride, const oml_dtype_t *old)
{
    oml_dt_builder_t b;
    oml_dt_build_begin(&b, MPI_COMBINER_VECTOR);
    for (int i = 0; i < count; i++)
        oml_dt_build_append(&b, old, (MPI_Aint)i * stride * oml_dt_extent(old), (size_t)blen);
    return oml_dt_build_end(&b);
}

static void test_predefined(void)
{
    CHECK(T(MPI_INT)->size == sizeof(int) && T(MPI_INT)->contig);
    CHECK(T(MPI_DOUBLE_INT)->size == 12 && oml_dt_extent(T(MPI_DOUBLE_INT)) == 16);
    CHECK(!T(MPI_DOUBLE_INT)->contig && T(MPI_DOUBLE_INT)->nelem == 2);
    CHECK(T(MPI_2INT)->contig && T(MPI_2INT)->size == 8 && T(MPI_2INT)->basic == MPI_2INT);
    CHECK(T(MPI_SHORT_INT)->size == 6 && oml_dt_extent(T(MPI_SHORT_INT)) == 8);
    CHECK(T(MPI_DATATYPE_NULL) == NULL && T((MPI_Datatype)0x2ff) == NULL);
}

static void test_vector(void)
{
    oml_dtype_t *v = vec(3, 2, 5, T(MPI_INT));
    CHECK(v->nsegs == 1 && v->segs[0].count == 3 && v->segs[0].len == 8);
    CHECK(v->segs[0].stride == 20);
    CHECK(v->size == 24 && v->lb == 0 && v->ub == 48 && !v->contig);
    CHECK(v->true_lb == 0 && v->true_ub == 48 && v->nelem == 6 && v->kind == OML_K_INT32);
    int src[40], out[12], back[40];
    for (int i = 0; i < 40; i++)
        src[i] = i;
    /* two elements: the second starts one extent (12 ints) in */
    oml_dt_pack(v, src, 2, out);
    int want[12] = {0, 1, 5, 6, 10, 11, 12, 13, 17, 18, 22, 23};
    CHECK(memcmp(out, want, sizeof(want)) == 0);
    memset(back, 0xff, sizeof(back));
    oml_dt_unpack(v, back, 2, out, sizeof(out));
    for (int i = 0; i < 12; i++)
        CHECK(back[want[i]] == want[i]);
    CHECK(back[2] == -1 && back[24] == -1);
    /* a short stream fills a prefix and nothing else */
    memset(back, 0xff, sizeof(back));
    oml_dt_unpack(v, back, 2, out, 5 * sizeof(int));
    CHECK(back[6] == 6 && back[10] == 10 && back[11] == -1 && back[12] == -1);
    CHECK(oml_dt_elements(v, 5 * sizeof(int)) == 5);
    CHECK(oml_dt_elements(v, 5 * sizeof(int) + 2) == -1);
    /* a vector of that vector: segments chain only where the stride pattern continues */
    oml_dtype_t *vv = vec(2, 1, 1, v);
    CHECK(vv->nsegs == 2 && vv->size == 48);
    oml_dt_destroy(vv);
    oml_dtype_t *r = oml_dt_copy_layout(v, MPI_COMBINER_RESIZED, 0, 60);
    vv = vec(2, 1, 1, r);
    CHECK(vv->nsegs == 1 && vv->segs[0].count == 6 && vv->size == 48);
    oml_dt_destroy(vv);
    oml_dt_destroy(r);
    oml_dt_destroy(v);
}

static void test_contiguous(void)
{
    oml_dtype_t *v = vec(4, 3, 3, T(MPI_DOUBLE)); /* stride == blocklength: one block */
    CHECK(v->contig && v->nsegs == 1 && v->segs[0].len == 96);
    oml_dt_builder_t b;
    oml_dt_build_begin(&b, MPI_COMBINER_CONTIGUOUS);
    oml_dt_build_append(&b, v, 0, 5);
    oml_dtype_t *c = oml_dt_build_end(&b);
    CHECK(c->contig && c->size == 480 && oml_dt_extent(c) == 480);
    oml_dt_destroy(c);
    oml_dt_destroy(v);
}

static void test_struct_and_resized(void)
{
    struct s {
        char c;
        double d;
        int i[3];
    } x[3];
    oml_dt_builder_t b;
    oml_dt_build_begin(&b, MPI_COMBINER_STRUCT);
    oml_dt_build_append(&b, T(MPI_CHAR), offsetof(struct s, c), 1);
    oml_dt_build_append(&b, T(MPI_DOUBLE), offsetof(struct s, d), 1);
    oml_dt_build_append(&b, T(MPI_INT), offsetof(struct s, i), 3);
    oml_dtype_t *t = oml_dt_build_end(&b);
    CHECK(t->size == 1 + 8 + 12 && t->nsegs == 3 && t->align == _Alignof(double));
    CHECK(t->basic == MPI_DATATYPE_NULL && t->kind == OML_K_NONE && t->nelem == 5);
    t->ub = sizeof(struct s); /* what MPI_Type_create_struct's padding gives */
    for (int k = 0; k < 3; k++) {
        x[k].c = (char)('a' + k);
        x[k].d = k + 0.5;
        x[k].i[0] = k * 10;
        x[k].i[1] = k * 10 + 1;
        x[k].i[2] = k * 10 + 2;
    }
    unsigned char packed[3 * 21];
    oml_dt_pack(t, x, 3, packed);
    struct s y[3];
    memset(y, 0, sizeof(y));
    oml_dt_unpack(t, y, 3, packed, sizeof(packed));
    for (int k = 0; k < 3; k++)
        CHECK(y[k].c == x[k].c && y[k].d == x[k].d && y[k].i[2] == x[k].i[2]);
    CHECK(oml_dt_elements(t, 21 + 1 + 8) == 5 + 2);
    CHECK(oml_dt_elements(t, 21 + 1 + 4) == -1);
    /* resized: one int every 3 ints */
    oml_dtype_t *r = oml_dt_copy_layout(T(MPI_INT), MPI_COMBINER_RESIZED, 0, 12);
    CHECK(r != NULL && !r->contig && r->size == 4);
    int src[9] = {0, 1, 2, 3, 4, 5, 6, 7, 8}, out[3];
    oml_dt_pack(r, src, 3, out);
    CHECK(out[0] == 0 && out[1] == 3 && out[2] == 6);
    oml_dt_destroy(r);
    oml_dt_destroy(t);
}

static void test_indexed_and_negative(void)
{
    /* irregular blocks, out of address order, and a negative displacement */
    int blens[3] = {2, 1, 3}, disps[3] = {4, -2, 8};
    oml_dt_builder_t b;
    oml_dt_build_begin(&b, MPI_COMBINER_INDEXED);
    for (int i = 0; i < 3; i++)
        oml_dt_build_append(&b, T(MPI_SHORT), disps[i] * 2, (size_t)blens[i]);
    oml_dtype_t *t = oml_dt_build_end(&b);
    CHECK(t->lb == -4 && t->ub == 22 && t->true_lb == -4 && t->size == 12);
    short mem[16], *base = mem + 4, out[6];
    for (int i = 0; i < 16; i++)
        mem[i] = (short)(i - 4);
    oml_dt_pack(t, base, 1, out);
    short want[6] = {4, 5, -2, 8, 9, 10};
    CHECK(memcmp(out, want, sizeof(want)) == 0);
    oml_dt_destroy(t);
    /* equal blocks at a regular distance collapse into one strided segment */
    oml_dt_build_begin(&b, MPI_COMBINER_INDEXED);
    for (int i = 0; i < 100; i++)
        oml_dt_build_append(&b, T(MPI_DOUBLE), (MPI_Aint)i * 24, 1);
    t = oml_dt_build_end(&b);
    CHECK(t->nsegs == 1 && t->segs[0].count == 100);
    oml_dt_destroy(t);
}

/* external32: sizes, the exact bytes of known values, narrowing errors, round trips. */
static void test_external32(void)
{
    CHECK(oml_dt_x32_size(T(MPI_LONG), NULL) == 4 && oml_dt_x32_size(T(MPI_WCHAR), NULL) == 2);
    CHECK(oml_dt_x32_size(T(MPI_LONG_INT), NULL) == 8);
    CHECK(oml_dt_x32_size(T(MPI_DOUBLE_INT), NULL) == 12);
    CHECK(oml_dt_x32_size(T(MPI_C_DOUBLE_COMPLEX), NULL) == 16);
    CHECK(oml_dt_x32_size(T(MPI_LONG_DOUBLE), NULL) == 16);
    CHECK(oml_dt_x32_size(T(MPI_UNSIGNED_LONG_LONG), NULL) == 8);

    unsigned char out[64];
    int i4 = 0x01020304;
    CHECK(oml_dt_x32_pack(T(MPI_INT), &i4, 1, out) == OML_X32_COUNT);
    CHECK(memcmp(out, "\x01\x02\x03\x04", 4) == 0);
    double d1 = 1.0;
    oml_dt_x32_pack(T(MPI_DOUBLE), &d1, 1, out);
    CHECK(memcmp(out, "\x3f\xf0\0\0\0\0\0\0", 8) == 0);
    float _Complex fc = 1.0f + 2.0f * I;
    oml_dt_x32_pack(T(MPI_C_COMPLEX), &fc, 1, out);
    CHECK(memcmp(out, "\x3f\x80\0\0\x40\0\0\0", 8) == 0);
    long l[2] = {-2, 70000};
    CHECK(oml_dt_x32_pack(T(MPI_LONG), l, 2, out) == OML_X32_COUNT);
    CHECK(memcmp(out, "\xff\xff\xff\xfe\0\x01\x11\x70", 8) == 0);
    long back[2] = {0, 0};
    oml_dt_x32_unpack(T(MPI_LONG), back, 2, out);
    CHECK(back[0] == -2 && back[1] == 70000);
    if (sizeof(long) == 8) {
        long big = 1L << 40, edge[2] = {INT32_MIN, INT32_MAX};
        CHECK(oml_dt_x32_pack(T(MPI_LONG), &big, 1, out) == OML_X32_LONG);
        CHECK(oml_dt_x32_pack(T(MPI_LONG), edge, 2, out) == OML_X32_COUNT);
        unsigned long ul[2] = {0xffffffffUL, 1UL << 32};
        CHECK(oml_dt_x32_pack(T(MPI_UNSIGNED_LONG), ul, 1, out) == OML_X32_COUNT);
        CHECK(memcmp(out, "\xff\xff\xff\xff", 4) == 0);
        unsigned long ub = 0;
        oml_dt_x32_unpack(T(MPI_UNSIGNED_LONG), &ub, 1, out);
        CHECK(ub == 0xffffffffUL); /* not sign-extended */
        CHECK(oml_dt_x32_pack(T(MPI_UNSIGNED_LONG), ul, 2, out) == OML_X32_ULONG);
    }
    wchar_t w[2] = {0x20ac, 0x1f600};
    CHECK(oml_dt_x32_pack(T(MPI_WCHAR), w, 1, out) == OML_X32_COUNT);
    CHECK(memcmp(out, "\x20\xac", 2) == 0);
    if (sizeof(wchar_t) > 2)
        CHECK(oml_dt_x32_pack(T(MPI_WCHAR), w, 2, out) == OML_X32_WCHAR);

    /* struct {long; int; double} (MPI_LONG_INT-like head): classes stay apart, sizes narrow */
    oml_dt_builder_t b;
    oml_dt_build_begin(&b, MPI_COMBINER_STRUCT);
    oml_dt_build_append(&b, T(MPI_LONG), 0, 1);
    oml_dt_build_append(&b, T(MPI_INT), 8, 1);
    oml_dt_build_append(&b, T(MPI_FLOAT), 12, 1);
    oml_dt_build_append(&b, T(MPI_DOUBLE), 16, 1);
    oml_dtype_t *t = oml_dt_build_end(&b);
    CHECK(t->nsegs == (sizeof(long) == 8 ? 3u : 2u)); /* int and float share a class */
    CHECK(oml_dt_x32_size(t, NULL) == 4 + 4 + 4 + 8);
    struct {
        long a;
        int b;
        float c;
        double d;
    } rec[3] = {{-5, 6, 7.5f, -8.25}, {9, -10, 11.0f, 12.5}, {-13, 14, -15.0f, 16.0}}, got[3];
    CHECK(oml_dt_x32_pack(t, rec, 3, out) == OML_X32_COUNT);
    CHECK(memcmp(out, "\xff\xff\xff\xfb\0\0\0\x06\x40\xf0\0\0\xc0\x20\x80\0", 16) == 0);
    memset(got, 0, sizeof(got));
    oml_dt_x32_unpack(t, got, 3, out);
    for (int k = 0; k < 3; k++)
        CHECK(got[k].a == rec[k].a && got[k].b == rec[k].b && got[k].c == rec[k].c &&
              got[k].d == rec[k].d);
    oml_dt_destroy(t);

    /* in-place stream conversion (the I/O path): doubles and ints, there and back */
    int st[4] = {1, -1, 0x7f000000, 3};
    unsigned char raw[16];
    memcpy(raw, st, 16);
    CHECK(oml_dt_x32_stream(T(MPI_INT), 16, raw, true) == OML_X32_COUNT);
    CHECK(memcmp(raw, "\0\0\0\x01\xff\xff\xff\xff\x7f\0\0\0\0\0\0\x03", 16) == 0);
    oml_dt_x32_stream(T(MPI_INT), 16, raw, false);
    CHECK(memcmp(raw, st, 16) == 0);
    /* a packed stream of MPI_DOUBLE_INT (12 bytes each) cut after 22 bytes: the first pair and
     * the second double convert, the 2 bytes of the second int stay */
    unsigned char di[22];
    double dv = 1.0;
    int iv = 0x01020304;
    memcpy(di, &dv, 8);
    memcpy(di + 8, &iv, 4);
    memcpy(di + 12, &dv, 8);
    di[20] = 0xaa;
    di[21] = 0xbb;
    CHECK(oml_dt_x32_stream(T(MPI_DOUBLE_INT), 22, di, true) == OML_X32_COUNT);
    CHECK(memcmp(di, "\x3f\xf0\0\0\0\0\0\0\x01\x02\x03\x04\x3f\xf0\0\0\0\0\0\0\xaa\xbb", 22) == 0);

#if LDBL_MANT_DIG == 64
    /* x87 long double <-> binary128 */
    long double ld[2] = {1.0L, -2.5L};
    oml_dt_x32_pack(T(MPI_LONG_DOUBLE), ld, 2, out);
    CHECK(memcmp(out, "\x3f\xff\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) == 0);
    CHECK(memcmp(out + 16, "\xc0\x00\x40\0\0\0\0\0\0\0\0\0\0\0\0\0", 16) == 0);
    long double specials[] = {0.0L,      -0.0L,    LDBL_MIN, LDBL_TRUE_MIN,     LDBL_MAX,
                              -LDBL_MAX, INFINITY, 1.0L / 3, (long double)M_PI, -LDBL_MIN / 3};
    size_t ns = sizeof(specials) / sizeof(specials[0]);
    unsigned char big[sizeof(specials)];
    long double rt[sizeof(specials) / sizeof(specials[0])];
    oml_dt_x32_pack(T(MPI_LONG_DOUBLE), specials, ns, big);
    oml_dt_x32_unpack(T(MPI_LONG_DOUBLE), rt, ns, big);
    for (size_t k = 0; k < ns; k++)
        CHECK(rt[k] == specials[k] && signbit(rt[k]) == signbit(specials[k]));
    long double nan = NAN, rn;
    oml_dt_x32_pack(T(MPI_LONG_DOUBLE), &nan, 1, out);
    oml_dt_x32_unpack(T(MPI_LONG_DOUBLE), &rn, 1, out);
    CHECK(isnan(rn));
    /* binary128 fractions below x87's 63 bits round to nearest, ties to even */
    static const struct {
        unsigned char q[16];
        long double want;
    } rnd[] = {
        {{0x3f, 0xff, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0}, 1.0L}, /* 1+2^-64 tie */
        {{0x3f, 0xff, 0, 0, 0, 0, 0, 0, 0, 0x03, 0, 0, 0, 0, 0, 0}, 1.0L + 0x1p-62L}, /* odd tie */
        {{0x3f, 0xff, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 1}, 1.0L + 0x1p-63L}, /* above */
        {{0x3f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
          0xff},
         2.0L}, /* carries into the exponent */
        {{0x7f, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
          0xff},
         INFINITY}, /* the largest binary128 is beyond x87's range after rounding */
    };
    for (size_t k = 0; k < sizeof(rnd) / sizeof(rnd[0]); k++) {
        long double v = 0;
        oml_dt_x32_unpack(T(MPI_LONG_DOUBLE), &v, 1, rnd[k].q);
        CHECK(v == rnd[k].want);
    }
#endif
}

int main(void)
{
    oml_dtype_init();
    test_predefined();
    test_vector();
    test_contiguous();
    test_struct_and_resized();
    test_indexed_and_negative();
    test_external32();
    return unit_report();
}
