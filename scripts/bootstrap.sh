#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine (packages, build) and runs
# the demo: seals and signatures of each format are generated and inspected.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -f build/build.ninja ] || meson setup build
meson compile -C build
exec scripts/demo.sh build
