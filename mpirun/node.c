/*
 * mpirun/node.c: the node server (see node.h). It is the PMIx server of the node's ranks,
 * starts them bound to their cpus, forwards their output line by line, and judges how each
 * one ended.
 *
 * PMIx calls our upcalls on its own thread; they only write a small record to a pipe that the
 * libevent loop of the main thread reads. Every decision is taken on the main thread.
 */
#include "mpirun/node.h"
#include "mpirun/map.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <hwloc.h>
#include <pmix.h>
#include <pmix_server.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define NODE_KILL_GRACE_S 2
#define NODE_SETTLE_S 3 /* time for a finalize notice to arrive after its rank's exit */

enum { NODE_UP_ABORT = 1, NODE_UP_FINALIZED, NODE_UP_CONNECTED, NODE_UP_FENCE };

/* A fence the PMIx server handed us, waiting for the other nodes' data. */
typedef struct node_fence {
    pmix_modex_cbfunc_t cbfunc;
    void *cbdata;
    char *data;
    size_t ndata;
    struct node_fence *next;
} node_fence_t;

/* What an upcall tells the main loop; small enough for one atomic pipe write. */
typedef struct node_upcall {
    int type;
    int rank;
    int status;
    node_fence_t *fence;
    char msg[480];
} node_upcall_t;

typedef struct node_stream {
    struct event *ev;
    int rank;
    int which; /* 1 stdout, 2 stderr */
    char buf[8192];
    size_t used;
} node_stream_t;

typedef struct node_proc {
    int rank;
    pid_t pid;
    bool alive;
    bool connected; /* called MPI_Init (PMIx_Init) */
    bool finalized; /* called MPI_Finalize (PMIx_Finalize) */
    bool unsettled; /* exited 0 before its finalize notice reached us (NODE_SETTLE_S) */
    node_stream_t out;
    node_stream_t err;
} node_proc_t;

static struct {
    const oml_run_launch_t *launch;
    const oml_run_node_ops_t *ops;
    struct event_base *base;
    node_proc_t *procs; /* by local rank */
    int nprocs;
    int nlive;
    int open_streams;
    int unsettled;
    int upcall_pipe[2];
    int stdin_fd; /* write end of rank 0's stdin, or -1 */
    struct event *upcall_ev;
    struct event *sigchld_ev;
    struct event *settle_timer;
    struct event *kill_timer;
    node_fence_t *fences, **fences_tail;
    bool server_up;
    bool killed; /* the ranks were signalled to end the job */
    bool done_told;
    char tmpdir[64];
    char hostname[256];
} node;

/* ---- PMIx upcalls (PMIx's thread) ---- */

static void node_upcall_post(const node_upcall_t *u)
{
    ssize_t n;
    do {
        n = write(node.upcall_pipe[1], u, sizeof(*u));
    } while (n < 0 && errno == EINTR);
}

static pmix_status_t node_client_connected(const pmix_proc_t *proc, void *server_object,
                                           pmix_op_cbfunc_t cbfunc, void *cbdata)
{
    (void)server_object;
    node_upcall_t u = {.type = NODE_UP_CONNECTED, .rank = (int)proc->rank};
    node_upcall_post(&u);
    if (cbfunc != NULL)
        cbfunc(PMIX_SUCCESS, cbdata);
    return PMIX_SUCCESS;
}

static pmix_status_t node_client_finalized(const pmix_proc_t *proc, void *server_object,
                                           pmix_op_cbfunc_t cbfunc, void *cbdata)
{
    (void)server_object;
    node_upcall_t u = {.type = NODE_UP_FINALIZED, .rank = (int)proc->rank};
    node_upcall_post(&u);
    if (cbfunc != NULL)
        cbfunc(PMIX_SUCCESS, cbdata);
    return PMIX_SUCCESS;
}

static pmix_status_t node_abort(const pmix_proc_t *proc, void *server_object, int status,
                                const char msg[], pmix_proc_t procs[], size_t nprocs,
                                pmix_op_cbfunc_t cbfunc, void *cbdata)
{
    (void)server_object, (void)procs, (void)nprocs;
    node_upcall_t u = {.type = NODE_UP_ABORT, .rank = (int)proc->rank, .status = status};
    snprintf(u.msg, sizeof(u.msg), "%s", msg != NULL ? msg : "");
    node_upcall_post(&u);
    if (cbfunc != NULL)
        cbfunc(PMIX_SUCCESS, cbdata);
    return PMIX_SUCCESS;
}

static void node_release_fence_data(void *cbdata)
{
    free(cbdata);
}

/*
 * The node's ranks have all entered a fence that spans nodes: its data goes to mpirun, which
 * gathers every node's and gives the whole back (oml_run_node_fence_release). A job on one
 * node never gets here (PMIx completes such a fence itself), but answer it at once if it does.
 */
static pmix_status_t node_fence_nb(const pmix_proc_t procs[], size_t nprocs,
                                   const pmix_info_t info[], size_t ninfo, char *data, size_t ndata,
                                   pmix_modex_cbfunc_t cbfunc, void *cbdata)
{
    (void)procs, (void)nprocs, (void)info, (void)ninfo;
    node_fence_t *f = calloc(1, sizeof(*f));
    if (f == NULL || (ndata > 0 && (f->data = malloc(ndata)) == NULL)) {
        free(f);
        return PMIX_ERR_NOMEM;
    }
    if (ndata > 0)
        memcpy(f->data, data, ndata);
    f->ndata = ndata;
    f->cbfunc = cbfunc;
    f->cbdata = cbdata;
    node_upcall_t u = {.type = NODE_UP_FENCE, .fence = f};
    node_upcall_post(&u);
    return PMIX_SUCCESS;
}

static pmix_server_module_t node_module = {
    .client_connected = node_client_connected,
    .client_finalized = node_client_finalized,
    .abort = node_abort,
    .fence_nb = node_fence_nb,
};

/* ---- PMIx server setup ---- */

typedef struct node_wait {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool done;
    pmix_status_t status;
} node_wait_t;

static void node_op_done(pmix_status_t status, void *cbdata)
{
    node_wait_t *w = cbdata;
    pthread_mutex_lock(&w->lock);
    w->status = status;
    w->done = true;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

static pmix_status_t node_wait_for(node_wait_t *w, pmix_status_t rc)
{
    if (rc == PMIX_OPERATION_SUCCEEDED)
        return PMIX_SUCCESS;
    if (rc != PMIX_SUCCESS)
        return rc;
    pthread_mutex_lock(&w->lock);
    while (!w->done)
        pthread_cond_wait(&w->cond, &w->lock);
    pthread_mutex_unlock(&w->lock);
    return w->status;
}

#define NODE_WAIT_INIT                                                                             \
    {                                                                                              \
        PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, false, PMIX_SUCCESS                   \
    }

/* "0,1,2": the job ranks on node id n, in local-rank order. */
static char *node_peers_of(const oml_run_launch_t *l, int n, int *count_p)
{
    size_t cap = (size_t)l->np * 12 + 1, off = 0;
    char *s = calloc(1, cap);
    int count = 0;
    int *byl = calloc((size_t)l->np, sizeof(int));
    for (int r = 0; r < l->np; r++) {
        if (l->rank_node[r] == n && l->rank_local[r] < l->np) {
            byl[l->rank_local[r]] = r + 1;
            count++;
        }
    }
    for (int i = 0, k = 0; i < l->np && k < count; i++) {
        if (byl[i] > 0) {
            off += (size_t)snprintf(s + off, cap - off, k ? ",%d" : "%d", byl[i] - 1);
            k++;
        }
    }
    free(byl);
    *count_p = count;
    return s;
}

/*
 * Job directories are /tmp/ompi-lite.<pid of their mpirun or daemon>.XXXXXX. One whose
 * creator is gone (killed with SIGKILL, or its host's power cut) and that belongs to us was
 * left behind: remove it. A live process with that pid keeps it, whoever it is.
 */
static void node_rmtree(const char *dir);

static void node_stale_cleanup(void)
{
    DIR *d = opendir("/tmp");
    if (d == NULL)
        return;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        char path[300];
        struct stat sb;
        int pid;
        if (sscanf(e->d_name, "ompi-lite.%d.", &pid) != 1 || pid <= 0 ||
            (kill(pid, 0) == 0 || errno != ESRCH))
            continue;
        snprintf(path, sizeof(path), "/tmp/%s", e->d_name);
        if (lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode) && sb.st_uid == geteuid())
            node_rmtree(path);
    }
    closedir(d);
}

static int node_server_start(void)
{
    const oml_run_launch_t *l = node.launch;
    pmix_info_t sinfo[2];
    pmix_status_t rc;
    bool no = false;

    node_stale_cleanup();
    snprintf(node.tmpdir, sizeof(node.tmpdir), "/tmp/ompi-lite.%d.XXXXXX", (int)getpid());
    if (mkdtemp(node.tmpdir) == NULL) {
        fprintf(stderr, "ompi-lite: cannot create a job directory in /tmp on %s: %s\n",
                node.hostname, strerror(errno));
        node.tmpdir[0] = '\0';
        return -1;
    }
    chmod(node.tmpdir, 0700);
    PMIX_INFO_LOAD(&sinfo[0], PMIX_SERVER_TMPDIR, node.tmpdir, PMIX_STRING);
    PMIX_INFO_LOAD(&sinfo[1], PMIX_SERVER_TOOL_SUPPORT, &no, PMIX_BOOL);
    rc = PMIx_server_init(&node_module, sinfo, 2);
    if (rc != PMIX_SUCCESS) {
        fprintf(stderr, "ompi-lite: PMIx_server_init failed on %s: %s\n", node.hostname,
                PMIx_Error_string(rc));
        return -1;
    }
    node.server_up = true;

    int nlocal = 0;
    char *peers = node_peers_of(l, l->node_id, &nlocal);
    size_t ninfo = 10 + (size_t)l->np;
    pmix_info_t *info = calloc(ninfo, sizeof(pmix_info_t));
    uint32_t u32 = (uint32_t)l->np, nodes = (uint32_t)l->nnodes, loc = (uint32_t)nlocal;
    size_t n = 0;
    PMIX_INFO_LOAD(&info[n++], PMIX_UNIV_SIZE, &u32, PMIX_UINT32);
    PMIX_INFO_LOAD(&info[n++], PMIX_JOB_SIZE, &u32, PMIX_UINT32);
    PMIX_INFO_LOAD(&info[n++], PMIX_MAX_PROCS, &u32, PMIX_UINT32);
    PMIX_INFO_LOAD(&info[n++], PMIX_LOCAL_SIZE, &loc, PMIX_UINT32);
    PMIX_INFO_LOAD(&info[n++], PMIX_NODE_SIZE, &loc, PMIX_UINT32);
    PMIX_INFO_LOAD(&info[n++], PMIX_NUM_NODES, &nodes, PMIX_UINT32);
    PMIX_INFO_LOAD(&info[n++], PMIX_LOCAL_PEERS, peers, PMIX_STRING);
    PMIX_INFO_LOAD(&info[n++], PMIX_JOBID, l->nspace, PMIX_STRING);
    PMIX_INFO_LOAD(&info[n++], PMIX_HOSTNAME, node.hostname, PMIX_STRING);
    for (int r = 0; r < l->np; r++) {
        pmix_data_array_t darray;
        pmix_info_t pinfo[6];
        pmix_rank_t rank = (pmix_rank_t)r;
        uint16_t lr = (uint16_t)l->rank_local[r];
        uint32_t nodeid = (uint32_t)l->rank_node[r], appnum = (uint32_t)oml_run_app_of(l, r);
        PMIX_INFO_LOAD(&pinfo[0], PMIX_RANK, &rank, PMIX_PROC_RANK);
        PMIX_INFO_LOAD(&pinfo[1], PMIX_LOCAL_RANK, &lr, PMIX_UINT16);
        PMIX_INFO_LOAD(&pinfo[2], PMIX_NODE_RANK, &lr, PMIX_UINT16);
        PMIX_INFO_LOAD(&pinfo[3], PMIX_NODEID, &nodeid, PMIX_UINT32);
        PMIX_INFO_LOAD(&pinfo[4], PMIX_HOSTNAME, l->hostnames[l->rank_node[r]], PMIX_STRING);
        PMIX_INFO_LOAD(&pinfo[5], PMIX_APPNUM, &appnum, PMIX_UINT32);
        darray.type = PMIX_INFO;
        darray.size = 6;
        darray.array = pinfo;
        PMIX_INFO_LOAD(&info[n++], PMIX_PROC_DATA, &darray, PMIX_DATA_ARRAY);
        for (int k = 0; k < 6; k++)
            PMIX_INFO_DESTRUCT(&pinfo[k]);
    }
    free(peers);

    node_wait_t w = NODE_WAIT_INIT;
    rc = node_wait_for(&w,
                       PMIx_server_register_nspace(l->nspace, nlocal, info, n, node_op_done, &w));
    PMIX_INFO_FREE(info, ninfo);
    if (rc != PMIX_SUCCESS) {
        fprintf(stderr, "ompi-lite: registering the job with PMIx failed on %s: %s\n",
                node.hostname, PMIx_Error_string(rc));
        return -1;
    }
    for (int i = 0; i < l->nlocal; i++) {
        pmix_proc_t proc;
        node_wait_t wc = NODE_WAIT_INIT;
        PMIX_LOAD_PROCID(&proc, l->nspace, (pmix_rank_t)l->local[i].rank);
        rc = node_wait_for(
            &wc, PMIx_server_register_client(&proc, geteuid(), getegid(), NULL, node_op_done, &wc));
        if (rc != PMIX_SUCCESS) {
            fprintf(stderr, "ompi-lite: registering rank %d with PMIx failed on %s: %s\n",
                    l->local[i].rank, node.hostname, PMIx_Error_string(rc));
            return -1;
        }
    }
    return 0;
}

/* ---- ending ---- */

static void node_maybe_done(void)
{
    if (node.nlive == 0 && node.open_streams == 0 && node.unsettled == 0 && !node.done_told &&
        node.procs != NULL) {
        node.done_told = true;
        node.ops->done();
    }
}

static void node_kill_all(int sig)
{
    for (int i = 0; i < node.nprocs; i++) {
        if (node.procs[i].alive)
            kill(-node.procs[i].pid, sig);
    }
}

static void node_kill_timer_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what, (void)arg;
    node_kill_all(SIGKILL);
}

void oml_run_node_kill(bool hard)
{
    if (node.procs == NULL)
        return; /* nothing started */
    node.killed = true;
    if (hard) {
        node_kill_all(SIGKILL);
        return;
    }
    if (node.kill_timer != NULL)
        return;
    node_kill_all(SIGTERM);
    struct timeval tv = {NODE_KILL_GRACE_S, 0};
    node.kill_timer = evtimer_new(node.base, node_kill_timer_cb, NULL);
    evtimer_add(node.kill_timer, &tv);
}

void oml_run_node_signal(int sig)
{
    if (node.procs != NULL)
        node_kill_all(sig);
}

bool oml_run_node_done(void)
{
    return node.nlive == 0 && node.open_streams == 0 && node.unsettled == 0;
}

/* ---- output forwarding ---- */

static void node_stream_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)what;
    node_stream_t *s = arg;
    ssize_t n = read(fd, s->buf + s->used, sizeof(s->buf) - s->used);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        if (s->used > 0)
            node.ops->io(s->rank, s->which, s->buf, s->used);
        s->used = 0;
        event_del(s->ev);
        event_free(s->ev);
        s->ev = NULL;
        close(fd);
        node.open_streams--;
        node_maybe_done();
        return;
    }
    s->used += (size_t)n;
    size_t start = 0;
    for (size_t i = 0; i < s->used; i++) {
        if (s->buf[i] == '\n') {
            node.ops->io(s->rank, s->which, s->buf + start, i + 1 - start);
            start = i + 1;
        }
    }
    if (start == 0 && s->used == sizeof(s->buf)) {
        node.ops->io(s->rank, s->which, s->buf, s->used); /* a long line goes out in pieces */
        start = s->used;
    }
    memmove(s->buf, s->buf + start, s->used - start);
    s->used -= start;
}

static void node_stream_open(node_stream_t *s, int fd, int rank, int which)
{
    s->rank = rank;
    s->which = which;
    s->used = 0;
    s->ev = event_new(node.base, fd, EV_READ | EV_PERSIST, node_stream_cb, s);
    event_add(s->ev, NULL);
    node.open_streams++;
}

void oml_run_node_stdin(const void *data, size_t len)
{
    if (node.stdin_fd < 0)
        return;
    if (len == 0) {
        close(node.stdin_fd);
        node.stdin_fd = -1;
        return;
    }
    const char *p = data;
    while (len > 0) { /* rank 0 reads its stdin or the pipe fills: block, as a pipe would */
        ssize_t n = write(node.stdin_fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) { /* rank 0 closed its stdin or died: drop the rest */
            close(node.stdin_fd);
            node.stdin_fd = -1;
            return;
        }
        p += n;
        len -= (size_t)n;
    }
}

/* ---- events ---- */

static void node_upcall_cb(evutil_socket_t fd, short what, void *arg);

static node_proc_t *node_proc_of(int rank)
{
    for (int i = 0; i < node.nprocs; i++) {
        if (node.procs[i].rank == rank)
            return &node.procs[i];
    }
    return NULL;
}

static void node_child_cb(evutil_socket_t sig, short what, void *arg)
{
    (void)sig, (void)what, (void)arg;
    /* An upcall a rank made before it exited is in the pipe: read it before judging the exit. */
    node_upcall_cb(node.upcall_pipe[0], EV_READ, NULL);
    for (int i = 0; i < node.nprocs; i++) {
        node_proc_t *p = &node.procs[i];
        int wstatus;
        if (!p->alive || waitpid(p->pid, &wstatus, WNOHANG) != p->pid)
            continue;
        p->alive = false;
        node.nlive--;
        if (WIFSIGNALED(wstatus)) {
            node.ops->exited(p->rank, (int)p->pid, OML_RUN_EXIT_SIGNAL, WTERMSIG(wstatus));
        } else if (WEXITSTATUS(wstatus) != 0) {
            node.ops->exited(p->rank, (int)p->pid, OML_RUN_EXIT_STATUS, WEXITSTATUS(wstatus));
        } else if (p->connected && !p->finalized) {
            /*
             * Under load a rank's exit has been seen here before its finalize notice (PMIx's
             * thread had not handed it over yet; once in ~500 jobs on the oversubscribed test
             * machine): judge it only after a grace time.
             */
            p->unsettled = true;
            node.unsettled++;
            if (!evtimer_pending(node.settle_timer, NULL)) {
                struct timeval tv = {NODE_SETTLE_S, 0};
                evtimer_add(node.settle_timer, &tv);
            }
        } else {
            node.ops->exited(p->rank, (int)p->pid, OML_RUN_EXIT_OK, 0);
        }
    }
    node_maybe_done();
}

/* Ranks that exited 0 and whose finalize notice never came did not call MPI_Finalize. */
static void node_settle_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what, (void)arg;
    node_upcall_cb(node.upcall_pipe[0], EV_READ, NULL);
    for (int i = 0; i < node.nprocs; i++) {
        node_proc_t *p = &node.procs[i];
        if (!p->unsettled)
            continue;
        p->unsettled = false;
        node.ops->exited(p->rank, (int)p->pid, OML_RUN_EXIT_NOFINALIZE, 0);
    }
    node.unsettled = 0;
    node_maybe_done();
}

static void node_upcall_handle(const node_upcall_t *u)
{
    if (u->type == NODE_UP_FENCE) {
        node_fence_t *f = u->fence;
        if (node.launch->nnodes <= 1) {
            f->cbfunc(PMIX_SUCCESS, f->data, f->ndata, f->cbdata, node_release_fence_data, f->data);
            free(f);
            return;
        }
        f->next = NULL;
        *node.fences_tail = f;
        node.fences_tail = &f->next;
        node.ops->fence(f->data, f->ndata);
        return;
    }
    node_proc_t *p = node_proc_of(u->rank);
    if (p == NULL)
        return;
    if (u->type == NODE_UP_CONNECTED)
        p->connected = true;
    if (u->type == NODE_UP_FINALIZED) {
        p->finalized = true;
        if (p->unsettled) {
            p->unsettled = false;
            node.unsettled--;
            node.ops->exited(p->rank, (int)p->pid, OML_RUN_EXIT_OK, 0);
            node_maybe_done();
        }
    }
    if (u->type == NODE_UP_ABORT)
        node.ops->aborted(u->rank, u->status, u->msg);
}

static void node_upcall_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)what, (void)arg;
    node_upcall_t u;
    while (read(fd, &u, sizeof(u)) == (ssize_t)sizeof(u))
        node_upcall_handle(&u);
}

void oml_run_node_fence_release(const char *data, size_t len)
{
    node_fence_t *f = node.fences;
    if (f == NULL)
        return;
    node.fences = f->next;
    if (node.fences == NULL)
        node.fences_tail = &node.fences;
    char *copy = malloc(len > 0 ? len : 1);
    if (len > 0)
        memcpy(copy, data, len);
    f->cbfunc(PMIX_SUCCESS, copy, len, f->cbdata, node_release_fence_data, copy);
    free(f->data);
    free(f);
}

/* ---- starting the ranks ---- */

/* Sets name=val in a malloc'd, NULL-terminated environment array, replacing an old value. */
static void node_env_set(char ***env_p, const char *name, const char *val)
{
    size_t nlen = strlen(name), n = 0;
    char **env = *env_p;
    char *entry = malloc(nlen + strlen(val) + 2);
    sprintf(entry, "%s=%s", name, val);
    for (; env[n] != NULL; n++) {
        if (strncmp(env[n], name, nlen) == 0 && env[n][nlen] == '=') {
            free(env[n]);
            env[n] = entry;
            return;
        }
    }
    env = realloc(env, (n + 2) * sizeof(char *));
    env[n] = entry;
    env[n + 1] = NULL;
    *env_p = env;
}

/* The environment of one rank: ours (with the launch's variables), then PMIx's. */
static char **node_child_env(const oml_run_lrank_t *lr, int local_rank)
{
    const oml_run_launch_t *l = node.launch;
    int n = 0;
    while (environ[n] != NULL)
        n++;
    char **env = calloc((size_t)n + 1, sizeof(char *));
    for (int i = 0; i < n; i++)
        env[i] = strdup(environ[i]);
    pmix_proc_t proc;
    PMIX_LOAD_PROCID(&proc, l->nspace, (pmix_rank_t)lr->rank);
    pmix_status_t rc = PMIx_server_setup_fork(&proc, &env);
    if (rc != PMIX_SUCCESS) {
        fprintf(stderr, "ompi-lite: PMIx_server_setup_fork failed for rank %d on %s: %s\n",
                lr->rank, node.hostname, PMIx_Error_string(rc));
        return NULL;
    }
    char buf[32];
    snprintf(buf, sizeof(buf), "%d", lr->rank);
    node_env_set(&env, "OMPI_COMM_WORLD_RANK", buf);
    snprintf(buf, sizeof(buf), "%d", local_rank);
    node_env_set(&env, "OMPI_COMM_WORLD_LOCAL_RANK", buf);
    node_env_set(&env, "OMPI_COMM_WORLD_NODE_RANK", buf);
    snprintf(buf, sizeof(buf), "%d", l->nlocal);
    node_env_set(&env, "OMPI_COMM_WORLD_LOCAL_SIZE", buf);
    snprintf(buf, sizeof(buf), "%d", l->np);
    node_env_set(&env, "OMPI_COMM_WORLD_SIZE", buf);
    return env;
}

/* The cpu set of a binding ("0-3,8"); returns -1 when it names a cpu this node lacks. */
static int node_cpuset(const char *cpus, cpu_set_t *set)
{
    hwloc_bitmap_t bm = hwloc_bitmap_alloc();
    int rc = hwloc_bitmap_list_sscanf(bm, cpus);
    CPU_ZERO(set);
    unsigned idx;
    hwloc_bitmap_foreach_begin(idx, bm)
    {
        if (idx >= CPU_SETSIZE)
            rc = -1;
        else
            CPU_SET(idx, set);
    }
    hwloc_bitmap_foreach_end();
    hwloc_bitmap_free(bm);
    return rc;
}

static int node_spawn(int local_rank)
{
    const oml_run_launch_t *l = node.launch;
    const oml_run_lrank_t *lr = &l->local[local_rank];
    int out[2], err[2], in[2] = {-1, -1};
    cpu_set_t set;
    bool bind = lr->cpus[0] != '\0';
    if (bind && node_cpuset(lr->cpus, &set) != 0) {
        fprintf(stderr, "ompi-lite: rank %d cannot be bound to cpus %s on %s\n", lr->rank, lr->cpus,
                node.hostname);
        return -1;
    }
    char **env = node_child_env(lr, local_rank);
    if (env == NULL || pipe(out) != 0 || pipe(err) != 0)
        return -1;
    bool link_stdin = lr->rank == 0 && l->stdin_from_link;
    if (link_stdin && pipe(in) != 0)
        return -1;
    pid_t ppid = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "ompi-lite: fork failed on %s: %s\n", node.hostname, strerror(errno));
        return -1;
    }
    if (pid == 0) {
        /* Own process group, so the node can signal the rank as a whole; die with us. */
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != ppid)
            _exit(1);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGPIPE, SIG_DFL);
        if (bind && sched_setaffinity(0, sizeof(set), &set) != 0) {
            fprintf(stderr, "ompi-lite: binding rank %d to cpus %s on %s failed: %s\n", lr->rank,
                    lr->cpus, node.hostname, strerror(errno));
            _exit(126);
        }
        dup2(out[1], STDOUT_FILENO);
        dup2(err[1], STDERR_FILENO);
        close(out[0]), close(out[1]), close(err[0]), close(err[1]);
        if (link_stdin) {
            dup2(in[0], STDIN_FILENO);
            close(in[0]), close(in[1]);
        } else if (lr->rank != 0) {
            int devnull = open("/dev/null", O_RDONLY);
            if (devnull >= 0) {
                dup2(devnull, STDIN_FILENO);
                close(devnull);
            }
        }
        if (l->cwd[0] != '\0' && chdir(l->cwd) != 0) {
            const char *home = getenv("HOME");
            if (home == NULL || chdir(home) != 0)
                _exit(126);
        }
        const oml_run_lapp_t *app = &l->apps[oml_run_app_of(l, lr->rank)];
        execve(app->program, app->argv, env);
        fprintf(stderr, "ompi-lite: cannot start rank %d on %s, %s: %s\n", lr->rank, node.hostname,
                app->program, strerror(errno));
        _exit(127);
    }
    setpgid(pid, pid);
    close(out[1]);
    close(err[1]);
    if (link_stdin) {
        close(in[0]);
        node.stdin_fd = in[1];
        fcntl(in[1], F_SETFD, FD_CLOEXEC);
    }
    for (char **e = env; *e != NULL; e++)
        free(*e);
    free(env);
    node_proc_t *p = &node.procs[local_rank];
    p->rank = lr->rank;
    p->pid = pid;
    p->alive = true;
    node.nlive++;
    node_stream_open(&p->out, out[0], lr->rank, 1);
    node_stream_open(&p->err, err[0], lr->rank, 2);
    if (l->report_bindings)
        fprintf(stderr, "[%s:%d] MCW rank %d %s%s%s%s%s\n", node.hostname, (int)pid, lr->rank,
                bind ? "bound to " : "is not bound", bind ? lr->what : "", bind ? ": cpus " : "",
                bind ? lr->cpus : "", bind ? "" : " (binding none)");
    return 0;
}

int oml_run_node_start(struct event_base *base, const oml_run_launch_t *launch,
                       const oml_run_node_ops_t *ops)
{
    memset(&node, 0, sizeof(node));
    node.launch = launch;
    node.ops = ops;
    node.base = base;
    node.stdin_fd = -1;
    node.fences_tail = &node.fences;
    gethostname(node.hostname, sizeof(node.hostname) - 1);
    for (int i = 0; i < launch->nenv; i++)
        putenv(launch->env[i]);
    /* Debian's libpmix prefers munge; ranks authenticate through the node-local socket. */
    setenv("PMIX_MCA_psec", "native", 0);
    setenv("PMIX_MCA_gds", "hash", 0);
    /*
     * libinfinipath, which Debian's libfabric links for its psm provider, installs a SIGSEGV
     * handler in every process that loads it: it prints its own backtrace, writes a .btr file
     * into the working directory and exits with status 1, so that a crashed rank looked like
     * one that exited. This variable turns the handler off (a user's own value is kept).
     */
    setenv("IPATH_NO_BACKTRACE", "1", 0);

    if (pipe2(node.upcall_pipe, O_NONBLOCK | O_CLOEXEC) != 0) {
        fprintf(stderr, "ompi-lite: pipe: %s\n", strerror(errno));
        return -1;
    }
    node.upcall_ev =
        event_new(base, node.upcall_pipe[0], EV_READ | EV_PERSIST, node_upcall_cb, NULL);
    event_add(node.upcall_ev, NULL);
    node.sigchld_ev = evsignal_new(base, SIGCHLD, node_child_cb, NULL);
    evsignal_add(node.sigchld_ev, NULL);
    node.settle_timer = evtimer_new(base, node_settle_cb, NULL);
    node.procs = calloc((size_t)launch->nlocal, sizeof(node_proc_t));
    node.nprocs = launch->nlocal;
    if (node_server_start() != 0)
        return -1;
    for (int i = 0; i < launch->nlocal; i++) {
        if (node_spawn(i) != 0)
            return -1;
    }
    return 0;
}

static int node_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path) != 0 && errno != ENOENT;
}

static void node_rmtree(const char *dir)
{
    if (nftw(dir, node_rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
        fprintf(stderr, "ompi-lite: could not remove %s on %s: %s\n", dir, node.hostname,
                strerror(errno));
}

/*
 * The ranks' shared-memory segments (/dev/shm/oml-<nspace>-<node>, transport/tp_shm.c, and
 * oml-<nspace>-<node>-w<context>-<rank> of shared windows, ompi-lite/oml_rma.c) lose their names
 * once every local rank has mapped them; a job that died before that leaves one.
 */
static void node_shm_cleanup(void)
{
    char prefix[PMIX_MAX_NSLEN + 16];
    snprintf(prefix, sizeof(prefix), "oml-%s-%d", node.launch->nspace, node.launch->node_id);
    DIR *d = opendir("/dev/shm");
    if (d == NULL)
        return;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t n = strlen(prefix);
        if (strncmp(e->d_name, prefix, n) != 0 || (e->d_name[n] != '\0' && e->d_name[n] != '-'))
            continue;
        char path[512];
        snprintf(path, sizeof(path), "/dev/shm/%s", e->d_name);
        if (unlink(path) != 0 && errno != ENOENT)
            fprintf(stderr, "ompi-lite: could not remove %s on %s: %s\n", path, node.hostname,
                    strerror(errno));
    }
    closedir(d);
}

void oml_run_node_finalize(void)
{
    if (node.launch == NULL)
        return;
    /* Children that outlived their streams: wait for them too. */
    for (int i = 0; i < node.nprocs; i++) {
        if (node.procs[i].alive && waitpid(node.procs[i].pid, NULL, 0) == node.procs[i].pid) {
            node.procs[i].alive = false;
            node.nlive--;
        }
    }
    while (node.fences != NULL) { /* a fence the job ended in: free it with an error */
        node_fence_t *f = node.fences;
        node.fences = f->next;
        f->cbfunc(PMIX_ERR_TIMEOUT, NULL, 0, f->cbdata, NULL, NULL);
        free(f->data);
        free(f);
    }
    /*
     * A rank killed while PMIx's server was still answering its connection leaves that server
     * with a peer released twice (OpenPMIx 4.2: the handshake's error path releases the rank's
     * record, and the peer's destructor releases it again); PMIx_server_finalize then blocks
     * forever on a mutex in the freed memory (1 job in 25 that end by an abort during MPI_Init,
     * on a loaded machine). A job whose ranks were killed skips it: this process exits next, and
     * the server's files are in node.tmpdir, removed below.
     */
    if (node.server_up && !node.killed)
        PMIx_server_finalize();
    if (node.tmpdir[0] != '\0')
        node_rmtree(node.tmpdir);
    node_shm_cleanup();
    if (node.stdin_fd >= 0)
        close(node.stdin_fd);
    if (node.kill_timer != NULL)
        event_free(node.kill_timer);
    event_free(node.settle_timer);
    event_free(node.sigchld_ev);
    event_free(node.upcall_ev);
    close(node.upcall_pipe[0]);
    close(node.upcall_pipe[1]);
    free(node.procs);
    node.procs = NULL;
    node.launch = NULL;
}

/* ---- topology ---- */

int oml_run_topo_load(oml_run_topo_t *topo)
{
    hwloc_topology_t t;
    memset(topo, 0, sizeof(*topo));
    if (hwloc_topology_init(&t) != 0)
        return -1;
    if (hwloc_topology_load(t) != 0) {
        hwloc_topology_destroy(t);
        return -1;
    }
    int ncores = hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_CORE);
    hwloc_obj_type_t unit = HWLOC_OBJ_CORE;
    if (ncores <= 0) { /* no core objects: treat each PU as a core */
        unit = HWLOC_OBJ_PU;
        ncores = hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_PU);
    }
    int npkgs = hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_PACKAGE);
    int nnumas = hwloc_get_nbobjs_by_type(t, HWLOC_OBJ_NUMANODE);
    topo->ncores = ncores;
    topo->npkgs = npkgs > 0 ? npkgs : 1;
    topo->nnumas = nnumas > 0 ? nnumas : 1;
    topo->cores = calloc((size_t)ncores, sizeof(oml_run_core_t));
    for (int c = 0; c < ncores; c++) {
        hwloc_obj_t core = hwloc_get_obj_by_type(t, unit, (unsigned)c);
        oml_run_core_t *k = &topo->cores[c];
        hwloc_obj_t pkg = hwloc_get_ancestor_obj_by_type(t, HWLOC_OBJ_PACKAGE, core);
        k->pkg = pkg != NULL ? (int)pkg->logical_index : 0;
        for (int m = 0; m < nnumas; m++) {
            hwloc_obj_t numa = hwloc_get_obj_by_type(t, HWLOC_OBJ_NUMANODE, (unsigned)m);
            if (hwloc_bitmap_intersects(numa->cpuset, core->cpuset)) {
                k->numa = m;
                break;
            }
        }
        k->npus = hwloc_bitmap_weight(core->cpuset);
        k->pus = calloc((size_t)(k->npus > 0 ? k->npus : 1), sizeof(int));
        unsigned idx;
        int p = 0;
        hwloc_bitmap_foreach_begin(idx, core->cpuset)
        {
            if (p < k->npus)
                k->pus[p++] = (int)idx;
        }
        hwloc_bitmap_foreach_end();
    }
    hwloc_topology_destroy(t);
    return ncores > 0 ? 0 : -1;
}

/* ---- the launch on the link ---- */

int oml_run_app_of(const oml_run_launch_t *l, int rank)
{
    int a = 0;
    while (a + 1 < l->napps && rank >= l->apps[a + 1].first)
        a++;
    return a;
}

void oml_run_launch_pack(const oml_run_launch_t *l, oml_run_buf_t *b)
{
    oml_run_buf_str(b, l->nspace);
    oml_run_buf_u32(b, (uint32_t)l->np);
    oml_run_buf_u32(b, (uint32_t)l->nnodes);
    oml_run_buf_u32(b, (uint32_t)l->node_id);
    for (int n = 0; n < l->nnodes; n++)
        oml_run_buf_str(b, l->hostnames[n]);
    for (int r = 0; r < l->np; r++) {
        oml_run_buf_u32(b, (uint32_t)l->rank_node[r]);
        oml_run_buf_u32(b, (uint32_t)l->rank_local[r]);
    }
    oml_run_buf_u32(b, (uint32_t)l->nlocal);
    for (int i = 0; i < l->nlocal; i++) {
        oml_run_buf_u32(b, (uint32_t)l->local[i].rank);
        oml_run_buf_str(b, l->local[i].cpus);
        oml_run_buf_str(b, l->local[i].what);
    }
    oml_run_buf_u32(b, (uint32_t)l->nenv);
    for (int i = 0; i < l->nenv; i++)
        oml_run_buf_str(b, l->env[i]);
    oml_run_buf_str(b, l->cwd);
    oml_run_buf_u32(b, (uint32_t)l->napps);
    for (int a = 0; a < l->napps; a++) {
        const oml_run_lapp_t *app = &l->apps[a];
        oml_run_buf_str(b, app->program);
        oml_run_buf_u32(b, (uint32_t)app->first);
        oml_run_buf_u32(b, (uint32_t)app->np);
        oml_run_buf_u32(b, (uint32_t)app->argc);
        for (int i = 0; i < app->argc; i++)
            oml_run_buf_str(b, app->argv[i]);
    }
    oml_run_buf_u32(b, l->report_bindings);
    oml_run_buf_u32(b, l->stdin_from_link);
}

static char *launch_str(oml_run_buf_t *b)
{
    return strdup(oml_run_buf_get_str(b));
}

/* Bounds for counts read off the wire, so a bad frame cannot make us allocate the world. */
#define LAUNCH_MAX_COUNT (1 << 24)

int oml_run_launch_unpack(oml_run_buf_t *b, oml_run_launch_t *l)
{
    memset(l, 0, sizeof(*l));
    l->nspace = launch_str(b);
    l->np = (int)oml_run_buf_get_u32(b);
    l->nnodes = (int)oml_run_buf_get_u32(b);
    l->node_id = (int)oml_run_buf_get_u32(b);
    if (b->bad || l->np <= 0 || l->np > LAUNCH_MAX_COUNT || l->nnodes <= 0 || l->nnodes > l->np ||
        l->node_id >= l->nnodes)
        return -1;
    l->hostnames = calloc((size_t)l->nnodes, sizeof(char *));
    for (int n = 0; n < l->nnodes; n++)
        l->hostnames[n] = launch_str(b);
    l->rank_node = calloc((size_t)l->np, sizeof(int));
    l->rank_local = calloc((size_t)l->np, sizeof(int));
    for (int r = 0; r < l->np; r++) {
        l->rank_node[r] = (int)oml_run_buf_get_u32(b);
        l->rank_local[r] = (int)oml_run_buf_get_u32(b);
        if (l->rank_node[r] < 0 || l->rank_node[r] >= l->nnodes)
            return -1;
    }
    l->nlocal = (int)oml_run_buf_get_u32(b);
    if (b->bad || l->nlocal < 0 || l->nlocal > l->np)
        return -1;
    l->local = calloc((size_t)l->nlocal + 1, sizeof(oml_run_lrank_t));
    for (int i = 0; i < l->nlocal; i++) {
        l->local[i].rank = (int)oml_run_buf_get_u32(b);
        l->local[i].cpus = launch_str(b);
        l->local[i].what = launch_str(b);
        if (l->local[i].rank < 0 || l->local[i].rank >= l->np)
            return -1;
    }
    l->nenv = (int)oml_run_buf_get_u32(b);
    if (b->bad || l->nenv < 0 || l->nenv > LAUNCH_MAX_COUNT)
        return -1;
    l->env = calloc((size_t)l->nenv + 1, sizeof(char *));
    for (int i = 0; i < l->nenv; i++)
        l->env[i] = launch_str(b);
    l->cwd = launch_str(b);
    l->napps = (int)oml_run_buf_get_u32(b);
    if (b->bad || l->napps < 1 || l->napps > l->np)
        return -1;
    l->apps = calloc((size_t)l->napps, sizeof(oml_run_lapp_t));
    for (int a = 0, next = 0; a < l->napps; a++) {
        oml_run_lapp_t *app = &l->apps[a];
        app->program = launch_str(b);
        app->first = (int)oml_run_buf_get_u32(b);
        app->np = (int)oml_run_buf_get_u32(b);
        app->argc = (int)oml_run_buf_get_u32(b);
        /* the programs cover the ranks in order, each at least one */
        if (b->bad || app->first != next || app->np < 1 || app->np > l->np - next ||
            app->argc < 1 || app->argc > LAUNCH_MAX_COUNT)
            return -1;
        next += app->np;
        app->argv = calloc((size_t)app->argc + 1, sizeof(char *));
        for (int i = 0; i < app->argc; i++)
            app->argv[i] = launch_str(b);
        if (a == l->napps - 1 && next != l->np)
            return -1;
    }
    l->report_bindings = oml_run_buf_get_u32(b) != 0;
    l->stdin_from_link = oml_run_buf_get_u32(b) != 0;
    return b->bad ? -1 : 0;
}

void oml_run_launch_free(oml_run_launch_t *l)
{
    free(l->nspace);
    for (int n = 0; l->hostnames != NULL && n < l->nnodes; n++)
        free(l->hostnames[n]);
    free(l->hostnames);
    free(l->rank_node);
    free(l->rank_local);
    for (int i = 0; l->local != NULL && i < l->nlocal; i++) {
        free(l->local[i].cpus);
        free(l->local[i].what);
    }
    free(l->local);
    /* env entries were given to putenv: they belong to the environment now */
    free(l->env);
    free(l->cwd);
    for (int a = 0; l->apps != NULL && a < l->napps; a++) {
        free(l->apps[a].program);
        for (int i = 0; l->apps[a].argv != NULL && i < l->apps[a].argc; i++)
            free(l->apps[a].argv[i]);
        free(l->apps[a].argv);
    }
    free(l->apps);
    memset(l, 0, sizeof(*l));
}
