#!/usr/bin/env bash
# The main job on the bundled default: installs and builds, generates a
# Graph-Challenge-shaped network (RadiX-Net, 1024 neurons x 120 layers, 3.9 M
# connections), writes it as Graph Challenge TSV and imports it back,
# verifies it, computes its I/O bounds and the exact I/O of the baseline
# and of a simulated-annealing schedule, compiles the scheduled network to a
# native kernel and runs a generated batch through it (verified against the
# reference interpreter), checks every output against an independent scipy
# float64 reference and prints the speed of both.
#   scripts/demo.sh [--layers N] [--samples N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SFFNN_BUILD_DIR:-$root/build}
layers=120 samples=1024
while [[ $# -gt 0 ]]; do
  case "$1" in
    --layers) layers=$2; shift 2 ;;
    --samples) samples=$2; shift 2 ;;
    *) echo "usage: scripts/demo.sh [--layers N] [--samples N]" >&2; exit 2 ;;
  esac
done

"$root/scripts/build.sh"
bin=$build/bin
work=$build/demo
rm -rf "$work" && mkdir -p "$work"
step() { printf '\n== %s\n' "$*"; }

step "generate: RadiX-Net, 1024 neurons x $layers layers (Graph Challenge shape)"
"$bin/sparse-ffnn-gen" radixnet --neurons 1024 --layers "$layers" -o "$work/gen.mlir"
"$bin/sparse-ffnn-translate" --export-graph-challenge "$work/tsv" "$work/gen.mlir"
echo "wrote $(ls "$work/tsv" | wc -l) layer files to $work/tsv"

step "import the TSV files and verify the IR"
"$bin/sparse-ffnn-translate" --import-graph-challenge "$work/tsv" \
  --layers "$layers" --emit-bytecode -o "$work/net.mlirbc"
"$bin/sparse-ffnn-opt" "$work/net.mlirbc" --verify-each -o /dev/null
echo "verified: every op satisfies docs/Spec.md"

step "analyse: I/O bounds, baseline and annealed schedules (M = 256 words, 10 s of annealing)"
"$bin/sparse-ffnn-opt" "$work/net.mlirbc" --sffnn-io-bounds="fast-memory=256" \
  --sffnn-anneal="fast-memory=256 iterations=0 seconds=10" \
  --sffnn-io-report="table=- output=$work/io.json" --emit-bytecode \
  -o "$work/scheduled.mlirbc"

step "generate $samples input samples (30% ones)"
"$bin/sparse-ffnn-gen" inputs --features 1024 --samples "$samples" \
  --density 0.3 --values const:1 -o "$work/x.txt"

step "run the reference interpreter (median of 3)"
"$bin/sparse-ffnn-run" "$work/net.mlirbc" --input "$work/x.txt" --interpret \
  --summary --time --repeat 3

step "compile the scheduled network and run it (median of 5), verified against the interpreter"
"$bin/sparse-ffnn-run" "$work/scheduled.mlirbc" --input "$work/x.txt" \
  --compile-stats --verify --time --repeat 5 --output "$work/y.txt"
alive=$(awk '{ for (i = 1; i <= NF; i++) if ($i != 0) { n++; break } } END { print n + 0 }' "$work/y.txt")
echo "samples with a nonzero output: $alive of $samples"

step "verify against an independent float64 reference (scipy)"
/usr/bin/python3 "$root/scripts/sdnn_reference.py" check --net "$work/tsv" \
  --layers "$layers" --bias -0.3 --clamp 32 --input "$work/x.txt" \
  --compare "$work/y.txt" --min-alive 0
