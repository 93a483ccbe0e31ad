/*
 * stress: randomized point-to-point traffic with a fixed seed (STRESS_SEED, default 20261121;
 * printed on failure so a failing run can be repeated). Each round every rank sends a random
 * number of messages of random sizes (mostly small, some up to 8 MiB) and tags to random
 * peers, in standard or synchronous mode, and receives everything addressed to it with
 * MPI_ANY_SOURCE, half the time MPI_ANY_TAG, half the time the exact tag. Every message
 * carries its source, tag, per-source sequence number and length, followed by a pattern
 * derived from them, so the receiver checks the data byte for byte, the status, and MPI's
 * non-overtaking rule (per source, receives that match the same messages see them in send
 * order). Each round also cancels a receive that nothing matches. The first error ends the job
 * (MPI_Abort) with the seed.
 */
#include "mtest.h"

#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUNDS 25
#define MAX_PER_PAIR 4
#define NTAGS 4
#define HDR_INTS 5

typedef struct {
    int dest, tag, sync;
    size_t len;
} msg_plan_t;

static uint64_t rng_state;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Sizes: mostly below the eager limit, some across it, a few large. */
static size_t pick_len(void)
{
    uint64_t r = rng() % 100;
    if (r < 60)
        return (size_t)(rng() % 2048) + sizeof(int) * HDR_INTS;
    if (r < 90)
        return (size_t)(rng() % 40000) + sizeof(int) * HDR_INTS;
    if (r < 98)
        return (size_t)(rng() % (1 << 20)) + sizeof(int) * HDR_INTS;
    return (size_t)(rng() % (8 << 20)) + sizeof(int) * HDR_INTS;
}

static unsigned long long seed;

/* The other ranks would wait for this one forever: end the job, naming the seed. */
static void fail_now(int rank)
{
    printf("stress: FAILED on rank %d with seed %llu (rerun with STRESS_SEED=%llu)\n", rank, seed,
           seed);
    fflush(stdout);
    MPI_Abort(MPI_COMM_WORLD, 1);
}

static unsigned char pat(int src, int seq, size_t i)
{
    return (unsigned char)(src * 31 + seq * 7 + (int)(i % 251));
}

int main(int argc, char **argv)
{
    int rank, size;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    const char *env = getenv("STRESS_SEED");
    seed = env != NULL ? strtoull(env, NULL, 0) : 20261121ull;

    msg_plan_t *plan = malloc(sizeof(*plan) * (size_t)size * size * MAX_PER_PAIR);
    int *count = malloc(sizeof(int) * (size_t)size * size);
    int *next_seq_from = calloc((size_t)size * NTAGS, sizeof(int));
    int *sent_seq_to = calloc((size_t)size, sizeof(int));
    int *last_seen = malloc(sizeof(int) * (size_t)size * NTAGS);
    for (int i = 0; i < size * NTAGS; i++)
        last_seen[i] = -1;
    size_t maxlen = sizeof(int) * HDR_INTS + (8 << 20);
    unsigned char *rbuf = malloc(maxlen);

    for (int round = 0; round < ROUNDS; round++) {
        /* Every rank draws the same plan for the round. */
        rng_state = (seed + 1) * 0x9E3779B97F4A7C15ull + (uint64_t)round * 1000003ull;
        for (int s = 0; s < size; s++)
            for (int d = 0; d < size; d++) {
                int n = (int)(rng() % (MAX_PER_PAIR + 1));
                count[s * size + d] = n;
                for (int k = 0; k < n; k++) {
                    msg_plan_t *m = &plan[(s * size + d) * MAX_PER_PAIR + k];
                    m->dest = d;
                    m->tag = (int)(rng() % NTAGS);
                    m->sync = rng() % 5 == 0;
                    m->len = pick_len();
                }
            }

        /* Send everything of ours, nonblocking. */
        int nsend = 0;
        for (int d = 0; d < size; d++)
            nsend += count[rank * size + d];
        MPI_Request *sreq = malloc(sizeof(MPI_Request) * (size_t)(nsend + 1));
        unsigned char **sbufs = malloc(sizeof(void *) * (size_t)(nsend + 1));
        int si = 0;
        for (int d = 0; d < size; d++) {
            for (int k = 0; k < count[rank * size + d]; k++) {
                msg_plan_t *m = &plan[(rank * size + d) * MAX_PER_PAIR + k];
                unsigned char *b = malloc(m->len);
                int seq = sent_seq_to[d]++;
                int hdr[HDR_INTS] = {rank, m->tag, seq, (int)m->len, round};
                memcpy(b, hdr, sizeof(hdr));
                for (size_t i = sizeof(hdr); i < m->len; i++)
                    b[i] = pat(rank, seq, i);
                sbufs[si] = b;
                if (m->sync)
                    MPI_Issend(b, (int)m->len, MPI_BYTE, d, m->tag, MPI_COMM_WORLD, &sreq[si]);
                else
                    MPI_Isend(b, (int)m->len, MPI_BYTE, d, m->tag, MPI_COMM_WORLD, &sreq[si]);
                si++;
            }
        }

        /* A receive nothing matches, cancelled. */
        MPI_Request cr;
        MPI_Status cst;
        int cflag = 0;
        MPI_Irecv(rbuf, 1, MPI_BYTE, MPI_ANY_SOURCE, NTAGS + 7, MPI_COMM_WORLD, &cr);
        MPI_Cancel(&cr);
        MPI_Wait(&cr, &cst);
        MPI_Test_cancelled(&cst, &cflag);
        if (!cflag) {
            printf("rank %d round %d: unmatched receive was not cancelled\n", rank, round);
            fail_now(rank);
        }

        /* Receive: by tag counts, so exact-tag receives are always satisfiable. */
        int pending[NTAGS] = {0};
        for (int s = 0; s < size; s++)
            for (int k = 0; k < count[s * size + rank]; k++)
                pending[plan[(s * size + rank) * MAX_PER_PAIR + k].tag]++;
        int nrecv = 0;
        for (int t = 0; t < NTAGS; t++)
            nrecv += pending[t];
        for (int r = 0; r < nrecv; r++) {
            int want_tag = MPI_ANY_TAG;
            if (rng() % 2) {
                int t = (int)(rng() % NTAGS);
                while (pending[t] == 0)
                    t = (t + 1) % NTAGS;
                want_tag = t;
            }
            MPI_Status st;
            MPI_Recv(rbuf, (int)maxlen, MPI_BYTE, MPI_ANY_SOURCE, want_tag, MPI_COMM_WORLD, &st);
            int hdr[HDR_INTS], n;
            memcpy(hdr, rbuf, sizeof(hdr));
            MPI_Get_count(&st, MPI_BYTE, &n);
            int src = hdr[0], tag = hdr[1], seq = hdr[2];
            if (src != st.MPI_SOURCE || tag != st.MPI_TAG || n != hdr[3] || hdr[4] != round ||
                (want_tag != MPI_ANY_TAG && tag != want_tag)) {
                printf("rank %d round %d: status (src %d tag %d count %d) disagrees with the "
                       "message (src %d tag %d len %d round %d), wanted tag %d\n",
                       rank, round, st.MPI_SOURCE, st.MPI_TAG, n, src, tag, hdr[3], hdr[4],
                       want_tag);
                fail_now(rank);
            }
            pending[tag]--;
            for (size_t i = sizeof(hdr); i < (size_t)n; i++)
                if (rbuf[i] != pat(src, seq, i)) {
                    printf("rank %d round %d: message src %d seq %d: byte %zu wrong\n", rank, round,
                           src, seq, i);
                    fail_now(rank);
                }
            /* Non-overtaking: from one source and tag, sequence numbers only grow. */
            int *last = &last_seen[src * NTAGS + tag];
            if (seq <= *last) {
                printf("rank %d round %d: from rank %d tag %d seq %d arrived after seq %d\n", rank,
                       round, src, tag, seq, *last);
                fail_now(rank);
            }
            *last = seq;
            next_seq_from[src * NTAGS + tag]++;
        }
        MPI_Waitall(si, sreq, MPI_STATUSES_IGNORE);
        for (int i = 0; i < si; i++)
            free(sbufs[i]);
        free(sbufs);
        free(sreq);
        MPI_Barrier(MPI_COMM_WORLD);
    }
    free(plan);
    free(count);
    free(next_seq_from);
    free(sent_seq_to);
    free(last_seen);
    free(rbuf);
    return mtest_finalize(0); /* every failure has ended the job already */
}
