#!/usr/bin/env bash
# The Graph Challenge family: RadiX-Net networks of N neurons x L layers
# (sparse-ffnn-gen radixnet: 32 connections per neuron, weight 1/16, the
# challenge's bias for N, clamp 32) on a random batch with the density of
# the challenge's MNIST images (122 713 nonzeros of 1200 x 1024 = 0.0999,
# values 1), one thread. For each size:
#   - compile seconds (--compile-stats) and peak resident GB (/usr/bin/time)
#     of sparse-ffnn-run with the default options;
#   - connection-samples/s (every connection of the original network for
#     every sample, median of --repeat runs) of our kernel computing every
#     sample, with --drop-dead-samples, and with --merge-duplicate-neurons
#     (duplicates merged: a reported optimization the peers do not get);
#   - SuiteSparse:GraphBLAS on the same network and batch
#     (bench/ChallengePeers.cpp, inference only in the clock);
#   - every run's categories checked against the interpreter's
#     (sparse-ffnn-run --interpret), GraphBLAS's too;
#   - the fraction of this core's fp32 FMA peak (sparse-ffnn-run
#     --calibrate) the default kernel reaches: 2 FLOP per connection-sample.
#
#   bench/challenge-family.sh                     sizes 1024x120 1024x480 4096x120
#   SIZES="1024x120" SAMPLES=1200 bench/challenge-family.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
sizes=${SIZES:-1024x120 1024x480 4096x120}
samples=${SAMPLES:-1200}
repeat=${REPEAT:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# PEAK (FLOP/s): this core's fp32 FMA peak; default the quiet-run
# calibration of docs/Performance.md (a calibration on a loaded machine
# reads low), printed next to a fresh one.
measured=$("$bin/sparse-ffnn-run" --calibrate "$tmp/machine.json" |
  sed -n 's/^peak=\([^ ]*\) FLOP\/s.*/\1/p')
peak=${PEAK:-2.39e11}
echo "fp32 peak of one core: $peak FLOP/s (calibrated now: $measured)"
echo
echo "| network | connections | compile s | peak GB | every sample | dead dropped | merged | merged compile s | graphblas | FMA peak (every sample) | categories |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"

field() { # NAME TEXT: the value of NAME=... in TEXT
  echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -1 | sed 's/s$//'
}

for size in $sizes; do
  n=${size%x*} layers=${size#*x}
  net=$tmp/n$n-l$layers.mlirbc
  "$bin/sparse-ffnn-gen" radixnet --neurons "$n" --layers "$layers" \
    --emit-bytecode -o "$net"
  "$bin/sparse-ffnn-gen" inputs --features "$n" --samples "$samples" \
    --density 0.0999 --values const:1 --seed 1 -o "$tmp/in.txt"
  connections=$("$bin/sparse-ffnn-run" "$net" --input "$tmp/in.txt" \
    --interpret --summary --categories --output /dev/null |
    tee "$tmp/interpreted.txt" | sed -n 's/.*connections=\([0-9]*\).*/\1/p')
  tail -1 "$tmp/interpreted.txt" > "$tmp/expected.txt"
  check=ok
  run() { # OUTFILE OPTIONS...: compiles and times one kernel
    local out=$1
    shift
    /usr/bin/time -f "maxrss_kb=%M" -o "$out.rss" "$bin/sparse-ffnn-run" \
      "$net" --input "$tmp/in.txt" --compile-stats --time --repeat "$repeat" \
      --categories "$@" > "$out" 2>/dev/null
    grep -v '^compile:\|^seconds=' "$out" | cmp -s - "$tmp/expected.txt" ||
      check=WRONG
  }
  run "$tmp/default" 
  run "$tmp/drop" --drop-dead-samples
  run "$tmp/merged" --merge-duplicate-neurons
  compile=$(field total "$(grep '^compile:' "$tmp/default")")
  mcompile=$(field total "$(grep '^compile:' "$tmp/merged")")
  rss=$(sed -n 's/maxrss_kb=//p' "$tmp/default.rss")
  rate() { field edges_per_s "$(grep '^seconds=' "$1")"; }
  # GraphBLAS reads the network as Graph Challenge TSV files and the batch
  # as MatrixMarket.
  mkdir -p "$tmp/tsv"
  rm -f "$tmp/tsv"/*
  "$bin/sparse-ffnn-translate" --export-graph-challenge "$tmp/tsv" "$net"
  awk -v s="$samples" -v f="$n" '
    { for (i = 1; i <= NF; ++i) if ($i != 0) { line[++k] = NR " " i " " $i } }
    END { print "%%MatrixMarket matrix coordinate real general";
          print s, f, k; for (j = 1; j <= k; ++j) print line[j] }' \
    "$tmp/in.txt" > "$tmp/in.mtx"
  gb=$("$bin/challenge-peers" "$layers" 1 "$tmp/tsv" "$tmp/in.mtx" \
    "$tmp/expected.txt" | grep '^| graphblas')
  gbrate=$(echo "$gb" | awk -F'|' '{ gsub(/ /, "", $6); print $6 }')
  [[ $gb == *golden* ]] || check="$check, graphblas WRONG"
  fraction=$(awk -v r="$(rate "$tmp/default")" -v p="$peak" \
    'BEGIN { printf "%.2f", 2 * r / p }')
  printf '| %s x %s | %s | %.1f | %.2f | %s | %s | %s | %.1f | %s | %s | %s |\n' \
    "$n" "$layers" "$connections" "$compile" "$(awk -v k="$rss" 'BEGIN { print k / 1048576 }')" \
    "$(rate "$tmp/default")" "$(rate "$tmp/drop")" "$(rate "$tmp/merged")" \
    "$mcompile" "$gbrate" "$fraction" "$check"
done
