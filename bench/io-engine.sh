#!/usr/bin/env bash
# I/O engine benchmarks: simulation speed, annealing moves per second and
# peak memory per workload; quality of annealed versus baseline schedules
# over network families and fast-memory sizes. Each case runs in its own
# process. Needs the Graph Challenge data (SFFNN_DATA_DIR, default
# ../shared/data) for the gc* rows.
#   bench/io-engine.sh [speed|quality|anchors|all]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${SFFNN_BUILD_DIR:-$root/build}/bin/io-bench
export SFFNN_DATA_DIR=${SFFNN_DATA_DIR:-$root/../shared/data}
what=${1:-all}

if [[ $what == speed || $what == all ]]; then
  echo "| workload | connections | simulation s (median of 3, M=256) | annealing moves/s (10 s) | peak MB |"
  echo "| --- | --- | --- | --- | --- |"
  for w in radix-1e5 radix-1e6 gc120 radix-1e7; do "$bench" speed "$w"; done
  echo
fi
if [[ $what == quality || $what == all ]]; then
  echo "| family | M | activation LB | baseline | annealed (20 s) | reduction | baseline / LB | annealed / LB |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  for f in gc8 layered mlp dag; do
    for m in 8 32 256 4096; do "$bench" quality "$f" "$m"; done
  done
fi
if [[ $what == anchors || $what == all ]]; then
  echo
  # Anchors as neuron orders, then grouped with the kernel's register groups;
  # the default schedule with the anchor it started from and its expansion.
  echo "| family | M | LB | inst LB | baseline | depth | grouped | rcm | depth-first | partition | cache-aware | early-release | grouped, register groups | default | start, expansion | default / grouped | default / grouped (register groups) | efficiency |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for f in gc120 gc8 layered mlp dag dag64k; do
    for m in 32 256; do "$bench" anchors "$f" "$m"; done
  done
  "$bench" anchors dag64k 64
fi
