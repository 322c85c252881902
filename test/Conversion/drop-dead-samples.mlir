// drop-dead-samples: calls to drop dead samples only after chunks from which every
// later neuron maps zero to zero; otherwise a remark and no call.
// RUN: sparse-ffnn-opt %s --split-input-file --convert-sffnn-to-vector="tile=8 chunk-connections=1 register-tile=1 drop-dead-samples=true" 2>/dev/null | FileCheck %s
// RUN: sparse-ffnn-opt %s --split-input-file --convert-sffnn-to-vector="tile=8 chunk-connections=1 register-tile=1 drop-dead-samples=true" 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark
// Only @lives gets the remark:
// REMARK: remark: drop-dead-samples: no chunk boundary after which zero stays zero
// REMARK-NEXT: sffnn.network @lives

// Negative biases, relu: samples may be dropped after the first layer,
// where 16 connections have run for 1 live value (the rule asks for 8).
sffnn.network @dies(%x: tensor<?x16xf32>) -> tensor<?x1xf32> {
  %h = sffnn.layer relu (%x : tensor<?x16xf32>) weights #sffnn.csr<1x16,
         offsets = dense<[0, 16]> : tensor<2xi32>,
         indices = dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]> : tensor<16xi32>,
         values = dense<1.0> : tensor<16xf32>>
       bias dense<-0.5> : tensor<1xf32> -> tensor<?x1xf32>
  %y = sffnn.layer relu (%h : tensor<?x1xf32>) weights #sffnn.csr<1x1,
         offsets = dense<[0, 1]> : tensor<2xi32>,
         indices = dense<[0]> : tensor<1xi32>,
         values = dense<2.0> : tensor<1xf32>>
       bias dense<-0.5> : tensor<1xf32> -> tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}
// CHECK-LABEL: func.func @dies_impl(
// CHECK-SAME: chunks = 2 : i64{{.*}}drop_dead_samples = true
// CHECK: call @sffnn_rt_drop_dead(
// CHECK-NOT: call @sffnn_rt_drop_dead(
// CHECK: call @sffnn_rt_scatter(

// -----

// A positive bias in the last layer: nothing can be dropped.
sffnn.network @lives(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %h = sffnn.layer relu (%x : tensor<?x2xf32>) weights #sffnn.csr<2x2,
         offsets = dense<[0, 1, 2]> : tensor<3xi32>,
         indices = dense<[0, 1]> : tensor<2xi32>,
         values = dense<[1.0, 1.0]> : tensor<2xf32>>
       bias dense<[-0.5, -0.5]> : tensor<2xf32> -> tensor<?x2xf32>
  %y = sffnn.layer relu (%h : tensor<?x2xf32>) weights #sffnn.csr<1x2,
         offsets = dense<[0, 2]> : tensor<2xi32>,
         indices = dense<[0, 1]> : tensor<2xi32>,
         values = dense<[1.0, 1.0]> : tensor<2xf32>>
       bias dense<[0.5]> : tensor<1xf32> -> tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}
// CHECK-LABEL: func.func @lives_impl(
// CHECK-NOT: call @sffnn_rt_drop_dead(
// CHECK: call @sffnn_rt_scatter(
