#!/usr/bin/env bash
# Differential test of the small-batch code (vectors across neurons, sample
# by sample) against the reference interpreter:
#   small-batch.sh WORKDIR NETWORK-KIND
# For batches 1, 2, 3, 15, 16 and 17: once with the default options (the
# kernel dispatches on the batch size) and once with the small-batch code
# forced for every batch (--small-batch=1000), on one of three variants in
# turn: the plain network; the annealed schedule with register groups of 3
# (blocks merge groups); the cache-blocked schedule in the table form on 2
# threads (each thread runs its share of the batch through the dispatch).
# `sparse-ffnn-run --verify` fails when an output differs from the
# interpreter's by more than rtol times its propagated error scale
# (docs/Testing.md).
set -euo pipefail
dir=$1 kind=$2
# shellcheck source=network-kinds.sh
source "$(dirname "$0")/network-kinds.sh"
mkdir -p "$dir"
cd "$dir"
make_network "$kind"
make_schedules
variants=("net.mlir"
          "annealed.mlir --register-tile=3"
          "blocked.mlir --kernel-form=table --chunk-connections=100 --threads=2")
runs=0
for batch in 1 2 3 15 16 17; do
  gen inputs --features="$inputs" --samples=$batch --density=0.8 \
    --values=normal:0,1 --seed=$batch -o in$batch.txt
  forced=${variants[$((runs / 2 % 3))]}
  while read -r label file options; do
    echo "== $kind batch=$batch $label $file $options"
    # shellcheck disable=SC2086
    sparse-ffnn-run "$file" --input in$batch.txt --verify $options
    runs=$((runs + 1))
  done <<VARIANTS
dispatch net.mlir
small $forced --small-batch=1000
VARIANTS
done
echo "verified $runs runs"
