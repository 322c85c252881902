#!/usr/bin/env bash
# Differential test of compiled kernels against the reference interpreter.
#   differential.sh WORKDIR NETWORK-KIND
# Generates the networks of one kind, and for every variant (plain,
# annealed, cache-blocked, table form, AVX2-width tiles, 2 threads) and
# batch size (1, 7, 16, 17, 1000) runs `sparse-ffnn-run --verify`, which
# fails when an output differs from the interpreter's by more than rtol
# times |bias| + sum |w*x| (docs/Testing.md). Prints one line per run and a
# final count.
set -euo pipefail
dir=$1 kind=$2
mkdir -p "$dir"
cd "$dir"
gen() { sparse-ffnn-gen "$@"; }
case $kind in
  relu) gen layered --widths=24,40,40,10 --density=0.3 --bias=normal:0,0.2 \
          --seed=1 -o net.mlir; inputs=24 ;;
  sigmoid-tanh) gen layered --widths=30,50,20 --density=0.25 \
          --activation=sigmoid --output-activation=tanh --bias=normal:0,0.5 \
          --seed=2 -o net.mlir; inputs=30 ;;
  identity) gen layered --widths=20,33,17 --density=0.4 --activation=identity \
          --output-activation=identity --bias=none --seed=3 -o net.mlir
          inputs=20 ;;
  clamp) # relu clamped at 0.5 in every layer: outputs mix 0, 0.5 and
          # values in between.
          gen layered --widths=32,48,48,48,12 --density=0.2 \
            --output-activation=relu --bias=normal:0,0.2 --seed=4 -o plain.mlir
          sed 's/sffnn.layer relu (/sffnn.layer relu clamp 5.000000e-01 (/' \
            plain.mlir > net.mlir; inputs=32 ;;
  dag) gen dag --inputs=16 --neurons=120 --connections=700 --outputs=9 \
          --activation=tanh --output-activation=identity --bias=normal:0,0.1 \
          --seed=5 -o net.mlir; inputs=16 ;;
  *) echo "unknown kind $kind" >&2; exit 2 ;;
esac
sparse-ffnn-opt net.mlir --sffnn-anneal="fast-memory=8 iterations=3000 seed=7" \
  -o annealed.mlir
sparse-ffnn-opt net.mlir \
  --sffnn-block="machine=registers=8,l1=48" -o blocked.mlir
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
threads-2 blocked.mlir --threads=2
VARIANTS
done
echo "verified $runs runs"
