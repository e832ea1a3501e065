#!/usr/bin/env bash
# The whole test suite: a -Werror build and an ASan+UBSan build (gcc), each
# running every meson test (unit, interop, CLI, ABI, corpus replay), then a
# clang libFuzzer build whose tests run each fuzz target for FUZZ_SECONDS
# (default 60) and fail on any finding. Prints one closing summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

run_suite() {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" -Dwerror=true "$@"
  fi
  meson compile -C "$dir"
  meson test -C "$dir" --no-rebuild --print-errorlogs --num-processes 2 || true
}

run_suite build-test
run_suite build-test-sanitize -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
CC=clang CXX=clang++ run_suite build-test-fuzz -Dfuzzing=true -Dtests=false -Dcli=false \
  -Dbindings_python=disabled -Dbindings_java=disabled \
  -Db_sanitize=address,undefined -Db_lundef=false -Dfuzz_seconds="${FUZZ_SECONDS:-60}"

python3 - build-test build-test-sanitize build-test-fuzz <<'PY'
import json, sys
passed = failed = skipped = 0
for d in sys.argv[1:]:
    with open(f"{d}/meson-logs/testlog.json") as f:
        for line in f:
            r = json.loads(line)["result"]
            if r in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif r == "SKIP":
                skipped += 1
            else:
                failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or not passed else 0)
PY
