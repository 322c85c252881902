// The pass inside Debian's own mlir-opt through the plugin (options in
// --pass-pipeline, docs/Integration.md), on a linear + relu with a CSR
// weight.
// RUN: %debian_mlir_opt --load-dialect-plugin=%sffnn_plugin --load-pass-plugin=%sffnn_plugin %s \
// RUN:   --pass-pipeline="builtin.module(sffnn-raise-linalg{min-sparsity=0})" | FileCheck %s

// CHECK-LABEL: sffnn.network @linear_relu_sffnn
// CHECK-NEXT: sffnn.layer relu (%arg0 : tensor<?x3xf32>) weights <2x3, offsets = dense<[0, 1, 2]> : tensor<3xi32>, indices = dense<[2, 0]> : tensor<2xi32>, values = dense<[7.000000e+00, 5.000000e+00]> : tensor<2xf32>>
// CHECK-LABEL: func.func @linear_relu
// CHECK-NEXT: sffnn.call @linear_relu_sffnn(%arg0) : (tensor<4x3xf32>) -> tensor<4x2xf32>
// CHECK-NEXT: return
#CSR = #sparse_tensor.encoding<{ map = (d0, d1) -> (d0 : dense, d1 : compressed) }>
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @linear_relu(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = arith.constant dense<[[0.0, 5.0], [0.0, 0.0], [7.0, 0.0]]> : tensor<3x2xf32>
  %ws = sparse_tensor.convert %w : tensor<3x2xf32> to tensor<3x2xf32, #CSR>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4x2xf32>) -> tensor<4x2xf32>
  %y = linalg.matmul ins(%x, %ws : tensor<4x3xf32>, tensor<3x2xf32, #CSR>) outs(%init : tensor<4x2xf32>) -> tensor<4x2xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<4x2xf32>) outs(%e : tensor<4x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}
