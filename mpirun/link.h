/*
 * mpirun/link.h: the TCP link between mpirun and an ompi-lite-daemon. Frames of
 * {u32 type, u32 length, payload} in network order over a libevent bufferevent; payloads are
 * packed with oml_run_buf_t (u32s, NUL-terminated strings, length-prefixed blobs).
 *
 * A daemon's first frame is HELLO with the job's key (which reached it on ssh's stdin, never
 * on a command line); mpirun drops and logs a connection whose first frame is anything else.
 */
#ifndef OML_RUN_LINK_H
#define OML_RUN_LINK_H

#include <event2/event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OML_RUN_KEY_LEN 64 /* hex characters of the job key */
#define OML_RUN_MAX_FRAME (1u << 30)

enum {
    OML_RUN_MSG_HELLO = 1, /* d->m: key, host index, topology text */
    OML_RUN_MSG_LAUNCH,    /* m->d: oml_run_launch_t */
    OML_RUN_MSG_EXIT,      /* m->d: clean up and exit */
    OML_RUN_MSG_KILL,      /* m->d: u32 hard: end every rank */
    OML_RUN_MSG_SIGNAL,    /* m->d: u32 signal for every rank */
    OML_RUN_MSG_STDIN,     /* m->d: blob for rank 0's stdin; empty: EOF */
    OML_RUN_MSG_FENCE_REL, /* m->d: blob, every node's fence data */
    OML_RUN_MSG_IO,        /* d->m: u32 rank, u32 stream (1, 2), blob */
    OML_RUN_MSG_EXITED,    /* d->m: u32 rank, pid, how, code */
    OML_RUN_MSG_ABORTED,   /* d->m: u32 rank, status, str message */
    OML_RUN_MSG_FENCE,     /* d->m: blob, this node's fence data */
    OML_RUN_MSG_DONE,      /* d->m: every rank ended, output sent */
    OML_RUN_MSG_FAILED     /* d->m: str, the daemon could not start its ranks */
};

/* A growable pack buffer; reading past the end sets bad and yields zeros / "". */
typedef struct oml_run_buf {
    char *data;
    size_t len, cap, pos;
    bool bad;
} oml_run_buf_t;

void oml_run_buf_u32(oml_run_buf_t *b, uint32_t v);
void oml_run_buf_str(oml_run_buf_t *b, const char *s);
void oml_run_buf_blob(oml_run_buf_t *b, const void *p, size_t n);
void oml_run_buf_raw(oml_run_buf_t *b, const void *p, size_t n); /* bytes, no length */
uint32_t oml_run_buf_get_u32(oml_run_buf_t *b);
const char *oml_run_buf_get_str(oml_run_buf_t *b); /* points into the buffer */
const void *oml_run_buf_get_blob(oml_run_buf_t *b, size_t *n_p);
void oml_run_buf_free(oml_run_buf_t *b);

typedef struct oml_run_link oml_run_link_t;

/* A frame arrived; the buffer is the payload, valid during the call. */
typedef void (*oml_run_link_msg_fn)(oml_run_link_t *link, int type, oml_run_buf_t *payload,
                                    void *arg);
/* The peer closed the link or it failed; the link is freed after this returns. */
typedef void (*oml_run_link_close_fn)(oml_run_link_t *link, void *arg);

oml_run_link_t *oml_run_link_open(struct event_base *base, int fd, oml_run_link_msg_fn msg,
                                  oml_run_link_close_fn closed, void *arg);
void oml_run_link_send(oml_run_link_t *link, int type, const oml_run_buf_t *payload);
/* Points the link's callbacks elsewhere (a connection that became a host's link). */
void oml_run_link_retarget(oml_run_link_t *link, oml_run_link_msg_fn msg,
                           oml_run_link_close_fn closed, void *arg);
/* Sends what is queued (blocking, at most timeout_ms) and frees the link. Not from within
   the closed callback (the link is freed after it anyway). */
void oml_run_link_close(oml_run_link_t *link, int timeout_ms);
/* Frames longer than max_frame end the link (after a frame of type 0 to msg); the default is
   OML_RUN_MAX_FRAME, a connection that has not proved itself gets far less. */
void oml_run_link_limit(oml_run_link_t *link, uint32_t max_frame);
/* "address:port" of the peer. */
const char *oml_run_link_peer(const oml_run_link_t *link);

#endif /* OML_RUN_LINK_H */
