#!/usr/bin/env bash
# Do I/O-efficient schedules buy speed? (issue 13, point 4)
#
#   bench/schedule-speed.sh [M] [ROUNDS] [NETWORK...]
#     M: words of fast memory the schedules are made for (default 512: the
#        32 KiB L1 of this AVX-512 host in words of 16 floats)
#     ROUNDS: timed rounds (default 31)
#     NETWORK: radix4096, radix16384, dag (default: all three)
#   Environment:
#     PULLS="4096 0"   pull windows compiled (default both)
#     FORM=table       kernel-form of every variant (table: the same code for
#                      every schedule, only the order of the tables differs;
#                      auto lets the cost model pick per chunk, so the form
#                      itself can differ between schedules)
#     TARGET_CPU=...   CPU of the timed builds (default: the host)
#     REGISTER_TILE=N  register-tile of every variant (default: the plan's 16;
#                      1 gives every order the same single-neuron code, so
#                      that only the order of the accesses differs)
#     TILES_PER_GROUP=N  tiles-per-group (default 1, see below)
#     ORDERS="baseline best annealed"  the schedules compiled: baseline,
#                      annealed, or any order of sffnn-schedule (best,
#                      grouped, cache-aware, ...); baseline must be one
#     CACHEGRIND=0     skip the cachegrind counts
#     CG_BATCH=32      samples of the batch cachegrind runs (4 AVX2 tiles)
#
# For each network, the program order (baseline), the best anchor order
# (sffnn-schedule order=best) and the annealed order (sffnn-anneal, which
# starts from the best anchor) for M words are compiled to shared libraries,
# each with the kernel plan's pulling of equal-source neurons on
# (pull-window=4096, the default until the whole-block classes) and off (pull-window=0: the code follows
# the schedule exactly), one batch tile per chunk pass (tiles-per-group=1:
# a chunk finishes a tile before it touches the next, so a word of the model
# is one word of the kernel, T samples of one value).
#
# Timing: schedule-speed loads the six libraries, and the six AVX2 ones
# below, into one process and runs them in turn, one batch of 256 samples
# each per round, and prints the median thread CPU and wall seconds of the
# kernel call alone.
#
# Counting: cachegrind runs AVX2 builds (valgrind 3.19 cannot run AVX-512)
# of all six: 8 samples, 32 bytes per word. Its caches are this host's L1
# and L2 in words: D1 = M words of 32 bytes, LL = 32 x D1 (the host has a
# 32 KiB L1 and a 1 MiB L2 per core, 512 and 16384 words of 64 bytes), both
# 8-way with 64-byte lines, so "LL misses" are L2 misses. Each library runs
# once and twice (kernel-bench REPEAT 1 and 2); the difference is one warm
# call, counted over the kernel's own functions (NAME, NAME_*) only.
#
# The simulated activation I/Os of each schedule (Belady, M words) come from
# sffnn-io-report; scratch words per tile from the kernel header; table
# bytes (weights, slot indices and biases, streamed once per tile) are the
# .rodata of the native library.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${SFFNN_BUILD_DIR:-$root/build}/bin
M=${1:-512}
rounds=${2:-31}
batch=256
cgBatch=${CG_BATCH:-32}
form=${FORM:-table}
pulls=${PULLS:-4096 0}
orders=${ORDERS:-baseline best annealed}
[[ " $orders " == *" baseline "* ]] || { echo "schedule-speed.sh: ORDERS must include baseline" >&2; exit 1; }
tilesPerGroup=${TILES_PER_GROUP:-1}
registerTile=${REGISTER_TILE:+ register-tile=$REGISTER_TILE}
cachegrind=${CACHEGRIND:-1}
if [[ $cachegrind != 0 ]] && ! command -v valgrind > /dev/null; then
  echo "schedule-speed.sh: no valgrind: skipping the cachegrind counts" >&2
  cachegrind=0
fi
# cachegrind's D1 of M 32-byte words, 8-way, 64-byte lines has M / 16 sets,
# which must be a power of two.
if ! [[ $M =~ ^[0-9]+$ ]] || (( M < 16 || (M & (M - 1)) != 0 )); then
  echo "schedule-speed.sh: M must be a power of two, at least 16 (got '$M')" >&2
  exit 1
fi
for tool in sparse-ffnn-gen sparse-ffnn-opt sparse-ffnn-translate \
            schedule-speed kernel-bench; do
  [[ -x $bin/$tool ]] || { echo "schedule-speed.sh: no $bin/$tool (build first)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name inputs outputs generator-arguments...
networks=(
  "radix4096 4096 4096 radixnet --neurons 4096 --layers 6"
  "radix16384 16384 16384 radixnet --neurons 16384 --layers 6"
  "dag 256 64 dag --inputs 256 --neurons 4096 --outputs 64 --connections 65536 --seed 1"
)
wanted=" ${*:3} "
names=" "
for spec in "${networks[@]}"; do names+="${spec%% *} "; done
for want in "${@:3}"; do
  [[ $names == *" $want "* ]] || { echo "schedule-speed.sh: unknown network '$want' (one of:$names)" >&2; exit 1; }
done
targetFlag=${TARGET_CPU:+--target-cpu=$TARGET_CPU}

echo "# bench/schedule-speed.sh $M $rounds ${*:3} (PULLS=\"$pulls\" FORM=$form${TARGET_CPU:+ TARGET_CPU=$TARGET_CPU}${REGISTER_TILE:+ REGISTER_TILE=$REGISTER_TILE} TILES_PER_GROUP=$tilesPerGroup CG_BATCH=$cgBatch)"
echo "# $(date -u '+%F %H:%M UTC'), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for spec in "${networks[@]}"; do
  read -r name inputs outputs gen <<< "$spec"
  [[ $# -gt 2 && $wanted != *" $name "* ]] && continue
  args=${spec#* * * }
  net=$tmp/$name
  "$bin/sparse-ffnn-gen" $args --name net --emit-bytecode -o "$net.mlirbc"
  "$bin/sparse-ffnn-opt" "$net.mlirbc" --sffnn-io-bounds="fast-memory=$M" \
    --sffnn-io-report="output=$net.baseline.json" \
    --emit-bytecode -o "$net.baseline.mlirbc"
  for order in $orders; do
    case $order in
      baseline) continue ;;
      annealed) pass="--sffnn-anneal=fast-memory=$M" ;;
      *) pass="--sffnn-schedule=order=$order fast-memory=$M" ;;
    esac
    "$bin/sparse-ffnn-opt" "$net.baseline.mlirbc" "$pass" \
      --sffnn-io-report="output=$net.$order.json" --emit-bytecode \
      -o "$net.$order.mlirbc"
  done
  libs=()
  for order in $orders; do
    for pull in $pulls; do
      options="pull-window=$pull tiles-per-group=$tilesPerGroup kernel-form=$form small-batch=0$registerTile"
      "$bin/sparse-ffnn-translate" --compile-to shared "$net.$order.mlirbc" \
        -o "$net.$order.$pull.so" --pipeline-options="$options" $targetFlag
      "$bin/sparse-ffnn-translate" --compile-to header "$net.$order.mlirbc" \
        -o "$net.$order.$pull.h" --pipeline-options="$options" $targetFlag
      libs+=("$net.$order.$pull.so")
      if [[ $cachegrind != 0 ]]; then
        if [[ ${TARGET_CPU:-} == haswell ]]; then
          cp "$net.$order.$pull.so" "$net.$order.$pull.avx2.so"
        else
          "$bin/sparse-ffnn-translate" --compile-to shared \
            "$net.$order.mlirbc" -o "$net.$order.$pull.avx2.so" \
            --pipeline-options="$options" --target-cpu=haswell
        fi
      fi
    done
  done
  if [[ $cachegrind != 0 ]]; then
    for lib in "${libs[@]}"; do libs+=("${lib%.so}.avx2.so"); done
  fi
  "$bin/schedule-speed" net "$inputs" "$outputs" "$batch" "$rounds" \
    "${libs[@]}" > "$net.times"
  if [[ $cachegrind != 0 ]]; then
    d1=$((M * 32))
    for order in $orders; do
      for pull in $pulls; do
        for calls in 1 2; do
          valgrind --tool=cachegrind --cache-sim=yes \
            --D1=$d1,8,64 --LL=$((32 * d1)),8,64 \
            --cachegrind-out-file="$net.$order.$pull.$calls.cg" \
            "$bin/kernel-bench" "$net.$order.$pull.avx2.so" net "$inputs" \
            "$outputs" "$cgBatch" 1 8 "$calls" > /dev/null 2> "$net.cg.log" ||
            { cat "$net.cg.log" >&2; exit 1; }
        done
      done
    done
  fi
  /usr/bin/python3 - "$net" "$name" "$M" "$batch" "$cgBatch" "$orders" \
    "$pulls" <<'PY'
import json, os, re, sys
net, name, M, batch, cg_batch = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
orders, pulls = sys.argv[6].split(), sys.argv[7].split()
reports = {o: json.load(open(f"{net}.{o}.json"))[0] for o in orders}
# Each report holds the baseline, and the order's own result under
# "annealed" (sffnn-anneal) or "schedule" (sffnn-schedule).
ios = {o: r["annealed" if o == "annealed" else
            "baseline" if o == "baseline" else "schedule"]["activation"]
       for o, r in reports.items()}
times = {}
for line in open(f"{net}.times"):
    lib, cpu, wall = line.split()
    order, pull = os.path.basename(lib).split(".")[1:3]
    build = "avx2" if lib.endswith(".avx2.so") else "native"
    times[(order, pull, build)] = (float(cpu.split("=")[1]),
                                   float(wall.split("=")[1]))

def scratch_words(order, pull):
    text = open(f"{net}.{order}.{pull}.h").read()
    return int(re.search(r"(\d+) scratch words per tile", text).group(1))

def table_bytes(order, pull, suffix="so"):
    # .rodata of the library: the tables every tile streams.
    import subprocess
    out = subprocess.run(["size", "-A", f"{net}.{order}.{pull}.{suffix}"],
                         capture_output=True, text=True, check=True).stdout
    return sum(int(l.split()[1]) for l in out.splitlines()
               if l.startswith(".rodata"))

def kernel_counts(path):
    # Sum the events of the kernel's own functions (net, net_*) in a
    # cachegrind out file: "fn=NAME" then "LINE Ir I1mr ILmr Dr D1mr DLmr
    # Dw D1mw DLmw" lines (trailing zeros may be left out).
    events, total, counting = None, None, False
    for line in open(path):
        if line.startswith("events:"):
            events = line.split()[1:]
            total = [0] * len(events)
        elif line.startswith("fn="):
            counting = re.fullmatch(r"net(_\w*)?", line[3:].strip()) is not None
        elif counting and line[:1].isdigit():
            for i, v in enumerate(line.split()[1:]):
                total[i] += int(v)
    return dict(zip(events, total))

def warm_call(order, pull):
    one = kernel_counts(f"{net}.{order}.{pull}.1.cg")
    two = kernel_counts(f"{net}.{order}.{pull}.2.cg")
    return {k: two[k] - one[k] for k in one}

conns = reports["baseline"]["connections"]
print(f"\n{name}: {conns} connections; simulated activation I/Os per tile at "
      f"M = {M} (Belady); timed: batch of {batch}, medians")
print(f"| schedule | activation I/Os | pull | scratch words | table MB | "
      f"CPU ms | wall ms | CPU / baseline |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
for pull in pulls:
    base = times[("baseline", pull, "native")][0]
    for order in orders:
        cpu, wall = times[(order, pull, "native")]
        label = "off" if pull == "0" else pull
        print(f"| {order} | {ios[order]} | {label} | "
              f"{scratch_words(order, pull)} | "
              f"{table_bytes(order, pull) / 1e6:.2f} | {cpu * 1e3:.3f} | "
              f"{wall * 1e3:.3f} | {cpu / base:.3f} |")
if os.path.exists(f"{net}.baseline.{pulls[0]}.2.cg"):
    tiles = (cg_batch + 7) // 8
    print(f"\n{name}, cachegrind: one warm call on {cg_batch} samples "
          f"({tiles} AVX2 tiles), D1 = {M} words, LL = {32 * M} words "
          f"(32 B each); per tile. AVX2 CPU ms: these libraries timed in "
          f"the same process as the native ones, batch of {batch}")
    print("| schedule | pull | AVX2 CPU ms | instructions | table lines | "
          "D1 misses | D1 misses - table lines | LL misses |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for pull in pulls:
        for order in orders:
            c = warm_call(order, pull)
            d1 = (c["D1mr"] + c["D1mw"]) // tiles
            ll = (c["DLmr"] + c["DLmw"]) // tiles
            lines = table_bytes(order, pull, "avx2.so") // 64
            label = "off" if pull == "0" else pull
            cpu = times[(order, pull, "avx2")][0]
            print(f"| {order} | {label} | {cpu * 1e3:.3f} | {c['Ir'] // tiles} | "
                  f"{lines} | {d1} | {d1 - lines} | {ll} |")
PY
done
echo
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
