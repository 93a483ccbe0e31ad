#!/bin/bash
# Installs the Debian packages ompi-lite needs (when missing), then builds it in _build and
# installs it into _install. Run as root on Debian 12 (or as a user with sudo).
# `dev/setup.sh san` builds the AddressSanitizer + UBSan flavour in _build-san / _install-san.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(build-essential autoconf automake libtool pkg-config git procps
      libfabric-dev libfabric-bin libpmix-dev libhwloc-dev libevent-dev clang-format
      gfortran python3)
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO=sudo
    echo "Installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

flavour=""
flags=()
if [ "${1:-}" = san ]; then
    flavour=-san
    flags=(--enable-sanitizers)
fi
[ -x configure ] && [ configure -nt configure.ac ] || autoreconf -fi >/dev/null
top=$(pwd)
mkdir -p "_build$flavour"
cd "_build$flavour"
[ -f Makefile ] || ../configure --prefix="$top/_install$flavour" "${flags[@]}" >/dev/null
make -j"$(nproc)" >/dev/null
make install >/dev/null
echo "ompi-lite is built and installed in $top/_install$flavour"
