#!/bin/bash
# Binds one rank to a core, then runs the benchmark, the same way under every MPI: with NP
# ranks on C cores, rank r goes to core r when NP <= C, else to core r * C / NP (blocks of
# neighbouring ranks share a core, so the pair benchmarks' partners r and r + NP/2 never do).
# The rank comes from the variable each launcher sets (OMPI_COMM_WORLD_RANK for Open MPI,
# PMI_RANK for MPICH's hydra, PMIX_RANK for ompi-lite).
# Usage: bench/bind.sh --np NP [--netns] PROGRAM ARGS...
#   --netns: two-host mode for ompi-lite, started by one mpirun on this host (the benchmarks
#   predate the multi-host mpirun, which needs sshd in each namespace: tests/multihost.sh):
#   ranks NP/2 and above move into the second host's namespace (bench/netns.sh) and every
#   rank uses its own host's veth for the fabric. The namespaces share one kernel, so shared
#   memory would work between them: pairs of ranks on different hosts are put on the fabric
#   (OMPI_LITE_OFI_PAIRS), pairs on one host stay on shared memory, as on two real hosts.
#   One mpirun gives every rank the same node, so the collectives are told the two hosts'
#   layout (OMPI_LITE_COLL_NODEMAP) and run node-aware as the launcher's layout would make them.
set -eu
rank=${OMPI_COMM_WORLD_RANK:-${PMI_RANK:-${PMIX_RANK:?bind.sh: no rank variable set; run it under mpirun}}}
[ "${1:-}" = --np ] || { echo "bind.sh: usage: bind.sh --np NP [--netns] PROGRAM ARGS..." >&2; exit 2; }
np=$2
shift 2
ncores=$(nproc --all)
if [ "$np" -le "$ncores" ]; then core=$((rank % ncores)); else core=$((rank * ncores / np)); fi
case "$(hostname)" in
# On a host of bench/netns.sh, UCX (MPICH's transport) must use that host's veth.
olb-h1) export UCX_NET_DEVICES=olb-v1 ;;
olb-h2) export UCX_NET_DEVICES=olb-v2 ;;
esac
if [ "${1:-}" = --netns ]; then
    shift
    pairs=""
    for ((i = 0; i < np / 2; i++)); do
        for ((j = np / 2; j < np; j++)); do pairs+="${pairs:+,}$i:$j"; done
    done
    export OMPI_LITE_OFI_PAIRS=$pairs
    nodemap=""
    for ((i = 0; i < np; i++)); do nodemap+="${nodemap:+,}$((i >= np / 2))"; done
    export OMPI_LITE_COLL_NODEMAP=$nodemap
    if [ "$rank" -ge $((np / 2)) ]; then
        exec "$(dirname "$0")/netns.sh" exec olb-h2 \
            "FI_TCP_IFACE=olb-v2 exec taskset -c $core $*"
    fi
    export FI_TCP_IFACE=olb-v1
fi
exec taskset -c "$core" "$@"
