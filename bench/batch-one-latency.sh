#!/usr/bin/env bash
# Batch-1 latency of the 99%-sparse MLP of issue 15 (`sparse-ffnn-gen layered
# --widths 784,1024,1024,10 --density 0.01 --seed 1`, 18 532 connections),
# across many processes, each timed by bench/BatchOneLatency.c (thread CPU
# time, warm calls in groups of about 100 us, and a chain of dependent
# additions in every round that shows how fast the core ran):
#   1. PROCESSES processes (default 31) at batch 1 with the default options:
#      one line each, then the median, the spread and how many processes
#      were at or over 3 us, over all processes and over those whose core
#      ran at full speed (their addition chain within 10% of the fastest
#      process's: a slower chain means a busy sibling hardware thread or a
#      lower clock on the host, which slows any code);
#   2. batches 1-4 in the small-batch code (small-batch=4) against the
#      tiled code (small-batch=0), processes alternating, medians of
#      LIMIT_PROCESSES each (default 5), and the limit the default options
#      pick (the dispatch's comparison in the lowered module).
# Prints the load average before and after: on a shared machine, rerun when
# it is low.
#   bench/batch-one-latency.sh [PROCESSES]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
processes=${1:-31}
limitProcesses=${LIMIT_PROCESSES:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
cc -O2 "$root/bench/BatchOneLatency.c" -o "$tmp/batch-one-latency" -ldl
"$bin/sparse-ffnn-gen" layered --widths=784,1024,1024,10 --density=0.01 \
  --seed=1 -o "$tmp/mlp99.mlir"
compile() { # OPTIONS OUTPUT
  "$bin/sparse-ffnn-translate" --compile-to shared "$tmp/mlp99.mlir" \
    --pipeline-options="$1" -o "$2" 2>/dev/null
}
compile "" "$tmp/default.so"
compile "small-batch=4" "$tmp/small.so"
compile "small-batch=0" "$tmp/tiled.so"
run() { "$tmp/batch-one-latency" "$1" layered 784 10 "$2"; }

echo
echo "## mlp99, batch 1, default options, $processes processes"
for ((p = 0; p < processes; ++p)); do
  run "$tmp/default.so" 1 | tee -a "$tmp/batch1.txt"
done
/usr/bin/python3 - "$tmp/batch1.txt" <<'PY'
import statistics, sys
rows = [dict(zip(l.split()[::2], l.split()[1::2])) for l in open(sys.argv[1])]
kernel = [float(r["kernel_us"]) for r in rows]
chain = [float(r["add1000_ns"]) for r in rows]
full = [k for k, c in zip(kernel, chain) if c <= 1.1 * min(chain)]
def summary(name, xs):
    print(f"{name}: {len(xs)} processes, median {statistics.median(xs):.2f} us, "
          f"range {min(xs):.2f}-{max(xs):.2f} us, "
          f"{sum(x >= 3 for x in xs)} at or over 3 us")
summary("all processes", kernel)
summary("core at full speed", full)
print(f"addition chain: fastest {min(chain):.0f} ns per 1000, "
      f"{sum(c > 1.1 * min(chain) for c in chain)} processes over 10% slower")
for cpu in sorted({r["cpu"] for r in rows}):
    on = [c for r, c in zip(rows, chain) if r["cpu"] == cpu]
    print(f"  cpu {cpu}: {len(on)} processes, "
          f"{sum(c > 1.1 * min(chain) for c in on)} with a slow chain")
PY

echo
echo "## mlp99, small-batch code against tiled code, $limitProcesses processes each"
echo "| batch | small-batch code (us per call) | tiled code (us per call) |"
echo "| --- | --- | --- |"
for batch in 1 2 3 4; do
  small=() tiled=()
  for ((p = 0; p < limitProcesses; ++p)); do
    small+=("$(run "$tmp/small.so" "$batch" | cut -d' ' -f2)")
    tiled+=("$(run "$tmp/tiled.so" "$batch" | cut -d' ' -f2)")
  done
  median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1}
    END { printf "%.2f (%.2f-%.2f)", v[int((NR + 1) / 2)], v[1], v[NR] }'; }
  echo "| $batch | $(median "${small[@]}") | $(median "${tiled[@]}") |"
done
limit=$("$bin/sparse-ffnn-opt" "$tmp/mlp99.mlir" --convert-sffnn-to-vector |
  sed -n 's/.*arith.cmpi ule, %arg2, %c\([0-9]*\) : index.*/\1/p' | head -1)
echo "small-batch limit the default options pick: ${limit:-none}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
