#!/usr/bin/env bash
# The whole test suite: installs, builds, then runs every lit test (dialect,
# tools, importers, Graph Challenge data) and every GoogleTest unit test in
# one lit invocation. Ends with the line 'N passed, N failed, N skipped'.
# Tests that need ../shared/data (REQUIRES: sdnn-data) count as skipped, never
# as passed, when it is missing; pass SFFNN_DATA_DIR=DIR to look elsewhere.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SFFNN_BUILD_DIR:-$root/build}

"$root/scripts/build.sh" || { echo "0 passed, 1 failed"; exit 1; }

params=()
[[ -n "${SFFNN_DATA_DIR:-}" ]] && params+=(--param "sdnn_data=$SFFNN_DATA_DIR")
log=$(mktemp)
/usr/lib/llvm-22/bin/lit -v "${params[@]}" "$build/test" "$build/unittests" \
  2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# lit's own summary ("  Passed: N (x%)") is padded and not a line CI reads;
# count lit's per-test result lines instead.
read -r passed _ failed _ skipped _ < <("$root/scripts/lit-summary.sh" "$log")
rm -f "$log"
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
