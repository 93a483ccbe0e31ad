/*
 * ompi-lite/oml_thread.c: MPI_THREAD_MULTIPLE by one lock around the library.
 *
 * Every entry point (oml_entry.c, generated from mpi.h) takes the lock when the job runs at
 * MPI_THREAD_MULTIPLE, and only then: at the lower levels an entry costs one predictable
 * branch. The lock is a ticket lock, so threads get it in the order they asked (a thread that
 * waits in MPI_Recv and hands the lock over between progress rounds gets it back only after the
 * threads that queued meanwhile). It is recursive per thread: user code that the library calls
 * (reduction operators, error handlers, attribute callbacks, generalized-request functions) may
 * call MPI again.
 *
 * A blocking call must block only its thread (MPI-4.1 11.6.2): the transport's idle progress,
 * which every blocking wait of the library goes through, calls mt_idle (a hook set at
 * MPI_Init_thread), which hands the lock to the threads queued for it, if any, and queues again. It
 * does so only at the outermost level: a wait inside a callback keeps the lock, as the callback's
 * caller holds state.
 */
#include "oml_impl.h"

#include <pthread.h>
#include <sched.h>
#include <stdint.h>

bool oml_mt;

static struct {
    uint32_t next;    /* the next ticket to hand out */
    uint32_t serving; /* the ticket that holds the lock */
} mt_lock;

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

static void mt_acquire(void)
{
    uint32_t t = __atomic_fetch_add(&mt_lock.next, 1, __ATOMIC_RELAXED);
    for (int spins = 0; __atomic_load_n(&mt_lock.serving, __ATOMIC_ACQUIRE) != t; spins++) {
        if (spins >= 64) /* the holder may be waiting for our core */
            sched_yield();
        else
            mt_relax();
    }
}

static void mt_release(void)
{
    __atomic_store_n(&mt_lock.serving, mt_lock.serving + 1, __ATOMIC_RELEASE);
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

/* Between rounds of a blocking wait: let the threads queued for the lock in. */
static void mt_idle(void)
{
    if (mt_depth != 1)
        return;
    uint32_t queued = __atomic_load_n(&mt_lock.next, __ATOMIC_RELAXED) - mt_lock.serving - 1;
    if (queued == 0)
        return;
    mt_release();
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
    oml_tp_set_idle_hook(mt_idle);
    __atomic_store_n(&oml_mt, true, __ATOMIC_RELEASE);
    return MPI_THREAD_MULTIPLE;
}

bool oml_mt_is_main(void)
{
    return pthread_equal(pthread_self(), mt_main) != 0;
}
