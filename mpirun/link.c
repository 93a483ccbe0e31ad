/*
 * mpirun/link.c: framed messages between mpirun and its daemons (see link.h).
 */
#include "mpirun/link.h"

#include <arpa/inet.h>
#include <errno.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct oml_run_link {
    struct bufferevent *bev;
    oml_run_link_msg_fn msg;
    oml_run_link_close_fn closed;
    void *arg;
    bool in_msg; /* inside msg: a close there leaves freeing to the reader */
    uint32_t max_frame;
    char peer[64];
};

/* ---- pack buffers ---- */

static void buf_reserve(oml_run_buf_t *b, size_t n)
{
    if (b->len + n <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n)
        cap *= 2;
    char *d = realloc(b->data, cap);
    if (d == NULL) {
        fprintf(stderr, "ompi-lite launcher: out of memory\n");
        exit(1);
    }
    b->data = d;
    b->cap = cap;
}

void oml_run_buf_u32(oml_run_buf_t *b, uint32_t v)
{
    uint32_t n = htonl(v);
    buf_reserve(b, 4);
    memcpy(b->data + b->len, &n, 4);
    b->len += 4;
}

void oml_run_buf_blob(oml_run_buf_t *b, const void *p, size_t n)
{
    oml_run_buf_u32(b, (uint32_t)n);
    buf_reserve(b, n + 1);
    if (n > 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
}

void oml_run_buf_raw(oml_run_buf_t *b, const void *p, size_t n)
{
    buf_reserve(b, n + 1);
    if (n > 0)
        memcpy(b->data + b->len, p, n);
    b->len += n;
}

void oml_run_buf_str(oml_run_buf_t *b, const char *s)
{
    if (s == NULL)
        s = "";
    size_t n = strlen(s) + 1;
    oml_run_buf_u32(b, (uint32_t)n);
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

uint32_t oml_run_buf_get_u32(oml_run_buf_t *b)
{
    uint32_t n;
    if (b->bad || b->len - b->pos < 4) {
        b->bad = true;
        return 0;
    }
    memcpy(&n, b->data + b->pos, 4);
    b->pos += 4;
    return ntohl(n);
}

const void *oml_run_buf_get_blob(oml_run_buf_t *b, size_t *n_p)
{
    size_t n = oml_run_buf_get_u32(b);
    if (b->bad || b->len - b->pos < n) {
        b->bad = true;
        *n_p = 0;
        return "";
    }
    const void *p = b->data + b->pos;
    b->pos += n;
    *n_p = n;
    return p;
}

const char *oml_run_buf_get_str(oml_run_buf_t *b)
{
    size_t n;
    const char *s = oml_run_buf_get_blob(b, &n);
    if (b->bad || n == 0 || s[n - 1] != '\0') {
        b->bad = true;
        return "";
    }
    return s;
}

void oml_run_buf_free(oml_run_buf_t *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}

/* ---- the link ---- */

static void link_read_cb(struct bufferevent *bev, void *arg)
{
    oml_run_link_t *l = arg;
    struct evbuffer *in = bufferevent_get_input(bev);
    for (;;) {
        uint32_t hdr[2];
        if (evbuffer_get_length(in) < sizeof(hdr))
            return;
        evbuffer_copyout(in, hdr, sizeof(hdr));
        uint32_t type = ntohl(hdr[0]), len = ntohl(hdr[1]);
        if (len > l->max_frame) { /* not our peer, or a broken one: a frame of type 0 */
            oml_run_buf_t none = {0};
            l->in_msg = true;
            l->msg(l, 0, &none, l->arg);
            l->in_msg = false;
            if (l->bev != NULL) {
                l->closed(l, l->arg);
                bufferevent_free(l->bev);
            }
            free(l);
            return;
        }
        if (evbuffer_get_length(in) < sizeof(hdr) + len)
            return;
        evbuffer_drain(in, sizeof(hdr));
        oml_run_buf_t b = {0};
        b.data = malloc(len + 1);
        b.len = b.cap = len;
        evbuffer_remove(in, b.data, len);
        l->in_msg = true;
        l->msg(l, (int)type, &b, l->arg);
        l->in_msg = false;
        free(b.data);
        if (l->bev == NULL) { /* the handler closed the link */
            free(l);
            return;
        }
    }
}

static void link_event_cb(struct bufferevent *bev, short what, void *arg)
{
    (void)bev;
    oml_run_link_t *l = arg;
    if (what & (BEV_EVENT_EOF | BEV_EVENT_ERROR)) {
        l->closed(l, l->arg);
        bufferevent_free(l->bev);
        free(l);
    }
}

oml_run_link_t *oml_run_link_open(struct event_base *base, int fd, oml_run_link_msg_fn msg,
                                  oml_run_link_close_fn closed, void *arg)
{
    oml_run_link_t *l = calloc(1, sizeof(*l));
    struct sockaddr_storage ss;
    socklen_t sl = sizeof(ss);
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (getpeername(fd, (struct sockaddr *)&ss, &sl) == 0) {
        if (ss.ss_family == AF_INET) {
            struct sockaddr_in *a = (struct sockaddr_in *)&ss;
            inet_ntop(AF_INET, &a->sin_addr, host, sizeof(host));
            port = ntohs(a->sin_port);
        } else if (ss.ss_family == AF_INET6) {
            struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
            inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof(host));
            port = ntohs(a->sin6_port);
        }
    }
    snprintf(l->peer, sizeof(l->peer), "%s:%d", host, port);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    l->bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
    l->msg = msg;
    l->closed = closed;
    l->arg = arg;
    l->max_frame = OML_RUN_MAX_FRAME;
    bufferevent_setcb(l->bev, link_read_cb, NULL, link_event_cb, l);
    bufferevent_enable(l->bev, EV_READ | EV_WRITE);
    return l;
}

void oml_run_link_send(oml_run_link_t *l, int type, const oml_run_buf_t *payload)
{
    uint32_t hdr[2] = {htonl((uint32_t)type), htonl(payload != NULL ? (uint32_t)payload->len : 0)};
    struct evbuffer *out = bufferevent_get_output(l->bev);
    evbuffer_add(out, hdr, sizeof(hdr));
    if (payload != NULL && payload->len > 0)
        evbuffer_add(out, payload->data, payload->len);
}

void oml_run_link_close(oml_run_link_t *l, int timeout_ms)
{
    int fd = bufferevent_getfd(l->bev);
    struct evbuffer *out = bufferevent_get_output(l->bev);
    /* Flush by hand: the loop may not run again. (The bufferevent froze the buffer's start
       so that only it would drain it; we take over.) */
    evbuffer_unfreeze(out, 1);
    while (evbuffer_get_length(out) > 0) {
        int n = evbuffer_write(out, fd);
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            break;
        if (n <= 0) {
            struct pollfd p = {fd, POLLOUT, 0};
            if (poll(&p, 1, timeout_ms) <= 0)
                break;
        }
    }
    shutdown(fd, SHUT_WR);
    /* Read until the peer closes too: closing with unread data would send a reset, and the
       peer could lose the frames it has not read yet. */
    for (;;) {
        char sink[4096];
        ssize_t n = read(fd, sink, sizeof(sink));
        if (n > 0 || (n < 0 && errno == EINTR))
            continue;
        if (n < 0 && errno == EAGAIN) {
            struct pollfd p = {fd, POLLIN, 0};
            if (poll(&p, 1, timeout_ms) > 0)
                continue;
        }
        break;
    }
    bufferevent_free(l->bev);
    l->bev = NULL;
    if (!l->in_msg)
        free(l);
}

void oml_run_link_retarget(oml_run_link_t *l, oml_run_link_msg_fn msg, oml_run_link_close_fn closed,
                           void *arg)
{
    l->msg = msg;
    l->closed = closed;
    l->arg = arg;
}

void oml_run_link_limit(oml_run_link_t *l, uint32_t max_frame)
{
    l->max_frame = max_frame;
}

const char *oml_run_link_peer(const oml_run_link_t *l)
{
    return l->peer;
}
