// Files written before sffnn-block recorded an expansion per level stay
// valid: sffnn.io_levels without `expansion` and `register_tile` verifies,
// and the report prints such a level as before (a neuron order).
// RUN: sparse-ffnn-opt %s | FileCheck %s
// CHECK: sffnn.io_levels = {l1 = {activation = 1 : i64, blocks = 1 : i64, total = 3 : i64, words = 8 : i64}}
// RUN: sparse-ffnn-opt %s --sffnn-io-bounds --sffnn-io-report="table=-" -o /dev/null | FileCheck %s --check-prefix=TABLE
// TABLE: level l1 8 words 1 blocks schedule I/O 3 (activations 1){{$}}

sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {sffnn.io_levels = {l1 = {words = 8 : i64, blocks = 1 : i64, total = 3 : i64, activation = 1 : i64}}} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}
