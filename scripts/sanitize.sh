#!/usr/bin/env bash
# Builds the plain C++ libraries, the dialect, the kernel runtime and every
# GoogleTest unit test with ASan+UBSan (build-asan/, or $SFFNN_ASAN_BUILD_DIR)
# and runs the unit tests. Any sanitizer report fails the test it occurs in.
# Last line: 'sanitize: N passed, N failed, N skipped' (lit's JSON results).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SFFNN_ASAN_BUILD_DIR:-$root/build-asan}

"$root/scripts/install-deps.sh" || exit 1
"$root/scripts/configure.sh" "$build" -DSFFNN_ENABLE_SANITIZERS=ON ||
  { echo "sanitize: 0 passed, 1 failed, 0 skipped"; exit 1; }
tests=(SFFNNCodegenTests SFFNNDialectTests SFFNNFormatsTests SFFNNIOTests
  SFFNNModelTests SFFNNRooflineTests SFFNNRuntimeTests)
ninja -C "$build" sffnn_runtime "${tests[@]}" | grep -v '^\['
[[ ${PIPESTATUS[0]} -eq 0 ]] ||
  { echo "sanitize: 0 passed, 1 failed, 0 skipped"; exit 1; }

# libMLIR is not instrumented: LLVM headers inlined into our code poison
# allocator memory that libMLIR's own code then touches (docs/Testing.md).
export ASAN_OPTIONS=allow_user_poisoning=0:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
log=$(mktemp) results=$(mktemp --suffix=.json)
/usr/lib/llvm-22/bin/lit -v -o "$results" "$build/unittests" >"$log" 2>&1
status=$?
grep -aE '^(FAIL|UNRESOLVED|TIMEOUT):|ERROR: AddressSanitizer|runtime error:' "$log" | head -20
summary=$("$root/scripts/lit-summary.sh" "$results")
rm -f "$log" "$results"
echo "sanitize: $summary"
exit "$status"
