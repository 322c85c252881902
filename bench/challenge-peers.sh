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
  for threads in 1 2; do
    "$bin/challenge-peers" "$layers" "$threads"
    # PyTorch (scripts/install-deps.sh --bench), when installed.
    if /usr/bin/python3 -c "import torch" 2>/dev/null; then
      /usr/bin/python3 "$root/bench/challenge_torch.py" "$SFFNN_DATA_DIR/sdnn" \
        "$layers" "$threads"
    fi
  done
  # MLIR's --sparsifier emits sequential code: one row per depth.
  /usr/bin/python3 "$root/bench/challenge_sparsifier.py" "$SFFNN_DATA_DIR/sdnn" \
    "$layers" 1
done
