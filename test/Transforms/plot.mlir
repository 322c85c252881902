// sffnn-io-plot draws I/Os against M with both bounds; every point of the
// baseline is simulated (M = 2: the upper bound 11, M = 3: the lower bound 7
// for the diamond, as in io-bounds.mlir).
// RUN: sparse-ffnn-opt %s --sffnn-io-plot="output=%t.svg memories=2,3,4 anneal-iterations=100" -o /dev/null
// RUN: FileCheck %s < %t.svg
// CHECK: <svg xmlns="http://www.w3.org/2000/svg"
// Nothing is recorded on @diamond: its points are neuron orders.
// CHECK: I/Os of @diamond: I=2 n=3 W=4 (belady, neuron)
// CHECK: <polyline
// CHECK: >upper bound</text>
// CHECK: <polyline
// CHECK: >baseline</text>
// CHECK: <polyline
// CHECK: >best anchor</text>
// CHECK: <polyline
// CHECK: >annealed</text>
// CHECK: <polyline
// CHECK: >instance lower bound</text>
// CHECK: <polyline
// CHECK: >lower bound</text>
// CHECK: </svg>
// RUN: not sparse-ffnn-opt %s --sffnn-io-plot 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: error: sffnn-io-plot needs output=FILE.svg
// RUN: not sparse-ffnn-opt %s --sffnn-io-plot="output=%t.svg memories=1" 2>&1 | FileCheck %s --check-prefix=SIZE
// SIZE: error: every size in memories must be >= 2

sffnn.network @diamond(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %in:2 = sffnn.split %x : tensor<?x2xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %b = sffnn.neuron relu (%in#1) weights [1.0]
  %c = sffnn.neuron relu (%a, %b) weights [1.0, 1.0]
  %y = sffnn.concat %c : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}
