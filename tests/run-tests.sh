#!/bin/bash
# The test suite: unit tests, header and wrapper checks, the MPI test list over each provider
# choice, and the launcher's behaviour on failures, signals and bad input.
# Usage: tests/run-tests.sh PREFIX BUILDDIR [SANBUILDDIR]
#   PREFIX: where `make install` put ompi-lite; BUILDDIR: its build tree; SANBUILDDIR: a build
#   tree configured with --enable-sanitizers and installed (dev/setup.sh san), optional.
# Ends with the line "N passed, N failed"; exits non-zero when anything failed.
set -u
# The suite checks and clears machine-wide things: /dev/shm/oml-* segments, daemons, network
# namespaces, fixed ports. A second suite on this machine (another checkout) would break this
# one's checks, so suites take turns; the lock is held by flock, not by the tests' processes.
# shellcheck source=tests/take-turns.sh
. "$(dirname "$0")/take-turns.sh"
take_turns ompi-lite-tests 3600 "ompi-lite test suite" "$0" "$@"
usage="usage: run-tests.sh PREFIX BUILDDIR [SANBUILDDIR] (existing directories)"
PREFIX=$(cd "${1:?$usage}" && pwd) || { echo "$usage"; exit 2; }
BUILD=$(cd "${2:?$usage}" && pwd) || { echo "$usage"; exit 2; }
SRC=$(cd "$(dirname "$0")/.." && pwd)
SANBUILD=""
if [ -n "${3:-}" ]; then SANBUILD=$(cd "$3" && pwd) || { echo "$usage"; exit 2; }; fi
OUT="$BUILD/tests/out"
BIN="$BUILD/tests/mpi/bin"
mkdir -p "$OUT" "$BIN"

# Fabric traffic of the tests stays on the loopback interface.
export FI_TCP_IFACE=lo FI_UDP_IFACE=lo
MPIRUN=("$PREFIX/bin/mpirun" --allow-run-as-root --oversubscribe)

passed=0
failed=0
failures=()
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() {
    failed=$((failed + 1)); failures+=("$1"); echo "FAIL $1"
    [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/    | /' "$2" | tail -n 25
    return 0
}
# check NAME LOGFILE COMMAND...: passes when the command exits 0
check() {
    local name=$1 log=$2; shift 2
    if "$@" >"$log" 2>&1; then pass "$name"; else fail "$name" "$log"; fi
}
# No process of a test may outlive it.
leftovers() { pgrep -f "$BIN/" >/dev/null 2>&1; }
reap_leftovers() {
    if leftovers; then
        echo "    | processes left behind:"; pgrep -af "$BIN/" | sed 's/^/    | /'
        pkill -9 -f "$BIN/"; return 1
    fi
    return 0
}

# run_units BUILDDIR LABEL: builds and runs every tests/unit/test_*.c in that build tree
run_units() {
    local build=$1 label=$2 src t
    local tag=${label//[^a-z]/} # file-name-safe form of the label
    for src in "$SRC"/tests/unit/test_*.c; do
        t=$(basename "$src" .c)
        if make -s -C "$build" "tests/unit/$t" >"$OUT/$tag$t.build" 2>&1; then
            check "${label}unit/$t" "$OUT/$tag$t.log" timeout 60 "$build/tests/unit/$t"
        else
            fail "${label}unit/$t (build)" "$OUT/$tag$t.build"
        fi
    done
}

echo "== unit tests"
run_units "$BUILD" ""

echo "== mpi.h and wrappers"
check "mpi.h gcc -std=c99 -pedantic" "$OUT/h99.log" \
    gcc -std=c99 -Wall -Wextra -pedantic -Werror -fsyntax-only -I"$PREFIX/include" -x c "$PREFIX/include/mpi.h"
check "mpi.h gcc -std=c11 -pedantic" "$OUT/h11.log" \
    gcc -std=c11 -Wall -Wextra -pedantic -Werror -fsyntax-only -I"$PREFIX/include" -x c "$PREFIX/include/mpi.h"
check "mpi.h g++ -pedantic" "$OUT/hxx.log" \
    g++ -std=c++11 -Wall -Wextra -pedantic -Werror -fsyntax-only -I"$PREFIX/include" -x c++ "$PREFIX/include/mpi.h"
show=$("$PREFIX/bin/mpicc" -show -O2 x.c -o x 2>&1)
if [[ "$show" == *"-I$PREFIX/include"* && "$show" == *"-O2 x.c -o x"* && "$show" == *"-Wl,-rpath,$PREFIX/lib"* && "$show" == *"-lmpi"* ]]; then
    pass "mpicc -show"; else echo "$show" >"$OUT/show.log"; fail "mpicc -show" "$OUT/show.log"; fi
show=$(OMPI_LITE_CC=my-cc "$PREFIX/bin/mpicc" -show -c x.c)
if [[ "$show" == "my-cc "* && "$show" != *"-lmpi"* ]]; then pass "mpicc OMPI_LITE_CC, -c adds no link flags"
else echo "$show" >"$OUT/cc.log"; fail "mpicc OMPI_LITE_CC, -c adds no link flags" "$OUT/cc.log"; fi
show=$("$PREFIX/bin/mpicxx" -show x.cpp)
if [[ "$show" == "g++ "* || "$show" == "c++ "* ]]; then pass "mpicxx -show uses the C++ compiler"
else echo "$show" >"$OUT/cxx.log"; fail "mpicxx -show uses the C++ compiler" "$OUT/cxx.log"; fi

echo "== building the MPI tests with mpicc and mpicxx"
for src in "$SRC"/tests/mpi/*.c; do
    t=$(basename "$src" .c)
    "$PREFIX/bin/mpicc" -O2 -Wall -Werror -c "$src" -o "$BIN/$t.o" >"$OUT/build-$t.log" 2>&1 &&
        "$PREFIX/bin/mpicc" "$BIN/$t.o" -o "$BIN/$t" >>"$OUT/build-$t.log" 2>&1 ||
        fail "build $t" "$OUT/build-$t.log"
done
"$PREFIX/bin/mpicxx" -O2 -Wall -Werror "$SRC/tests/mpi/hello.cpp" -o "$BIN/hello" >"$OUT/build-hello.log" 2>&1 ||
    fail "build hello (C++)" "$OUT/build-hello.log"
echo "== Fortran: mpifort, mpif.h, the modules mpi and mpi_f08"
show=$("$PREFIX/bin/mpifort" -show x.f90 -o x)
if [[ "$show" == gfortran* && "$show" == *"-I$PREFIX/include"* && "$show" == *"-lmpi_usempif08 -lmpi"* && "$show" == *"-Wl,-rpath,$PREFIX/lib"* ]]; then
    pass "mpifort -show"; else echo "$show" >"$OUT/fshow.log"; fail "mpifort -show" "$OUT/fshow.log"; fi
if [ "$("$PREFIX/bin/mpif90" -show)" = "$("$PREFIX/bin/mpifort" -show)" ] && [ "$("$PREFIX/bin/mpif77" -show)" = "$("$PREFIX/bin/mpifort" -show)" ]; then
    pass "mpif90 and mpif77 are mpifort"; else fail "mpif90 and mpif77 are mpifort" /dev/null; fi
check "every procedure of mpif.h, mpi and mpi_f08 is defined" "$OUT/fsyms.log" \
    bash "$SRC/tests/check-fortran-symbols.sh" "$BUILD" "$PREFIX"
# mpif.h from free form too (the f77 tests use it from fixed form)
printf 'program p\n  implicit none\n  include "mpif.h"\n  integer :: ierr\n  call MPI_Init(ierr)\n  call MPI_Finalize(ierr)\nend program\n' >"$BIN/freeform.f90"
check "mpif.h from free-form Fortran" "$OUT/freeform.log" \
    "$PREFIX/bin/mpifort" -Wall -Werror -fsyntax-only "$BIN/freeform.f90"
for src in "$SRC"/tests/mpi/f77/*.f; do
    t=$(basename "$src" .f)
    # mpif.h has no interfaces: gfortran warns about buffers of mixed types (no -Werror).
    "$PREFIX/bin/mpif77" -O2 -Wall "$src" -o "$BIN/$t" >"$OUT/build-$t.log" 2>&1 ||
        fail "build $t (mpif77)" "$OUT/build-$t.log"
done
for src in "$SRC"/tests/mpi/f90/*.f90 "$SRC"/tests/mpi/f08/*.f90; do
    t=$(basename "$src" .f90)
    mkdir -p "$BIN/mod-$t"
    # a test's own flags, from a first line "! mpif90 flags: ..." (f08threads: -fopenmp)
    flags=$(sed -n '1s/^! mpif90 flags: //p' "$src")
    # shellcheck disable=SC2086 # the flags are words
    "$PREFIX/bin/mpif90" -O2 -Wall -Werror $flags -J"$BIN/mod-$t" "$src" -o "$BIN/$t" >"$OUT/build-$t.log" 2>&1 ||
        fail "build $t (mpif90)" "$OUT/build-$t.log"
done
if env -u LD_LIBRARY_PATH ldd "$BIN/ring" | grep -q "$PREFIX/lib/libmpi.so"; then pass "rpath finds libmpi"
else ldd "$BIN/ring" >"$OUT/ldd.log" 2>&1; fail "rpath finds libmpi" "$OUT/ldd.log"; fi

# run_mpi LABEL NAME NP TIMEOUT [expect=N] [stderr=TEXT] [VAR=value...]
run_mpi() {
    local label=$1 name=$2 np=$3 tmo=$4; shift 4
    local expect=0 text="" envs=() assigns=()
    for a in "$@"; do
        case "$a" in
        expect=*) expect=${a#expect=} ;;
        stderr=*) text=${a#stderr=}; text=${text//\~/ } ;;
        *) envs+=("-x" "$a"); assigns+=("$a") ;;
        esac
    done
    local tagenv="${assigns[*]}"
    local log="$OUT/$label-$name-$np${tagenv:+-${tagenv//[^A-Za-z0-9]/_}}.log"
    local tname="$label: $name np=$np${envs[*]:+ ${envs[*]}}"
    env "${assigns[@]}" timeout -k 5 "$tmo" "${MPIRUN[@]}" -np "$np" "${envs[@]}" "$BIN/$name" >"$log" 2>&1
    local rc=$?
    local ok=1
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then echo "    | timed out after ${tmo}s" >>"$log"; ok=0; fi
    [ $rc -ne "$expect" ] && { echo "    | exit status $rc, expected $expect" >>"$log"; ok=0; }
    [ "$expect" -eq 0 ] && ! grep -q "^ No Errors" "$log" && ok=0
    [ -n "$text" ] && ! grep -q "$text" "$log" && { echo "    | output lacks '$text'" >>"$log"; ok=0; }
    reap_leftovers >>"$log" || ok=0
    if [ $ok -eq 1 ]; then pass "$tname"; else fail "$tname" "$log"; fi
}

# The whole list four times: ranks of the node on shared memory (the default); every pair
# through the fabric over tcp;ofi_rxm and over udp;ofi_rxd (OMPI_LITE_SHM=0); and mixed, odd
# and even ranks through the fabric as if on two nodes, in the shuffle test mode (packets
# delivered out of order, as EFA's SRD may). No list may leave a segment in /dev/shm.
shm_leftovers() { find /dev/shm -maxdepth 1 -name 'oml-*' 2>/dev/null | grep -q .; }
for wire in shm tcp udp mixed; do
    echo "== MPI test list: $wire"
    unset FI_PROVIDER OMPI_LITE_SHM OMPI_LITE_OFI_PAIRS OMPI_LITE_SHUFFLE OMPI_LITE_SHUFFLE_SEED
    case $wire in
    tcp | udp) export FI_PROVIDER=$wire OMPI_LITE_SHM=0 ;;
    mixed) export OMPI_LITE_OFI_PAIRS=odd-even OMPI_LITE_SHUFFLE=1 OMPI_LITE_SHUFFLE_SEED=1121 ;;
    esac
    while read -r name np tmo rest; do
        [[ -z "$name" || "$name" == \#* ]] && continue
        # shellcheck disable=SC2086
        run_mpi "$wire" "$name" "$np" "$tmo" $rest
    done <"$SRC/tests/mpi/testlist"
    if shm_leftovers; then
        ls -la /dev/shm/oml-* >"$OUT/shm-left-$wire.log" 2>&1
        fail "$wire: no segment left in /dev/shm" "$OUT/shm-left-$wire.log"
        rm -f /dev/shm/oml-*
    else
        pass "$wire: no segment left in /dev/shm"
    fi
done
unset FI_PROVIDER OMPI_LITE_SHM OMPI_LITE_OFI_PAIRS OMPI_LITE_SHUFFLE OMPI_LITE_SHUFFLE_SEED

echo "== shared memory segment: mode, and removal after a crash"
# shmlate's rank 1 enters MPI_Init 3 s late: meanwhile the segment exists under its name.
seg_wait() {
    for _ in $(seq 50); do
        seg=$(find /dev/shm -maxdepth 1 -name 'oml-*' 2>/dev/null | head -n 1)
        [ -n "$seg" ] && return 0
        sleep 0.05
    done
    return 1
}
log="$OUT/shm-mode.log"
timeout -k 5 60 "${MPIRUN[@]}" -np 3 "$BIN/shmlate" >"$log" 2>&1 &
pid=$!
seg=""
seg_wait && stat -c '%a %U %n' "$seg" >"$OUT/shm-mode.stat"
wait $pid
rc=$?
cat "$OUT/shm-mode.stat" >>"$log" 2>/dev/null
if [ $rc -eq 0 ] && grep -q "^600 $(id -un) /dev/shm/oml-" "$OUT/shm-mode.stat" && grep -q "^ No Errors" "$log" && ! shm_leftovers &&
    reap_leftovers >>"$log"; then pass "shm: segment is mode 0600, owned by the user, gone after the job"
else echo "    | exit status $rc" >>"$log"; fail "shm: segment is mode 0600, owned by the user, gone after the job" "$log"; fi
log="$OUT/shm-kill.log"
OMPI_LITE_TEST_LATE=10 timeout -k 5 60 "${MPIRUN[@]}" -np 3 -x OMPI_LITE_TEST_LATE "$BIN/shmlate" >"$log" 2>&1 &
pid=$!
seg=""
killed=""
if seg_wait; then
    for p in $(pgrep -f "$BIN/shmlate"); do
        if { tr '\0' '\n' <"/proc/$p/environ"; } 2>/dev/null | grep -q '^PMIX_RANK=0$'; then kill -9 "$p"; killed=$p; fi
    done
fi
wait $pid
rc=$?
if [ -n "$killed" ] && [ $rc -ne 0 ] && ! shm_leftovers && reap_leftovers >>"$log"; then
    pass "shm: kill -9 of a rank in MPI_Init leaves no segment and no process"
else
    echo "    | exit status $rc, segment '$seg', killed '$killed'" >>"$log"; ls /dev/shm >>"$log"
    fail "shm: kill -9 of a rank in MPI_Init leaves no segment and no process" "$log"; rm -f /dev/shm/oml-*
fi

echo "== singleton and provider choice"
check "singleton: ring without mpirun" "$OUT/singleton.log" bash -c "timeout 30 '$BIN/ring' | grep -q '^ No Errors'"
check "mpiexec: the standard's name for mpirun" "$OUT/mpiexec.log" bash -c \
    "timeout 30 '$PREFIX/bin/mpiexec' --allow-run-as-root -n 2 '$BIN/ring' | grep -q '^ No Errors'"
check "mpirun MPMD line (a : b : c): MPI_APPNUM, blocks of ranks, traffic between programs" "$OUT/mpmd.log" bash -c \
    "timeout 60 '$PREFIX/bin/mpirun' --allow-run-as-root --oversubscribe -n 2 '$BIN/mpmd' 0 2 : -n 1 '$BIN/mpmd' 1 1 : -np 2 '$BIN/mpmd' 2 2 | grep -q '^ No Errors'"
log="$OUT/fi-aws.log"
# (OMPI_LITE_SHM=0: on one node the ranks would use shared memory and never open the fabric.)
OMPI_LITE_SHM=0 FI_PROVIDER=aws timeout 30 "${MPIRUN[@]}" -np 2 "$BIN/ring" >"$log" 2>&1
rc=$?
if [ $rc -ne 0 ] && grep -q "FI_PROVIDER=aws matches no libfabric provider" "$log" && grep -q "tcp;ofi_rxm" "$log" &&
    grep -q "FI_PROVIDER=efa" "$log" && reap_leftovers; then pass "FI_PROVIDER=aws: clear error listing providers"
else fail "FI_PROVIDER=aws: clear error listing providers" "$log"; fi

log="$OUT/fi-iface.log"
OMPI_LITE_SHM=0 FI_TCP_IFACE=no-such-if0 timeout 30 "${MPIRUN[@]}" -np 2 "$BIN/ring" >"$log" 2>&1
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q "FI_TCP_IFACE=no-such-if0, but provider" "$log" &&
    grep -q "it offers: .*lo" "$log" && reap_leftovers; then pass "FI_TCP_IFACE naming no interface: clear error"
else fail "FI_TCP_IFACE naming no interface: clear error" "$log"; fi

echo "== mpirun: bad input"
# bad NAME EXPECTED_TEXT ARGS...: mpirun must exit non-zero with one line naming the problem
bad() {
    local name=$1 text=$2; shift 2
    local log="$OUT/bad-${name// /_}.log"
    timeout 20 "$@" >"$log" 2>&1
    local rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q -- "$text" "$log" && [ "$(wc -l <"$log")" -le 2 ] && reap_leftovers; then
        pass "mpirun $name"; else echo "    | exit status $rc" >>"$log"; fail "mpirun $name" "$log"; fi
}
bad "unknown option" "unknown option '--frobnicate'" "${MPIRUN[@]}" --frobnicate -np 2 "$BIN/ring"
bad "-np 0" "needs an integer >= 1" "${MPIRUN[@]}" -np 0 "$BIN/ring"
bad "-np -3" "needs an integer >= 1" "${MPIRUN[@]}" -np -3 "$BIN/ring"
bad "-np abc" "needs an integer >= 1" "${MPIRUN[@]}" -np abc "$BIN/ring"
bad "missing program" "does not exist" "${MPIRUN[@]}" -np 2 "$BIN/no-such-program"
bad "program not in PATH" "not found in PATH" "${MPIRUN[@]}" -np 2 no-such-program-xyz
bad "not executable" "not an executable" "${MPIRUN[@]}" -np 2 "$SRC/tests/mpi/testlist"
bad "no program" "no program given" "${MPIRUN[@]}" -np 2
cores=$(nproc)
bad "more ranks than cores" "add --oversubscribe" "$PREFIX/bin/mpirun" --allow-run-as-root -np $((cores + 1)) "$BIN/ring"
bad "MPMD part without -n" "program 2 of the MPMD line .* has no -n" "${MPIRUN[@]}" -np 1 "$BIN/ring" : "$BIN/ring"
bad "MPMD line ending in ':'" "no program given after the last ':'" "${MPIRUN[@]}" -np 1 "$BIN/ring" :
bad "PE=n past the cores" "PE=$((cores + 1)): rank 0 on host .* needs cores 0-$cores" \
    "$PREFIX/bin/mpirun" --allow-run-as-root --map-by "ppr:1:node:PE=$((cores + 1))" "$BIN/ring"
bad "PE=n with --bind-to socket" "goes with --bind-to core" \
    "$PREFIX/bin/mpirun" --allow-run-as-root --map-by ppr:1:node:PE=2 --bind-to socket "$BIN/ring"
# PE=n: one rank given every core of this machine is bound to all of them, reported as cores
phys=$(sort -u /sys/devices/system/cpu/cpu[0-9]*/topology/thread_siblings_list 2>/dev/null | wc -l)
if [ "$phys" -ge 2 ]; then
    log="$OUT/map-pe.log"
    allowed=$(awk '/^Cpus_allowed_list/ {print $2}' /proc/self/status)
    timeout 30 "$PREFIX/bin/mpirun" --allow-run-as-root --map-by "ppr:1:node:PE=$phys" --report-bindings \
        grep Cpus_allowed_list /proc/self/status >"$log" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && grep -q "MCW rank 0 bound to cores 0-$((phys - 1)): cpus $allowed$" "$log" &&
        grep -q "^Cpus_allowed_list:.$allowed$" "$log" && reap_leftovers; then
        pass "mpirun --map-by ppr:1:node:PE=$phys binds a rank to $phys cores"
    else echo "    | exit status $rc" >>"$log"; fail "mpirun --map-by ppr:1:node:PE=$phys binds a rank to $phys cores" "$log"; fi
fi
if [ "$(id -u)" -eq 0 ]; then
    bad "as root without --allow-run-as-root" "allow-run-as-root" "$PREFIX/bin/mpirun" -np 1 "$BIN/ring"
    check "root allowed by OMPI_ALLOW_RUN_AS_ROOT(_CONFIRM)" "$OUT/rootenv.log" \
        env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 timeout 30 "$PREFIX/bin/mpirun" -np 1 "$BIN/ring"
fi

echo "== mpirun: signals and timeout"
for sig in TERM INT; do
    log="$OUT/sig$sig.log"
    "${MPIRUN[@]}" -np 3 "$BIN/hang" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do [ "$(grep -c waiting "$log")" -ge 3 ] && break; sleep 0.1; done
    kill -"$sig" $pid
    ok=0
    for _ in $(seq 100); do kill -0 $pid 2>/dev/null || { ok=1; break; }; sleep 0.1; done
    wait $pid 2>/dev/null
    rc=$?
    [ $ok -eq 1 ] || { kill -9 $pid; echo "    | mpirun still running 10 s after SIG$sig" >>"$log"; }
    sleep 0.2
    if [ $ok -eq 1 ] && [ $rc -ne 0 ] && reap_leftovers >>"$log"; then pass "SIG$sig to mpirun ends every rank"
    else fail "SIG$sig to mpirun ends every rank" "$log"; fi
done
log="$OUT/timeout.log"
timeout 30 "${MPIRUN[@]}" --timeout 2 -np 2 "$BIN/hang" >"$log" 2>&1
rc=$?
if [ $rc -ne 0 ] && grep -q "longer than --timeout 2" "$log" && reap_leftovers >>"$log"; then pass "--timeout ends the job"
else fail "--timeout ends the job" "$log"; fi
check "--tag-output" "$OUT/tag.log" bash -c "'${MPIRUN[0]}' --allow-run-as-root --tag-output -np 2 '$BIN/ring' | grep -q '^\[1,1\]<stdout>:rank 1 of 2'"
check "-x VAR=value reaches the ranks" "$OUT/x.log" bash -c "'${MPIRUN[0]}' --allow-run-as-root -np 2 -x OML_T=hello printenv OML_T | grep -c hello | grep -q 2"

echo "== mpirun across hosts: daemons started through a local launch agent"
# The agent runs the daemon here whatever the host is called: the whole multi-host path
# (daemons, key, hello, map, fences relayed by mpirun, output, exits) without a network.
AGENT="$OUT/local-agent"
printf '#!/bin/sh\n# test launch agent: HOST COMMAND, run here\nshift\nexec sh -c "$*"\n' >"$AGENT"
chmod +x "$AGENT"
log="$OUT/agent-ring.log"
OMPI_LITE_RSH_AGENT=$AGENT timeout -k 5 60 "${MPIRUN[@]}" -H nodeA:2,nodeB:2 -np 4 --tag-output "$BIN/ring" >"$log" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -q "^\[1,0\]<stdout>: No Errors" "$log" && reap_leftovers >>"$log" && ! pgrep -f "$PREFIX/bin/ompi-lite-daemon" >/dev/null; then
    pass "two hosts through daemons: ring np=4"; else echo "    | exit status $rc" >>"$log"; fail "two hosts through daemons: ring np=4" "$log"; fi
log="$OUT/agent-hostmap.log"
OMPI_LITE_RSH_AGENT=$AGENT timeout -k 5 60 "${MPIRUN[@]}" -H nodeA,nodeB,nodeC --map-by node -np 3 -x HOSTMAP_BYTES=65536 "$BIN/hostmap" >"$log" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -q "^ No Errors" "$log" && [ "$(grep -c 'local 0/1$' "$log")" -eq 3 ] && reap_leftovers >>"$log"; then
    pass "three hosts through daemons: one rank each, local sizes from each host"
else echo "    | exit status $rc" >>"$log"; fail "three hosts through daemons: one rank each, local sizes from each host" "$log"; fi
log="$OUT/agent-bad.log"
OMPI_LITE_RSH_AGENT=/bin/false timeout -k 5 60 "${MPIRUN[@]}" -H nodeA -np 1 "$BIN/ring" >"$log" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q "could not start ompi-lite-daemon on host nodeA: the launch agent '/bin/false' exited with status 1" "$log" &&
    reap_leftovers >>"$log"; then pass "a launch agent that fails: clear error, nothing started"
else echo "    | exit status $rc" >>"$log"; fail "a launch agent that fails: clear error, nothing started" "$log"; fi
log="$OUT/agent-usr1.log"
OMPI_LITE_RSH_AGENT=$AGENT timeout -k 5 60 "${MPIRUN[@]}" -H nodeA,nodeB -np 2 sh -c \
    'trap "echo usr1 on \$OMPI_COMM_WORLD_RANK; exit 0" USR1; echo ready; while :; do sleep 0.1; done' >"$log" 2>&1 &
pid=$!
for _ in $(seq 100); do [ "$(grep -c ready "$log")" -ge 2 ] && break; sleep 0.1; done
kill -USR1 "$(pgrep -P $pid -x mpirun)" 2>/dev/null
wait $pid
rc=$?
if [ $rc -eq 0 ] && grep -q "^usr1 on 0" "$log" && grep -q "^usr1 on 1" "$log" && reap_leftovers >>"$log"; then
    pass "SIGUSR1 to mpirun reaches the ranks on other hosts"
else echo "    | exit status $rc" >>"$log"; fail "SIGUSR1 to mpirun reaches the ranks on other hosts" "$log"; fi

# fold NAME SCRIPT ARGS...: runs a sub-suite and counts its PASS/FAIL lines as ours
fold() {
    local name=$1; shift
    local log="$OUT/$name.log"
    timeout -k 10 900 "$@" >"$log" 2>&1
    grep -E "^(PASS|FAIL|    \|)" "$log"
    local p f
    p=$(grep -c "^PASS" "$log"); f=$(grep -c "^FAIL" "$log")
    passed=$((passed + p)); failed=$((failed + f))
    while read -r line; do failures+=("${line#FAIL }"); done < <(grep "^FAIL" "$log")
    if ! tail -n 1 "$log" | grep -q "^[0-9]* passed, 0 failed$" && [ "$f" -eq 0 ]; then
        fail "$name did not finish" "$log"
    fi
}
echo "== mpirun across network-namespace hosts with sshd"
fold multihost "$SRC/tests/multihost.sh" "$PREFIX" "$BIN" "$OUT"
echo "== Slurm: srun --mpi=pmix"
fold slurm "$SRC/tests/slurm.sh" "$BIN" "$OUT"

if [ -n "$SANBUILD" ]; then
    echo "== AddressSanitizer + UBSan"
    SANPREFIX=$(sed -n 's/^prefix = //p' "$SANBUILD/Makefile")
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
    export LSAN_OPTIONS="suppressions=$SRC/tests/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
    run_units "$SANBUILD" "asan: "
    SANBIN="$BIN/san"
    mkdir -p "$SANBIN"
    declare -A sanbuilt=()
    for spec in "ring 3" "pt2pt_sizes 2" "order 3" "coll 4" "errors 2" "env 2" "datatype 3" \
        "comm 3" "group 3" "topo 5" "attr 3" "errhan 3" "greq 2" "rma 3" "io 3" "part 3" "threads 3" "redops 3" "collv 4" \
        "coll 5 OMPI_LITE_COLL_NODEMAP=0,1,0,1,1" "redops 4 OMPI_LITE_COLL_NODEMAP=0,0,1,1" "pcoll 4"; do
        set -- $spec
        if [ -z "${sanbuilt[$1]:-}" ] &&
            ! "$SANPREFIX/bin/mpicc" -O1 -g "$SRC/tests/mpi/$1.c" -o "$SANBIN/$1" >"$OUT/san-build-$1.log" 2>&1; then
            fail "asan: build $1" "$OUT/san-build-$1.log"; continue
        fi
        sanbuilt[$1]=1
        log="$OUT/san-$1-$2${3:+-node}.log"
        env ${3:+"$3"} timeout -k 5 300 "$SANPREFIX/bin/mpirun" --allow-run-as-root --oversubscribe -np "$2" \
            -x ASAN_OPTIONS -x LSAN_OPTIONS -x UBSAN_OPTIONS "$SANBIN/$1" >"$log" 2>&1
        rc=$?
        if [ $rc -eq 0 ] && grep -q "^ No Errors" "$log" && ! grep -q -E "ERROR: (Address|Leak)Sanitizer|runtime error" "$log" &&
            reap_leftovers >>"$log"; then pass "asan: $1 np=$2${3:+ $3}"; else echo "    | exit status $rc" >>"$log"; fail "asan: $1 np=$2${3:+ $3}" "$log"; fi
    done
    unset ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
fi

echo "== bench/: build with mpicc, run each benchmark once with tiny sizes"
BENCH="$BUILD/bench"
if make -s -C "$SRC/bench" MPICC="$PREFIX/bin/mpicc" OUT="$BENCH" CFLAGS="-O2 -Wall -Wextra -Werror" >"$OUT/bench-build.log" 2>&1; then
    pass "bench: builds with our mpicc"
    for b in latency bw bibw put_latency get_latency acc_latency latency_mt multi_lat mbw_mr allreduce \
        alltoall bcast reduce allgather barrier pack; do
        case $b in latency|bw|bibw|*_latency|latency_mt) np=2 ;; multi_lat|mbw_mr) np=4 ;; *) np=3 ;; esac
        log="$OUT/bench-$b.log"
        timeout -k 5 60 "${MPIRUN[@]}" -np $np "$BENCH/bench_$b" -m 64 -i 3 -x 1 >"$log" 2>&1
        rc=$?
        if [ $rc -eq 0 ] && grep -q "^# ompi-lite OSU-style" "$log" && grep -q "^ *[0-9]" "$log" &&
            reap_leftovers >>"$log"; then pass "bench: $b np=$np"; else echo "    | exit status $rc" >>"$log"; fail "bench: $b np=$np" "$log"; fi
    done
    log="$OUT/bench-badopt.log"
    timeout 30 "${MPIRUN[@]}" -np 2 "$BENCH/bench_latency" -m 9:3 >"$log" 2>&1
    rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q -- "-m 9:3: expected MAX or MIN:MAX" "$log" && reap_leftovers; then
        pass "bench: a bad option is a clear error"; else fail "bench: a bad option is a clear error" "$log"; fi
    # bench/compare end to end with ompi-lite alone (Open MPI and MPICH stay uninstalled here):
    # table, CSV, plot and the fi_pingpong row; as root also the two-host mode over veth.
    modes=(intra)
    [ "$(id -u)" -eq 0 ] && modes+=(two-host)
    for mode in "${modes[@]}"; do
        out="$OUT/compare-$mode"
        log="$OUT/compare-$mode.log"
        timeout -k 5 300 "$SRC/bench/compare" --mode "$mode" --mpis ompi-lite --rounds 1 \
            --benches latency,bw --max-size 64 --iters 50 --warmup 2 --prefix "$PREFIX" \
            --out "$out" >"$log" 2>&1
        rc=$?
        if [ $rc -eq 0 ] && grep -q "^64 .*[0-9]" "$out/table.txt" && grep -q "fi_pingpong" "$out/table.txt" &&
            [ -s "$out/plot.png" ] && grep -q "^$mode,2,latency,ompi-lite,1,0," "$out/raw.csv" &&
            ! ip netns list 2>/dev/null | grep -q olb-h; then
            pass "bench/compare --mode $mode (ompi-lite, fi_pingpong)"
        else
            echo "    | exit status $rc" >>"$log"; fail "bench/compare --mode $mode (ompi-lite, fi_pingpong)" "$log"
        fi
    done
else
    fail "bench: builds with our mpicc" "$OUT/bench-build.log"
fi

echo "== source checks"
check "layering: lower layers do not include upper headers" "$OUT/layers.log" "$SRC/tests/check-layers.sh"
if command -v clang-format >/dev/null; then
    check "clang-format" "$OUT/format.log" bash -c "cd '$SRC' && git ls-files '*.c' '*.h' '*.cpp' | xargs clang-format --dry-run --Werror"
fi

if [ $failed -gt 0 ]; then
    echo "Failed:"
    printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
