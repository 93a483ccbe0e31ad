#!/bin/bash
# Slurm: libmpi under `srun --mpi=pmix`, as AWS ParallelCluster users start it. Starts Debian's
# slurmctld and slurmd on this machine with a private configuration (its own ports, state and
# spool in a temporary directory, no munge: auth/none), runs MPI programs with srun, and stops
# both daemons again, also when a test fails.
# Usage: tests/slurm.sh BINDIR OUTDIR   (as root; slurm-wlm installed)
# Prints PASS/FAIL lines and ends with "N passed, N failed".
set -u
# Its ports are fixed, and teardown kills every slurmstepd of this host: runs take turns.
# shellcheck source=tests/take-turns.sh
. "$(dirname "$0")/take-turns.sh"
take_turns ompi-lite-slurm 600 slurm "$0" "$@"
BIN=$(cd "$1" && pwd)
OUT=$2
mkdir -p "$OUT"
W=$(mktemp -d /tmp/oml-slurm.XXXXXX)
export SLURM_CONF=$W/slurm.conf
H=$(hostname -s)

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS slurm: $1"; }
fail() {
    failed=$((failed + 1)); echo "FAIL slurm: $1"
    [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/    | /' "$2" | tail -n 25
    return 0
}
teardown() {
    for f in ctld d; do
        [ -f "$W/$f.pid" ] && kill "$(cat "$W/$f.pid")" 2>/dev/null
    done
    sleep 0.5
    pkill -9 -f "slurmstepd.*$H" 2>/dev/null
    pkill -9 -f "$BIN/" 2>/dev/null
    rm -rf "$W"
}
trap teardown EXIT

cat >"$SLURM_CONF" <<EOF
ClusterName=omltest
SlurmctldHost=$H(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/none
CredType=cred/none
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/ctld.pid
SlurmdPidFile=$W/d.pid
SlurmctldPort=6917
SlurmdPort=6918
SlurmctldLogFile=$W/ctld.log
SlurmdLogFile=$W/d.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$H NodeAddr=127.0.0.1 CPUs=4 State=UNKNOWN
PartitionName=oml Nodes=ALL Default=YES MaxTime=10 State=UP
EOF
mkdir -p "$W/state" "$W/spool"
log="$OUT/slurm-setup.log"
up=0
if command -v slurmctld >/dev/null && slurmctld -f "$SLURM_CONF" >"$log" 2>&1 && slurmd -f "$SLURM_CONF" >>"$log" 2>&1; then
    for _ in $(seq 100); do
        sinfo -h -o %t 2>/dev/null | grep -q idle && { up=1; break; }
        sleep 0.1
    done
fi
if [ $up -eq 1 ]; then pass "slurmctld and slurmd up"
else
    cat "$W/ctld.log" "$W/d.log" >>"$log" 2>/dev/null
    fail "slurmctld and slurmd up" "$log"
    echo "$passed passed, $failed failed"
    exit 1
fi

# srun_test NAME EXPECT_STATUS TEXT ARGS...: srun --mpi=pmix ARGS must exit with the status and
# print TEXT; nothing of the job may be left.
srun_test() {
    local name=$1 want=$2 text=$3; shift 3
    local log="$OUT/slurm-${name// /_}.log"
    timeout -k 5 120 srun --mpi=pmix "$@" >"$log" 2>&1
    local rc=$? ok=1
    [ $rc -eq "$want" ] || { echo "    | exit status $rc, expected $want" >>"$log"; ok=0; }
    grep -q -- "$text" "$log" || { echo "    | output lacks '$text'" >>"$log"; ok=0; }
    sleep 0.3
    if pgrep -f "$BIN/" >/dev/null; then echo "    | processes left behind" >>"$log"; ok=0; pkill -9 -f "$BIN/"; fi
    if [ $ok -eq 1 ]; then pass "$name"; else fail "$name" "$log"; fi
}
srun_test "srun --mpi=pmix -n 4 ring" 0 "^ No Errors" -n 4 "$BIN/ring"
# With a provider that does not exist, only a job whose ranks all talk through shared memory
# (local peers from Slurm's PMIx server) can run: the fabric is never opened.
srun_test "srun --mpi=pmix -n 4 pt2pt on shared memory (Slurm's local peers)" 0 "^ No Errors" -n 4 --export=ALL,FI_PROVIDER=aws "$BIN/pt2pt"
srun_test "srun --mpi=pmix -n 2 pt2pt over tcp;ofi_rxm" 0 "^ No Errors" -n 2 --export=ALL,OMPI_LITE_SHM=0,FI_PROVIDER=tcp,FI_TCP_IFACE=lo "$BIN/pt2pt"
srun_test "MPI_Abort under srun" 7 "MPI_Abort was called on rank 1" -n 3 "$BIN/abort"
# The collectives read every rank's node from Slurm's PMIx data: one node here, so flat.
srun_test "srun --mpi=pmix -n 4 coll, the layout from Slurm" 0 "MPI_COMM_WORLD has 4 ranks on 1 node: collectives are flat" \
    -n 4 --export=ALL,OMPI_LITE_VERBOSE=1 "$BIN/coll"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
