#!/usr/bin/env bash
# Sparsity roofline validation for our compiled kernels: per layer (the
# first 8 Graph Challenge layers and the three layers of a 95%-sparse
# 784-1024-1024-10 MLP, as in bench/RooflineValidation.cpp), each layer is
# compiled alone with the default options and timed with kernel-bench (one
# thread, median of 9), and compared with sffnn-roofline's predictions for
# the same layer: the `csr` row (compulsory traffic) and the `schedule` row
# (traffic from the I/O simulator). Efficiency = predicted / measured.
#   bench/roofline-ours.sh [BATCH...]     (default: 1 1024)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
data=${SFFNN_DATA_DIR:-$root/../shared/data}
batches=("$@")
[[ ${#batches[@]} -eq 0 ]] && batches=(1 1024)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin/sparse-ffnn-run" --calibrate "$tmp/machine.json" > /dev/null

nets=()
for k in 1 2 3 4 5 6 7 8; do
  mkdir -p "$tmp/gc$k"
  ln -s "$data/sdnn/n1024/n1024-l$k.tsv" "$tmp/gc$k/n1024-l1.tsv"
  "$bin/sparse-ffnn-translate" --import-graph-challenge "$tmp/gc$k" \
    --layers 1 --name "gc_l$k" -o "$tmp/gc_l$k.mlir"
  nets+=("gc_l$k")
done
widths=(784 1024 1024 10)
for k in 1 2 3; do
  act=relu
  [[ $k == 3 ]] && act=identity
  "$bin/sparse-ffnn-gen" layered --widths="${widths[k-1]},${widths[k]}" \
    --density=0.05 --weights=he --bias=normal:0,0.05 --output-activation=$act \
    --seed=$k --name="mlp_l$k" -o "$tmp/mlp_l$k.mlir"
  nets+=("mlp_l$k")
done

echo "| batch | layer | connections | form | predicted csr s | predicted schedule s | measured s | efficiency csr | efficiency schedule |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for batch in "${batches[@]}"; do
  for net in "${nets[@]}"; do
    "$bin/sparse-ffnn-opt" "$tmp/$net.mlir" \
      --sffnn-roofline="machine=$tmp/machine.json batch=$batch output=$tmp/$net.json" \
      -o /dev/null
    [[ -f $tmp/lib$net.so ]] || "$bin/sparse-ffnn-translate" --compile-to shared \
      "$tmp/$net.mlir" -o "$tmp/lib$net.so" 2>/dev/null
    form=$("$bin/sparse-ffnn-translate" --compile-to header "$tmp/$net.mlir" 2>/dev/null |
      sed -n 's/.*connections; \([a-z-]*\) code.*/\1/p')
    read -r inputs outputs < <(/usr/bin/python3 -c "
import json; l = json.load(open('$tmp/$net.json'))[0]['layers'][0]
print(l['cols'], l['rows'])")
    measured=$("$bin/kernel-bench" "$tmp/lib$net.so" "$net" "$inputs" "$outputs" \
      "$batch" 1 16 9 | sed -n 's/^seconds=\([^ ]*\).*/\1/p')
    /usr/bin/python3 - "$tmp/$net.json" "$measured" "$batch" "$net" "$form" <<'PY'
import json, sys
layer = json.load(open(sys.argv[1]))[0]["layers"][0]
measured, batch, net, form = float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
pred = {f["format"]: f["seconds"] for f in layer["formats"]}
print(f"| {batch} | {net} | {layer['connections']} | {form} | {pred['csr']:.3g} | "
      f"{pred['schedule']:.3g} | {measured:.3g} | {pred['csr'] / measured:.3f} | "
      f"{pred['schedule'] / measured:.3f} |")
PY
  done
done
