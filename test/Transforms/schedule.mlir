// sffnn-schedule records a neuron order and its simulated I/O. In @skewed
// the program order computes a chain first and the independent neuron last;
// order=depth moves it forward.
// RUN: sparse-ffnn-opt %s --sffnn-schedule="order=given fast-memory=4" | FileCheck %s --check-prefix=GIVEN
// GIVEN: sffnn.io_schedule = {activation = {{[0-9]+}} : i64
// GIVEN-SAME: order = "baseline"
// GIVEN-SAME: sffnn.schedule = dense<[1, 2, 3, 4]> : tensor<4xi32>
// RUN: sparse-ffnn-opt %s --sffnn-schedule="order=depth fast-memory=4" | FileCheck %s --check-prefix=DEPTH
// DEPTH: order = "depth"
// DEPTH-SAME: sffnn.schedule = dense<[1, 4, 2, 3]> : tensor<4xi32>

sffnn.network @skewed(%x: tensor<?x1xf32>) -> tensor<?x2xf32> {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %b = sffnn.neuron relu (%a) weights [1.0]
  %c = sffnn.neuron relu (%b) weights [1.0]
  %d = sffnn.neuron relu (%in#0) weights [2.0]
  %y = sffnn.concat %c, %d : tensor<?x2xf32>
  sffnn.return %y : tensor<?x2xf32>
}
