/* bench/acc_latency.c: OSU-style one-sided acc latency (bench/rma.h). */
#include "rma.h"

int main(int argc, char **argv)
{
    return rma_bench_main(argc, argv, "Acc Latency", RMA_ACC);
}
