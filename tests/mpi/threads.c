/*
 * threads.c: MPI_THREAD_MULTIPLE. Several threads per rank call MPI at once:
 * - point-to-point in a ring, each thread on its own tag, eager and rendezvous sizes, data
 *   checked; matched probes (Mprobe/Mrecv) per tag;
 * - a blocking call blocks only its thread: one thread's MPI_Ssend to itself is received by
 *   another thread that starts later (with the lock held through the wait, it never would be);
 * - collectives, each thread on its own duplicate of MPI_COMM_WORLD;
 * - communicators made and freed in every thread at once (dup, split, create_group, idup):
 *   their context agreements run concurrently, on every rank in a different order; dups of
 *   MPI_COMM_SELF under an application lock crossing dups of the threads' communicators;
 * - MPI_Is_thread_main, MPI_Query_thread.
 */
#include "mtest.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NT 4

static int rank, size;
static int errs;
static MPI_Comm comms[NT];
static pthread_barrier_t start;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            __atomic_add_fetch(&errs, 1, __ATOMIC_RELAXED);                                        \
            fprintf(stderr, "rank %d: %s:%d: %s\n", rank, __FILE__, __LINE__, #cond);              \
        }                                                                                          \
    } while (0)

static unsigned char pattern(int src, int t, int iter, size_t i)
{
    return (unsigned char)(src * 131 + t * 31 + iter * 7 + (int)(i % 251));
}

static void ring(int t)
{
    static const size_t sizes[] = {0, 8, 1000, 20000, 300000, 2u << 20};
    int right = (rank + 1) % size, left = (rank + size - 1) % size;
    unsigned char *sb = malloc(2u << 20), *rb = malloc(2u << 20);
    for (int iter = 0; iter < 60; iter++) {
        size_t n = sizes[iter % 6];
        for (size_t i = 0; i < n; i++)
            sb[i] = pattern(rank, t, iter, i);
        MPI_Request r;
        MPI_Status st;
        MPI_Irecv(rb, (int)n, MPI_BYTE, left, t, MPI_COMM_WORLD, &r);
        if (iter % 2 == 0)
            MPI_Send(sb, (int)n, MPI_BYTE, right, t, MPI_COMM_WORLD);
        else
            MPI_Ssend(sb, (int)n, MPI_BYTE, right, t, MPI_COMM_WORLD);
        MPI_Wait(&r, &st);
        int count;
        MPI_Get_count(&st, MPI_BYTE, &count);
        CHECK(count == (int)n && st.MPI_SOURCE == left && st.MPI_TAG == t);
        size_t bad = 0;
        for (size_t i = 0; i < n; i++)
            bad += rb[i] != pattern(left, t, iter, i);
        CHECK(bad == 0);
    }
    /* matched probes: each thread takes only its own tag's messages, from any source */
    for (int iter = 0; iter < 20; iter++) {
        int v = rank * 1000 + t * 100 + iter, got = -1;
        MPI_Request r;
        MPI_Isend(&v, 1, MPI_INT, right, NT + t, MPI_COMM_WORLD, &r);
        MPI_Message m;
        MPI_Status st;
        MPI_Mprobe(MPI_ANY_SOURCE, NT + t, MPI_COMM_WORLD, &m, &st);
        MPI_Mrecv(&got, 1, MPI_INT, &m, MPI_STATUS_IGNORE);
        CHECK(st.MPI_SOURCE == left && got == left * 1000 + t * 100 + iter);
        MPI_Wait(&r, MPI_STATUS_IGNORE);
    }
    free(sb);
    free(rb);
}

static void collectives(int t)
{
    MPI_Comm c = comms[t];
    for (int iter = 0; iter < 40; iter++) {
        long v = (long)rank * (t + 1) + iter, sum = -1;
        MPI_Allreduce(&v, &sum, 1, MPI_LONG, MPI_SUM, c);
        CHECK(sum == (long)size * (size - 1) / 2 * (t + 1) + (long)size * iter);
        int root = iter % size, b = rank == root ? t * 7 + iter : -1;
        MPI_Bcast(&b, 1, MPI_INT, root, c);
        CHECK(b == t * 7 + iter);
        int *out = malloc((size_t)size * sizeof(int)), *in = malloc((size_t)size * sizeof(int));
        for (int i = 0; i < size; i++)
            out[i] = rank * 100 + i + t;
        MPI_Alltoall(out, 1, MPI_INT, in, 1, MPI_INT, c);
        for (int i = 0; i < size; i++)
            CHECK(in[i] == i * 100 + rank + t);
        free(out);
        free(in);
        MPI_Barrier(c);
    }
}

/* Communicators made in every thread at once: the context agreements overlap. */
static void constructors(int t)
{
    for (int iter = 0; iter < 15; iter++) {
        MPI_Comm d, s, g, i;
        MPI_Comm_dup(comms[t], &d);
        MPI_Comm_split(comms[t], rank % 2, -rank, &s);
        MPI_Group wg, eg;
        MPI_Comm_group(comms[t], &wg);
        int even = (size + 1) / 2, *ranks = malloc((size_t)even * sizeof(int));
        for (int k = 0; k < even; k++)
            ranks[k] = 2 * k;
        MPI_Group_incl(wg, even, ranks, &eg);
        free(ranks);
        g = MPI_COMM_NULL;
        if (rank % 2 == 0)
            MPI_Comm_create_group(comms[t], eg, t, &g);
        MPI_Request r;
        MPI_Comm_idup(d, &i, &r);
        MPI_Wait(&r, MPI_STATUS_IGNORE);
        /* each new communicator works and is apart from the others */
        int one = 1, n = 0;
        MPI_Allreduce(&one, &n, 1, MPI_INT, MPI_SUM, d);
        CHECK(n == size);
        MPI_Allreduce(&one, &n, 1, MPI_INT, MPI_SUM, i);
        CHECK(n == size);
        MPI_Allreduce(&one, &n, 1, MPI_INT, MPI_SUM, s);
        CHECK(n == (rank % 2 == 0 ? (size + 1) / 2 : size / 2));
        int srank;
        MPI_Comm_rank(s, &srank);
        CHECK(srank ==
              (rank % 2 == 0 ? ((size + 1) / 2 - 1 - rank / 2) : (size / 2 - 1 - rank / 2)));
        if (g != MPI_COMM_NULL) {
            MPI_Allreduce(&one, &n, 1, MPI_INT, MPI_SUM, g);
            CHECK(n == even);
            MPI_Comm_free(&g);
        }
        int res;
        MPI_Comm_compare(d, i, &res);
        CHECK(res == MPI_CONGRUENT);
        MPI_Group_free(&eg);
        MPI_Group_free(&wg);
        MPI_Comm_free(&i);
        MPI_Comm_free(&s);
        MPI_Comm_free(&d);
    }
}

/*
 * A dup of MPI_COMM_SELF under a lock of the application's, then a dup of the thread's own
 * communicator, in threads 0 and 1; the one whose number is this rank's parity starts late. So a
 * thread's agreement over its communicator may wait for a peer whose matching thread waits for the
 * lock, held by a thread dup'ing MPI_COMM_SELF (the pattern of MPICH's comm_dup_deadlock): one
 * process alone must not need what another agreement holds.
 */
static pthread_mutex_t app_lock = PTHREAD_MUTEX_INITIALIZER;

static void self_dups(int t)
{
    pthread_barrier_wait(&start); /* threads 0 and 1 start together */
    if (t >= 2)
        return;
    if (t == rank % 2)
        usleep(300000);
    MPI_Comm self, d;
    pthread_mutex_lock(&app_lock);
    MPI_Comm_dup(MPI_COMM_SELF, &self);
    pthread_mutex_unlock(&app_lock);
    int one = 1, n = 0;
    MPI_Allreduce(&one, &n, 1, MPI_INT, MPI_SUM, self);
    CHECK(n == 1);
    MPI_Comm_free(&self);
    MPI_Comm_dup(comms[t], &d);
    MPI_Allreduce(&one, &n, 1, MPI_INT, MPI_SUM, d);
    CHECK(n == size);
    MPI_Comm_free(&d);
}

static void *worker(void *arg)
{
    int t = (int)(intptr_t)arg, flag = -1;
    MPI_Is_thread_main(&flag);
    CHECK(flag == 0);
    pthread_barrier_wait(&start);
    ring(t);
    collectives(t);
    constructors(t);
    self_dups(t);
    return NULL;
}

/* One thread's MPI_Ssend to this rank waits for another thread's receive, posted later. */
static void *self_sender(void *arg)
{
    int *v = arg;
    MPI_Ssend(v, 1 << 18, MPI_INT, 0, 7, MPI_COMM_SELF);
    return NULL;
}

static void self_blocking(void)
{
    int *v = malloc((1 << 18) * sizeof(int)), *w = calloc(1 << 18, sizeof(int));
    for (int i = 0; i < 1 << 18; i++)
        v[i] = i ^ rank;
    pthread_t th;
    pthread_create(&th, NULL, self_sender, v);
    usleep(50000); /* the sender is in MPI_Ssend, waiting */
    MPI_Recv(w, 1 << 18, MPI_INT, 0, 7, MPI_COMM_SELF, MPI_STATUS_IGNORE);
    pthread_join(th, NULL);
    int bad = 0;
    for (int i = 0; i < 1 << 18; i++)
        bad += w[i] != (i ^ rank);
    CHECK(bad == 0);
    free(v);
    free(w);
}

int main(int argc, char **argv)
{
    int provided = -1, q = -1, flag = -1;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    CHECK(provided == MPI_THREAD_MULTIPLE);
    MPI_Query_thread(&q);
    CHECK(q == MPI_THREAD_MULTIPLE);
    MPI_Is_thread_main(&flag);
    CHECK(flag == 1);
    if (provided != MPI_THREAD_MULTIPLE)
        return mtest_finalize(errs);

    self_blocking();
    for (int t = 0; t < NT; t++)
        MPI_Comm_dup(MPI_COMM_WORLD, &comms[t]);
    pthread_barrier_init(&start, NULL, NT);
    pthread_t th[NT];
    for (int t = 0; t < NT; t++)
        pthread_create(&th[t], NULL, worker, (void *)(intptr_t)t);
    for (int t = 0; t < NT; t++)
        pthread_join(th[t], NULL);
    pthread_barrier_destroy(&start);
    for (int t = 0; t < NT; t++)
        MPI_Comm_free(&comms[t]);
    return mtest_finalize(errs);
}
