#!/bin/bash
# Installs, builds, then runs the whole test suite (tests/run-tests.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash dev/setup.sh
bash dev/setup.sh san
bash dev/test-deps.sh
exec tests/run-tests.sh _install _build _build-san
