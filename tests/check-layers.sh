#!/bin/bash
# Fails when a file includes a header of a layer above its own (DESIGN.md: dependencies point
# down only; transport/ and runtime/ never see mpi.h; collectives/ use only the transport API).
cd "$(dirname "$0")/.." || exit 1
status=0
forbid() {
    local dir=$1 pattern=$2 why=$3
    local hits
    hits=$(grep -n -E "#include[[:space:]]*[<\"]($pattern)" "$dir"/*.[ch] 2>/dev/null)
    if [ -n "$hits" ]; then
        echo "$dir: $why"; echo "$hits"; status=1
    fi
}
forbid runtime 'mpi\.h|transport/|collectives/|ompi-lite/|oml_impl\.h' "runtime is the lowest layer"
forbid transport 'mpi\.h|collectives/|ompi-lite/|oml_impl\.h' "transport must not see MPI or the layers above"
forbid collectives 'mpi\.h|ompi-lite/|oml_impl\.h|transport/tp_impl\.h|rdma/' "collectives use only transport/tp.h"
forbid mpirun 'mpi\.h|transport/|collectives/|oml_impl\.h' "mpirun talks to ranks only through PMIx"
exit $status
