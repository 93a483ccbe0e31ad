#!/bin/bash
# Every external procedure that mpif.h and the modules mpi and mpi_f08 name must be defined by
# the installed libraries: a binding whose C side is missing would fail only when a program
# calls it. Usage: check-fortran-symbols.sh BUILD_DIR PREFIX
set -euo pipefail
build=$1 prefix=$2
gen="$build/ompi-lite/fortran"
defined=$(nm -D --defined-only "$prefix/lib/libmpi.so" "$prefix/lib/libmpi_usempif08.so" |
    awk 'NF == 3 {print $3}' | sort -u)
wanted=$( {
    # interface bodies of the modules: subroutine/function NAME(
    grep -hoiE '^ *(subroutine|function) +[a-z0-9_]+' "$gen/mpi.f90" "$gen/mpi_f08.f90" |
        awk '{print tolower($2) "_"}' | grep -v '^oml_'
    # external declarations of mpif.h and the modules
    grep -hiE '^ *external' "$gen/mpif.h" "$gen/mpi.f90" | sed 's/.*external *\(:: *\)\?//' |
        tr ',' '\n' | tr -d ' &' | grep . | awk '{print tolower($0) "_"}' | grep -E '^p?mpi_'
} | sort -u)
missing=$(comm -23 <(echo "$wanted") <(echo "$defined"))
n=$(echo "$wanted" | wc -l)
if [ -n "$missing" ]; then
    echo "Fortran procedures without a definition in libmpi:"
    echo "$missing"
    exit 1
fi
echo "all $n Fortran procedures are defined"
