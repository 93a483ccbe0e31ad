/* bench/put_latency.c: OSU-style one-sided put latency (bench/rma.h). */
#include "rma.h"

int main(int argc, char **argv)
{
    return rma_bench_main(argc, argv, "Put Latency", RMA_PUT);
}
