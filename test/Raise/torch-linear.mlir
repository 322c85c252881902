// Linear layers in the shapes torch-mlir emits (nn.Linear + ReLU), raised
// to one sffnn.layer each: the transposed-weight generic, the bias in a
// generic or broadcast into `outs`, relu as cmpf+select or maximumf.
// RUN: sparse-ffnn-opt %s -split-input-file --sffnn-raise-linalg=min-sparsity=0 | FileCheck %s

// The weight W (out x in) through the transposing generic, zero fill, bias
// in a broadcast generic, relu as cmpf ugt + select. Zeros are dropped.
// CHECK-LABEL: sffnn.network @forward_sffnn(%{{.*}}: tensor<?x3xf32>) -> tensor<?x4xf32>
// CHECK: sffnn.layer relu (%{{.*}} : tensor<?x3xf32>) weights <4x3, offsets = dense<[0, 2, 3, 4, 5]> : tensor<5xi32>, indices = dense<[0, 2, 2, 0, 1]> : tensor<5xi32>, values = dense<[5.000000e-01, -1.000000e+00, 2.000000e+00, 1.500000e+00, -2.500000e-01]> : tensor<5xf32>> bias dense<[1.000000e-01, -2.000000e-01, 3.000000e-01, 0.000000e+00]> : tensor<4xf32> -> tensor<?x4xf32>
// CHECK-LABEL: func.func @forward
// CHECK-NEXT: %[[Y:.*]] = sffnn.call @forward_sffnn(%arg0) : (tensor<2x3xf32>) -> tensor<2x4xf32>
// CHECK-NEXT: return %[[Y]]
#map = affine_map<(d0, d1) -> (d0, d1)>
#map1 = affine_map<(d0, d1) -> (d1, d0)>
#map2 = affine_map<(d0, d1) -> (d1)>
func.func @forward(%arg0: tensor<2x3xf32>) -> tensor<2x4xf32> {
  %cst = arith.constant dense<[[0.5, 0.0, -1.0], [0.0, 0.0, 2.0], [1.5, 0.0, 0.0], [0.0, -0.25, 0.0]]> : tensor<4x3xf32>
  %bias = arith.constant dense<[0.1, -0.2, 0.3, 0.0]> : tensor<4xf32>
  %zero = arith.constant 0.000000e+00 : f32
  %0 = tensor.empty() : tensor<3x4xf32>
  %1 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel"]} ins(%cst : tensor<4x3xf32>) outs(%0 : tensor<3x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<3x4xf32>
  %2 = tensor.empty() : tensor<2x4xf32>
  %3 = linalg.fill ins(%zero : f32) outs(%2 : tensor<2x4xf32>) -> tensor<2x4xf32>
  %4 = linalg.matmul ins(%arg0, %1 : tensor<2x3xf32>, tensor<3x4xf32>) outs(%3 : tensor<2x4xf32>) -> tensor<2x4xf32>
  %5 = linalg.generic {indexing_maps = [#map, #map2, #map], iterator_types = ["parallel", "parallel"]} ins(%4, %bias : tensor<2x4xf32>, tensor<4xf32>) outs(%2 : tensor<2x4xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %8 = arith.addf %in, %in_1 : f32
    linalg.yield %8 : f32
  } -> tensor<2x4xf32>
  %6 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%5 : tensor<2x4xf32>) outs(%2 : tensor<2x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %8 = arith.cmpf ugt, %in, %zero : f32
    %9 = arith.select %8, %in, %zero : f32
    linalg.yield %9 : f32
  } -> tensor<2x4xf32>
  return %6 : tensor<2x4xf32>
}

// -----

// A dynamic batch, the bias broadcast into `outs` by a generic, relu as
// arith.maximumf; the weight is already in x W form (in x out).
// CHECK-LABEL: sffnn.network @linear_outs_sffnn
// CHECK: sffnn.layer relu (%{{.*}} : tensor<?x3xf32>) weights <2x3, offsets = dense<[0, 1, 3]> : tensor<3xi32>, indices = dense<[0, 1, 2]> : tensor<3xi32>, values = dense<[1.000000e+00, 3.000000e+00, 4.000000e+00]> : tensor<3xf32>> bias dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>
// CHECK-LABEL: func.func @linear_outs
// CHECK-NEXT: sffnn.call @linear_outs_sffnn(%arg0) : (tensor<?x3xf32>) -> tensor<?x2xf32>
// CHECK-NOT: linalg
#id = affine_map<(d0, d1) -> (d0, d1)>
#bcast = affine_map<(d0, d1) -> (d1)>
func.func @linear_outs(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %c0 = arith.constant 0 : index
  %w = arith.constant dense<[[1.0, 0.0], [0.0, 3.0], [0.0, 4.0]]> : tensor<3x2xf32>
  %b = arith.constant dense<[0.5, -0.5]> : tensor<2xf32>
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %x, %c0 : tensor<?x3xf32>
  %e = tensor.empty(%n) : tensor<?x2xf32>
  %init = linalg.generic {indexing_maps = [#bcast, #id], iterator_types = ["parallel", "parallel"]} ins(%b : tensor<2xf32>) outs(%e : tensor<?x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<?x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<?x3xf32>, tensor<3x2xf32>) outs(%init : tensor<?x2xf32>) -> tensor<?x2xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<?x2xf32>) outs(%e : tensor<?x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<?x2xf32>
  return %r : tensor<?x2xf32>
}

// -----

// linalg.transpose of the constant, the bias by linalg.broadcast into
// `outs`, no activation.
// CHECK-LABEL: sffnn.network @transpose_broadcast_sffnn
// CHECK: sffnn.layer identity (%{{.*}} : tensor<?x2xf32>) weights <3x2, offsets = dense<[0, 1, 2, 3]> : tensor<4xi32>, indices = dense<[0, 1, 1]> : tensor<3xi32>, values = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>> bias dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-LABEL: func.func @transpose_broadcast
// CHECK-NEXT: sffnn.call @transpose_broadcast_sffnn
func.func @transpose_broadcast(%x: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %w = arith.constant dense<[[1.0, 0.0], [0.0, 2.0], [0.0, 3.0]]> : tensor<3x2xf32>
  %b = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %et = tensor.empty() : tensor<2x3xf32>
  %wt = linalg.transpose ins(%w : tensor<3x2xf32>) outs(%et : tensor<2x3xf32>) permutation = [1, 0]
  %e = tensor.empty() : tensor<4x3xf32>
  %init = linalg.broadcast ins(%b : tensor<3xf32>) outs(%e : tensor<4x3xf32>) dimensions = [0]
  %y = linalg.matmul ins(%x, %wt : tensor<4x2xf32>, tensor<2x3xf32>) outs(%init : tensor<4x3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// linalg.matmul with a transposed right operand (x W^T through its
// indexing maps) and a dense_resource weight.
// CHECK-LABEL: sffnn.network @matmul_transpose_b_sffnn
// CHECK: sffnn.layer identity (%{{.*}} : tensor<?x2xf32>) weights <2x2, offsets = dense<[0, 1, 2]> : tensor<3xi32>, indices = dense<[1, 0]> : tensor<2xi32>, values = dense<[2.000000e+00, 3.000000e+00]> : tensor<2xf32>>
// CHECK-NOT: bias
// CHECK-LABEL: func.func @matmul_transpose_b
// CHECK-NEXT: sffnn.call @matmul_transpose_b_sffnn
func.func @matmul_transpose_b(%x: tensor<5x2xf32>) -> tensor<5x2xf32> {
  %w = arith.constant dense_resource<w_blob> : tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<5x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<5x2xf32>) -> tensor<5x2xf32>
  %y = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1)>] ins(%x, %w : tensor<5x2xf32>, tensor<2x2xf32>) outs(%init : tensor<5x2xf32>) -> tensor<5x2xf32>
  return %y : tensor<5x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w_blob: "0x0400000000000000000000400000404000000000"
    }
  }
#-}
