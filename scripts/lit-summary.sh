#!/usr/bin/env bash
# Prints 'N passed, N failed, N skipped' from lit's per-test results, never
# from its summary, whose padding varies with the categories present:
#   lit-summary.sh RESULTS.json   lit's `-o` output: one entry per test,
#                                 every GoogleTest case counted
#   lit-summary.sh [LOG]          a `lit -v` log: result lines
#                                 ("PASS: suite :: test (i of n)"; one per
#                                 GoogleTest shard)
set -euo pipefail
if [[ "${1:-}" == *.json ]]; then
  exec /usr/bin/python3 - "$1" <<'PY'
import json, sys
codes = [t["code"] for t in json.load(open(sys.argv[1])).get("tests", [])]
count = lambda names: sum(c in names for c in codes)
print("%d passed, %d failed, %d skipped" % (
    count({"PASS", "XFAIL"}),
    count({"FAIL", "XPASS", "UNRESOLVED", "TIMEOUT"}),
    count({"UNSUPPORTED", "SKIPPED", "EXCLUDED"})))
PY
fi
{ grep -aE '^[A-Z]+: .+ :: .+ \([0-9]+ of [0-9]+\)$' "${1:-/dev/stdin}" || true; } |
  awk -F: '
    $1 == "PASS" || $1 == "XFAIL" { passed++ }
    $1 == "FAIL" || $1 == "XPASS" || $1 == "UNRESOLVED" || $1 == "TIMEOUT" { failed++ }
    $1 == "UNSUPPORTED" || $1 == "SKIPPED" || $1 == "EXCLUDED" { skipped++ }
    END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }'
