#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine (packages, build) and runs
# the demo: a throwaway PKI, a seal with a generated picture, a stamped file,
# its verification report, the report after one byte of the file changed, a
# lost seal refused by the registry, and a revoked signer refused and reported.
# Its files (the seal, its picture as seal.svg and seal.png, the stamped file)
# stay in build/demo, made afresh on each run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
[ -f build/build.ninja ] || meson setup build
meson compile -C build
rm -rf build/demo && mkdir -p build/demo
exec build/src/cli/eseal demo --keep build/demo
