#!/usr/bin/env bash
# Front-end numbers: import, parse (text and bytecode), reference
# interpreter, generator at scale. Medians over several runs (hyperfine);
# peak memory from /usr/bin/time. Needs the Graph Challenge data
# (SFFNN_DATA_DIR, default ../shared/data) and hyperfine
# (scripts/install-deps.sh --bench).
#   bench/foundation.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
data=${SFFNN_DATA_DIR:-$root/../shared/data}/sdnn
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { # command...: median wall seconds of 5 runs after 1 warm-up
  hyperfine -N -w 1 -r 5 --export-json "$work/h.json" "$*" >/dev/null 2>&1
  /usr/bin/python3 -c "import json; print('%.3f' % json.load(open('$work/h.json'))['results'][0]['median'])"
}
peak_mb() { # command...: peak resident memory in MB
  /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.0f", $1 / 1024 }'
}

gc="$bin/sparse-ffnn-translate --import-graph-challenge $data/n1024 --layers 120"
printf '| step | median s | peak MB |\n| --- | --- | --- |\n'
printf '| import 120 TSV layers (3.9 M connections) -> text | %s | %s |\n' \
  "$(median $gc -o $work/n.mlir)" "$(peak_mb $gc -o $work/n.mlir)"
printf '| import 120 TSV layers -> bytecode | %s | %s |\n' \
  "$(median $gc --emit-bytecode -o $work/n.mlirbc)" \
  "$(peak_mb $gc --emit-bytecode -o $work/n.mlirbc)"
printf '| parse + verify text (%s MB) | %s | %s |\n' \
  "$(( $(stat -c %s $work/n.mlir) / 1000000 ))" \
  "$(median $bin/sparse-ffnn-opt $work/n.mlir -o /dev/null)" \
  "$(peak_mb $bin/sparse-ffnn-opt $work/n.mlir -o /dev/null)"
printf '| parse + verify bytecode (%s MB) | %s | %s |\n' \
  "$(( $(stat -c %s $work/n.mlirbc) / 1000000 ))" \
  "$(median $bin/sparse-ffnn-opt $work/n.mlirbc -o /dev/null)" \
  "$(peak_mb $bin/sparse-ffnn-opt $work/n.mlirbc -o /dev/null)"
run="$bin/sparse-ffnn-run $work/n.mlirbc --input $data/lagraph/sparse-images-1024_subset.mtx --interpret --categories"
printf '| interpreter: 120 layers x 1200 images (incl. load) | %s | %s |\n' \
  "$(median $run)" "$(peak_mb $run)"
big="$bin/sparse-ffnn-gen radixnet --neurons 65536 --layers 12 --emit-bytecode -o $work/big.mlirbc"
printf '| generate RadiX-Net 65536 x 12 layers (25.2 M connections) -> bytecode | %s | %s |\n' \
  "$(median $big)" "$(peak_mb $big)"
printf '| parse + verify that bytecode (%s MB) | %s | %s |\n' \
  "$(( $(stat -c %s $work/big.mlirbc) / 1000000 ))" \
  "$(median $bin/sparse-ffnn-opt $work/big.mlirbc -o /dev/null)" \
  "$(peak_mb $bin/sparse-ffnn-opt $work/big.mlirbc -o /dev/null)"
