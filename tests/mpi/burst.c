/*
 * burst: every rank streams bursts of nonblocking messages of mixed sizes to every other rank at
 * once (0 to 60 bytes, a few hundred, a few KiB, and just under and over one packet), with the
 * receives posted before or after the sends, and checks each message byte for byte. Bursts are
 * longer than a shared-memory ring holds at its smallest (OMPI_LITE_SHM_CELLS=2): packets wait in
 * the sender's queue, and the ring's slots and data area wrap around many times.
 */
#include "mtest.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BURSTS 12
#define PER_PEER 300 /* messages to each peer in one burst */

static size_t msg_len(uint32_t x)
{
    switch (x % 5) {
    case 0:
        return x % 61; /* 0-60: in a slot */
    case 1:
        return 100 + x % 400;
    case 2:
        return 1000 + x % 4000;
    case 3:
        return 8100 + x % 200; /* around the eager limit */
    default:
        return x % 41;
    }
}

static uint32_t mix(uint32_t a, uint32_t b, uint32_t c)
{
    uint32_t x = a * 2654435761u ^ b * 40503u ^ c * 2246822519u;
    x ^= x >> 15;
    x *= 2654435761u;
    return x ^ (x >> 13);
}

static unsigned char byte_at(int src, int dst, int burst, int i, size_t k)
{
    return (unsigned char)(mix((uint32_t)src, (uint32_t)(dst * 1000 + burst), (uint32_t)i) + k * 7);
}

int main(int argc, char **argv)
{
    int rank, size, errs = 0;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    size_t maxlen = 8300, n = (size_t)PER_PEER * (size_t)(size > 1 ? size - 1 : 1);
    unsigned char *sbuf = malloc(n * maxlen), *rbuf = malloc(n * maxlen);
    MPI_Request *req = malloc(sizeof(MPI_Request) * 2 * n);
    if (sbuf == NULL || rbuf == NULL || req == NULL)
        MPI_Abort(MPI_COMM_WORLD, 2);

    for (int b = 0; b < BURSTS; b++) {
        int nr = 0;
        bool recv_first = b % 2 == 0;
        for (int pass = 0; pass < 2; pass++) {
            bool recvs = (pass == 0) == recv_first;
            size_t slot = 0;
            for (int peer = 0; peer < size; peer++) {
                if (peer == rank)
                    continue;
                for (int i = 0; i < PER_PEER; i++, slot++) {
                    unsigned char *at = (recvs ? rbuf : sbuf) + slot * maxlen;
                    if (recvs) {
                        size_t len =
                            msg_len(mix((uint32_t)peer, (uint32_t)(rank * 1000 + b), (uint32_t)i));
                        memset(at, 0xee, len + 1);
                        MPI_Irecv(at, (int)len + 1, MPI_BYTE, peer, i % 7, MPI_COMM_WORLD,
                                  &req[nr++]);
                    } else {
                        size_t len =
                            msg_len(mix((uint32_t)rank, (uint32_t)(peer * 1000 + b), (uint32_t)i));
                        for (size_t k = 0; k < len; k++)
                            at[k] = byte_at(rank, peer, b, i, k);
                        MPI_Isend(at, (int)len, MPI_BYTE, peer, i % 7, MPI_COMM_WORLD, &req[nr++]);
                    }
                }
            }
        }
        MPI_Waitall(nr, req, MPI_STATUSES_IGNORE);
        size_t slot = 0;
        for (int peer = 0; peer < size; peer++) {
            if (peer == rank)
                continue;
            for (int i = 0; i < PER_PEER; i++, slot++) {
                const unsigned char *at = rbuf + slot * maxlen;
                size_t len = msg_len(mix((uint32_t)peer, (uint32_t)(rank * 1000 + b), (uint32_t)i));
                size_t bad = len + 1;
                for (size_t k = 0; k < len && bad > len; k++)
                    if (at[k] != byte_at(peer, rank, b, i, k))
                        bad = k;
                if (bad <= len || at[len] != 0xee) {
                    errs++;
                    if (errs < 10)
                        fprintf(stderr,
                                "rank %d: burst %d, message %d from %d (%zu bytes): byte %zu "
                                "wrong\n",
                                rank, b, i, peer, len, bad <= len ? bad : len);
                }
            }
        }
    }
    free(sbuf);
    free(rbuf);
    free(req);
    return mtest_finalize(errs);
}
