/*
 * mpirun/daemon.c: ompi-lite-daemon, started by mpirun on each other host through the launch
 * agent (ssh): ompi-lite-daemon --host-index I --port P --addrs A,B,...
 *
 * It reads the job key from its stdin (so that it never shows on a command line), connects
 * back to mpirun (first to the address ssh says it came from, then to each address mpirun
 * listed), says hello with the key and this host's topology, and then runs the node server
 * for its ranks as mpirun tells it. When the link to mpirun goes, its ranks go too.
 */
#include "mpirun/map.h"
#include "mpirun/node.h"
#include "oml_config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct {
    struct event_base *base;
    oml_run_link_t *link;
    oml_run_launch_t launch;
    bool launched;
    bool exiting;
    int status;
    char hostname[256];
} d;

static void d_die(const char *msg)
{
    fprintf(stderr, "ompi-lite-daemon on %s: %s\n", d.hostname, msg);
    exit(1);
}

/* ---- node events go up the link ---- */

static void d_io(int rank, int stream, const char *data, size_t len)
{
    oml_run_buf_t b = {0};
    oml_run_buf_u32(&b, (uint32_t)rank);
    oml_run_buf_u32(&b, (uint32_t)stream);
    oml_run_buf_blob(&b, data, len);
    oml_run_link_send(d.link, OML_RUN_MSG_IO, &b);
    oml_run_buf_free(&b);
}

static void d_exited(int rank, int pid, oml_run_exit_t how, int code)
{
    oml_run_buf_t b = {0};
    oml_run_buf_u32(&b, (uint32_t)rank);
    oml_run_buf_u32(&b, (uint32_t)pid);
    oml_run_buf_u32(&b, (uint32_t)how);
    oml_run_buf_u32(&b, (uint32_t)code);
    oml_run_link_send(d.link, OML_RUN_MSG_EXITED, &b);
    oml_run_buf_free(&b);
}

static void d_aborted(int rank, int status, const char *msg)
{
    oml_run_buf_t b = {0};
    oml_run_buf_u32(&b, (uint32_t)rank);
    oml_run_buf_u32(&b, (uint32_t)status);
    oml_run_buf_str(&b, msg);
    oml_run_link_send(d.link, OML_RUN_MSG_ABORTED, &b);
    oml_run_buf_free(&b);
}

static void d_fence(const char *data, size_t len)
{
    oml_run_buf_t b = {0};
    oml_run_buf_blob(&b, data, len);
    oml_run_link_send(d.link, OML_RUN_MSG_FENCE, &b);
    oml_run_buf_free(&b);
}

static void d_done(void)
{
    oml_run_link_send(d.link, OML_RUN_MSG_DONE, NULL);
}

static const oml_run_node_ops_t d_ops = {
    .io = d_io, .exited = d_exited, .aborted = d_aborted, .fence = d_fence, .done = d_done};

/* ---- messages from mpirun ---- */

static void d_msg(oml_run_link_t *link, int type, oml_run_buf_t *b, void *arg)
{
    (void)link, (void)arg;
    size_t n;
    const void *p;
    switch (type) {
    case OML_RUN_MSG_LAUNCH:
        if (d.launched || oml_run_launch_unpack(b, &d.launch) != 0)
            d_die("received a launch message it cannot read (mpirun and daemon of different "
                  "versions?)");
        d.launched = true;
        if (oml_run_node_start(d.base, &d.launch, &d_ops) != 0) {
            oml_run_buf_t e = {0};
            char msg[512];
            snprintf(msg, sizeof(msg), "could not start the ranks on host %s", d.hostname);
            oml_run_buf_str(&e, msg);
            oml_run_link_send(d.link, OML_RUN_MSG_FAILED, &e);
            oml_run_buf_free(&e);
            oml_run_node_kill(true);
        }
        break;
    case OML_RUN_MSG_KILL:
        oml_run_node_kill(oml_run_buf_get_u32(b) != 0);
        break;
    case OML_RUN_MSG_SIGNAL:
        oml_run_node_signal((int)oml_run_buf_get_u32(b));
        break;
    case OML_RUN_MSG_STDIN:
        p = oml_run_buf_get_blob(b, &n);
        oml_run_node_stdin(p, n);
        break;
    case OML_RUN_MSG_FENCE_REL:
        p = oml_run_buf_get_blob(b, &n);
        oml_run_node_fence_release(p, n);
        break;
    case OML_RUN_MSG_EXIT:
        d.exiting = true;
        event_base_loopbreak(d.base);
        break;
    default:
        break;
    }
}

static void d_closed(oml_run_link_t *link, void *arg)
{
    (void)link, (void)arg;
    d.link = NULL;
    if (!d.exiting && !(d.launched && oml_run_node_done())) {
        /* mpirun is gone: nothing may outlive it. */
        fprintf(stderr,
                "ompi-lite-daemon on %s: lost the connection to mpirun; ending this "
                "host's ranks\n",
                d.hostname);
        d.status = 1;
    }
    event_base_loopbreak(d.base);
}

static void d_signal_cb(evutil_socket_t sig, short what, void *arg)
{
    (void)what, (void)arg;
    fprintf(stderr, "ompi-lite-daemon on %s: received signal %d (%s); ending this host's ranks\n",
            d.hostname, (int)sig, strsignal((int)sig));
    d.status = 1;
    event_base_loopbreak(d.base);
}

/* ---- start ---- */

/* Connects to addr:port, waiting at most timeout_ms; returns the socket or -1. */
static int d_connect(const char *addr, const char *port, int timeout_ms)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *res = NULL;
    if (getaddrinfo(addr, port, &hints, &res) != 0)
        return -1;
    int fd = -1;
    for (struct addrinfo *a = res; a != NULL && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0)
            continue;
        int rc = connect(fd, a->ai_addr, a->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            struct pollfd p = {fd, POLLOUT, 0};
            int err = 0;
            socklen_t el = sizeof(err);
            if (poll(&p, 1, timeout_ms) == 1 &&
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) == 0 && err == 0)
                rc = 0;
        }
        if (rc != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    return fd;
}

int main(int argc, char **argv)
{
    const char *index = NULL, *port = NULL, *addrs = NULL;
    gethostname(d.hostname, sizeof(d.hostname) - 1);
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--host-index") == 0)
            index = argv[i + 1];
        else if (strcmp(argv[i], "--port") == 0)
            port = argv[i + 1];
        else if (strcmp(argv[i], "--addrs") == 0)
            addrs = argv[i + 1];
    }
    if (index == NULL || port == NULL || addrs == NULL) {
        fprintf(stderr, "ompi-lite-daemon (ompi-lite " PACKAGE_VERSION
                        ") is started by mpirun on other hosts; it is not run by hand.\n");
        return 1;
    }

    /* The key: one line on stdin. Then stdin is /dev/null, so no rank reads ssh's channel. */
    char key[OML_RUN_KEY_LEN + 2];
    size_t got = 0;
    while (got < sizeof(key) - 1) {
        ssize_t n = read(STDIN_FILENO, key + got, 1);
        if (n <= 0 || key[got] == '\n')
            break;
        got++;
    }
    key[got] = '\0';
    if (got != OML_RUN_KEY_LEN)
        d_die("did not receive the job key on its standard input");
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) {
        dup2(devnull, STDIN_FILENO);
        close(devnull);
    }

    /* mpirun as this host sees it (SSH_CONNECTION), then every address it gave. */
    int fd = -1;
    const char *sc = getenv("SSH_CONNECTION");
    if (sc != NULL) {
        char from[64];
        if (sscanf(sc, "%63s", from) == 1)
            fd = d_connect(from, port, 5000);
    }
    char *list = strdup(addrs), *save = NULL;
    for (char *a = strtok_r(list, ",", &save); a != NULL && fd < 0; a = strtok_r(NULL, ",", &save))
        fd = d_connect(a, port, 5000);
    free(list);
    if (fd < 0) {
        char msg[512];
        snprintf(msg, sizeof(msg),
                 "cannot connect back to mpirun at port %s of %s; a firewall between the hosts?",
                 port, addrs);
        d_die(msg);
    }

    signal(SIGPIPE, SIG_IGN);
    d.base = event_base_new();
    d.link = oml_run_link_open(d.base, fd, d_msg, d_closed, NULL);
    oml_run_topo_t topo;
    if (oml_run_topo_load(&topo) != 0)
        d_die("hwloc cannot read this host's topology");
    char *text = oml_run_topo_encode(&topo);
    oml_run_buf_t b = {0};
    oml_run_buf_str(&b, key);
    oml_run_buf_u32(&b, (uint32_t)atoi(index));
    oml_run_buf_str(&b, text);
    oml_run_link_send(d.link, OML_RUN_MSG_HELLO, &b);
    oml_run_buf_free(&b);
    free(text);
    oml_run_topo_free(&topo);

    struct event *sigs[3];
    int signums[3] = {SIGINT, SIGTERM, SIGHUP};
    for (int i = 0; i < 3; i++) {
        sigs[i] = evsignal_new(d.base, signums[i], d_signal_cb, NULL);
        evsignal_add(sigs[i], NULL);
    }

    event_base_dispatch(d.base);
    if (d.launched) {
        if (!d.exiting) {
            oml_run_node_kill(true);
        }
        oml_run_node_finalize();
        oml_run_launch_free(&d.launch);
    }
    if (d.link != NULL)
        oml_run_link_close(d.link, 2000);
    for (int i = 0; i < 3; i++)
        event_free(sigs[i]);
    event_base_free(d.base);
    return d.status;
}
