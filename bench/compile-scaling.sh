#!/usr/bin/env bash
# Compile cost per connection (issue 14): RadiX-Net N x L networks
# (sparse-ffnn-gen radixnet) compiled with the default options to a shared
# library by sparse-ffnn-translate, under /usr/bin/time: CPU seconds (user +
# system, the compiler and the linker it runs), wall seconds, peak resident
# memory, and each per connection. With VERIFY=1 (default for networks of
# at most 16 M connections) the kernel is also compiled and run by
# sparse-ffnn-run --verify on 64 random samples, against the interpreter.
# The samples are half dense, values uniform in [0, 2]: with the challenge's
# sparse inputs (density 0.1, values 1) every output of the wide networks is
# zero, and equal zeros would verify nothing. The last column is the share
# of the outputs that are not zero.
#
#   bench/compile-scaling.sh                         sizes 1024x120 4096x120
#   SIZES="16384x120 65536x120" VERIFY=0 bench/compile-scaling.sh
#
# 65536 x 120 (251 M connections) needs about 3.2 GB to generate and
# 11 GB to compile (docs/Performance.md): check `free -g` first.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
sizes=${SIZES:-1024x120 4096x120}
tmp=${TMPDIR_KEEP:-$(mktemp -d)}
[ -n "${TMPDIR_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT

echo "| network | connections | CPU s | wall s | peak GB | CPU µs per connection | peak bytes per connection | library MB | verified | nonzero outputs |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
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
  verified=no nonzero=-
  if [ "${VERIFY:-$([ "$connections" -le 16000000 ] && echo 1 || echo 0)}" = 1 ]; then
    "$bin/sparse-ffnn-gen" inputs --features "$n" --samples 64 \
      --density 0.5 --values uniform:0,2 --seed 1 -o "$tmp/in.txt"
    rm -f "$tmp/out.txt"
    "$bin/sparse-ffnn-run" "$net" --input "$tmp/in.txt" --verify \
      --output "$tmp/out.txt" 2>/dev/null | grep -q 'verify:.*passed' &&
      verified=yes || verified=FAILED
    nonzero=$(awk '{ for (i = 1; i <= NF; ++i) { ++all; if ($i != 0) ++nz } }
      END { printf "%.0f%%", all ? 100 * nz / all : 0 }' "$tmp/out.txt" \
      2>/dev/null || echo -)
  fi
  rm -f "$tmp/kernel.so"
  awk -v s="$size" -v c="$connections" -v u="$user" -v y="$sys" -v w="$wall" \
    -v k="$kb" -v o="$object" -v v="$verified" -v z="$nonzero" 'BEGIN {
      cpu = u + y
      printf "| %s | %d | %.1f | %.1f | %.2f | %.2f | %.0f | %.0f | %s | %s |\n",
        s, c, cpu, w, k / 1048576, cpu / c * 1e6, k * 1024 / c, o / 1e6, v, z }'
done
