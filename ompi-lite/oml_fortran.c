/*
 * oml_fortran.c: the hand-written part of the Fortran bindings: Fortran integer handles and
 * the C interoperability API (MPI_Comm_f2c, ...), the sentinels' storage, string and logical
 * conversions, and the routines whose Fortran form the generator cannot derive from mpi.h:
 * MPI_Init, callbacks (user ops, error handlers, attribute copy/delete functions and the
 * predefined ones), attribute values, MPI_Alloc_mem, MPI_Info_get(_string),
 * MPI_Pcontrol, and the window routines with such parameters. Everything else is generated
 * (ompi-lite/fortran/gen-fortran.py).
 */
#define OML_ENTRY_NO_RENAME /* entry points: they call the locking PMPI_<name> */
#include "oml_fortran.h"

#include <limits.h>

#include <stdlib.h>
#include <string.h>

OML_F_API MPI_Fint mpi_fortran_bottom_;
OML_F_API MPI_Fint mpi_fortran_in_place_;
OML_F_API MPI_Fint mpi_fortran_buffer_automatic_;
OML_F_API MPI_Fint mpi_fortran_status_ignore_[MPI_F_STATUS_SIZE];
OML_F_API MPI_Fint mpi_fortran_statuses_ignore_[MPI_F_STATUS_SIZE];
OML_F_API MPI_Fint mpi_fortran_errcodes_ignore_[1];
OML_F_API MPI_Fint mpi_fortran_unweighted_[1];
OML_F_API MPI_Fint mpi_fortran_weights_empty_[1];
OML_F_API char mpi_fortran_argv_null_[1];
OML_F_API char mpi_fortran_argvs_null_[1];

/* ---- Fortran handles ---- */

/*
 * One table per handle kind: slot -> C handle, and an open-addressing map (linear probing,
 * backward-shift deletion) C handle -> slot, so that an object keeps one Fortran handle however
 * often it crosses (handles compare equal in Fortran as they do in C).
 */
typedef struct fh_table {
    const void **slot; /* NULL: free */
    int *refs;         /* handles the Fortran side holds on the slot's object */
    int *next_free;
    int n, cap, free_head;
    const void **key; /* the map; NULL: empty */
    int *val;
    size_t mask, used;
} fh_table_t;

static fh_table_t fh_tables[OML_FH_KINDS];

static size_t fh_hash(const fh_table_t *t, const void *h)
{
    return (size_t)(((uintptr_t)h >> 4) * 0x9e3779b97f4a7c15ull) & t->mask;
}

static int fh_map_find(const fh_table_t *t, const void *h)
{
    if (t->key == NULL)
        return -1;
    for (size_t i = fh_hash(t, h);; i = (i + 1) & t->mask) {
        if (t->key[i] == NULL)
            return -1;
        if (t->key[i] == h)
            return t->val[i];
    }
}

static bool fh_map_put(fh_table_t *t, const void *h, int slot)
{
    if (t->key == NULL || (t->used + 1) * 2 > t->mask + 1) {
        size_t cap = t->key == NULL ? 64 : (t->mask + 1) * 2;
        const void **key = calloc(cap, sizeof(*key));
        int *val = calloc(cap, sizeof(*val));
        if (key == NULL || val == NULL) {
            free(key);
            free(val);
            return false;
        }
        fh_table_t n = {.key = key, .val = val, .mask = cap - 1};
        for (size_t i = 0; t->key != NULL && i <= t->mask; i++) {
            if (t->key[i] == NULL)
                continue;
            size_t j = fh_hash(&n, t->key[i]);
            while (key[j] != NULL)
                j = (j + 1) & n.mask;
            key[j] = t->key[i];
            val[j] = t->val[i];
        }
        free(t->key);
        free(t->val);
        t->key = key;
        t->val = val;
        t->mask = n.mask;
    }
    size_t i = fh_hash(t, h);
    while (t->key[i] != NULL)
        i = (i + 1) & t->mask;
    t->key[i] = h;
    t->val[i] = slot;
    t->used++;
    return true;
}

static void fh_map_remove(fh_table_t *t, const void *h)
{
    size_t i = fh_hash(t, h);
    while (t->key[i] != h) {
        if (t->key[i] == NULL)
            return;
        i = (i + 1) & t->mask;
    }
    /* Backward shift: move later members of the run into the hole when their home allows. */
    size_t j = i;
    for (;;) {
        t->key[i] = NULL;
        for (;;) {
            j = (j + 1) & t->mask;
            if (t->key[j] == NULL) {
                t->used--;
                return;
            }
            size_t home = fh_hash(t, t->key[j]);
            bool between = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!between)
                break;
        }
        t->key[i] = t->key[j];
        t->val[i] = t->val[j];
        i = j;
    }
}

/* A Fortran value that decodes to no valid handle of any kind. */
#define FH_INVALID ((void *)(uintptr_t)(OML_HANDLE_PREDEFINED_MAX - 1))

/* The tables change as handles come and go: at MPI_THREAD_MULTIPLE under the library's lock. */
#define FH_LOCK()                                                                                  \
    bool fh_locked = oml_mt;                                                                       \
    if (fh_locked)                                                                                 \
    oml_mt_enter()
#define FH_UNLOCK()                                                                                \
    if (fh_locked)                                                                                 \
    oml_mt_leave()

void *oml_f2c(oml_fh_kind_t kind, MPI_Fint f)
{
    if (f >= 0 && f < OML_HANDLE_PREDEFINED_MAX)
        return (void *)(uintptr_t)f;
    FH_LOCK();
    const fh_table_t *t = &fh_tables[kind];
    long s = (long)f - OML_HANDLE_PREDEFINED_MAX;
    void *h = s < 0 || s >= t->n || t->slot[s] == NULL ? FH_INVALID : (void *)(uintptr_t)t->slot[s];
    FH_UNLOCK();
    return h;
}

/* ref: the handle is a reference the caller now holds (an output of an MPI call). */
static MPI_Fint fh_c2f(oml_fh_kind_t kind, const void *h, bool ref)
{
    if ((uintptr_t)h < OML_HANDLE_PREDEFINED_MAX)
        return (MPI_Fint)(uintptr_t)h;
    fh_table_t *t = &fh_tables[kind];
    int s = fh_map_find(t, h);
    if (s >= 0) {
        if (ref)
            t->refs[s]++;
        return OML_HANDLE_PREDEFINED_MAX + s;
    }
    if (t->free_head > 0) {
        s = t->free_head - 1;
        t->free_head = t->next_free[s];
    } else {
        if (t->n == t->cap) {
            int cap = t->cap == 0 ? 64 : t->cap * 2;
            const void **slot = realloc(t->slot, (size_t)cap * sizeof(*slot));
            if (slot != NULL)
                t->slot = slot;
            int *next = realloc(t->next_free, (size_t)cap * sizeof(*next));
            if (next != NULL)
                t->next_free = next;
            int *refs = realloc(t->refs, (size_t)cap * sizeof(*refs));
            if (refs != NULL)
                t->refs = refs;
            if (slot == NULL || next == NULL || refs == NULL ||
                cap > INT32_MAX - OML_HANDLE_PREDEFINED_MAX)
                goto nomem;
            t->cap = cap;
        }
        s = t->n++;
    }
    if (!fh_map_put(t, h, s)) {
        t->next_free[s] = t->free_head;
        t->free_head = s + 1;
        goto nomem;
    }
    t->slot[s] = h;
    t->refs[s] = 1;
    return OML_HANDLE_PREDEFINED_MAX + s;
nomem:
    oml_error(NULL, MPI_ERR_NO_MEM, "Fortran handle conversion",
              "no memory for the table of Fortran handles");
    return (MPI_Fint)(uintptr_t)FH_INVALID;
}

MPI_Fint oml_c2f(oml_fh_kind_t kind, const void *h)
{
    FH_LOCK();
    MPI_Fint f = fh_c2f(kind, h, false);
    FH_UNLOCK();
    return f;
}

MPI_Fint oml_c2f_ref(oml_fh_kind_t kind, const void *h)
{
    FH_LOCK();
    MPI_Fint f = fh_c2f(kind, h, true);
    FH_UNLOCK();
    return f;
}

MPI_Fint oml_f_update(oml_fh_kind_t kind, MPI_Fint old, const void *h)
{
    FH_LOCK();
    if ((uintptr_t)h >= OML_HANDLE_PREDEFINED_MAX) {
        MPI_Fint f = oml_f2c(kind, old) == h ? old : fh_c2f(kind, h, true);
        FH_UNLOCK();
        return f;
    }
    fh_table_t *t = &fh_tables[kind];
    long s = (long)old - OML_HANDLE_PREDEFINED_MAX;
    if (s >= 0 && s < t->n && t->slot[s] != NULL && --t->refs[s] == 0) {
        fh_map_remove(t, t->slot[s]);
        t->slot[s] = NULL;
        t->next_free[s] = t->free_head;
        t->free_head = (int)s + 1;
    }
    FH_UNLOCK();
    return (MPI_Fint)(uintptr_t)h;
}

/*
 * MPI_<Kind>_f2c and MPI_<Kind>_c2f, and the standard ABI's MPI_<Kind>_fromint and
 * MPI_<Kind>_toint: MPI_Fint is a C int here, so one integer names a handle in both (a
 * predefined handle is its ABI constant, a user object its slot in the table of its kind).
 */
#define OML_F_CONVERTERS(Name, CType, kind)                                                        \
    OML_API CType PMPI_##Name##_f2c(MPI_Fint f)                                                    \
    {                                                                                              \
        return (CType)oml_f2c(kind, f);                                                            \
    }                                                                                              \
    OML_ALIAS(Name##_f2c)                                                                          \
    OML_API MPI_Fint PMPI_##Name##_c2f(CType h)                                                    \
    {                                                                                              \
        return oml_c2f(kind, h);                                                                   \
    }                                                                                              \
    OML_ALIAS(Name##_c2f)                                                                          \
    OML_API CType PMPI_##Name##_fromint(int i)                                                     \
    {                                                                                              \
        return (CType)oml_f2c(kind, i);                                                            \
    }                                                                                              \
    OML_ALIAS(Name##_fromint)                                                                      \
    OML_API int PMPI_##Name##_toint(CType h)                                                       \
    {                                                                                              \
        return oml_c2f(kind, h);                                                                   \
    }                                                                                              \
    OML_ALIAS(Name##_toint)

OML_F_CONVERTERS(Comm, MPI_Comm, OML_FH_COMM)
OML_F_CONVERTERS(Type, MPI_Datatype, OML_FH_DATATYPE)
OML_F_CONVERTERS(Group, MPI_Group, OML_FH_GROUP)
OML_F_CONVERTERS(Request, MPI_Request, OML_FH_REQUEST)
OML_F_CONVERTERS(Op, MPI_Op, OML_FH_OP)
OML_F_CONVERTERS(Info, MPI_Info, OML_FH_INFO)
OML_F_CONVERTERS(Errhandler, MPI_Errhandler, OML_FH_ERRHANDLER)
OML_F_CONVERTERS(Message, MPI_Message, OML_FH_MESSAGE)
OML_F_CONVERTERS(Win, MPI_Win, OML_FH_WIN)
OML_F_CONVERTERS(File, MPI_File, OML_FH_FILE)
OML_F_CONVERTERS(Session, MPI_Session, OML_FH_SESSION)

OML_API int PMPI_Status_c2f(const MPI_Status *c_status, MPI_Fint *f_status)
{
    if (c_status == NULL || f_status == NULL || c_status == MPI_STATUS_IGNORE)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Status_c2f", "a status argument is NULL");
    memcpy(f_status, c_status, sizeof(*c_status));
    return MPI_SUCCESS;
}
OML_ALIAS(Status_c2f)

OML_API int PMPI_Status_f2c(const MPI_Fint *f_status, MPI_Status *c_status)
{
    if (c_status == NULL || f_status == NULL || f_status == mpi_fortran_status_ignore_)
        return oml_error(NULL, MPI_ERR_ARG, "MPI_Status_f2c",
                         "a status argument is NULL or MPI_STATUS_IGNORE");
    memcpy(c_status, f_status, sizeof(*c_status));
    return MPI_SUCCESS;
}
OML_ALIAS(Status_f2c)

/* ---- helpers of the generated wrappers ---- */

void *oml_f_harr(void *small, int n, size_t size)
{
    if (n <= OML_F_SMALL)
        return small;
    return malloc((size_t)n * size);
}

int oml_f_nomem(const char *fn)
{
    return oml_error(NULL, MPI_ERR_NO_MEM, fn, "no memory to convert the Fortran arguments");
}

char *oml_f_info_str_in(const char *f, size_t len)
{
    while (len > 0 && *f == ' ') {
        f++;
        len--;
    }
    return oml_f_str_in(f, len);
}

char *oml_f_str_in(const char *f, size_t len)
{
    while (len > 0 && f[len - 1] == ' ')
        len--;
    char *c = malloc(len + 1);
    if (c == NULL)
        return NULL;
    memcpy(c, f, len);
    c[len] = '\0';
    return c;
}

void oml_f_str_out(char *f, size_t len, const char *c)
{
    size_t n = strlen(c);
    if (n > len)
        n = len;
    memcpy(f, c, n);
    memset(f + n, ' ', len - n);
}

void oml_f_logicals_out(MPI_Fint *a, int n)
{
    for (int i = 0; i < n; i++)
        a[i] = a[i] ? OML_F_TRUE : OML_F_FALSE;
}

void oml_f_index_out(MPI_Fint *index)
{
    if (*index >= 0)
        (*index)++;
}

void oml_f_indices_out(const MPI_Fint *outcount, MPI_Fint *indices)
{
    for (int i = 0; i < *outcount; i++)
        indices[i]++;
}

/* ---- the hand-written routines ---- */

/* Exports f under the names of the mpi/mpif.h (mpi_x_, pmpi_x_) and mpi_f08 bindings. */
#define OML_F_NAMES(lower)                                                                         \
    extern __typeof__(mpi_##lower##_) pmpi_##lower##_                                              \
        __attribute__((alias("mpi_" #lower "_"), visibility("default")));                          \
    extern __typeof__(mpi_##lower##_) mpi_##lower##_f08_                                           \
        __attribute__((alias("mpi_" #lower "_"), visibility("default")));                          \
    extern __typeof__(mpi_##lower##_) pmpi_##lower##_f08_                                          \
        __attribute__((alias("mpi_" #lower "_"), visibility("default")));

static inline void f_ret(MPI_Fint *ierror, int rc)
{
    if (ierror != NULL)
        *ierror = rc;
}

OML_F_API void mpi_init_(MPI_Fint *ierror);
OML_F_API void mpi_init_(MPI_Fint *ierror)
{
    f_ret(ierror, MPI_Init(NULL, NULL));
}
OML_F_NAMES(init)

OML_F_API void mpi_init_thread_(MPI_Fint *required, MPI_Fint *provided, MPI_Fint *ierror);
OML_F_API void mpi_init_thread_(MPI_Fint *required, MPI_Fint *provided, MPI_Fint *ierror)
{
    f_ret(ierror, MPI_Init_thread(NULL, NULL, *required, provided));
}
OML_F_NAMES(init_thread)

OML_F_API void mpi_pcontrol_(MPI_Fint *level);
OML_F_API void mpi_pcontrol_(MPI_Fint *level)
{
    MPI_Pcontrol(*level);
}
OML_F_NAMES(pcontrol)

/* Does nothing, out of the compiler's sight: a variable passed to it may have changed. */
OML_F_API void mpi_f_sync_reg_(void *buf);
OML_F_API void mpi_f_sync_reg_(void *buf)
{
    __asm__ __volatile__("" : : "r"(buf) : "memory");
}
OML_F_NAMES(f_sync_reg)

/* User operations and error handlers: the library calls them with Fortran handles. */
OML_F_API void mpi_op_create_(MPI_User_function *user_fn, MPI_Fint *commute, MPI_Fint *op,
                              MPI_Fint *ierror);
OML_F_API void mpi_op_create_(MPI_User_function *user_fn, MPI_Fint *commute, MPI_Fint *op,
                              MPI_Fint *ierror)
{
    MPI_Op c_op = MPI_OP_NULL;
    int rc = oml_op_create(user_fn, *commute != OML_F_FALSE, true, &c_op);
    if (rc == MPI_SUCCESS)
        *op = oml_c2f_ref(OML_FH_OP, c_op);
    f_ret(ierror, rc);
}
OML_F_NAMES(op_create)

OML_F_API void mpi_comm_create_errhandler_(MPI_Comm_errhandler_function *fn, MPI_Fint *errhandler,
                                           MPI_Fint *ierror);
OML_F_API void mpi_comm_create_errhandler_(MPI_Comm_errhandler_function *fn, MPI_Fint *errhandler,
                                           MPI_Fint *ierror)
{
    MPI_Errhandler eh = MPI_ERRHANDLER_NULL;
    int rc = oml_errhandler_create(fn, true, &eh);
    if (rc == MPI_SUCCESS)
        *errhandler = oml_c2f_ref(OML_FH_ERRHANDLER, eh);
    f_ret(ierror, rc);
}
OML_F_NAMES(comm_create_errhandler)

/* ---- the MPI-1 routines removed in MPI-3.0, with their default-INTEGER addresses ---- */

/*
 * MPI_ADDRESS, MPI_TYPE_EXTENT/LB/UB give an address or displacement in a default INTEGER: a
 * value that does not fit is an error (as in MPICH), never a truncated address. The type
 * constructors widen their INTEGER displacements to MPI_Aint, which is always exact.
 */
static int f_int_out(const char *fn, MPI_Aint v, MPI_Fint *out, const char *successor)
{
    if (v < INT_MIN || v > INT_MAX)
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "the value %lld does not fit in a default INTEGER; use %s, which takes "
                         "INTEGER(KIND=MPI_ADDRESS_KIND)",
                         (long long)v, successor);
    *out = (MPI_Fint)v;
    return MPI_SUCCESS;
}

OML_F_API void mpi_address_(void *location, MPI_Fint *address, MPI_Fint *ierror);
OML_F_API void mpi_address_(void *location, MPI_Fint *address, MPI_Fint *ierror)
{
    MPI_Aint a = 0;
    int rc = MPI_Get_address(OML_F_BUF(location), &a);
    f_ret(ierror, rc ? rc : f_int_out("MPI_ADDRESS", a, address, "MPI_GET_ADDRESS"));
}
OML_F_NAMES(address)

/* MPI_TYPE_EXTENT, MPI_TYPE_LB, MPI_TYPE_UB */
static void f_type_bound(MPI_Fint *dt, MPI_Fint *out, MPI_Fint *ierror, int which)
{
    static const char *const names[] = {"MPI_TYPE_EXTENT", "MPI_TYPE_LB", "MPI_TYPE_UB"};
    MPI_Aint lb = 0, extent = 0;
    int rc = MPI_Type_get_extent((MPI_Datatype)oml_f2c(OML_FH_DATATYPE, *dt), &lb, &extent);
    MPI_Aint v = which == 0 ? extent : which == 1 ? lb : lb + extent;
    f_ret(ierror, rc ? rc : f_int_out(names[which], v, out, "MPI_TYPE_GET_EXTENT"));
}

OML_F_API void mpi_type_extent_(MPI_Fint *dt, MPI_Fint *extent, MPI_Fint *ierror);
OML_F_API void mpi_type_extent_(MPI_Fint *dt, MPI_Fint *extent, MPI_Fint *ierror)
{
    f_type_bound(dt, extent, ierror, 0);
}
OML_F_NAMES(type_extent)

OML_F_API void mpi_type_lb_(MPI_Fint *dt, MPI_Fint *lb, MPI_Fint *ierror);
OML_F_API void mpi_type_lb_(MPI_Fint *dt, MPI_Fint *lb, MPI_Fint *ierror)
{
    f_type_bound(dt, lb, ierror, 1);
}
OML_F_NAMES(type_lb)

OML_F_API void mpi_type_ub_(MPI_Fint *dt, MPI_Fint *ub, MPI_Fint *ierror);
OML_F_API void mpi_type_ub_(MPI_Fint *dt, MPI_Fint *ub, MPI_Fint *ierror)
{
    f_type_bound(dt, ub, ierror, 2);
}
OML_F_NAMES(type_ub)

OML_F_API void mpi_type_hvector_(MPI_Fint *count, MPI_Fint *blocklength, MPI_Fint *stride,
                                 MPI_Fint *oldtype, MPI_Fint *newtype, MPI_Fint *ierror);
OML_F_API void mpi_type_hvector_(MPI_Fint *count, MPI_Fint *blocklength, MPI_Fint *stride,
                                 MPI_Fint *oldtype, MPI_Fint *newtype, MPI_Fint *ierror)
{
    MPI_Datatype c_new = MPI_DATATYPE_NULL;
    int rc = MPI_Type_create_hvector(*count, *blocklength, *stride,
                                     (MPI_Datatype)oml_f2c(OML_FH_DATATYPE, *oldtype), &c_new);
    if (rc == MPI_SUCCESS)
        *newtype = oml_c2f_ref(OML_FH_DATATYPE, c_new);
    f_ret(ierror, rc);
}
OML_F_NAMES(type_hvector)

/*
 * MPI_TYPE_HINDEXED and MPI_TYPE_STRUCT: count INTEGER displacements widened (and, for STRUCT,
 * count Fortran handles converted); a negative count is passed on for the C call to refuse.
 */
static void f_type_hstruct(const char *fn, MPI_Fint *count, MPI_Fint *blocklens, MPI_Fint *displs,
                           MPI_Fint *types, MPI_Fint *oldtype, MPI_Fint *newtype, MPI_Fint *ierror)
{
    int n = *count > 0 ? *count : 0;
    MPI_Aint dsmall[OML_F_SMALL] = {0};
    MPI_Datatype tsmall[OML_F_SMALL] = {0};
    MPI_Aint *d = oml_f_harr(dsmall, n, sizeof(*d));
    MPI_Datatype *t = types != NULL ? oml_f_harr(tsmall, n, sizeof(*t)) : NULL;
    int rc = MPI_SUCCESS;
    if (d == NULL || (types != NULL && t == NULL)) {
        rc = oml_f_nomem(fn);
    } else {
        for (int i = 0; i < n; i++) {
            d[i] = displs[i];
            if (t != NULL)
                t[i] = (MPI_Datatype)oml_f2c(OML_FH_DATATYPE, types[i]);
        }
        MPI_Datatype c_new = MPI_DATATYPE_NULL;
        if (t != NULL)
            rc = MPI_Type_create_struct(*count, blocklens, d, t, &c_new);
        else
            rc = MPI_Type_create_hindexed(*count, blocklens, d,
                                          (MPI_Datatype)oml_f2c(OML_FH_DATATYPE, *oldtype), &c_new);
        if (rc == MPI_SUCCESS)
            *newtype = oml_c2f_ref(OML_FH_DATATYPE, c_new);
    }
    if (d != NULL && d != dsmall)
        free(d);
    if (t != NULL && t != tsmall)
        free(t);
    f_ret(ierror, rc);
}

OML_F_API void mpi_type_hindexed_(MPI_Fint *count, MPI_Fint *blocklens, MPI_Fint *displs,
                                  MPI_Fint *oldtype, MPI_Fint *newtype, MPI_Fint *ierror);
OML_F_API void mpi_type_hindexed_(MPI_Fint *count, MPI_Fint *blocklens, MPI_Fint *displs,
                                  MPI_Fint *oldtype, MPI_Fint *newtype, MPI_Fint *ierror)
{
    f_type_hstruct("MPI_TYPE_HINDEXED", count, blocklens, displs, NULL, oldtype, newtype, ierror);
}
OML_F_NAMES(type_hindexed)

OML_F_API void mpi_type_struct_(MPI_Fint *count, MPI_Fint *blocklens, MPI_Fint *displs,
                                MPI_Fint *types, MPI_Fint *newtype, MPI_Fint *ierror);
OML_F_API void mpi_type_struct_(MPI_Fint *count, MPI_Fint *blocklens, MPI_Fint *displs,
                                MPI_Fint *types, MPI_Fint *newtype, MPI_Fint *ierror)
{
    f_type_hstruct("MPI_TYPE_STRUCT", count, blocklens, displs, types, NULL, newtype, ierror);
}
OML_F_NAMES(type_struct)

OML_F_API void mpi_errhandler_create_(MPI_Comm_errhandler_function *fn, MPI_Fint *errhandler,
                                      MPI_Fint *ierror);
OML_F_API void mpi_errhandler_create_(MPI_Comm_errhandler_function *fn, MPI_Fint *errhandler,
                                      MPI_Fint *ierror)
{
    mpi_comm_create_errhandler_(fn, errhandler, ierror);
}
OML_F_NAMES(errhandler_create)

/* ---- generalized requests ---- */

/*
 * A generalized request started from Fortran: its callbacks and where its
 * INTEGER(MPI_ADDRESS_KIND) extra state lives. The callbacks get the program's own variable, as
 * in MPICH and Open MPI (programs count calls in it), so it must outlive the request. A Fortran
 * status has the C layout, so query_fn writes the C status directly. The request holds a
 * reference to its own Fortran handle until free_fn: a program that gives the request to
 * MPI_Request_free completes it later through a copy of that handle.
 */
typedef void(f_greq_query_fn)(MPI_Aint *extra, MPI_Fint *status, MPI_Fint *ierror);
typedef void(f_greq_free_fn)(MPI_Aint *extra, MPI_Fint *ierror);
typedef void(f_greq_cancel_fn)(MPI_Aint *extra, MPI_Fint *complete, MPI_Fint *ierror);
typedef struct f_greq {
    f_greq_query_fn *query;
    f_greq_free_fn *free;
    f_greq_cancel_fn *cancel;
    MPI_Aint *extra;
    MPI_Fint handle;
} f_greq_t;

static int f_greq_query(void *extra, MPI_Status *status)
{
    f_greq_t *g = extra;
    MPI_Fint ierr = MPI_SUCCESS;
    g->query(g->extra, (MPI_Fint *)(void *)status, &ierr);
    return ierr;
}

/* The request goes after its free_fn: so does what the Fortran side kept for it. */
static int f_greq_free(void *extra)
{
    f_greq_t *g = extra;
    MPI_Fint ierr = MPI_SUCCESS;
    g->free(g->extra, &ierr);
    oml_f_update(OML_FH_REQUEST, g->handle, MPI_REQUEST_NULL);
    free(g);
    return ierr;
}

static int f_greq_cancel(void *extra, int complete)
{
    f_greq_t *g = extra;
    MPI_Fint ierr = MPI_SUCCESS, fcomplete = complete ? OML_F_TRUE : OML_F_FALSE;
    g->cancel(g->extra, &fcomplete, &ierr);
    return ierr;
}

OML_F_API void mpi_grequest_start_(f_greq_query_fn *query, f_greq_free_fn *free_fn,
                                   f_greq_cancel_fn *cancel, MPI_Aint *extra, MPI_Fint *request,
                                   MPI_Fint *ierror);
OML_F_API void mpi_grequest_start_(f_greq_query_fn *query, f_greq_free_fn *free_fn,
                                   f_greq_cancel_fn *cancel, MPI_Aint *extra, MPI_Fint *request,
                                   MPI_Fint *ierror)
{
    f_greq_t *g = malloc(sizeof(*g));
    if (g == NULL) {
        f_ret(ierror, oml_f_nomem("MPI_Grequest_start"));
        return;
    }
    *g = (f_greq_t){query, free_fn, cancel, extra, 0};
    MPI_Request c_request = MPI_REQUEST_NULL;
    int rc = MPI_Grequest_start(f_greq_query, f_greq_free, f_greq_cancel, g, &c_request);
    if (rc == MPI_SUCCESS) {
        g->handle = oml_c2f_ref(OML_FH_REQUEST, c_request);
        *request = oml_c2f_ref(OML_FH_REQUEST, c_request);
    } else {
        free(g);
    }
    f_ret(ierror, rc);
}
OML_F_NAMES(grequest_start)

/* ---- attributes ---- */

/* Fortran attribute callbacks: values and extra state are INTEGER(KIND=MPI_ADDRESS_KIND), or
 * INTEGER for MPI_Keyval_create's. */
typedef void(f_copy_fn)(MPI_Fint *handle, MPI_Fint *keyval, void *extra, void *in, void *out,
                        MPI_Fint *flag, MPI_Fint *ierror);
typedef void(f_delete_fn)(MPI_Fint *handle, MPI_Fint *keyval, void *value, void *extra,
                          MPI_Fint *ierror);

/* What a keyval created from Fortran calls; the C side's extra_state points here. */
typedef struct f_keyval {
    f_copy_fn *copy;
    f_delete_fn *del;
    MPI_Aint extra;
    bool legacy; /* MPI_Keyval_create: INTEGER values and extra state */
    oml_fh_kind_t kind;
} f_keyval_t;

static int f_copy(const f_keyval_t *k, MPI_Fint handle, int keyval, void *in, void *out, int *flag)
{
    MPI_Fint fkeyval = keyval, fflag = OML_F_FALSE, ierr = MPI_SUCCESS;
    if (k->legacy) {
        MPI_Fint extra = (MPI_Fint)k->extra, vin = (MPI_Fint)(intptr_t)in, vout = 0;
        k->copy(&handle, &fkeyval, &extra, &vin, &vout, &fflag, &ierr);
        *(void **)out = (void *)(intptr_t)vout;
    } else {
        MPI_Aint extra = k->extra, vin = (MPI_Aint)in, vout = 0;
        k->copy(&handle, &fkeyval, &extra, &vin, &vout, &fflag, &ierr);
        *(void **)out = (void *)vout;
    }
    *flag = fflag != OML_F_FALSE;
    return ierr;
}

static int f_delete(const f_keyval_t *k, MPI_Fint handle, int keyval, void *value)
{
    MPI_Fint fkeyval = keyval, ierr = MPI_SUCCESS;
    if (k->legacy) {
        MPI_Fint extra = (MPI_Fint)k->extra, v = (MPI_Fint)(intptr_t)value;
        k->del(&handle, &fkeyval, &v, &extra, &ierr);
    } else {
        MPI_Aint extra = k->extra, v = (MPI_Aint)value;
        k->del(&handle, &fkeyval, &v, &extra, &ierr);
    }
    return ierr;
}

static int f_comm_copy(MPI_Comm comm, int keyval, void *extra, void *in, void *out, int *flag)
{
    return f_copy(extra, oml_c2f(OML_FH_COMM, comm), keyval, in, out, flag);
}

static int f_comm_delete(MPI_Comm comm, int keyval, void *value, void *extra)
{
    return f_delete(extra, oml_c2f(OML_FH_COMM, comm), keyval, value);
}

static int f_type_copy(MPI_Datatype dt, int keyval, void *extra, void *in, void *out, int *flag)
{
    return f_copy(extra, oml_c2f(OML_FH_DATATYPE, dt), keyval, in, out, flag);
}

static int f_type_delete(MPI_Datatype dt, int keyval, void *value, void *extra)
{
    return f_delete(extra, oml_c2f(OML_FH_DATATYPE, dt), keyval, value);
}

static int f_win_copy(MPI_Win win, int keyval, void *extra, void *in, void *out, int *flag)
{
    return f_copy(extra, oml_c2f(OML_FH_WIN, win), keyval, in, out, flag);
}

static int f_win_delete(MPI_Win win, int keyval, void *value, void *extra)
{
    return f_delete(extra, oml_c2f(OML_FH_WIN, win), keyval, value);
}

/* The predefined callbacks, callable from Fortran (and recognised when passed to a keyval). */
OML_F_API void mpi_comm_null_copy_fn_(MPI_Fint *h, MPI_Fint *keyval, MPI_Aint *extra, MPI_Aint *in,
                                      MPI_Aint *out, MPI_Fint *flag, MPI_Fint *ierror);
OML_F_API void mpi_comm_null_copy_fn_(MPI_Fint *h, MPI_Fint *keyval, MPI_Aint *extra, MPI_Aint *in,
                                      MPI_Aint *out, MPI_Fint *flag, MPI_Fint *ierror)
{
    (void)h, (void)keyval, (void)extra, (void)in, (void)out;
    *flag = OML_F_FALSE;
    *ierror = MPI_SUCCESS;
}

OML_F_API void mpi_comm_dup_fn_(MPI_Fint *h, MPI_Fint *keyval, MPI_Aint *extra, MPI_Aint *in,
                                MPI_Aint *out, MPI_Fint *flag, MPI_Fint *ierror);
OML_F_API void mpi_comm_dup_fn_(MPI_Fint *h, MPI_Fint *keyval, MPI_Aint *extra, MPI_Aint *in,
                                MPI_Aint *out, MPI_Fint *flag, MPI_Fint *ierror)
{
    (void)h, (void)keyval, (void)extra;
    *out = *in;
    *flag = OML_F_TRUE;
    *ierror = MPI_SUCCESS;
}

OML_F_API void mpi_comm_null_delete_fn_(MPI_Fint *h, MPI_Fint *keyval, MPI_Aint *value,
                                        MPI_Aint *extra, MPI_Fint *ierror);
OML_F_API void mpi_comm_null_delete_fn_(MPI_Fint *h, MPI_Fint *keyval, MPI_Aint *value,
                                        MPI_Aint *extra, MPI_Fint *ierror)
{
    (void)h, (void)keyval, (void)value, (void)extra;
    *ierror = MPI_SUCCESS;
}

OML_F_API void mpi_dup_fn_(MPI_Fint *h, MPI_Fint *keyval, MPI_Fint *extra, MPI_Fint *in,
                           MPI_Fint *out, MPI_Fint *flag, MPI_Fint *ierror);
OML_F_API void mpi_dup_fn_(MPI_Fint *h, MPI_Fint *keyval, MPI_Fint *extra, MPI_Fint *in,
                           MPI_Fint *out, MPI_Fint *flag, MPI_Fint *ierror)
{
    (void)h, (void)keyval, (void)extra;
    *out = *in;
    *flag = OML_F_TRUE;
    *ierror = MPI_SUCCESS;
}

#define OML_F_SAME(name, as)                                                                       \
    extern __typeof__(as) name __attribute__((alias(#as), visibility("default")));
/* The type and legacy variants do the same as the communicator ones (the null ones never read
 * the value, whose size is all that differs). */
OML_F_SAME(mpi_type_null_copy_fn_, mpi_comm_null_copy_fn_)
OML_F_SAME(mpi_type_dup_fn_, mpi_comm_dup_fn_)
OML_F_SAME(mpi_type_null_delete_fn_, mpi_comm_null_delete_fn_)
OML_F_SAME(mpi_win_null_copy_fn_, mpi_comm_null_copy_fn_)
OML_F_SAME(mpi_win_dup_fn_, mpi_comm_dup_fn_)
OML_F_SAME(mpi_win_null_delete_fn_, mpi_comm_null_delete_fn_)
OML_F_SAME(mpi_null_copy_fn_, mpi_comm_null_copy_fn_)
OML_F_SAME(mpi_null_delete_fn_, mpi_comm_null_delete_fn_)

/* The C callbacks and extra state for a keyval with Fortran callbacks copy and del. */
static int f_keyval_make(oml_fh_kind_t kind, void *copy, void *del, MPI_Aint extra, bool legacy,
                         void **ccopy, void **cdel, void **cextra)
{
    bool null_copy = copy == (void *)mpi_comm_null_copy_fn_;
    bool dup = copy == (void *)mpi_comm_dup_fn_ || copy == (void *)mpi_dup_fn_;
    bool null_delete = del == (void *)mpi_comm_null_delete_fn_;
    *cextra = (void *)extra;
    *ccopy = null_copy ? (void *)MPI_COMM_NULL_COPY_FN : dup ? (void *)MPI_COMM_DUP_FN : NULL;
    *cdel = NULL;
    if (null_copy && null_delete)
        return MPI_SUCCESS;
    f_keyval_t *k = malloc(sizeof(*k));
    if (k == NULL)
        return oml_f_nomem("MPI keyval creation");
    /* The library keeps k for as long as the keyval may call back: it is never freed. */
    *k = (f_keyval_t){(f_copy_fn *)copy, (f_delete_fn *)del, extra, legacy, kind};
    *cextra = k;
    if (!null_copy && !dup)
        *ccopy = kind == OML_FH_COMM  ? (void *)f_comm_copy
                 : kind == OML_FH_WIN ? (void *)f_win_copy
                                      : (void *)f_type_copy;
    if (!null_delete)
        *cdel = kind == OML_FH_COMM  ? (void *)f_comm_delete
                : kind == OML_FH_WIN ? (void *)f_win_delete
                                     : (void *)f_type_delete;
    return MPI_SUCCESS;
}

/* A keyval with the callbacks f_keyval_make gave: they take attribute values as integers. */
static int f_attr_keyval(oml_attr_kind_t kind, void *ccopy, void *cdel, MPI_Fint *keyval,
                         void *cextra)
{
    FH_LOCK();
    int rc = oml_attr_keyval_f(kind, ccopy, cdel, keyval, cextra);
    FH_UNLOCK();
    return rc;
}

OML_F_API void mpi_comm_create_keyval_(void *copy, void *del, MPI_Fint *keyval, MPI_Aint *extra,
                                       MPI_Fint *ierror);
OML_F_API void mpi_comm_create_keyval_(void *copy, void *del, MPI_Fint *keyval, MPI_Aint *extra,
                                       MPI_Fint *ierror)
{
    void *ccopy, *cdel, *cextra;
    int rc = f_keyval_make(OML_FH_COMM, copy, del, *extra, false, &ccopy, &cdel, &cextra);
    if (rc == MPI_SUCCESS)
        rc = f_attr_keyval(OML_ATTR_COMM, ccopy, cdel, keyval, cextra);
    f_ret(ierror, rc);
}
OML_F_NAMES(comm_create_keyval)

OML_F_API void mpi_keyval_create_(void *copy, void *del, MPI_Fint *keyval, MPI_Fint *extra,
                                  MPI_Fint *ierror);
OML_F_API void mpi_keyval_create_(void *copy, void *del, MPI_Fint *keyval, MPI_Fint *extra,
                                  MPI_Fint *ierror)
{
    void *ccopy, *cdel, *cextra;
    int rc = f_keyval_make(OML_FH_COMM, copy, del, *extra, true, &ccopy, &cdel, &cextra);
    if (rc == MPI_SUCCESS)
        rc = f_attr_keyval(OML_ATTR_COMM, ccopy, cdel, keyval, cextra);
    f_ret(ierror, rc);
}
OML_F_NAMES(keyval_create)

OML_F_API void mpi_type_create_keyval_(void *copy, void *del, MPI_Fint *keyval, MPI_Aint *extra,
                                       MPI_Fint *ierror);
OML_F_API void mpi_type_create_keyval_(void *copy, void *del, MPI_Fint *keyval, MPI_Aint *extra,
                                       MPI_Fint *ierror)
{
    void *ccopy, *cdel, *cextra;
    int rc = f_keyval_make(OML_FH_DATATYPE, copy, del, *extra, false, &ccopy, &cdel, &cextra);
    if (rc == MPI_SUCCESS)
        rc = f_attr_keyval(OML_ATTR_TYPE, ccopy, cdel, keyval, cextra);
    f_ret(ierror, rc);
}
OML_F_NAMES(type_create_keyval)

/*
 * Attribute values set from Fortran are stored as integers (a C reader gets their address), and
 * read back as stored (a C pointer as an integer). The predefined attributes of a communicator and
 * a window (but MPI_WIN_BASE) are C pointers to int or MPI_Aint: Fortran gets the value.
 */
static MPI_Aint f_attr_value(int keyval, void *v)
{
    if ((keyval >= MPI_TAG_UB && keyval <= MPI_LASTUSEDCODE) || keyval == MPI_WIN_DISP_UNIT ||
        keyval == MPI_WIN_CREATE_FLAVOR || keyval == MPI_WIN_MODEL)
        return *(const int *)v;
    if (keyval == MPI_WIN_SIZE)
        return *(const MPI_Aint *)v;
    return (MPI_Aint)v; /* MPI_WIN_BASE: the address itself, as user values */
}

static oml_attr_kind_t f_attr_kind(oml_fh_kind_t kind)
{
    return kind == OML_FH_COMM ? OML_ATTR_COMM : kind == OML_FH_WIN ? OML_ATTR_WIN : OML_ATTR_TYPE;
}

static int f_set_attr(oml_fh_kind_t kind, MPI_Fint h, int keyval, MPI_Aint value,
                      oml_attr_val_t how)
{
    void *ch = oml_f2c(kind, h);
    FH_LOCK();
    int rc = oml_attr_set_f(f_attr_kind(kind), ch, keyval, value, how);
    FH_UNLOCK();
    return rc;
}

OML_F_API void mpi_comm_set_attr_(MPI_Fint *comm, MPI_Fint *keyval, MPI_Aint *value,
                                  MPI_Fint *ierror);
OML_F_API void mpi_comm_set_attr_(MPI_Fint *comm, MPI_Fint *keyval, MPI_Aint *value,
                                  MPI_Fint *ierror)
{
    f_ret(ierror, f_set_attr(OML_FH_COMM, *comm, *keyval, *value, OML_AV_AINT));
}
OML_F_NAMES(comm_set_attr)

OML_F_API void mpi_attr_put_(MPI_Fint *comm, MPI_Fint *keyval, MPI_Fint *value, MPI_Fint *ierror);
OML_F_API void mpi_attr_put_(MPI_Fint *comm, MPI_Fint *keyval, MPI_Fint *value, MPI_Fint *ierror)
{
    f_ret(ierror, f_set_attr(OML_FH_COMM, *comm, *keyval, *value, OML_AV_INT));
}
OML_F_NAMES(attr_put)

OML_F_API void mpi_type_set_attr_(MPI_Fint *dt, MPI_Fint *keyval, MPI_Aint *value,
                                  MPI_Fint *ierror);
OML_F_API void mpi_type_set_attr_(MPI_Fint *dt, MPI_Fint *keyval, MPI_Aint *value, MPI_Fint *ierror)
{
    f_ret(ierror, f_set_attr(OML_FH_DATATYPE, *dt, *keyval, *value, OML_AV_AINT));
}
OML_F_NAMES(type_set_attr)

/* Gets an attribute of a communicator or datatype for Fortran; sets *flag, returns the error. */
static int f_get_attr(oml_fh_kind_t kind, MPI_Fint h, int keyval, MPI_Aint *value, MPI_Fint *flag)
{
    void *v = NULL, *ch = oml_f2c(kind, h);
    int found = 0;
    FH_LOCK();
    int rc = oml_attr_get_f(f_attr_kind(kind), ch, keyval, &v, &found);
    FH_UNLOCK();
    if (rc == MPI_SUCCESS && found)
        *value = kind != OML_FH_DATATYPE ? f_attr_value(keyval, v) : (MPI_Aint)v;
    *flag = found ? OML_F_TRUE : OML_F_FALSE;
    return rc;
}

OML_F_API void mpi_comm_get_attr_(MPI_Fint *comm, MPI_Fint *keyval, MPI_Aint *value, MPI_Fint *flag,
                                  MPI_Fint *ierror);
OML_F_API void mpi_comm_get_attr_(MPI_Fint *comm, MPI_Fint *keyval, MPI_Aint *value, MPI_Fint *flag,
                                  MPI_Fint *ierror)
{
    f_ret(ierror, f_get_attr(OML_FH_COMM, *comm, *keyval, value, flag));
}
OML_F_NAMES(comm_get_attr)

/* MPI-1's INTEGER attribute values. */
OML_F_API void mpi_attr_get_(MPI_Fint *comm, MPI_Fint *keyval, MPI_Fint *value, MPI_Fint *flag,
                             MPI_Fint *ierror);
OML_F_API void mpi_attr_get_(MPI_Fint *comm, MPI_Fint *keyval, MPI_Fint *value, MPI_Fint *flag,
                             MPI_Fint *ierror)
{
    MPI_Aint v = 0;
    f_ret(ierror, f_get_attr(OML_FH_COMM, *comm, *keyval, &v, flag));
    if (*flag != OML_F_FALSE)
        *value = (MPI_Fint)v;
}
OML_F_NAMES(attr_get)

OML_F_API void mpi_type_get_attr_(MPI_Fint *dt, MPI_Fint *keyval, MPI_Aint *value, MPI_Fint *flag,
                                  MPI_Fint *ierror);
OML_F_API void mpi_type_get_attr_(MPI_Fint *dt, MPI_Fint *keyval, MPI_Aint *value, MPI_Fint *flag,
                                  MPI_Fint *ierror)
{
    f_ret(ierror, f_get_attr(OML_FH_DATATYPE, *dt, *keyval, value, flag));
}
OML_F_NAMES(type_get_attr)

/* ---- memory, buffers, info strings ---- */

/* baseptr: INTEGER(KIND=MPI_ADDRESS_KIND) (a Cray pointer) or TYPE(C_PTR) in mpi_f08. */
OML_F_API void mpi_alloc_mem_(MPI_Aint *size, MPI_Fint *info, MPI_Aint *baseptr, MPI_Fint *ierror);
OML_F_API void mpi_alloc_mem_(MPI_Aint *size, MPI_Fint *info, MPI_Aint *baseptr, MPI_Fint *ierror)
{
    void *p = NULL;
    int rc = MPI_Alloc_mem(*size, (MPI_Info)oml_f2c(OML_FH_INFO, *info), &p);
    if (rc == MPI_SUCCESS)
        *baseptr = (MPI_Aint)p;
    f_ret(ierror, rc);
}
OML_F_NAMES(alloc_mem)

OML_F_API void mpi_info_get_(MPI_Fint *info, const char *key, MPI_Fint *valuelen, char *value,
                             MPI_Fint *flag, MPI_Fint *ierror, size_t key_len, size_t value_len);
OML_F_API void mpi_info_get_(MPI_Fint *info, const char *key, MPI_Fint *valuelen, char *value,
                             MPI_Fint *flag, MPI_Fint *ierror, size_t key_len, size_t value_len)
{
    int n = *valuelen < 0 ? 0 : *valuelen;
    if ((size_t)n > value_len)
        n = (int)value_len;
    char *ckey = oml_f_info_str_in(key, key_len), *cval = malloc((size_t)n + 1);
    int found = 0, rc;
    if (ckey == NULL || cval == NULL)
        rc = oml_f_nomem("MPI_Info_get");
    else
        rc = MPI_Info_get((MPI_Info)oml_f2c(OML_FH_INFO, *info), ckey, n, cval, &found);
    if (rc == MPI_SUCCESS && found)
        oml_f_str_out(value, value_len, cval);
    *flag = found ? OML_F_TRUE : OML_F_FALSE;
    free(ckey);
    free(cval);
    f_ret(ierror, rc);
}
OML_F_NAMES(info_get)

/* Fortran has no argc and argv to give: the info names the command line the runtime knows. */
OML_F_API void mpi_info_create_env_(MPI_Fint *info, MPI_Fint *ierror);
OML_F_API void mpi_info_create_env_(MPI_Fint *info, MPI_Fint *ierror)
{
    MPI_Info c = MPI_INFO_NULL;
    int rc = MPI_Info_create_env(0, NULL, &c);
    if (rc == MPI_SUCCESS)
        *info = oml_c2f_ref(OML_FH_INFO, c);
    f_ret(ierror, rc);
}
OML_F_NAMES(info_create_env)

/* buflen: in, the characters the caller wants at most; out, the length of the whole value. */
OML_F_API void mpi_info_get_string_(MPI_Fint *info, const char *key, MPI_Fint *buflen, char *value,
                                    MPI_Fint *flag, MPI_Fint *ierror, size_t key_len,
                                    size_t value_len);
OML_F_API void mpi_info_get_string_(MPI_Fint *info, const char *key, MPI_Fint *buflen, char *value,
                                    MPI_Fint *flag, MPI_Fint *ierror, size_t key_len,
                                    size_t value_len)
{
    int n = *buflen < 0 ? 0 : *buflen;
    if ((size_t)n > value_len)
        n = (int)value_len;
    char *ckey = oml_f_info_str_in(key, key_len), *cval = malloc((size_t)n + 1);
    int found = 0, len = n + 1, rc;
    if (ckey == NULL || cval == NULL)
        rc = oml_f_nomem("MPI_Info_get_string");
    else
        rc = MPI_Info_get_string((MPI_Info)oml_f2c(OML_FH_INFO, *info), ckey, &len, cval, &found);
    if (rc == MPI_SUCCESS && found) {
        if (n > 0) /* buflen 0 asks for the length only: value stays as it is */
            oml_f_str_out(value, value_len, cval);
        *buflen = len - 1;
    }
    *flag = found ? OML_F_TRUE : OML_F_FALSE;
    free(ckey);
    free(cval);
    f_ret(ierror, rc);
}
OML_F_NAMES(info_get_string)

/* ---- one-sided communication (oml_rma.c) ---- */

/* MPI_Win_allocate(_shared) through alloc; baseptr as for MPI_Alloc_mem. */
static void f_win_allocate(int (*alloc)(MPI_Aint, int, MPI_Info, MPI_Comm, void *, MPI_Win *),
                           MPI_Aint *size, MPI_Fint *disp_unit, MPI_Fint *info, MPI_Fint *comm,
                           MPI_Aint *baseptr, MPI_Fint *win, MPI_Fint *ierror)
{
    void *p = NULL;
    MPI_Win w = MPI_WIN_NULL;
    int rc = alloc(*size, *disp_unit, (MPI_Info)oml_f2c(OML_FH_INFO, *info),
                   (MPI_Comm)oml_f2c(OML_FH_COMM, *comm), &p, &w);
    if (rc == MPI_SUCCESS) {
        *baseptr = (MPI_Aint)p;
        *win = oml_c2f_ref(OML_FH_WIN, w);
    }
    f_ret(ierror, rc);
}

OML_F_API void mpi_win_allocate_(MPI_Aint *size, MPI_Fint *disp_unit, MPI_Fint *info,
                                 MPI_Fint *comm, MPI_Aint *baseptr, MPI_Fint *win,
                                 MPI_Fint *ierror);
OML_F_API void mpi_win_allocate_(MPI_Aint *size, MPI_Fint *disp_unit, MPI_Fint *info,
                                 MPI_Fint *comm, MPI_Aint *baseptr, MPI_Fint *win, MPI_Fint *ierror)
{
    f_win_allocate(MPI_Win_allocate, size, disp_unit, info, comm, baseptr, win, ierror);
}
OML_F_NAMES(win_allocate)

OML_F_API void mpi_win_allocate_shared_(MPI_Aint *size, MPI_Fint *disp_unit, MPI_Fint *info,
                                        MPI_Fint *comm, MPI_Aint *baseptr, MPI_Fint *win,
                                        MPI_Fint *ierror);
OML_F_API void mpi_win_allocate_shared_(MPI_Aint *size, MPI_Fint *disp_unit, MPI_Fint *info,
                                        MPI_Fint *comm, MPI_Aint *baseptr, MPI_Fint *win,
                                        MPI_Fint *ierror)
{
    f_win_allocate(MPI_Win_allocate_shared, size, disp_unit, info, comm, baseptr, win, ierror);
}
OML_F_NAMES(win_allocate_shared)

OML_F_API void mpi_win_shared_query_(MPI_Fint *win, MPI_Fint *rank, MPI_Aint *size,
                                     MPI_Fint *disp_unit, MPI_Aint *baseptr, MPI_Fint *ierror);
OML_F_API void mpi_win_shared_query_(MPI_Fint *win, MPI_Fint *rank, MPI_Aint *size,
                                     MPI_Fint *disp_unit, MPI_Aint *baseptr, MPI_Fint *ierror)
{
    void *p = NULL;
    int rc = MPI_Win_shared_query((MPI_Win)oml_f2c(OML_FH_WIN, *win), *rank, size, disp_unit, &p);
    if (rc == MPI_SUCCESS)
        *baseptr = (MPI_Aint)p;
    f_ret(ierror, rc);
}
OML_F_NAMES(win_shared_query)

OML_F_API void mpi_win_create_keyval_(void *copy, void *del, MPI_Fint *keyval, MPI_Aint *extra,
                                      MPI_Fint *ierror);
OML_F_API void mpi_win_create_keyval_(void *copy, void *del, MPI_Fint *keyval, MPI_Aint *extra,
                                      MPI_Fint *ierror)
{
    void *ccopy, *cdel, *cextra;
    int rc = f_keyval_make(OML_FH_WIN, copy, del, *extra, false, &ccopy, &cdel, &cextra);
    if (rc == MPI_SUCCESS)
        rc = f_attr_keyval(OML_ATTR_WIN, ccopy, cdel, keyval, cextra);
    f_ret(ierror, rc);
}
OML_F_NAMES(win_create_keyval)

OML_F_API void mpi_win_set_attr_(MPI_Fint *win, MPI_Fint *keyval, MPI_Aint *value,
                                 MPI_Fint *ierror);
OML_F_API void mpi_win_set_attr_(MPI_Fint *win, MPI_Fint *keyval, MPI_Aint *value, MPI_Fint *ierror)
{
    f_ret(ierror, f_set_attr(OML_FH_WIN, *win, *keyval, *value, OML_AV_AINT));
}
OML_F_NAMES(win_set_attr)

OML_F_API void mpi_win_get_attr_(MPI_Fint *win, MPI_Fint *keyval, MPI_Aint *value, MPI_Fint *flag,
                                 MPI_Fint *ierror);
OML_F_API void mpi_win_get_attr_(MPI_Fint *win, MPI_Fint *keyval, MPI_Aint *value, MPI_Fint *flag,
                                 MPI_Fint *ierror)
{
    f_ret(ierror, f_get_attr(OML_FH_WIN, *win, *keyval, value, flag));
}
OML_F_NAMES(win_get_attr)

OML_F_API void mpi_win_create_errhandler_(void *fn, MPI_Fint *errhandler, MPI_Fint *ierror);
OML_F_API void mpi_win_create_errhandler_(void *fn, MPI_Fint *errhandler, MPI_Fint *ierror)
{
    MPI_Errhandler eh = MPI_ERRHANDLER_NULL;
    int rc = oml_errhandler_new("MPI_Win_create_errhandler", OML_FH_WIN,
                                (MPI_Comm_errhandler_function *)fn, true, &eh);
    if (rc == MPI_SUCCESS)
        *errhandler = oml_c2f_ref(OML_FH_ERRHANDLER, eh);
    f_ret(ierror, rc);
}
OML_F_NAMES(win_create_errhandler)

OML_F_API void mpi_file_create_errhandler_(void *fn, MPI_Fint *errhandler, MPI_Fint *ierror);
OML_F_API void mpi_file_create_errhandler_(void *fn, MPI_Fint *errhandler, MPI_Fint *ierror)
{
    MPI_Errhandler eh = MPI_ERRHANDLER_NULL;
    int rc = oml_errhandler_new("MPI_File_create_errhandler", OML_FH_FILE,
                                (MPI_Comm_errhandler_function *)fn, true, &eh);
    if (rc == MPI_SUCCESS)
        *errhandler = oml_c2f_ref(OML_FH_ERRHANDLER, eh);
    f_ret(ierror, rc);
}
OML_F_NAMES(file_create_errhandler)

OML_F_API void mpi_session_create_errhandler_(void *fn, MPI_Fint *errhandler, MPI_Fint *ierror);
OML_F_API void mpi_session_create_errhandler_(void *fn, MPI_Fint *errhandler, MPI_Fint *ierror)
{
    MPI_Errhandler eh = MPI_ERRHANDLER_NULL;
    int rc = oml_session_errhandler_create((MPI_Session_errhandler_function *)fn, true, &eh);
    if (rc == MPI_SUCCESS)
        *errhandler = oml_c2f_ref(OML_FH_ERRHANDLER, eh);
    f_ret(ierror, rc);
}
OML_F_NAMES(session_create_errhandler)

/* pset_len: in, 0 to ask for the length only; out, the name's length (Fortran: no null). */
OML_F_API void mpi_session_get_nth_pset_(MPI_Fint *session, MPI_Fint *info, MPI_Fint *n,
                                         MPI_Fint *pset_len, char *pset_name, MPI_Fint *ierror,
                                         size_t name_len);
OML_F_API void mpi_session_get_nth_pset_(MPI_Fint *session, MPI_Fint *info, MPI_Fint *n,
                                         MPI_Fint *pset_len, char *pset_name, MPI_Fint *ierror,
                                         size_t name_len)
{
    char name[MPI_MAX_PSET_NAME_LEN];
    int len = (int)sizeof(name);
    int rc = MPI_Session_get_nth_pset((MPI_Session)oml_f2c(OML_FH_SESSION, *session),
                                      (MPI_Info)oml_f2c(OML_FH_INFO, *info), *n, &len, name);
    if (rc == MPI_SUCCESS) {
        if (*pset_len != 0)
            oml_f_str_out(pset_name, name_len, name);
        *pset_len = (MPI_Fint)strlen(name);
    }
    f_ret(ierror, rc);
}
OML_F_NAMES(session_get_nth_pset)

/* Dynamic processes are not built: the C calls raise the error (on comm's handler), so the
 * Fortran strings need no conversion. The hidden string lengths follow ierror. */
OML_F_API void mpi_comm_spawn_(char *command, char *argv, MPI_Fint *maxprocs, MPI_Fint *info,
                               MPI_Fint *root, MPI_Fint *comm, MPI_Fint *intercomm,
                               MPI_Fint *errcodes, MPI_Fint *ierror);
OML_F_API void mpi_comm_spawn_(char *command, char *argv, MPI_Fint *maxprocs, MPI_Fint *info,
                               MPI_Fint *root, MPI_Fint *comm, MPI_Fint *intercomm,
                               MPI_Fint *errcodes, MPI_Fint *ierror)
{
    (void)command, (void)argv, (void)errcodes;
    MPI_Comm ic = MPI_COMM_NULL;
    int rc = MPI_Comm_spawn("", NULL, *maxprocs, (MPI_Info)oml_f2c(OML_FH_INFO, *info), *root,
                            (MPI_Comm)oml_f2c(OML_FH_COMM, *comm), &ic, MPI_ERRCODES_IGNORE);
    *intercomm = oml_c2f(OML_FH_COMM, ic);
    f_ret(ierror, rc);
}
OML_F_NAMES(comm_spawn)

OML_F_API void mpi_comm_spawn_multiple_(MPI_Fint *count, char *commands, char *argvs,
                                        MPI_Fint *maxprocs, MPI_Fint *infos, MPI_Fint *root,
                                        MPI_Fint *comm, MPI_Fint *intercomm, MPI_Fint *errcodes,
                                        MPI_Fint *ierror);
OML_F_API void mpi_comm_spawn_multiple_(MPI_Fint *count, char *commands, char *argvs,
                                        MPI_Fint *maxprocs, MPI_Fint *infos, MPI_Fint *root,
                                        MPI_Fint *comm, MPI_Fint *intercomm, MPI_Fint *errcodes,
                                        MPI_Fint *ierror)
{
    (void)commands, (void)argvs, (void)maxprocs, (void)infos, (void)errcodes;
    MPI_Comm ic = MPI_COMM_NULL;
    int rc =
        MPI_Comm_spawn_multiple(*count, NULL, NULL, NULL, NULL, *root,
                                (MPI_Comm)oml_f2c(OML_FH_COMM, *comm), &ic, MPI_ERRCODES_IGNORE);
    *intercomm = oml_c2f(OML_FH_COMM, ic);
    f_ret(ierror, rc);
}
OML_F_NAMES(comm_spawn_multiple)
