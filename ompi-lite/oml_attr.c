/*
 * ompi-lite/oml_attr.c: keyvals and attributes on communicators and datatypes, and the
 * predefined communicator attributes (MPI_TAG_UB, MPI_HOST, MPI_IO, MPI_WTIME_IS_GLOBAL,
 * MPI_UNIVERSE_SIZE, MPI_APPNUM, MPI_LASTUSEDCODE), readable on every communicator.
 *
 * User keyvals are numbered from KEYVAL_BASE; a freed keyval stays until the last attribute
 * that uses it is deleted, as the standard requires. Each object keeps its attributes newest
 * first, so that they are deleted (at free, and MPI_COMM_SELF's at MPI_Finalize) in the
 * reverse order of setting, as the standard wants for MPI_COMM_SELF's.
 *
 * A value remembers the language that set it (MPI-4.1 19.3.7): a C value is a pointer, a
 * Fortran value an integer (INTEGER from MPI_ATTR_PUT, INTEGER(KIND=MPI_ADDRESS_KIND) from the
 * other calls). C reading an integer value gets the address of the stored integer; Fortran
 * reading a pointer gets the address as an integer. Callbacks follow the same rule: C callbacks
 * get a Fortran value by its address, Fortran callbacks (keyvals made from Fortran) the integer.
 */
#include "oml_fortran.h"
#include "oml_impl.h"
#include "runtime/rt.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define KEYVAL_BASE 1000

struct oml_attr {
    int keyval;
    oml_attr_val_t how; /* the language and kind of value that set it */
    MPI_Aint value;     /* the pointer, or the integer (sign-extended) */
    struct oml_attr *next;
};

typedef struct keyval {
    oml_attr_kind_t kind; /* 0: slot unused */
    bool freed;           /* freed by the user; lives on while attributes use it */
    bool fortran;         /* its callbacks are Fortran's: they take values as integers */
    int uses;             /* attributes set with it */
    union {
        MPI_Comm_copy_attr_function *comm;
        MPI_Type_copy_attr_function *type;
        MPI_Win_copy_attr_function *win;
    } copy;
    union {
        MPI_Comm_delete_attr_function *comm;
        MPI_Type_delete_attr_function *type;
        MPI_Win_delete_attr_function *win;
    } del;
    void *extra;
} keyval_t;

static keyval_t *kv_table;
static int kv_n, kv_cap;

/*
 * The keyval behind a handle, or NULL. With alive, also one the user freed that attributes
 * still use: those can be read and deleted (through a copy of the handle), not set anew.
 */
static keyval_t *kv_lookup(int keyval, oml_attr_kind_t kind, bool alive)
{
    int i = keyval - KEYVAL_BASE;
    if (i < 0 || i >= kv_n || kv_table[i].kind != kind || (kv_table[i].freed && !alive))
        return NULL;
    return &kv_table[i];
}

static void kv_drop(int keyval)
{
    keyval_t *k = &kv_table[keyval - KEYVAL_BASE];
    if (--k->uses == 0 && k->freed)
        k->kind = 0;
}

static int kv_create(const char *fn, oml_attr_kind_t kind, void *copy, void *del, int *keyval,
                     void *extra, bool fortran)
{
    if (keyval == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "keyval is NULL");
    int i = 0;
    while (i < kv_n && kv_table[i].kind != 0)
        i++;
    if (i == kv_n) {
        if (kv_n == kv_cap) {
            int cap = kv_cap ? kv_cap * 2 : 16;
            keyval_t *t = realloc(kv_table, (size_t)cap * sizeof(*t));
            if (t == NULL)
                return oml_error(NULL, MPI_ERR_NO_MEM, fn, "no memory for a keyval");
            kv_table = t;
            kv_cap = cap;
        }
        kv_n++;
    }
    keyval_t *k = &kv_table[i];
    memset(k, 0, sizeof(*k));
    k->kind = kind;
    k->extra = extra;
    k->fortran = fortran;
    if (kind == OML_ATTR_COMM) {
        k->copy.comm = (MPI_Comm_copy_attr_function *)copy;
        k->del.comm = (MPI_Comm_delete_attr_function *)del;
    } else if (kind == OML_ATTR_TYPE) {
        k->copy.type = (MPI_Type_copy_attr_function *)copy;
        k->del.type = (MPI_Type_delete_attr_function *)del;
    } else {
        k->copy.win = (MPI_Win_copy_attr_function *)copy;
        k->del.win = (MPI_Win_delete_attr_function *)del;
    }
    k->uses = 1; /* the user's handle */
    *keyval = KEYVAL_BASE + i;
    return MPI_SUCCESS;
}

static int kv_free(const char *fn, oml_attr_kind_t kind, int *keyval)
{
    keyval_t *k = keyval != NULL ? kv_lookup(*keyval, kind, true) : NULL;
    if (k == NULL)
        return oml_error(NULL, MPI_ERR_KEYVAL, fn, "invalid keyval %d",
                         keyval != NULL ? *keyval : 0);
    /*
     * Freed before but still used by attributes (a copy of the handle, or a delete callback
     * that frees its own key): the user's reference is gone already, nothing more to drop.
     */
    if (!k->freed) {
        k->freed = true;
        kv_drop(*keyval);
    }
    *keyval = MPI_KEYVAL_INVALID;
    return MPI_SUCCESS;
}

/* The value of a as a callback of k, or a C reader (k NULL), gets it (see the top). */
static void *attr_arg(const keyval_t *k, oml_attr_t *a)
{
    return a->how == OML_AV_PTR || (k != NULL && k->fortran) ? (void *)a->value : (void *)&a->value;
}

/* Runs the delete callback of one attribute; the MPI error it returns, or MPI_SUCCESS. */
static int attr_call_delete(oml_attr_kind_t kind, void *handle, oml_attr_t *a)
{
    keyval_t *k = &kv_table[a->keyval - KEYVAL_BASE];
    int rc = MPI_SUCCESS;
    if (kind == OML_ATTR_COMM && k->del.comm != MPI_COMM_NULL_DELETE_FN)
        rc = k->del.comm((MPI_Comm)handle, a->keyval, attr_arg(k, a), k->extra);
    else if (kind == OML_ATTR_TYPE && k->del.type != MPI_TYPE_NULL_DELETE_FN)
        rc = k->del.type((MPI_Datatype)handle, a->keyval, attr_arg(k, a), k->extra);
    else if (kind == OML_ATTR_WIN && k->del.win != MPI_WIN_NULL_DELETE_FN)
        rc = k->del.win((MPI_Win)handle, a->keyval, attr_arg(k, a), k->extra);
    return rc;
}

int oml_attr_delete_all(oml_attr_kind_t kind, void *handle, oml_attr_t **list)
{
    int rc = MPI_SUCCESS;
    while (*list != NULL) {
        oml_attr_t *a = *list;
        int r = attr_call_delete(kind, handle, a);
        if (r != MPI_SUCCESS && rc == MPI_SUCCESS)
            rc = r;
        *list = a->next;
        kv_drop(a->keyval);
        free(a);
    }
    return rc;
}

int oml_attr_copy_all(oml_attr_kind_t kind, void *oldhandle, oml_attr_t *from, oml_attr_t **to)
{
    oml_attr_t **tail = to;
    for (oml_attr_t *a = from; a != NULL; a = a->next) {
        keyval_t *k = &kv_table[a->keyval - KEYVAL_BASE];
        void *out = NULL;
        int flag = 0, rc = MPI_SUCCESS;
        void *copy = kind == OML_ATTR_COMM ? (void *)k->copy.comm : (void *)k->copy.type;
        if (copy == (void *)MPI_COMM_NULL_COPY_FN) {
            continue;
        } else if (copy == (void *)MPI_COMM_DUP_FN) {
            out = (void *)a->value;
            flag = 1;
        } else if (kind == OML_ATTR_COMM) {
            rc =
                k->copy.comm((MPI_Comm)oldhandle, a->keyval, k->extra, attr_arg(k, a), &out, &flag);
        } else {
            rc = k->copy.type((MPI_Datatype)oldhandle, a->keyval, k->extra, attr_arg(k, a), &out,
                              &flag);
        }
        if (rc != MPI_SUCCESS)
            return rc;
        if (!flag)
            continue;
        oml_attr_t *n = malloc(sizeof(*n));
        if (n == NULL)
            return MPI_ERR_NO_MEM;
        /* the copy keeps the kind of its original, as in MPICH */
        *n = (oml_attr_t){.keyval = a->keyval, .how = a->how, .value = (MPI_Aint)out};
        k->uses++;
        *tail = n;
        tail = &n->next;
    }
    return MPI_SUCCESS;
}

static oml_attr_t **attr_find(oml_attr_t **list, int keyval)
{
    for (; *list != NULL; list = &(*list)->next) {
        if ((*list)->keyval == keyval)
            return list;
    }
    return NULL;
}

/* Raises an error of an attribute call on its object: a communicator, a window, or (datatypes,
 * errc NULL) without an object. */
static int attr_err(oml_attr_kind_t kind, void *errc, int errclass, const char *fn, const char *fmt,
                    ...) __attribute__((format(printf, 5, 6)));
static int attr_err(oml_attr_kind_t kind, void *errc, int errclass, const char *fn, const char *fmt,
                    ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc;
    if (kind == OML_ATTR_WIN)
        rc = oml_win_verror(errc, errclass, fn, fmt, ap);
    else {
        oml_comm_t *c = kind == OML_ATTR_COMM && errc != NULL ? errc : &oml_global.world;
        rc = oml_raise(c->errhandler, OML_FH_COMM, oml_comm_handle(c), errclass, fn, fmt, ap);
    }
    va_end(ap);
    return rc;
}

static int attr_set(const char *fn, void *errc, oml_attr_kind_t kind, void *handle,
                    oml_attr_t **list, int keyval, MPI_Aint value, oml_attr_val_t how)
{
    if (kv_lookup(keyval, kind, false) == NULL)
        return attr_err(kind, errc, MPI_ERR_KEYVAL, fn, "keyval %d is not a valid %s keyval",
                        keyval,
                        kind == OML_ATTR_COMM   ? "communicator"
                        : kind == OML_ATTR_TYPE ? "datatype"
                                                : "window");
    oml_attr_t **p = attr_find(list, keyval);
    if (p != NULL) {
        int rc = attr_call_delete(kind, handle, *p);
        if (rc != MPI_SUCCESS)
            return attr_err(kind, errc, rc, fn, "the delete callback of keyval %d failed", keyval);
        (*p)->value = value;
        (*p)->how = how;
        return MPI_SUCCESS;
    }
    oml_attr_t *a = malloc(sizeof(*a));
    if (a == NULL)
        return attr_err(kind, errc, MPI_ERR_NO_MEM, fn, "no memory for an attribute");
    *a = (oml_attr_t){.keyval = keyval, .how = how, .value = value, .next = NULL};
    kv_table[keyval - KEYVAL_BASE].uses++;
    /* newest first: deleting walks the list, so attributes go in the reverse order of setting */
    a->next = *list;
    *list = a;
    return MPI_SUCCESS;
}

/* raw: for Fortran, the stored value itself (the integer, or the pointer as one). */
static int attr_get(const char *fn, void *errc, oml_attr_kind_t kind, oml_attr_t **list, int keyval,
                    void *value, int *flag, bool raw)
{
    if (value == NULL || flag == NULL)
        return attr_err(kind, errc, MPI_ERR_ARG, fn, "attribute_val or flag is NULL");
    if (kv_lookup(keyval, kind, true) == NULL)
        return attr_err(kind, errc, MPI_ERR_KEYVAL, fn, "keyval %d is not a valid keyval", keyval);
    oml_attr_t **p = attr_find(list, keyval);
    *flag = p != NULL;
    if (p != NULL)
        *(void **)value = raw ? (void *)(*p)->value : attr_arg(NULL, *p);
    return MPI_SUCCESS;
}

static int attr_delete(const char *fn, void *errc, oml_attr_kind_t kind, void *handle,
                       oml_attr_t **list, int keyval)
{
    if (kv_lookup(keyval, kind, true) == NULL)
        return attr_err(kind, errc, MPI_ERR_KEYVAL, fn, "keyval %d is not a valid keyval", keyval);
    oml_attr_t **p = attr_find(list, keyval);
    if (p == NULL)
        return attr_err(kind, errc, MPI_ERR_KEYVAL, fn, "no attribute is set for keyval %d",
                        keyval);
    int rc = attr_call_delete(kind, handle, *p);
    if (rc != MPI_SUCCESS)
        return attr_err(kind, errc, rc, fn, "the delete callback of keyval %d failed", keyval);
    oml_attr_t *a = *p;
    *p = a->next;
    kv_drop(keyval);
    free(a);
    return MPI_SUCCESS;
}

/* ---- communicators ---- */

static int attr_comm(const char *fn, MPI_Comm comm, oml_comm_t **c_p)
{
    OML_CHECK_INIT(fn);
    *c_p = oml_comm_get(comm);
    if (*c_p == NULL)
        return oml_error(NULL, MPI_ERR_COMM, fn, "invalid communicator");
    return MPI_SUCCESS;
}

static bool attr_is_predefined(int keyval)
{
    return keyval >= MPI_TAG_UB && keyval <= MPI_LASTUSEDCODE;
}

OML_API int PMPI_Comm_create_keyval(MPI_Comm_copy_attr_function *comm_copy_attr_fn,
                                    MPI_Comm_delete_attr_function *comm_delete_attr_fn,
                                    int *comm_keyval, void *extra_state)
{
    OML_CHECK_INIT("MPI_Comm_create_keyval");
    return kv_create("MPI_Comm_create_keyval", OML_ATTR_COMM, (void *)comm_copy_attr_fn,
                     (void *)comm_delete_attr_fn, comm_keyval, extra_state, false);
}
OML_ALIAS(Comm_create_keyval)

OML_API int PMPI_Comm_free_keyval(int *comm_keyval)
{
    OML_CHECK_INIT("MPI_Comm_free_keyval");
    if (comm_keyval != NULL && attr_is_predefined(*comm_keyval))
        return oml_error(NULL, MPI_ERR_KEYVAL, "MPI_Comm_free_keyval",
                         "keyval %d is predefined and cannot be freed", *comm_keyval);
    return kv_free("MPI_Comm_free_keyval", OML_ATTR_COMM, comm_keyval);
}
OML_ALIAS(Comm_free_keyval)

static int comm_set_attr(MPI_Comm comm, int comm_keyval, MPI_Aint attribute_val, oml_attr_val_t how)
{
    static const char fn[] = "MPI_Comm_set_attr";
    oml_comm_t *c;
    int rc = attr_comm(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (attr_is_predefined(comm_keyval))
        return oml_error(c, MPI_ERR_KEYVAL, fn, "keyval %d is predefined and read-only",
                         comm_keyval);
    return attr_set(fn, c, OML_ATTR_COMM, comm, &c->attrs, comm_keyval, attribute_val, how);
}

OML_API int PMPI_Comm_set_attr(MPI_Comm comm, int comm_keyval, void *attribute_val)
{
    return comm_set_attr(comm, comm_keyval, (MPI_Aint)attribute_val, OML_AV_PTR);
}
OML_ALIAS(Comm_set_attr)

/* The predefined attributes: values live here, callers get pointers to them. */
static int attr_predefined(int keyval, void *value)
{
    static int tag_ub, host, io, wtime_global, universe, appnum, lastused;
    int *v = NULL;
    switch (keyval) {
    case MPI_TAG_UB:
        tag_ub = OML_TAG_UB;
        v = &tag_ub;
        break;
    case MPI_HOST:
        host = MPI_PROC_NULL; /* no host is special */
        v = &host;
        break;
    case MPI_IO:
        io = MPI_ANY_SOURCE; /* every rank can do I/O */
        v = &io;
        break;
    case MPI_WTIME_IS_GLOBAL:
        wtime_global = 0; /* MPI_Wtime is each node's monotonic clock */
        v = &wtime_global;
        break;
    case MPI_UNIVERSE_SIZE:
        universe = oml_rt_job.size;
        v = &universe;
        break;
    case MPI_APPNUM:
        appnum = oml_rt_job.appnum;
        v = &appnum;
        break;
    case MPI_LASTUSEDCODE:
        lastused = oml_err_last_used();
        v = &lastused;
        break;
    }
    *(void **)value = v;
    return MPI_SUCCESS;
}

static int comm_get_attr(MPI_Comm comm, int comm_keyval, void *attribute_val, int *flag, bool raw)
{
    static const char fn[] = "MPI_Comm_get_attr";
    oml_comm_t *c;
    int rc = attr_comm(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (attr_is_predefined(comm_keyval)) {
        if (attribute_val == NULL || flag == NULL)
            return oml_error(c, MPI_ERR_ARG, fn, "attribute_val or flag is NULL");
        *flag = 1;
        return attr_predefined(comm_keyval, attribute_val);
    }
    return attr_get(fn, c, OML_ATTR_COMM, &c->attrs, comm_keyval, attribute_val, flag, raw);
}

OML_API int PMPI_Comm_get_attr(MPI_Comm comm, int comm_keyval, void *attribute_val, int *flag)
{
    return comm_get_attr(comm, comm_keyval, attribute_val, flag, false);
}
OML_ALIAS(Comm_get_attr)

OML_API int PMPI_Comm_delete_attr(MPI_Comm comm, int comm_keyval)
{
    static const char fn[] = "MPI_Comm_delete_attr";
    oml_comm_t *c;
    int rc = attr_comm(fn, comm, &c);
    if (rc != MPI_SUCCESS)
        return rc;
    if (attr_is_predefined(comm_keyval))
        return oml_error(c, MPI_ERR_KEYVAL, fn, "keyval %d is predefined and read-only",
                         comm_keyval);
    return attr_delete(fn, c, OML_ATTR_COMM, comm, &c->attrs, comm_keyval);
}
OML_ALIAS(Comm_delete_attr)

/* The MPI-1 names of the same calls. */
OML_API int PMPI_Keyval_create(MPI_Copy_function *copy_fn, MPI_Delete_function *delete_fn,
                               int *keyval, void *extra_state)
{
    return PMPI_Comm_create_keyval(copy_fn, delete_fn, keyval, extra_state);
}
OML_ALIAS(Keyval_create)

OML_API int PMPI_Keyval_free(int *keyval)
{
    return PMPI_Comm_free_keyval(keyval);
}
OML_ALIAS(Keyval_free)

OML_API int PMPI_Attr_put(MPI_Comm comm, int keyval, void *attribute_val)
{
    return PMPI_Comm_set_attr(comm, keyval, attribute_val);
}
OML_ALIAS(Attr_put)

OML_API int PMPI_Attr_get(MPI_Comm comm, int keyval, void *attribute_val, int *flag)
{
    return PMPI_Comm_get_attr(comm, keyval, attribute_val, flag);
}
OML_ALIAS(Attr_get)

OML_API int PMPI_Attr_delete(MPI_Comm comm, int keyval)
{
    return PMPI_Comm_delete_attr(comm, keyval);
}
OML_ALIAS(Attr_delete)

/* ---- datatypes ---- */

static int attr_type(const char *fn, MPI_Datatype datatype, oml_dtype_t **d_p)
{
    OML_CHECK_INIT(fn);
    *d_p = oml_dtype_get(datatype);
    if (*d_p == NULL)
        return oml_error(NULL, MPI_ERR_TYPE, fn, "invalid datatype");
    return MPI_SUCCESS;
}

OML_API int PMPI_Type_create_keyval(MPI_Type_copy_attr_function *type_copy_attr_fn,
                                    MPI_Type_delete_attr_function *type_delete_attr_fn,
                                    int *type_keyval, void *extra_state)
{
    OML_CHECK_INIT("MPI_Type_create_keyval");
    return kv_create("MPI_Type_create_keyval", OML_ATTR_TYPE, (void *)type_copy_attr_fn,
                     (void *)type_delete_attr_fn, type_keyval, extra_state, false);
}
OML_ALIAS(Type_create_keyval)

OML_API int PMPI_Type_free_keyval(int *type_keyval)
{
    OML_CHECK_INIT("MPI_Type_free_keyval");
    return kv_free("MPI_Type_free_keyval", OML_ATTR_TYPE, type_keyval);
}
OML_ALIAS(Type_free_keyval)

static int type_set_attr(MPI_Datatype datatype, int type_keyval, MPI_Aint attribute_val,
                         oml_attr_val_t how)
{
    static const char fn[] = "MPI_Type_set_attr";
    oml_dtype_t *d;
    int rc = attr_type(fn, datatype, &d);
    return rc != MPI_SUCCESS ? rc
                             : attr_set(fn, NULL, OML_ATTR_TYPE, datatype, &d->attrs, type_keyval,
                                        attribute_val, how);
}

OML_API int PMPI_Type_set_attr(MPI_Datatype datatype, int type_keyval, void *attribute_val)
{
    return type_set_attr(datatype, type_keyval, (MPI_Aint)attribute_val, OML_AV_PTR);
}
OML_ALIAS(Type_set_attr)

static int type_get_attr(MPI_Datatype datatype, int type_keyval, void *attribute_val, int *flag,
                         bool raw)
{
    static const char fn[] = "MPI_Type_get_attr";
    oml_dtype_t *d;
    int rc = attr_type(fn, datatype, &d);
    return rc != MPI_SUCCESS ? rc
                             : attr_get(fn, NULL, OML_ATTR_TYPE, &d->attrs, type_keyval,
                                        attribute_val, flag, raw);
}

OML_API int PMPI_Type_get_attr(MPI_Datatype datatype, int type_keyval, void *attribute_val,
                               int *flag)
{
    return type_get_attr(datatype, type_keyval, attribute_val, flag, false);
}
OML_ALIAS(Type_get_attr)

OML_API int PMPI_Type_delete_attr(MPI_Datatype datatype, int type_keyval)
{
    static const char fn[] = "MPI_Type_delete_attr";
    oml_dtype_t *d;
    int rc = attr_type(fn, datatype, &d);
    return rc != MPI_SUCCESS
               ? rc
               : attr_delete(fn, NULL, OML_ATTR_TYPE, datatype, &d->attrs, type_keyval);
}
OML_ALIAS(Type_delete_attr)

/* ---- windows ---- */

static bool attr_win_predefined(int keyval)
{
    return keyval >= MPI_WIN_BASE && keyval <= MPI_WIN_MODEL;
}

OML_API int PMPI_Win_create_keyval(MPI_Win_copy_attr_function *win_copy_attr_fn,
                                   MPI_Win_delete_attr_function *win_delete_attr_fn,
                                   int *win_keyval, void *extra_state)
{
    OML_CHECK_INIT("MPI_Win_create_keyval");
    return kv_create("MPI_Win_create_keyval", OML_ATTR_WIN, (void *)win_copy_attr_fn,
                     (void *)win_delete_attr_fn, win_keyval, extra_state, false);
}
OML_ALIAS(Win_create_keyval)

OML_API int PMPI_Win_free_keyval(int *win_keyval)
{
    OML_CHECK_INIT("MPI_Win_free_keyval");
    return kv_free("MPI_Win_free_keyval", OML_ATTR_WIN, win_keyval);
}
OML_ALIAS(Win_free_keyval)

static int win_set_attr(MPI_Win win, int win_keyval, MPI_Aint attribute_val, oml_attr_val_t how)
{
    static const char fn[] = "MPI_Win_set_attr";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (attr_win_predefined(win_keyval))
        return attr_err(OML_ATTR_WIN, w, MPI_ERR_KEYVAL, fn,
                        "keyval %d is predefined and read-only", win_keyval);
    return attr_set(fn, w, OML_ATTR_WIN, win, oml_win_attrs(w), win_keyval, attribute_val, how);
}

OML_API int PMPI_Win_set_attr(MPI_Win win, int win_keyval, void *attribute_val)
{
    return win_set_attr(win, win_keyval, (MPI_Aint)attribute_val, OML_AV_PTR);
}
OML_ALIAS(Win_set_attr)

static int win_get_attr(MPI_Win win, int win_keyval, void *attribute_val, int *flag, bool raw)
{
    static const char fn[] = "MPI_Win_get_attr";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (attr_win_predefined(win_keyval)) {
        if (attribute_val == NULL || flag == NULL)
            return attr_err(OML_ATTR_WIN, w, MPI_ERR_ARG, fn, "attribute_val or flag is NULL");
        *flag = 1;
        *(void **)attribute_val = oml_win_attr_predefined(w, win_keyval);
        return MPI_SUCCESS;
    }
    return attr_get(fn, w, OML_ATTR_WIN, oml_win_attrs(w), win_keyval, attribute_val, flag, raw);
}

OML_API int PMPI_Win_get_attr(MPI_Win win, int win_keyval, void *attribute_val, int *flag)
{
    return win_get_attr(win, win_keyval, attribute_val, flag, false);
}
OML_ALIAS(Win_get_attr)

OML_API int PMPI_Win_delete_attr(MPI_Win win, int win_keyval)
{
    static const char fn[] = "MPI_Win_delete_attr";
    oml_win_t *w;
    int rc = oml_win_check(fn, win, &w);
    if (rc != MPI_SUCCESS)
        return rc;
    if (attr_win_predefined(win_keyval))
        return attr_err(OML_ATTR_WIN, w, MPI_ERR_KEYVAL, fn,
                        "keyval %d is predefined and read-only", win_keyval);
    return attr_delete(fn, w, OML_ATTR_WIN, win, oml_win_attrs(w), win_keyval);
}
OML_ALIAS(Win_delete_attr)

/* ---- from Fortran (oml_fortran.c) ---- */

int oml_attr_keyval_f(oml_attr_kind_t kind, void *copy, void *del, int *keyval, void *extra)
{
    static const char *const fns[] = {NULL, "MPI_Comm_create_keyval", "MPI_Type_create_keyval",
                                      "MPI_Win_create_keyval"};
    OML_CHECK_INIT(fns[kind]);
    return kv_create(fns[kind], kind, copy, del, keyval, extra, true);
}

int oml_attr_set_f(oml_attr_kind_t kind, void *handle, int keyval, MPI_Aint value,
                   oml_attr_val_t how)
{
    return kind == OML_ATTR_COMM   ? comm_set_attr((MPI_Comm)handle, keyval, value, how)
           : kind == OML_ATTR_TYPE ? type_set_attr((MPI_Datatype)handle, keyval, value, how)
                                   : win_set_attr((MPI_Win)handle, keyval, value, how);
}

int oml_attr_get_f(oml_attr_kind_t kind, void *handle, int keyval, void **value, int *flag)
{
    return kind == OML_ATTR_COMM   ? comm_get_attr((MPI_Comm)handle, keyval, value, flag, true)
           : kind == OML_ATTR_TYPE ? type_get_attr((MPI_Datatype)handle, keyval, value, flag, true)
                                   : win_get_attr((MPI_Win)handle, keyval, value, flag, true);
}
