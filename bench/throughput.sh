#!/usr/bin/env bash
# Live activations at batch 1024 against the FMA peak (issue 15): the real
# Graph Challenge pattern (120 layers of 1024 neurons, 32 connections each)
# with random He weights and biases that keep activations alive
# (scripts/sdnn_reference.py randomize, as bench/workload-peers.sh's
# "alive"), compiled with the default options and with the variants below,
# timed by bench/ThroughputBench.cpp next to the FMA loop of the roofline
# calibration, in one process, ROUNDS rounds (default 9), medians:
#   - default: the table form, tiles of the SIMD width, 16 neurons per
#     register group, 4 tiles per tile group;
#   - two words per tile: tile = 2 x the SIMD width, register-tile = half
#     (each weight broadcast feeds two FMAs: 10 loads per 16 FMAs instead
#     of 18);
#   - 8 tiles per group: the weights streamed half as often.
# One thread in thread CPU time (against the FMA loop's, same round), and
# the wall-time and CPU-time speedups of two threads (docs/Performance.md
# says how to read them on a loaded machine).
#   bench/throughput.sh [ROUNDS]     (needs the Graph Challenge pattern in
#                                     SFFNN_DATA_DIR, default ../shared/data)
set -euo pipefail
rounds=${1:-9}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
data=${SFFNN_DATA_DIR:-$root/../shared/data}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

/usr/bin/python3 "$root/scripts/sdnn_reference.py" randomize \
  --pattern "$data/sdnn/n1024" --layers 120 --seed 11 --out "$tmp/alive" \
  > /dev/null
"$bin/sparse-ffnn-translate" --import-graph-challenge "$tmp/alive" \
  --layers 120 --bias-file "$tmp/alive/bias.txt" --name alive \
  --emit-bytecode -o "$tmp/alive.mlirbc"
lanes=$("$bin/sparse-ffnn-run" --print-target | tr " " "\n" | sed -n "s/^simd_lanes=//p")
connections=3932160

kernels=()
variant() { # LABEL TILE OPTIONS
  "$bin/sparse-ffnn-translate" --compile-to shared "$tmp/alive.mlirbc" \
    -o "$tmp/lib$1.so" --pipeline-options="$3" 2>/dev/null
  kernels+=("$1=$tmp/lib$1.so:alive:$2")
}
variant default "$lanes" ""
variant two-words-per-tile $((2 * lanes)) \
  "tile=$((2 * lanes)) register-tile=8"
variant 8-tiles-per-group "$lanes" "tiles-per-group=8"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin/throughput-bench" 1024 1024 "$connections" 1024 "$rounds" "${kernels[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
