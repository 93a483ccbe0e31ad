#!/bin/bash
# Two "hosts" on this machine for two-host benchmarks: network namespaces olb-h1 and olb-h2
# joined by a veth pair (olb-v1 10.211.0.1 <-> olb-v2 10.211.0.2). Nothing is routed outside
# them. /etc/netns/<name>/hosts gives each the names olb-h1 and olb-h2 (ip netns exec mounts it
# over /etc/hosts).
# Usage: bench/netns.sh up|down|exec HOST COMMAND...
#   exec runs COMMAND in HOST's namespace, in its own UTS namespace with hostname HOST, the way
#   a remote shell would start it (the words are joined and run by sh -c, as ssh does).
set -eu
NS=(olb-h1 olb-h2)
ADDR=(10.211.0.1 10.211.0.2)

hosts_file() {
    printf '127.0.0.1 localhost\n%s %s\n%s %s\n' "${ADDR[0]}" "${NS[0]}" "${ADDR[1]}" "${NS[1]}"
}

up() {
    down 2>/dev/null || true
    for i in 0 1; do
        ip netns add "${NS[$i]}"
        mkdir -p "/etc/netns/${NS[$i]}"
        hosts_file >"/etc/netns/${NS[$i]}/hosts"
    done
    # IPv4 only: a fresh link-local IPv6 address stays tentative for a few seconds, and the
    # fabric's first sends fail meanwhile.
    for i in 0 1; do
        ip netns exec "${NS[$i]}" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
            net.ipv6.conf.default.disable_ipv6=1
    done
    ip link add olb-v1 netns "${NS[0]}" type veth peer name olb-v2 netns "${NS[1]}"
    for i in 0 1; do
        ip -n "${NS[$i]}" link set lo up
        ip -n "${NS[$i]}" addr add "${ADDR[$i]}/24" dev "olb-v$((i + 1))"
        ip -n "${NS[$i]}" link set "olb-v$((i + 1))" up
    done
    # Ready when each side reaches the other: a refused connection (nothing listens on port 9)
    # proves the path works; "no route" or silence means the link is not up yet.
    # libfabric lists a new veth a second or two after the kernel reports it up; a job started
    # before that finds no such interface.
    local tries=0
    until reachable "${NS[0]}" "${ADDR[1]}" && reachable "${NS[1]}" "${ADDR[0]}" &&
        fabric_sees 0 && fabric_sees 1; do
        tries=$((tries + 1))
        [ $tries -lt 100 ] || { echo "netns.sh: the veth link did not come up" >&2; return 1; }
        sleep 0.1
    done
}

fabric_sees() {
    command -v fi_info >/dev/null || return 0
    ip netns exec "${NS[$1]}" env FI_TCP_IFACE="olb-v$(($1 + 1))" fi_info -p tcp -t FI_EP_MSG \
        2>/dev/null | grep -q "domain: olb-v$(($1 + 1))"
}

reachable() {
    ip netns exec "$1" timeout 1 bash -c "exec 3<>/dev/tcp/$2/9" 2>&1 | grep -q "refused"
}

down() {
    local rc=0
    for i in 0 1; do
        if ip netns list | grep -qw "${NS[$i]}"; then
            ip netns pids "${NS[$i]}" | xargs -r kill -9 2>/dev/null || true
            ip netns del "${NS[$i]}" || rc=1
        fi
        rm -rf "/etc/netns/${NS[$i]}"
    done
    return $rc
}

run_in() {
    local host=$1; shift
    case " ${NS[*]} " in *" $host "*) ;; *) echo "netns.sh: unknown host '$host'" >&2; exit 2 ;; esac
    exec ip netns exec "$host" unshare --uts sh -c "hostname $host && $*"
}

case "${1:-}" in
up) up ;;
down) down ;;
exec) shift; run_in "$@" ;;
*) echo "usage: bench/netns.sh up|down|exec HOST COMMAND..." >&2; exit 2 ;;
esac
