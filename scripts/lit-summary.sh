#!/usr/bin/env bash
# Reads a `lit -v` log (file or stdin) and prints 'N passed, N failed, N
# skipped' from lit's per-test result lines ("PASS: suite :: test (i of n)"),
# not from its summary, whose padding varies with the categories present.
set -euo pipefail
{ grep -aE '^[A-Z]+: .+ :: .+ \([0-9]+ of [0-9]+\)$' "${1:-/dev/stdin}" || true; } |
  awk -F: '
    $1 == "PASS" || $1 == "XFAIL" { passed++ }
    $1 == "FAIL" || $1 == "XPASS" || $1 == "UNRESOLVED" || $1 == "TIMEOUT" { failed++ }
    $1 == "UNSUPPORTED" || $1 == "SKIPPED" || $1 == "EXCLUDED" { skipped++ }
    END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }'
