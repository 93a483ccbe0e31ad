/*
 * mrcache: rendezvous transfers from and into buffers that are unmapped and mapped again
 * between messages (the kernel hands back the same addresses), interleaved with many distinct
 * live buffers, so that kept registrations are reused, evicted and must never deliver stale
 * data. Every byte is checked.
 */
#include "mtest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ROUNDS 40
#define NLIVE 12

static unsigned char *map(size_t len)
{
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    return p;
}

static unsigned char pattern(int round, size_t i)
{
    return (unsigned char)((size_t)round * 131 + i * 7 + (i >> 12));
}

int main(int argc, char **argv)
{
    int rank, size, errors = 0;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size != 2) {
        if (rank == 0)
            fprintf(stderr, "mrcache needs 2 ranks\n");
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    int peer = 1 - rank;
    unsigned char *live[NLIVE];
    size_t live_len[NLIVE];
    for (int i = 0; i < NLIVE; i++) {
        live_len[i] = (size_t)(i + 1) * 40000 + 123;
        live[i] = malloc(live_len[i]);
    }

    for (int round = 0; round < ROUNDS; round++) {
        /* A buffer mapped for this round only, with an odd length and offset. */
        size_t len = (size_t)(1 << 20) + (size_t)round * 4099;
        size_t off = (size_t)round % 64;
        unsigned char *buf = map(len + off);
        if (rank == round % 2) {
            for (size_t i = 0; i < len; i++)
                buf[off + i] = pattern(round, i);
            MPI_Send(buf + off, (int)len, MPI_BYTE, peer, round, MPI_COMM_WORLD);
        } else {
            memset(buf, 0xee, len + off);
            MPI_Recv(buf + off, (int)len, MPI_BYTE, peer, round, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            for (size_t i = 0; i < len; i++) {
                if (buf[off + i] != pattern(round, i)) {
                    if (errors++ < 5)
                        fprintf(stderr, "rank %d round %d: byte %zu is %u, expected %u\n", rank,
                                round, i, buf[off + i], pattern(round, i));
                    break;
                }
            }
        }
        munmap(buf, len + off);

        /* One of the long-lived heap buffers, both ways. */
        int k = round % NLIVE;
        for (size_t i = 0; i < live_len[k]; i++)
            live[k][i] = pattern(round + rank, i);
        MPI_Sendrecv_replace(live[k], (int)live_len[k], MPI_BYTE, peer, 1000 + round, peer,
                             1000 + round, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        for (size_t i = 0; i < live_len[k]; i++) {
            if (live[k][i] != pattern(round + peer, i)) {
                if (errors++ < 5)
                    fprintf(stderr, "rank %d round %d: live buffer %d byte %zu wrong\n", rank,
                            round, k, i);
                break;
            }
        }
    }
    for (int i = 0; i < NLIVE; i++)
        free(live[i]);
    return mtest_finalize(errors);
}
