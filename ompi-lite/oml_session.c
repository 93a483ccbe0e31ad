/*
 * ompi-lite/oml_session.c: the Sessions Model (MPI-4.0 11.3): sessions, their process sets,
 * groups from them and communicators from groups.
 *
 * A session shares the library's one instance with the World Model (oml_instance_start in
 * oml_init.c): MPI_Session_init starts it when nothing runs yet, so a program may use sessions
 * without MPI_Init, beside it, or both. Two process sets exist: mpi://WORLD (every process of
 * the job) and mpi://SELF.
 *
 * MPI_Comm_create_from_group is collective over the group's members alone, like
 * MPI_Comm_create_group; it agrees on a context on the same members-only channel (context 4)
 * with a tag made from the string tag: a 30-bit hash placed below every tag that
 * MPI_Comm_create_group (user tags, >= 0) or an intercommunicator constructor (-3 - context)
 * uses there. Two concurrent calls over overlapping members whose string tags hash alike would
 * cross; the hash makes that about one in a billion for a pair of tags.
 */
#include "oml_fortran.h"
#include "oml_impl.h"
#include "runtime/rt.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SESSION_MAGIC 0x5e5510u

typedef struct oml_session {
    uint32_t magic;
    int thread_level;
    MPI_Errhandler errhandler;
    uint64_t id;        /* its groups and communicators name it by this (never 0) */
    oml_bsbuf_t *bsbuf; /* MPI_Session_attach_buffer's buffer, or NULL */
} oml_session_t;

static uint64_t session_ids;

static const char *const pset_names[] = {"mpi://WORLD", "mpi://SELF"};
#define NUM_PSETS ((int)(sizeof(pset_names) / sizeof(pset_names[0])))

static oml_session_t *session_get(MPI_Session s)
{
    if ((uintptr_t)s < OML_HANDLE_PREDEFINED_MAX)
        return NULL;
    oml_session_t *p = (oml_session_t *)s;
    return p->magic == SESSION_MAGIC ? p : NULL;
}

/* Raises errclass on session s (NULL: no session to raise it on, so it is returned). */
static int session_error(oml_session_t *s, int errclass, const char *fn, const char *fmt, ...)
{
    if (s == NULL) {
        va_list ap;
        va_start(ap, fmt);
        char detail[512];
        vsnprintf(detail, sizeof(detail), fmt, ap);
        va_end(ap);
        fprintf(stderr, "ompi-lite: %s: %s\n", fn, detail);
        return errclass;
    }
    va_list ap;
    va_start(ap, fmt);
    int rc = oml_raise(s->errhandler, OML_FH_SESSION, (void *)s, errclass, fn, fmt, ap);
    va_end(ap);
    return rc;
}

static int session_check(const char *fn, MPI_Session session, oml_session_t **s_p)
{
    *s_p = session_get(session);
    if (*s_p == NULL)
        return session_error(NULL, MPI_ERR_SESSION, fn,
                             "invalid session (not one that MPI_Session_init returned, or one "
                             "already finalized)");
    return MPI_SUCCESS;
}

/* The thread level that info's "thread_level" asks for; -1: a value that is not one. */
static int session_thread_level(MPI_Info info)
{
    char value[64];
    int flag = 0;
    if (info == MPI_INFO_NULL ||
        PMPI_Info_get(info, "thread_level", (int)sizeof(value) - 1, value, &flag) != MPI_SUCCESS ||
        !flag)
        return MPI_THREAD_SINGLE;
    static const struct {
        const char *name;
        int level;
    } levels[] = {{"MPI_THREAD_SINGLE", MPI_THREAD_SINGLE},
                  {"MPI_THREAD_FUNNELED", MPI_THREAD_FUNNELED},
                  {"MPI_THREAD_SERIALIZED", MPI_THREAD_SERIALIZED},
                  {"MPI_THREAD_MULTIPLE", MPI_THREAD_MULTIPLE}};
    for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
        if (strcasecmp(value, levels[i].name) == 0)
            return levels[i].level;
    }
    return -1;
}

static const char *thread_level_name(int level)
{
    return level == MPI_THREAD_MULTIPLE     ? "MPI_THREAD_MULTIPLE"
           : level == MPI_THREAD_SERIALIZED ? "MPI_THREAD_SERIALIZED"
           : level == MPI_THREAD_FUNNELED   ? "MPI_THREAD_FUNNELED"
                                            : "MPI_THREAD_SINGLE";
}

OML_API int PMPI_Session_init(MPI_Info info, MPI_Errhandler errhandler, MPI_Session *session)
{
    static const char fn[] = "MPI_Session_init";
    if (session == NULL)
        return session_error(NULL, MPI_ERR_ARG, fn, "session is NULL");
    if (!oml_errhandler_valid_for(errhandler, OML_FH_SESSION))
        return session_error(NULL, MPI_ERR_ARG, fn,
                             "invalid error handler: give MPI_ERRORS_ARE_FATAL, "
                             "MPI_ERRORS_ABORT, MPI_ERRORS_RETURN or one made by "
                             "MPI_Session_create_errhandler");
    int required = session_thread_level(info);
    if (required < 0)
        return session_error(NULL, MPI_ERR_ARG, fn,
                             "info key thread_level must be MPI_THREAD_SINGLE, "
                             "MPI_THREAD_FUNNELED, MPI_THREAD_SERIALIZED or MPI_THREAD_MULTIPLE");
    oml_session_t *s = malloc(sizeof(*s));
    if (s == NULL)
        return session_error(NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    /* provides every level; the session has what the library runs at, when that is more (an
     * MPI_Init_thread before it, or another session, may have asked for MPI_THREAD_MULTIPLE) */
    int running = oml_instance_start(fn, required);
    *s = (oml_session_t){.magic = SESSION_MAGIC,
                         .thread_level = running > required ? running : required,
                         .errhandler = errhandler,
                         .id = ++session_ids};
    oml_errhandler_retain(errhandler);
    oml_global.sessions++;
    *session = (MPI_Session)s;
    return MPI_SUCCESS;
}
OML_ALIAS(Session_init)

OML_API int PMPI_Session_finalize(MPI_Session *session)
{
    static const char fn[] = "MPI_Session_finalize";
    oml_session_t *s;
    if (session == NULL)
        return session_error(NULL, MPI_ERR_ARG, fn, "session is NULL");
    int rc = session_check(fn, *session, &s);
    if (rc != MPI_SUCCESS)
        return rc;
    /* A buffer attached to it is detached: this waits until its messages have left it. */
    oml_bsbuf_release(&s->bsbuf);
    oml_errhandler_release(s->errhandler);
    s->magic = 0;
    free(s);
    *session = MPI_SESSION_NULL;
    oml_instance_release();
    return MPI_SUCCESS;
}
OML_ALIAS(Session_finalize)

OML_API int PMPI_Session_get_num_psets(MPI_Session session, MPI_Info info, int *npset_names)
{
    static const char fn[] = "MPI_Session_get_num_psets";
    (void)info; /* no key narrows the list */
    oml_session_t *s;
    int rc = session_check(fn, session, &s);
    if (rc != MPI_SUCCESS)
        return rc;
    if (npset_names == NULL)
        return session_error(s, MPI_ERR_ARG, fn, "npset_names is NULL");
    *npset_names = NUM_PSETS;
    return MPI_SUCCESS;
}
OML_ALIAS(Session_get_num_psets)

/* pset_len 0 asks for the name's length (with its terminating null); else up to pset_len - 1
 * characters and a null are written. */
OML_API int PMPI_Session_get_nth_pset(MPI_Session session, MPI_Info info, int n, int *pset_len,
                                      char *pset_name)
{
    static const char fn[] = "MPI_Session_get_nth_pset";
    (void)info;
    oml_session_t *s;
    int rc = session_check(fn, session, &s);
    if (rc != MPI_SUCCESS)
        return rc;
    if (n < 0 || n >= NUM_PSETS)
        return session_error(s, MPI_ERR_ARG, fn, "n is %d; there are %d process sets (0 to %d)", n,
                             NUM_PSETS, NUM_PSETS - 1);
    if (pset_len == NULL || *pset_len < 0 || (*pset_len > 0 && pset_name == NULL))
        return session_error(s, MPI_ERR_ARG, fn,
                             "pset_len is NULL or negative, or pset_name "
                             "is NULL");
    int need = (int)strlen(pset_names[n]) + 1;
    if (*pset_len == 0) {
        *pset_len = need;
        return MPI_SUCCESS;
    }
    snprintf(pset_name, (size_t)*pset_len, "%s", pset_names[n]);
    *pset_len = need;
    return MPI_SUCCESS;
}
OML_ALIAS(Session_get_nth_pset)

/* A new info holding key = value, for the caller to free. */
static int session_info(oml_session_t *s, const char *fn, const char *key, const char *value,
                        MPI_Info *info)
{
    int rc = PMPI_Info_create(info);
    if (rc == MPI_SUCCESS && (rc = PMPI_Info_set(*info, key, value)) != MPI_SUCCESS)
        PMPI_Info_free(info);
    return rc == MPI_SUCCESS ? rc : session_error(s, rc, fn, "could not make the info");
}

OML_API int PMPI_Session_get_info(MPI_Session session, MPI_Info *info_used)
{
    static const char fn[] = "MPI_Session_get_info";
    oml_session_t *s;
    int rc = session_check(fn, session, &s);
    if (rc != MPI_SUCCESS)
        return rc;
    if (info_used == NULL)
        return session_error(s, MPI_ERR_ARG, fn, "info_used is NULL");
    return session_info(s, fn, "thread_level", thread_level_name(s->thread_level), info_used);
}
OML_ALIAS(Session_get_info)

/* The index of the process set named name, or -1 (names compare without case, as URIs' schemes
 * do). */
static int pset_find(const char *name)
{
    for (int i = 0; name != NULL && i < NUM_PSETS; i++) {
        if (strcasecmp(name, pset_names[i]) == 0)
            return i;
    }
    return -1;
}

/* Checks session and finds its process set name: *s_p and *p_p (the set's index). */
static int session_pset(const char *fn, MPI_Session session, const char *name, oml_session_t **s_p,
                        int *p_p)
{
    int rc = session_check(fn, session, s_p);
    if (rc != MPI_SUCCESS)
        return rc;
    if ((*p_p = pset_find(name)) < 0)
        return session_error(*s_p, MPI_ERR_ARG, fn,
                             "no process set is named \"%s\"; there are mpi://WORLD and "
                             "mpi://SELF (MPI_Session_get_nth_pset lists them)",
                             name != NULL ? name : "(NULL)");
    return MPI_SUCCESS;
}

OML_API int PMPI_Session_get_pset_info(MPI_Session session, const char *pset_name, MPI_Info *info)
{
    static const char fn[] = "MPI_Session_get_pset_info";
    oml_session_t *s;
    int p, rc = session_pset(fn, session, pset_name, &s, &p);
    if (rc != MPI_SUCCESS)
        return rc;
    if (info == NULL)
        return session_error(s, MPI_ERR_ARG, fn, "info is NULL");
    char size[32];
    snprintf(size, sizeof(size), "%d", p == 0 ? oml_rt_job.size : 1);
    return session_info(s, fn, "mpi_size", size, info);
}
OML_ALIAS(Session_get_pset_info)

OML_API int PMPI_Group_from_session_pset(MPI_Session session, const char *pset_name,
                                         MPI_Group *newgroup)
{
    static const char fn[] = "MPI_Group_from_session_pset";
    oml_session_t *s;
    int p, rc = session_pset(fn, session, pset_name, &s, &p);
    if (rc != MPI_SUCCESS)
        return rc;
    if (newgroup == NULL)
        return session_error(s, MPI_ERR_ARG, fn, "newgroup is NULL");
    int n = p == 0 ? oml_rt_job.size : 1;
    int *world = malloc((size_t)n * sizeof(int));
    for (int i = 0; world != NULL && i < n; i++)
        world[i] = p == 0 ? i : oml_rt_job.rank;
    oml_group_t *g = world != NULL ? oml_group_new(world, n) : NULL;
    free(world);
    if (g == NULL)
        return session_error(s, MPI_ERR_NO_MEM, fn, "out of memory");
    g->session = s->id;
    *newgroup = (MPI_Group)g;
    return MPI_SUCCESS;
}
OML_ALIAS(Group_from_session_pset)

/* stringtag's hash (FNV-1a). */
static uint32_t stringtag_hash(const char *stringtag)
{
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)stringtag; *p != '\0'; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

/* The members-only agreement's tag for stringtag: 30 bits, in [INT_MIN, INT_MIN + 2^30). */
static int stringtag_tag(const char *stringtag)
{
    return INT_MIN + (int)(stringtag_hash(stringtag) & 0x3fffffffu);
}

/* The tag of the two leaders' agreement of MPI_Intercomm_create_from_groups: in
 * [-2^30, -2^30 + 2^29), apart from the above and from the intercommunicators' tags. */
static int stringtag_bridge_tag(const char *stringtag)
{
    return -(1 << 30) + (int)(stringtag_hash(stringtag) & 0x1fffffffu);
}

/* Checks MPI_Comm_create_from_group's and MPI_Intercomm_create_from_groups' common arguments. */
static int from_group_check(const char *fn, const char *stringtag, MPI_Errhandler errhandler,
                            const MPI_Comm *newcomm)
{
    OML_CHECK_INIT(fn);
    if (stringtag == NULL || strlen(stringtag) >= MPI_MAX_STRINGTAG_LEN)
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "stringtag is NULL or longer than MPI_MAX_STRINGTAG_LEN - 1 (%d) "
                         "characters",
                         MPI_MAX_STRINGTAG_LEN - 1);
    if (errhandler != MPI_ERRHANDLER_NULL && !oml_errhandler_valid_for(errhandler, OML_FH_COMM))
        return oml_error(NULL, MPI_ERR_ARG, fn,
                         "invalid error handler (or one made for windows, files or sessions)");
    if (newcomm == NULL)
        return oml_error(NULL, MPI_ERR_ARG, fn, "the new communicator's argument is NULL");
    return MPI_SUCCESS;
}

/* A communicator over the job ranks world[0..size-1] (copied), this process being world[rank],
 * agreed on by those processes alone with tag. */
static int from_members(const char *fn, const int *world, int size, int rank, int tag,
                        oml_comm_t **out)
{
    int *copy = malloc((size_t)size * sizeof(int));
    if (copy == NULL)
        return oml_error(NULL, MPI_ERR_NO_MEM, fn, "out of memory");
    memcpy(copy, world, (size_t)size * sizeof(int));
    return oml_comm_make(fn, &oml_global.world, copy, size, rank, true, tag, out);
}

/* Gives the new communicator c its error handler, info and the session of its group g. */
static int from_group_finish(MPI_Comm c, const oml_group_t *g, MPI_Errhandler errhandler,
                             MPI_Info info)
{
    oml_comm_t *out = oml_comm_get(c);
    out->session = g->session;
    MPI_Errhandler eh = errhandler != MPI_ERRHANDLER_NULL ? errhandler : MPI_ERRORS_ARE_FATAL;
    oml_errhandler_retain(eh);
    oml_errhandler_release(out->errhandler);
    out->errhandler = eh;
    return info != MPI_INFO_NULL ? PMPI_Comm_set_info(c, info) : MPI_SUCCESS;
}

OML_API int PMPI_Comm_create_from_group(MPI_Group group, const char *stringtag, MPI_Info info,
                                        MPI_Errhandler errhandler, MPI_Comm *newcomm)
{
    static const char fn[] = "MPI_Comm_create_from_group";
    int rc = from_group_check(fn, stringtag, errhandler, newcomm);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_group_t *g = oml_group_get(group);
    if (g == NULL)
        return oml_error(NULL, MPI_ERR_GROUP, fn, "invalid group");
    if (g->rank == MPI_UNDEFINED)
        return oml_error(NULL, MPI_ERR_GROUP, fn,
                         "the calling process is not in the group; only members call "
                         "MPI_Comm_create_from_group");
    oml_comm_t *out;
    if ((rc = from_members(fn, g->world, g->size, g->rank, stringtag_tag(stringtag), &out)) !=
        MPI_SUCCESS)
        return rc;
    *newcomm = (MPI_Comm)out;
    return from_group_finish(*newcomm, g, errhandler, info);
}
OML_ALIAS(Comm_create_from_group)

/*
 * Each group makes its communicator as MPI_Comm_create_from_group does (the groups are
 * disjoint, so the same tag serves both), the two leaders make one of their own (a tag of its
 * own range), and MPI_Intercomm_create joins the groups over it.
 */
OML_API int PMPI_Intercomm_create_from_groups(MPI_Group local_group, int local_leader,
                                              MPI_Group remote_group, int remote_leader,
                                              const char *stringtag, MPI_Info info,
                                              MPI_Errhandler errhandler, MPI_Comm *newintercomm)
{
    static const char fn[] = "MPI_Intercomm_create_from_groups";
    int rc = from_group_check(fn, stringtag, errhandler, newintercomm);
    if (rc != MPI_SUCCESS)
        return rc;
    oml_group_t *lg = oml_group_get(local_group), *rg = oml_group_get(remote_group);
    if (lg == NULL || rg == NULL)
        return oml_error(NULL, MPI_ERR_GROUP, fn, "invalid %s group",
                         lg == NULL ? "local" : "remote");
    if (lg->rank == MPI_UNDEFINED)
        return oml_error(NULL, MPI_ERR_GROUP, fn,
                         "the calling process is not in local_group; each process passes its "
                         "own group as local_group");
    if (local_leader < 0 || local_leader >= lg->size || remote_leader < 0 ||
        remote_leader >= rg->size)
        return oml_error(NULL, MPI_ERR_RANK, fn,
                         "local_leader %d or remote_leader %d is not a rank of its group (sizes "
                         "%d and %d)",
                         local_leader, remote_leader, lg->size, rg->size);
    oml_comm_t *local, *bridge = NULL;
    if ((rc = from_members(fn, lg->world, lg->size, lg->rank, stringtag_tag(stringtag), &local)) !=
        MPI_SUCCESS)
        return rc;
    MPI_Comm lc = (MPI_Comm)local, bc = MPI_COMM_NULL;
    int peer_leader = 0;
    if (lg->rank == local_leader) {
        int mine = lg->world[local_leader], theirs = rg->world[remote_leader];
        if (mine == theirs)
            rc = oml_error(local, MPI_ERR_GROUP, fn,
                           "the two leaders are the same process (job rank %d); the groups must "
                           "be disjoint",
                           mine);
        int pair[2] = {mine < theirs ? mine : theirs, mine < theirs ? theirs : mine};
        peer_leader = mine < theirs ? 1 : 0;
        if (rc == MPI_SUCCESS)
            rc = from_members(fn, pair, 2, 1 - peer_leader, stringtag_bridge_tag(stringtag),
                              &bridge);
        bc = bridge != NULL ? (MPI_Comm)bridge : MPI_COMM_NULL;
    }
    if (rc == MPI_SUCCESS)
        rc = PMPI_Intercomm_create(lc, local_leader, bc, peer_leader, 0, newintercomm);
    if (bc != MPI_COMM_NULL)
        PMPI_Comm_free(&bc);
    PMPI_Comm_free(&lc);
    if (rc != MPI_SUCCESS)
        return rc;
    return from_group_finish(*newintercomm, lg, errhandler, info);
}
OML_ALIAS(Intercomm_create_from_groups)

/* ---- error handlers ---- */

int oml_session_errhandler_create(MPI_Session_errhandler_function *fn, bool fortran,
                                  MPI_Errhandler *errhandler)
{
    return oml_errhandler_new("MPI_Session_create_errhandler", OML_FH_SESSION,
                              (MPI_Comm_errhandler_function *)fn, fortran, errhandler);
}

OML_API int PMPI_Session_create_errhandler(MPI_Session_errhandler_function *session_errhandler_fn,
                                           MPI_Errhandler *errhandler)
{
    return oml_session_errhandler_create(session_errhandler_fn, false, errhandler);
}
OML_ALIAS(Session_create_errhandler)

OML_API int PMPI_Session_set_errhandler(MPI_Session session, MPI_Errhandler errhandler)
{
    static const char fn[] = "MPI_Session_set_errhandler";
    oml_session_t *s;
    int rc = session_check(fn, session, &s);
    if (rc != MPI_SUCCESS)
        return rc;
    if (!oml_errhandler_valid_for(errhandler, OML_FH_SESSION))
        return session_error(s, MPI_ERR_ARG, fn,
                             "invalid error handler (or one made for communicators, windows or "
                             "files)");
    oml_errhandler_retain(errhandler);
    oml_errhandler_release(s->errhandler);
    s->errhandler = errhandler;
    return MPI_SUCCESS;
}
OML_ALIAS(Session_set_errhandler)

OML_API int PMPI_Session_get_errhandler(MPI_Session session, MPI_Errhandler *errhandler)
{
    static const char fn[] = "MPI_Session_get_errhandler";
    oml_session_t *s;
    int rc = session_check(fn, session, &s);
    if (rc != MPI_SUCCESS)
        return rc;
    if (errhandler == NULL)
        return session_error(s, MPI_ERR_ARG, fn, "errhandler is NULL");
    oml_errhandler_retain(s->errhandler); /* the caller frees it with MPI_Errhandler_free */
    *errhandler = s->errhandler;
    return MPI_SUCCESS;
}
OML_ALIAS(Session_get_errhandler)

OML_API int PMPI_Session_call_errhandler(MPI_Session session, int errorcode)
{
    static const char fn[] = "MPI_Session_call_errhandler";
    oml_session_t *s;
    int rc = session_check(fn, session, &s);
    if (rc != MPI_SUCCESS)
        return rc;
    session_error(s, errorcode, fn, "error code %d raised by the application", errorcode);
    return MPI_SUCCESS; /* the standard: returns MPI_SUCCESS when the handler returns */
}
OML_ALIAS(Session_call_errhandler)

/* ---- buffered sends: the session's buffer ---- */

static int session_buf(const char *fn, MPI_Session session, oml_session_t **s_p, oml_errto_t *e)
{
    int rc = session_check(fn, session, s_p);
    if (rc == MPI_SUCCESS)
        *e = (oml_errto_t){(*s_p)->errhandler, OML_FH_SESSION, (void *)*s_p, "the session"};
    return rc;
}

static int session_attach(const char *fn, MPI_Session session, void *buffer, MPI_Count size)
{
    oml_session_t *s;
    oml_errto_t e;
    int rc = session_buf(fn, session, &s, &e);
    return rc != MPI_SUCCESS ? rc : oml_bsbuf_attach(fn, &e, &s->bsbuf, s->id, buffer, size);
}

OML_API int PMPI_Session_attach_buffer(MPI_Session session, void *buffer, int size)
{
    return session_attach("MPI_Session_attach_buffer", session, buffer, size);
}
OML_ALIAS(Session_attach_buffer)

OML_API int PMPI_Session_attach_buffer_c(MPI_Session session, void *buffer, MPI_Count size)
{
    return session_attach("MPI_Session_attach_buffer_c", session, buffer, size);
}
OML_ALIAS(Session_attach_buffer_c)

OML_API int PMPI_Session_detach_buffer(MPI_Session session, void *buffer_addr, int *size)
{
    static const char fn[] = "MPI_Session_detach_buffer";
    oml_session_t *s;
    oml_errto_t e;
    int rc = session_buf(fn, session, &s, &e);
    return rc != MPI_SUCCESS ? rc : oml_bsbuf_detach(fn, &e, &s->bsbuf, buffer_addr, size, true);
}
OML_ALIAS(Session_detach_buffer)

OML_API int PMPI_Session_detach_buffer_c(MPI_Session session, void *buffer_addr, MPI_Count *size)
{
    static const char fn[] = "MPI_Session_detach_buffer_c";
    oml_session_t *s;
    oml_errto_t e;
    int rc = session_buf(fn, session, &s, &e);
    return rc != MPI_SUCCESS ? rc : oml_bsbuf_detach(fn, &e, &s->bsbuf, buffer_addr, size, false);
}
OML_ALIAS(Session_detach_buffer_c)

OML_API int PMPI_Session_flush_buffer(MPI_Session session)
{
    static const char fn[] = "MPI_Session_flush_buffer";
    oml_session_t *s;
    oml_errto_t e;
    int rc = session_buf(fn, session, &s, &e);
    return rc != MPI_SUCCESS ? rc : oml_bsbuf_flush(fn, &e, NULL, s->bsbuf, NULL);
}
OML_ALIAS(Session_flush_buffer)

OML_API int PMPI_Session_iflush_buffer(MPI_Session session, MPI_Request *request)
{
    static const char fn[] = "MPI_Session_iflush_buffer";
    oml_session_t *s;
    oml_errto_t e;
    int rc = session_buf(fn, session, &s, &e);
    if (rc != MPI_SUCCESS)
        return rc;
    if (request == NULL)
        return session_error(s, MPI_ERR_ARG, fn, "request is NULL");
    return oml_bsbuf_flush(fn, &e, NULL, s->bsbuf, request);
}
OML_ALIAS(Session_iflush_buffer)
