#!/usr/bin/env bash
# Do I/O-efficient schedules buy speed? (issue 13, point 4)
# For each network, the program order (baseline), the best anchor order
# (sffnn-schedule order=best) and the annealed order (sffnn-anneal, which
# starts from the best anchor) for a fast memory of M words are compiled
# to shared libraries, with the kernel plan's pulling of equal-source
# neurons on (pull-window=4096, the default) and off (pull-window=0: the
# code follows the schedule exactly), one batch tile per chunk pass
# (tiles-per-group=1, so that a word of the model is one tile's value).
# schedule-speed then runs all six side by side, one batch each per round,
# and prints median thread CPU and wall seconds per batch; the simulated
# activation I/Os of each schedule (Belady, M words) come from
# sffnn-io-report. With valgrind, cachegrind counts the D1 and LL misses of
# the kernels with pulling off (AVX2 build: valgrind cannot run AVX-512).
#   bench/schedule-speed.sh [M] [ROUNDS] [NETWORK...]
#     M: words of fast memory (default 512 = a 32 KiB L1 of 64-byte words)
#     NETWORK: radix4096 and/or dag (default: both)
#   PULLS="4096 0" (default) the pull windows compiled; TARGET_CPU=haswell
#   builds AVX2 code, which cachegrind then runs directly (else it gets its
#   own AVX2 builds of the pull-window=0 libraries).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
M=${1:-512}
rounds=${2:-31}
batch=256
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name inputs outputs cachegrind(yes|no) generator-arguments...
# (Table-form compiles of the RadiX-Net take minutes each on the shared
# machine, so only the DAG also goes through cachegrind.)
networks=(
  "radix4096 4096 4096 no radixnet --neurons 4096 --layers 2"
  "dag 256 64 yes dag --inputs 256 --neurons 4096 --outputs 64 --connections 65536 --seed 1"
)
echo "| network | connections | schedule | simulated activation I/Os (M = $M) | pull | CPU ms per batch of $batch | wall ms | CPU / baseline |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
wanted=" ${*:3} "
for spec in "${networks[@]}"; do
  read -r name inputs outputs cachegrind gen <<< "$spec"
  [[ $# -gt 2 && $wanted != *" $name "* ]] && continue
  args=${spec#* * * * }
  "$bin/sparse-ffnn-gen" $args --name net --emit-bytecode -o "$tmp/$name.mlirbc"
  "$bin/sparse-ffnn-opt" "$tmp/$name.mlirbc" --sffnn-io-bounds="fast-memory=$M" \
    --emit-bytecode -o "$tmp/$name.baseline.mlirbc"
  "$bin/sparse-ffnn-opt" "$tmp/$name.baseline.mlirbc" \
    --sffnn-schedule="order=best fast-memory=$M" \
    --sffnn-io-report="output=$tmp/$name.best.json" --emit-bytecode \
    -o "$tmp/$name.best.mlirbc"
  "$bin/sparse-ffnn-opt" "$tmp/$name.baseline.mlirbc" \
    --sffnn-anneal="fast-memory=$M" \
    --sffnn-io-report="output=$tmp/$name.annealed.json" --emit-bytecode \
    -o "$tmp/$name.annealed.mlirbc"
  libs=()
  for order in baseline best annealed; do
    for pull in ${PULLS:-4096 0}; do
      "$bin/sparse-ffnn-translate" --compile-to shared \
        "$tmp/$name.$order.mlirbc" -o "$tmp/$name.$order.$pull.so" \
        --pipeline-options="pull-window=$pull tiles-per-group=1" \
        ${TARGET_CPU:+--target-cpu=$TARGET_CPU}
      libs+=("$tmp/$name.$order.$pull.so")
    done
  done
  "$bin/schedule-speed" net "$inputs" "$outputs" "$batch" "$rounds" \
    "${libs[@]}" > "$tmp/$name.times"
  if [[ $cachegrind == yes ]] && command -v valgrind > /dev/null; then
    for order in baseline best annealed; do
      if [[ ${TARGET_CPU:-} == haswell && -f $tmp/$name.$order.0.so ]]; then
        cp "$tmp/$name.$order.0.so" "$tmp/$name.$order.avx2.so"
      else
        "$bin/sparse-ffnn-translate" --compile-to shared \
          "$tmp/$name.$order.mlirbc" -o "$tmp/$name.$order.avx2.so" \
          --pipeline-options="pull-window=0 tiles-per-group=1" \
          --target-cpu=haswell
      fi
      valgrind --tool=cachegrind --cache-sim=yes \
        --cachegrind-out-file="$tmp/$name.$order.cg" \
        "$bin/kernel-bench" "$tmp/$name.$order.avx2.so" net "$inputs" \
        "$outputs" "$batch" 1 8 1 > /dev/null 2>&1
      # D1 and LL misses (reads + writes) of the kernel's own functions.
      cg_annotate --threshold=0 "$tmp/$name.$order.cg" 2>/dev/null | awk '
        /:net(_[A-Za-z0-9_]*)?$/ {
          gsub(/\([^)]*\)/, ""); gsub(",", "")
          d1 += $5 + $8; ll += $6 + $9; ir += $1
        }
        END { printf "%d %d %d\n", ir, d1, ll }' > "$tmp/$name.$order.misses"
    done
  fi
  /usr/bin/python3 - "$tmp" "$name" "$M" <<'PY'
import json, os, sys
tmp, name, M = sys.argv[1], sys.argv[2], int(sys.argv[3])
def report(order):
    return json.load(open(f"{tmp}/{name}.{order}.json"))[0]
best, annealed = report("best"), report("annealed")
ios = {"baseline": best["baseline"]["activation"],
       "best": best["schedule"]["activation"],
       "annealed": annealed["annealed"]["activation"]}
conns = best["connections"]
times = {}
for line in open(f"{tmp}/{name}.times"):
    lib, cpu, wall = line.split()
    order, pull = os.path.basename(lib).split(".")[1:3]
    times[(order, pull)] = (float(cpu.split("=")[1]), float(wall.split("=")[1]))
for pull in ("4096", "0"):
    if ("baseline", pull) not in times:
        continue
    base = times[("baseline", pull)][0]
    for order in ("baseline", "best", "annealed"):
        cpu, wall = times[(order, pull)]
        label = "on" if pull != "0" else "off"
        print(f"| {name} | {conns} | {order} | {ios[order]} | {label} | "
              f"{cpu * 1e3:.3f} | {wall * 1e3:.3f} | {cpu / base:.3f} |")
if os.path.exists(f"{tmp}/{name}.baseline.misses"):
    print(f"\ncachegrind, {name}, pull-window=0, AVX2 build, one batch of 256:")
    print("| schedule | instructions | D1 misses | LL misses |")
    print("| --- | --- | --- | --- |")
    for order in ("baseline", "best", "annealed"):
        ir, d1, ll = open(f"{tmp}/{name}.{order}.misses").read().split()
        print(f"| {order} | {ir} | {d1} | {ll} |")
    print()
PY
done
