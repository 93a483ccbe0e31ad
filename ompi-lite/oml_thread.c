/*
 * ompi-lite/oml_thread.c: MPI_THREAD_MULTIPLE by one lock around the library.
 *
 * Every entry point (oml_entry.c, generated from mpi.h) takes the lock when the job runs at
 * MPI_THREAD_MULTIPLE, and only then: at the lower levels an entry costs one predictable
 * branch. It is recursive per thread: user code that the library calls (reduction operators,
 * error handlers, attribute callbacks, generalized-request functions) may call MPI again.
 *
 * The lock is a mutex that sleeps in the kernel when it must wait, not a FIFO ticket lock: with
 * more threads than cores (several threads per rank, several ranks per node) a ticket lock hands
 * the lock to the next ticket even when that thread is not running, and every thread behind it
 * waits for the scheduler to run it. MPICH's threads/pt2pt/threads (2 ranks x 4 threads, blocking
 * sends on 2 cores) took 0.2 to 1.4 ms per message that way, and 3 to 18 microseconds with this
 * lock. Waking a sleeping thread costs microseconds, though, so while the threads in MPI (the
 * holder and the waiters) are no more than the cores this rank may count on (its binding, or its
 * share of the node's cores when unbound), a waiting thread first spins for up to 20
 * microseconds and takes the lock as soon as it is free: two threads of one rank ping-ponging
 * through MPI_COMM_SELF take 2.7 us a round trip that way (3.9 with the ticket lock), 20 us when
 * the waiter sleeps at once.
 *
 * A blocking call must block only its thread (MPI-4.1 11.6.2): the transport's idle progress,
 * which every blocking wait of the library goes through, calls mt_idle (a hook set at
 * MPI_Init_thread). When other threads wait for the lock, mt_idle releases it and waits until one
 * of them has taken it (a hand-over: releasing and taking it back at once would let the waiting
 * thread, still waking up, find it taken again), then queues for it again. It does so only at
 * the outermost level: a wait inside a callback keeps the lock, as the callback's caller holds
 * state. A rank that yields its core between rounds (oversubscribed nodes) yields during that
 * hand-over, without the lock; with no thread waiting it keeps the lock while it yields.
 */
#include "oml_impl.h"

#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

bool oml_mt;

#ifdef PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP
static pthread_mutex_t mt_mutex = PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP;
#else
static pthread_mutex_t mt_mutex = PTHREAD_MUTEX_INITIALIZER;
#endif
static uint32_t mt_waiters; /* threads that found the lock taken and wait for it */
static uint32_t mt_taken;   /* how many times the lock was taken: hand-overs watch it */
static uint32_t mt_cores;   /* cores this rank's threads may count on */
#define MT_SPIN_NS 20000    /* how long a waiting thread spins before it sleeps */

static __thread int mt_depth; /* how many times this thread holds the lock */
static pthread_t mt_main;

static inline void mt_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static uint64_t mt_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void mt_acquire(void)
{
    if (pthread_mutex_trylock(&mt_mutex) != 0) {
        uint32_t waiting = __atomic_add_fetch(&mt_waiters, 1, __ATOMIC_RELAXED);
        bool got = false;
        if (waiting + 1 <= mt_cores) { /* the holder and every waiter may have a core */
            uint64_t end = mt_now_ns() + MT_SPIN_NS;
            do {
                for (int i = 0; i < 16; i++)
                    mt_relax();
                got = pthread_mutex_trylock(&mt_mutex) == 0;
            } while (!got && mt_now_ns() < end);
        }
        if (!got)
            pthread_mutex_lock(&mt_mutex);
        __atomic_fetch_sub(&mt_waiters, 1, __ATOMIC_RELAXED);
    }
    __atomic_store_n(&mt_taken, mt_taken + 1, __ATOMIC_RELAXED);
}

static void mt_release(void)
{
    pthread_mutex_unlock(&mt_mutex);
}

void oml_mt_enter(void)
{
    if (mt_depth++ == 0)
        mt_acquire();
}

void oml_mt_leave(void)
{
    if (--mt_depth == 0)
        mt_release();
}

/* Between rounds of a blocking wait: hand the lock to a thread waiting for it, if any. */
static void mt_idle(bool yield)
{
    if (mt_depth != 1 || __atomic_load_n(&mt_waiters, __ATOMIC_RELAXED) == 0) {
        if (yield)
            sched_yield();
        return;
    }
    uint32_t taken = mt_taken;
    mt_release();
    /* a waiter exists and nobody holds the lock: it changes hands soon */
    for (int spins = 0; __atomic_load_n(&mt_taken, __ATOMIC_RELAXED) == taken &&
                        __atomic_load_n(&mt_waiters, __ATOMIC_RELAXED) > 0;
         spins++) {
        if (spins >= 64 || yield)
            sched_yield();
        else
            mt_relax();
    }
    mt_acquire();
}

int oml_mt_start(int required)
{
    mt_main = pthread_self();
    if (required < MPI_THREAD_MULTIPLE)
        return required >= MPI_THREAD_SERIALIZED ? MPI_THREAD_SERIALIZED
               : required >= MPI_THREAD_FUNNELED ? MPI_THREAD_FUNNELED
                                                 : MPI_THREAD_SINGLE;
    /* MPI_Init_thread itself ran unlocked (oml_mt was false at its entry): no other thread may
     * call MPI before it returns. */
    cpu_set_t cpus;
    long n = sched_getaffinity(0, sizeof(cpus), &cpus) == 0 ? CPU_COUNT(&cpus) : 1;
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    if (n >= online && oml_rt_job.local_size > 1) /* unbound: the node's cores are shared */
        n /= oml_rt_job.local_size;
    mt_cores = oml_tp_yields() || n < 1 ? 1 : (uint32_t)n;
    oml_tp_set_idle_hook(mt_idle);
    __atomic_store_n(&oml_mt, true, __ATOMIC_RELEASE);
    return MPI_THREAD_MULTIPLE;
}

bool oml_mt_is_main(void)
{
    return pthread_equal(pthread_self(), mt_main) != 0;
}
