/*
 * Unit tests of the transport's pure logic: matching queues, sequence reordering and protocol
 * choice. Links transport/tp_match.c only.
 */
#include "tests/unit/unit.h"
#include "transport/tp_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The wires call back into the engine; these tests have no engine. */
void oml_tp_pkt_arrived(int peer, const void *hdr, const void *payload, size_t len)
{
    (void)peer, (void)hdr, (void)payload, (void)len;
}

static oml_tp_hdr_t hdr(uint32_t ctx, int src, int tag)
{
    oml_tp_hdr_t h;
    memset(&h, 0, sizeof(h));
    h.type = OML_TP_PKT_EAGER;
    h.ctx = ctx;
    h.src = src;
    h.tag = tag;
    return h;
}

static void post(oml_tp_queue_t *q, oml_tp_req_t *r, uint32_t ctx, int src, int tag)
{
    memset(r, 0, sizeof(*r));
    r->ctx = ctx;
    r->peer = src;
    r->want_tag = tag;
    oml_tp_queue_push_req(q, r);
}

static void test_fits(void)
{
    oml_tp_hdr_t h = hdr(4, 2, 7);
    CHECK(oml_tp_match_fits(2, 7, 4, &h));
    CHECK(oml_tp_match_fits(OML_TP_ANY_SOURCE, 7, 4, &h));
    CHECK(oml_tp_match_fits(2, OML_TP_ANY_TAG, 4, &h));
    CHECK(oml_tp_match_fits(OML_TP_ANY_SOURCE, OML_TP_ANY_TAG, 4, &h));
    CHECK(!oml_tp_match_fits(2, 7, 5, &h)); /* other context */
    CHECK(!oml_tp_match_fits(3, 7, 4, &h)); /* other source */
    CHECK(!oml_tp_match_fits(2, 8, 4, &h)); /* other tag */
    h.tag = -9; /* internal negative tags are never matched by MPI_ANY_TAG */
    CHECK(!oml_tp_match_fits(2, OML_TP_ANY_TAG, 4, &h));
    CHECK(oml_tp_match_fits(2, -9, 4, &h));
}

static void test_posted_order(void)
{
    oml_tp_queue_t q = {0};
    oml_tp_req_t a, b, c, d;
    post(&q, &a, 0, OML_TP_ANY_SOURCE, 5);
    post(&q, &b, 0, 1, OML_TP_ANY_TAG);
    post(&q, &c, 0, 1, 5);
    post(&q, &d, 2, 1, 5);
    oml_tp_hdr_t h = hdr(0, 1, 5);
    CHECK(q.len == 4);                        /* the count tools read */
    CHECK(oml_tp_match_posted(&q, &h) == &a); /* first posted that matches */
    CHECK(oml_tp_match_posted(&q, &h) == &b);
    CHECK(oml_tp_match_posted(&q, &h) == &c);
    CHECK(oml_tp_match_posted(&q, &h) == NULL);
    CHECK(q.len == 1);
    h.ctx = 2;
    CHECK(oml_tp_match_posted(&q, &h) == &d);
    CHECK(q.head == NULL && q.tail == NULL && q.len == 0);
    /* removing from the middle keeps the tail right */
    post(&q, &a, 0, 1, 1);
    post(&q, &b, 0, 1, 2);
    post(&q, &c, 0, 1, 3);
    h = hdr(0, 1, 3);
    CHECK(oml_tp_match_posted(&q, &h) == &c);
    post(&q, &d, 0, 1, 4);
    h = hdr(0, 1, 2);
    CHECK(oml_tp_match_posted(&q, &h) == &b);
    CHECK(q.head == &a && a.next == &d && q.tail == &d && q.len == 2);
    CHECK(oml_tp_queue_remove_req(&q, &d) && !oml_tp_queue_remove_req(&q, &d) && q.len == 1);
}

static void test_unexpected_order(void)
{
    oml_tp_queue_t q = {0};
    oml_tp_unexp_t u[4];
    int tags[] = {3, 4, 3, -1};
    for (int i = 0; i < 4; i++) {
        memset(&u[i], 0, sizeof(u[i]));
        u[i].rts.hdr = hdr(0, i % 2, tags[i]);
        oml_tp_queue_push_unexp(&q, &u[i]);
    }
    CHECK(oml_tp_match_unexp(&q, 0, OML_TP_ANY_SOURCE, 3) == &u[0]);
    CHECK(oml_tp_match_unexp(&q, 0, OML_TP_ANY_SOURCE, OML_TP_ANY_TAG) == &u[1]);
    CHECK(oml_tp_match_unexp(&q, 0, 1, OML_TP_ANY_TAG) == NULL); /* u[3] has a negative tag */
    CHECK(q.len == 2);
    CHECK(oml_tp_match_unexp(&q, 0, 1, -1) == &u[3]);
    CHECK(oml_tp_match_unexp(&q, 1, 0, 3) == NULL);
    CHECK(oml_tp_match_unexp(&q, 0, 0, 3) == &u[2]);
    CHECK(q.head == NULL && q.tail == NULL && q.len == 0);
}

/* Feeds packets in a shuffled order; they must come out in sequence order. */
static void test_seq_shuffle(uint32_t start)
{
    oml_tp_seq_t s = {.next_recv = start};
    enum { N = 200 };
    uint32_t order[N];
    for (int i = 0; i < N; i++)
        order[i] = start + (uint32_t)i;
    srand(42);
    for (int i = N - 1; i > 0; i--) {
        int j = rand() % (i + 1);
        uint32_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    uint32_t delivered = 0;
    for (int i = 0; i < N; i++) {
        uint32_t seq = order[i];
        if (seq == s.next_recv) {
            s.next_recv++;
            delivered++;
        } else {
            CHECK(oml_tp_seq_hold(&s, seq, &seq, sizeof(seq), NULL, 0) == OML_OK);
        }
        oml_tp_seq_pkt_t *p;
        while ((p = oml_tp_seq_take_ready(&s)) != NULL) {
            uint32_t v;
            memcpy(&v, p->data, sizeof(v));
            CHECK(v == s.next_recv && p->seq == v && p->len == sizeof(v));
            s.next_recv++;
            delivered++;
            free(p);
        }
    }
    CHECK(delivered == N);
    CHECK(s.held == NULL);
    CHECK(s.next_recv == start + N);
}

static void test_proto_choice(void)
{
    oml_tp_wire_t w = {.name = "fake", .eager_limit = 8192 - sizeof(oml_tp_hdr_t), .has_rma = true};
    CHECK(oml_tp_proto_is_eager(&w, 0));
    CHECK(oml_tp_proto_is_eager(&w, 1));
    CHECK(oml_tp_proto_is_eager(&w, 8192 - sizeof(oml_tp_hdr_t)));
    CHECK(!oml_tp_proto_is_eager(&w, 8192 - sizeof(oml_tp_hdr_t) + 1));
    CHECK(!oml_tp_proto_is_eager(&w, (size_t)64 << 20));
    oml_tp_wire_t self = {.name = "self", .eager_limit = SIZE_MAX, .has_rma = false};
    CHECK(oml_tp_proto_is_eager(&self, (size_t)64 << 20));
    /* header sizes of protocol version 4 (docs/protocol.md) */
    CHECK(oml_tp_hdr_len(OML_TP_PKT_EAGER) == 32);
    CHECK(oml_tp_hdr_len(OML_TP_PKT_RTS) == 56);
    CHECK(oml_tp_hdr_len(OML_TP_PKT_FIN) == 40);
    CHECK(oml_tp_hdr_len(OML_TP_PKT_CREDIT) == 40);
    CHECK(oml_tp_hdr_len(OML_TP_PKT_FRAG) == 32);
    CHECK(oml_tp_hdr_len(OML_TP_PKT_CTS) == 56);
    CHECK(oml_tp_hdr_len(OML_TP_PKT_DATA) == 48);
    CHECK(oml_tp_hdr_len(OML_TP_PKT_CANCEL) == 48);
    CHECK(oml_tp_hdr_len(OML_TP_PKT_CANCEL_ACK) == 48);
}

/* A send's cancel finds its message by sender and sequence number, wherever it is queued. */
static void test_take_seq(void)
{
    oml_tp_queue_t q = {0};
    oml_tp_unexp_t u[4];
    for (int i = 0; i < 4; i++) {
        memset(&u[i], 0, sizeof(u[i]));
        u[i].rts.hdr = hdr(1, 0, 7); /* same envelope: only (src_world, seq) tells them apart */
        u[i].rts.hdr.src_world = (uint32_t)(i % 2);
        u[i].rts.hdr.seq = (uint32_t)(i / 2);
        oml_tp_queue_push_unexp(&q, &u[i]);
    }
    CHECK(oml_tp_unexp_take_seq(&q, 1, 1) == &u[3]); /* the tail */
    CHECK(q.tail == &u[2]);
    CHECK(oml_tp_unexp_take_seq(&q, 1, 1) == NULL);
    CHECK(oml_tp_unexp_take_seq(&q, 2, 0) == NULL);
    CHECK(oml_tp_unexp_take_seq(&q, 0, 0) == &u[0]); /* the head */
    CHECK(q.head == &u[1]);
    CHECK(oml_tp_match_unexp(&q, 1, 0, 7) == &u[1]); /* the rest still in order */
    CHECK(oml_tp_match_unexp(&q, 1, 0, 7) == &u[2]);
    CHECK(q.head == NULL && q.tail == NULL);
}

/* Probes look without taking; cancel takes a posted receive out from anywhere in the queue. */
static void test_peek_and_remove(void)
{
    oml_tp_queue_t unexp = {0};
    oml_tp_unexp_t u[3];
    for (int i = 0; i < 3; i++) {
        memset(&u[i], 0, sizeof(u[i]));
        u[i].rts.hdr = hdr(1, i, 10 + i);
        oml_tp_queue_push_unexp(&unexp, &u[i]);
    }
    CHECK(oml_tp_match_peek(&unexp, 1, OML_TP_ANY_SOURCE, 11) == &u[1]);
    CHECK(oml_tp_match_peek(&unexp, 1, OML_TP_ANY_SOURCE, OML_TP_ANY_TAG) == &u[0]);
    CHECK(oml_tp_match_peek(&unexp, 2, OML_TP_ANY_SOURCE, OML_TP_ANY_TAG) == NULL);
    CHECK(oml_tp_match_unexp(&unexp, 1, 1, 11) == &u[1]); /* peek left it in place */
    CHECK(oml_tp_match_peek(&unexp, 1, OML_TP_ANY_SOURCE, 11) == NULL);

    oml_tp_queue_t posted = {0};
    oml_tp_req_t r[3];
    for (int i = 0; i < 3; i++)
        post(&posted, &r[i], 1, OML_TP_ANY_SOURCE, 5);
    CHECK(oml_tp_queue_remove_req(&posted, &r[2])); /* the tail */
    CHECK(!oml_tp_queue_remove_req(&posted, &r[2]));
    oml_tp_hdr_t h = hdr(1, 0, 5);
    CHECK(oml_tp_match_posted(&posted, &h) == &r[0]);
    CHECK(oml_tp_queue_remove_req(&posted, &r[1]));
    CHECK(posted.head == NULL && posted.tail == NULL);
    post(&posted, &r[2], 1, OML_TP_ANY_SOURCE, 5); /* the queue still works after removals */
    CHECK(oml_tp_match_posted(&posted, &h) == &r[2]);
}

static void test_parse_size(void)
{
    CHECK(oml_tp_parse_size(NULL, 7) == 7);
    CHECK(oml_tp_parse_size("", 7) == 7);
    CHECK(oml_tp_parse_size("256", 7) == 256);
    CHECK(oml_tp_parse_size("0", 7) == 0);
    CHECK(oml_tp_parse_size("64k", 7) == 65536);
    CHECK(oml_tp_parse_size("4M", 7) == (size_t)4 << 20);
    CHECK(oml_tp_parse_size("0x100", 7) == 256);
    CHECK(oml_tp_parse_size("1g", 7) == (size_t)1 << 30);
    size_t n = 99;
    CHECK(oml_tp_size_valid("16K", &n) && n == 16384);
    CHECK(oml_tp_size_valid("064k", &n) && n == 65536);
    CHECK(oml_tp_size_valid("0X1f", &n) && n == 31);
    const char *bad[] = {"abc",
                         "64kb",
                         "-1",
                         "+5",
                         "1.5m",
                         "k",
                         "12 ",
                         "4T",
                         "99999999999999999999",
                         "0x",
                         "18446744073709551615k"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        n = 99;
        CHECK(!oml_tp_size_valid(bad[i], &n) && n == 99);
        CHECK(oml_tp_parse_size(bad[i], 7) == 7);
    }
}

int main(void)
{
    test_fits();
    test_posted_order();
    test_unexpected_order();
    test_seq_shuffle(0);
    test_seq_shuffle(0xffffff00u); /* across the wrap of the 32-bit sequence */
    test_proto_choice();
    test_peek_and_remove();
    test_take_seq();
    test_parse_size();
    return unit_report();
}
