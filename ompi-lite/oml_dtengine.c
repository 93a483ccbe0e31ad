/*
 * ompi-lite/oml_dtengine.c: the datatype engine: building layouts, pack, unpack, element
 * counts. Pure logic on oml_dtype_t; needs no MPI state (tests/unit/test_dtype.c links it).
 *
 * A layout is a list of segments (oml_impl.h). Appending a block tries, in order: to extend
 * the last segment's single block (adjacent bytes), to add a block to its stride pattern, or
 * to chain a whole strided segment that continues it; so vectors, indexed types with regular
 * displacements and rows of subarrays collapse to one segment each.
 */
#include "oml_impl.h"

#include <stdlib.h>
#include <string.h>

static size_t dt_max(size_t a, size_t b)
{
    return a > b ? a : b;
}

/* Adds segment s after the last one, merging when the two describe one pattern. */
static void dt_seg_push(oml_dt_builder_t *b, oml_dt_seg_t s)
{
    oml_dtype_t *t = b->t;
    if (s.count == 0 || s.len == 0)
        return;
    if (s.count > 1 && (size_t)s.stride == s.len && s.stride > 0) {
        s.len *= s.count; /* blocks that touch are one block */
        s.count = 1;
        s.stride = 0;
    }
    if (t->nsegs > 0) {
        oml_dt_seg_t *a = &t->segs[t->nsegs - 1];
        if (a->esz == s.esz && a->x32 == s.x32) {
            if (a->count == 1 && s.count == 1 && a->disp + (MPI_Aint)a->len == s.disp) {
                a->len += s.len;
                return;
            }
            if (a->len == s.len && s.count == 1 && a->count == 1) {
                a->stride = s.disp - a->disp;
                a->count = 2;
                return;
            }
            if (a->len == s.len && a->count > 1 &&
                s.disp == a->disp + (MPI_Aint)a->count * a->stride &&
                (s.count == 1 || s.stride == a->stride)) {
                a->count += s.count;
                return;
            }
        }
    }
    if (t->nsegs == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4;
        oml_dt_seg_t *n = realloc(t->segs, cap * sizeof(*n));
        if (n == NULL) {
            b->failed = true;
            return;
        }
        t->segs = n;
        b->cap = cap;
    }
    t->segs[t->nsegs++] = s;
}

bool oml_dt_build_begin(oml_dt_builder_t *b, int combiner)
{
    memset(b, 0, sizeof(*b));
    b->t = calloc(1, sizeof(*b->t));
    if (b->t == NULL)
        return false;
    b->t->magic = OML_DT_MAGIC;
    b->t->refs = 1;
    b->t->combiner = combiner;
    b->t->align = 1;
    b->t->kind = OML_K_NONE;
    b->t->basic = MPI_DATATYPE_NULL;
    b->t->name = b->t->namebuf;
    return true;
}

/* Widens the bounds of the new type to take [lo, hi) (lb/ub) and [tlo, thi) (true bounds). */
static void dt_bounds(oml_dt_builder_t *b, MPI_Aint lo, MPI_Aint hi, MPI_Aint tlo, MPI_Aint thi,
                      bool data)
{
    oml_dtype_t *t = b->t;
    if (!b->bounded) {
        t->lb = lo;
        t->ub = hi;
        b->bounded = true;
    } else {
        t->lb = lo < t->lb ? lo : t->lb;
        t->ub = hi > t->ub ? hi : t->ub;
    }
    if (!data)
        return;
    if (!b->any_data) {
        t->true_lb = tlo;
        t->true_ub = thi;
    } else {
        t->true_lb = tlo < t->true_lb ? tlo : t->true_lb;
        t->true_ub = thi > t->true_ub ? thi : t->true_ub;
    }
}

void oml_dt_build_append(oml_dt_builder_t *b, const oml_dtype_t *old, MPI_Aint shift, size_t n)
{
    oml_dtype_t *t = b->t;
    if (n == 0 || b->failed)
        return;
    MPI_Aint ext = oml_dt_extent(old);
    MPI_Aint last = (MPI_Aint)(n - 1) * ext;
    MPI_Aint lo = last < 0 ? last : 0, hi = last > 0 ? last : 0;
    bool data = old->size > 0;
    dt_bounds(b, shift + old->lb + lo, shift + old->ub + hi, shift + old->true_lb + lo,
              shift + old->true_ub + hi, data);

    /* element type bookkeeping */
    if (data) {
        if (!b->any_data) {
            t->kind = old->kind;
            t->basic = old->basic;
        } else if (t->basic != old->basic) {
            t->basic = MPI_DATATYPE_NULL;
            if (t->kind != old->kind)
                t->kind = OML_K_NONE;
        }
        b->any_data = true;
    }
    t->size += n * old->size;
    t->nelem += n * old->nelem;
    t->align = dt_max(t->align, old->align);
    t->explicit_bounds = t->explicit_bounds || old->explicit_bounds;

    if (old->contig) {
        if (old->size > 0) {
            dt_seg_push(b, (oml_dt_seg_t){.disp = shift + old->true_lb,
                                          .len = n * old->size,
                                          .count = 1,
                                          .esz = old->segs[0].esz,
                                          .x32 = old->segs[0].x32});
        }
        return;
    }
    for (size_t i = 0; i < n && !b->failed; i++) {
        MPI_Aint base = shift + (MPI_Aint)i * ext;
        for (size_t k = 0; k < old->nsegs; k++) {
            oml_dt_seg_t s = old->segs[k];
            s.disp += base;
            dt_seg_push(b, s);
        }
    }
}

/* Whether count elements are one run of bytes: the contiguous fast path. */
static bool dt_is_contig(const oml_dtype_t *t)
{
    if (t->size == 0)
        return true;
    return t->nsegs == 1 && t->segs[0].count == 1 && t->segs[0].len == t->size &&
           t->segs[0].disp == t->true_lb && oml_dt_extent(t) == (MPI_Aint)t->size;
}

oml_dtype_t *oml_dt_build_end(oml_dt_builder_t *b)
{
    oml_dtype_t *t = b->t;
    if (b->failed) {
        oml_dt_destroy(t);
        return NULL;
    }
    t->contig = dt_is_contig(t);
    return t;
}

oml_dtype_t *oml_dt_copy_layout(const oml_dtype_t *d, int combiner, MPI_Aint lb, MPI_Aint ub)
{
    oml_dtype_t *t = calloc(1, sizeof(*t));
    if (t == NULL)
        return NULL;
    *t = *d;
    t->segs = NULL;
    if (d->nsegs > 0) {
        t->segs = malloc(d->nsegs * sizeof(*t->segs));
        if (t->segs == NULL) {
            free(t);
            return NULL;
        }
        memcpy(t->segs, d->segs, d->nsegs * sizeof(*t->segs));
    }
    t->magic = OML_DT_MAGIC;
    t->refs = 1;
    t->predefined = false;
    t->committed = false;
    t->combiner = combiner;
    t->ni = t->na = t->nt = 0;
    t->ints = NULL;
    t->aints = NULL;
    t->types = NULL;
    t->namebuf[0] = '\0';
    t->name = t->namebuf;
    t->attrs = NULL;
    t->lb = lb;
    t->ub = ub;
    t->contig = dt_is_contig(t);
    return t;
}

void oml_dt_destroy(oml_dtype_t *d)
{
    if (d == NULL || d->predefined)
        return;
    free(d->segs);
    free(d->ints);
    free(d->aints);
    free(d->types);
    free(d->counts);
    d->magic = 0;
    free(d);
}

/*
 * The inner loop of packing and unpacking: n blocks of len bytes, the source blocks sstep bytes
 * apart, the destination ones dstep (one side strided, the other packed). The block length is
 * tested once per run of blocks, not once per block, and the common small sizes are fixed-size
 * copies the compiler turns into plain loads and stores (memcpy of an unknown length is a call
 * per block).
 */
#define DT_RUN(w)                                                                                  \
    for (size_t i_ = 0; i_ < n; i_++, dst += dstep, src += sstep)                                  \
    memcpy(dst, src, (w))

static inline void dt_blocks(unsigned char *dst, MPI_Aint dstep, const unsigned char *src,
                             MPI_Aint sstep, size_t len, size_t n)
{
    switch (len) {
    case 4:
        DT_RUN(4);
        break;
    case 8:
        DT_RUN(8);
        break;
    case 16:
        DT_RUN(16);
        break;
    case 24:
        DT_RUN(24);
        break;
    case 32:
        DT_RUN(32);
        break;
    default:
        DT_RUN(len);
    }
}

void oml_dt_pack(const oml_dtype_t *d, const void *buf, size_t count, void *out)
{
    unsigned char *o = out;
    const unsigned char *base = buf;
    if (d->contig) {
        if (d->size > 0)
            memcpy(o, base + d->true_lb, count * d->size);
        return;
    }
    MPI_Aint ext = oml_dt_extent(d);
    for (size_t e = 0; e < count; e++, base += ext) {
        for (size_t k = 0; k < d->nsegs; k++) {
            const oml_dt_seg_t *s = &d->segs[k];
            dt_blocks(o, (MPI_Aint)s->len, base + s->disp, s->stride, s->len, s->count);
            o += s->len * s->count;
        }
    }
}

void oml_dt_unpack(const oml_dtype_t *d, void *buf, size_t count, const void *in, size_t bytes)
{
    const unsigned char *src = in;
    unsigned char *base = buf;
    if (bytes > count * d->size)
        bytes = count * d->size;
    if (d->contig) {
        if (bytes > 0)
            memcpy(base + d->true_lb, src, bytes);
        return;
    }
    MPI_Aint ext = oml_dt_extent(d);
    for (size_t e = 0; e < count && bytes > 0; e++, base += ext) {
        for (size_t k = 0; k < d->nsegs && bytes > 0; k++) {
            const oml_dt_seg_t *s = &d->segs[k];
            /* the whole blocks the bytes cover, then a part of the next one */
            size_t whole = s->len > 0 ? bytes / s->len : s->count;
            size_t n = whole < s->count ? whole : s->count;
            dt_blocks(base + s->disp, s->stride, src, (MPI_Aint)s->len, s->len, n);
            src += n * s->len;
            bytes -= n * s->len;
            if (n < s->count && bytes > 0) {
                memcpy(base + s->disp + (MPI_Aint)n * s->stride, src, bytes);
                src += bytes;
                bytes = 0;
            }
        }
    }
}

int64_t oml_dt_elements(const oml_dtype_t *d, size_t bytes)
{
    if (d->size == 0)
        return 0;
    int64_t n = (int64_t)(bytes / d->size) * (int64_t)d->nelem;
    size_t rem = bytes % d->size;
    for (size_t k = 0; k < d->nsegs && rem > 0; k++) {
        const oml_dt_seg_t *s = &d->segs[k];
        size_t seg_bytes = s->len * s->count;
        size_t take = rem < seg_bytes ? rem : seg_bytes;
        if (take % s->esz != 0)
            return -1;
        n += (int64_t)(take / s->esz);
        rem -= take;
    }
    return n;
}

size_t oml_dt_element_bytes(const oml_dtype_t *d, size_t n)
{
    if (d->nelem == 0)
        return 0;
    size_t bytes = n / d->nelem * d->size, rem = n % d->nelem;
    for (size_t k = 0; k < d->nsegs && rem > 0; k++) {
        const oml_dt_seg_t *s = &d->segs[k];
        size_t seg_elems = s->len * s->count / s->esz;
        size_t take = rem < seg_elems ? rem : seg_elems;
        bytes += take * s->esz;
        rem -= take;
    }
    return bytes;
}

int oml_dbuf_send(oml_dbuf_t *b, const oml_dtype_t *d, const void *buf, size_t count)
{
    b->len = count * d->size;
    if (d->contig) {
        b->ptr = (unsigned char *)buf + (b->len > 0 ? d->true_lb : 0);
        return MPI_SUCCESS;
    }
    if (b->tmp == NULL && (b->tmp = malloc(b->len)) == NULL)
        return MPI_ERR_NO_MEM;
    oml_dt_pack(d, buf, count, b->tmp);
    b->ptr = b->tmp;
    return MPI_SUCCESS;
}

int oml_dbuf_recv(oml_dbuf_t *b, const oml_dtype_t *d, void *buf, size_t count)
{
    b->len = count * d->size;
    if (d->contig) {
        b->ptr = (unsigned char *)buf + (b->len > 0 ? d->true_lb : 0);
        return MPI_SUCCESS;
    }
    if (b->tmp == NULL && (b->tmp = malloc(b->len)) == NULL)
        return MPI_ERR_NO_MEM;
    b->ptr = b->tmp;
    return MPI_SUCCESS;
}

void oml_dbuf_unpack(const oml_dbuf_t *b, const oml_dtype_t *d, void *buf, size_t count, size_t got)
{
    if (!d->contig && got > 0)
        oml_dt_unpack(d, buf, count, b->tmp, got);
}

void oml_dbuf_free(oml_dbuf_t *b)
{
    free(b->tmp);
    b->tmp = NULL;
}

/* ---- external32 ---- */

/* Native and external32 bytes of one unit of each class. */
static const struct {
    uint8_t native, ext;
    const char *name;
} x32_units[OML_X32_COUNT] = {
    [OML_X32_SWAP1] = {1, 1, "1-byte type"},
    [OML_X32_SWAP2] = {2, 2, "2-byte type"},
    [OML_X32_SWAP4] = {4, 4, "4-byte type"},
    [OML_X32_SWAP8] = {8, 8, "8-byte type"},
    [OML_X32_SWAP16] = {16, 16, "16-byte type"},
    [OML_X32_LONG] = {sizeof(long), 4, "long"},
    [OML_X32_ULONG] = {sizeof(unsigned long), 4, "unsigned long"},
    [OML_X32_WCHAR] = {sizeof(wchar_t), 2, "wchar_t"},
    [OML_X32_LDOUBLE] = {16, 16, "long double"},
    [OML_X32_NONE] = {1, 0, "a type without external32 form"},
};

const char *oml_dt_x32_name(oml_x32_t x)
{
    return x < OML_X32_COUNT ? x32_units[x].name : "?";
}

size_t oml_dt_x32_size(const oml_dtype_t *d, oml_x32_t *bad)
{
    size_t n = 0;
    for (size_t k = 0; k < d->nsegs; k++) {
        const oml_dt_seg_t *s = &d->segs[k];
        if (s->x32 == OML_X32_NONE) {
            if (bad != NULL)
                *bad = OML_X32_NONE;
            return 0;
        }
        n += s->len / x32_units[s->x32].native * x32_units[s->x32].ext * s->count;
    }
    return n;
}

/* Big-endian bytes of v's low n bytes at p, and back. */
static void x32_put(unsigned char *p, uint64_t v, size_t n)
{
    for (size_t i = n; i-- > 0; v >>= 8)
        p[i] = (unsigned char)v;
}

static uint64_t x32_get(const unsigned char *p, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* Native integer of n bytes at p (n = 2, 4 or 8), widened. */
static uint64_t x32_native_u(const unsigned char *p, size_t n)
{
    if (n == 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        return v;
    }
    if (n == 4) {
        uint32_t v;
        memcpy(&v, p, 4);
        return v;
    }
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}

static void x32_native_put(unsigned char *p, uint64_t v, size_t n)
{
    if (n == 8) {
        memcpy(p, &v, 8);
    } else if (n == 4) {
        uint32_t w = (uint32_t)v;
        memcpy(p, &w, 4);
    } else {
        uint16_t w = (uint16_t)v;
        memcpy(p, &w, 2);
    }
}

/* Reverses each unit of w bytes (little-endian hosts), copies otherwise; src may be dst. */
static void x32_swap_units(unsigned char *dst, const unsigned char *src, size_t len, size_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    if (dst != src)
        memmove(dst, src, len);
    (void)w;
#else
    if (w == 1) {
        if (dst != src)
            memmove(dst, src, len);
        return;
    }
    if (w == 8) { /* the common cases: one byte-swap instruction per unit */
        for (size_t off = 0; off < len; off += 8) {
            uint64_t v;
            memcpy(&v, src + off, 8);
            v = __builtin_bswap64(v);
            memcpy(dst + off, &v, 8);
        }
        return;
    }
    if (w == 4) {
        for (size_t off = 0; off < len; off += 4) {
            uint32_t v;
            memcpy(&v, src + off, 4);
            v = __builtin_bswap32(v);
            memcpy(dst + off, &v, 4);
        }
        return;
    }
    for (size_t off = 0; off < len; off += w) {
        unsigned char u[16];
        memcpy(u, src + off, w);
        for (size_t i = 0; i < w; i++)
            dst[off + i] = u[w - 1 - i];
    }
#endif
}

/*
 * x87 extended (little-endian: 64-bit significand with an explicit integer bit, then sign and
 * 15-bit exponent) to binary128 (sign, the same 15-bit exponent and bias, 112-bit fraction
 * without the integer bit), big-endian. Exact: the fraction gains 49 zero bits.
 */
static void x32_ld_encode(unsigned char *out, const unsigned char *in)
{
    uint64_t m;
    uint16_t se;
    memcpy(&m, in, 8);
    memcpy(&se, in + 8, 2);
    unsigned exp = se & 0x7fffu;
    if (exp == 0 && (m >> 63) != 0)
        exp = 1; /* pseudo-denormal: the same value as the smallest normal exponent */
    uint64_t f = m & 0x7fffffffffffffffull;
    uint64_t hi = (uint64_t)(se & 0x8000u) << 48 | (uint64_t)exp << 48 | f >> 15;
    uint64_t lo = (f & 0x7fffull) << 49;
    x32_put(out, hi, 8);
    x32_put(out + 8, lo, 8);
}

/* binary128 to x87 extended, rounded to nearest (ties to even); overflow gives infinity. */
static void x32_ld_decode(unsigned char *out, const unsigned char *in)
{
    uint64_t hi = x32_get(in, 8), lo = x32_get(in + 8, 8);
    uint16_t sign = (uint16_t)(hi >> 48) & 0x8000u;
    unsigned exp = (unsigned)(hi >> 48) & 0x7fffu;
    uint64_t f = (hi & 0xffffffffffffull) << 15 | lo >> 49; /* top 63 fraction bits */
    uint64_t rest = lo & ((1ull << 49) - 1), half = 1ull << 48;
    uint64_t m;
    if (exp == 0x7fff) { /* infinity or NaN (a NaN keeps a fraction bit) */
        m = 1ull << 63 | f;
        if (f == 0 && ((hi & 0xffffffffffffull) | lo) != 0)
            m |= 1ull << 62; /* a NaN whose payload lies in the dropped bits stays a NaN */
    } else {
        m = (exp != 0 ? 1ull << 63 : 0) | f;
        if (rest > half || (rest == half && (m & 1))) {
            m++;
            if (exp != 0 && m == 0) { /* the significand carried out: next binade */
                m = 1ull << 63;
                exp++;
            } else if (exp == 0 && (m >> 63) != 0) {
                exp = 1; /* a denormal rounded up to the smallest normal */
            }
            if (exp == 0x7fff)
                m = 1ull << 63; /* infinity */
        }
    }
    uint16_t se = (uint16_t)(sign | exp);
    memset(out, 0, 16);
    memcpy(out, &m, 8);
    memcpy(out + 8, &se, 2);
}

/* Converts len native bytes of class x at nat to (encode) or from external32 at ext. */
static oml_x32_t x32_block(oml_x32_t x, unsigned char *nat, unsigned char *ext, size_t len,
                           bool encode)
{
    size_t nw = x32_units[x].native, ew = x32_units[x].ext;
    switch (x) {
    case OML_X32_SWAP1:
    case OML_X32_SWAP2:
    case OML_X32_SWAP4:
    case OML_X32_SWAP8:
    case OML_X32_SWAP16:
        if (encode)
            x32_swap_units(ext, nat, len, nw);
        else
            x32_swap_units(nat, ext, len, nw);
        return OML_X32_COUNT;
    case OML_X32_LDOUBLE:
        for (size_t off = 0; off < len; off += 16) {
            unsigned char u[16];
            if (encode) {
                x32_ld_encode(u, nat + off);
                memcpy(ext + off, u, 16);
            } else {
                x32_ld_decode(u, ext + off);
                memcpy(nat + off, u, 16);
            }
        }
        return OML_X32_COUNT;
    case OML_X32_LONG:
    case OML_X32_ULONG:
    case OML_X32_WCHAR:
        for (size_t i = 0; i < len / nw; i++) {
            unsigned char *n = nat + i * nw, *e = ext + i * ew;
            uint64_t bits = 64 - 8 * nw, ebits = 8 * ew;
            if (encode) {
                uint64_t v = x32_native_u(n, nw);
                if (x == OML_X32_LONG) {
                    int64_t sv = (int64_t)(v << bits) >> bits;
                    if (sv < -(INT64_C(1) << (ebits - 1)) || sv >= (INT64_C(1) << (ebits - 1)))
                        return x;
                } else if (v >> ebits != 0) {
                    return x; /* wchar_t: code points up to 0xffff */
                }
                x32_put(e, v, ew);
            } else {
                uint64_t v = x32_get(e, ew);
                if (x == OML_X32_LONG && (v >> (ebits - 1)) != 0)
                    v |= ~UINT64_C(0) << ebits; /* sign-extend */
                x32_native_put(n, v, nw);
            }
        }
        return OML_X32_COUNT;
    default:
        return OML_X32_NONE;
    }
}

/* Walks count elements of d at buf block by block, converting each to or from the external32
 * stream at ext. */
static oml_x32_t x32_walk(const oml_dtype_t *d, unsigned char *buf, size_t count,
                          unsigned char *ext, bool encode)
{
    if (d->contig && d->nsegs == 1 && count > 0) /* one run of one class: one call */
        return x32_block((oml_x32_t)d->segs[0].x32, buf + d->true_lb, ext, count * d->size, encode);
    MPI_Aint extent = oml_dt_extent(d);
    for (size_t e = 0; e < count; e++, buf += extent) {
        for (size_t k = 0; k < d->nsegs; k++) {
            const oml_dt_seg_t *s = &d->segs[k];
            size_t elen = s->len / x32_units[s->x32].native * x32_units[s->x32].ext;
            unsigned char *p = buf + s->disp;
            for (size_t i = 0; i < s->count; i++, p += s->stride, ext += elen) {
                oml_x32_t bad = x32_block((oml_x32_t)s->x32, p, ext, s->len, encode);
                if (bad != OML_X32_COUNT)
                    return bad;
            }
        }
    }
    return OML_X32_COUNT;
}

oml_x32_t oml_dt_x32_pack(const oml_dtype_t *d, const void *buf, size_t count, void *out)
{
    /* encoding only reads buf */
    return x32_walk(d, (unsigned char *)(uintptr_t)buf, count, out, true);
}

void oml_dt_x32_unpack(const oml_dtype_t *d, void *buf, size_t count, const void *in)
{
    x32_walk(d, buf, count, (unsigned char *)(uintptr_t)in, false);
}

oml_x32_t oml_dt_x32_stream(const oml_dtype_t *d, size_t bytes, void *stream, bool encode)
{
    unsigned char *p = stream;
    if (d->contig && d->nsegs == 1 && bytes > 0) { /* one run of one class: one call */
        size_t unit = x32_units[d->segs[0].x32].native;
        return x32_block((oml_x32_t)d->segs[0].x32, p, p, bytes / unit * unit, encode);
    }
    while (bytes > 0 && d->size > 0) {
        for (size_t k = 0; k < d->nsegs && bytes > 0; k++) {
            const oml_dt_seg_t *s = &d->segs[k];
            size_t n = s->len * s->count, unit = x32_units[s->x32].native;
            if (n > bytes)
                n = bytes / unit * unit; /* a stream cut short: its whole elements */
            oml_x32_t bad = x32_block((oml_x32_t)s->x32, p, p, n, encode);
            if (bad != OML_X32_COUNT)
                return bad;
            p += n;
            bytes = n < s->len * s->count ? 0 : bytes - n;
        }
    }
    return OML_X32_COUNT;
}
