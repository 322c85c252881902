// Which expansion sffnn-block and sffnn-io-plot take by default
// (expansion=recorded): the one recorded with the network's schedule,
// sffnn.io_annealed's before sffnn.io_schedule's. A pass that records a
// different order drops the counts and blocks of the old one, so what is
// left always describes sffnn.schedule. @net: x -> a -> b and x -> c, so
// order=depth (a, c, b) differs from the program order (a, b, c).
// RUN: sparse-ffnn-opt %s --sffnn-block="machine=m=3" | FileCheck %s --check-prefix=ANNEALED
// ANNEALED: sffnn.io_levels = {m = {{{.*}}expansion = "register-groups", register_tile = 4 : i64
// RUN: sparse-ffnn-opt %s --sffnn-schedule="order=depth" --sffnn-block="machine=m=3" | FileCheck %s --check-prefix=REPLACED
// REPLACED-NOT: sffnn.io_annealed
// REPLACED: sffnn.io_levels = {m = {{{.*}}expansion = "neuron", register_tile = 0 : i64
// REPLACED-NOT: sffnn.io_annealed
// REPLACED: sffnn.schedule = dense<[1, 3, 2]>
// The blocks of an order survive a pass that records the same order again,
// not one that records another.
// RUN: sparse-ffnn-opt %s --sffnn-block="machine=m=3" --sffnn-schedule="order=given" | FileCheck %s --check-prefix=KEPT
// KEPT: sffnn.blocks = {m =
// KEPT-SAME: sffnn.io_annealed
// RUN: sparse-ffnn-opt %s --sffnn-block="machine=m=3" --sffnn-schedule="order=depth" | FileCheck %s --check-prefix=DROPPED
// DROPPED-NOT: sffnn.blocks
// DROPPED-NOT: sffnn.io_levels
// DROPPED: sffnn.io_schedule

sffnn.network @net(%x: tensor<?x1xf32>) -> tensor<?x2xf32> attributes {
    sffnn.schedule = dense<[1, 2, 3]> : tensor<3xi32>,
    sffnn.io_annealed = {accepted = 0 : i64, activation = 4 : i64, expansion = "register-groups", fast_memory = 3 : i64, hidden_loads = 0 : i64, hidden_stores = 0 : i64, input_loads = 1 : i64, moves = 0 : i64, output_stores = 2 : i64, partial_loads = 0 : i64, partial_stores = 0 : i64, policy = "belady", register_tile = 4 : i64, seed = 1 : i64, start = "recorded", start_total = 10 : i64, total = 10 : i64}} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %b = sffnn.neuron relu (%a) weights [1.0]
  %c = sffnn.neuron relu (%in#0) weights [2.0]
  %y = sffnn.concat %b, %c : tensor<?x2xf32>
  sffnn.return %y : tensor<?x2xf32>
}
