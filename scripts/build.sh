#!/usr/bin/env bash
# Installs the dependencies (as root, with apt-get), configures and builds
# sparse-ffnn into build/ (or $SFFNN_BUILD_DIR). Incremental; uses ccache.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SFFNN_BUILD_DIR:-$root/build}

"$root/scripts/install-deps.sh" "$@"

if [[ ! -f "$build/build.ninja" ]]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
    >/dev/null
fi
ninja -C "$build" | grep -v '^\[' || true
test "${PIPESTATUS[0]}" -eq 0
