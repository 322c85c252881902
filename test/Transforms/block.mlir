// sffnn-block: nested blocks per memory level and the schedule's I/O at each
// level's size. A chain x0 -> a -> b -> c -> d: a run of k neurons touches
// k + 1 values and needs one more word for the partial sum.
// RUN: sparse-ffnn-opt %s --sffnn-block="machine=r=3,l1=4,l2=100" | FileCheck %s
// CHECK: sffnn.blocks = {l1 = dense<[0, 2]> : tensor<2xi32>, l2 = dense<0> : tensor<1xi32>, r = dense<[0, 1, 2, 3]> : tensor<4xi32>}
// CHECK-SAME: sffnn.io_levels = {l1 = {activation = 2 : i64, blocks = 2 : i64, expansion = "neuron", register_tile = 0 : i64, total = 6 : i64, words = 4 : i64}
// RUN: sparse-ffnn-opt %s --sffnn-io-bounds --sffnn-block="machine=r=3,l1=4,l2=100" --sffnn-io-report="table=-" -o /dev/null | FileCheck %s --check-prefix=TABLE
// TABLE: level r 3 words 4 blocks
// TABLE-NEXT: level l1 4 words 2 blocks
// TABLE-NEXT: level l2 100 words 1 blocks
// RUN: not sparse-ffnn-opt %s --sffnn-block="machine=l1=big" 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: bad machine level 'l1=big': expected name=words with at least 2 words
// A repeated level name kept only one level's blocks.
// RUN: not sparse-ffnn-opt %s --sffnn-block="machine=l1=4,r=3,l1=100" 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: error: machine level 'l1' is given twice in 'l1=4,r=3,l1=100': each level needs its own name

sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %b = sffnn.neuron relu (%a) weights [1.0]
  %c = sffnn.neuron relu (%b) weights [1.0]
  %d = sffnn.neuron relu (%c) weights [1.0]
  %y = sffnn.concat %d : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}
