#!/usr/bin/env bash
# Differential test of every combination of the options that change the
# generated code's data layout or control flow, for one batch tile:
#   option-matrix.sh WORKDIR TILE
# runs `sparse-ffnn-run --verify` (compiled kernel against the interpreter,
# tolerance as in docs/Testing.md) for drop-dead-samples off and on x kernel
# form straight-line, table and alternate (both in turn in one kernel:
# form=mixed) x 1 and 2 threads, on a batch of 40 * TILE - 1
# samples (the last tile masked) in groups of 2 tiles, so that every thread
# runs several tile groups. The network maps zero to zero (relu, biases
# <= 0), and about half of the samples die on the way: the check below
# fails if the inputs stop exercising both dropped and surviving samples.
set -euo pipefail
dir=$1 tile=$2
mkdir -p "$dir"
cd "$dir"
sparse-ffnn-gen layered --widths=24,40,40,40,10 --density=0.3 \
  --bias=uniform:-0.6,0 --output-activation=relu --seed=12 -o net.mlir
batch=$((40 * tile - 1))
sparse-ffnn-gen inputs --features=24 --samples=$batch --density=0.3 \
  --values=normal:0,1 --seed=3 -o in.txt
sparse-ffnn-run net.mlir --input in.txt --interpret --output expected.txt
dead=$(awk '{z = 1; for (i = 1; i <= NF; i++) if ($i != 0) z = 0; n += z}
            END {print n}' expected.txt)
if (( dead == 0 || dead == batch )); then
  echo "FAILED: $dead of $batch samples die; the test needs both kinds"
  exit 1
fi
runs=0
for drop in false true; do
  for form in straight-line table alternate; do
    case $form in
      straight-line) form_options="--chunk-connections=64" ;;
      table) form_options="--chunk-connections=16" ;;
      alternate) form_options="--chunk-connections=16" ;;
    esac
    shown=$form
    [[ $form == alternate ]] && shown=mixed
    for threads in 1 2; do
      echo "== tile=$tile drop-dead-samples=$drop form=$form threads=$threads"
      # shellcheck disable=SC2086
      sparse-ffnn-run net.mlir --input in.txt --verify --tile=$tile \
        --tiles-per-group=2 --threads=$threads \
        --drop-dead-samples=$drop --kernel-form=$form $form_options \
        --compile-stats 2>remarks.txt | tee run.txt
      grep -q "form=$shown tile=$tile " run.txt || { echo "FAILED: not $shown"; exit 1; }
      # Samples must actually be dropped: no "no sample will be dropped".
      if grep -q "no sample will be dropped" remarks.txt; then
        echo "FAILED: nothing to drop"; exit 1
      fi
      runs=$((runs + 1))
    done
  done
done
echo "verified $runs runs with $dead of $batch samples dying"
