#!/bin/bash
# Sourced by the test scripts that use machine-wide things (fixed names, ports, /dev/shm):
#   take_turns LOCKNAME SECONDS LABEL "$0" "$@"
# runs the calling script again under an exclusive flock on /run/lock/LOCKNAME.lock (waiting at
# most SECONDS for another run to end) and exits with its status; inside that run it returns at
# once. The lock is held by flock, not by the tests' processes, so nothing a test starts keeps it.
# A wait that runs out prints "LABEL: ..." and the runner's "0 passed, 1 failed" (exit 99).
take_turns() {
    local name=$1 secs=$2 label=$3
    shift 3
    local var
    var="OML_TURN_${name//[^A-Za-z0-9]/_}"
    [ -n "${!var:-}" ] && return 0
    export "$var"=1
    local lock=/run/lock/$name.lock
    flock -n -o "$lock" true ||
        echo "$label: another run on this machine holds $lock; waiting for it (at most ${secs}s)"
    flock -w "$secs" -E 99 -o "$lock" bash "$@"
    local rc=$?
    [ $rc -eq 99 ] && printf '%s\n' "$label: another run held $lock for ${secs}s" "0 passed, 1 failed"
    exit $rc
}
