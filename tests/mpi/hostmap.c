/*
 * hostmap: where each rank runs, for the multi-host tests. Rank 0 prints one line per rank,
 * "rank R host H cpus C local L/S", with the host name, the cpus the rank may run on, and its
 * local rank and local size as MPI sees them (the launcher's OMPI_COMM_WORLD_LOCAL_*, which
 * the test checks against the host names). Every rank checks that MPI_Comm_split_type
 * (MPI_COMM_TYPE_SHARED, and HW_UNGUIDED where the job spans nodes) agrees with them. Then
 * every rank swaps HOSTMAP_BYTES (default 4 MiB) with the ranks half a job away, which on the
 * tests' hosts live on another host, and checks every byte.
 */
#define _GNU_SOURCE
#include "mtest.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE 512

static void cpus_of_self(char *out, size_t len)
{
    cpu_set_t set;
    size_t n = 0;
    out[0] = '\0';
    if (sched_getaffinity(0, sizeof(set), &set) != 0)
        return;
    for (int i = 0; i < CPU_SETSIZE && n < len; i++) {
        if (!CPU_ISSET(i, &set))
            continue;
        int j = i;
        while (j + 1 < CPU_SETSIZE && CPU_ISSET(j + 1, &set))
            j++;
        n += (size_t)snprintf(out + n, len - n, "%s%d", n ? "," : "", i);
        if (j > i && n < len)
            n += (size_t)snprintf(out + n, len - n, "-%d", j);
        i = j;
    }
}

int main(int argc, char **argv)
{
    int rank, size, errors = 0;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    char host[MPI_MAX_PROCESSOR_NAME], cpus[256], line[LINE];
    int hlen;
    MPI_Get_processor_name(host, &hlen);
    cpus_of_self(cpus, sizeof(cpus));
    const char *lr = getenv("OMPI_COMM_WORLD_LOCAL_RANK"),
               *ls = getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
    snprintf(line, sizeof(line), "rank %d host %s cpus %s local %s/%s", rank, host, cpus,
             lr != NULL ? lr : "?", ls != NULL ? ls : "?");
    char *all = malloc((size_t)size * LINE);
    MPI_Allgather(line, LINE, MPI_CHAR, all, LINE, MPI_CHAR, MPI_COMM_WORLD);
    if (rank == 0) {
        for (int r = 0; r < size; r++)
            printf("%s\n", all + (size_t)r * LINE);
        fflush(stdout);
    }
    /*
     * MPI_COMM_TYPE_SHARED: the ranks the launcher put on this rank's node, in rank order, so
     * its size and rank are the launcher's local size and local rank
     */
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    int nsize, nrank;
    MPI_Comm_size(node, &nsize);
    MPI_Comm_rank(node, &nrank);
    if (lr != NULL && ls != NULL && (nsize != atoi(ls) || nrank != atoi(lr))) {
        printf("rank %d: MPI_COMM_TYPE_SHARED gave rank %d of %d; the launcher says local rank "
               "%s of %s\n",
               rank, nrank, nsize, lr, ls);
        errors++;
    }
    /* MPI_COMM_TYPE_HW_UNGUIDED: across nodes, the node is the strict subset it finds */
    MPI_Comm hw;
    MPI_Info info;
    MPI_Info_create(&info);
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_HW_UNGUIDED, 0, info, &hw);
    int res = MPI_UNEQUAL;
    if (hw != MPI_COMM_NULL) {
        MPI_Comm_compare(hw, node, &res);
        MPI_Comm_free(&hw);
    }
    if (nsize < size && res != MPI_CONGRUENT) {
        printf("rank %d: MPI_COMM_TYPE_HW_UNGUIDED did not give the node's ranks\n", rank);
        errors++;
    }
    MPI_Info_free(&info);
    MPI_Comm_free(&node);
    free(all);

    const char *b = getenv("HOSTMAP_BYTES");
    size_t bytes = b != NULL ? strtoull(b, NULL, 0) : 4u << 20;
    unsigned char *out = malloc(bytes), *in = malloc(bytes);
    int to = (rank + size / 2) % size, from = (rank - size / 2 + size) % size;
    for (size_t i = 0; i < bytes; i++)
        out[i] = (unsigned char)(i * 7 + (size_t)rank * 13);
    MPI_Sendrecv(out, (int)bytes, MPI_BYTE, to, 5, in, (int)bytes, MPI_BYTE, from, 5,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    for (size_t i = 0; i < bytes; i++) {
        if (in[i] != (unsigned char)(i * 7 + (size_t)from * 13)) {
            printf("rank %d: byte %zu from rank %d is wrong\n", rank, i, from);
            errors++;
            break;
        }
    }
    free(out);
    free(in);
    return mtest_finalize(errors);
}
