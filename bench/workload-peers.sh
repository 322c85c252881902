#!/usr/bin/env bash
# Our compiled kernels against the peers (CSR, OpenBLAS, GraphBLAS; in one
# process, bench/WorkloadPeers.cpp) on the workloads of docs/Performance.md:
#   - alive: the real Graph Challenge pattern (120 layers) with random He
#     weights and biases that keep activations alive, batch 1024;
#   - mlp90 / mlp99: a 784-1024-1024-10 MLP at 90% / 99% sparsity (random
#     pruning pattern, He weights), batch 1, 16 and 256;
#   - dag: a random DAG of 16 levels with skip connections (8192 neurons,
#     400 000 connections), batch 1024.
# Each kernel is compiled with the default options (which pick straight-line
# or compact code by size) unless the row says otherwise.
#   bench/workload-peers.sh     (needs scripts/install-deps.sh --bench)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
data=${SFFNN_DATA_DIR:-$root/../shared/data}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
compile() { # NET LIB OPTIONS
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$bin/sparse-ffnn-translate" \
    --compile-to shared "$1" -o "$2" --pipeline-options="$3" 2>/dev/null
  read -r secs kb < "$tmp/time"
  echo "compiled $(basename "$1") [$3] in ${secs}s, peak ${kb} KB" >&2
}
header() {
  echo
  echo "### $1"
  echo "| peer | batch | threads | seconds | connection-samples/s | GFLOP/s | time / ours | check |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
}

"$bin/sparse-ffnn-run" --calibrate "$tmp/machine.json" | sed 's/^/machine: /'

if [[ -f $data/sdnn/n1024/n1024-l120.tsv ]]; then
  /usr/bin/python3 "$root/scripts/sdnn_reference.py" randomize \
    --pattern "$data/sdnn/n1024" --layers 120 --seed 11 --out "$tmp/alive" \
    > /dev/null
  "$bin/sparse-ffnn-translate" --import-graph-challenge "$tmp/alive" \
    --layers 120 --bias-file "$tmp/alive/bias.txt" --name alive \
    -o "$tmp/alive.mlir"
  compile "$tmp/alive.mlir" "$tmp/libalive.so" ""
  header "alive: Graph Challenge pattern, random weights (3.9 M connections)"
  for threads in 1 2; do
    "$bin/workload-peers" "$tmp/alive.mlir" "$tmp/libalive.so" 1024 \
      "$threads" 3
  done
fi

for density in 0.1 0.01; do
  name=mlp$(awk "BEGIN { print 100 - $density * 100 }")
  "$bin/sparse-ffnn-gen" layered --widths=784,1024,1024,10 \
    --density=$density --weights=he --bias=normal:0,0.05 \
    --output-activation=identity --seed=1 --name="$name" -o "$tmp/$name.mlir"
  compile "$tmp/$name.mlir" "$tmp/lib$name.so" ""
  header "$name: 784-1024-1024-10 at $(awk "BEGIN { print (1 - $density) * 100 }")% sparsity"
  for batch in 1 16 256; do
    "$bin/workload-peers" "$tmp/$name.mlir" "$tmp/lib$name.so" "$batch" 1 9
  done
done

"$bin/sparse-ffnn-gen" dag --inputs=256 --neurons=8192 --connections=400000 \
  --outputs=64 --depth=16 --bias=normal:0,0.1 --seed=3 --name=dag \
  -o "$tmp/dag.mlir"
compile "$tmp/dag.mlir" "$tmp/libdag.so" ""
header "dag: 16 levels with skip connections (400 000 connections)"
for threads in 1 2; do
  "$bin/workload-peers" "$tmp/dag.mlir" "$tmp/libdag.so" 1024 "$threads" 5
done
