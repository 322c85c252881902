// A consumer reading two merged duplicates with weights that sum beyond f32
// cannot be rewritten: a located error, not an infinite weight.
// RUN: not sparse-ffnn-opt %s --sffnn-merge-duplicate-neurons 2>&1 | FileCheck %s
// CHECK: merge-duplicate-neurons-overflow.mlir:[[@LINE+7]]:8: error: cannot merge duplicate neurons: neuron 0: the weights of its 2 connections to merged duplicates sum to 6.000000e+38, beyond f32
sffnn.network @overflow(%x: tensor<?x1xf32>) -> tensor<?x1xf32> {
  %h = sffnn.layer relu (%x : tensor<?x1xf32>)
         weights <2x1, offsets = dense<[0, 1, 2]> : tensor<3xi32>,
                       indices = dense<0> : tensor<2xi32>,
                       values = dense<1.0> : tensor<2xf32>>
         -> tensor<?x2xf32>
  %y = sffnn.layer identity (%h : tensor<?x2xf32>)
         weights <1x2, offsets = dense<[0, 2]> : tensor<2xi32>,
                       indices = dense<[0, 1]> : tensor<2xi32>,
                       values = dense<3.0e38> : tensor<2xf32>>
         -> tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}
