#!/usr/bin/env bash
# Differential test of compiled kernels against the reference interpreter.
#   differential.sh WORKDIR NETWORK-KIND
# Generates the networks of one kind, and for every variant (plain,
# annealed, cache-blocked, table form, AVX2-width tiles, straight-line
# code as LLVM IR and with register groups wider than one inline assembly
# statement takes on AVX-512 hosts, 2 threads) and
# batch size (1, 7, 16, 17, 1000) runs `sparse-ffnn-run --verify`, which
# fails when an output differs from the interpreter's by more than rtol
# times its propagated error scale (docs/Testing.md). Prints one line per run and a
# final count.
set -euo pipefail
dir=$1 kind=$2
# shellcheck source=network-kinds.sh
source "$(dirname "$0")/network-kinds.sh"
mkdir -p "$dir"
cd "$dir"
make_network "$kind"
make_schedules
runs=0
for batch in 1 7 16 17 1000; do
  gen inputs --features=$inputs --samples=$batch --density=0.8 \
    --values=normal:0,1 --seed=$batch -o in$batch.txt
  while read -r label file options; do
    echo "== $kind batch=$batch $label"
    # shellcheck disable=SC2086
    sparse-ffnn-run "$file" --input in$batch.txt --verify $options
    runs=$((runs + 1))
  done <<VARIANTS
plain net.mlir
annealed annealed.mlir
blocked blocked.mlir --chunk-connections=64
table net.mlir --kernel-form=table --chunk-connections=100
register-tile-3 annealed.mlir --register-tile=3 --tiles-per-group=2
tile-8 net.mlir --tile=8
straight-line-llvm net.mlir --kernel-form=straight-line --fma-emitter=llvm
straight-line-wide annealed.mlir --kernel-form=straight-line --register-tile=40
threads-2 blocked.mlir --threads=2
VARIANTS
done
echo "verified $runs runs"
