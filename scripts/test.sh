#!/usr/bin/env bash
# The whole test suite, as CI runs it (doc/testing.md):
#   <prefix>           gcc, -Werror: every meson test (unit, interop, CLI, ABI,
#                      bindings, corpus replay);
#   <prefix>-sanitize  the same under ASan+UBSan;
#   <prefix>-tsan      ThreadSanitizer: the threaded and verification tests;
#   <prefix>-fuzz      clang libFuzzer: each target for FUZZ_SECONDS (default 10);
#   <prefix>-coverage  gcc --coverage on the SM2 verifier alone: every branch taken;
#   then the mutation run of tests/mutation (one case in the count).
# The prefix is $ESEAL_BUILD_PREFIX, default build-test. tests/tools/summarize.py
# then counts test cases (not meson tests) over all five, lists the skipped and
# failed ones, and prints one closing line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

prefix=${ESEAL_BUILD_PREFIX:-build-test}
# Where the builds look for the shared vectors (meson's default shared_dir);
# when it exists, a vector-driven case that skips fails the run.
vectors=$(pwd)/../shared/vectors

# CI (CI=true) has PostgreSQL installed: a PostgreSQL test that would skip for
# want of a server fails instead (tests/support/pg_server.py).
if [ "${CI:-}" = true ]; then
  export ESEAL_REQUIRE_POSTGRESQL=1
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

# Sets up, or reconfigures, a build folder.
configure() {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" -Dwerror=true "$@"
  else
    meson setup "$dir" -Dwerror=true "$@"
  fi
}

# Configures and compiles everything; a failed build stops CI.
build() {
  configure "$@"
  meson compile -C "$1"
}

# Runs meson tests (building what they need first); the summary reads the
# outcome from the logs. Earlier logs and case reports go first so that none
# can stand in for this run's: tests that did not run leave no testlog.json,
# which the summary counts as a failure.
run_tests() {
  local dir=$1; shift
  rm -f "$dir"/*.xml "$dir/meson-logs/testlog.json"
  ${ESEAL_TEST_WRAPPER:-} meson test -C "$dir" --print-errorlogs --num-processes 2 "$@" || true
}

build "$prefix"
# One PostgreSQL server for the whole suite: each PostgreSQL test gets a
# database of its own on it (tests/support/pg_server.py serve).
ESEAL_TEST_WRAPPER="python3 tests/support/pg_server.py serve --" run_tests "$prefix"

build "$prefix-sanitize" -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
run_tests "$prefix-sanitize"

# OpenSSL is not instrumented: tests/tsan.supp, when present, names the races
# reported inside it.
tsan_options="halt_on_error=1 second_deadlock_stack=1"
[ -f tests/tsan.supp ] && tsan_options+=" suppressions=$(pwd)/tests/tsan.supp"
# Only what the selected tests need is compiled, by meson test itself.
configure "$prefix-tsan" -Db_sanitize=thread -Db_lundef=false -Dbuildtype=debug -Dcli=false \
  -Dbindings_python=disabled -Dbindings_java=disabled
if ! grep -q '"libeseal:threads"' "$prefix-tsan/meson-info/intro-tests.json"; then
  echo "error: no meson test in suite 'threads' (tests/unit/test_threads.cc)" >&2
  exit 1
fi
TSAN_OPTIONS=$tsan_options run_tests "$prefix-tsan" --suite threads --suite verify --suite storage_threads \
  --suite verify_batch --suite caches --suite data

CC=clang CXX=clang++ build "$prefix-fuzz" -Dfuzzing=true -Dtests=false -Dcli=false \
  -Dbindings_python=disabled -Dbindings_java=disabled \
  -Db_sanitize=address,undefined -Db_lundef=false -Dfuzz_seconds="${FUZZ_SECONDS:-10}"
run_tests "$prefix-fuzz"

# Branch coverage of the SM2 verifier (doc/testing.md): only its sources and its
# test are compiled, with gcc --coverage, by meson test itself.
configure "$prefix-coverage" -Dsm2_coverage=true -Dcli=false \
  -Dbindings_python=disabled -Dbindings_java=disabled
run_tests "$prefix-coverage" --suite coverage

# Mutation testing (doc/testing.md): every catalogue snippet must still match,
# then the mutants of the files changed in the last commits plus a rotating
# sample, within a 5-minute budget; a surviving mutant fails CI.
mutation=0
python3 tests/mutation/run.py --check && python3 tests/mutation/run.py --ci || mutation=$?

exec python3 tests/tools/summarize.py --vectors "$vectors" --step "mutation=$mutation" \
  "$prefix" "$prefix-sanitize" "$prefix-tsan" "$prefix-fuzz" "$prefix-coverage"
