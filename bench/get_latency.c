/* bench/get_latency.c: OSU-style one-sided get latency (bench/rma.h). */
#include "rma.h"

int main(int argc, char **argv)
{
    return rma_bench_main(argc, argv, "Get Latency", RMA_GET);
}
