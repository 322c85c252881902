#!/usr/bin/env bash
# Small batches (issue 15): the 784-1024-1024-10 MLPs of the issue at 90%
# and 99% sparsity (`sparse-ffnn-gen layered --widths 784,1024,1024,10
# --density D --seed 1`), one thread, batches 1, 4, 16, 64, 256 and 1024,
# every peer timed on the inference only (inputs and matrices built before
# the clock), medians of the calling thread's CPU time (SFFNN_CPU_CLOCK: the
# machine this was written on is shared, and wall time counts the others'
# work):
#   - ours: the kernel compiled with the default options (batches up to the
#     small-batch limit run the small-batch code, the rest the tiled code);
#   - ours, tiled only: the same with --small-batch=0 (the kernel before
#     the small-batch code);
#   - csr, openblas dense (sgemv at batch 1, sgemm otherwise), graphblas:
#     bench/WorkloadPeers.cpp, in one process with ours;
#   - pytorch sparse csr and pytorch dense: bench/workload_torch.py.
# Then, at batch 1, the sparsity roofline's prediction for each network
# (sum over its layers of the `csr` row: weights, indices and activations
# streamed once from the level they fit in) against the measured time.
#   bench/small-batch.sh [BATCH...]    (needs scripts/install-deps.sh --bench)
set -euo pipefail
export SFFNN_CPU_CLOCK=1
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
batches=("$@")
[[ ${#batches[@]} -eq 0 ]] && batches=(1 4 16 64 256 1024)
tmp=$(mktemp -d)
mkdir -p "$tmp/dump"
trap 'rm -rf "$tmp"' EXIT
"$bin/sparse-ffnn-run" --calibrate "$tmp/machine.json" > /dev/null

# Enough calls for a stable median at small batches, few at large ones.
repeat_for() { echo $(( $1 <= 4 ? 1001 : $1 <= 64 ? 101 : 11 )); }
ours_seconds() { awk -F'|' '$2 ~ /ours/ { gsub(/ /, "", $5); print $5 }'; }

for density in 0.1 0.01; do
  name=mlp$(awk "BEGIN { print 100 - $density * 100 }")
  "$bin/sparse-ffnn-gen" layered --widths=784,1024,1024,10 \
    --density=$density --seed=1 -o "$tmp/$name.mlir"
  "$bin/sparse-ffnn-translate" --compile-to shared "$tmp/$name.mlir" \
    -o "$tmp/lib$name.so" 2>/dev/null
  "$bin/sparse-ffnn-translate" --compile-to shared "$tmp/$name.mlir" \
    --pipeline-options="small-batch=0" -o "$tmp/lib${name}_tiled.so" 2>/dev/null
  echo
  echo "### $name: 784-1024-1024-10, density $density"
  echo "| peer | batch | threads | seconds | connection-samples/s | GFLOP/s | time / ours | check |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  for batch in "${batches[@]}"; do
    repeat=$(repeat_for "$batch")
    out=$(SFFNN_DUMP_DIR=$tmp/dump "$bin/workload-peers" "$tmp/$name.mlir" \
      "$tmp/lib$name.so" "$batch" 1 "$repeat")
    echo "$out"
    ours=$(echo "$out" | ours_seconds)
    "$bin/workload-peers" "$tmp/$name.mlir" "$tmp/lib${name}_tiled.so" \
      "$batch" 1 "$repeat" | awk -F'|' -v ours="$ours" '$2 ~ /ours/ {
        gsub(/ /, "", $5)
        printf "| ours, tiled only |%s|%s| %s |%s|%s| %.2f | ok |\n",
               $3, $4, $5, $6, $7, $5 / ours }'
    # PyTorch's calls take milliseconds here: 101 are enough for a median.
    for form in sparse dense; do
      /usr/bin/python3 "$root/bench/workload_torch.py" "$tmp/dump" 1 \
        $(( repeat < 101 ? repeat : 101 )) "$ours" "$form"
    done
  done
  # Batch 1 against the roofline.
  "$bin/sparse-ffnn-opt" "$tmp/$name.mlir" --sffnn-roofline="machine=$tmp/machine.json batch=1 output=$tmp/$name.json" \
    -o /dev/null
  measured=$("$bin/workload-peers" "$tmp/$name.mlir" "$tmp/lib$name.so" 1 1 1001 |
    ours_seconds)
  /usr/bin/python3 - "$tmp/$name.json" "$measured" "$name" <<'PY'
import json, sys
layers = json.load(open(sys.argv[1]))[0]["layers"]
measured, name = float(sys.argv[2]), sys.argv[3]
csr = sum(f["seconds"] for l in layers for f in l["formats"]
          if f["format"] == "csr")
print(f"roofline {name} batch 1: predicted csr {csr:.3g} s, measured "
      f"{measured:.3g} s, efficiency {csr / measured:.3f}")
PY
done
