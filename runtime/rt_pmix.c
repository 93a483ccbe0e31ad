/*
 * runtime/rt_pmix.c: PMIx client wire-up and singleton mode.
 */
#include "runtime/rt.h"

#include <pmix.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

oml_rt_job_t oml_rt_job;

static pmix_proc_t rt_myproc;

static int rt_get_u32(const pmix_proc_t *proc, const char *key, uint32_t *out)
{
    pmix_value_t *val = NULL;
    if (PMIx_Get(proc, key, NULL, 0, &val) != PMIX_SUCCESS || val == NULL)
        return -1;
    switch (val->type) {
    case PMIX_UINT32:
        *out = val->data.uint32;
        break;
    case PMIX_UINT16:
        *out = val->data.uint16;
        break;
    case PMIX_INT:
        *out = (uint32_t)val->data.integer;
        break;
    case PMIX_PROC_RANK:
        *out = val->data.rank;
        break;
    default:
        PMIX_VALUE_RELEASE(val);
        return -1;
    }
    PMIX_VALUE_RELEASE(val);
    return 0;
}

/* A process that has no PMIx server in its environment was started by hand. */
static int rt_have_server(void)
{
    return getenv("PMIX_NAMESPACE") != NULL || getenv("PMIX_SERVER_URI41") != NULL ||
           getenv("PMIX_SERVER_URI4") != NULL || getenv("PMIX_SERVER_URI3") != NULL ||
           getenv("PMIX_SERVER_URI2") != NULL;
}

/*
 * The job ranks on this node, by local rank, from PMIX_LOCAL_PEERS ("0,1,2,3"). Without it a
 * process can only know itself: it is then alone on its node as far as we know.
 */
static oml_status_t rt_local_peers(const pmix_proc_t *wildcard)
{
    pmix_value_t *val = NULL;
    int n = 0;
    oml_rt_job.local_peers = malloc(sizeof(int) * (size_t)oml_rt_job.size);
    if (oml_rt_job.local_peers == NULL)
        return OML_ERR_NOMEM;
    if (wildcard != NULL && PMIx_Get(wildcard, PMIX_LOCAL_PEERS, NULL, 0, &val) == PMIX_SUCCESS &&
        val != NULL && val->type == PMIX_STRING && val->data.string != NULL) {
        const char *p = val->data.string;
        while (*p != '\0' && n < oml_rt_job.size) {
            char *end;
            long r = strtol(p, &end, 10);
            if (end == p || r < 0 || r >= oml_rt_job.size)
                break;
            oml_rt_job.local_peers[n++] = (int)r;
            p = *end == ',' ? end + 1 : end;
        }
    }
    if (val != NULL)
        PMIX_VALUE_RELEASE(val);
    bool me = false;
    for (int i = 0; i < n; i++)
        me = me || oml_rt_job.local_peers[i] == oml_rt_job.rank;
    if (n != oml_rt_job.local_size || !me) {
        oml_rt_job.local_peers[0] = oml_rt_job.rank;
        oml_rt_job.local_size = 1;
        oml_rt_job.local_rank = 0;
    }
    return OML_OK;
}

oml_status_t oml_rt_init(void)
{
    pmix_status_t rc;
    pmix_proc_t wildcard;
    uint32_t v;

    memset(&oml_rt_job, 0, sizeof(oml_rt_job));
    gethostname(oml_rt_job.hostname, sizeof(oml_rt_job.hostname) - 1);
    if (!rt_have_server()) {
        oml_rt_job.singleton = 1;
        oml_rt_job.size = 1;
        oml_rt_job.local_size = 1;
        snprintf(oml_rt_job.nspace, sizeof(oml_rt_job.nspace), "singleton-%d", (int)getpid());
        return rt_local_peers(NULL);
    }

    rc = PMIx_Init(&rt_myproc, NULL, 0);
    if (rc != PMIX_SUCCESS) {
        fprintf(stderr,
                "ompi-lite: PMIx_Init failed on %s: %s. Start the program with mpirun "
                "(or srun --mpi=pmix), or without any launcher as a singleton.\n",
                oml_rt_job.hostname, PMIx_Error_string(rc));
        return OML_ERR_RUNTIME;
    }
    oml_rt_job.rank = (int)rt_myproc.rank;
    snprintf(oml_rt_job.nspace, sizeof(oml_rt_job.nspace), "%s", rt_myproc.nspace);

    PMIX_PROC_CONSTRUCT(&wildcard);
    PMIX_LOAD_PROCID(&wildcard, rt_myproc.nspace, PMIX_RANK_WILDCARD);
    if (rt_get_u32(&wildcard, PMIX_JOB_SIZE, &v) != 0) {
        fprintf(stderr, "ompi-lite: the PMIx server gave no job size (PMIX_JOB_SIZE)\n");
        return OML_ERR_RUNTIME;
    }
    oml_rt_job.size = (int)v;
    oml_rt_job.local_size = rt_get_u32(&wildcard, PMIX_LOCAL_SIZE, &v) == 0 ? (int)v : 1;
    oml_rt_job.local_rank = rt_get_u32(&rt_myproc, PMIX_LOCAL_RANK, &v) == 0 ? (int)v : 0;
    oml_rt_job.node_id = rt_get_u32(&rt_myproc, PMIX_NODEID, &v) == 0 ? v : 0;
    oml_rt_job.appnum = rt_get_u32(&rt_myproc, PMIX_APPNUM, &v) == 0 ? (int)v : 0;
    return rt_local_peers(&wildcard);
}

/* The node of one job rank from the launcher's data, never asking the server. */
static int rt_node_of(int rank, uint32_t *out)
{
    pmix_proc_t proc;
    pmix_info_t info;
    pmix_value_t *val = NULL;
    bool yes = true;
    int rc = -1;

    PMIX_LOAD_PROCID(&proc, rt_myproc.nspace, (pmix_rank_t)rank);
    PMIX_INFO_LOAD(&info, PMIX_OPTIONAL, &yes, PMIX_BOOL);
    if (PMIx_Get(&proc, PMIX_NODEID, &info, 1, &val) == PMIX_SUCCESS && val != NULL &&
        val->type == PMIX_UINT32) {
        *out = val->data.uint32;
        rc = 0;
    }
    if (val != NULL)
        PMIX_VALUE_RELEASE(val);
    val = NULL;
    if (rc != 0 && PMIx_Get(&proc, PMIX_HOSTNAME, &info, 1, &val) == PMIX_SUCCESS && val != NULL &&
        val->type == PMIX_STRING && val->data.string != NULL) {
        /* FNV-1a of the host name: two hosts that collide only share collective steps */
        uint32_t h = 2166136261u;
        for (const char *c = val->data.string; *c != '\0'; c++)
            h = (h ^ (unsigned char)*c) * 16777619u;
        *out = h;
        rc = 0;
    }
    if (val != NULL)
        PMIX_VALUE_RELEASE(val);
    PMIX_INFO_DESTRUCT(&info);
    return rc;
}

static uint32_t *rt_node_ids;
static bool rt_node_ids_tried;

const uint32_t *oml_rt_node_ids(void)
{
    if (rt_node_ids_tried)
        return rt_node_ids;
    rt_node_ids_tried = true;
    uint32_t *ids = malloc(sizeof(uint32_t) * (size_t)oml_rt_job.size);
    if (ids == NULL)
        return NULL;
    for (int r = 0; r < oml_rt_job.size; r++) {
        if (oml_rt_job.singleton) {
            ids[r] = oml_rt_job.node_id;
        } else if (rt_node_of(r, &ids[r]) != 0) {
            free(ids);
            return NULL;
        }
    }
    rt_node_ids = ids;
    return ids;
}

oml_status_t oml_rt_finalize(void)
{
    free(oml_rt_job.local_peers);
    oml_rt_job.local_peers = NULL;
    free(rt_node_ids);
    rt_node_ids = NULL;
    rt_node_ids_tried = false;
    if (oml_rt_job.singleton)
        return OML_OK;
    return PMIx_Finalize(NULL, 0) == PMIX_SUCCESS ? OML_OK : OML_ERR_RUNTIME;
}

/*
 * Singleton mode keeps its own blobs in a small list, so the modex code path is the same with
 * and without a server.
 */
typedef struct rt_blob {
    struct rt_blob *next;
    char *key;
    void *data;
    size_t len;
} rt_blob_t;
static rt_blob_t *rt_local_blobs;

oml_status_t oml_rt_put(const char *key, const void *data, size_t len)
{
    if (oml_rt_job.singleton) {
        rt_blob_t *b = calloc(1, sizeof(*b));
        if (b == NULL || (b->data = malloc(len ? len : 1)) == NULL) {
            free(b);
            return OML_ERR_NOMEM;
        }
        b->key = strdup(key);
        memcpy(b->data, data, len);
        b->len = len;
        b->next = rt_local_blobs;
        rt_local_blobs = b;
        return OML_OK;
    }
    pmix_value_t val;
    PMIX_VALUE_CONSTRUCT(&val);
    val.type = PMIX_BYTE_OBJECT;
    val.data.bo.bytes = (char *)data;
    val.data.bo.size = len;
    return PMIx_Put(PMIX_GLOBAL, key, &val) == PMIX_SUCCESS ? OML_OK : OML_ERR_RUNTIME;
}

oml_status_t oml_rt_commit(void)
{
    if (oml_rt_job.singleton)
        return OML_OK;
    return PMIx_Commit() == PMIX_SUCCESS ? OML_OK : OML_ERR_RUNTIME;
}

oml_status_t oml_rt_fence(int collect)
{
    if (oml_rt_job.singleton)
        return OML_OK;
    pmix_info_t info;
    bool flag = collect ? true : false;
    PMIX_INFO_LOAD(&info, PMIX_COLLECT_DATA, &flag, PMIX_BOOL);
    pmix_status_t rc = PMIx_Fence(NULL, 0, &info, 1);
    PMIX_INFO_DESTRUCT(&info);
    if (rc != PMIX_SUCCESS) {
        fprintf(stderr, "ompi-lite: rank %d on %s: PMIx_Fence failed: %s\n", oml_rt_job.rank,
                oml_rt_job.hostname, PMIx_Error_string(rc));
        return OML_ERR_RUNTIME;
    }
    return OML_OK;
}

/* Runs on PMIx's thread when the fence completes. */
static void rt_fence_done(pmix_status_t status, void *cbdata)
{
    if (status != PMIX_SUCCESS)
        fprintf(stderr, "ompi-lite: rank %d on %s: PMIx fence failed: %s\n", oml_rt_job.rank,
                oml_rt_job.hostname, PMIx_Error_string(status));
    __atomic_store_n((volatile int *)cbdata, 1, __ATOMIC_RELEASE);
}

oml_status_t oml_rt_fence_start(volatile int *done)
{
    *done = 0;
    if (oml_rt_job.singleton) {
        *done = 1;
        return OML_OK;
    }
    pmix_status_t rc = PMIx_Fence_nb(NULL, 0, NULL, 0, rt_fence_done, (void *)done);
    if (rc == PMIX_OPERATION_SUCCEEDED) {
        *done = 1;
        return OML_OK;
    }
    if (rc != PMIX_SUCCESS) {
        fprintf(stderr, "ompi-lite: rank %d on %s: PMIx_Fence_nb failed: %s\n", oml_rt_job.rank,
                oml_rt_job.hostname, PMIx_Error_string(rc));
        return OML_ERR_RUNTIME;
    }
    return OML_OK;
}

oml_status_t oml_rt_get(int rank, const char *key, void **data_p, size_t *len_p)
{
    if (oml_rt_job.singleton) {
        for (rt_blob_t *b = rt_local_blobs; b != NULL; b = b->next) {
            if (rank == 0 && strcmp(b->key, key) == 0) {
                *data_p = malloc(b->len ? b->len : 1);
                if (*data_p == NULL)
                    return OML_ERR_NOMEM;
                memcpy(*data_p, b->data, b->len);
                *len_p = b->len;
                return OML_OK;
            }
        }
        return OML_ERR_NOT_FOUND;
    }
    pmix_proc_t proc;
    pmix_value_t *val = NULL;
    PMIX_LOAD_PROCID(&proc, rt_myproc.nspace, (pmix_rank_t)rank);
    if (PMIx_Get(&proc, key, NULL, 0, &val) != PMIX_SUCCESS || val == NULL)
        return OML_ERR_NOT_FOUND;
    if (val->type != PMIX_BYTE_OBJECT) {
        PMIX_VALUE_RELEASE(val);
        return OML_ERR_RUNTIME;
    }
    *len_p = val->data.bo.size;
    *data_p = malloc(*len_p ? *len_p : 1);
    if (*data_p == NULL) {
        PMIX_VALUE_RELEASE(val);
        return OML_ERR_NOMEM;
    }
    memcpy(*data_p, val->data.bo.bytes, *len_p);
    PMIX_VALUE_RELEASE(val);
    return OML_OK;
}

void oml_rt_abort(int code, const char *msg)
{
    fflush(stdout);
    fflush(stderr);
    if (!oml_rt_job.singleton) {
        /* The server ends every process of the job; this process leaves in any case. */
        PMIx_Abort(code, msg, NULL, 0);
    }
    _exit(code);
}

const char *oml_status_string(oml_status_t st)
{
    switch (st) {
    case OML_OK:
        return "success";
    case OML_INPROGRESS:
        return "in progress";
    case OML_ERR_NOMEM:
        return "out of memory";
    case OML_ERR_ARG:
        return "invalid argument";
    case OML_ERR_NOT_FOUND:
        return "not found";
    case OML_ERR_TRUNCATE:
        return "message truncated";
    case OML_ERR_FABRIC:
        return "fabric error";
    case OML_ERR_RUNTIME:
        return "runtime (PMIx) error";
    case OML_ERR_UNSUPPORTED:
        return "unsupported";
    case OML_ERR_CANCELLED:
        return "cancelled";
    case OML_ERR_INTERNAL:
        break;
    }
    return "internal error";
}

void oml_rt_shm_name(char *out, size_t len, const char *suffix)
{
    char job[200];
    size_t j = 0;
    for (const char *c = oml_rt_job.nspace; *c != '\0' && j < sizeof(job) - 1; c++)
        job[j++] = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                           (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' || *c == '-'
                       ? *c
                       : '_';
    job[j] = '\0';
    snprintf(out, len, "/oml-%s-%u%s", job, oml_rt_job.node_id, suffix);
}
