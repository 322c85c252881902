#!/usr/bin/env bash
# Differential campaign: random networks x random compile options, each
# compiled and checked against the reference interpreter (tolerance as
# docs/Testing.md describes), all in one process: sparse-ffnn-difftest
# (lib/Testing/Differential.cpp draws and checks; docs/Testing.md lists
# what is drawn and where the time goes).
#
#   scripts/difftest.sh --networks N --seed S [--first I] [--keep DIR]
#                       [--exclude-known] [--max-connections C] [--progress K]
#
# Networks: the layered, dag, io-optimal and radixnet generators, every
# activation and output activation, relu clamps, biases or none, widths from
# 1 to 3000 (one network in 25 large, up to C connections; the others under
# 300). Options: --tile 1-32, --register-tile 1-64, --chunk-connections,
# --tiles-per-group, --kernel-form and --max-straight-line (both kernel
# forms), --drop-dead-samples, --threads 1-3, --opt-level, batches of
# k*tile-1, k*tile, k*tile+1 samples. Network I of seed S is the same alone
# (--first I --networks 1) as in a campaign.
# --keep DIR keeps failing networks and inputs there (default: a temporary
# directory made at the first failure). --exclude-known leaves out the two
# fixed defects of issue 12 the campaign first found (for bisecting).
# Every failure prints what was drawn and the commands that reproduce it.
# A crash, or a step taking more than 10 minutes ($SFFNN_DIFFTEST_TIMEOUT
# seconds), kills the process: the script reports that network as failed
# and resumes with the networks not reported yet. Last line:
# 'difftest: N passed, N failed' (exit 1 on any failure).
set -uo pipefail
networks=20 seed=1 first=0 keep="" exclude_known=() max_connections=5000
progress=0 timeout=${SFFNN_DIFFTEST_TIMEOUT:-600}
while [[ $# -gt 0 ]]; do
  case $1 in
    --networks) networks=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --first) first=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --exclude-known) exclude_known=(--exclude-known); shift ;;
    --max-connections) max_connections=$2; shift 2 ;;
    --progress) progress=$2; shift 2 ;;
    *) echo "difftest: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[[ $networks =~ ^[0-9]+$ && $seed =~ ^[0-9]+$ && $first =~ ^[0-9]+$ &&
   $max_connections =~ ^[1-9][0-9]*$ && $progress =~ ^[0-9]+$ ]] ||
  { echo "difftest: --networks, --seed, --first, --max-connections and" \
      "--progress take integers" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
tool=${SFFNN_BUILD_DIR:-$root/build}/bin/sparse-ffnn-difftest
[[ -x $tool ]] || { echo "difftest: $tool is not built (scripts/build.sh)";
  echo "difftest: 0 passed, 1 failed"; exit 1; }
status=$(mktemp)
trap 'rm -f "$status"' EXIT
failures=()
[[ -n $keep ]] && failures=(--failures "$keep")

# Ranges of networks still to check, "first:end"; a crash splits one.
passed=0 failed=0 ranges=("$first:$((first + networks))")
while [[ ${#ranges[@]} -gt 0 ]]; do
  next=${ranges[0]%:*} end=${ranges[0]#*:}
  ranges=("${ranges[@]:1}")
  [[ $next -lt $end ]] || continue
  log=$(mktemp)
  : > "$status"
  "$tool" --networks $((end - next)) --seed "$seed" --first "$next" \
    --max-connections "$max_connections" --progress "$progress" \
    --status "$status" --timeout "$timeout" "${exclude_known[@]}" "${failures[@]}" |
    tee "$log"
  rc=${PIPESTATUS[0]}
  counts=$(tail -n 1 "$log")
  rm -f "$log"
  if [[ $counts =~ ^difftest:\ ([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1])) failed=$((failed + BASH_REMATCH[2]))
    continue
  fi
  # Killed (a crash, or SIGALRM after --timeout) while checking network
  # `current`: count it as failed, keep the counts printed before, and
  # check the networks whose results were not printed yet (they are
  # linked in batches) and those after it.
  read -r current unreported done_passed done_failed < "$status"
  if ! [[ $current =~ ^[0-9]+$ ]]; then
    echo "difftest: FAILED: $tool exited with $rc before checking a network"
    failed=$((failed + 1))
    continue
  fi
  echo "difftest: FAILED network $current: the process died (exit $rc:" \
    "a crash, or more than $timeout s)"
  echo "  reproduce: $tool --seed $seed --first $current --networks 1" \
    "--max-connections $max_connections --batch-link 1 ${exclude_known[*]}"
  passed=$((passed + done_passed)) failed=$((failed + done_failed + 1))
  ranges=("$unreported:$current" "$((current + 1)):$end" "${ranges[@]}")
done
echo "difftest: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
