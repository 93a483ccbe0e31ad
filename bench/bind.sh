#!/bin/bash
# Binds one rank to a core, then runs the benchmark: rank r to core r mod (number of cores), so
# that 2 ranks sit on separate cores under every MPI alike. The rank comes from the variable
# each launcher sets (OMPI_COMM_WORLD_RANK for Open MPI, PMI_RANK for MPICH's hydra, PMIX_RANK
# for ompi-lite).
# Usage: bench/bind.sh [--netns NP] PROGRAM ARGS...
#   --netns NP: two-host mode for ompi-lite, whose mpirun cannot start ranks on other hosts
#   yet: ranks NP/2 and above move into the second host's namespace (bench/netns.sh) and every
#   rank uses its own host's veth for the fabric.
set -eu
rank=${OMPI_COMM_WORLD_RANK:-${PMI_RANK:-${PMIX_RANK:?bind.sh: no rank variable set; run it under mpirun}}}
ncores=$(nproc --all)
core=$((rank % ncores))
case "$(hostname)" in
# On a host of bench/netns.sh, UCX (MPICH's transport) must use that host's veth.
olb-h1) export UCX_NET_DEVICES=olb-v1 ;;
olb-h2) export UCX_NET_DEVICES=olb-v2 ;;
esac
if [ "${1:-}" = --netns ]; then
    np=$2
    shift 2
    if [ "$rank" -ge $((np / 2)) ]; then
        exec "$(dirname "$0")/netns.sh" exec olb-h2 \
            "FI_TCP_IFACE=olb-v2 exec taskset -c $core $*"
    fi
    export FI_TCP_IFACE=olb-v1
fi
exec taskset -c "$core" "$@"
