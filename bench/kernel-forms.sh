#!/usr/bin/env bash
# kernel-form=auto against the forced forms (table, straight-line) on the
# workloads of docs/Performance.md, side by side: for each network, its
# three kernels' compile CPU time (user + system of sparse-ffnn-translate)
# and object size, then ROUNDS rounds that run the three kernels in turn
# (kernel-bench, one thread, median thread CPU time of REPEAT calls each);
# the table gives the median over the rounds and auto's time over the
# faster forced form's.
#   bench/kernel-forms.sh                       # every workload
#   WORKLOADS="mlp99 mlp90" ROUNDS=5 bench/kernel-forms.sh
#   LAYERS=120 bench/kernel-forms.sh            # the Graph Challenge layers
#   FORMS="table straight-line:llvm straight-line" COMPILES=3 \
#     bench/kernel-forms.sh                     # the FMA emitters side by side
# A form FORM:EMITTER also sets fma-emitter=EMITTER (docs/Codegen.md);
# COMPILES > 1 reports the median compile CPU time of that many compiles.
# Workloads: mlp90 / mlp99 (784-1024-1024-10 at 90% / 99% sparsity, He
# weights, batch 256), dag (16 levels with skip connections, 400 000
# connections, batch 1024), gc (the first LAYERS layers of the real Graph
# Challenge network, weights 1/16, batch 1024), alive (the same pattern
# with random weights, as in workload-peers.sh). CPU times, because the
# machine these numbers come from is shared: wall times are noisier.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
data=${SFFNN_DATA_DIR:-$root/../shared/data}
workloads=${WORKLOADS:-"mlp99 mlp90 dag gc alive"}
layers=${LAYERS:-120}
rounds=${ROUNDS:-5}
repeat=${REPEAT:-9}
forms=${FORMS:-"auto table straight-line"}
compiles=${COMPILES:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# NAME -> network file, kernel name, inputs, outputs, batch (or nothing
# when its data is missing).
network() {
  case $1 in
    mlp90 | mlp99)
      local density=0.1
      [[ $1 == mlp99 ]] && density=0.01
      "$bin/sparse-ffnn-gen" layered --widths=784,1024,1024,10 \
        --density=$density --weights=he --bias=normal:0,0.05 \
        --output-activation=identity --seed=1 --name="$1" -o "$tmp/$1.mlir"
      echo "$tmp/$1.mlir $1 784 10 256" ;;
    dag)
      "$bin/sparse-ffnn-gen" dag --inputs=256 --neurons=8192 \
        --connections=400000 --outputs=64 --depth=16 --bias=normal:0,0.1 \
        --seed=3 --name=dag -o "$tmp/dag.mlir"
      echo "$tmp/dag.mlir dag 256 64 1024" ;;
    gc)
      [[ -f $data/sdnn/n1024/n1024-l1.tsv ]] || return 0
      "$bin/sparse-ffnn-translate" --import-graph-challenge \
        "$data/sdnn/n1024" --layers "$layers" --name gc -o "$tmp/gc.mlir"
      echo "$tmp/gc.mlir gc 1024 1024 1024" ;;
    alive)
      [[ -f $data/sdnn/n1024/n1024-l1.tsv ]] || return 0
      /usr/bin/python3 "$root/scripts/sdnn_reference.py" randomize \
        --pattern "$data/sdnn/n1024" --layers "$layers" --seed 11 \
        --out "$tmp/alive" > /dev/null
      "$bin/sparse-ffnn-translate" --import-graph-challenge "$tmp/alive" \
        --layers "$layers" --bias-file "$tmp/alive/bias.txt" --name alive \
        -o "$tmp/alive.mlir"
      echo "$tmp/alive.mlir alive 1024 1024 1024" ;;
  esac
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "| network | connections | form | compile CPU s | µs per connection | object bytes | chunks (straight-line) | run CPU s (median) | auto / best forced |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for w in $workloads; do
  read -r net name inputs outputs batch <<< "$(network "$w")"
  [[ -n ${net:-} ]] || { echo "skipped $w: no data" >&2; continue; }
  # Connections and the tile from the kernel's header.
  "$bin/sparse-ffnn-translate" --compile-to header "$net" -o "$tmp/k.h"
  connections=$(sed -n 's/.* \([0-9]*\) connections;.*/\1/p' "$tmp/k.h" | head -1)
  tile=$(awk '/_TILE / { print $3; exit }' "$tmp/k.h")
  declare -A cpu size chunks
  for form in $forms; do
    lib=$tmp/$name-$form.so
    options="kernel-form=${form%%:*}"
    [[ $form == *:* ]] && options+=" fma-emitter=${form#*:}"
    times=""
    for ((c = 0; c < compiles; c++)); do
      /usr/bin/time -f "%U %S" -o "$tmp/time" "$bin/sparse-ffnn-translate" \
        --compile-to shared "$net" -o "$lib" \
        --pipeline-options="$options" 2>/dev/null
      times+="$(awk '{ print $1 + $2 }' "$tmp/time") "
    done
    cpu[$form]=$(echo "$times" | tr ' ' '\n' | grep . | median)
    size[$form]=$(stat -c %s "$lib")
    # Chunk functions of each form: straight-line chunks have no loops, so
    # count them from the LLVM IR's chunk functions without a back edge.
    "$bin/sparse-ffnn-translate" --compile-to llvm "$net" -o "$tmp/k.ll" \
      --pipeline-options="$options" 2>/dev/null
    chunks[$form]=$(awk -v n="$name" '
      $0 ~ "^define .*@" n "_chunk" { inside = 1; loop = 0; total++; next }
      inside && /^}/ { inside = 0; straight += !loop; next }
      inside && /br i1/ { loop = 1 }
      END { print total " (" straight ")" }' "$tmp/k.ll")
  done
  declare -A runs
  for form in $forms; do runs[$form]=""; done
  for ((r = 0; r < rounds; r++)); do
    for form in $forms; do
      t=$("$bin/kernel-bench" "$tmp/$name-$form.so" "$name" "$inputs" \
        "$outputs" "$batch" 1 "$tile" "$repeat" | sed -n 's/.*cpu_seconds=//p')
      runs[$form]+="$t "
    done
  done
  declare -A med
  for form in $forms; do
    med[$form]=$(echo "${runs[$form]}" | tr ' ' '\n' | grep . | median)
  done
  best=$(awk -v a="${med[table]:-}" -v b="${med[straight-line]:-}" \
    'BEGIN { print (a == "" || b == "" ? "" : a < b ? a : b) }')
  for form in $forms; do
    ratio=""
    [[ $form == auto && -n $best ]] && ratio=$(awk -v a="${med[auto]}" \
      -v b="$best" 'BEGIN { printf "%.2f", a / b }')
    per=$(awk -v s="${cpu[$form]}" -v c="${connections:-0}" \
      'BEGIN { if (c > 0) printf "%.1f", 1e6 * s / c }')
    echo "| $name | ${connections:-?} | $form | ${cpu[$form]} | $per | ${size[$form]} | ${chunks[$form]} | ${med[$form]} | $ratio |"
  done
  unset cpu size chunks runs med
done
echo "(batch: mlp 256, dag and gc 1024; ${rounds} rounds of ${repeat} calls; gc and alive: ${layers} layers)"
