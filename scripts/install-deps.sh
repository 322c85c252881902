#!/usr/bin/env bash
# Installs every system package sparse-ffnn needs, with apt-get, as root.
# Idempotent and quiet: packages already installed are skipped without touching apt.
#   scripts/install-deps.sh          build + test dependencies
#   scripts/install-deps.sh --bench  also the benchmark peers (OpenBLAS, PyTorch, ...)
set -euo pipefail

packages=(
  # Toolchain and build.
  cmake ninja-build ccache g++ python3
  # LLVM/MLIR 22 (bookworm-security), linked through libMLIR.so; lit and FileCheck.
  libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools clang-22
  # C++ unit tests.
  libgtest-dev
  # Boost.Graph (headers): reverse Cuthill-McKee in the I/O engine.
  libboost-graph-dev
  # METIS: graph bisection for the partition anchor order of the I/O engine.
  libmetis-dev
  # libFuzzer and the ASan/UBSan runtimes of clang-22 (scripts/fuzz.sh, scripts/sanitize.sh).
  libclang-rt-22-dev
  # Independent references for value-sensitive tests.
  libgraphblas-dev python3-scipy python3-numpy
  # The ONNX importer (ONNX 1.12 C++ library and its checker, protobuf); the
  # importer's tests: python3-onnx builds models, libonnx-testdata holds
  # ONNX's backend cases, python3-torch exports pruned PyTorch models.
  libonnx-dev libprotobuf-dev python3-onnx libonnx-testdata python3-torch
  # Inference over MPI (runtime/mpi, sparse-ffnn-run --mpi-split, docs/Distributed.md).
  libopenmpi-dev openmpi-bin
)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(libopenblas-dev libeigen3-dev valgrind hyperfine
    dataset-fashion-mnist)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages: ${missing[*]}; run as root" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
