/*
 * ompi-lite/oml_mpit.c: the tool information interface (MPI_T_*, MPI-4.1 chapter 15).
 *
 * Control variables: the environment variables that tune ompi-lite (README, "Environment"),
 * one string variable each, read-only (the library reads them when MPI starts), in one
 * category. A read gives the variable's value in this process's environment, or an empty
 * string when it is unset and the default applies. Performance variables: the matching
 * engine's counts (queue lengths, unexpected arrivals, eager and rendezvous sends), read-only
 * and continuous (always counting; they cannot be started, stopped or reset), in the same
 * category. No events or event sources yet: their counts are 0 and every index is invalid,
 * which the standard allows.
 *
 * MPI_T works before MPI_Init and after MPI_Finalize (it is initialized on its own, counted),
 * returns its error codes and never calls an error handler.
 */
#include "oml_impl.h"

#include <stdlib.h>
#include <string.h>

/* Longest value a control variable reads (its count); longer values are cut. */
#define CVAR_VALUE_MAX 256

typedef struct cvar {
    const char *name;
    int verbosity;
    const char *desc;
} cvar_t;

static const cvar_t cvars[] = {
    {"FI_PROVIDER", MPI_T_VERBOSITY_USER_BASIC,
     "libfabric provider to use (efa, tcp, ...); default efa when present"},
    {"OMPI_LITE_EAGER_LIMIT", MPI_T_VERBOSITY_TUNER_BASIC,
     "bytes up to which a message goes in one eager packet"},
    {"OMPI_LITE_INJECT_LIMIT", MPI_T_VERBOSITY_TUNER_DETAIL,
     "largest packet sent by fi_inject, without a send buffer or completion"},
    {"OMPI_LITE_MR_CACHE", MPI_T_VERBOSITY_TUNER_DETAIL,
     "memory registrations the ofi wire keeps for reuse (0: none)"},
    {"OMPI_LITE_RNDV_THRESHOLD", MPI_T_VERBOSITY_TUNER_BASIC,
     "bytes up to which a message longer than one packet still goes eagerly"},
    {"OMPI_LITE_RNDV_PROTO", MPI_T_VERBOSITY_TUNER_BASIC,
     "rendezvous protocol: read (one RMA read) or cts (CTS and data packets)"},
    {"OMPI_LITE_RNDV_WINDOW", MPI_T_VERBOSITY_TUNER_DETAIL,
     "bytes a CTS rendezvous lets the sender have in flight"},
    {"OMPI_LITE_EAGER_WINDOW", MPI_T_VERBOSITY_TUNER_DETAIL,
     "bytes of eager messages a sender may have unmatched at one receiver"},
    {"OMPI_LITE_OFI_RMA", MPI_T_VERBOSITY_TUNER_DETAIL, "0: open the fabric without RMA"},
    {"OMPI_LITE_VERBOSE", MPI_T_VERBOSITY_USER_BASIC,
     "1: rank 0 prints the wires and protocols it uses"},
    {"OMPI_LITE_SHUFFLE", MPI_T_VERBOSITY_MPIDEV_BASIC,
     "1: test mode delivering arriving packets in random order"},
    {"OMPI_LITE_YIELD", MPI_T_VERBOSITY_TUNER_BASIC, "1: blocking waits yield the core; 0: spin"},
    {"OMPI_LITE_SHM", MPI_T_VERBOSITY_TUNER_BASIC,
     "0: ranks of one node talk through the fabric instead of shared memory"},
    {"OMPI_LITE_OFI_PAIRS", MPI_T_VERBOSITY_MPIDEV_BASIC,
     "pairs of ranks of one node that use the fabric (test mode)"},
    {"OMPI_LITE_SHM_CMA", MPI_T_VERBOSITY_TUNER_DETAIL,
     "0: large messages within a node go through the rings, not process_vm_readv"},
    {"OMPI_LITE_SHM_SINGLE_COPY_MIN", MPI_T_VERBOSITY_TUNER_DETAIL,
     "bytes above which a message within a node goes by single copy"},
    {"OMPI_LITE_SHM_COOP", MPI_T_VERBOSITY_TUNER_DETAIL,
     "0: the receiver alone copies large messages within a node"},
    {"OMPI_LITE_SHM_CELLS", MPI_T_VERBOSITY_TUNER_DETAIL,
     "8 KiB packets each ring between two ranks of a node holds"},
    {"OMPI_LITE_RMA_DIRECT", MPI_T_VERBOSITY_TUNER_DETAIL,
     "0: one-sided operations within a node go as messages"},
    {"OMPI_LITE_COLL_NODEMAP", MPI_T_VERBOSITY_MPIDEV_BASIC,
     "test mode: the node of every rank as the collectives see it"},
};
#define NUM_CVARS ((int)(sizeof(cvars) / sizeof(cvars[0])))

static const char category_name[] = "ompi-lite";
static const char category_desc[] =
    "the environment variables that tune ompi-lite and the matching engine's counts";

static int t_refs; /* MPI_T_init_thread calls not yet finalized (any thread may make them) */

#define T_CHECK_INIT()                                                                             \
    do {                                                                                           \
        if (__atomic_load_n(&t_refs, __ATOMIC_ACQUIRE) == 0)                                       \
            return MPI_T_ERR_NOT_INITIALIZED;                                                      \
    } while (0)

/* Copies s into buf of *len characters (the standard's string rule): *len 0 or buf NULL asks
 * for the length only; *len becomes the length written or needed, with the null. */
static void t_string(const char *s, char *buf, int *len)
{
    if (len == NULL)
        return;
    int need = (int)strlen(s) + 1;
    if (buf != NULL && *len > 0) {
        size_t n = (size_t)(*len < need ? *len - 1 : need - 1);
        memcpy(buf, s, n);
        buf[n] = '\0';
        *len = (int)n + 1;
        return;
    }
    *len = need;
}

static void t_set(int *p, int v)
{
    if (p != NULL)
        *p = v;
}

OML_API int PMPI_T_init_thread(int required, int *provided)
{
    if (provided == NULL)
        return MPI_T_ERR_INVALID;
    __atomic_add_fetch(&t_refs, 1, __ATOMIC_ACQ_REL);
    *provided = required > MPI_THREAD_MULTIPLE ? MPI_THREAD_MULTIPLE : required;
    return MPI_SUCCESS;
}
OML_ALIAS(T_init_thread)

OML_API int PMPI_T_finalize(void)
{
    T_CHECK_INIT();
    __atomic_sub_fetch(&t_refs, 1, __ATOMIC_ACQ_REL);
    return MPI_SUCCESS;
}
OML_ALIAS(T_finalize)

OML_API int PMPI_T_enum_get_info(MPI_T_enum enumtype, int *num, char *name, int *name_len)
{
    (void)enumtype, (void)num, (void)name, (void)name_len;
    T_CHECK_INIT();
    return MPI_T_ERR_INVALID_HANDLE; /* no variable has an enumeration */
}
OML_ALIAS(T_enum_get_info)

OML_API int PMPI_T_enum_get_item(MPI_T_enum enumtype, int index, int *value, char *name,
                                 int *name_len)
{
    (void)enumtype, (void)index, (void)value, (void)name, (void)name_len;
    T_CHECK_INIT();
    return MPI_T_ERR_INVALID_HANDLE;
}
OML_ALIAS(T_enum_get_item)

/* ---- control variables ---- */

OML_API int PMPI_T_cvar_get_num(int *num_cvar)
{
    T_CHECK_INIT();
    if (num_cvar == NULL)
        return MPI_T_ERR_INVALID;
    *num_cvar = NUM_CVARS;
    return MPI_SUCCESS;
}
OML_ALIAS(T_cvar_get_num)

OML_API int PMPI_T_cvar_get_info(int cvar_index, char *name, int *name_len, int *verbosity,
                                 MPI_Datatype *datatype, MPI_T_enum *enumtype, char *desc,
                                 int *desc_len, int *bind, int *scope)
{
    T_CHECK_INIT();
    if (cvar_index < 0 || cvar_index >= NUM_CVARS)
        return MPI_T_ERR_INVALID_INDEX;
    const cvar_t *v = &cvars[cvar_index];
    t_string(v->name, name, name_len);
    t_string(v->desc, desc, desc_len);
    t_set(verbosity, v->verbosity);
    if (datatype != NULL)
        *datatype = MPI_CHAR;
    if (enumtype != NULL)
        *enumtype = MPI_T_ENUM_NULL;
    t_set(bind, MPI_T_BIND_NO_OBJECT);
    t_set(scope, MPI_T_SCOPE_READONLY);
    return MPI_SUCCESS;
}
OML_ALIAS(T_cvar_get_info)

OML_API int PMPI_T_cvar_get_index(const char *name, int *cvar_index)
{
    T_CHECK_INIT();
    if (name == NULL || cvar_index == NULL)
        return MPI_T_ERR_INVALID;
    for (int i = 0; i < NUM_CVARS; i++) {
        if (strcmp(name, cvars[i].name) == 0) {
            *cvar_index = i;
            return MPI_SUCCESS;
        }
    }
    return MPI_T_ERR_INVALID_NAME;
}
OML_ALIAS(T_cvar_get_index)

/* A control variable's handle is its index + 1 (MPI_T_CVAR_HANDLE_NULL is 0). */
static int cvar_of(MPI_T_cvar_handle handle)
{
    uintptr_t h = (uintptr_t)handle;
    return h >= 1 && h <= (uintptr_t)NUM_CVARS ? (int)h - 1 : -1;
}

OML_API int PMPI_T_cvar_handle_alloc(int cvar_index, void *obj_handle, MPI_T_cvar_handle *handle,
                                     int *count)
{
    (void)obj_handle; /* bound to no object */
    T_CHECK_INIT();
    if (cvar_index < 0 || cvar_index >= NUM_CVARS)
        return MPI_T_ERR_INVALID_INDEX;
    if (handle == NULL || count == NULL)
        return MPI_T_ERR_INVALID;
    *handle = (MPI_T_cvar_handle)(uintptr_t)(cvar_index + 1);
    *count = CVAR_VALUE_MAX;
    return MPI_SUCCESS;
}
OML_ALIAS(T_cvar_handle_alloc)

OML_API int PMPI_T_cvar_handle_free(MPI_T_cvar_handle *handle)
{
    T_CHECK_INIT();
    if (handle == NULL || cvar_of(*handle) < 0)
        return MPI_T_ERR_INVALID_HANDLE;
    *handle = MPI_T_CVAR_HANDLE_NULL;
    return MPI_SUCCESS;
}
OML_ALIAS(T_cvar_handle_free)

OML_API int PMPI_T_cvar_read(MPI_T_cvar_handle handle, void *buf)
{
    T_CHECK_INIT();
    int i = cvar_of(handle);
    if (i < 0)
        return MPI_T_ERR_INVALID_HANDLE;
    if (buf == NULL)
        return MPI_T_ERR_INVALID;
    const char *value = getenv(cvars[i].name);
    int len = CVAR_VALUE_MAX;
    t_string(value != NULL ? value : "", buf, &len);
    return MPI_SUCCESS;
}
OML_ALIAS(T_cvar_read)

OML_API int PMPI_T_cvar_write(MPI_T_cvar_handle handle, const void *buf)
{
    (void)buf;
    T_CHECK_INIT();
    if (cvar_of(handle) < 0)
        return MPI_T_ERR_INVALID_HANDLE;
    return MPI_T_ERR_CVAR_SET_NEVER; /* read when MPI starts; set them in the environment */
}
OML_ALIAS(T_cvar_write)

/* ---- performance variables: the matching engine's counts ---- */

typedef struct pvar {
    const char *name;
    int var_class;
    const char *desc;
} pvar_t;

static const pvar_t pvars[] = {
    {"unexpected_recvq_length", MPI_T_PVAR_CLASS_LEVEL,
     "messages that arrived and wait for their receive"},
    {"posted_recvq_length", MPI_T_PVAR_CLASS_LEVEL, "posted receives that wait for their message"},
    {"unexpected_recvq_arrivals", MPI_T_PVAR_CLASS_COUNTER,
     "messages that arrived before their receive was posted"},
    {"eager_messages_sent", MPI_T_PVAR_CLASS_COUNTER,
     "messages sent eagerly, in one packet or several"},
    {"rndv_messages_sent", MPI_T_PVAR_CLASS_COUNTER, "messages sent by rendezvous"},
};
#define NUM_PVARS ((int)(sizeof(pvars) / sizeof(pvars[0])))

/* Performance variable i's value now (0 while MPI does not run). */
static unsigned long long pvar_value(int i)
{
    oml_tp_counts_t c = {0};
    if (oml_global.up)
        oml_tp_counts(&c);
    const uint64_t v[NUM_PVARS] = {c.unexpected_queued, c.posted_queued, c.unexpected, c.eager_sent,
                                   c.rndv_sent};
    return (unsigned long long)v[i];
}

#define PVAR_SESSION_MAGIC 0x70a5e55u
#define PVAR_HANDLE_MAGIC 0x70a4a3du

typedef struct pvar_handle {
    uint32_t magic;
    int index;
    struct pvar_handle *next;
} pvar_handle_t;

typedef struct pvar_session {
    uint32_t magic;
    pvar_handle_t *handles; /* freed with the session */
} pvar_session_t;

static pvar_session_t *pvar_session_get(MPI_T_pvar_session s)
{
    pvar_session_t *p = (pvar_session_t *)s;
    return p != NULL && p->magic == PVAR_SESSION_MAGIC ? p : NULL;
}

/* h if it is a handle of session p, else NULL. */
static pvar_handle_t *pvar_handle_get(pvar_session_t *p, MPI_T_pvar_handle h)
{
    for (pvar_handle_t *x = p->handles; x != NULL; x = x->next) {
        if ((MPI_T_pvar_handle)x == h)
            return x;
    }
    return NULL;
}

OML_API int PMPI_T_pvar_get_num(int *num_pvar)
{
    T_CHECK_INIT();
    if (num_pvar == NULL)
        return MPI_T_ERR_INVALID;
    *num_pvar = NUM_PVARS;
    return MPI_SUCCESS;
}
OML_ALIAS(T_pvar_get_num)

/* Every variable is a read-only, continuous unsigned long long bound to no object. */
OML_API int PMPI_T_pvar_get_info(int pvar_index, char *name, int *name_len, int *verbosity,
                                 int *var_class, MPI_Datatype *datatype, MPI_T_enum *enumtype,
                                 char *desc, int *desc_len, int *bind, int *readonly,
                                 int *continuous, int *atomic)
{
    T_CHECK_INIT();
    if (pvar_index < 0 || pvar_index >= NUM_PVARS)
        return MPI_T_ERR_INVALID_INDEX;
    const pvar_t *v = &pvars[pvar_index];
    t_string(v->name, name, name_len);
    t_string(v->desc, desc, desc_len);
    t_set(verbosity, MPI_T_VERBOSITY_TUNER_BASIC);
    t_set(var_class, v->var_class);
    if (datatype != NULL)
        *datatype = MPI_UNSIGNED_LONG_LONG;
    if (enumtype != NULL)
        *enumtype = MPI_T_ENUM_NULL;
    t_set(bind, MPI_T_BIND_NO_OBJECT);
    t_set(readonly, 1);
    t_set(continuous, 1);
    t_set(atomic, 0);
    return MPI_SUCCESS;
}
OML_ALIAS(T_pvar_get_info)

OML_API int PMPI_T_pvar_get_index(const char *name, int var_class, int *pvar_index)
{
    T_CHECK_INIT();
    if (name == NULL || pvar_index == NULL)
        return MPI_T_ERR_INVALID;
    for (int i = 0; i < NUM_PVARS; i++) {
        if (pvars[i].var_class == var_class && strcmp(name, pvars[i].name) == 0) {
            *pvar_index = i;
            return MPI_SUCCESS;
        }
    }
    return MPI_T_ERR_INVALID_NAME;
}
OML_ALIAS(T_pvar_get_index)

OML_API int PMPI_T_pvar_session_create(MPI_T_pvar_session *session)
{
    T_CHECK_INIT();
    if (session == NULL)
        return MPI_T_ERR_INVALID;
    pvar_session_t *p = calloc(1, sizeof(*p));
    if (p == NULL)
        return MPI_T_ERR_MEMORY;
    p->magic = PVAR_SESSION_MAGIC;
    *session = (MPI_T_pvar_session)p;
    return MPI_SUCCESS;
}
OML_ALIAS(T_pvar_session_create)

OML_API int PMPI_T_pvar_session_free(MPI_T_pvar_session *session)
{
    T_CHECK_INIT();
    pvar_session_t *p = session != NULL ? pvar_session_get(*session) : NULL;
    if (p == NULL)
        return MPI_T_ERR_INVALID_SESSION;
    while (p->handles != NULL) {
        pvar_handle_t *h = p->handles;
        p->handles = h->next;
        h->magic = 0;
        free(h);
    }
    p->magic = 0;
    free(p);
    *session = MPI_T_PVAR_SESSION_NULL;
    return MPI_SUCCESS;
}
OML_ALIAS(T_pvar_session_free)

OML_API int PMPI_T_pvar_handle_alloc(MPI_T_pvar_session session, int pvar_index, void *obj_handle,
                                     MPI_T_pvar_handle *handle, int *count)
{
    (void)obj_handle; /* bound to no object */
    T_CHECK_INIT();
    pvar_session_t *p = pvar_session_get(session);
    if (p == NULL)
        return MPI_T_ERR_INVALID_SESSION;
    if (pvar_index < 0 || pvar_index >= NUM_PVARS)
        return MPI_T_ERR_INVALID_INDEX;
    if (handle == NULL || count == NULL)
        return MPI_T_ERR_INVALID;
    pvar_handle_t *h = malloc(sizeof(*h));
    if (h == NULL)
        return MPI_T_ERR_MEMORY;
    *h = (pvar_handle_t){.magic = PVAR_HANDLE_MAGIC, .index = pvar_index, .next = p->handles};
    p->handles = h;
    *handle = (MPI_T_pvar_handle)h;
    *count = 1;
    return MPI_SUCCESS;
}
OML_ALIAS(T_pvar_handle_alloc)

OML_API int PMPI_T_pvar_handle_free(MPI_T_pvar_session session, MPI_T_pvar_handle *handle)
{
    T_CHECK_INIT();
    pvar_session_t *p = pvar_session_get(session);
    if (p == NULL)
        return MPI_T_ERR_INVALID_SESSION;
    pvar_handle_t *h = handle != NULL ? pvar_handle_get(p, *handle) : NULL;
    if (h == NULL)
        return MPI_T_ERR_INVALID_HANDLE;
    for (pvar_handle_t **x = &p->handles; *x != NULL; x = &(*x)->next) {
        if (*x == h) {
            *x = h->next;
            break;
        }
    }
    h->magic = 0;
    free(h);
    *handle = MPI_T_PVAR_HANDLE_NULL;
    return MPI_SUCCESS;
}
OML_ALIAS(T_pvar_handle_free)

/*
 * What an operation on handle h of session may do: *h_p is the handle, or NULL for
 * MPI_T_PVAR_ALL_HANDLES where all_allowed (the variables are continuous and read-only, so an
 * operation on all handles has nothing to do).
 */
static int pvar_op(MPI_T_pvar_session session, MPI_T_pvar_handle handle, bool all_allowed,
                   pvar_handle_t **h_p)
{
    T_CHECK_INIT();
    pvar_session_t *p = pvar_session_get(session);
    if (p == NULL)
        return MPI_T_ERR_INVALID_SESSION;
    *h_p = NULL;
    if (handle == MPI_T_PVAR_ALL_HANDLES)
        return all_allowed ? MPI_SUCCESS : MPI_T_ERR_INVALID_HANDLE;
    *h_p = pvar_handle_get(p, handle);
    return *h_p != NULL ? MPI_SUCCESS : MPI_T_ERR_INVALID_HANDLE;
}

OML_API int PMPI_T_pvar_start(MPI_T_pvar_session session, MPI_T_pvar_handle handle)
{
    pvar_handle_t *h;
    int rc = pvar_op(session, handle, true, &h);
    return rc == MPI_SUCCESS && h != NULL ? MPI_T_ERR_PVAR_NO_STARTSTOP : rc;
}
OML_ALIAS(T_pvar_start)

OML_API int PMPI_T_pvar_stop(MPI_T_pvar_session session, MPI_T_pvar_handle handle)
{
    pvar_handle_t *h;
    int rc = pvar_op(session, handle, true, &h);
    return rc == MPI_SUCCESS && h != NULL ? MPI_T_ERR_PVAR_NO_STARTSTOP : rc;
}
OML_ALIAS(T_pvar_stop)

OML_API int PMPI_T_pvar_read(MPI_T_pvar_session session, MPI_T_pvar_handle handle, void *buf)
{
    pvar_handle_t *h;
    int rc = pvar_op(session, handle, false, &h);
    if (rc != MPI_SUCCESS)
        return rc;
    if (buf == NULL)
        return MPI_T_ERR_INVALID;
    unsigned long long v = pvar_value(h->index);
    memcpy(buf, &v, sizeof(v));
    return MPI_SUCCESS;
}
OML_ALIAS(T_pvar_read)

OML_API int PMPI_T_pvar_write(MPI_T_pvar_session session, MPI_T_pvar_handle handle, const void *buf)
{
    (void)buf;
    pvar_handle_t *h;
    int rc = pvar_op(session, handle, false, &h);
    return rc == MPI_SUCCESS ? MPI_T_ERR_PVAR_NO_WRITE : rc;
}
OML_ALIAS(T_pvar_write)

OML_API int PMPI_T_pvar_reset(MPI_T_pvar_session session, MPI_T_pvar_handle handle)
{
    pvar_handle_t *h;
    int rc = pvar_op(session, handle, true, &h);
    return rc == MPI_SUCCESS && h != NULL ? MPI_T_ERR_PVAR_NO_WRITE : rc;
}
OML_ALIAS(T_pvar_reset)

OML_API int PMPI_T_pvar_readreset(MPI_T_pvar_session session, MPI_T_pvar_handle handle, void *buf)
{
    (void)buf;
    pvar_handle_t *h;
    int rc = pvar_op(session, handle, false, &h);
    return rc == MPI_SUCCESS ? MPI_T_ERR_PVAR_NO_WRITE : rc;
}
OML_ALIAS(T_pvar_readreset)

/* ---- categories: one, holding every variable ---- */

OML_API int PMPI_T_category_get_num(int *num_cat)
{
    T_CHECK_INIT();
    if (num_cat == NULL)
        return MPI_T_ERR_INVALID;
    *num_cat = 1;
    return MPI_SUCCESS;
}
OML_ALIAS(T_category_get_num)

OML_API int PMPI_T_category_get_info(int cat_index, char *name, int *name_len, char *desc,
                                     int *desc_len, int *num_cvars, int *num_pvars,
                                     int *num_categories)
{
    T_CHECK_INIT();
    if (cat_index != 0)
        return MPI_T_ERR_INVALID_INDEX;
    t_string(category_name, name, name_len);
    t_string(category_desc, desc, desc_len);
    t_set(num_cvars, NUM_CVARS);
    t_set(num_pvars, NUM_PVARS);
    t_set(num_categories, 0);
    return MPI_SUCCESS;
}
OML_ALIAS(T_category_get_info)

OML_API int PMPI_T_category_get_num_events(int cat_index, int *num_events)
{
    T_CHECK_INIT();
    if (cat_index != 0)
        return MPI_T_ERR_INVALID_INDEX;
    if (num_events == NULL)
        return MPI_T_ERR_INVALID;
    *num_events = 0;
    return MPI_SUCCESS;
}
OML_ALIAS(T_category_get_num_events)

OML_API int PMPI_T_category_get_index(const char *name, int *cat_index)
{
    T_CHECK_INIT();
    if (name == NULL || cat_index == NULL)
        return MPI_T_ERR_INVALID;
    if (strcmp(name, category_name) != 0)
        return MPI_T_ERR_INVALID_NAME;
    *cat_index = 0;
    return MPI_SUCCESS;
}
OML_ALIAS(T_category_get_index)

/* Fills indices[0..len) with the category's first variables of a kind that has n (the category
 * holds them all, in index order). */
static int category_list(int cat_index, int len, int indices[], int n)
{
    T_CHECK_INIT();
    if (cat_index != 0)
        return MPI_T_ERR_INVALID_INDEX;
    if (len < 0 || (len > 0 && indices == NULL))
        return MPI_T_ERR_INVALID;
    for (int i = 0; i < len && i < n; i++)
        indices[i] = i;
    return MPI_SUCCESS;
}

/* The category holds no events or subcategories. */
static int category_none(int cat_index, int len, int indices[])
{
    return category_list(cat_index, len, indices, 0);
}

OML_API int PMPI_T_category_get_cvars(int cat_index, int len, int indices[])
{
    return category_list(cat_index, len, indices, NUM_CVARS);
}
OML_ALIAS(T_category_get_cvars)

OML_API int PMPI_T_category_get_pvars(int cat_index, int len, int indices[])
{
    return category_list(cat_index, len, indices, NUM_PVARS);
}
OML_ALIAS(T_category_get_pvars)

OML_API int PMPI_T_category_get_events(int cat_index, int len, int indices[])
{
    return category_none(cat_index, len, indices);
}
OML_ALIAS(T_category_get_events)

OML_API int PMPI_T_category_get_categories(int cat_index, int len, int indices[])
{
    return category_none(cat_index, len, indices);
}
OML_ALIAS(T_category_get_categories)

OML_API int PMPI_T_category_changed(int *update_number)
{
    T_CHECK_INIT();
    if (update_number == NULL)
        return MPI_T_ERR_INVALID;
    *update_number = 0; /* the categories never change */
    return MPI_SUCCESS;
}
OML_ALIAS(T_category_changed)

/* ---- event sources and events: none yet ---- */

OML_API int PMPI_T_source_get_num(int *num_sources)
{
    T_CHECK_INIT();
    if (num_sources == NULL)
        return MPI_T_ERR_INVALID;
    *num_sources = 0;
    return MPI_SUCCESS;
}
OML_ALIAS(T_source_get_num)

OML_API int PMPI_T_source_get_info(int source_index, char *name, int *name_len, char *desc,
                                   int *desc_len, MPI_T_source_order *ordering,
                                   MPI_Count *ticks_per_second, MPI_Count *max_ticks,
                                   MPI_Info *info)
{
    (void)source_index, (void)name, (void)name_len, (void)desc, (void)desc_len, (void)ordering;
    (void)ticks_per_second, (void)max_ticks, (void)info;
    T_CHECK_INIT();
    return MPI_T_ERR_INVALID_INDEX;
}
OML_ALIAS(T_source_get_info)

OML_API int PMPI_T_source_get_timestamp(int source_index, MPI_Count *timestamp)
{
    (void)source_index, (void)timestamp;
    T_CHECK_INIT();
    return MPI_T_ERR_INVALID_INDEX;
}
OML_ALIAS(T_source_get_timestamp)

OML_API int PMPI_T_event_get_num(int *num_events)
{
    T_CHECK_INIT();
    if (num_events == NULL)
        return MPI_T_ERR_INVALID;
    *num_events = 0;
    return MPI_SUCCESS;
}
OML_ALIAS(T_event_get_num)

OML_API int PMPI_T_event_get_info(int event_index, char *name, int *name_len, int *verbosity,
                                  MPI_Datatype array_of_datatypes[],
                                  MPI_Aint array_of_displacements[], int *num_elements,
                                  MPI_T_enum *enumtype, MPI_Info *info, char *desc, int *desc_len,
                                  int *bind)
{
    (void)event_index, (void)name, (void)name_len, (void)verbosity, (void)array_of_datatypes;
    (void)array_of_displacements, (void)num_elements, (void)enumtype, (void)info, (void)desc;
    (void)desc_len, (void)bind;
    T_CHECK_INIT();
    return MPI_T_ERR_INVALID_INDEX;
}
OML_ALIAS(T_event_get_info)

OML_API int PMPI_T_event_get_index(const char *name, int *event_index)
{
    T_CHECK_INIT();
    if (name == NULL || event_index == NULL)
        return MPI_T_ERR_INVALID;
    return MPI_T_ERR_INVALID_NAME;
}
OML_ALIAS(T_event_get_index)

OML_API int PMPI_T_event_handle_alloc(int event_index, void *obj_handle, MPI_Info info,
                                      MPI_T_event_registration *event_registration)
{
    (void)event_index, (void)obj_handle, (void)info, (void)event_registration;
    T_CHECK_INIT();
    return MPI_T_ERR_INVALID_INDEX;
}
OML_ALIAS(T_event_handle_alloc)

/* No registration can exist: every call on one is given an invalid handle. */
#define T_NO_REGISTRATION()                                                                        \
    do {                                                                                           \
        T_CHECK_INIT();                                                                            \
        return MPI_T_ERR_INVALID_HANDLE;                                                           \
    } while (0)

OML_API int PMPI_T_event_handle_set_info(MPI_T_event_registration event_registration, MPI_Info info)
{
    (void)event_registration, (void)info;
    T_NO_REGISTRATION();
}
OML_ALIAS(T_event_handle_set_info)

OML_API int PMPI_T_event_handle_get_info(MPI_T_event_registration event_registration,
                                         MPI_Info *info_used)
{
    (void)event_registration, (void)info_used;
    T_NO_REGISTRATION();
}
OML_ALIAS(T_event_handle_get_info)

OML_API int PMPI_T_event_register_callback(MPI_T_event_registration event_registration,
                                           MPI_T_cb_safety cb_safety, MPI_Info info,
                                           void *user_data,
                                           MPI_T_event_cb_function event_cb_function)
{
    (void)event_registration, (void)cb_safety, (void)info, (void)user_data;
    (void)event_cb_function;
    T_NO_REGISTRATION();
}
OML_ALIAS(T_event_register_callback)

OML_API int PMPI_T_event_callback_set_info(MPI_T_event_registration event_registration,
                                           MPI_T_cb_safety cb_safety, MPI_Info info)
{
    (void)event_registration, (void)cb_safety, (void)info;
    T_NO_REGISTRATION();
}
OML_ALIAS(T_event_callback_set_info)

OML_API int PMPI_T_event_callback_get_info(MPI_T_event_registration event_registration,
                                           MPI_T_cb_safety cb_safety, MPI_Info *info_used)
{
    (void)event_registration, (void)cb_safety, (void)info_used;
    T_NO_REGISTRATION();
}
OML_ALIAS(T_event_callback_get_info)

OML_API int PMPI_T_event_handle_free(MPI_T_event_registration event_registration, void *user_data,
                                     MPI_T_event_free_cb_function free_cb_function)
{
    (void)event_registration, (void)user_data, (void)free_cb_function;
    T_NO_REGISTRATION();
}
OML_ALIAS(T_event_handle_free)

OML_API int PMPI_T_event_set_dropped_handler(MPI_T_event_registration event_registration,
                                             MPI_T_event_dropped_cb_function dropped_cb_function)
{
    (void)event_registration, (void)dropped_cb_function;
    T_NO_REGISTRATION();
}
OML_ALIAS(T_event_set_dropped_handler)

/* Event instances exist only inside an event callback, which is never called. */
OML_API int PMPI_T_event_read(MPI_T_event_instance event_instance, int element_index, void *buffer)
{
    (void)event_instance, (void)element_index, (void)buffer;
    T_NO_REGISTRATION();
}
OML_ALIAS(T_event_read)

OML_API int PMPI_T_event_copy(MPI_T_event_instance event_instance, void *buffer)
{
    (void)event_instance, (void)buffer;
    T_NO_REGISTRATION();
}
OML_ALIAS(T_event_copy)

OML_API int PMPI_T_event_get_timestamp(MPI_T_event_instance event_instance,
                                       MPI_Count *event_timestamp)
{
    (void)event_instance, (void)event_timestamp;
    T_NO_REGISTRATION();
}
OML_ALIAS(T_event_get_timestamp)

OML_API int PMPI_T_event_get_source(MPI_T_event_instance event_instance, int *source_index)
{
    (void)event_instance, (void)source_index;
    T_NO_REGISTRATION();
}
OML_ALIAS(T_event_get_source)
