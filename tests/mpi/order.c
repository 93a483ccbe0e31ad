/*
 * order: MPI's non-overtaking rule. Every rank but 0 sends 200 messages of mixed sizes (eager
 * and rendezvous) to rank 0, which receives them with MPI_ANY_SOURCE and MPI_ANY_TAG and checks
 * that each sender's messages arrive in the order they were sent. Then self-sends.
 */
#include "mtest.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NMSG 200

static int msg_len(int i)
{
    return (i % 7 == 3) ? 40000 + i : 4 + (i % 5) * 100;
}

int main(int argc, char **argv)
{
    int rank, size, errors = 0;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int *buf = calloc(1, 60000);
    if (rank == 0) {
        int *next = calloc((size_t)size, sizeof(int));
        for (int m = 0; m < NMSG * (size - 1); m++) {
            MPI_Status st;
            MPI_Recv(buf, 60000, MPI_BYTE, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
            int src = st.MPI_SOURCE, cnt;
            MPI_Get_count(&st, MPI_BYTE, &cnt);
            if (buf[0] != next[src] || st.MPI_TAG != next[src] % 3 || cnt != msg_len(next[src])) {
                printf("from %d: got seq %d tag %d len %d, expected seq %d\n", src, buf[0],
                       st.MPI_TAG, cnt, next[src]);
                errors++;
            }
            next[src]++;
        }
        free(next);
    } else {
        for (int i = 0; i < NMSG; i++) {
            buf[0] = i;
            MPI_Send(buf, msg_len(i), MPI_BYTE, 0, i % 3, MPI_COMM_WORLD);
        }
    }
    /* to oneself, on MPI_COMM_WORLD and MPI_COMM_SELF */
    MPI_Request r[4];
    int a = 11, b = 22, ra = 0, rb = 0;
    MPI_Isend(&a, 1, MPI_INT, rank, 5, MPI_COMM_WORLD, &r[0]);
    MPI_Isend(&b, 1, MPI_INT, 0, 5, MPI_COMM_SELF, &r[1]);
    MPI_Irecv(&rb, 1, MPI_INT, 0, 5, MPI_COMM_SELF, &r[2]);
    MPI_Irecv(&ra, 1, MPI_INT, MPI_ANY_SOURCE, 5, MPI_COMM_WORLD, &r[3]);
    MPI_Waitall(4, r, MPI_STATUSES_IGNORE);
    if (ra != 11 || rb != 22) {
        printf("self messages: %d %d\n", ra, rb);
        errors++;
    }
    int status = mtest_finalize(errors);
    free(buf);
    return status;
}
