/*
 * mpirun/run_job.c: runs a job on one or many hosts.
 *
 * mpirun hosts its own node's ranks with the node server (node.c) and starts one
 * ompi-lite-daemon on every other host through the launch agent (ssh). Each daemon connects
 * back, proves it knows the job key (given on ssh's stdin) and reports its host's topology;
 * mpirun then maps the ranks (map.c), so a map that cannot be made is an error before any rank
 * starts, and sends each daemon its part. While the job runs, mpirun relays fences (every
 * node's data to every node), prints the ranks' output, and ends the whole job when one rank
 * fails, calls MPI_Abort, a daemon is lost, mpirun is signalled or --timeout passes.
 */
#include "mpirun/node.h"
#include "mpirun/run.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define RUN_HELLO_TIMEOUT_S 10   /* an accepted connection must say hello within this */
#define RUN_DAEMON_EXIT_WAIT_S 5 /* then the launch agent is killed */
#define RUN_HELLO_MAX (1u << 20) /* largest hello: key, host index, topology text */

/* Where a host stands. */
typedef struct run_host {
    oml_run_link_t *link;
    pid_t agent; /* ssh (or the configured agent) that runs the daemon; 0 when local */
    bool agent_alive;
    bool hello;
    int node_id; /* -1: no ranks */
    bool done;   /* its ranks have all ended and their output is in */
} run_host_t;

/* A connection that has not said hello yet. */
typedef struct run_conn {
    oml_run_link_t *link;
    struct event *timer;
    struct run_conn *next;
} run_conn_t;

static struct {
    const oml_run_opts_t *opts;
    oml_run_hosts_t *hosts;
    run_host_t *hs;
    struct event_base *base;
    char hostname[256];
    char nspace[64];
    char key[OML_RUN_KEY_LEN + 1];
    int listen_fd;
    struct event *accept_ev;
    run_conn_t *conns;
    int waiting_hello;
    bool launched;
    /* the map */
    oml_run_place_t *places;
    int *counts;
    int np;
    oml_run_lapp_t *apps; /* the programs and their blocks of ranks, for every node's LAUNCH */
    int nnodes;
    int *node_host; /* host index of each node id */
    char **node_name;
    int local_host; /* index of mpirun's own host among those with ranks, or -1 */
    oml_run_launch_t local_launch;
    bool local_started;
    /* fences */
    oml_run_buf_t fence;
    int fence_count;
    /* stdin for a rank 0 on another host */
    struct event *stdin_ev;
    /* the first cause of the job's end */
    int exit_status;
    bool ending;
    bool aborted;
    bool stop; /* the event loop is over */
    char cause[1024];
    struct event *startup_timer;
} run;

/* ---- ending the job ---- */

static void run_kill_remote(bool hard)
{
    oml_run_buf_t b = {0};
    oml_run_buf_u32(&b, hard);
    for (int h = 0; h < run.hosts->n; h++) {
        if (run.hs[h].link != NULL)
            oml_run_link_send(run.hs[h].link, OML_RUN_MSG_KILL, &b);
    }
    oml_run_buf_free(&b);
}

/* The loop ends when every node with ranks is done, or at once when the job ends before
   its launch. */
static void run_maybe_exit_loop(void)
{
    if (!run.launched) {
        if (run.ending)
            run.stop = true;
        return;
    }
    for (int n = 0; n < run.nnodes; n++) {
        if (!run.hs[run.node_host[n]].done)
            return;
    }
    run.stop = true;
}

/* Records the first cause and stops every rank: SIGTERM now, SIGKILL after a grace time. */
static void run_end_job(int status, const char *cause)
{
    if (run.ending)
        return;
    run.ending = true;
    run.exit_status = status;
    snprintf(run.cause, sizeof(run.cause), "%s", cause);
    if (run.local_started)
        oml_run_node_kill(false);
    run_kill_remote(false);
    run_maybe_exit_loop();
}

/* ---- what the nodes report (local node directly, others through their links) ---- */

static void run_io(int rank, int stream, const char *data, size_t len)
{
    FILE *out = stream == 2 ? stderr : stdout;
    if (run.opts->tag_output)
        fprintf(out, "[1,%d]<%s>:", rank, stream == 2 ? "stderr" : "stdout");
    fwrite(data, 1, len, out);
    fflush(out);
}

static const char *run_host_of(int rank)
{
    if (rank < 0 || rank >= run.np)
        return "?";
    return run.hosts->v[run.places[rank].host].name;
}

static void run_exited(int rank, int pid, oml_run_exit_t how, int code)
{
    char cause[512];
    const char *host = run_host_of(rank);
    switch (how) {
    case OML_RUN_EXIT_SIGNAL:
        snprintf(cause, sizeof(cause), "rank %d (pid %d) on host %s was killed by signal %d (%s)",
                 rank, pid, host, code, strsignal(code));
        run_end_job(128 + code, cause);
        break;
    case OML_RUN_EXIT_STATUS:
        snprintf(cause, sizeof(cause), "rank %d (pid %d) on host %s exited with status %d", rank,
                 pid, host, code);
        run_end_job(code, cause);
        break;
    case OML_RUN_EXIT_NOFINALIZE:
        snprintf(cause, sizeof(cause),
                 "rank %d (pid %d) on host %s exited with status 0 without calling MPI_Finalize",
                 rank, pid, host);
        run_end_job(1, cause);
        break;
    default:
        break;
    }
}

static void run_aborted(int rank, int status, const char *msg)
{
    (void)msg; /* the rank printed its own message; name it and its code here */
    char cause[1024];
    snprintf(cause, sizeof(cause), "rank %d on host %s aborted the job (error code %d)", rank,
             run_host_of(rank), status);
    /* An abort explains the job's end better than the exit it causes. */
    if (!run.ending || !run.aborted) {
        bool was_ending = run.ending;
        run_end_job(status, cause);
        if (was_ending) {
            run.exit_status = status;
            snprintf(run.cause, sizeof(run.cause), "%s", cause);
        }
        run.aborted = true;
    }
}

static void run_fence(const char *data, size_t len)
{
    /* PMIx servers take the nodes' blobs concatenated, in any order. */
    oml_run_buf_t *f = &run.fence;
    oml_run_buf_raw(f, data, len);
    if (++run.fence_count < run.nnodes)
        return;
    oml_run_buf_t rel = {0};
    oml_run_buf_blob(&rel, f->data, f->len);
    for (int n = 0; n < run.nnodes; n++) {
        run_host_t *hs = &run.hs[run.node_host[n]];
        if (hs->link != NULL)
            oml_run_link_send(hs->link, OML_RUN_MSG_FENCE_REL, &rel);
    }
    if (run.local_started)
        oml_run_node_fence_release(f->data, f->len);
    oml_run_buf_free(&rel);
    f->len = 0;
    run.fence_count = 0;
}

static void run_local_done(void)
{
    run.hs[run.local_host].done = true;
    run_maybe_exit_loop();
}

static const oml_run_node_ops_t run_local_ops = {.io = run_io,
                                                 .exited = run_exited,
                                                 .aborted = run_aborted,
                                                 .fence = run_fence,
                                                 .done = run_local_done};

/* ---- links to the daemons ---- */

static void run_launch(void);

static void run_link_msg(oml_run_link_t *link, int type, oml_run_buf_t *b, void *arg)
{
    (void)link;
    int h = (int)(intptr_t)arg;
    run_host_t *hs = &run.hs[h];
    uint32_t rank, a, c, d;
    size_t n;
    const void *p;
    switch (type) {
    case OML_RUN_MSG_IO:
        rank = oml_run_buf_get_u32(b);
        a = oml_run_buf_get_u32(b);
        p = oml_run_buf_get_blob(b, &n);
        if (!b->bad)
            run_io((int)rank, (int)a, p, n);
        break;
    case OML_RUN_MSG_EXITED:
        rank = oml_run_buf_get_u32(b);
        a = oml_run_buf_get_u32(b);
        c = oml_run_buf_get_u32(b);
        d = oml_run_buf_get_u32(b);
        if (!b->bad)
            run_exited((int)rank, (int)a, (oml_run_exit_t)c, (int)d);
        break;
    case OML_RUN_MSG_ABORTED:
        rank = oml_run_buf_get_u32(b);
        a = oml_run_buf_get_u32(b);
        p = oml_run_buf_get_str(b);
        if (!b->bad)
            run_aborted((int)rank, (int)a, p);
        break;
    case OML_RUN_MSG_FENCE:
        p = oml_run_buf_get_blob(b, &n);
        if (!b->bad)
            run_fence(p, n);
        break;
    case OML_RUN_MSG_DONE:
        hs->done = true;
        run_maybe_exit_loop();
        break;
    case OML_RUN_MSG_FAILED: {
        char cause[600];
        snprintf(cause, sizeof(cause), "%s", oml_run_buf_get_str(b));
        run_end_job(1, cause);
        break;
    }
    default:
        break;
    }
}

static void run_link_closed(oml_run_link_t *link, void *arg)
{
    (void)link;
    int h = (int)(intptr_t)arg;
    run_host_t *hs = &run.hs[h];
    hs->link = NULL;
    if (hs->done || (run.ending && !run.launched)) {
        run_maybe_exit_loop();
        return;
    }
    char cause[512];
    snprintf(cause, sizeof(cause),
             "lost the connection to the daemon on host %s (it died, or the host went down); "
             "its ranks are gone",
             run.hosts->v[h].name);
    run_end_job(1, cause);
    hs->done = true;
    run_maybe_exit_loop();
}

/* Logs and forgets a connection; closes its link unless the link closed itself (close false). */
static void run_conn_drop(run_conn_t *c, bool close, const char *why)
{
    fprintf(stderr, "mpirun: dropped a connection from %s: %s\n", oml_run_link_peer(c->link), why);
    if (close)
        oml_run_link_close(c->link, 0);
    for (run_conn_t **pp = &run.conns; *pp != NULL; pp = &(*pp)->next) {
        if (*pp == c) {
            *pp = c->next;
            break;
        }
    }
    event_free(c->timer);
    free(c);
}

/* Compares two keys in constant time. */
static bool run_key_ok(const char *k)
{
    if (strlen(k) != OML_RUN_KEY_LEN)
        return false;
    unsigned char diff = 0;
    for (int i = 0; i < OML_RUN_KEY_LEN; i++)
        diff |= (unsigned char)(k[i] ^ run.key[i]);
    return diff == 0;
}

static void run_conn_msg(oml_run_link_t *link, int type, oml_run_buf_t *b, void *arg)
{
    run_conn_t *c = arg;
    if (type != OML_RUN_MSG_HELLO) {
        run_conn_drop(c, true, "it did not present this job's key");
        return;
    }
    const char *key = oml_run_buf_get_str(b);
    if (b->bad || !run_key_ok(key)) {
        run_conn_drop(c, true, "it did not present this job's key");
        return;
    }
    int h = (int)oml_run_buf_get_u32(b);
    const char *topo = oml_run_buf_get_str(b);
    if (b->bad || h < 0 || h >= run.hosts->n || run.hs[h].hello || run.hosts->v[h].local) {
        run_conn_drop(c, true, "a daemon hello for a host that is not waiting for one");
        return;
    }
    oml_run_host_t *host = &run.hosts->v[h];
    if (oml_run_topo_decode(topo, &host->topo) != 0) {
        run_conn_drop(c, true, "its topology could not be read");
        return;
    }
    for (run_conn_t **pp = &run.conns; *pp != NULL; pp = &(*pp)->next) {
        if (*pp == c) {
            *pp = c->next;
            break;
        }
    }
    event_free(c->timer);
    free(c);
    /* From now on the link speaks for host h. */
    oml_run_link_t *l = link;
    run.hs[h].link = l;
    run.hs[h].hello = true;
    oml_run_link_retarget(l, run_link_msg, run_link_closed, (void *)(intptr_t)h);
    oml_run_link_limit(l, OML_RUN_MAX_FRAME);
    if (--run.waiting_hello == 0 && !run.ending)
        run_launch();
}

static void run_conn_closed(oml_run_link_t *link, void *arg)
{
    (void)link;
    run_conn_t *c = arg;
    run_conn_drop(c, false, "it closed before presenting this job's key");
}

static void run_conn_timeout(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what;
    run_conn_t *c = arg;
    run_conn_drop(c, true, "it sent no hello in time");
}

static void run_accept_cb(evutil_socket_t lfd, short what, void *arg)
{
    (void)what, (void)arg;
    int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0)
        return;
    run_conn_t *c = calloc(1, sizeof(*c));
    c->link = oml_run_link_open(run.base, fd, run_conn_msg, run_conn_closed, c);
    oml_run_link_limit(c->link, RUN_HELLO_MAX);
    c->timer = evtimer_new(run.base, run_conn_timeout, c);
    struct timeval tv = {RUN_HELLO_TIMEOUT_S, 0};
    evtimer_add(c->timer, &tv);
    c->next = run.conns;
    run.conns = c;
}

/* ---- starting the daemons ---- */

/* mpirun's IPv4 addresses, the ones other hosts may reach first, loopback last. */
static char *run_addrs(void)
{
    struct ifaddrs *ifs = NULL, *i;
    size_t cap = 1024, len = 0;
    char *s = calloc(1, cap);
    if (getifaddrs(&ifs) == 0) {
        for (int pass = 0; pass < 2; pass++) {
            for (i = ifs; i != NULL; i = i->ifa_next) {
                if (i->ifa_addr == NULL || i->ifa_addr->sa_family != AF_INET ||
                    !(i->ifa_flags & IFF_UP) || ((i->ifa_flags & IFF_LOOPBACK) != 0) != pass)
                    continue;
                char a[INET_ADDRSTRLEN];
                inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, a, sizeof(a));
                if (len + strlen(a) + 2 < cap)
                    len += (size_t)snprintf(s + len, cap - len, len ? ",%s" : "%s", a);
            }
        }
        freeifaddrs(ifs);
    }
    if (len == 0)
        snprintf(s, cap, "127.0.0.1");
    return s;
}

static int run_listen(int *port_p)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY)};
    socklen_t al = sizeof(a);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 128) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &al) != 0) {
        fprintf(stderr, "mpirun: cannot listen for the daemons of other hosts: %s\n",
                strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *port_p = ntohs(a.sin_port);
    return fd;
}

/* The daemon beside this mpirun: same installation on every host (as with Open MPI). */
static int run_daemon_path(char *path, size_t len)
{
    const char *env = getenv("OMPI_LITE_DAEMON");
    if (env != NULL && *env != '\0') {
        snprintf(path, len, "%s", env);
        return 0;
    }
    char self[2048];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0)
        return -1;
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    *slash = '\0';
    snprintf(path, len, "%s/ompi-lite-daemon", self);
    return 0;
}

static int run_start_agent(int h, const char *daemon, int port, const char *addrs)
{
    oml_run_host_t *host = &run.hosts->v[h];
    char cmd[8192];
    snprintf(cmd, sizeof(cmd), "'%s' --host-index %d --port %d --addrs %s", daemon, h, port, addrs);
    char *agent = strdup(run.opts->agent);
    char *argv[64];
    int argc = 0;
    char *save = NULL;
    for (char *t = strtok_r(agent, " \t", &save); t != NULL && argc < 60;
         t = strtok_r(NULL, " \t", &save))
        argv[argc++] = t;
    argv[argc++] = host->dest;
    argv[argc++] = cmd;
    argv[argc] = NULL;
    int in[2];
    if (pipe(in) != 0) {
        free(agent);
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        free(agent);
        return -1;
    }
    if (pid == 0) {
        setpgid(0, 0); /* a Ctrl-C at the terminal is mpirun's to handle, not ssh's */
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        dup2(in[0], STDIN_FILENO);
        close(in[0]);
        close(in[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "mpirun: cannot run the launch agent '%s' for host %s: %s\n", argv[0],
                host->name, strerror(errno));
        _exit(127);
    }
    close(in[0]);
    /* The key goes on the agent's stdin, which ssh hands to the daemon. */
    char line[OML_RUN_KEY_LEN + 2];
    snprintf(line, sizeof(line), "%s\n", run.key);
    if (write(in[1], line, strlen(line)) != (ssize_t)strlen(line))
        fprintf(stderr, "mpirun: could not hand the job key to the agent for host %s\n",
                host->name);
    close(in[1]);
    free(agent);
    run.hs[h].agent = pid;
    run.hs[h].agent_alive = true;
    return 0;
}

static void run_agents_cb(evutil_socket_t sig, short what, void *arg)
{
    (void)sig, (void)what, (void)arg;
    for (int h = 0; h < run.hosts->n; h++) {
        run_host_t *hs = &run.hs[h];
        int st;
        if (!hs->agent_alive || waitpid(hs->agent, &st, WNOHANG) != hs->agent)
            continue;
        hs->agent_alive = false;
        if (hs->hello || run.ending)
            continue; /* the link tells the rest */
        char cause[768];
        snprintf(cause, sizeof(cause),
                 "could not start ompi-lite-daemon on host %s: the launch agent '%s' %s %d "
                 "before the daemon connected (its messages are above). Check that '%s %s "
                 "true' works without a password, and that ompi-lite is installed at the same "
                 "path there",
                 run.hosts->v[h].name, run.opts->agent,
                 WIFSIGNALED(st) ? "was killed by signal" : "exited with status",
                 WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st), run.opts->agent,
                 run.hosts->v[h].dest);
        run_end_job(1, cause);
    }
}

static void run_startup_timeout(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what, (void)arg;
    if (run.launched)
        return;
    char cause[768];
    size_t len = 0;
    for (int h = 0; h < run.hosts->n; h++) {
        if (!run.hosts->v[h].local && !run.hs[h].hello)
            len += (size_t)snprintf(cause + len, sizeof(cause) - len, "%s%s", len ? ", " : "",
                                    run.hosts->v[h].name);
    }
    char msg[1024];
    snprintf(msg, sizeof(msg),
             "no daemon answered from host%s %s in time (OMPI_LITE_LAUNCH_TIMEOUT); is the host "
             "reachable, and can it connect back to this one?",
             strchr(cause, ',') ? "s" : "", cause);
    run_end_job(1, msg);
}

/* ---- the launch ---- */

/* The variables the ranks on other hosts need from here: FI_*, OMPI_LITE_*, OMPI_MCA_*,
   PMIX_MCA_* and every -x. */
static void run_env_list(bool remote, int *n_p, char ***env_p)
{
    extern char **environ;
    int cap = run.opts->nxvars + 1, n = 0;
    for (char **e = environ; remote && *e != NULL; e++)
        cap++;
    char **env = calloc((size_t)cap, sizeof(char *));
    static const char *const prefixes[] = {"FI_", "OMPI_LITE_", "OMPI_MCA_", "PMIX_MCA_", NULL};
    for (char **e = environ; remote && *e != NULL; e++) {
        for (int k = 0; prefixes[k] != NULL; k++) {
            if (strncmp(*e, prefixes[k], strlen(prefixes[k])) == 0) {
                env[n++] = strdup(*e);
                break;
            }
        }
    }
    for (int i = 0; i < run.opts->nxvars; i++) {
        const char *x = run.opts->xvars[i];
        const char *eq = strchr(x, '=');
        if (eq != NULL) {
            env[n++] = strdup(x);
        } else {
            const char *val = getenv(x);
            if (val != NULL) {
                char *e = malloc(strlen(x) + strlen(val) + 2);
                sprintf(e, "%s=%s", x, val);
                env[n++] = e;
            }
        }
    }
    *n_p = n;
    *env_p = env;
}

/* The launch of node id n. */
static void run_launch_of(int n, oml_run_launch_t *l)
{
    memset(l, 0, sizeof(*l));
    int h = run.node_host[n];
    l->nspace = run.nspace;
    l->np = run.np;
    l->nnodes = run.nnodes;
    l->node_id = n;
    l->hostnames = run.node_name;
    l->rank_node = calloc((size_t)run.np, sizeof(int));
    l->rank_local = calloc((size_t)run.np, sizeof(int));
    l->local = calloc((size_t)run.counts[h] + 1, sizeof(oml_run_lrank_t));
    for (int r = 0; r < run.np; r++) {
        l->rank_node[r] = run.hs[run.places[r].host].node_id;
        l->rank_local[r] = run.places[r].local_rank;
        if (run.places[r].host == h) {
            oml_run_lrank_t *lr = &l->local[run.places[r].local_rank];
            lr->rank = r;
            lr->cpus = run.places[r].cpus;
            lr->what = run.places[r].what;
            l->nlocal++;
        }
    }
    run_env_list(!run.hosts->v[h].local, &l->nenv, &l->env);
    static char cwd[4096];
    if (getcwd(cwd, sizeof(cwd)) == NULL)
        cwd[0] = '\0';
    l->cwd = cwd;
    l->napps = run.opts->napps;
    l->apps = run.apps;
    l->report_bindings = run.opts->report_bindings;
    l->stdin_from_link = !run.hosts->v[h].local && run.places[0].host == h;
}

static void run_stdin_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)what, (void)arg;
    char buf[65536];
    ssize_t n = read(fd, buf, sizeof(buf));
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    run_host_t *hs = &run.hs[run.places[0].host];
    oml_run_buf_t b = {0};
    oml_run_buf_blob(&b, buf, n > 0 ? (size_t)n : 0);
    if (hs->link != NULL)
        oml_run_link_send(hs->link, OML_RUN_MSG_STDIN, &b);
    oml_run_buf_free(&b);
    if (n <= 0) {
        event_del(run.stdin_ev);
    }
}

/* Rank 0 is on another host: what mpirun reads on stdin goes there. */
static void run_stdin_start(void)
{
    struct stat sb;
    if (fstat(STDIN_FILENO, &sb) != 0)
        return;
    if (S_ISFIFO(sb.st_mode) || S_ISSOCK(sb.st_mode) || isatty(STDIN_FILENO)) {
        run.stdin_ev = event_new(run.base, STDIN_FILENO, EV_READ | EV_PERSIST, run_stdin_cb, NULL);
        event_add(run.stdin_ev, NULL);
        return;
    }
    /* A file or /dev/null cannot be polled: send it whole now. */
    run_host_t *hs = &run.hs[run.places[0].host];
    char buf[65536];
    ssize_t n;
    do {
        n = read(STDIN_FILENO, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        oml_run_buf_t b = {0};
        oml_run_buf_blob(&b, buf, n > 0 ? (size_t)n : 0);
        oml_run_link_send(hs->link, OML_RUN_MSG_STDIN, &b);
        oml_run_buf_free(&b);
    } while (n > 0);
}

static void run_launch(void)
{
    char err[1024];
    oml_run_map_opts_t mo = run.opts->map;
    mo.np = run.opts->np;
    mo.oversubscribe = mo.oversubscribe || run.opts->oversubscribe;
    if (oml_run_map(run.hosts, &mo, &run.places, &run.counts, err, sizeof(err)) != 0) {
        fprintf(stderr, "mpirun: %s\n", err);
        run.exit_status = 1;
        run.ending = true;
        run.stop = true;
        snprintf(run.cause, sizeof(run.cause), "the job could not be mapped");
        return;
    }
    run.np = mo.np;
    /* one program for every rank, or the MPMD line's in rank order */
    run.apps = calloc((size_t)run.opts->napps, sizeof(*run.apps));
    if (run.apps == NULL) {
        fprintf(stderr, "mpirun: out of memory\n");
        exit(1);
    }
    for (int a = 0, first = 0; a < run.opts->napps; a++) {
        const oml_run_app_t *o = &run.opts->apps[a];
        oml_run_lapp_t *app = &run.apps[a];
        app->program = (char *)o->program;
        app->first = first;
        app->np = run.opts->napps == 1 ? run.np : o->np;
        app->argv = o->argv;
        for (app->argc = 0; o->argv[app->argc] != NULL; app->argc++)
            ;
        first += app->np;
    }
    run.node_host = calloc((size_t)run.hosts->n, sizeof(int));
    run.node_name = calloc((size_t)run.hosts->n, sizeof(char *));
    for (int h = 0; h < run.hosts->n; h++) {
        run.hs[h].node_id = -1;
        if (run.counts[h] > 0) {
            run.hs[h].node_id = run.nnodes;
            run.node_host[run.nnodes] = h;
            run.node_name[run.nnodes++] = run.hosts->v[h].name;
        }
    }
    run.launched = true;
    for (int h = 0; h < run.hosts->n; h++) {
        run_host_t *hs = &run.hs[h];
        if (run.hosts->v[h].local || hs->link == NULL)
            continue;
        if (hs->node_id < 0) {
            oml_run_link_send(hs->link, OML_RUN_MSG_EXIT, NULL);
            hs->done = true;
            continue;
        }
        oml_run_launch_t l;
        run_launch_of(hs->node_id, &l);
        oml_run_buf_t b = {0};
        oml_run_launch_pack(&l, &b);
        oml_run_link_send(hs->link, OML_RUN_MSG_LAUNCH, &b);
        oml_run_buf_free(&b);
        for (int i = 0; i < l.nenv; i++)
            free(l.env[i]);
        free(l.env);
        free(l.rank_node);
        free(l.rank_local);
        free(l.local);
    }
    if (!run.hosts->v[run.places[0].host].local)
        run_stdin_start();
    for (int h = 0; h < run.hosts->n; h++) {
        if (run.hosts->v[h].local && run.hs[h].node_id >= 0) {
            run.local_host = h;
            run_launch_of(run.hs[h].node_id, &run.local_launch);
            run.local_started = true;
            if (oml_run_node_start(run.base, &run.local_launch, &run_local_ops) != 0)
                run_end_job(1, "the ranks of this host could not be started");
        } else if (run.hosts->v[h].local) {
            run.hs[h].done = true;
        }
    }
    run_maybe_exit_loop();
}

/* ---- signals and the clock ---- */

static void run_signal_cb(evutil_socket_t sig, short what, void *arg)
{
    (void)what, (void)arg;
    if (sig == SIGUSR1 || sig == SIGUSR2) { /* forwarded, as Open MPI does */
        if (run.local_started)
            oml_run_node_signal((int)sig);
        oml_run_buf_t b = {0};
        oml_run_buf_u32(&b, (uint32_t)sig);
        for (int h = 0; h < run.hosts->n; h++) {
            if (run.hs[h].link != NULL)
                oml_run_link_send(run.hs[h].link, OML_RUN_MSG_SIGNAL, &b);
        }
        oml_run_buf_free(&b);
        return;
    }
    char cause[128];
    snprintf(cause, sizeof(cause), "mpirun received signal %d (%s)", (int)sig, strsignal((int)sig));
    if (run.ending) { /* a second Ctrl-C: no more grace */
        if (run.local_started)
            oml_run_node_kill(true);
        run_kill_remote(true);
    }
    run_end_job(128 + (int)sig, cause);
}

static void run_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
    (void)fd, (void)what, (void)arg;
    char cause[128];
    snprintf(cause, sizeof(cause), "the job ran longer than --timeout %d seconds",
             run.opts->timeout_s);
    run_end_job(124, cause);
}

/* ---- setup ---- */

static bool run_is_local(const char *name)
{
    if (strcmp(name, "localhost") == 0 || strcmp(name, "127.0.0.1") == 0 ||
        strcmp(name, run.hostname) == 0)
        return true;
    size_t a = strcspn(name, "."), b = strcspn(run.hostname, ".");
    return a == b && strncmp(name, run.hostname, a) == 0;
}

static int run_env_int(const char *name, int dflt)
{
    const char *v = getenv(name);
    return v != NULL && atoi(v) > 0 ? atoi(v) : dflt;
}

/* After the loop: daemons told to exit, their agents reaped (killed if they linger). */
static void run_shutdown_daemons(void)
{
    for (int h = 0; h < run.hosts->n; h++) {
        if (run.hs[h].link != NULL)
            oml_run_link_send(run.hs[h].link, OML_RUN_MSG_EXIT, NULL);
    }
    for (int h = 0; h < run.hosts->n; h++) { /* they exit in parallel; close each link */
        run_host_t *hs = &run.hs[h];
        if (hs->link != NULL) {
            oml_run_link_close(hs->link, 2000);
            hs->link = NULL;
        }
    }
    for (int t = 0; t < RUN_DAEMON_EXIT_WAIT_S * 10; t++) {
        bool any = false;
        for (int h = 0; h < run.hosts->n; h++) {
            run_host_t *hs = &run.hs[h];
            if (hs->agent_alive && waitpid(hs->agent, NULL, WNOHANG) == hs->agent)
                hs->agent_alive = false;
            any = any || hs->agent_alive;
        }
        if (!any)
            return;
        usleep(100000);
    }
    for (int h = 0; h < run.hosts->n; h++) {
        run_host_t *hs = &run.hs[h];
        if (hs->agent_alive) {
            kill(-hs->agent, SIGKILL);
            waitpid(hs->agent, NULL, 0);
            hs->agent_alive = false;
        }
    }
}

int oml_run_job(const oml_run_opts_t *opts)
{
    memset(&run, 0, sizeof(run));
    run.opts = opts;
    run.local_host = -1;
    run.listen_fd = -1;
    gethostname(run.hostname, sizeof(run.hostname) - 1);
    snprintf(run.nspace, sizeof(run.nspace), "ompi-lite.%d", (int)getpid());
    run.hosts = (oml_run_hosts_t *)&opts->hosts;
    if (run.hosts->n == 0) { /* no hostfile, no -H: this node, one slot per core */
        char err[64];
        oml_run_hostlist_parse("localhost", run.hosts, err, sizeof(err));
        run.hosts->v[0].slots_given = false;
    }
    run.hs = calloc((size_t)run.hosts->n, sizeof(run_host_t));

    /* Signals are events of the loop; block them until it runs so none is lost. */
    signal(SIGPIPE, SIG_IGN);
    run.base = event_base_new();
    int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2};
    struct event *sigev[5];
    for (int i = 0; i < 5; i++) {
        sigev[i] = evsignal_new(run.base, sigs[i], run_signal_cb, NULL);
        evsignal_add(sigev[i], NULL);
    }
    struct event *agents_ev = evsignal_new(run.base, SIGCHLD, run_agents_cb, NULL);
    evsignal_add(agents_ev, NULL);
    struct event *timeout = NULL;
    if (opts->timeout_s > 0) {
        struct timeval tv = {opts->timeout_s, 0};
        timeout = evtimer_new(run.base, run_timeout_cb, NULL);
        evtimer_add(timeout, &tv);
    }

    /* Topologies: ours now; the other hosts' come with their daemons' hello. */
    int nremote = 0;
    for (int h = 0; h < run.hosts->n; h++) {
        oml_run_host_t *host = &run.hosts->v[h];
        host->local = run_is_local(host->name);
        if (!host->local) {
            nremote++;
        } else if (oml_run_topo_load(&host->topo) != 0) {
            fprintf(stderr, "mpirun: hwloc cannot read this node's topology\n");
            return 1;
        }
    }

    if (nremote > 0) {
        unsigned char raw[OML_RUN_KEY_LEN / 2];
        char daemon[4096];
        int port;
        if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw) ||
            run_daemon_path(daemon, sizeof(daemon)) != 0 ||
            (run.listen_fd = run_listen(&port)) < 0) {
            fprintf(stderr, "mpirun: cannot prepare the start of daemons on other hosts\n");
            return 1;
        }
        for (size_t i = 0; i < sizeof(raw); i++)
            sprintf(run.key + 2 * i, "%02x", raw[i]);
        run.accept_ev =
            event_new(run.base, run.listen_fd, EV_READ | EV_PERSIST, run_accept_cb, NULL);
        event_add(run.accept_ev, NULL);
        char *addrs = run_addrs();
        run.waiting_hello = nremote;
        for (int h = 0; h < run.hosts->n; h++) {
            if (!run.hosts->v[h].local && run_start_agent(h, daemon, port, addrs) != 0) {
                fprintf(stderr, "mpirun: cannot start the launch agent for host %s: %s\n",
                        run.hosts->v[h].name, strerror(errno));
                run_end_job(1, "a daemon could not be started");
                break;
            }
        }
        free(addrs);
        struct timeval tv = {run_env_int("OMPI_LITE_LAUNCH_TIMEOUT", 60), 0};
        run.startup_timer = evtimer_new(run.base, run_startup_timeout, NULL);
        evtimer_add(run.startup_timer, &tv);
    } else {
        run_launch();
    }

    while (!run.stop)
        event_base_loop(run.base, EVLOOP_ONCE);

    int status = run.ending ? run.exit_status : 0;
    if (run.ending && run.launched)
        fprintf(stderr, "mpirun: %s; the job was ended (exit status %d).\n", run.cause, status);
    else if (run.ending && strcmp(run.cause, "the job could not be mapped") != 0)
        fprintf(stderr, "mpirun: %s; no rank was started (exit status %d).\n", run.cause, status);

    if (run.local_started)
        oml_run_node_finalize();
    run_shutdown_daemons();
    while (run.conns != NULL) {
        run_conn_t *c = run.conns;
        run.conns = c->next;
        oml_run_link_close(c->link, 0);
        event_free(c->timer);
        free(c);
    }
    if (run.listen_fd >= 0)
        close(run.listen_fd);
    if (run.accept_ev != NULL)
        event_free(run.accept_ev);
    if (run.startup_timer != NULL)
        event_free(run.startup_timer);
    if (run.stdin_ev != NULL)
        event_free(run.stdin_ev);
    if (timeout != NULL)
        event_free(timeout);
    for (int i = 0; i < 5; i++)
        event_free(sigev[i]);
    event_free(agents_ev);
    if (run.local_started) {
        free(run.local_launch.env); /* its strings went to putenv */
        free(run.local_launch.rank_node);
        free(run.local_launch.rank_local);
        free(run.local_launch.local);
    }
    oml_run_buf_free(&run.fence);
    free(run.places);
    free(run.counts);
    free(run.apps);
    free(run.node_host);
    free(run.node_name);
    free(run.hs);
    event_base_free(run.base);
    return status;
}
