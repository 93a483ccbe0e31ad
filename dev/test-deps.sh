#!/bin/bash
# Installs what only the tests need (when missing): sshd and network namespaces for the
# multi-host tests, Slurm for the srun tests. Their packages would start system services
# (sshd on port 22, slurmctld, munge); the tests run their own private instances instead, so
# a policy-rc.d that refuses service starts is in place during the install (and removed after,
# unless the machine had one already).
set -euo pipefail
PKGS=(openssh-server openssh-client iproute2 util-linux slurmctld slurmd slurm-client)
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
policy=/usr/sbin/policy-rc.d
ours=0
if [ ! -e $policy ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee $policy >/dev/null
    $SUDO chmod 755 $policy
    ours=1
fi
echo "Installing Debian packages for the tests: ${missing[*]}"
rc=0
{ $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null; } || rc=$?
[ $ours -eq 1 ] && $SUDO rm -f $policy
exit $rc
