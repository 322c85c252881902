#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (ASan+UBSan, in build-fuzz/ or
# $SFFNN_FUZZ_BUILD_DIR) and runs each for N seconds from its checked-in
# seed corpus (fuzz/corpus/<name>; new inputs go to a scratch copy, never
# into the repository). Fails on any crash, sanitizer report, timeout or
# out-of-memory; the reproducer is kept in the artifacts directory.
#
#   scripts/fuzz.sh --seconds N [--jobs J] [--artifacts DIR] [--skip T]... [TARGET...]
#
# --skip leaves a target out, counted as skipped (for a crash that is known,
# reported and owned elsewhere; docs/Testing.md lists them).
# Last line: 'fuzz: N passed, N failed, N skipped' (one per target), after
# one line per target with its executions.
set -uo pipefail
seconds=10 jobs=1 artifacts="" targets=() skip=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --artifacts) artifacts=$2; shift 2 ;;
    --skip) skip+=("$2"); shift 2 ;;
    -*) echo "fuzz: unknown option '$1'" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ $seconds =~ ^[0-9]+$ && $seconds -ge 1 && $jobs =~ ^[0-9]+$ && $jobs -ge 1 ]] ||
  { echo "fuzz: --seconds and --jobs take positive integers" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${SFFNN_FUZZ_BUILD_DIR:-$root/build-fuzz}")
artifacts=$(realpath -m "${artifacts:-$build/fuzz/artifacts}")
mkdir -p "$artifacts"

"$root/scripts/install-deps.sh" || exit 1
"$root/scripts/configure.sh" "$build" -DSFFNN_ENABLE_FUZZERS=ON ||
  { echo "fuzz: 0 passed, 1 failed, 0 skipped"; exit 1; }
ninja -C "$build" sffnn-fuzzers | grep -v '^\[' 
[[ ${PIPESTATUS[0]} -eq 0 ]] || { echo "fuzz: 0 passed, 1 failed, 0 skipped"; exit 1; }

[[ ${#targets[@]} -gt 0 ]] ||
  targets=($(ls "$root/fuzz/corpus"))
# libMLIR is not instrumented: LLVM headers inlined into our code poison
# allocator memory that libMLIR's own code then touches (docs/Testing.md).
export ASAN_OPTIONS=allow_user_poisoning=0:detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
passed=0 failed=0 skipped=0
for name in "${targets[@]}"; do
  if [[ " ${skip[*]} " == *" $name "* ]]; then
    echo "fuzz: $name skipped (--skip)"
    skipped=$((skipped + 1))
    continue
  fi
  binary="$build/fuzz/bin/fuzz-$name"
  seeds="$root/fuzz/corpus/$name"
  scratch=$(mktemp -d)
  log="$scratch/log"
  parallel=()
  [[ $jobs -gt 1 ]] && parallel=(-jobs="$jobs" -workers="$jobs")
  # libFuzzer writes the logs of parallel jobs to the working directory.
  # A target's ASan suppressions and options (fuzz/suppressions/<name>.asan,
  # <name>.asan-options: one line): reports inside upstream MLIR that
  # docs/Testing.md lists.
  target_asan=$ASAN_OPTIONS
  [[ -f "$root/fuzz/suppressions/$name.asan" ]] &&
    target_asan="$target_asan:suppressions=$root/fuzz/suppressions/$name.asan"
  [[ -f "$root/fuzz/suppressions/$name.asan-options" ]] &&
    target_asan="$target_asan:$(head -n 1 "$root/fuzz/suppressions/$name.asan-options")"
  (cd "$scratch" && mkdir corpus &&
    ASAN_OPTIONS=$target_asan "$binary" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
      -print_final_stats=1 "${parallel[@]}" \
      -artifact_prefix="$artifacts/$name-" corpus "$seeds") >"$log" 2>&1
  status=$?
  [[ $jobs -gt 1 ]] && cat "$scratch"/fuzz-*.log >> "$log" 2>/dev/null
  runs=$(grep -a 'stat::number_of_executed_units' "$log" |
    awk '{ n += $2 } END { print n + 0 }')
  if [[ $status -eq 0 ]] && ! grep -aqE 'ERROR: (libFuzzer|AddressSanitizer)|runtime error:' "$log"; then
    passed=$((passed + 1))
    echo "fuzz: $name passed, $runs executions in ${seconds}s"
  else
    failed=$((failed + 1))
    echo "fuzz: $name FAILED after $runs executions (exit $status):"
    grep -aE 'ERROR|runtime error|SUMMARY|Test unit written|^    #[0-9]' "$log" | head -30 | sed 's/^/  /'
    echo "  reproduce: ASAN_OPTIONS=$target_asan $binary <artifact in $artifacts>"
  fi
  rm -rf "$scratch"
done
echo "fuzz: $passed passed, $failed failed, $skipped skipped"
[[ $failed -eq 0 ]]
