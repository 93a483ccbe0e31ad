/*
 * ompi-lite/oml_type.c: the datatype chapter: constructors, queries, decoding, names, commit
 * and free, addresses, MPI_Pack and MPI_Unpack. Layouts are built by the engine
 * (oml_dtengine.c); this file checks arguments and keeps what MPI_Type_get_contents returns.
 */
#include "oml_impl.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void oml_dtype_retain(oml_dtype_t *d)
{
    if (!d->predefined)
        d->refs++;
}

void oml_dtype_release(oml_dtype_t *d)
{
    if (d->predefined || --d->refs > 0)
        return;
    oml_attr_delete_all(OML_ATTR_TYPE, d, &d->attrs);
    for (int i = 0; i < d->nt; i++)
        oml_dtype_release(oml_dtype_get(d->types[i]));
    oml_dt_destroy(d);
}

/* The datatype behind a handle, or an error raised from fn. */
static int ty_get(const char *fn, MPI_Datatype dt, const char *what, oml_dtype_t **d_p)
{
    oml_dtype_t *d = oml_dtype_get(dt);
    *d_p = d;
    if (d == NULL)
        return oml_error(NULL, MPI_ERR_TYPE, fn, "%s is not a valid datatype%s", what,
                         dt == MPI_DATATYPE_NULL ? " (MPI_DATATYPE_NULL)" : "");
    return MPI_SUCCESS;
}

static int ty_nomem(const char *fn)
{
    return oml_error(NULL, MPI_ERR_NO_MEM, fn, "no memory for a new datatype");
}

/* Records what MPI_Type_get_contents returns; takes references on the derived types. */
static int ty_contents(oml_dtype_t *t, int ni, const int *ints, int na, const MPI_Aint *aints,
                       int nt, const MPI_Datatype *types)
{
    t->ints = ni > 0 ? malloc((size_t)ni * sizeof(int)) : NULL;
    t->aints = na > 0 ? malloc((size_t)na * sizeof(MPI_Aint)) : NULL;
    t->types = nt > 0 ? malloc((size_t)nt * sizeof(MPI_Datatype)) : NULL;
    if ((ni > 0 && t->ints == NULL) || (na > 0 && t->aints == NULL) || (nt > 0 && t->types == NULL))
        return MPI_ERR_NO_MEM;
    if (ni > 0)
        memcpy(t->ints, ints, (size_t)ni * sizeof(int));
    if (na > 0)
        memcpy(t->aints, aints, (size_t)na * sizeof(MPI_Aint));
    if (nt > 0)
        memcpy(t->types, types, (size_t)nt * sizeof(MPI_Datatype));
    t->ni = ni;
    t->na = na;
    t->nt = nt;
    for (int i = 0; i < nt; i++)
        oml_dtype_retain(oml_dtype_get(types[i]));
    return MPI_SUCCESS;
}

/* Hands a finished type to the user, with its contents; frees it on failure. */
static int ty_finish(const char *fn, oml_dtype_t *t, int ni, const int *ints, int na,
                     const MPI_Aint *aints, int nt, const MPI_Datatype *types,
                     MPI_Datatype *newtype)
{
    if (t == NULL)
        return ty_nomem(fn);
    if (ty_contents(t, ni, ints, na, aints, nt, types) != MPI_SUCCESS) {
        t->nt = 0;
        oml_dt_destroy(t);
        return ty_nomem(fn);
    }
    *newtype = (MPI_Datatype)t;
    return MPI_SUCCESS;
}

static int ty_check_out(const char *fn, MPI_Datatype *newtype)
{
    if (newtype == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "newtype is NULL");
    return MPI_SUCCESS;
}

static int ty_check_count(const char *fn, int count, const char *what)
{
    if (count < 0)
        return oml_error(NULL, MPI_ERR_COUNT, fn, "%s is %d; it must be >= 0", what, count);
    return MPI_SUCCESS;
}

/*
 * The general block constructor behind contiguous, vector, indexed and their h- and block
 * forms: block i is blens[i] (or blen) elements of old at disps[i] bytes.
 */
static oml_dtype_t *ty_blocks(int combiner, const oml_dtype_t *old, int count, const int *blens,
                              int blen, const MPI_Aint *disps, MPI_Aint disp_unit,
                              const int *idisps)
{
    oml_dt_builder_t b;
    if (!oml_dt_build_begin(&b, combiner))
        return NULL;
    for (int i = 0; i < count; i++) {
        MPI_Aint d = disps != NULL ? disps[i] : (MPI_Aint)idisps[i] * disp_unit;
        oml_dt_build_append(&b, old, d, (size_t)(blens != NULL ? blens[i] : blen));
    }
    return oml_dt_build_end(&b);
}

static int ty_contiguous(const char *fn, int count, MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    oml_dtype_t *old;
    int rc = ty_check_count(fn, count, "count");
    if (rc == MPI_SUCCESS)
        rc = ty_get(fn, oldtype, "oldtype", &old);
    if (rc == MPI_SUCCESS)
        rc = ty_check_out(fn, newtype);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_dt_builder_t b;
    if (!oml_dt_build_begin(&b, MPI_COMBINER_CONTIGUOUS))
        return ty_nomem(fn);
    oml_dt_build_append(&b, old, 0, (size_t)count);
    return ty_finish(fn, oml_dt_build_end(&b), 1, &count, 0, NULL, 1, &oldtype, newtype);
}

OML_API int PMPI_Type_contiguous(int count, MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    return ty_contiguous("MPI_Type_contiguous", count, oldtype, newtype);
}
OML_ALIAS(Type_contiguous)

/* vector and hvector: count blocks of blocklength elements, stride bytes apart. */
static int ty_vector(const char *fn, int combiner, int count, int blocklength, MPI_Aint stride,
                     MPI_Datatype oldtype, MPI_Datatype *newtype, int stride_in_elems)
{
    oml_dtype_t *old;
    int rc = ty_check_count(fn, count, "count");
    if (rc == MPI_SUCCESS)
        rc = ty_check_count(fn, blocklength, "blocklength");
    if (rc == MPI_SUCCESS)
        rc = ty_get(fn, oldtype, "oldtype", &old);
    if (rc == MPI_SUCCESS)
        rc = ty_check_out(fn, newtype);
    if (rc != MPI_SUCCESS)
        return rc;
    MPI_Aint bytes = stride_in_elems ? stride * oml_dt_extent(old) : stride;
    oml_dt_builder_t b;
    if (!oml_dt_build_begin(&b, combiner))
        return ty_nomem(fn);
    for (int i = 0; i < count; i++)
        oml_dt_build_append(&b, old, (MPI_Aint)i * bytes, (size_t)blocklength);
    oml_dtype_t *t = oml_dt_build_end(&b);
    if (stride_in_elems) {
        int ints[3] = {count, blocklength, (int)stride};
        return ty_finish(fn, t, 3, ints, 0, NULL, 1, &oldtype, newtype);
    }
    int ints[2] = {count, blocklength};
    return ty_finish(fn, t, 2, ints, 1, &stride, 1, &oldtype, newtype);
}

OML_API int PMPI_Type_vector(int count, int blocklength, int stride, MPI_Datatype oldtype,
                             MPI_Datatype *newtype)
{
    return ty_vector("MPI_Type_vector", MPI_COMBINER_VECTOR, count, blocklength, stride, oldtype,
                     newtype, 1);
}
OML_ALIAS(Type_vector)

OML_API int PMPI_Type_create_hvector(int count, int blocklength, MPI_Aint stride,
                                     MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    return ty_vector("MPI_Type_create_hvector", MPI_COMBINER_HVECTOR, count, blocklength, stride,
                     oldtype, newtype, 0);
}
OML_ALIAS(Type_create_hvector)

/* Checks the block lengths of indexed and struct constructors. */
static int ty_check_blens(const char *fn, int count, const int *blens, const void *disps)
{
    if (count > 0 && (blens == NULL || disps == NULL))
        return oml_error(NULL, MPI_ERR_ARG, fn, "the block length or displacement array is NULL");
    for (int i = 0; i < count; i++) {
        if (blens[i] < 0)
            return oml_error(NULL, MPI_ERR_ARG, fn,
                             "array_of_blocklengths[%d] is %d; it must be >= 0", i, blens[i]);
    }
    return MPI_SUCCESS;
}

/* indexed, hindexed, indexed_block, hindexed_block. */
static int ty_indexed(const char *fn, int combiner, int count, const int *blens, int blen,
                      const int *idisps, const MPI_Aint *adisps, MPI_Datatype oldtype,
                      MPI_Datatype *newtype)
{
    oml_dtype_t *old;
    int rc = ty_check_count(fn, count, "count");
    if (rc == MPI_SUCCESS && blens != NULL)
        rc = ty_check_blens(fn, count, blens, idisps ? (const void *)idisps : (const void *)adisps);
    else if (rc == MPI_SUCCESS)
        rc = ty_check_count(fn, blen, "blocklength");
    if (rc == MPI_SUCCESS && count > 0 && idisps == NULL && adisps == NULL)
        rc = oml_error(NULL, MPI_ERR_ARG, fn, "array_of_displacements is NULL");
    if (rc == MPI_SUCCESS)
        rc = ty_get(fn, oldtype, "oldtype", &old);
    if (rc == MPI_SUCCESS)
        rc = ty_check_out(fn, newtype);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_dtype_t *t =
        ty_blocks(combiner, old, count, blens, blen, adisps, oml_dt_extent(old), idisps);
    /* contents: count, then lengths (or the one length), then integer displacements */
    int n = count > 0 ? count : 0;
    int ni = 1 + (blens != NULL ? n : 1) + (idisps != NULL ? n : 0);
    int *ints = malloc((size_t)ni * sizeof(int));
    if (ints == NULL) {
        oml_dt_destroy(t);
        return ty_nomem(fn);
    }
    int k = 0;
    ints[k++] = count;
    if (blens != NULL) {
        memcpy(&ints[k], blens, (size_t)n * sizeof(int));
        k += n;
    } else {
        ints[k++] = blen;
    }
    if (idisps != NULL)
        memcpy(&ints[k], idisps, (size_t)n * sizeof(int));
    rc = ty_finish(fn, t, ni, ints, adisps != NULL ? n : 0, adisps, 1, &oldtype, newtype);
    free(ints);
    return rc;
}

OML_API int PMPI_Type_indexed(int count, const int array_of_blocklengths[],
                              const int array_of_displacements[], MPI_Datatype oldtype,
                              MPI_Datatype *newtype)
{
    return ty_indexed("MPI_Type_indexed", MPI_COMBINER_INDEXED, count, array_of_blocklengths, 0,
                      array_of_displacements, NULL, oldtype, newtype);
}
OML_ALIAS(Type_indexed)

OML_API int PMPI_Type_create_hindexed(int count, const int array_of_blocklengths[],
                                      const MPI_Aint array_of_displacements[], MPI_Datatype oldtype,
                                      MPI_Datatype *newtype)
{
    return ty_indexed("MPI_Type_create_hindexed", MPI_COMBINER_HINDEXED, count,
                      array_of_blocklengths, 0, NULL, array_of_displacements, oldtype, newtype);
}
OML_ALIAS(Type_create_hindexed)

OML_API int PMPI_Type_create_indexed_block(int count, int blocklength,
                                           const int array_of_displacements[], MPI_Datatype oldtype,
                                           MPI_Datatype *newtype)
{
    return ty_indexed("MPI_Type_create_indexed_block", MPI_COMBINER_INDEXED_BLOCK, count, NULL,
                      blocklength, array_of_displacements, NULL, oldtype, newtype);
}
OML_ALIAS(Type_create_indexed_block)

OML_API int PMPI_Type_create_hindexed_block(int count, int blocklength,
                                            const MPI_Aint array_of_displacements[],
                                            MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    return ty_indexed("MPI_Type_create_hindexed_block", MPI_COMBINER_HINDEXED_BLOCK, count, NULL,
                      blocklength, NULL, array_of_displacements, oldtype, newtype);
}
OML_ALIAS(Type_create_hindexed_block)

static int ty_struct(const char *fn, int count, const int array_of_blocklengths[],
                     const MPI_Aint array_of_displacements[], const MPI_Datatype array_of_types[],
                     MPI_Datatype *newtype)
{
    int rc = ty_check_count(fn, count, "count");
    if (rc == MPI_SUCCESS)
        rc = ty_check_blens(fn, count, array_of_blocklengths, array_of_displacements);
    if (rc == MPI_SUCCESS && count > 0 && array_of_types == NULL)
        rc = oml_error(NULL, MPI_ERR_ARG, fn, "array_of_types is NULL");
    if (rc == MPI_SUCCESS)
        rc = ty_check_out(fn, newtype);
    for (int i = 0; rc == MPI_SUCCESS && i < count; i++) {
        oml_dtype_t *d;
        char what[48];
        snprintf(what, sizeof(what), "array_of_types[%d]", i);
        rc = ty_get(fn, array_of_types[i], what, &d);
    }
    if (rc != MPI_SUCCESS)
        return rc;
    oml_dt_builder_t b;
    if (!oml_dt_build_begin(&b, MPI_COMBINER_STRUCT))
        return ty_nomem(fn);
    for (int i = 0; i < count; i++)
        oml_dt_build_append(&b, oml_dtype_get(array_of_types[i]), array_of_displacements[i],
                            (size_t)array_of_blocklengths[i]);
    oml_dtype_t *t = oml_dt_build_end(&b);
    if (t != NULL && !t->explicit_bounds) {
        /* pad the extent to the strictest alignment, as the C compiler pads the struct */
        MPI_Aint ext = oml_dt_extent(t), al = (MPI_Aint)t->align;
        if (al > 1 && ext % al != 0)
            t->ub += al - ext % al;
        t->contig = t->contig && oml_dt_extent(t) == (MPI_Aint)t->size;
    }
    int n = count > 0 ? count : 0;
    int *ints = malloc((size_t)(n + 1) * sizeof(int));
    if (ints == NULL) {
        oml_dt_destroy(t);
        return ty_nomem(fn);
    }
    ints[0] = count;
    if (n > 0)
        memcpy(&ints[1], array_of_blocklengths, (size_t)n * sizeof(int));
    rc = ty_finish(fn, t, n + 1, ints, n, array_of_displacements, n, array_of_types, newtype);
    free(ints);
    return rc;
}

OML_API int PMPI_Type_create_struct(int count, const int array_of_blocklengths[],
                                    const MPI_Aint array_of_displacements[],
                                    const MPI_Datatype array_of_types[], MPI_Datatype *newtype)
{
    return ty_struct("MPI_Type_create_struct", count, array_of_blocklengths, array_of_displacements,
                     array_of_types, newtype);
}
OML_ALIAS(Type_create_struct)

/*
 * Builds an n-dimensional array type from per-dimension lists of owned index runs. dim 0 is
 * the slowest dimension (C order; callers reverse Fortran-order arrays). The result covers the
 * whole global array: lb 0, extent prod(sizes) * extent(old).
 */
typedef struct ty_run {
    int start, len;
} ty_run_t;

static oml_dtype_t *ty_array(int combiner, int ndims, const int *sizes, ty_run_t *const *runs,
                             const int *nruns, const oml_dtype_t *old)
{
    MPI_Aint ext = oml_dt_extent(old);
    MPI_Aint stride = ext;
    oml_dtype_t *inner = NULL;
    for (int d = ndims - 1; d >= 0; d--) {
        oml_dt_builder_t b;
        if (!oml_dt_build_begin(&b, combiner)) {
            oml_dt_destroy(inner);
            return NULL;
        }
        for (int r = 0; r < nruns[d]; r++) {
            if (inner == NULL) {
                oml_dt_build_append(&b, old, runs[d][r].start * stride, (size_t)runs[d][r].len);
                continue;
            }
            for (int i = 0; i < runs[d][r].len; i++)
                oml_dt_build_append(&b, inner, (MPI_Aint)(runs[d][r].start + i) * stride, 1);
        }
        oml_dt_destroy(inner);
        if ((inner = oml_dt_build_end(&b)) == NULL)
            return NULL;
        stride *= sizes[d];
    }
    oml_dtype_t *t = oml_dt_copy_layout(inner, combiner, 0, stride);
    oml_dt_destroy(inner);
    if (t != NULL)
        t->explicit_bounds = true;
    return t;
}

static int ty_check_order(const char *fn, int order)
{
    if (order != MPI_ORDER_C && order != MPI_ORDER_FORTRAN)
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "order is %d; it must be MPI_ORDER_C or MPI_ORDER_FORTRAN", order);
    return MPI_SUCCESS;
}

/* Index i of a C-order view: Fortran-order arrays are read backwards. */
static int ty_dim(int order, int ndims, int i)
{
    return order == MPI_ORDER_C ? i : ndims - 1 - i;
}

OML_API int PMPI_Type_create_subarray(int ndims, const int array_of_sizes[],
                                      const int array_of_subsizes[], const int array_of_starts[],
                                      int order, MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_create_subarray";
    oml_dtype_t *old;
    int rc = ty_get(fn, oldtype, "oldtype", &old);
    if (rc == MPI_SUCCESS)
        rc = ty_check_out(fn, newtype);
    if (rc == MPI_SUCCESS)
        rc = ty_check_order(fn, order);
    if (rc != MPI_SUCCESS)
        return rc;
    if (ndims <= 0 || array_of_sizes == NULL || array_of_subsizes == NULL ||
        array_of_starts == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "ndims is %d or an array argument is NULL", ndims);
    for (int i = 0; i < ndims; i++) {
        if (array_of_sizes[i] < 1 || array_of_subsizes[i] < 1 ||
            array_of_subsizes[i] > array_of_sizes[i] || array_of_starts[i] < 0 ||
            array_of_starts[i] > array_of_sizes[i] - array_of_subsizes[i])
            return oml_error(NULL, MPI_ERR_ARG, fn,
                             "dimension %d: size %d, subsize %d, start %d; need 1 <= subsize <= "
                             "size and 0 <= start <= size - subsize",
                             i, array_of_sizes[i], array_of_subsizes[i], array_of_starts[i]);
    }
    int sizes[ndims], nruns[ndims];
    ty_run_t run[ndims], *runs[ndims];
    for (int i = 0; i < ndims; i++) {
        int k = ty_dim(order, ndims, i);
        sizes[i] = array_of_sizes[k];
        run[i] = (ty_run_t){array_of_starts[k], array_of_subsizes[k]};
        runs[i] = &run[i];
        nruns[i] = 1;
    }
    oml_dtype_t *t = ty_array(MPI_COMBINER_SUBARRAY, ndims, sizes, runs, nruns, old);
    int ints[3 * ndims + 2];
    ints[0] = ndims;
    memcpy(&ints[1], array_of_sizes, (size_t)ndims * sizeof(int));
    memcpy(&ints[1 + ndims], array_of_subsizes, (size_t)ndims * sizeof(int));
    memcpy(&ints[1 + 2 * ndims], array_of_starts, (size_t)ndims * sizeof(int));
    ints[1 + 3 * ndims] = order;
    return ty_finish(fn, t, 3 * ndims + 2, ints, 0, NULL, 1, &oldtype, newtype);
}
OML_ALIAS(Type_create_subarray)

/* The index runs a process at coord owns of a dimension of gsize over psize processes. */
static int ty_darray_runs(int distrib, int darg, int gsize, int psize, int coord, ty_run_t **out,
                          int *nout)
{
    *out = NULL;
    *nout = 0;
    if (distrib == MPI_DISTRIBUTE_NONE) {
        if ((*out = malloc(sizeof(ty_run_t))) == NULL)
            return MPI_ERR_NO_MEM;
        (*out)[0] = (ty_run_t){0, gsize};
        *nout = 1;
        return MPI_SUCCESS;
    }
    if (distrib == MPI_DISTRIBUTE_BLOCK) {
        int blk = darg == MPI_DISTRIBUTE_DFLT_DARG ? (gsize + psize - 1) / psize : darg;
        if (blk <= 0 || (long)blk * psize < gsize)
            return MPI_ERR_ARG;
        int lo = coord * blk, hi = lo + blk < gsize ? lo + blk : gsize;
        if ((*out = malloc(sizeof(ty_run_t))) == NULL)
            return MPI_ERR_NO_MEM;
        (*out)[0] = (ty_run_t){lo, hi > lo ? hi - lo : 0};
        *nout = 1;
        return MPI_SUCCESS;
    }
    int blk = darg == MPI_DISTRIBUTE_DFLT_DARG ? 1 : darg;
    if (blk <= 0)
        return MPI_ERR_ARG;
    long period = (long)blk * psize;
    int n = (int)((gsize + period - 1) / period);
    if ((*out = malloc((size_t)(n > 0 ? n : 1) * sizeof(ty_run_t))) == NULL)
        return MPI_ERR_NO_MEM;
    for (long lo = (long)coord * blk; lo < gsize; lo += period) {
        long hi = lo + blk < gsize ? lo + blk : gsize;
        (*out)[(*nout)++] = (ty_run_t){(int)lo, (int)(hi - lo)};
    }
    return MPI_SUCCESS;
}

OML_API int PMPI_Type_create_darray(int size, int rank, int ndims, const int array_of_gsizes[],
                                    const int array_of_distribs[], const int array_of_dargs[],
                                    const int array_of_psizes[], int order, MPI_Datatype oldtype,
                                    MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_create_darray";
    oml_dtype_t *old;
    int rc = ty_get(fn, oldtype, "oldtype", &old);
    if (rc == MPI_SUCCESS)
        rc = ty_check_out(fn, newtype);
    if (rc == MPI_SUCCESS)
        rc = ty_check_order(fn, order);
    if (rc != MPI_SUCCESS)
        return rc;
    if (ndims <= 0 || size <= 0 || rank < 0 || rank >= size || array_of_gsizes == NULL ||
        array_of_distribs == NULL || array_of_dargs == NULL || array_of_psizes == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "size %d, rank %d, ndims %d: need 0 <= rank < size, ndims > 0 and "
                         "non-NULL arrays",
                         size, rank, ndims);
    long prod = 1;
    for (int i = 0; i < ndims; i++) {
        int dist = array_of_distribs[i];
        if (array_of_gsizes[i] < 1 || array_of_psizes[i] < 1 ||
            (dist != MPI_DISTRIBUTE_NONE && dist != MPI_DISTRIBUTE_BLOCK &&
             dist != MPI_DISTRIBUTE_CYCLIC) ||
            (dist == MPI_DISTRIBUTE_NONE && array_of_psizes[i] != 1))
            return oml_error(NULL, MPI_ERR_ARG, fn,
                             "dimension %d: gsize %d, psize %d, distribution %d is not valid", i,
                             array_of_gsizes[i], array_of_psizes[i], dist);
        prod *= array_of_psizes[i];
    }
    if (prod != size)
        return oml_error(NULL, MPI_ERR_ARG, fn, "the process grid has %ld processes but size is %d",
                         prod, size);
    /* the process grid is row-major whatever the array order */
    int coords[ndims];
    for (int i = ndims - 1, r = rank; i >= 0; i--) {
        coords[i] = r % array_of_psizes[i];
        r /= array_of_psizes[i];
    }
    int sizes[ndims], nruns[ndims];
    ty_run_t *runs[ndims];
    memset(runs, 0, sizeof(runs));
    for (int i = 0; i < ndims && rc == MPI_SUCCESS; i++) {
        int k = ty_dim(order, ndims, i);
        sizes[i] = array_of_gsizes[k];
        rc = ty_darray_runs(array_of_distribs[k], array_of_dargs[k], array_of_gsizes[k],
                            array_of_psizes[k], coords[k], &runs[i], &nruns[i]);
    }
    oml_dtype_t *t = NULL;
    if (rc == MPI_SUCCESS)
        t = ty_array(MPI_COMBINER_DARRAY, ndims, sizes, runs, nruns, old);
    for (int i = 0; i < ndims; i++)
        free(runs[i]);
    if (rc == MPI_ERR_ARG)
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "a block distribution's darg is too small to cover its dimension");
    if (rc != MPI_SUCCESS)
        return ty_nomem(fn);
    int ni = 4 * ndims + 4;
    int ints[ni];
    ints[0] = size;
    ints[1] = rank;
    ints[2] = ndims;
    memcpy(&ints[3], array_of_gsizes, (size_t)ndims * sizeof(int));
    memcpy(&ints[3 + ndims], array_of_distribs, (size_t)ndims * sizeof(int));
    memcpy(&ints[3 + 2 * ndims], array_of_dargs, (size_t)ndims * sizeof(int));
    memcpy(&ints[3 + 3 * ndims], array_of_psizes, (size_t)ndims * sizeof(int));
    ints[3 + 4 * ndims] = order;
    return ty_finish(fn, t, ni, ints, 0, NULL, 1, &oldtype, newtype);
}
OML_ALIAS(Type_create_darray)

OML_API int PMPI_Type_create_resized(MPI_Datatype oldtype, MPI_Aint lb, MPI_Aint extent,
                                     MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_create_resized";
    oml_dtype_t *old;
    int rc = ty_get(fn, oldtype, "oldtype", &old);
    if (rc == MPI_SUCCESS)
        rc = ty_check_out(fn, newtype);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_dtype_t *t = oml_dt_copy_layout(old, MPI_COMBINER_RESIZED, lb, lb + extent);
    if (t != NULL)
        t->explicit_bounds = true;
    MPI_Aint aints[2] = {lb, extent};
    return ty_finish(fn, t, 0, NULL, 2, aints, 1, &oldtype, newtype);
}
OML_ALIAS(Type_create_resized)

OML_API int PMPI_Type_dup(MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_dup";
    oml_dtype_t *old;
    int rc = ty_get(fn, oldtype, "oldtype", &old);
    if (rc == MPI_SUCCESS)
        rc = ty_check_out(fn, newtype);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_dtype_t *t = oml_dt_copy_layout(old, MPI_COMBINER_DUP, old->lb, old->ub);
    if (t == NULL)
        return ty_nomem(fn);
    t->committed = old->committed;
    if ((rc = ty_finish(fn, t, 0, NULL, 0, NULL, 1, &oldtype, newtype)) != MPI_SUCCESS)
        return rc;
    rc = oml_attr_copy_all(OML_ATTR_TYPE, oldtype, old->attrs, &t->attrs);
    if (rc != MPI_SUCCESS) {
        oml_dtype_release(t);
        *newtype = MPI_DATATYPE_NULL;
        return oml_error(NULL, rc, fn, "an attribute copy callback failed");
    }
    return MPI_SUCCESS;
}
OML_ALIAS(Type_dup)

OML_API int PMPI_Type_commit(MPI_Datatype *datatype)
{
    static const char fn[] = "MPI_Type_commit";
    oml_dtype_t *d;
    if (datatype == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "datatype is NULL");
    int rc = ty_get(fn, *datatype, "datatype", &d);
    if (rc == MPI_SUCCESS)
        d->committed = true;
    return rc;
}
OML_ALIAS(Type_commit)

OML_API int PMPI_Type_free(MPI_Datatype *datatype)
{
    static const char fn[] = "MPI_Type_free";
    oml_dtype_t *d;
    if (datatype == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "datatype is NULL");
    int rc = ty_get(fn, *datatype, "datatype", &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (d->predefined)
        return oml_error(NULL, MPI_ERR_TYPE, fn, "%s is predefined and cannot be freed",
                         d->name[0] != '\0' ? d->name : "a type made by MPI_Type_create_f90_*");
    oml_dtype_release(d);
    *datatype = MPI_DATATYPE_NULL;
    return MPI_SUCCESS;
}
OML_ALIAS(Type_free)

/* ---- queries ---- */

OML_API int PMPI_Type_size(MPI_Datatype datatype, int *size)
{
    oml_dtype_t *d;
    int rc = ty_get("MPI_Type_size", datatype, "datatype", &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (size == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Type_size", "size is NULL");
    *size = d->size > INT_MAX ? MPI_UNDEFINED : (int)d->size;
    return MPI_SUCCESS;
}
OML_ALIAS(Type_size)

static int ty_size(const char *fn, MPI_Datatype datatype, MPI_Count *size)
{
    oml_dtype_t *d;
    int rc = ty_get(fn, datatype, "datatype", &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (size == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "size is NULL");
    *size = (MPI_Count)d->size;
    return MPI_SUCCESS;
}

OML_API int PMPI_Type_size_x(MPI_Datatype datatype, MPI_Count *size)
{
    return ty_size("MPI_Type_size_x", datatype, size);
}
OML_ALIAS(Type_size_x)

OML_API int PMPI_Type_size_c(MPI_Datatype datatype, MPI_Count *size)
{
    return ty_size("MPI_Type_size_c", datatype, size);
}
OML_ALIAS(Type_size_c)

/* get_extent and get_true_extent, in both widths. */
static int ty_extent(const char *fn, MPI_Datatype datatype, bool true_extent, MPI_Count *lb,
                     MPI_Count *extent)
{
    oml_dtype_t *d;
    int rc = ty_get(fn, datatype, "datatype", &d);
    if (rc != MPI_SUCCESS)
        return rc;
    *lb = true_extent ? d->true_lb : d->lb;
    *extent = true_extent ? d->true_ub - d->true_lb : d->ub - d->lb;
    return MPI_SUCCESS;
}

#define TY_EXTENT_CALL(Name, T, true_extent)                                                       \
    OML_API int PMPI_##Name(MPI_Datatype datatype, T *lb, T *extent)                               \
    {                                                                                              \
        if (lb == NULL || extent == NULL)                                                          \
            return oml_error(NULL, MPI_ERR_ARG, "MPI_" #Name, "lb or extent is NULL");             \
        MPI_Count l, e;                                                                            \
        int rc = ty_extent("MPI_" #Name, datatype, true_extent, &l, &e);                           \
        if (rc == MPI_SUCCESS) {                                                                   \
            *lb = (T)l;                                                                            \
            *extent = (T)e;                                                                        \
        }                                                                                          \
        return rc;                                                                                 \
    }                                                                                              \
    OML_ALIAS(Name)

TY_EXTENT_CALL(Type_get_extent, MPI_Aint, false)
TY_EXTENT_CALL(Type_get_extent_x, MPI_Count, false)
TY_EXTENT_CALL(Type_get_true_extent, MPI_Aint, true)
TY_EXTENT_CALL(Type_get_true_extent_x, MPI_Count, true)
TY_EXTENT_CALL(Type_get_extent_c, MPI_Count, false)
TY_EXTENT_CALL(Type_get_true_extent_c, MPI_Count, true)

/* The int query calls on a type whose contents are large counts. */
static int ty_large_refused(const char *fn)
{
    return oml_error(NULL, MPI_ERR_TYPE, fn,
                     "the datatype was made by a large-count constructor with values past the "
                     "int range; use MPI_Type_get_envelope_c and MPI_Type_get_contents_c");
}

OML_API int PMPI_Type_get_envelope(MPI_Datatype datatype, int *num_integers, int *num_addresses,
                                   int *num_datatypes, int *combiner)
{
    static const char fn[] = "MPI_Type_get_envelope";
    oml_dtype_t *d;
    int rc = ty_get(fn, datatype, "datatype", &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (num_integers == NULL || num_addresses == NULL || num_datatypes == NULL || combiner == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "an output argument is NULL");
    if (d->nc > 0)
        return ty_large_refused(fn);
    *num_integers = d->ni;
    *num_addresses = d->na;
    *num_datatypes = d->nt;
    *combiner = d->combiner;
    return MPI_SUCCESS;
}
OML_ALIAS(Type_get_envelope)

OML_API int PMPI_Type_get_contents(MPI_Datatype datatype, int max_integers, int max_addresses,
                                   int max_datatypes, int array_of_integers[],
                                   MPI_Aint array_of_addresses[], MPI_Datatype array_of_datatypes[])
{
    static const char fn[] = "MPI_Type_get_contents";
    oml_dtype_t *d;
    int rc = ty_get(fn, datatype, "datatype", &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (d->combiner == MPI_COMBINER_NAMED)
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "%s is a named predefined type; it has no contents (check "
                         "MPI_Type_get_envelope's combiner first)",
                         d->name);
    if (d->nc > 0)
        return ty_large_refused(fn);
    if (max_integers < d->ni || max_addresses < d->na || max_datatypes < d->nt)
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "the arrays are too small: need %d integers, %d addresses, %d "
                         "datatypes (MPI_Type_get_envelope says so)",
                         d->ni, d->na, d->nt);
    if (d->ni > 0)
        memcpy(array_of_integers, d->ints, (size_t)d->ni * sizeof(int));
    if (d->na > 0)
        memcpy(array_of_addresses, d->aints, (size_t)d->na * sizeof(MPI_Aint));
    for (int i = 0; i < d->nt; i++) {
        array_of_datatypes[i] = d->types[i];
        oml_dtype_retain(oml_dtype_get(d->types[i])); /* the caller frees derived ones */
    }
    return MPI_SUCCESS;
}
OML_ALIAS(Type_get_contents)

OML_API int PMPI_Type_set_name(MPI_Datatype datatype, const char *type_name)
{
    static const char fn[] = "MPI_Type_set_name";
    oml_dtype_t *d;
    int rc = ty_get(fn, datatype, "datatype", &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (type_name == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "type_name is NULL");
    snprintf(d->namebuf, sizeof(d->namebuf), "%s", type_name);
    d->name = d->namebuf;
    return MPI_SUCCESS;
}
OML_ALIAS(Type_set_name)

OML_API int PMPI_Type_get_name(MPI_Datatype datatype, char *type_name, int *resultlen)
{
    static const char fn[] = "MPI_Type_get_name";
    oml_dtype_t *d;
    int rc = ty_get(fn, datatype, "datatype", &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (type_name == NULL || resultlen == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "type_name or resultlen is NULL");
    snprintf(type_name, MPI_MAX_OBJECT_NAME, "%s", d->name);
    *resultlen = (int)strlen(type_name);
    return MPI_SUCCESS;
}
OML_ALIAS(Type_get_name)

/* MPI-4.1 5.9.4: the pair types of MPI_MINLOC and MPI_MAXLOC, by (value, index) type. */
OML_API int PMPI_Type_get_value_index(MPI_Datatype value_type, MPI_Datatype index_type,
                                      MPI_Datatype *pair_type)
{
    static const char fn[] = "MPI_Type_get_value_index";
    static const struct {
        MPI_Datatype value, index, pair;
    } pairs[] = {
        {MPI_FLOAT, MPI_INT, MPI_FLOAT_INT},
        {MPI_DOUBLE, MPI_INT, MPI_DOUBLE_INT},
        {MPI_LONG, MPI_INT, MPI_LONG_INT},
        {MPI_INT, MPI_INT, MPI_2INT},
        {MPI_SHORT, MPI_INT, MPI_SHORT_INT},
        {MPI_LONG_DOUBLE, MPI_INT, MPI_LONG_DOUBLE_INT},
        {MPI_REAL, MPI_REAL, MPI_2REAL},
        {MPI_DOUBLE_PRECISION, MPI_DOUBLE_PRECISION, MPI_2DOUBLE_PRECISION},
        {MPI_INTEGER, MPI_INTEGER, MPI_2INTEGER},
    };
    oml_dtype_t *d;
    int rc = ty_get(fn, value_type, "value_type", &d);
    if (rc == MPI_SUCCESS)
        rc = ty_get(fn, index_type, "index_type", &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (pair_type == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "pair_type is NULL");
    *pair_type = MPI_DATATYPE_NULL; /* no predefined type for this pair */
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
        if (pairs[i].value == value_type && pairs[i].index == index_type)
            *pair_type = pairs[i].pair;
    }
    return MPI_SUCCESS;
}
OML_ALIAS(Type_get_value_index)

OML_API int PMPI_Get_address(const void *location, MPI_Aint *address)
{
    if (address == NULL)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Get_address", "address is NULL");
    *address = (MPI_Aint)location;
    return MPI_SUCCESS;
}
OML_ALIAS(Get_address)

OML_API MPI_Aint PMPI_Aint_add(MPI_Aint base, MPI_Aint disp)
{
    return (MPI_Aint)((uintptr_t)base + (uintptr_t)disp);
}
OML_ALIAS(Aint_add)

OML_API MPI_Aint PMPI_Aint_diff(MPI_Aint addr1, MPI_Aint addr2)
{
    return (MPI_Aint)((uintptr_t)addr1 - (uintptr_t)addr2);
}
OML_ALIAS(Aint_diff)

/* ---- pack and unpack: the native representation, no header ---- */

static int ty_pack_check(const char *fn, MPI_Datatype datatype, MPI_Count count, MPI_Comm comm,
                         oml_dtype_t **d_p, oml_comm_t **c_p)
{
    OML_CHECK_INIT(fn);
    oml_comm_t *c = oml_comm_get(comm);
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator");
    int rc = ty_get(fn, datatype, "datatype", d_p);
    if (rc != MPI_SUCCESS)
        return rc;
    if (!(*d_p)->committed)
        return oml_error(c, MPI_ERR_TYPE, fn, "the datatype is not committed (MPI_Type_commit)");
    if (count < 0)
        return oml_error(c, MPI_ERR_COUNT, fn, "count %lld is negative", (long long)count);
    *c_p = c;
    return MPI_SUCCESS;
}

/*
 * Whether need bytes fit at *position in the buffer of size bytes that pack writes or unpack
 * reads (native and external32 alike).
 */
static int ty_pack_room(const char *fn, oml_comm_t *c, bool pack, MPI_Count size,
                        const MPI_Count *position, size_t need)
{
    if (size < 0)
        return oml_error(c, MPI_ERR_COUNT, fn, "buffer size %lld is negative", (long long)size);
    if (position == NULL || *position < 0 || *position > size)
        return oml_error(c, MPI_ERR_ARG, fn, "position is NULL or outside 0..%lld",
                         (long long)size);
    if (need > (size_t)(size - *position))
        return oml_error(c, MPI_ERR_TRUNCATE, fn,
                         "%zu bytes to %s but only %lld left in %s (size %lld, position %lld)",
                         need, pack ? "pack" : "unpack", (long long)(size - *position),
                         pack ? "outbuf" : "inbuf", (long long)size, (long long)*position);
    return MPI_SUCCESS;
}

/* MPI_Pack and MPI_Unpack in MPI_Count; pack: inbuf to outbuf, else outbuf from inbuf. */
static int ty_pack(const char *fn, bool pack, const void *inbuf, MPI_Count insize, void *outbuf,
                   MPI_Count outsize, MPI_Count count, MPI_Datatype datatype, MPI_Count *position,
                   MPI_Comm comm)
{
    oml_dtype_t *d = NULL;
    oml_comm_t *c = NULL;
    int rc = ty_pack_check(fn, datatype, count, comm, &d, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    size_t need = (size_t)count * d->size;
    rc = ty_pack_room(fn, c, pack, pack ? outsize : insize, position, need);
    if (rc != MPI_SUCCESS)
        return rc;
    if (pack)
        oml_dt_pack(d, inbuf, (size_t)count, (unsigned char *)outbuf + *position);
    else
        oml_dt_unpack(d, outbuf, (size_t)count, (const unsigned char *)inbuf + *position, need);
    *position += (MPI_Count)need;
    return MPI_SUCCESS;
}

/* The int calls: the position goes through an MPI_Count and comes back below INT_MAX. */
static int ty_pack_int(const char *fn, bool pack, const void *inbuf, int insize, void *outbuf,
                       int outsize, int count, MPI_Datatype datatype, int *position, MPI_Comm comm)
{
    MPI_Count pos = position != NULL ? *position : 0;
    int rc = ty_pack(fn, pack, inbuf, insize, outbuf, outsize, count, datatype,
                     position != NULL ? &pos : NULL, comm);
    if (rc == MPI_SUCCESS)
        *position = (int)pos; /* at most the int buffer size */
    return rc;
}

OML_API int PMPI_Pack(const void *inbuf, int incount, MPI_Datatype datatype, void *outbuf,
                      int outsize, int *position, MPI_Comm comm)
{
    return ty_pack_int("MPI_Pack", true, inbuf, 0, outbuf, outsize, incount, datatype, position,
                       comm);
}
OML_ALIAS(Pack)

OML_API int PMPI_Pack_c(const void *inbuf, MPI_Count incount, MPI_Datatype datatype, void *outbuf,
                        MPI_Count outsize, MPI_Count *position, MPI_Comm comm)
{
    return ty_pack("MPI_Pack_c", true, inbuf, 0, outbuf, outsize, incount, datatype, position,
                   comm);
}
OML_ALIAS(Pack_c)

OML_API int PMPI_Unpack(const void *inbuf, int insize, int *position, void *outbuf, int outcount,
                        MPI_Datatype datatype, MPI_Comm comm)
{
    return ty_pack_int("MPI_Unpack", false, inbuf, insize, outbuf, 0, outcount, datatype, position,
                       comm);
}
OML_ALIAS(Unpack)

OML_API int PMPI_Unpack_c(const void *inbuf, MPI_Count insize, MPI_Count *position, void *outbuf,
                          MPI_Count outcount, MPI_Datatype datatype, MPI_Comm comm)
{
    return ty_pack("MPI_Unpack_c", false, inbuf, insize, outbuf, 0, outcount, datatype, position,
                   comm);
}
OML_ALIAS(Unpack_c)

static int ty_pack_size(const char *fn, MPI_Count incount, MPI_Datatype datatype, MPI_Comm comm,
                        MPI_Count *size)
{
    OML_CHECK_INIT(fn);
    oml_comm_t *c = oml_comm_get(comm);
    if (c == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator");
    oml_dtype_t *d;
    int rc = ty_get(fn, datatype, "datatype", &d);
    if (rc != MPI_SUCCESS)
        return rc;
    if (incount < 0 || size == NULL)
        return oml_error(c, MPI_ERR_ARG, fn, "incount is negative or size is NULL");
    *size = (MPI_Count)((size_t)incount * d->size);
    return MPI_SUCCESS;
}

OML_API int PMPI_Pack_size(int incount, MPI_Datatype datatype, MPI_Comm comm, int *size)
{
    MPI_Count n = 0;
    int rc = ty_pack_size("MPI_Pack_size", incount, datatype, comm, size != NULL ? &n : NULL);
    if (rc == MPI_SUCCESS)
        *size = n > INT_MAX ? MPI_UNDEFINED : (int)n;
    return rc;
}
OML_ALIAS(Pack_size)

OML_API int PMPI_Pack_size_c(MPI_Count incount, MPI_Datatype datatype, MPI_Comm comm,
                             MPI_Count *size)
{
    return ty_pack_size("MPI_Pack_size_c", incount, datatype, comm, size);
}
OML_ALIAS(Pack_size_c)

/* ---- pack and unpack: "external32" ---- */

/* Checks the representation and the datatype; the external32 size of one element. */
static int ty_x32_check(const char *fn, const char *datarep, MPI_Datatype datatype, MPI_Count count,
                        oml_dtype_t **d_p, size_t *elem)
{
    OML_CHECK_INIT(fn);
    if (datarep == NULL || strcmp(datarep, "external32") != 0)
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "datarep \"%s\" is not known: the only one is \"external32\"",
                         datarep != NULL ? datarep : "(null)");
    int rc = ty_get(fn, datatype, "datatype", d_p);
    if (rc != MPI_SUCCESS)
        return rc;
    if (count < 0)
        return oml_error(NULL, MPI_ERR_COUNT, fn, "count %lld is negative", (long long)count);
    oml_x32_t bad = OML_X32_COUNT;
    *elem = oml_dt_x32_size(*d_p, &bad);
    if (bad != OML_X32_COUNT)
        return oml_error(NULL, MPI_ERR_TYPE, fn,
                         "the datatype holds %s, which has no external32 form on this machine",
                         oml_dt_x32_name(bad));
    return MPI_SUCCESS;
}

static int ty_pack_x32(const char *fn, bool pack, const char *datarep, const void *inbuf,
                       MPI_Count insize, void *outbuf, MPI_Count outsize, MPI_Count count,
                       MPI_Datatype datatype, MPI_Count *position)
{
    oml_dtype_t *d = NULL;
    size_t elem = 0;
    int rc = ty_x32_check(fn, datarep, datatype, count, &d, &elem);
    if (rc != MPI_SUCCESS)
        return rc;
    if (!d->committed)
        return oml_error(NULL, MPI_ERR_TYPE, fn, "the datatype is not committed (MPI_Type_commit)");
    size_t need = (size_t)count * elem;
    rc = ty_pack_room(fn, NULL, pack, pack ? outsize : insize, position, need);
    if (rc != MPI_SUCCESS)
        return rc;
    if (pack) {
        oml_x32_t bad =
            oml_dt_x32_pack(d, inbuf, (size_t)count, (unsigned char *)outbuf + *position);
        if (bad != OML_X32_COUNT)
            return oml_error(NULL, MPI_ERR_CONVERSION, fn,
                             "a value of C type %s does not fit the %s bytes external32 gives "
                             "it; position is left at %lld",
                             oml_dt_x32_name(bad), bad == OML_X32_WCHAR ? "2" : "4",
                             (long long)*position);
    } else {
        oml_dt_x32_unpack(d, outbuf, (size_t)count, (const unsigned char *)inbuf + *position);
    }
    *position += (MPI_Count)need;
    return MPI_SUCCESS;
}

/* The MPI_Aint calls go through MPI_Count (the same width here). */
static int ty_pack_x32_aint(const char *fn, bool pack, const char *datarep, const void *inbuf,
                            MPI_Aint insize, void *outbuf, MPI_Aint outsize, int count,
                            MPI_Datatype datatype, MPI_Aint *position)
{
    MPI_Count pos = position != NULL ? *position : 0;
    int rc = ty_pack_x32(fn, pack, datarep, inbuf, insize, outbuf, outsize, count, datatype,
                         position != NULL ? &pos : NULL);
    if (rc == MPI_SUCCESS)
        *position = (MPI_Aint)pos;
    return rc;
}

OML_API int PMPI_Pack_external(const char *datarep, const void *inbuf, int incount,
                               MPI_Datatype datatype, void *outbuf, MPI_Aint outsize,
                               MPI_Aint *position)
{
    return ty_pack_x32_aint("MPI_Pack_external", true, datarep, inbuf, 0, outbuf, outsize, incount,
                            datatype, position);
}
OML_ALIAS(Pack_external)

OML_API int PMPI_Pack_external_c(const char *datarep, const void *inbuf, MPI_Count incount,
                                 MPI_Datatype datatype, void *outbuf, MPI_Count outsize,
                                 MPI_Count *position)
{
    return ty_pack_x32("MPI_Pack_external_c", true, datarep, inbuf, 0, outbuf, outsize, incount,
                       datatype, position);
}
OML_ALIAS(Pack_external_c)

OML_API int PMPI_Unpack_external(const char *datarep, const void *inbuf, MPI_Aint insize,
                                 MPI_Aint *position, void *outbuf, int outcount,
                                 MPI_Datatype datatype)
{
    return ty_pack_x32_aint("MPI_Unpack_external", false, datarep, inbuf, insize, outbuf, 0,
                            outcount, datatype, position);
}
OML_ALIAS(Unpack_external)

OML_API int PMPI_Unpack_external_c(const char *datarep, const void *inbuf, MPI_Count insize,
                                   MPI_Count *position, void *outbuf, MPI_Count outcount,
                                   MPI_Datatype datatype)
{
    return ty_pack_x32("MPI_Unpack_external_c", false, datarep, inbuf, insize, outbuf, 0, outcount,
                       datatype, position);
}
OML_ALIAS(Unpack_external_c)

static int ty_x32_size(const char *fn, const char *datarep, MPI_Count incount,
                       MPI_Datatype datatype, MPI_Count *size)
{
    oml_dtype_t *d = NULL;
    size_t elem = 0;
    int rc = ty_x32_check(fn, datarep, datatype, incount, &d, &elem);
    if (rc != MPI_SUCCESS)
        return rc;
    if (size == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "size is NULL");
    *size = (MPI_Count)((size_t)incount * elem);
    return MPI_SUCCESS;
}

OML_API int PMPI_Pack_external_size(const char *datarep, int incount, MPI_Datatype datatype,
                                    MPI_Aint *size)
{
    MPI_Count n = 0;
    int rc =
        ty_x32_size("MPI_Pack_external_size", datarep, incount, datatype, size != NULL ? &n : NULL);
    if (rc == MPI_SUCCESS)
        *size = (MPI_Aint)n;
    return rc;
}
OML_ALIAS(Pack_external_size)

OML_API int PMPI_Pack_external_size_c(const char *datarep, MPI_Count incount, MPI_Datatype datatype,
                                      MPI_Count *size)
{
    return ty_x32_size("MPI_Pack_external_size_c", datarep, incount, datatype, size);
}
OML_ALIAS(Pack_external_size_c)

/* ---- size-specific types (Fortran's KIND parameters) ---- */

/* The Fortran types of each class by size in bytes, as gfortran lays them out. */
static MPI_Datatype ty_sized(int typeclass, int size)
{
    switch (typeclass) {
    case MPI_TYPECLASS_REAL:
        return size == 4    ? MPI_REAL4
               : size == 8  ? MPI_REAL8
               : size == 16 ? MPI_REAL16
                            : MPI_DATATYPE_NULL;
    case MPI_TYPECLASS_INTEGER:
        return size == 1    ? MPI_INTEGER1
               : size == 2  ? MPI_INTEGER2
               : size == 4  ? MPI_INTEGER4
               : size == 8  ? MPI_INTEGER8
               : size == 16 ? MPI_INTEGER16
                            : MPI_DATATYPE_NULL;
    case MPI_TYPECLASS_COMPLEX:
        return size == 8    ? MPI_COMPLEX8
               : size == 16 ? MPI_COMPLEX16
               : size == 32 ? MPI_COMPLEX32
                            : MPI_DATATYPE_NULL;
    }
    return MPI_DATATYPE_NULL;
}

OML_API int PMPI_Type_match_size(int typeclass, int size, MPI_Datatype *datatype)
{
    static const char fn[] = "MPI_Type_match_size";
    OML_CHECK_INIT(fn);
    if (datatype == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "datatype is NULL");
    if (typeclass < MPI_TYPECLASS_REAL || typeclass > MPI_TYPECLASS_COMPLEX)
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "typeclass is %d; give MPI_TYPECLASS_REAL, MPI_TYPECLASS_INTEGER or "
                         "MPI_TYPECLASS_COMPLEX",
                         typeclass);
    MPI_Datatype t = ty_sized(typeclass, size);
    if (t == MPI_DATATYPE_NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "no %s type is %d bytes long (sizes: %s)",
                         typeclass == MPI_TYPECLASS_REAL      ? "REAL"
                         : typeclass == MPI_TYPECLASS_INTEGER ? "INTEGER"
                                                              : "COMPLEX",
                         size,
                         typeclass == MPI_TYPECLASS_REAL      ? "4, 8, 16"
                         : typeclass == MPI_TYPECLASS_INTEGER ? "1, 2, 4, 8, 16"
                                                              : "8, 16, 32");
    *datatype = t;
    return MPI_SUCCESS;
}
OML_ALIAS(Type_match_size)

/*
 * MPI_Type_create_f90_*: the type of the KIND that SELECTED_REAL_KIND(p, r) or
 * SELECTED_INT_KIND(r) gives with gfortran. The standard makes these predefined but unnamed
 * types whose envelope tells the combiner and (p, r): one object per (combiner, p, r), made at
 * the first call, never freed (MPI_Type_free refuses it, as for every predefined type).
 */
#define TY_F90_MAX 64
static struct {
    int combiner, p, r;
    oml_dtype_t *d;
} ty_f90_cache[TY_F90_MAX];
static int ty_f90_n;

static int ty_f90(const char *fn, int combiner, int p, int r, MPI_Datatype base,
                  MPI_Datatype *newtype)
{
    for (int i = 0; i < ty_f90_n; i++) {
        if (ty_f90_cache[i].combiner == combiner && ty_f90_cache[i].p == p &&
            ty_f90_cache[i].r == r) {
            *newtype = (MPI_Datatype)ty_f90_cache[i].d;
            return MPI_SUCCESS;
        }
    }
    if (ty_f90_n == TY_F90_MAX)
        return oml_error(NULL, MPI_ERR_INTERN, fn,
                         "more than %d different (p, r) pairs asked for; ompi-lite keeps at most "
                         "that many",
                         TY_F90_MAX);
    const oml_dtype_t *old = oml_dtype_get(base);
    oml_dtype_t *t = oml_dt_copy_layout(old, combiner, old->lb, old->ub);
    int ints[2] = {combiner == MPI_COMBINER_F90_INTEGER ? r : p, r};
    int rc = ty_finish(fn, t, combiner == MPI_COMBINER_F90_INTEGER ? 1 : 2, ints, 0, NULL, 0, NULL,
                       newtype);
    if (rc != MPI_SUCCESS)
        return rc;
    t->committed = true;
    t->predefined = true;
    ty_f90_cache[ty_f90_n].combiner = combiner;
    ty_f90_cache[ty_f90_n].p = p;
    ty_f90_cache[ty_f90_n].r = r;
    ty_f90_cache[ty_f90_n++].d = t;
    return MPI_SUCCESS;
}

/*
 * The REAL (complex: COMPLEX) type of SELECTED_REAL_KIND(p, r) (MPI_UNDEFINED: not given), or
 * MPI_DATATYPE_NULL. On x86 gfortran has the 80-bit extended KIND=10, C's long double.
 */
static MPI_Datatype ty_real_kind(int p, int r, bool complex)
{
    static const struct {
        int p, r;
        MPI_Datatype real, cplx;
    } kinds[] = {
        {6, 37, MPI_REAL4, MPI_COMPLEX8},
        {15, 307, MPI_REAL8, MPI_COMPLEX16},
#if defined(__x86_64__) || defined(__i386__)
        {18, 4931, MPI_LONG_DOUBLE, MPI_C_LONG_DOUBLE_COMPLEX},
#endif
        {33, 4931, MPI_REAL16, MPI_COMPLEX32},
    };
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        if ((p == MPI_UNDEFINED || p <= kinds[i].p) && (r == MPI_UNDEFINED || r <= kinds[i].r))
            return complex ? kinds[i].cplx : kinds[i].real;
    }
    return MPI_DATATYPE_NULL;
}

static int ty_f90_real(const char *fn, int combiner, int p, int r, MPI_Datatype *newtype)
{
    OML_CHECK_INIT(fn);
    int rc = ty_check_out(fn, newtype);
    if (rc != MPI_SUCCESS)
        return rc;
    if ((p == MPI_UNDEFINED && r == MPI_UNDEFINED) || (p < 0 && p != MPI_UNDEFINED) ||
        (r < 0 && r != MPI_UNDEFINED))
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "p = %d and r = %d: give a precision and/or a range >= 0 (at most one "
                         "of them MPI_UNDEFINED)",
                         p, r);
    MPI_Datatype base = ty_real_kind(p, r, combiner == MPI_COMBINER_F90_COMPLEX);
    if (base == MPI_DATATYPE_NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "no REAL kind has precision %d and range %d (the largest: precision "
                         "33, range 4931)",
                         p, r);
    return ty_f90(fn, combiner, p, r, base, newtype);
}

OML_API int PMPI_Type_create_f90_real(int p, int r, MPI_Datatype *newtype)
{
    return ty_f90_real("MPI_Type_create_f90_real", MPI_COMBINER_F90_REAL, p, r, newtype);
}
OML_ALIAS(Type_create_f90_real)

OML_API int PMPI_Type_create_f90_complex(int p, int r, MPI_Datatype *newtype)
{
    return ty_f90_real("MPI_Type_create_f90_complex", MPI_COMBINER_F90_COMPLEX, p, r, newtype);
}
OML_ALIAS(Type_create_f90_complex)

OML_API int PMPI_Type_create_f90_integer(int r, MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_create_f90_integer";
    OML_CHECK_INIT(fn);
    int rc = ty_check_out(fn, newtype);
    if (rc != MPI_SUCCESS)
        return rc;
    /* SELECTED_INT_KIND(r): the smallest integer holding -10^r < n < 10^r */
    int bytes = r < 0 ? 0 : r <= 2 ? 1 : r <= 4 ? 2 : r <= 9 ? 4 : r <= 18 ? 8 : r <= 38 ? 16 : 0;
    if (bytes == 0)
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "r = %d: no INTEGER kind has that range (give 0 to 38)", r);
    return ty_f90(fn, MPI_COMBINER_F90_INTEGER, MPI_UNDEFINED, r,
                  ty_sized(MPI_TYPECLASS_INTEGER, bytes), newtype);
}
OML_ALIAS(Type_create_f90_integer)

/*
 * ---- constructors and contents with large counts (MPI-4.0) ----
 *
 * The _c constructors build the same type maps as the int ones. Given values that fit an int,
 * they go through the int constructors' bodies and the type reports its contents as the int
 * constructor's (MPI_Type_get_envelope_c says no large counts), so that every query works on it.
 * Given a count, block length, stride or element displacement past the int range, ty_c_large
 * builds the type from the MPI_Count values themselves and records them as large counts, in the
 * order of the standard's table for the large-count constructors; the int query calls refuse
 * such a type (MPI_ERR_TYPE, naming the _c ones). Subarray and darray take int-sized values
 * only (MPI_ERR_COUNT otherwise).
 */

static bool ty_c_fits(MPI_Count v)
{
    return v >= INT_MIN && v <= INT_MAX;
}

/* Whether n values of v (NULL: none) all fit an int. */
static bool ty_c_all_fit(MPI_Count n, const MPI_Count *v)
{
    for (MPI_Count i = 0; v != NULL && i < n; i++) {
        if (!ty_c_fits(v[i]))
            return false;
    }
    return true;
}

/*
 * The large-count path. Block i is blens[i] (or blen) elements of oldtype (types[i] for struct)
 * at displs[i] bytes (hindexed, hindexed_block, struct) or old extents (indexed, indexed_block),
 * or at i * stride bytes (hvector) or old extents (vector); contiguous is one block of count.
 */
static int ty_c_large(const char *fn, int combiner, MPI_Count count, const MPI_Count *blens,
                      MPI_Count blen, const MPI_Count *displs, MPI_Count stride,
                      MPI_Datatype oldtype, const MPI_Datatype *types, MPI_Datatype *newtype)
{
    bool vec = combiner == MPI_COMBINER_VECTOR || combiner == MPI_COMBINER_HVECTOR;
    bool block = combiner == MPI_COMBINER_INDEXED_BLOCK || combiner == MPI_COMBINER_HINDEXED_BLOCK;
    bool lists = !vec && combiner != MPI_COMBINER_CONTIGUOUS; /* displs (and blens unless block) */
    bool strukt = combiner == MPI_COMBINER_STRUCT;
    if (count < 0)
        return oml_error(NULL, MPI_ERR_COUNT, fn, "count is %lld; it must be >= 0",
                         (long long)count);
    if ((vec || block) && blen < 0)
        return oml_error(NULL, MPI_ERR_COUNT, fn, "blocklength is %lld; it must be >= 0",
                         (long long)blen);
    if (lists && count > 0 && (displs == NULL || (!block && blens == NULL)))
        return oml_error(NULL, MPI_ERR_ARG, fn, "the block length or displacement array is NULL");
    for (MPI_Count i = 0; lists && !block && i < count; i++) {
        if (blens[i] < 0)
            return oml_error(NULL, MPI_ERR_ARG, fn,
                             "array_of_blocklengths[%lld] is %lld; it must be >= 0", (long long)i,
                             (long long)blens[i]);
    }
    if (strukt && count > INT_MAX)
        return oml_error(NULL, MPI_ERR_COUNT, fn,
                         "count is %lld; a struct type takes at most %d member types",
                         (long long)count, INT_MAX);
    if (strukt && count > 0 && types == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "array_of_types is NULL");
    oml_dtype_t *old = NULL;
    int rc = MPI_SUCCESS;
    for (MPI_Count i = 0; strukt && rc == MPI_SUCCESS && i < count; i++) {
        char what[48];
        snprintf(what, sizeof(what), "array_of_types[%lld]", (long long)i);
        rc = ty_get(fn, types[i], what, &old);
    }
    if (rc == MPI_SUCCESS && !strukt)
        rc = ty_get(fn, oldtype, "oldtype", &old);
    if (rc == MPI_SUCCESS)
        rc = ty_check_out(fn, newtype);
    if (rc != MPI_SUCCESS)
        return rc;

    /* the contents: count, then the block length(s) or stride, then displacements */
    MPI_Count nc =
        1 + (vec ? 2 : 0) + (block ? 1 : 0) + (lists && !block ? count : 0) + (lists ? count : 0);
    MPI_Count *counts = malloc((size_t)nc * sizeof(MPI_Count));
    oml_dt_builder_t b;
    if (counts == NULL || !oml_dt_build_begin(&b, combiner)) {
        free(counts);
        return ty_nomem(fn);
    }
    MPI_Count k = 0;
    counts[k++] = count;
    if (vec) {
        counts[k++] = blen;
        counts[k++] = stride;
    } else if (block) {
        counts[k++] = blen;
    } else if (lists) {
        memcpy(&counts[k], blens, (size_t)count * sizeof(MPI_Count));
        k += count;
    }
    if (lists)
        memcpy(&counts[k], displs, (size_t)count * sizeof(MPI_Count));

    MPI_Aint ext = strukt ? 1 : oml_dt_extent(old);
    bool in_bytes = combiner == MPI_COMBINER_HVECTOR || combiner == MPI_COMBINER_HINDEXED ||
                    combiner == MPI_COMBINER_HINDEXED_BLOCK || strukt;
    if (combiner == MPI_COMBINER_CONTIGUOUS) {
        oml_dt_build_append(&b, old, 0, (size_t)count);
    } else {
        for (MPI_Count i = 0; i < count; i++) {
            MPI_Aint d = (MPI_Aint)(vec ? i * stride : displs[i]) * (in_bytes ? 1 : ext);
            const oml_dtype_t *o = strukt ? oml_dtype_get(types[i]) : old;
            oml_dt_build_append(&b, o, d, (size_t)(vec || block ? blen : blens[i]));
        }
    }
    oml_dtype_t *t = oml_dt_build_end(&b);
    int nt = strukt ? (int)count : 1;
    rc = ty_finish(fn, t, 0, NULL, 0, NULL, nt, strukt ? types : &oldtype, newtype);
    if (rc != MPI_SUCCESS) {
        free(counts);
        return rc;
    }
    t->counts = counts;
    t->nc = nc;
    return MPI_SUCCESS;
}

/* v as an int, or an error naming what. */
static int ty_c_int(const char *fn, MPI_Count v, const char *what, int *out)
{
    if (v < INT_MIN || v > INT_MAX)
        return oml_error(NULL, MPI_ERR_COUNT, fn,
                         "%s is %lld; ompi-lite's datatype constructors take values that fit an "
                         "int",
                         what, (long long)v);
    *out = (int)v;
    return MPI_SUCCESS;
}

/* The first n values of v as ints (or MPI_Aints when aints), in a new array; NULL with *rc
 * set when one does not fit or memory is short, NULL with MPI_SUCCESS when v is NULL. */
static void *ty_c_array(const char *fn, MPI_Count n, const MPI_Count *v, const char *what,
                        bool aints, int *rc)
{
    *rc = MPI_SUCCESS;
    if (v == NULL)
        return NULL;
    size_t len = n > 0 ? (size_t)n : 0;
    void *out = malloc((len > 0 ? len : 1) * (aints ? sizeof(MPI_Aint) : sizeof(int)));
    if (out == NULL) {
        *rc = ty_nomem(fn);
        return NULL;
    }
    for (size_t i = 0; *rc == MPI_SUCCESS && i < len; i++) {
        if (aints) {
            ((MPI_Aint *)out)[i] = (MPI_Aint)v[i];
        } else if (v[i] >= INT_MIN && v[i] <= INT_MAX) {
            ((int *)out)[i] = (int)v[i];
        } else {
            char name[64];
            snprintf(name, sizeof(name), "%s[%zu]", what, i);
            *rc = ty_c_int(fn, v[i], name, &((int *)out)[i]);
        }
    }
    if (*rc != MPI_SUCCESS) {
        free(out);
        return NULL;
    }
    return out;
}

OML_API int PMPI_Type_contiguous_c(MPI_Count count, MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_contiguous_c";
    if (!ty_c_fits(count))
        return ty_c_large(fn, MPI_COMBINER_CONTIGUOUS, count, NULL, 0, NULL, 0, oldtype, NULL,
                          newtype);
    return ty_contiguous(fn, (int)count, oldtype, newtype);
}
OML_ALIAS(Type_contiguous_c)

OML_API int PMPI_Type_vector_c(MPI_Count count, MPI_Count blocklength, MPI_Count stride,
                               MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_vector_c";
    if (!ty_c_fits(count) || !ty_c_fits(blocklength) || !ty_c_fits(stride))
        return ty_c_large(fn, MPI_COMBINER_VECTOR, count, NULL, blocklength, NULL, stride, oldtype,
                          NULL, newtype);
    return ty_vector(fn, MPI_COMBINER_VECTOR, (int)count, (int)blocklength, (int)stride, oldtype,
                     newtype, 1);
}
OML_ALIAS(Type_vector_c)

OML_API int PMPI_Type_create_hvector_c(MPI_Count count, MPI_Count blocklength, MPI_Count stride,
                                       MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_create_hvector_c";
    if (!ty_c_fits(count) || !ty_c_fits(blocklength))
        return ty_c_large(fn, MPI_COMBINER_HVECTOR, count, NULL, blocklength, NULL, stride, oldtype,
                          NULL, newtype);
    return ty_vector(fn, MPI_COMBINER_HVECTOR, (int)count, (int)blocklength, (MPI_Aint)stride,
                     oldtype, newtype, 0);
}
OML_ALIAS(Type_create_hvector_c)

/*
 * indexed, hindexed, indexed_block, hindexed_block and struct: blens (NULL for the block forms,
 * which have blocklength) and displacements converted, then the int constructors' bodies; values
 * past the int range go the large-count path.
 */
static int ty_c_indexed(const char *fn, int combiner, MPI_Count count, const MPI_Count *blens,
                        MPI_Count blocklength, const MPI_Count *displs, MPI_Datatype oldtype,
                        const MPI_Datatype *types, MPI_Datatype *newtype)
{
    bool bytes = combiner != MPI_COMBINER_INDEXED && combiner != MPI_COMBINER_INDEXED_BLOCK;
    if (!ty_c_fits(count) || (blens == NULL && !ty_c_fits(blocklength)) ||
        (count > 0 && (!ty_c_all_fit(count, blens) || (!bytes && !ty_c_all_fit(count, displs)))))
        return ty_c_large(fn, combiner, count, blens, blocklength, displs, 0, oldtype, types,
                          newtype);
    int n = (int)count, b = (int)blocklength, rc;
    int *ib = ty_c_array(fn, count, blens, "array_of_blocklengths", false, &rc);
    void *d = rc == MPI_SUCCESS
                  ? ty_c_array(fn, count, displs, "array_of_displacements", bytes, &rc)
                  : NULL;
    if (rc == MPI_SUCCESS && combiner == MPI_COMBINER_STRUCT)
        rc = ty_struct(fn, n, ib, d, types, newtype);
    else if (rc == MPI_SUCCESS)
        rc = ty_indexed(fn, combiner, n, ib, b, bytes ? NULL : d, bytes ? d : NULL, oldtype,
                        newtype);
    free(ib);
    free(d);
    return rc;
}

OML_API int PMPI_Type_indexed_c(MPI_Count count, const MPI_Count array_of_blocklengths[],
                                const MPI_Count array_of_displacements[], MPI_Datatype oldtype,
                                MPI_Datatype *newtype)
{
    return ty_c_indexed("MPI_Type_indexed_c", MPI_COMBINER_INDEXED, count, array_of_blocklengths, 0,
                        array_of_displacements, oldtype, NULL, newtype);
}
OML_ALIAS(Type_indexed_c)

OML_API int PMPI_Type_create_hindexed_c(MPI_Count count, const MPI_Count array_of_blocklengths[],
                                        const MPI_Count array_of_displacements[],
                                        MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    return ty_c_indexed("MPI_Type_create_hindexed_c", MPI_COMBINER_HINDEXED, count,
                        array_of_blocklengths, 0, array_of_displacements, oldtype, NULL, newtype);
}
OML_ALIAS(Type_create_hindexed_c)

OML_API int PMPI_Type_create_indexed_block_c(MPI_Count count, MPI_Count blocklength,
                                             const MPI_Count array_of_displacements[],
                                             MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    return ty_c_indexed("MPI_Type_create_indexed_block_c", MPI_COMBINER_INDEXED_BLOCK, count, NULL,
                        blocklength, array_of_displacements, oldtype, NULL, newtype);
}
OML_ALIAS(Type_create_indexed_block_c)

OML_API int PMPI_Type_create_hindexed_block_c(MPI_Count count, MPI_Count blocklength,
                                              const MPI_Count array_of_displacements[],
                                              MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    return ty_c_indexed("MPI_Type_create_hindexed_block_c", MPI_COMBINER_HINDEXED_BLOCK, count,
                        NULL, blocklength, array_of_displacements, oldtype, NULL, newtype);
}
OML_ALIAS(Type_create_hindexed_block_c)

OML_API int PMPI_Type_create_struct_c(MPI_Count count, const MPI_Count array_of_blocklengths[],
                                      const MPI_Count array_of_displacements[],
                                      const MPI_Datatype array_of_types[], MPI_Datatype *newtype)
{
    return ty_c_indexed("MPI_Type_create_struct_c", MPI_COMBINER_STRUCT, count,
                        array_of_blocklengths, 0, array_of_displacements, MPI_DATATYPE_NULL,
                        array_of_types, newtype);
}
OML_ALIAS(Type_create_struct_c)

OML_API int PMPI_Type_create_subarray_c(int ndims, const MPI_Count array_of_sizes[],
                                        const MPI_Count array_of_subsizes[],
                                        const MPI_Count array_of_starts[], int order,
                                        MPI_Datatype oldtype, MPI_Datatype *newtype)
{
    static const char fn[] = "MPI_Type_create_subarray_c";
    int rc;
    int *sz = ty_c_array(fn, ndims, array_of_sizes, "array_of_sizes", false, &rc);
    int *sub =
        rc ? NULL : ty_c_array(fn, ndims, array_of_subsizes, "array_of_subsizes", false, &rc);
    int *st = rc ? NULL : ty_c_array(fn, ndims, array_of_starts, "array_of_starts", false, &rc);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Type_create_subarray(ndims, sz, sub, st, order, oldtype, newtype);
    free(sz);
    free(sub);
    free(st);
    return rc;
}
OML_ALIAS(Type_create_subarray_c)

OML_API int PMPI_Type_create_darray_c(int size, int rank, int ndims,
                                      const MPI_Count array_of_gsizes[],
                                      const int array_of_distribs[], const int array_of_dargs[],
                                      const int array_of_psizes[], int order, MPI_Datatype oldtype,
                                      MPI_Datatype *newtype)
{
    int rc;
    int *gs = ty_c_array("MPI_Type_create_darray_c", ndims, array_of_gsizes, "array_of_gsizes",
                         false, &rc);
    if (rc == MPI_SUCCESS)
        rc = PMPI_Type_create_darray(size, rank, ndims, gs, array_of_distribs, array_of_dargs,
                                     array_of_psizes, order, oldtype, newtype);
    free(gs);
    return rc;
}
OML_ALIAS(Type_create_darray_c)

OML_API int PMPI_Type_create_resized_c(MPI_Datatype oldtype, MPI_Count lb, MPI_Count extent,
                                       MPI_Datatype *newtype)
{
    return PMPI_Type_create_resized(oldtype, (MPI_Aint)lb, (MPI_Aint)extent, newtype);
}
OML_ALIAS(Type_create_resized_c)

OML_API int PMPI_Type_get_envelope_c(MPI_Datatype datatype, MPI_Count *num_integers,
                                     MPI_Count *num_addresses, MPI_Count *num_large_counts,
                                     MPI_Count *num_datatypes, int *combiner)
{
    static const char fn[] = "MPI_Type_get_envelope_c";
    int ni = 0, na = 0, nt = 0;
    if (num_large_counts == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "num_large_counts is NULL");
    oml_dtype_t *d = oml_dtype_get(datatype);
    if (d != NULL && d->nc > 0) {
        if (num_integers == NULL || num_addresses == NULL || num_datatypes == NULL ||
            combiner == NULL)
            return oml_error(NULL, MPI_ERR_ARG, fn, "an output argument is NULL");
        *num_integers = 0;
        *num_addresses = 0;
        *num_large_counts = d->nc;
        *num_datatypes = d->nt;
        *combiner = d->combiner;
        return MPI_SUCCESS;
    }
    int rc = PMPI_Type_get_envelope(datatype, num_integers != NULL ? &ni : NULL,
                                    num_addresses != NULL ? &na : NULL,
                                    num_datatypes != NULL ? &nt : NULL, combiner);
    if (rc == MPI_SUCCESS) {
        *num_integers = ni;
        *num_addresses = na;
        *num_large_counts = 0;
        *num_datatypes = nt;
    }
    return rc;
}
OML_ALIAS(Type_get_envelope_c)

OML_API int PMPI_Type_get_contents_c(MPI_Datatype datatype, MPI_Count max_integers,
                                     MPI_Count max_addresses, MPI_Count max_large_counts,
                                     MPI_Count max_datatypes, int array_of_integers[],
                                     MPI_Aint array_of_addresses[],
                                     MPI_Count array_of_large_counts[],
                                     MPI_Datatype array_of_datatypes[])
{
    static const char fn[] = "MPI_Type_get_contents_c";
    oml_dtype_t *d = oml_dtype_get(datatype);
    if (d != NULL && d->nc > 0) {
        if (max_large_counts < d->nc || max_datatypes < d->nt)
            return oml_error(NULL, MPI_ERR_ARG, fn,
                             "the arrays are too small: need %lld large counts and %d datatypes "
                             "(MPI_Type_get_envelope_c says so)",
                             (long long)d->nc, d->nt);
        memcpy(array_of_large_counts, d->counts, (size_t)d->nc * sizeof(MPI_Count));
        for (int i = 0; i < d->nt; i++) {
            array_of_datatypes[i] = d->types[i];
            oml_dtype_retain(oml_dtype_get(d->types[i])); /* the caller frees derived ones */
        }
        return MPI_SUCCESS;
    }
    (void)max_large_counts, (void)array_of_large_counts; /* none: see above */
#define TY_CLAMP(v) ((v) > INT_MAX ? INT_MAX : (v) < 0 ? -1 : (int)(v))
    return PMPI_Type_get_contents(datatype, TY_CLAMP(max_integers), TY_CLAMP(max_addresses),
                                  TY_CLAMP(max_datatypes), array_of_integers, array_of_addresses,
                                  array_of_datatypes);
#undef TY_CLAMP
}
OML_ALIAS(Type_get_contents_c)
