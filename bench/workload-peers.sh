#!/usr/bin/env bash
# Our compiled kernels against the peers (CSR, OpenBLAS, GraphBLAS; in one
# process, bench/WorkloadPeers.cpp) and PyTorch sparse CSR
# (bench/workload_torch.py, same network and batch) on the workloads of
# docs/Performance.md:
#   - gc120: the Graph Challenge network on its 1200 real images;
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
mkdir -p "${TMPDIR:-/tmp}"
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
data=${SFFNN_DATA_DIR:-$root/../shared/data}
tmp=$(mktemp -d)
mkdir -p "$tmp/dump"
trap 'rm -rf "$tmp"' EXIT
compile() { # NET LIB OPTIONS
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$bin/sparse-ffnn-translate" \
    --compile-to shared "$1" -o "$2" --pipeline-options="$3" 2>/dev/null
  read -r secs kb < "$tmp/time"
  echo "compiled $(basename "$1") [$3] in ${secs}s, peak ${kb} KB" >&2
}
# Our kernel and the C++ peers in one process; then PyTorch on the same
# network, batch and threads (when installed), compared with our outputs.
peers() { # NET LIB BATCH THREADS REPEAT
  local out
  out=$(SFFNN_DUMP_DIR=$tmp/dump "$bin/workload-peers" "$@")
  echo "$out"
  if /usr/bin/python3 -c "import torch" 2>/dev/null; then
    local ours
    ours=$(echo "$out" | awk -F'|' '$2 ~ /ours/ { gsub(/ /, "", $5); print $5 }')
    /usr/bin/python3 "$root/bench/workload_torch.py" "$tmp/dump" "$4" "$5" "$ours"
  fi
}
header() {
  echo
  echo "### $1"
  echo "| peer | batch | threads | seconds | connection-samples/s | GFLOP/s | time / ours | check |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
}

"$bin/sparse-ffnn-run" --calibrate "$tmp/machine.json" | sed 's/^/machine: /'

if [[ -f $data/sdnn/n1024/n1024-l120.tsv ]]; then
  # The real network on the 1200 real images (most die out: the compiled
  # kernel computes every sample here, no dropping), with the dense peers.
  "$bin/sparse-ffnn-translate" --import-graph-challenge "$data/sdnn/n1024" \
    --layers 120 -o "$tmp/gc120.mlir"
  compile "$tmp/gc120.mlir" "$tmp/libgc120.so" ""
  header "gc120: the Graph Challenge network on the 1200 images"
  for threads in 1 2; do
    SFFNN_INPUT=$data/sdnn/lagraph/sparse-images-1024_subset.mtx \
      peers "$tmp/gc120.mlir" "$tmp/libgc120.so" 1200 "$threads" 3
  done
  # Its own rows: the kernel of the network with its duplicate neurons merged
  # (an optimization the peers do not get), on the same images;
  # connection-samples/s count the original network's connections. Its
  # values are checked against the interpreter by
  # test/GraphChallenge/merged-golden.test.
  compile "$tmp/gc120.mlir" "$tmp/libgc120m.so" "merge-duplicate-neurons=true"
  for threads in 1 2; do
    SFFNN_INPUT=$data/sdnn/lagraph/sparse-images-1024_subset.mtx \
      SFFNN_OURS_ONLY=1 "$bin/workload-peers" "$tmp/gc120.mlir" \
      "$tmp/libgc120m.so" 1200 "$threads" 3 | sed 's/^| ours /| ours merged /'
  done

  /usr/bin/python3 "$root/scripts/sdnn_reference.py" randomize \
    --pattern "$data/sdnn/n1024" --layers 120 --seed 11 --out "$tmp/alive" \
    > /dev/null
  "$bin/sparse-ffnn-translate" --import-graph-challenge "$tmp/alive" \
    --layers 120 --bias-file "$tmp/alive/bias.txt" --name alive \
    -o "$tmp/alive.mlir"
  compile "$tmp/alive.mlir" "$tmp/libalive.so" ""
  header "alive: Graph Challenge pattern, random weights (3.9 M connections)"
  for threads in 1 2; do
    peers "$tmp/alive.mlir" "$tmp/libalive.so" 1024 "$threads" 3
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
    peers "$tmp/$name.mlir" "$tmp/lib$name.so" "$batch" 1 9
  done
done

"$bin/sparse-ffnn-gen" dag --inputs=256 --neurons=8192 --connections=400000 \
  --outputs=64 --depth=16 --bias=normal:0,0.1 --seed=3 --name=dag \
  -o "$tmp/dag.mlir"
compile "$tmp/dag.mlir" "$tmp/libdag.so" ""
header "dag: 16 levels with skip connections (400 000 connections)"
for threads in 1 2; do
  peers "$tmp/dag.mlir" "$tmp/libdag.so" 1024 "$threads" 5
done
