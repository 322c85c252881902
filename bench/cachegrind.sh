#!/usr/bin/env bash
# Does the compiled code move the words the I/O model says it moves?
# For the first 4 layers of the Graph Challenge network (131 072
# connections), the baseline (layer-by-layer) order and an annealed order
# for M words are compiled to straight-line code that follows the order
# exactly (register-tile=1: one neuron at a time, its partial sum in a
# register) for AVX2 (valgrind 3.19 cannot run AVX-512), with one batch tile
# of 8 samples, so that one word is one 32-byte line, and run under
# cachegrind with a fully associative LRU L1 data cache of M such lines.
# The simulator's LRU loads of the same orders are the prediction.
#   bench/cachegrind.sh [M]      (needs valgrind: scripts/install-deps.sh --bench)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
data=${SFFNN_DATA_DIR:-$root/../shared/data}
M=${1:-256}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin/sparse-ffnn-translate" --import-graph-challenge "$data/sdnn/n1024" \
  --layers 4 -o "$tmp/net.mlir"
"$bin/sparse-ffnn-opt" "$tmp/net.mlir" \
  --sffnn-io-bounds="fast-memory=$M policy=lru" \
  --sffnn-anneal="fast-memory=$M policy=lru iterations=2000000 seed=1" \
  --sffnn-io-report="output=$tmp/io.json" -o "$tmp/annealed.mlir"
options="kernel-form=straight-line register-tile=1 tiles-per-group=1 tile=8"
for order in baseline annealed; do
  src=$tmp/net.mlir
  [[ $order == annealed ]] && src=$tmp/annealed.mlir
  "$bin/sparse-ffnn-translate" --compile-to shared "$src" \
    -o "$tmp/lib$order.so" --pipeline-options="$options" --target-cpu=haswell
  valgrind --tool=cachegrind --cache-sim=yes \
    --D1=$((M * 32)),$M,32 --LL=$((64 * 1024 * 1024)),16,32 \
    --cachegrind-out-file="$tmp/cg.$order" \
    "$bin/kernel-bench" "$tmp/lib$order.so" graph_challenge_n1024 1024 1024 \
    8 1 8 1 > /dev/null 2> "$tmp/vg.$order"
  # D1 read and write misses of the kernel's own functions (the driver with
  # its transposes, and the chunks), not of the harness.
  cg_annotate --threshold=0 "$tmp/cg.$order" 2>/dev/null | awk -v lib="lib$order.so" '
    /graph_challenge_n1024/ {
      # columns: Ir I1mr ILmr Dr D1mr DLmr Dw D1mw DLmw, each "N (x%)"
      gsub(/\([^)]*\)/, ""); gsub(",", "")
      rd += $5; wr += $8
    }
    END { printf "%s %d %d\n", lib, rd, wr }' > "$tmp/misses.$order"
done
/usr/bin/python3 - "$tmp" "$M" <<'PY'
import json, sys
tmp, M = sys.argv[1], int(sys.argv[2])
report = json.load(open(f"{tmp}/io.json"))
net = report["networks"][0] if "networks" in report else report[0]
def sim(key):
    c = net[key]
    return c["input_loads"] + c["hidden_loads"] + c["partial_loads"]
print(f"| order (M = {M} words) | simulated loads (LRU) | cachegrind D1 read misses | D1 write misses |")
print("| --- | --- | --- | --- |")
rows = {}
for order, key in (("baseline", "baseline"), ("annealed", "annealed")):
    _, rd, wr = open(f"{tmp}/misses.{order}").read().split()
    rows[order] = (sim(key), int(rd), int(wr))
    print(f"| {order} | {rows[order][0]} | {rd} | {wr} |")
b, a = rows["baseline"], rows["annealed"]
print(f"| annealed / baseline | {a[0] / b[0]:.3f} | {a[1] / b[1]:.3f} | {a[2] / b[2]:.3f} |")
PY
