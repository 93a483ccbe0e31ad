#!/bin/bash
# Multi-host tests: three "hosts" on this machine, each a network namespace with its own
# hostname (a UTS namespace) and a real sshd (Debian's openssh-server) that accepts a key this
# script makes; they are joined by veth to a bridge in the root namespace (10.78.0.0/24,
# nothing routed anywhere else). mpirun is started exactly as users type it on a cluster.
# Usage: tests/multihost.sh PREFIX BINDIR OUTDIR   (as root)
# Prints PASS/FAIL lines and ends with "N passed, N failed"; tear-down always runs.
set -u
# The namespaces, bridge and addresses have fixed names: a second run on this machine (another
# checkout's suite) would tear down this one's hosts and kill its daemons. Runs take turns.
# shellcheck source=tests/take-turns.sh
. "$(dirname "$0")/take-turns.sh"
take_turns ompi-lite-multihost 900 multihost "$0" "$@"
PREFIX=$(cd "$1" && pwd)
BIN=$(cd "$2" && pwd)
OUT=$3
mkdir -p "$OUT"
NS=(omlh1 omlh2 omlh3)
ADDR=(10.78.0.1 10.78.0.2 10.78.0.3)
UNREACHABLE=10.78.0.9 # on the bridge's subnet, but no host has it
BR=omlbr0
DAEMON="$PREFIX/bin/ompi-lite-daemon"
WORK=$(mktemp -d /tmp/oml-multihost.XXXXXX)
AGENT="ssh -F $WORK/ssh_config -x -o BatchMode=yes"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS multihost: $1"; }
fail() {
    failed=$((failed + 1)); echo "FAIL multihost: $1"
    [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/    | /' "$2" | tail -n 30
    return 0
}

net_down() {
    for i in 0 1 2; do
        [ -f "$WORK/sshd$i.pid" ] && kill "$(cat "$WORK/sshd$i.pid")" 2>/dev/null
        if ip netns list 2>/dev/null | grep -qw "${NS[$i]}"; then
            ip netns pids "${NS[$i]}" 2>/dev/null | xargs -r kill -9 2>/dev/null
            ip netns del "${NS[$i]}" 2>/dev/null
        fi
        ip link del "omlv$i" 2>/dev/null
        rm -rf "/etc/netns/${NS[$i]}"
    done
    ip link del "$BR" 2>/dev/null
    pkill -9 -f "$BIN/" 2>/dev/null
    pkill -9 -f "$DAEMON" 2>/dev/null
}
teardown() {
    net_down
    rm -rf "$WORK"
}
trap teardown EXIT
trap 'exit 1' INT TERM

# No process of a job may outlive it, on any host (the namespaces share our pid namespace).
leftovers() {
    local left
    left=$(pgrep -af "$BIN/|$DAEMON|sleep 3[0-9]" | grep -v pgrep)
    [ -z "$left" ] && return 0
    echo "    | processes left behind:"; echo "$left" | sed 's/^/    | /'
    pkill -9 -f "$BIN/"; pkill -9 -f "$DAEMON"
    return 1
}
# A job directory (/tmp/ompi-lite.<pid>.XXXXXX) whose creator is gone was left behind.
tmp_leftovers() {
    local d p left=1
    for d in /tmp/ompi-lite.*; do
        [ -d "$d" ] || continue
        p=${d#/tmp/ompi-lite.}
        p=${p%%.*}
        kill -0 "$p" 2>/dev/null || { echo "    | left behind: $d"; left=0; }
    done
    return $left
}

setup() {
    [ "$(id -u)" -eq 0 ] || { echo "multihost: needs root (network namespaces, sshd)"; return 1; }
    for c in ip unshare /usr/sbin/sshd ssh ssh-keygen; do
        command -v "$c" >/dev/null || { echo "multihost: $c is missing"; return 1; }
    done
    net_down 2>/dev/null
    chmod 700 "$WORK"
    ip link add "$BR" type bridge || return 1
    ip addr add 10.78.0.254/24 dev "$BR"
    ip link set "$BR" up
    local hosts="127.0.0.1 localhost"
    for i in 0 1 2; do hosts="$hosts"$'\n'"${ADDR[$i]} ${NS[$i]}"; done
    for i in 0 1 2; do
        ip netns add "${NS[$i]}" || return 1
        mkdir -p "/etc/netns/${NS[$i]}"
        echo "$hosts" >"/etc/netns/${NS[$i]}/hosts"
        ip netns exec "${NS[$i]}" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
        ip link add "omlv$i" type veth peer name eth0 netns "${NS[$i]}" || return 1
        ip link set "omlv$i" master "$BR" up
        ip -n "${NS[$i]}" link set lo up
        ip -n "${NS[$i]}" addr add "${ADDR[$i]}/24" dev eth0
        ip -n "${NS[$i]}" link set eth0 up
    done
    ssh-keygen -q -t ed25519 -N '' -f "$WORK/id" || return 1
    ssh-keygen -q -t ed25519 -N '' -f "$WORK/hostkey" || return 1
    cp "$WORK/id.pub" "$WORK/authorized_keys"
    mkdir -p /run/sshd
    for i in 0 1 2; do
        cat >"$WORK/sshd$i.conf" <<EOF
ListenAddress ${ADDR[$i]}
Port 22
HostKey $WORK/hostkey
AuthorizedKeysFile $WORK/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PrintMotd no
PidFile $WORK/sshd$i.pid
EOF
        ip netns exec "${NS[$i]}" unshare --uts sh -c \
            "hostname ${NS[$i]} && exec /usr/sbin/sshd -f '$WORK/sshd$i.conf' -E '$WORK/sshd$i.log'" || return 1
    done
    {
        for i in 0 1 2; do printf 'Host %s\n  HostName %s\n' "${NS[$i]}" "${ADDR[$i]}"; done
        printf 'Host omlh4\n  HostName %s\n' "$UNREACHABLE"
        printf 'Host *\n  User root\n  IdentityFile %s/id\n  StrictHostKeyChecking no\n' "$WORK"
        printf '  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n  ConnectTimeout 5\n'
    } >"$WORK/ssh_config"
    printf '# the test cluster\n%s\n%s slots=2\n\n%s   # two cores each\n' "${NS[@]}" >"$WORK/hosts"
    # Ready when every sshd answers and the fabric lists each host's interface.
    local tries=0 i
    for i in 0 1 2; do
        until ssh -F "$WORK/ssh_config" -o BatchMode=yes "${NS[$i]}" true 2>/dev/null &&
            ip netns exec "${NS[$i]}" env FI_TCP_IFACE=eth0 fi_info -p tcp -t FI_EP_MSG 2>/dev/null | grep -q "domain: eth0"; do
            tries=$((tries + 1))
            [ $tries -lt 100 ] || { echo "multihost: host ${NS[$i]} did not come up"; cat "$WORK/sshd$i.log"; return 1; }
            sleep 0.1
        done
    done
    return 0
}

# on HOST COMMAND: runs COMMAND on HOST through ssh, as a user's login shell would.
on() { local h=$1; shift; ssh -F "$WORK/ssh_config" -o BatchMode=yes "$h" "$*"; }

# Variables every job here needs: the fabric on each host's own interface; the hosts share
# this machine's two cores, which each believes it has alone, so waits yield.
JOBENV="FI_PROVIDER=tcp FI_TCP_IFACE=eth0 OMPI_LITE_YIELD=1 OMPI_LITE_RSH_AGENT='$AGENT'"

if ! setup >"$OUT/mh-setup.log" 2>&1; then
    fail "set-up of three hosts with sshd" "$OUT/mh-setup.log"
    echo "$passed passed, $failed failed"
    exit 1
fi
pass "set-up of three hosts with sshd"

# 1. The command users type, from a shell on the first host.
log="$OUT/mh-ppr.log"
rx0=$(cat /sys/class/net/omlv1/statistics/rx_bytes)
on omlh1 "cd '$WORK' && $JOBENV timeout -k 5 120 '$PREFIX/bin/mpirun' --hostfile '$WORK/hosts' --np 6 --bind-to core --map-by ppr:2:node --allow-run-as-root '$BIN/hostmap'" >"$log" 2>&1
rc=$?
rx1=$(cat /sys/class/net/omlv1/statistics/rx_bytes)
ok=1
for r in 0 1 2 3 4 5; do
    h=${NS[$((r / 2))]}
    grep -q "^rank $r host $h cpus $((r % 2)) local $((r % 2))/2$" "$log" ||
        { echo "    | rank $r should run on $h, bound to cpu $((r % 2)), local $((r % 2))/2" >>"$log"; ok=0; }
done
# Ranks 2 and 3 on omlh2 sent 2 x 4 MiB to omlh3 and received as much from omlh1: all through
# omlh2's veth (omlv1 here), which must have carried well over 8 MiB.
echo "    | omlh2's veth carried $((rx1 - rx0)) bytes out of omlh2" >>"$log"
[ $((rx1 - rx0)) -gt 8000000 ] || { echo "    | the MPI traffic did not cross hosts" >>"$log"; ok=0; }
if [ $rc -eq 0 ] && [ $ok -eq 1 ] && grep -q "^ No Errors" "$log" && leftovers >>"$log" && ! tmp_leftovers >>"$log"; then
    pass "mpirun --hostfile --np 6 --bind-to core --map-by ppr:2:node: hosts, cores, traffic across hosts"
else
    echo "    | exit status $rc" >>"$log"; tmp_leftovers >>"$log"
    fail "mpirun --hostfile --np 6 --bind-to core --map-by ppr:2:node: hosts, cores, traffic across hosts" "$log"
fi

# 1b. Collectives across hosts: 2 ranks per host, the layout from the launcher (PMIx node ids),
#     so barrier, bcast, reduce and allreduce go node-aware; then ranks dealt round-robin over
#     the hosts (--rank-by node), where no node holds consecutive ranks.
for order in slot node; do
    log="$OUT/mh-coll-$order.log"
    on omlh1 "cd '$WORK' && $JOBENV OMPI_LITE_VERBOSE=1 timeout -k 5 180 '$PREFIX/bin/mpirun' --hostfile '$WORK/hosts' --np 6 --map-by ppr:2:node --rank-by $order --allow-run-as-root '$BIN/coll'" >"$log" 2>&1
    rc=$?
    want="MPI_COMM_WORLD has 6 ranks on 3 nodes: barrier, bcast, reduce, allreduce, allgather, gather and scatter are node-aware"
    [ $order = node ] && want="MPI_COMM_WORLD has 6 ranks on 3 nodes (nodes not in rank order): barrier"
    ok=1
    grep -q "$want" "$log" || { echo "    | output lacks '$want'" >>"$log"; ok=0; }
    if [ $rc -eq 0 ] && [ $ok -eq 1 ] && grep -q "^ No Errors" "$log" && leftovers >>"$log" && ! tmp_leftovers >>"$log"; then
        pass "node-aware collectives across 3 hosts, 2 ranks each, --rank-by $order"
    else
        echo "    | exit status $rc" >>"$log"; fail "node-aware collectives across 3 hosts, 2 ranks each, --rank-by $order" "$log"
    fi
done

# 1c. An MPMD line across the hosts, one rank per host given both its cores (PE=2): the
#     daemons start the program of each rank's part, bound to the two cores, MPI_APPNUM per part.
log="$OUT/mh-mpmd.log"
on omlh1 "cd '$WORK' && $JOBENV timeout -k 5 120 '$PREFIX/bin/mpirun' --hostfile '$WORK/hosts' --map-by ppr:1:node:PE=2 --report-bindings --allow-run-as-root -n 1 '$BIN/mpmd' 0 1 : -n 2 '$BIN/mpmd' 1 2" >"$log" 2>&1
rc=$?
ok=1
for r in 0 1 2; do
    grep -q "^\[omlh$((r + 1)):[0-9]*\] MCW rank $r bound to cores 0-1: cpus" "$log" || { echo "    | no 2-core binding for rank $r on omlh$((r + 1))" >>"$log"; ok=0; }
done
if [ $rc -eq 0 ] && [ $ok -eq 1 ] && grep -q "^ No Errors" "$log" && leftovers >>"$log" && ! tmp_leftovers >>"$log"; then
    pass "MPMD line (a : b) across 3 hosts with --map-by ppr:1:node:PE=2"
else
    echo "    | exit status $rc" >>"$log"; fail "MPMD line (a : b) across 3 hosts with --map-by ppr:1:node:PE=2" "$log"
fi

# 2. From outside the cluster (mpirun's host has no ranks): --report-bindings, -H, --rank-by
#    node, -x, FI_*/OMPI_LITE_* forwarding, stdin to rank 0 on another host, --tag-output.
log="$OUT/mh-remote.log"
printf 'line one\nline two\n' | env FI_PROVIDER=tcp OMPI_LITE_MH_TEST=fwd timeout -k 5 60 \
    "$PREFIX/bin/mpirun" --allow-run-as-root --mca plm_rsh_agent "$AGENT" -H omlh2:2,omlh3:2 \
    --np 4 --rank-by node --report-bindings --tag-output -x OML_X=given \
    sh -c 'echo "r=$OMPI_COMM_WORLD_RANK h=$(hostname) x=$OML_X f=$OMPI_LITE_MH_TEST p=$FI_PROVIDER"; [ "$OMPI_COMM_WORLD_RANK" = 0 ] && sed "s/^/in: /"; true' >"$log" 2>&1
rc=$?
ok=1
for spec in "0 omlh2" "1 omlh3" "2 omlh2" "3 omlh3"; do
    set -- $spec
    grep -q "^\[1,$1\]<stdout>:r=$1 h=$2 x=given f=fwd p=tcp$" "$log" || { echo "    | rank $1 line missing" >>"$log"; ok=0; }
    grep -q "^\[$2:[0-9]*\] MCW rank $1 bound to package 0: cpus 0-1$" "$log" || { echo "    | no binding report for rank $1" >>"$log"; ok=0; }
done
grep -q "^\[1,0\]<stdout>:in: line one$" "$log" && grep -q "^\[1,0\]<stdout>:in: line two$" "$log" ||
    { echo "    | rank 0 did not get mpirun's stdin" >>"$log"; ok=0; }
if [ $rc -eq 0 ] && [ $ok -eq 1 ] && leftovers >>"$log" && ! tmp_leftovers >>"$log"; then
    pass "-H, --rank-by node, --report-bindings, -x, forwarded variables, stdin to a remote rank 0"
else
    echo "    | exit status $rc" >>"$log"; fail "-H, --rank-by node, --report-bindings, -x, forwarded variables, stdin to a remote rank 0" "$log"
fi

# 3. Faults: each ends the job within seconds, names host, rank and cause, leaves nothing.
# fault NAME EXPECTED_STATUS TEXT SECONDS COMMAND...
fault() {
    local name=$1 want=$2 text=$3 secs=$4; shift 4
    local log="$OUT/mh-fault-${name// /_}.log" t0 t1 rc ok=1
    t0=$(date +%s)
    "$@" >"$log" 2>&1
    rc=$?
    t1=$(date +%s)
    [ "$rc" -eq "$want" ] || { echo "    | exit status $rc, expected $want" >>"$log"; ok=0; }
    grep -q -- "$text" "$log" || { echo "    | output lacks '$text'" >>"$log"; ok=0; }
    [ $((t1 - t0)) -le "$secs" ] || { echo "    | took $((t1 - t0)) s, more than $secs" >>"$log"; ok=0; }
    sleep 0.5
    leftovers >>"$log" || ok=0
    tmp_leftovers >>"$log" && ok=0
    if [ $ok -eq 1 ]; then pass "$name"; else fail "$name" "$log"; fi
}
MR=(env FI_PROVIDER=tcp FI_TCP_IFACE=eth0 OMPI_LITE_YIELD=1 timeout -k 5 60 "$PREFIX/bin/mpirun" --allow-run-as-root --mca plm_rsh_agent "$AGENT")

fault "unreachable host" 1 "could not start ompi-lite-daemon on host omlh4" 20 \
    "${MR[@]}" -H omlh2,omlh4 --np 2 sleep 30
fault "rank killed by a signal on another host" 137 "rank 3 (pid [0-9]*) on host omlh3 was killed by signal 9" 15 \
    "${MR[@]}" -H omlh2:2,omlh3:2 --np 4 sh -c '[ "$OMPI_COMM_WORLD_RANK" = 3 ] && kill -9 $$; exec sleep 30'
fault "MPI_Abort on another host" 7 "rank 1 on host omlh3 aborted the job (error code 7)" 20 \
    "${MR[@]}" -H omlh2,omlh3 --np 2 "$BIN/abort"
fault "--timeout across hosts" 124 "longer than --timeout 3 seconds" 15 \
    "${MR[@]}" -H omlh2,omlh3 --np 2 --timeout 3 sleep 30
fault "binding that cannot be satisfied: error before anything starts" 1 "cannot be satisfied: 3 ranks on host omlh2" 15 \
    "${MR[@]}" -H omlh2:3,omlh3:3 --np 6 --bind-to core sleep 30
fault "bad hostfile line names file and line" 1 "badhosts:2: cannot read 'slots=many'" 5 \
    bash -c "printf 'omlh2\nomlh3 slots=many\n' >'$WORK/badhosts'; '$PREFIX/bin/mpirun' --allow-run-as-root --hostfile '$WORK/badhosts' true"
fault "--np beyond the ppr pattern gives the numbers" 1 "places at most 6 ranks on 3 hosts, but --np 8" 15 \
    "${MR[@]}" --hostfile "$WORK/hosts" --map-by ppr:2:node --np 8 true

# A daemon killed with SIGKILL while its ranks run; and a stranger connecting to mpirun.
log="$OUT/mh-daemon-kill.log"
"${MR[@]}" -H omlh2,omlh3 --np 2 sleep 30 >"$log" 2>&1 &
job=$!
for _ in $(seq 100); do [ "$(pgrep -fc 'sleep 30')" -ge 2 ] && break; sleep 0.1; done
mp=$(pgrep -P $job -x mpirun)
port=$(ss -ltnpH 2>/dev/null | grep "pid=$mp," | awk '{print $4}' | sed 's/.*://' | head -n 1)
echo "    | mpirun listens on port '$port'" >>"$log"
# A connection that does not say hello with the job's key is dropped and logged; the job goes on.
[ -n "$port" ] && ip netns exec omlh3 bash -c "exec 3<>/dev/tcp/10.78.0.254/$port; printf 'GET / HTTP/1.0\r\n\r\n' >&3; sleep 1" 2>>"$log"
sleep 0.5
stranger_ok=0
grep -q "dropped a connection from 10.78.0.3:[0-9]*: it did not present this job's key" "$log" && kill -0 $job 2>/dev/null && stranger_ok=1
# The daemon's command line carries no key.
d=$(pgrep -f "^$DAEMON --host-index 1" | head -n 1)
key_ok=0
[ -n "$d" ] && ! tr '\0' ' ' <"/proc/$d/cmdline" | grep -qE '[0-9a-f]{32}' && key_ok=1
t0=$(date +%s)
[ -n "$d" ] && kill -9 "$d"
wait $job
rc=$?
t1=$(date +%s)
sleep 0.5
if [ $stranger_ok -eq 1 ]; then pass "a connection without the job key is dropped and logged"
else fail "a connection without the job key is dropped and logged" "$log"; fi
if [ $key_ok -eq 1 ]; then pass "the job key is not on the daemon's command line"
else tr '\0' ' ' <"/proc/$d/cmdline" >>"$log" 2>&1; fail "the job key is not on the daemon's command line" "$log"; fi
# (The killed daemon could not remove its job directory: the next job on that host does.)
if [ -n "$d" ] && [ $rc -ne 0 ] && [ $((t1 - t0)) -le 10 ] && grep -q "lost the connection to the daemon on host omlh3" "$log" &&
    leftovers >>"$log"; then
    pass "a daemon killed by SIGKILL ends the job, naming its host"
else
    echo "    | exit status $rc after $((t1 - t0)) s, daemon pid '$d'" >>"$log"
    fail "a daemon killed by SIGKILL ends the job, naming its host" "$log"
fi

# Job directories are private while the job runs.
log="$OUT/mh-tmpdir.log"
"${MR[@]}" -H omlh2,omlh3 --np 2 sleep 3 >"$log" 2>&1 &
job=$!
for _ in $(seq 50); do [ "$(pgrep -fc 'sleep 3$')" -ge 2 ] && break; sleep 0.1; done
modes=$(find /tmp -maxdepth 1 -name 'ompi-lite.*' -printf '%m\n' 2>/dev/null | sort -u)
wait $job
rc=$?
echo "    | modes: $modes" >>"$log"
if [ $rc -eq 0 ] && [ "$modes" = 700 ] && ! tmp_leftovers >>"$log" && leftovers >>"$log"; then
    pass "job directories are mode 0700 and removed at the end (also a killed daemon's)"
else fail "job directories are mode 0700 and removed at the end (also a killed daemon's)" "$log"; fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
