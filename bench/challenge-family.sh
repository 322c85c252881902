#!/usr/bin/env bash
# The Graph Challenge family (issue 14): RadiX-Net networks of N neurons x L
# layers (sparse-ffnn-gen radixnet: 32 connections per neuron, weight 1/16,
# the challenge's bias for N, clamp 32) on a random batch with the density
# of the challenge's MNIST images (122 713 nonzeros of 1200 x 1024 = 0.0999,
# values 1), one thread. For each size:
#   - compile CPU seconds (user + system), wall seconds and peak resident GB
#     of `sparse-ffnn-translate --compile-to shared` under /usr/bin/time,
#     default options (and the merged network's compile);
#   - in one process (bench/ChallengePeers.cpp), taking turns, REPEAT runs
#     each, inference only in every clock, the same batch for all: our
#     kernel computing every sample, with --drop-dead-samples, with
#     --merge-duplicate-neurons (duplicates merged: a reported optimization
#     the peers do not get), and SuiteSparse:GraphBLAS on the same network
#     (exported as TSV). Medians of the calling thread's CPU time
#     (SFFNN_CPU_CLOCK), which waiting for a core does not inflate, and of
#     wall time. Connection-samples/s count every connection of the original
#     network for every sample;
#   - categories of every peer checked against the interpreter's
#     (sparse-ffnn-run --interpret) on the timed batch and on a second batch
#     of 16 samples at each of CHECK_DENSITIES where some samples survive
#     and some die (on the timed batch none survive); with INTERPRET=0
#     against GraphBLAS's;
#   - the fraction of this core's fp32 FMA peak (PEAK, default the quiet
#     calibration of docs/Performance.md) our kernel reaches computing
#     every sample, by CPU time: 2 FLOP per connection-sample;
#   - the 1-minute load average, sampled every 5 s during the row.
# Sizes of 50 M connections or more wait until `free -g` shows MIN_FREE_GB
# (default 8) available.
#
#   bench/challenge-family.sh        1024x120 4096x120 1024x480 1024x1920 4096x480
#   SIZES="1024x120" REPEAT=5 bench/challenge-family.sh
#   SIZES="16384x120 65536x120" INTERPRET=0 bench/challenge-family.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
sizes=${SIZES:-1024x120 4096x120 1024x480 1024x1920 4096x480}
samples=${SAMPLES:-1200}
repeat=${REPEAT:-5}
check_densities=${CHECK_DENSITIES:-0.3 0.35 0.4 0.5}
min_free_gb=${MIN_FREE_GB:-8}
tmp=$(mktemp -d)
sampler=
trap '[ -z "$sampler" ] || kill "$sampler" 2>/dev/null; rm -rf "$tmp"' EXIT

# PEAK (FLOP/s): this core's fp32 FMA peak; default the quiet-run
# calibration of docs/Performance.md (a calibration on a loaded machine
# reads low), printed next to a fresh one.
measured=$("$bin/sparse-ffnn-run" --calibrate "$tmp/machine.json" |
  sed -n 's/^peak=\([^ ]*\) FLOP\/s.*/\1/p')
peak=${PEAK:-2.39e11}
echo "fp32 peak of one core: $peak FLOP/s (calibrated now: $measured)"
echo "rates: connection-samples/s, median of $repeat runs by thread CPU time (wall time in brackets)"
echo
echo "| network | connections | compile CPU s (wall) | peak GB | every sample | dead samples dropped | merged duplicates (peers do not get it) | merged compile CPU s | GraphBLAS | ours / GraphBLAS | FMA peak (every sample) | categories (timed batch; live batch) | load average |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"

wait_for_memory() { # blocks until MIN_FREE_GB are available
  local avail
  while avail=$(free -g | awk '/^Mem:/ { print $7 }') &&
    [ "$avail" -lt "$min_free_gb" ]; do
    echo "waiting: $avail GB available, $min_free_gb needed" >&2
    sleep 60
  done
}

compile() { # NAME OPTIONS...: $tmp/NAME.so and "CPU_S WALL_S PEAK_KB" in $tmp/NAME.time
  local name=$1
  shift
  /usr/bin/time -f "%U %S %e %M" -o "$tmp/$name.raw" \
    "$bin/sparse-ffnn-translate" --compile-to shared "$net" "$@" \
    -o "$tmp/$name.so" 2>"$tmp/$name.err" || {
    cat "$tmp/$name.err" >&2
    exit 1
  }
  awk '{ print $1 + $2, $3, $4 }' "$tmp/$name.raw" > "$tmp/$name.time"
}

to_mtx() { # DENSE MTX FEATURES: the batch as MatrixMarket for GraphBLAS
  awk -v f="$3" '
    { for (i = 1; i <= NF; ++i) if ($i != 0) { line[++k] = NR " " i " " $i } }
    END { print "%%MatrixMarket matrix coordinate real general";
          print NR, f, k; for (j = 1; j <= k; ++j) print line[j] }' \
    "$1" > "$2"
}

for size in $sizes; do
  n=${size%x*} layers=${size#*x}
  connections=$((n * 32 * layers))
  [ "$connections" -lt 50000000 ] || wait_for_memory
  rm -f "$tmp/load.txt"
  (while :; do cut -d' ' -f1 /proc/loadavg >> "$tmp/load.txt"; sleep 5; done) &
  sampler=$!
  net=$tmp/n$n-l$layers.mlirbc
  "$bin/sparse-ffnn-gen" radixnet --neurons "$n" --layers "$layers" \
    --emit-bytecode -o "$net"
  "$bin/sparse-ffnn-gen" inputs --features "$n" --samples "$samples" \
    --density 0.0999 --values const:1 --seed 1 -o "$tmp/in.txt"
  # The live batch: 16 samples at each check density (the density where
  # samples start to survive grows with N, as the bias does).
  rm -f "$tmp/live.txt"
  for density in $check_densities; do
    "$bin/sparse-ffnn-gen" inputs --features "$n" --samples 16 \
      --density "$density" --values const:1 --seed 2 -o "$tmp/part.txt"
    cat "$tmp/part.txt" >> "$tmp/live.txt"
  done
  to_mtx "$tmp/in.txt" "$tmp/in.mtx" "$n"
  to_mtx "$tmp/live.txt" "$tmp/live.mtx" "$n"
  symbol=$("$bin/sparse-ffnn-run" "$net" --input "$tmp/live.txt" --interpret \
    --summary --output /dev/null | sed -n 's/^network @\([^:]*\):.*/\1/p')
  if [ "${INTERPRET:-1}" = 1 ]; then
    reference="the interpreter"
    for batch in in live; do
      "$bin/sparse-ffnn-run" "$net" --input "$tmp/$batch.txt" --interpret \
        --categories --output /dev/null > "$tmp/$batch.ids"
    done
    expected=$tmp/in.ids
    export SFFNN_CHECK_IDS=$tmp/live.ids
  else
    reference=GraphBLAS
    expected=-
    export SFFNN_CHECK_IDS=-
  fi
  compile default
  compile drop --drop-dead-samples
  compile merged --merge-duplicate-neurons
  rm -rf "$tmp/tsv"
  mkdir -p "$tmp/tsv"
  "$bin/sparse-ffnn-translate" --export-graph-challenge "$tmp/tsv" "$net"
  rm -f "$net"
  SFFNN_CPU_CLOCK=1 SFFNN_NO_CSR=1 SFFNN_REPEAT=$repeat \
    SFFNN_CHECK_INPUT=$tmp/live.mtx \
    "$bin/challenge-peers" "$layers" 1 "$tmp/tsv" "$tmp/in.mtx" "$expected" \
    "default=$tmp/default.so:$symbol" "drop=$tmp/drop.so:$symbol" \
    "merged=$tmp/merged.so:$symbol" > "$tmp/peers.txt"
  kill "$sampler"
  wait "$sampler" 2>/dev/null || true
  sampler=
  rm -rf "$tmp/tsv" "$tmp"/*.so
  survivors=? live=?
  if [ "$reference" = "the interpreter" ]; then
    survivors=$(wc -w < "$tmp/in.ids") live=$(wc -w < "$tmp/live.ids")
  fi
  # Rows of challenge-peers: | name | layers | threads | wall s | wall rate |
  # categories | CPU s | CPU rate | live-batch categories |
  awk -F'|' -v size="$n x $layers" -v c="$connections" -v peak="$peak" \
    -v ref="$reference" -v s="$survivors" -v l="$live" -v samples="$samples" \
    -v n_densities="$(echo $check_densities | wc -w)" \
    -v dt="$(cat "$tmp/default.time")" -v mt="$(cat "$tmp/merged.time")" \
    -v load="$(sort -g "$tmp/load.txt" | sed -n '1p;$p' | paste -sd-)" '
    function trim(x) { gsub(/^ +| +$/, "", x); return x }
    { name = trim($2); cpu[name] = trim($9); wall[name] = trim($6)
      checks = checks " " name ":" trim($7) "/" trim($10)
      if (trim($7) !~ /^(ok|reference)$/ || trim($10) !~ /^(ok|reference)$/)
        bad = 1 }
    function rate(name) { return sprintf("%.3g (%.3g)", cpu[name], wall[name]) }
    END {
      split(dt, d, " "); split(mt, m, " ")
      printf "| %s | %d | %.1f (%.1f) | %.2f | %s | %s | %s | %.1f | %s | %.2f | %.2f | %s against %s (%s; %s of %d survive) | %s |\n",
        size, c, d[1], d[2], d[3] / 1048576, rate("default"), rate("drop"),
        rate("merged"), m[1], rate("graphblas"),
        cpu["default"] / cpu["graphblas"], 2 * cpu["default"] / peak,
        bad ? "WRONG" : "ok", ref, s " of " samples " survive",
        l, 16 * n_densities, load
      if (bad) print "categories:" checks > "/dev/stderr"
    }' "$tmp/peers.txt"
done
