#!/usr/bin/env bash
# Compile cost per connection (issue 14): RadiX-Net N x L networks
# (sparse-ffnn-gen radixnet) compiled with the default options to a shared
# library by sparse-ffnn-translate, under /usr/bin/time: CPU seconds (user +
# system, the compiler and the linker it runs), wall seconds, peak resident
# memory, and each per connection. With VERIFY=1 (default for networks of
# at most 16 M connections) the kernel is also compiled and run by
# sparse-ffnn-run --verify on 64 random samples, against the interpreter.
#
#   bench/compile-scaling.sh                         sizes 1024x120 4096x120
#   SIZES="16384x120 65536x120" VERIFY=0 bench/compile-scaling.sh
#
# 65536 x 120 (251 M connections) needs about 4.5 GB to generate and
# 13 GB to compile (docs/Performance.md): check `free -g` first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
sizes=${SIZES:-1024x120 4096x120}
tmp=${TMPDIR_KEEP:-$(mktemp -d)}
[ -n "${TMPDIR_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT

echo "| network | connections | CPU s | wall s | peak GB | CPU µs per connection | peak bytes per connection | library MB | verified |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for size in $sizes; do
  n=${size%x*} layers=${size#*x}
  net=$tmp/n$n-l$layers.mlirbc
  [ -f "$net" ] || "$bin/sparse-ffnn-gen" radixnet --neurons "$n" \
    --layers "$layers" --emit-bytecode -o "$net"
  connections=$((n * 32 * layers))
  /usr/bin/time -f "%U %S %e %M" -o "$tmp/time.txt" \
    "$bin/sparse-ffnn-translate" --compile-to shared "$net" \
    -o "$tmp/kernel.so" 2>/dev/null
  read -r user sys wall kb < "$tmp/time.txt"
  object=$(stat -c %s "$tmp/kernel.so")
  verified=no
  if [ "${VERIFY:-$([ "$connections" -le 16000000 ] && echo 1 || echo 0)}" = 1 ]; then
    "$bin/sparse-ffnn-gen" inputs --features "$n" --samples 64 \
      --density 0.0999 --values const:1 --seed 1 -o "$tmp/in.txt"
    "$bin/sparse-ffnn-run" "$net" --input "$tmp/in.txt" --verify \
      --output /dev/null 2>/dev/null | grep -q 'verify:.*passed' &&
      verified=yes || verified=FAILED
  fi
  rm -f "$tmp/kernel.so"
  awk -v s="$size" -v c="$connections" -v u="$user" -v y="$sys" -v w="$wall" \
    -v k="$kb" -v o="$object" -v v="$verified" 'BEGIN {
      cpu = u + y
      printf "| %s | %d | %.1f | %.1f | %.2f | %.2f | %.0f | %.0f | %s |\n",
        s, c, cpu, w, k / 1048576, cpu / c * 1e6, k * 1024 / c, o / 1e6, v }'
done
