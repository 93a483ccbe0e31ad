/*
 * coll: Barrier (nobody leaves before the last has entered), Bcast from every root at several
 * sizes, Allreduce SUM/MAX/MIN on int and double (in place too), a check that a floating-point
 * allreduce is bitwise the same on every rank, Reduce from every root (in place too), Allgather and
 * Alltoall at small and large block sizes (in place too).
 */
#include "mtest.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * No rank leaves a barrier before the last one has entered: each rank in turn enters 20 ms
 * after the others, and every rank's exit must follow that entry. Timed by MPI_Wtime, so
 * checked only when every rank runs on one host (one clock).
 */
static int check_barrier_order(int rank, int size)
{
    char name[MPI_MAX_PROCESSOR_NAME] = {0}, *all = malloc((size_t)size * sizeof(name));
    int len, errors = 0, one_host = 1;
    MPI_Get_processor_name(name, &len);
    MPI_Allgather(name, (int)sizeof(name), MPI_CHAR, all, (int)sizeof(name), MPI_CHAR,
                  MPI_COMM_WORLD);
    for (int i = 0; i < size; i++)
        one_host = one_host && strcmp(all + (size_t)i * sizeof(name), name) == 0;
    free(all);
    for (int late = 0; late < size && one_host; late++) {
        for (int nb = 0; nb < 2; nb++) {
            double entered = 0;
            MPI_Barrier(MPI_COMM_WORLD);
            if (rank == late) {
                usleep(20000);
                entered = MPI_Wtime();
            }
            if (nb) {
                MPI_Request req;
                MPI_Ibarrier(MPI_COMM_WORLD, &req);
                MPI_Wait(&req, MPI_STATUS_IGNORE);
            } else {
                MPI_Barrier(MPI_COMM_WORLD);
            }
            double left = MPI_Wtime();
            MPI_Bcast(&entered, 1, MPI_DOUBLE, late, MPI_COMM_WORLD);
            if (left < entered) {
                printf("rank %d left %s %.6f s before rank %d entered it\n", rank,
                       nb ? "an Ibarrier" : "a barrier", entered - left, late);
                errors++;
            }
        }
    }
    return errors;
}

/* Reduce SUM and MAX of int from every root, with and without MPI_IN_PLACE. */
static int check_reduce(int rank, int size)
{
    int errors = 0;
    int counts[] = {0, 1, 5, 4097, 70000};
    for (int root = 0; root < size; root++) {
        for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
            int n = counts[c];
            int *in = malloc(sizeof(int) * (size_t)(n + 1));
            int *out = malloc(sizeof(int) * (size_t)(n + 1));
            for (int i = 0; i < n; i++) {
                in[i] = rank * 7 + i;
                out[i] = -1;
            }
            int inplace = (n + root) % 2;
            if (inplace && rank == root)
                memcpy(out, in, sizeof(int) * (size_t)n);
            MPI_Reduce(inplace && rank == root ? MPI_IN_PLACE : in, out, n, MPI_INT, MPI_SUM, root,
                       MPI_COMM_WORLD);
            for (int i = 0; rank == root && i < n; i++)
                if (out[i] != 7 * size * (size - 1) / 2 + size * i) {
                    printf("reduce sum root %d n %d inplace %d: [%d] = %d\n", root, n, inplace, i,
                           out[i]);
                    errors++;
                    break;
                }
            MPI_Reduce(in, out, n, MPI_INT, MPI_MAX, root, MPI_COMM_WORLD);
            for (int i = 0; rank == root && i < n; i++)
                if (out[i] != 7 * (size - 1) + i) {
                    printf("reduce max root %d n %d: [%d] = %d\n", root, n, i, out[i]);
                    errors++;
                    break;
                }
            free(in);
            free(out);
        }
    }
    return errors;
}

/* Value of element i of the block that rank src contributes for rank dst. */
static int block_value(int src, int dst, int i)
{
    return src * 100000 + dst * 1000 + i % 1000;
}

static int check_allgather(int rank, int size)
{
    int errors = 0;
    int counts[] = {0, 1, 3, 2049, 40000};
    for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
        for (int inplace = 0; inplace < 2; inplace++) {
            int n = counts[c];
            int *in = malloc(sizeof(int) * (size_t)(n + 1));
            int *out = malloc(sizeof(int) * ((size_t)n * (size_t)size + 1));
            for (int i = 0; i < n * size; i++)
                out[i] = -1;
            for (int i = 0; i < n; i++) {
                in[i] = block_value(rank, 0, i);
                if (inplace)
                    out[rank * n + i] = in[i];
            }
            MPI_Allgather(inplace ? MPI_IN_PLACE : in, n, MPI_INT, out, n, MPI_INT, MPI_COMM_WORLD);
            for (int i = 0; i < n * size; i++)
                if (out[i] != block_value(i / n, 0, i % n)) {
                    printf("allgather n %d inplace %d: [%d] = %d\n", n, inplace, i, out[i]);
                    errors++;
                    break;
                }
            free(in);
            free(out);
        }
    }
    return errors;
}

static int check_alltoall(int rank, int size)
{
    int errors = 0;
    int counts[] = {0, 1, 3, 2049, 20000};
    for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
        for (int inplace = 0; inplace < 2; inplace++) {
            int n = counts[c];
            size_t total = (size_t)n * (size_t)size;
            int *in = malloc(sizeof(int) * (total + 1));
            int *out = malloc(sizeof(int) * (total + 1));
            for (size_t i = 0; i < total; i++) {
                in[i] = block_value(rank, (int)i / n, (int)i % n);
                out[i] = inplace ? in[i] : -1;
            }
            MPI_Alltoall(inplace ? MPI_IN_PLACE : in, n, MPI_INT, out, n, MPI_INT, MPI_COMM_WORLD);
            for (size_t i = 0; i < total; i++)
                if (out[i] != block_value((int)i / n, rank, (int)i % n)) {
                    printf("alltoall n %d inplace %d: [%zu] = %d\n", n, inplace, i, out[i]);
                    errors++;
                    break;
                }
            free(in);
            free(out);
        }
    }
    return errors;
}

int main(int argc, char **argv)
{
    int rank, size, errors = 0;
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    for (int i = 0; i < 5; i++)
        MPI_Barrier(MPI_COMM_WORLD);
    errors += check_barrier_order(rank, size);

    int counts[] = {0, 1, 3, 1000, 5000, 300000};
    for (int root = 0; root < size; root++) {
        for (size_t c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
            int n = counts[c];
            int *buf = malloc(sizeof(int) * (size_t)(n + 1));
            for (int i = 0; i < n; i++)
                buf[i] = rank == root ? i * 3 + root : -1;
            MPI_Bcast(buf, n, MPI_INT, root, MPI_COMM_WORLD);
            for (int i = 0; i < n; i++)
                if (buf[i] != i * 3 + root) {
                    printf("bcast root %d n %d: [%d] = %d\n", root, n, i, buf[i]);
                    errors++;
                    break;
                }
            free(buf);
        }
    }

    int ncount[] = {1, 7, 1024, 100000};
    for (size_t c = 0; c < sizeof(ncount) / sizeof(ncount[0]); c++) {
        int n = ncount[c];
        int *in = malloc(sizeof(int) * (size_t)n), *out = malloc(sizeof(int) * (size_t)n);
        double *din = malloc(sizeof(double) * (size_t)n),
               *dout = malloc(sizeof(double) * (size_t)n);
        for (int i = 0; i < n; i++) {
            in[i] = rank + i;
            din[i] = rank * 0.5 + i;
        }
        MPI_Allreduce(in, out, n, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
        for (int i = 0; i < n; i++)
            if (out[i] != size * (size - 1) / 2 + size * i) {
                errors++;
                break;
            }
        MPI_Allreduce(in, out, n, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        for (int i = 0; i < n; i++)
            if (out[i] != size - 1 + i) {
                errors++;
                break;
            }
        MPI_Allreduce(in, out, n, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
        for (int i = 0; i < n; i++)
            if (out[i] != i) {
                errors++;
                break;
            }
        MPI_Allreduce(din, dout, n, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
        for (int i = 0; i < n; i++)
            if (dout[i] != (size - 1) * 0.5 + i) {
                errors++;
                break;
            }
        MPI_Allreduce(din, dout, n, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
        for (int i = 0; i < n; i++)
            if (dout[i] != i) {
                errors++;
                break;
            }
        memcpy(dout, din, sizeof(double) * (size_t)n);
        MPI_Allreduce(MPI_IN_PLACE, dout, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        for (int i = 0; i < n; i++)
            if (dout[i] != size * (size - 1) * 0.25 + (double)size * i) {
                printf("in-place double sum n %d [%d] = %g\n", n, i, dout[i]);
                errors++;
                break;
            }
        free(in), free(out), free(din), free(dout);
    }

    /* Bitwise reproducibility: values whose sum depends on the order of additions. */
    double v[64], r[64], r0[64];
    srand(1234 + rank);
    for (int i = 0; i < 64; i++)
        v[i] = (rand() / (double)RAND_MAX - 0.5) * 1e10 / (1 + rank * 3 + i);
    MPI_Allreduce(v, r, 64, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    memcpy(r0, r, sizeof(r));
    MPI_Bcast(r0, 64, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (memcmp(r0, r, sizeof(r)) != 0) {
        printf("rank %d: allreduce result differs bitwise from rank 0's\n", rank);
        errors++;
    }
    for (int k = 0; k < 3; k++) {
        double again[64];
        MPI_Allreduce(v, again, 64, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        if (memcmp(again, r, sizeof(r)) != 0) {
            printf("rank %d: allreduce changed between calls\n", rank);
            errors++;
        }
    }

    errors += check_reduce(rank, size);
    errors += check_allgather(rank, size);
    errors += check_alltoall(rank, size);

    int status = mtest_finalize(errors);
    return status;
}
