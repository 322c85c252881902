#!/usr/bin/env bash
# The network kinds of the codegen differential tests, shared by
# differential.sh and small-batch.sh. Sourced; `make_network KIND` writes
# net.mlir in the current directory and sets `inputs` to its input count;
# `make_schedules` writes its annealed and cache-blocked schedules.
make_network() {
  local kind=$1
  case $kind in
    relu) gen layered --widths=24,40,40,10 --density=0.3 --bias=normal:0,0.2 \
            --seed=1 -o net.mlir; inputs=24 ;;
    sigmoid-tanh) gen layered --widths=30,50,20 --density=0.25 \
            --activation=sigmoid --output-activation=tanh --bias=normal:0,0.5 \
            --seed=2 -o net.mlir; inputs=30 ;;
    identity) gen layered --widths=20,33,17 --density=0.4 --activation=identity \
            --output-activation=identity --bias=none --seed=3 -o net.mlir
            inputs=20 ;;
    clamp) # relu clamped at 0.5 in every layer: outputs mix 0, 0.5 and
            # values in between.
            gen layered --widths=32,48,48,48,12 --density=0.2 \
              --output-activation=relu --bias=normal:0,0.2 --seed=4 -o plain.mlir
            sed 's/sffnn.layer relu (/sffnn.layer relu clamp 5.000000e-01 (/' \
              plain.mlir > net.mlir; inputs=32 ;;
    dag) gen dag --inputs=16 --neurons=120 --connections=700 --outputs=9 \
            --activation=tanh --output-activation=identity --bias=normal:0,0.1 \
            --seed=5 -o net.mlir; inputs=16 ;;
    radixnet) # Graph Challenge layers: groups of neurons with the same
            # sources (broadcast steps of the small-batch code) and groups
            # with different ones (gather rows).
            gen radixnet --neurons=64 --block=8 --layers=3 --bias=-0.3 \
              --clamp=none -o net.mlir; inputs=64 ;;
    dead-ends) # One or three sources per neuron and four outputs: most
            # neurons feed only neurons no output depends on (dead code,
            # transitively), and few inputs are read (the small-batch code
            # copies only those).
            gen layered --widths=240,80,80,4 --density=0.0125 \
              --bias=normal:0,0.2 --seed=6 -o net.mlir; inputs=240 ;;
    *) echo "unknown kind $kind" >&2; exit 2 ;;
  esac
}
make_schedules() {
  sparse-ffnn-opt net.mlir --sffnn-anneal="fast-memory=8 iterations=3000 seed=7" \
    -o annealed.mlir
  sparse-ffnn-opt net.mlir \
    --sffnn-block="machine=registers=8,l1=48" -o blocked.mlir
}
gen() { sparse-ffnn-gen "$@"; }
