#!/usr/bin/env bash
# Graph Challenge inference (1200-image subset) with the peers, 30 and 120
# layers, 1 and 2 threads; every row is checked against the golden ids.
#   bench/challenge-peers.sh     (needs SFFNN_DATA_DIR, default ../shared/data)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
export SFFNN_DATA_DIR=${SFFNN_DATA_DIR:-$root/../shared/data}
echo "| peer | layers | threads | seconds (median of 3) | connection-samples/s | categories |"
echo "| --- | --- | --- | --- | --- | --- |"
for layers in 30 120; do
  for threads in 1 2; do "$bin/challenge-peers" "$layers" "$threads"; done
done
