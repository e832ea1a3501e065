#!/usr/bin/env bash
# The demo on embedded defaults: generate V4, V1 and V5 seals and signatures
# signed with throwaway SM2 keys, then let `eseal inspect` read them back,
# including a vendor quirk and a file that is not a seal at all.
set -euo pipefail
build=${1:-build}
eseal=$(realpath "$build/src/cli/eseal")
write_fixtures=$(realpath "$build/tests/write_fixtures")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$write_fixtures" "$work"
show() {
  printf '\n\033[1m$ eseal inspect %s\033[0m\n' "$*"
  "$eseal" inspect "$@" || printf '(exit status %d)\n' "$?"
}
cd "$work"
show v4_seal_extensions.esl
show v1_signature.dat
show --json v5_seal_timestamp.esl
show quirk_seal_signature_raw_rs.esl
show --strict quirk_seal_signature_raw_rs.esl
printf 'hello' > hello.txt
show hello.txt
