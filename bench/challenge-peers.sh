#!/usr/bin/env bash
# Graph Challenge inference (1200-image subset) with our compiled kernels and
# the peers, 30 and 120 layers, 1 and 2 threads; every row is checked
# against the golden ids.
#   bench/challenge-peers.sh     (needs SFFNN_DATA_DIR, default ../shared/data)
# LAYERS="120" THREADS="1" runs a subset; EXTRA=0 skips PyTorch and MLIR's
# sparsifier. Every peer's clock holds the inference only (bench/ChallengePeers.cpp).
# "merged" rows run our kernel on the network with its duplicate neurons
# merged (--merge-duplicate-neurons): an optimization the peers do not get;
# connection-samples/s still count every connection of the original network.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
export SFFNN_DATA_DIR=${SFFNN_DATA_DIR:-$root/../shared/data}
golden="287 295 386 427 428 529 571 666 757 943 945 1031 1097 1098 1177 1184 1190 1194 1200"
images=$SFFNN_DATA_DIR/sdnn/lagraph/sparse-images-1024_subset.mtx
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# ours: sparse-ffnn-run compiles once per row (not timed) and reports the
# median of --repeat runs; the categories are checked like the peers'.
ours() { # LABEL LAYERS THREADS OPTIONS...
  local label=$1 layers=$2 threads=$3
  shift 3
  local out
  out=$("$bin/sparse-ffnn-run" "$tmp/net$layers.mlirbc" --input "$images" \
    --threads "$threads" --categories --time --repeat 5 "$@" 2>/dev/null)
  local ids seconds rate check
  ids=$(echo "$out" | head -1)
  seconds=$(echo "$out" | sed -n 's/^seconds=\([^ ]*\) .*/\1/p')
  rate=$(echo "$out" | sed -n 's/.*edges_per_s=\(.*\)/\1/p')
  check=n/a
  if [[ $layers == 30 || $layers == 120 ]]; then
    [[ $ids == "$golden" ]] && check=golden || check=WRONG
  fi
  printf '| %s | %s | %s | %.4f | %.3g | %s |\n' "$label" "$layers" \
    "$threads" "$seconds" "$rate" "$check"
}
echo "| peer | layers | threads | seconds (median of 3; ours: of 5) | connection-samples/s | categories |"
echo "| --- | --- | --- | --- | --- | --- |"
for layers in ${LAYERS:-30 120}; do
  "$bin/sparse-ffnn-translate" --import-graph-challenge \
    "$SFFNN_DATA_DIR/sdnn/n1024" --layers "$layers" --emit-bytecode \
    -o "$tmp/net$layers.mlirbc"
  for threads in ${THREADS:-1 2}; do
    ours "ours (default)" "$layers" "$threads"
    ours "ours --drop-dead-samples" "$layers" "$threads" --drop-dead-samples
    ours "ours merged" "$layers" "$threads" --merge-duplicate-neurons
    ours "ours merged --drop-dead-samples" "$layers" "$threads" \
      --merge-duplicate-neurons --drop-dead-samples
    "$bin/challenge-peers" "$layers" "$threads"
    # PyTorch (scripts/install-deps.sh --bench), when installed.
    if [[ ${EXTRA:-1} == 1 ]] && /usr/bin/python3 -c "import torch" 2>/dev/null; then
      /usr/bin/python3 "$root/bench/challenge_torch.py" "$SFFNN_DATA_DIR/sdnn" \
        "$layers" "$threads"
    fi
  done
  # MLIR's --sparsifier emits sequential code: one row per depth.
  if [[ ${EXTRA:-1} == 1 ]]; then
    /usr/bin/python3 "$root/bench/challenge_sparsifier.py" \
      "$SFFNN_DATA_DIR/sdnn" "$layers" 1
  fi
done
