// How a schedule is counted: a neuron order (each neuron in one go) or the
// compiled kernel's register groups (each shared source loaded once for
// the whole group, partial sums). c and d both read x0, x1, x2, no biases:
// W = 6, P = 6. With M = 3 a neuron at a time loads 4 inputs (d must reload
// one that c's last source evicted) and stores 2 outputs: 6; the group
// {c, d} keeps both partial sums and streams each input once: 3 + 2 = 5,
// the optimum. Groups of one neuron are the neuron order again.
// RUN: sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=3" --sffnn-schedule="order=given fast-memory=3 expansion=best" --sffnn-io-report="table=-" -o /dev/null | FileCheck %s --check-prefix=BEST
// BEST: baseline (belady) 12 6 6
// BEST: schedule (belady, register-groups of 16) 11 6 5 3 2
// RUN: sparse-ffnn-opt %s --sffnn-schedule="order=given fast-memory=3" | FileCheck %s --check-prefix=NEURON
// NEURON: sffnn.io_schedule = {activation = 6 : i64, expansion = "neuron", {{.*}} register_tile = 0 : i64
// RUN: sparse-ffnn-opt %s --sffnn-schedule="order=given fast-memory=3 expansion=register-groups register-tile=1" | FileCheck %s --check-prefix=TILE1
// TILE1: sffnn.io_schedule = {activation = 6 : i64, expansion = "register-groups", {{.*}} register_tile = 1 : i64
// With room for everything both cost the lower bound and the tie keeps the
// neuron order.
// RUN: sparse-ffnn-opt %s --sffnn-schedule="order=best fast-memory=8 expansion=best" | FileCheck %s --check-prefix=TIE
// TIE: sffnn.io_schedule = {activation = 5 : i64, expansion = "neuron"
// The annealer (default expansion=best) keeps the cheaper expansion, and the
// JSON report says which one each schedule uses.
// RUN: sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=3" --sffnn-anneal="fast-memory=3 iterations=100" --sffnn-io-report="output=%t.json" -o %t.mlir
// RUN: FileCheck %s --check-prefix=ANNEAL < %t.mlir
// ANNEAL: sffnn.io_annealed = {accepted = {{[0-9]+}} : i64, activation = 5 : i64, expansion = "register-groups", {{.*}} register_tile = 16 : i64
// RUN: %python -c "import json; r = json.load(open('%t.json'))[0]; print(r['baseline']['expansion'], r['annealed']['expansion'], r['annealed']['activation'])" | FileCheck %s --check-prefix=JSON
// JSON: neuron register-groups 5
// RUN: sparse-ffnn-opt %s --sffnn-anneal="fast-memory=3 iterations=100 expansion=neuron" | FileCheck %s --check-prefix=ANNEAL-NEURON
// ANNEAL-NEURON: sffnn.io_annealed = {accepted = {{[0-9]+}} : i64, activation = 6 : i64, expansion = "neuron"
// RUN: not sparse-ffnn-opt %s --sffnn-schedule="expansion=groups" 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: unknown expansion 'groups'; expected neuron, register-groups or best
// RUN: not sparse-ffnn-opt %s --sffnn-anneal="register-tile=0" 2>&1 | FileCheck %s --check-prefix=TILE0
// TILE0: error: register-tile must be at least 1, got 0

sffnn.network @shared(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %in:3 = sffnn.split %x : tensor<?x3xf32>
  %c = sffnn.neuron relu (%in#0, %in#1, %in#2) weights [1.0, 2.0, 3.0]
  %d = sffnn.neuron relu (%in#0, %in#1, %in#2) weights [4.0, 5.0, 6.0]
  %y = sffnn.concat %c, %d : tensor<?x2xf32>
  sffnn.return %y : tensor<?x2xf32>
}
