#!/usr/bin/env bash
# The accuracy axis of the sparsity roofline: trains and prunes a
# Fashion-MNIST MLP with PyTorch (csr, bsr4x4 and 2:4 pruning), imports every
# variant, checks the reference interpreter reproduces PyTorch's accuracy,
# and charts accuracy against the predicted speedup of each format.
#   bench/accuracy/run.sh OUT_DIR [MACHINE.json]
# Needs scripts/install-deps.sh --bench (PyTorch) and dataset-fashion-mnist.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
out=${1:?usage: bench/accuracy/run.sh OUT_DIR [MACHINE.json]}
machine=${2:-$out/machine.json}
mkdir -p "$out"
[[ -f $machine ]] || "$bin/sparse-ffnn-run" --calibrate="$machine"
/usr/bin/python3 "$root/bench/accuracy/train_pruned_mlp.py" --out "$out/variants"
/usr/bin/python3 "$root/bench/accuracy/roofline_accuracy.py" \
  --variants "$out/variants" --bin "$bin" --machine "$machine" \
  --svg "$out/accuracy-vs-speedup.svg"
