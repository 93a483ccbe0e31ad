/*
 * test_dtype.c: the datatype engine on its own: layouts built by the engine (segment counts,
 * bounds, sizes), pack/unpack round trips against element-by-element references, partial
 * unpacks and element counts.
 */
#include "ompi-lite/oml_impl.h"
#include "unit.h"

#include <stdlib.h>
#include <string.h>

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

int main(void)
{
    oml_dtype_init();
    test_predefined();
    test_vector();
    test_contiguous();
    test_struct_and_resized();
    test_indexed_and_negative();
    return unit_report();
}
