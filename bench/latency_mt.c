/*
 * bench/latency_mt.c: multi-threaded ping-pong latency between 2 ranks (OSU's osu_latency_mt,
 * with the same number of threads on both sides): thread t of rank 0 ping-pongs with thread t of
 * rank 1 on tag t, all threads at once, under MPI_THREAD_MULTIPLE. Each thread times its own
 * iterations after its warm-up; the latency is half of a thread's average round trip, averaged
 * over the threads. With one thread it measures what the library's thread safety costs against
 * bench_latency; with more it shows how the library serializes threads (here: one lock).
 */
#include "bench.h"

#include <pthread.h>
#include <stdio.h>

typedef struct {
    const bench_opts_t *o;
    size_t size;
    int tag;
    char *sbuf, *rbuf;
    double seconds;
} mt_thread_t;

static void *mt_run(void *arg)
{
    mt_thread_t *m = arg;
    const bench_opts_t *o = m->o;
    int iters = bench_iters(o, m->size), skip = bench_skip(o, m->size), n = (int)m->size;
    int peer = 1 - o->rank;
    double t0 = 0.0;
    for (int i = 0; i < iters + skip; i++) {
        if (i == skip)
            t0 = MPI_Wtime();
        if (o->rank == 0) {
            MPI_Send(m->sbuf, n, MPI_CHAR, peer, m->tag, MPI_COMM_WORLD);
            MPI_Recv(m->rbuf, n, MPI_CHAR, peer, m->tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
            MPI_Recv(m->rbuf, n, MPI_CHAR, peer, m->tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            MPI_Send(m->sbuf, n, MPI_CHAR, peer, m->tag, MPI_COMM_WORLD);
        }
    }
    m->seconds = MPI_Wtime() - t0;
    return NULL;
}

int main(int argc, char **argv)
{
    bench_opts_t o = {.name = "Multi-threaded Latency", .kind = BENCH_PT2PT, .threads = 2};
    bench_init(&argc, &argv, &o);
    int nt = o.threads;
    mt_thread_t m[256];
    pthread_t th[256];
    for (int t = 0; t < nt; t++) {
        m[t] = (mt_thread_t){.o = &o, .tag = t};
        m[t].sbuf = bench_alloc(o.max_size, 'a');
        m[t].rbuf = bench_alloc(o.max_size, 'b');
    }
    for (size_t size = o.min_size; size <= o.max_size; size = bench_next_size(size)) {
        MPI_Barrier(MPI_COMM_WORLD);
        for (int t = 0; t < nt; t++) {
            m[t].size = size;
            if (t > 0 && pthread_create(&th[t], NULL, mt_run, &m[t]) != 0) {
                fprintf(stderr, "bench_latency_mt: cannot start thread %d\n", t);
                MPI_Abort(MPI_COMM_WORLD, 1);
            }
        }
        mt_run(&m[0]); /* the main thread is thread 0 */
        double sum = 0.0;
        for (int t = 0; t < nt; t++) {
            if (t > 0)
                pthread_join(th[t], NULL);
            sum += m[t].seconds;
        }
        if (o.rank == 0) {
            printf("%-10zu%18.2f\n", size, sum / nt * 1e6 / (2.0 * bench_iters(&o, size)));
            fflush(stdout);
        }
    }
    MPI_Finalize();
    return 0;
}
