#!/usr/bin/env bash
# Compiles every library source of lib/ and runtime/ for aarch64-linux-gnu
# (syntax and semantics, no link): the compiler must not depend on x86.
# Needs Debian's cross headers: apt-get install libstdc++-12-dev-arm64-cross
# libc6-dev-arm64-cross (about 3 minutes on 2 cores).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SFFNN_BUILD_DIR:-$root/build}
fail=0
for f in $(cd "$root" && ls lib/*/*.cpp lib/*/*/*/*.cpp runtime/*.cpp 2>/dev/null); do
  if ! clang++-22 --target=aarch64-linux-gnu -std=c++17 -fsyntax-only -fno-exceptions \
      -I"$root/include" -I"$build/include" -I"$root/runtime" -isystem /usr/lib/llvm-22/include \
      -DSFFNN_RUNTIME_LIBRARY='""' -Wno-unused-command-line-argument "$root/$f" 2>/tmp/a64.err; then
    echo "FAILED: $f"; head -5 /tmp/a64.err; fail=1
  fi
done
[ $fail -eq 0 ] && echo "all library sources compile for aarch64-linux-gnu"
exit $fail
