/*
 * pt2pt: every function of the point-to-point chapter, data checked byte for byte: the send
 * modes (standard, synchronous, ready, buffered) blocking, nonblocking and persistent, on sizes
 * from 0 bytes to past the eager limit; probes and matched probes; the wait and test family;
 * cancel; request_free; MPI_PROC_NULL; truncation; Sendrecv_replace; Isendrecv(_replace);
 * Get_count and Get_elements, and the status setters. Needs at least 2 ranks; ranks beyond the
 * first two only check MPI_PROC_NULL, self sends and the Isendrecv ring.
 */
#include "mtest.h"

#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int errors;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            errors++;                                                                              \
            printf("rank %d line %d: ", rank, __LINE__);                                           \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
            fflush(stdout);                                                                        \
        }                                                                                          \
    } while (0)

static int rank, size;

static unsigned char pattern(size_t i, int seed)
{
    return (unsigned char)((i * 131u + (unsigned)seed * 17u + (i >> 8)) & 0xff);
}

static void fill(unsigned char *b, size_t n, int seed)
{
    for (size_t i = 0; i < n; i++)
        b[i] = pattern(i, seed);
}

/* Checks n bytes of the pattern and that the guard bytes after them are untouched. */
static int verify(const unsigned char *b, size_t n, int seed, size_t guard)
{
    for (size_t i = 0; i < n; i++)
        if (b[i] != pattern(i, seed))
            return (int)i;
    for (size_t i = n; i < n + guard; i++)
        if (b[i] != 0xEE)
            return (int)i;
    return -1;
}

static const size_t sizes[] = {0, 1, 7, 1024, 8160, 8161, 16352, 16353, 100000, 1 << 20};
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))
#define GUARD 64

enum { MODE_STD, MODE_SYNC, MODE_READY, MODE_BUF, NMODES };
static const char *mode_name[] = {"standard", "synchronous", "ready", "buffered"};

static void send_mode(int mode, const void *b, int n, int dest, int tag)
{
    switch (mode) {
    case MODE_STD:
        MPI_Send(b, n, MPI_BYTE, dest, tag, MPI_COMM_WORLD);
        break;
    case MODE_SYNC:
        MPI_Ssend(b, n, MPI_BYTE, dest, tag, MPI_COMM_WORLD);
        break;
    case MODE_READY:
        MPI_Rsend(b, n, MPI_BYTE, dest, tag, MPI_COMM_WORLD);
        break;
    default:
        MPI_Bsend(b, n, MPI_BYTE, dest, tag, MPI_COMM_WORLD);
        break;
    }
}

static void isend_mode(int mode, const void *b, int n, int dest, int tag, MPI_Request *r)
{
    switch (mode) {
    case MODE_STD:
        MPI_Isend(b, n, MPI_BYTE, dest, tag, MPI_COMM_WORLD, r);
        break;
    case MODE_SYNC:
        MPI_Issend(b, n, MPI_BYTE, dest, tag, MPI_COMM_WORLD, r);
        break;
    case MODE_READY:
        MPI_Irsend(b, n, MPI_BYTE, dest, tag, MPI_COMM_WORLD, r);
        break;
    default:
        MPI_Ibsend(b, n, MPI_BYTE, dest, tag, MPI_COMM_WORLD, r);
        break;
    }
}

static void init_mode(int mode, const void *b, int n, int dest, int tag, MPI_Request *r)
{
    switch (mode) {
    case MODE_STD:
        MPI_Send_init(b, n, MPI_BYTE, dest, tag, MPI_COMM_WORLD, r);
        break;
    case MODE_SYNC:
        MPI_Ssend_init(b, n, MPI_BYTE, dest, tag, MPI_COMM_WORLD, r);
        break;
    case MODE_READY:
        MPI_Rsend_init(b, n, MPI_BYTE, dest, tag, MPI_COMM_WORLD, r);
        break;
    default:
        MPI_Bsend_init(b, n, MPI_BYTE, dest, tag, MPI_COMM_WORLD, r);
        break;
    }
}

/* Every mode, blocking / nonblocking / persistent, every size, 0 -> 1. */
static void test_modes(unsigned char *sbuf, unsigned char *rbuf)
{
    for (int mode = 0; mode < NMODES; mode++) {
        for (size_t k = 0; k < NSIZES; k++) {
            int n = (int)sizes[k], seed = mode * 100 + (int)k;
            for (int form = 0; form < 3; form++) {
                int tag = 1000 + form;
                if (rank == 0) {
                    fill(sbuf, (size_t)n, seed + form);
                    /* Ready mode needs the receive posted: wait for the go. */
                    MPI_Recv(NULL, 0, MPI_BYTE, 1, 999, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                    MPI_Request r;
                    if (form == 0) {
                        send_mode(mode, sbuf, n, 1, tag);
                    } else if (form == 1) {
                        isend_mode(mode, sbuf, n, 1, tag, &r);
                        MPI_Wait(&r, MPI_STATUS_IGNORE);
                        CHECK(r == MPI_REQUEST_NULL, "request not freed by MPI_Wait");
                    } else {
                        init_mode(mode, sbuf, n, 1, tag, &r);
                        for (int it = 0; it < 2; it++) {
                            fill(sbuf, (size_t)n, seed + form + it);
                            MPI_Start(&r);
                            MPI_Wait(&r, MPI_STATUS_IGNORE);
                            CHECK(r != MPI_REQUEST_NULL, "persistent request freed by Wait");
                            if (it == 0)
                                MPI_Recv(NULL, 0, MPI_BYTE, 1, 999, MPI_COMM_WORLD,
                                         MPI_STATUS_IGNORE);
                        }
                        MPI_Request_free(&r);
                    }
                } else if (rank == 1) {
                    MPI_Request r;
                    MPI_Status st;
                    int iters = form == 2 ? 2 : 1;
                    for (int it = 0; it < iters; it++) {
                        memset(rbuf, 0xEE, (size_t)n + GUARD);
                        if (form == 2 && it == 0) {
                            MPI_Recv_init(rbuf, n, MPI_BYTE, 0, tag, MPI_COMM_WORLD, &r);
                            MPI_Start(&r);
                        } else if (form == 2) {
                            MPI_Start(&r);
                        } else {
                            MPI_Irecv(rbuf, n, MPI_BYTE, 0, tag, MPI_COMM_WORLD, &r);
                        }
                        MPI_Send(NULL, 0, MPI_BYTE, 0, 999, MPI_COMM_WORLD);
                        MPI_Wait(&r, &st);
                        int bad = verify(rbuf, (size_t)n, seed + form + it, GUARD);
                        CHECK(bad < 0, "%s send form %d size %d: byte %d wrong", mode_name[mode],
                              form, n, bad);
                        int cnt;
                        MPI_Get_count(&st, MPI_BYTE, &cnt);
                        CHECK(cnt == n && st.MPI_SOURCE == 0 && st.MPI_TAG == tag,
                              "%s form %d: status count %d source %d tag %d", mode_name[mode], form,
                              cnt, st.MPI_SOURCE, st.MPI_TAG);
                    }
                    if (form == 2)
                        MPI_Request_free(&r);
                }
            }
        }
    }
}

/* MPI_Ssend completes only after the receiver matched: rank 1 delays its receive. */
static void test_ssend_waits(void)
{
    if (rank == 0) {
        int v = 42;
        double t0 = MPI_Wtime();
        MPI_Ssend(&v, 1, MPI_INT, 1, 5, MPI_COMM_WORLD);
        double dt = MPI_Wtime() - t0;
        CHECK(dt > 0.15, "MPI_Ssend returned after %.3f s, before the receive was posted", dt);
    } else if (rank == 1) {
        double t0 = MPI_Wtime();
        while (MPI_Wtime() - t0 < 0.2)
            ;
        int v = 0;
        MPI_Recv(&v, 1, MPI_INT, 0, 5, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        CHECK(v == 42, "ssend value %d", v);
    }
}

static void test_probes(unsigned char *sbuf, unsigned char *rbuf)
{
    if (rank == 0) {
        /* Nonblocking: the receiver probes them out of order, so none may wait for a match. */
        MPI_Request r[4];
        unsigned char *b[4];
        for (int i = 0; i < 4; i++) {
            b[i] = malloc(3000 + (size_t)i * 10000);
            fill(b[i], 3000 + (size_t)i * 10000, i);
            MPI_Isend(b[i], 3000 + i * 10000, MPI_BYTE, 1, 20 + i, MPI_COMM_WORLD, &r[i]);
        }
        MPI_Waitall(4, r, MPI_STATUSES_IGNORE);
        for (int i = 0; i < 4; i++)
            free(b[i]);
    } else if (rank == 1) {
        MPI_Status st;
        int cnt, flag = 0;
        /* Probe by tag, out of order, then receive what the probe said. */
        MPI_Probe(0, 22, MPI_COMM_WORLD, &st);
        MPI_Get_count(&st, MPI_BYTE, &cnt);
        CHECK(st.MPI_TAG == 22 && cnt == 23000, "probe tag %d count %d", st.MPI_TAG, cnt);
        while (!flag)
            MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
        CHECK(st.MPI_TAG == 20 && st.MPI_SOURCE == 0, "iprobe any: tag %d", st.MPI_TAG);
        /* Matched probe: the message is ours; a plain receive cannot take it. Calls that
         * complete one request leave the status's MPI_ERROR as it was (MPI-4.1 3.2.5). */
        MPI_Message msg;
        st.MPI_ERROR = MPI_ERR_DIMS;
        MPI_Mprobe(0, 20, MPI_COMM_WORLD, &msg, &st);
        CHECK(st.MPI_ERROR == MPI_ERR_DIMS, "mprobe wrote MPI_ERROR (%d)", st.MPI_ERROR);
        MPI_Get_count(&st, MPI_BYTE, &cnt);
        CHECK(cnt == 3000, "mprobe count %d", cnt);
        MPI_Iprobe(0, 20, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
        CHECK(!flag, "a message taken by MPI_Mprobe is still visible to MPI_Iprobe");
        memset(rbuf, 0xEE, 3000 + GUARD);
        st.MPI_ERROR = MPI_ERR_TOPOLOGY;
        MPI_Mrecv(rbuf, cnt, MPI_BYTE, &msg, &st);
        CHECK(st.MPI_ERROR == MPI_ERR_TOPOLOGY, "mrecv wrote MPI_ERROR (%d)", st.MPI_ERROR);
        CHECK(msg == MPI_MESSAGE_NULL, "message handle not reset");
        CHECK(verify(rbuf, 3000, 0, GUARD) < 0, "mrecv data");
        flag = 0;
        while (!flag)
            MPI_Improbe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &msg, &st);
        CHECK(st.MPI_TAG == 21, "improbe tag %d", st.MPI_TAG);
        MPI_Request r;
        memset(rbuf, 0xEE, 13000 + GUARD);
        MPI_Imrecv(rbuf, 13000, MPI_BYTE, &msg, &r);
        MPI_Wait(&r, &st);
        CHECK(verify(rbuf, 13000, 1, GUARD) < 0, "imrecv data");
        for (int t = 22; t <= 23; t++) {
            size_t n = 3000 + (size_t)(t - 20) * 10000;
            memset(rbuf, 0xEE, n + GUARD);
            st.MPI_ERROR = MPI_ERR_DIMS;
            MPI_Recv(rbuf, (int)n, MPI_BYTE, 0, t, MPI_COMM_WORLD, &st);
            CHECK(st.MPI_ERROR == MPI_ERR_DIMS, "recv wrote MPI_ERROR (%d)", st.MPI_ERROR);
            CHECK(verify(rbuf, n, t - 20, GUARD) < 0, "recv after probes, tag %d", t);
        }
        MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
        CHECK(!flag, "iprobe finds a message after all were received");
    }
    /* MPI_PROC_NULL probes succeed at once. */
    MPI_Status st;
    int flag = 0;
    MPI_Iprobe(MPI_PROC_NULL, 0, MPI_COMM_WORLD, &flag, &st);
    CHECK(flag && st.MPI_SOURCE == MPI_PROC_NULL && st.MPI_TAG == MPI_ANY_TAG, "iprobe PROC_NULL");
    MPI_Message msg;
    st.MPI_ERROR = MPI_ERR_DIMS;
    MPI_Mprobe(MPI_PROC_NULL, 0, MPI_COMM_WORLD, &msg, &st);
    CHECK(msg == MPI_MESSAGE_NO_PROC, "mprobe PROC_NULL gives MPI_MESSAGE_NO_PROC");
    MPI_Mrecv(NULL, 0, MPI_BYTE, &msg, &st);
    CHECK(st.MPI_SOURCE == MPI_PROC_NULL && msg == MPI_MESSAGE_NULL, "mrecv NO_PROC");
    CHECK(st.MPI_ERROR == MPI_ERR_DIMS, "PROC_NULL mprobe/mrecv wrote MPI_ERROR (%d)",
          st.MPI_ERROR);
}

/* Waitany, Waitsome, Testany, Testall, Testsome, Request_get_status over 8 receives. */
static void test_completion(void)
{
    enum { N = 8 };
    int vals[N];
    if (rank == 0) {
        for (int round = 0; round < 5; round++) {
            MPI_Recv(NULL, 0, MPI_BYTE, 1, 998, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            for (int i = N - 1; i >= 0; i--) {
                int v = round * 100 + i;
                MPI_Send(&v, 1, MPI_INT, 1, 30 + i, MPI_COMM_WORLD);
            }
        }
    } else if (rank == 1) {
        MPI_Request r[N];
        MPI_Status st[N];
        int idx[N];
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < N; i++) {
                vals[i] = -1;
                if (i != 3)
                    MPI_Irecv(&vals[i], 1, MPI_INT, 0, 30 + i, MPI_COMM_WORLD, &r[i]);
            }
            r[3] = MPI_REQUEST_NULL; /* null entries are skipped */
            MPI_Request spare;
            MPI_Irecv(&vals[3], 1, MPI_INT, 0, 33, MPI_COMM_WORLD, &spare);
            MPI_Send(NULL, 0, MPI_BYTE, 0, 998, MPI_COMM_WORLD);
            int done = 0, flag, index, outcount;
            if (round == 0) {
                while (done < N - 1) {
                    MPI_Waitany(N, r, &index, &st[0]);
                    CHECK(index >= 0 && index < N && index != 3 && r[index] == MPI_REQUEST_NULL,
                          "waitany index %d", index);
                    CHECK(st[0].MPI_TAG == 30 + index, "waitany status tag %d", st[0].MPI_TAG);
                    done++;
                }
                MPI_Waitany(N, r, &index, &st[0]);
                CHECK(index == MPI_UNDEFINED, "waitany on all-null gives %d", index);
            } else if (round == 1) {
                while (done < N - 1) {
                    MPI_Waitsome(N, r, &outcount, idx, st);
                    CHECK(outcount >= 1, "waitsome outcount %d", outcount);
                    for (int k = 0; k < outcount; k++)
                        CHECK(st[k].MPI_TAG == 30 + idx[k], "waitsome tag %d index %d",
                              st[k].MPI_TAG, idx[k]);
                    done += outcount;
                }
                MPI_Waitsome(N, r, &outcount, idx, st);
                CHECK(outcount == MPI_UNDEFINED, "waitsome on all-null gives %d", outcount);
            } else if (round == 2) {
                while (done < N - 1) {
                    MPI_Testany(N, r, &index, &flag, &st[0]);
                    if (flag && index != MPI_UNDEFINED)
                        done++;
                }
                MPI_Testany(N, r, &index, &flag, &st[0]);
                CHECK(flag && index == MPI_UNDEFINED, "testany on all-null");
            } else if (round == 3) {
                flag = 0;
                while (!flag)
                    MPI_Testall(N, r, &flag, st);
                for (int i = 0; i < N; i++)
                    CHECK(r[i] == MPI_REQUEST_NULL, "testall left request %d", i);
                CHECK(st[3].MPI_SOURCE == MPI_ANY_SOURCE, "testall: null entry's status");
                CHECK(st[5].MPI_TAG == 35, "testall status tag %d", st[5].MPI_TAG);
            } else {
                /* Request_get_status does not free; then Testsome collects. */
                flag = 0;
                while (!flag)
                    MPI_Request_get_status(r[0], &flag, &st[0]);
                CHECK(r[0] != MPI_REQUEST_NULL && st[0].MPI_TAG == 30, "get_status");
                while (done < N - 1) {
                    MPI_Testsome(N, r, &outcount, idx, MPI_STATUSES_IGNORE);
                    done += outcount;
                }
            }
            MPI_Wait(&spare, MPI_STATUS_IGNORE);
            for (int i = 0; i < N; i++)
                CHECK(vals[i] == round * 100 + i, "round %d value %d = %d", round, i, vals[i]);
        }
    }
}

static void test_cancel_and_free(void)
{
    MPI_Request r;
    MPI_Status st;
    int flag, v = -1;
    /* A receive nothing will match is cancelled. */
    MPI_Irecv(&v, 1, MPI_INT, MPI_ANY_SOURCE, 77, MPI_COMM_WORLD, &r);
    MPI_Cancel(&r);
    MPI_Wait(&r, &st);
    MPI_Test_cancelled(&st, &flag);
    CHECK(flag, "unmatched receive not cancelled");
    /*
     * A send whose receive is posted first is matched when it arrives, so its cancel fails
     * and the message arrives; unless the message and its cancel both came before the receive
     * was posted, in which case rank 1 learns it was withdrawn (tests/mpi/cancel.c has more).
     */
    if (rank == 0) {
        v = 5;
        MPI_Isend(&v, 1, MPI_INT, 1, 78, MPI_COMM_WORLD, &r);
        MPI_Cancel(&r);
        MPI_Wait(&r, &st);
        MPI_Test_cancelled(&st, &flag);
        MPI_Send(&flag, 1, MPI_INT, 1, 79, MPI_COMM_WORLD); /* tell rank 1 what to expect */
    } else if (rank == 1) {
        int cancelled;
        MPI_Request rr;
        v = -1;
        MPI_Irecv(&v, 1, MPI_INT, 0, 78, MPI_COMM_WORLD, &rr);
        MPI_Recv(&cancelled, 1, MPI_INT, 0, 79, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (cancelled)
            MPI_Cancel(&rr);
        MPI_Wait(&rr, MPI_STATUS_IGNORE);
        CHECK(cancelled || v == 5, "send that was not cancelled delivered %d", v);
    }
    /* Request_free on a send in flight: the message still arrives. */
    static unsigned char big[200000];
    if (rank == 0) {
        fill(big, sizeof(big), 9);
        MPI_Isend(big, (int)sizeof(big), MPI_BYTE, 1, 80, MPI_COMM_WORLD, &r);
        MPI_Request_free(&r);
        CHECK(r == MPI_REQUEST_NULL, "request_free did not reset the handle");
        MPI_Recv(NULL, 0, MPI_BYTE, 1, 81, MPI_COMM_WORLD, MPI_STATUS_IGNORE); /* big is free */
    } else if (rank == 1) {
        static unsigned char in[200000 + GUARD];
        memset(in, 0xEE, sizeof(in));
        MPI_Recv(in, 200000, MPI_BYTE, 0, 80, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        CHECK(verify(in, 200000, 9, GUARD) < 0, "freed send's data");
        MPI_Send(NULL, 0, MPI_BYTE, 0, 81, MPI_COMM_WORLD);
    }
}

/*
 * MPI_Isendrecv and MPI_Isendrecv_replace around a ring of every rank: eager and rendezvous
 * sizes, a strided type, a wildcard source, several in flight at once completed by
 * Waitall and Testany, and MPI_PROC_NULL on either side.
 */
static void test_isendrecv(unsigned char *sbuf, unsigned char *rbuf)
{
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    const int n[3] = {0, 100, 100000};
    MPI_Request r[3];
    MPI_Status st[3];
    for (int i = 0; i < 3; i++) {
        fill(sbuf + i * 100000, (size_t)n[i], rank * 10 + i);
        memset(rbuf + i * 100000, 0xEE, (size_t)n[i] + GUARD);
    }
    for (int i = 0; i < 3; i++)
        MPI_Isendrecv(sbuf + i * 100000, n[i], MPI_BYTE, right, 40 + i, rbuf + i * 100000,
                      n[i] + 10, MPI_BYTE, i == 1 ? MPI_ANY_SOURCE : left, 40 + i, MPI_COMM_WORLD,
                      &r[i]);
    MPI_Waitall(3, r, st);
    for (int i = 0; i < 3; i++) {
        int cnt = -1;
        MPI_Get_count(&st[i], MPI_BYTE, &cnt);
        CHECK(r[i] == MPI_REQUEST_NULL && st[i].MPI_SOURCE == left && st[i].MPI_TAG == 40 + i &&
                  cnt == n[i],
              "isendrecv %d: source %d tag %d count %d", i, st[i].MPI_SOURCE, st[i].MPI_TAG, cnt);
        CHECK(verify(rbuf + i * 100000, (size_t)n[i], left * 10 + i, 0) < 0,
              "isendrecv %d bytes from rank %d", n[i], left);
    }

    /* Replace with every other int of a buffer; the other ints stay as they were. */
    enum { NV = 20000 };
    static int v[2 * NV];
    MPI_Datatype vec;
    MPI_Type_vector(NV, 1, 2, MPI_INT, &vec);
    MPI_Type_commit(&vec);
    for (int i = 0; i < 2 * NV; i++)
        v[i] = i % 2 == 0 ? rank * 1000000 + i : -i;
    MPI_Request rr;
    MPI_Isendrecv_replace(v, 1, vec, right, 50, left, 50, MPI_COMM_WORLD, &rr);
    int flag = 0, idx = -1;
    while (!flag)
        MPI_Testany(1, &rr, &idx, &flag, &st[0]);
    int bad = -1;
    for (int i = 0; i < 2 * NV && bad < 0; i++)
        if (v[i] != (i % 2 == 0 ? left * 1000000 + i : -i))
            bad = i;
    CHECK(idx == 0 && bad < 0 && st[0].MPI_SOURCE == left, "isendrecv_replace: int %d", bad);
    MPI_Type_free(&vec);

    /* Contiguous replace, and MPI_PROC_NULL as source or destination. */
    int x = rank;
    MPI_Isendrecv_replace(&x, 1, MPI_INT, right, 51, left, 51, MPI_COMM_WORLD, &rr);
    MPI_Wait(&rr, &st[0]);
    CHECK(x == left, "isendrecv_replace of one int: %d", x);
    x = 7;
    MPI_Isendrecv_replace(&x, 1, MPI_INT, MPI_PROC_NULL, 52, MPI_PROC_NULL, 52, MPI_COMM_WORLD,
                          &rr);
    MPI_Wait(&rr, &st[0]);
    CHECK(x == 7 && st[0].MPI_SOURCE == MPI_PROC_NULL, "isendrecv_replace with PROC_NULL");
    int y = -1;
    x = rank;
    MPI_Isendrecv(&x, 1, MPI_INT, right, 53, &y, 1, MPI_INT, MPI_PROC_NULL, 53, MPI_COMM_WORLD,
                  &r[0]);
    MPI_Isendrecv(&x, 1, MPI_INT, MPI_PROC_NULL, 53, &y, 1, MPI_INT, left, 53, MPI_COMM_WORLD,
                  &r[1]);
    MPI_Waitall(2, r, st);
    CHECK(y == left && st[0].MPI_SOURCE == MPI_PROC_NULL && st[1].MPI_SOURCE == left,
          "isendrecv with PROC_NULL halves: %d", y);
}

/* MPI_Status_set_elements(_x) and MPI_Status_set_cancelled, read back by the getters. */
static void test_status_setters(void)
{
    MPI_Status st;
    MPI_Count big = 0x7654321ff1234567LL, got = -1;
    int flag = -1, n = -1;
    memset(&st, 0, sizeof(st));
    MPI_Status_set_elements_x(&st, MPI_BYTE, big);
    MPI_Get_elements_x(&st, MPI_BYTE, &got);
    CHECK(got == big, "set_elements_x of %llx read back %llx", (long long)big, (long long)got);
    MPI_Status_set_cancelled(&st, 1);
    MPI_Test_cancelled(&st, &flag);
    CHECK(flag, "set_cancelled(1) read back %d", flag);
    MPI_Status_set_elements(&st, MPI_DOUBLE, 5);
    MPI_Test_cancelled(&st, &flag);
    CHECK(flag, "set_elements cleared the cancelled flag");
    MPI_Status_set_cancelled(&st, 0);
    MPI_Test_cancelled(&st, &flag);
    CHECK(!flag, "set_cancelled(0) read back %d", flag);
    MPI_Get_count(&st, MPI_DOUBLE, &n);
    CHECK(n == 5, "set_elements(5 doubles): count %d", n);
    /* A struct of an int and two doubles: 7 elements are two whole structs and one int. */
    int bl[2] = {1, 2};
    MPI_Aint disp[2] = {0, 8};
    MPI_Datatype types[2] = {MPI_INT, MPI_DOUBLE}, t;
    MPI_Type_create_struct(2, bl, disp, types, &t);
    MPI_Type_commit(&t);
    MPI_Status_set_elements(&st, t, 7);
    MPI_Get_elements(&st, t, &n);
    CHECK(n == 7, "set_elements(7) on a struct type read back %d", n);
    MPI_Get_count(&st, t, &n);
    CHECK(n == MPI_UNDEFINED, "count of 2 structs and an int: %d", n);
    MPI_Get_elements(&st, MPI_BYTE, &n);
    CHECK(n == 2 * 20 + 4, "bytes of 7 struct elements: %d", n);
    MPI_Status_set_elements(&st, t, 6);
    MPI_Get_count(&st, t, &n);
    CHECK(n == 2, "set_elements(6) on the struct: count %d", n);
    MPI_Type_free(&t);
}

static void test_proc_null_and_self(void)
{
    MPI_Status st;
    MPI_Request r;
    int v = 3;
    MPI_Send(&v, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD);
    MPI_Ssend(&v, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD);
    MPI_Recv(&v, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &st);
    int cnt = -1;
    MPI_Get_count(&st, MPI_INT, &cnt);
    CHECK(st.MPI_SOURCE == MPI_PROC_NULL && st.MPI_TAG == MPI_ANY_TAG && cnt == 0 && v == 3,
          "recv from PROC_NULL");
    MPI_Recv_init(&v, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &r);
    MPI_Start(&r);
    MPI_Wait(&r, &st);
    CHECK(st.MPI_SOURCE == MPI_PROC_NULL, "persistent PROC_NULL");
    MPI_Request_free(&r);
    MPI_Sendrecv_replace(&v, 1, MPI_INT, MPI_PROC_NULL, 0, MPI_PROC_NULL, 0, MPI_COMM_WORLD, &st);
    CHECK(v == 3 && st.MPI_SOURCE == MPI_PROC_NULL, "sendrecv_replace PROC_NULL");

    /* To self, in every mode, including synchronous. */
    int out[4] = {1, 2, 3, 4}, in[4] = {0};
    MPI_Irecv(in, 4, MPI_INT, rank, 7, MPI_COMM_WORLD, &r);
    MPI_Ssend(out, 4, MPI_INT, rank, 7, MPI_COMM_WORLD);
    MPI_Wait(&r, MPI_STATUS_IGNORE);
    CHECK(memcmp(in, out, sizeof(in)) == 0, "ssend to self");

    /* Sendrecv_replace around the ring. */
    int ring[3] = {rank, rank * 2, rank * 3};
    MPI_Sendrecv_replace(ring, 3, MPI_INT, (rank + 1) % size, 8, (rank - 1 + size) % size, 8,
                         MPI_COMM_WORLD, &st);
    int from = (rank - 1 + size) % size;
    CHECK(ring[0] == from && ring[1] == from * 2 && ring[2] == from * 3 && st.MPI_SOURCE == from,
          "sendrecv_replace ring");

    /* Statuses: Get_elements / Get_elements_x / MPI_UNDEFINED. */
    MPI_Status s2;
    MPI_Sendrecv(out, 3, MPI_INT, rank, 9, in, 4, MPI_INT, rank, 9, MPI_COMM_WORLD, &s2);
    int e;
    MPI_Count ex;
    MPI_Get_elements(&s2, MPI_INT, &e);
    MPI_Get_elements_x(&s2, MPI_INT, &ex);
    MPI_Get_count(&s2, MPI_DOUBLE, &cnt);
    CHECK(e == 3 && ex == 3 && cnt == MPI_UNDEFINED, "elements %d %lld count(double) %d", e,
          (long long)ex, cnt);
}

/* A short receive buffer: MPI_ERR_TRUNCATE, nothing written past it. */
static void test_truncate(unsigned char *sbuf, unsigned char *rbuf)
{
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    size_t lens[] = {100, 50000};
    for (int k = 0; k < 2; k++) {
        if (rank == 0) {
            fill(sbuf, lens[k], 50 + k);
            MPI_Send(sbuf, (int)lens[k], MPI_BYTE, 1, 60, MPI_COMM_WORLD);
        } else if (rank == 1) {
            MPI_Status st;
            size_t cap = lens[k] / 2;
            memset(rbuf, 0xEE, lens[k] + GUARD);
            int rc = MPI_Recv(rbuf, (int)cap, MPI_BYTE, 0, 60, MPI_COMM_WORLD, &st);
            int cls;
            MPI_Error_class(rc, &cls);
            CHECK(cls == MPI_ERR_TRUNCATE, "truncated receive of %zu returned class %d", lens[k],
                  cls);
            CHECK(verify(rbuf, cap, 50 + k, GUARD) < 0, "truncated receive wrote past %zu", cap);
        }
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
}

/*
 * A message that ends inside a basic element of the receive type (its signature cannot match):
 * MPI_ERR_TYPE from the receive, in its status and from the request's completion; one that ends on
 * an element boundary, short of the buffer, is an ordinary short message.
 */
/* Receives by MPI_Recv (how 0), Irecv and Wait (1), or Irecv and Waitall (2); the error class
 * (Waitall's: the one in the status, after MPI_ERR_IN_STATUS). */
static int recv_class(void *b, int n, MPI_Datatype t, int how, MPI_Status *st)
{
    MPI_Request r;
    int rc, cls;
    if (how == 0) {
        rc = MPI_Recv(b, n, t, 0, 61, MPI_COMM_WORLD, st);
    } else {
        MPI_Irecv(b, n, t, 0, 61, MPI_COMM_WORLD, &r);
        rc = how == 1 ? MPI_Wait(&r, st) : MPI_Waitall(1, &r, st);
        if (how == 2) {
            CHECK(rc == MPI_SUCCESS || rc == MPI_ERR_IN_STATUS, "waitall returned %d", rc);
            rc = rc == MPI_SUCCESS ? MPI_SUCCESS : st->MPI_ERROR;
        }
    }
    MPI_Error_class(rc, &cls);
    return cls;
}

static void test_partial_element(unsigned char *sbuf, unsigned char *rbuf)
{
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Datatype idx, pair;
    int bl[3] = {1, 2, 1}, at[3] = {4, 8, 16};
    MPI_Type_indexed(3, bl, at, MPI_INT, &idx);
    MPI_Type_commit(&idx);
    int pbl[2] = {1, 1};
    MPI_Aint pat[2] = {0, 4};
    MPI_Datatype pty[2] = {MPI_INT, MPI_CHAR};
    MPI_Type_create_struct(2, pbl, pat, pty, &pair);
    MPI_Type_commit(&pair);
    /* bytes sent; receive type; count; expected class; expected elements */
    struct {
        int len;
        MPI_Datatype t;
        int n, cls, elems;
    } cases[] = {{6, MPI_INT, 4, MPI_ERR_TYPE, MPI_UNDEFINED},
                 {8, MPI_INT, 4, MPI_SUCCESS, 2},
                 {3, idx, 1, MPI_ERR_TYPE, MPI_UNDEFINED},
                 {12, idx, 1, MPI_SUCCESS, 3},
                 {5, pair, 2, MPI_SUCCESS, 2},
                 {7, pair, 2, MPI_ERR_TYPE, MPI_UNDEFINED}};
    int ncases = (int)(sizeof(cases) / sizeof(cases[0]));
    for (int k = 0; k < ncases; k++) {
        for (int how = 0; how < 3; how++) {
            if (rank == 0) {
                fill(sbuf, (size_t)cases[k].len, 70 + k);
                MPI_Send(sbuf, cases[k].len, MPI_BYTE, 1, 61, MPI_COMM_WORLD);
            } else if (rank == 1) {
                MPI_Status st;
                int cls = recv_class(rbuf, cases[k].n, cases[k].t, how, &st);
                int e = -2;
                MPI_Get_elements(&st, cases[k].t, &e);
                CHECK(cls == cases[k].cls, "case %d (%d bytes), receive %d: class %d, not %d", k,
                      cases[k].len, how, cls, cases[k].cls);
                CHECK(e == cases[k].elems, "case %d, receive %d: %d elements, not %d", k, how, e,
                      cases[k].elems);
            }
        }
    }
    MPI_Type_free(&idx);
    MPI_Type_free(&pair);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_ARE_FATAL);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size < 2) {
        printf("pt2pt needs at least 2 ranks\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    size_t cap = (1 << 20) + GUARD;
    unsigned char *sbuf = malloc(cap), *rbuf = malloc(cap);
    int bsize = 4 * ((1 << 20) + MPI_BSEND_OVERHEAD);
    void *battach = malloc((size_t)bsize);
    MPI_Buffer_attach(battach, bsize);

    test_modes(sbuf, rbuf);
    MPI_Barrier(MPI_COMM_WORLD);
    test_ssend_waits();
    MPI_Barrier(MPI_COMM_WORLD);
    test_probes(sbuf, rbuf);
    MPI_Barrier(MPI_COMM_WORLD);
    test_completion();
    MPI_Barrier(MPI_COMM_WORLD);
    test_cancel_and_free();
    test_status_setters();
    MPI_Barrier(MPI_COMM_WORLD);
    test_isendrecv(sbuf, rbuf);
    MPI_Barrier(MPI_COMM_WORLD);
    test_proc_null_and_self();
    MPI_Barrier(MPI_COMM_WORLD);
    test_truncate(sbuf, rbuf);
    MPI_Barrier(MPI_COMM_WORLD);
    test_partial_element(sbuf, rbuf);

    void *det;
    int dsize;
    MPI_Buffer_detach(&det, &dsize);
    CHECK(det == battach && dsize == bsize, "buffer_detach returned %p/%d", det, dsize);
    free(battach);
    free(sbuf);
    free(rbuf);
    return mtest_finalize(errors);
}
