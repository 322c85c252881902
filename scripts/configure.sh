#!/usr/bin/env bash
# Configures a build directory once (Release, clang-22, ccache, MLIR 22):
#   scripts/configure.sh BUILD_DIR [-DOPTION=VALUE...]
# Does nothing when BUILD_DIR already has build.ninja.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$1
shift
[[ -f "$build/build.ninja" ]] && exit 0
cmake -G Ninja -S "$root" -B "$build" \
  -DCMAKE_BUILD_TYPE=Release \
  -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
  -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
  "$@" >/dev/null
