#!/usr/bin/env bash
# Records the built library's ABI as the new baseline (doc/abi.md): the abidw
# dump abi/libeseal.abi and the symbols-by-version list abi/symbols.txt.
# Run it after adding public functions (named in a new node of
# src/libeseal.map); a change or removal needs a new soversion first.
#   usage: scripts/abi-update.sh [BUILD_DIR]    (default: build; a gcc build with -g)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
lib=$(ls "$build"/src/libeseal.so.*.*.* | head -n 1)
python3 tests/abi/check_versions.py --list "$lib" abi/symbols.txt > abi/symbols.txt.new
python3 tests/abi/check_abi.py --dump "$lib" include > abi/libeseal.abi.new
mv abi/symbols.txt.new abi/symbols.txt
mv abi/libeseal.abi.new abi/libeseal.abi
echo "abi/symbols.txt and abi/libeseal.abi now record $lib"
