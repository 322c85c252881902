#!/usr/bin/env bash
# Installs the dependencies (as root, with apt-get), configures and builds
# sparse-ffnn into build/ (or $SFFNN_BUILD_DIR). Incremental; uses ccache.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SFFNN_BUILD_DIR:-$root/build}

"$root/scripts/install-deps.sh" "$@"

"$root/scripts/configure.sh" "$build"
# Ninja's progress lines hidden; its exit status is the script's.
ninja -C "$build" | { grep -v '^\[' || true; }
exit "${PIPESTATUS[0]}"
