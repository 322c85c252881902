// Weights as MPACT emits them: constants converted to sparse encodings
// (CSR, CSC, COO), `sparse<>` constants, and the vector and batch-1 forms
// of the contraction (matvec, batch_matmul), each reshaped around the call.
// RUN: sparse-ffnn-opt %s -split-input-file --sffnn-raise-linalg=min-sparsity=0 | FileCheck %s

// CHECK-LABEL: sffnn.network @csr_sffnn
// CHECK: sffnn.layer relu (%{{.*}} : tensor<?x3xf32>) weights <2x3, offsets = dense<[0, 1, 2]> : tensor<3xi32>, indices = dense<[2, 0]> : tensor<2xi32>, values = dense<[7.000000e+00, 5.000000e+00]> : tensor<2xf32>>
// CHECK-LABEL: func.func @csr
// CHECK-NEXT: sffnn.call @csr_sffnn(%arg0) : (tensor<4x3xf32>) -> tensor<4x2xf32>
// CHECK-NOT: sparse_tensor
#CSR = #sparse_tensor.encoding<{ map = (d0, d1) -> (d0 : dense, d1 : compressed) }>
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @csr(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = arith.constant dense<[[0.0, 5.0], [0.0, 0.0], [7.0, 0.0]]> : tensor<3x2xf32>
  %ws = sparse_tensor.convert %w : tensor<3x2xf32> to tensor<3x2xf32, #CSR>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4x2xf32>) -> tensor<4x2xf32>
  %y = linalg.matmul ins(%x, %ws : tensor<4x3xf32>, tensor<3x2xf32, #CSR>) outs(%init : tensor<4x2xf32>) -> tensor<4x2xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<4x2xf32>) outs(%e : tensor<4x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maxnumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}

// -----

// CSC storage of a weight read transposed (W is out x in, transposed by
// linalg.transpose after the conversion).
// CHECK-LABEL: sffnn.network @csc_sffnn
// CHECK: weights <2x3, offsets = dense<[0, 1, 2]> : tensor<3xi32>, indices = dense<[1, 2]> : tensor<2xi32>, values = dense<[2.000000e+00, 4.000000e+00]> : tensor<2xf32>>
// CHECK-LABEL: func.func @csc
// CHECK-NEXT: sffnn.call @csc_sffnn
#CSC = #sparse_tensor.encoding<{ map = (d0, d1) -> (d1 : dense, d0 : compressed) }>
func.func @csc(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = arith.constant dense<[[0.0, 2.0, 0.0], [0.0, 0.0, 4.0]]> : tensor<2x3xf32>
  %ws = sparse_tensor.convert %w : tensor<2x3xf32> to tensor<2x3xf32, #CSC>
  %et = tensor.empty() : tensor<3x2xf32>
  %wt = linalg.transpose ins(%ws : tensor<2x3xf32, #CSC>) outs(%et : tensor<3x2xf32>) permutation = [1, 0]
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4x2xf32>) -> tensor<4x2xf32>
  %y = linalg.matmul ins(%x, %wt : tensor<4x3xf32>, tensor<3x2xf32>) outs(%init : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// A `sparse<>` constant converted to COO, multiplied as W x by matvec (one
// sample): the input is expanded to 1 x 3 and the result collapsed back.
// CHECK-LABEL: sffnn.network @coo_matvec_sffnn
// CHECK: weights <2x3, offsets = dense<[0, 1, 2]> : tensor<3xi32>, indices = dense<[1, 0]> : tensor<2xi32>, values = dense<[1.500000e+00, -2.000000e+00]> : tensor<2xf32>>
// CHECK-LABEL: func.func @coo_matvec
// CHECK-NEXT: %[[X:.*]] = tensor.expand_shape %arg0 {{\[\[}}0, 1]] output_shape [1, 3] : tensor<3xf32> into tensor<1x3xf32>
// CHECK-NEXT: %[[Y:.*]] = sffnn.call @coo_matvec_sffnn(%[[X]]) : (tensor<1x3xf32>) -> tensor<1x2xf32>
// CHECK-NEXT: %[[R:.*]] = tensor.collapse_shape %[[Y]] {{\[\[}}0, 1]] : tensor<1x2xf32> into tensor<2xf32>
// CHECK-NEXT: return %[[R]]
#COO = #sparse_tensor.encoding<{ map = (d0, d1) -> (d0 : compressed(nonunique), d1 : singleton) }>
func.func @coo_matvec(%x: tensor<3xf32>) -> tensor<2xf32> {
  %w = arith.constant sparse<[[0, 1], [1, 0]], [1.5, -2.0]> : tensor<2x3xf32>
  %ws = sparse_tensor.convert %w : tensor<2x3xf32> to tensor<2x3xf32, #COO>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2xf32>) -> tensor<2xf32>
  %y = linalg.matvec ins(%ws, %x : tensor<2x3xf32, #COO>, tensor<3xf32>) outs(%init : tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

// batch_matmul over a batch of one matrix: collapsed to 2-D and back.
// CHECK-LABEL: sffnn.network @batch_one_sffnn
// CHECK: weights <2x2, offsets = dense<[0, 1, 1]> : tensor<3xi32>, indices = dense<1> : tensor<1xi32>, values = dense<3.000000e+00> : tensor<1xf32>> bias dense<5.000000e-01> : tensor<2xf32>
// CHECK-LABEL: func.func @batch_one
// CHECK-NEXT: tensor.collapse_shape %arg0 {{\[\[}}0, 1], [2]] : tensor<1x?x2xf32> into tensor<?x2xf32>
// CHECK-NEXT: sffnn.call @batch_one_sffnn
// CHECK: tensor.expand_shape {{.*}} : tensor<?x2xf32> into tensor<1x?x2xf32>
func.func @batch_one(%x: tensor<1x?x2xf32>) -> tensor<1x?x2xf32> {
  %c1 = arith.constant 1 : index
  %w = arith.constant dense<[[[0.0, 0.0], [3.0, 0.0]]]> : tensor<1x2x2xf32>
  %half = arith.constant 0.5 : f32
  %n = tensor.dim %x, %c1 : tensor<1x?x2xf32>
  %e = tensor.empty(%n) : tensor<1x?x2xf32>
  %init = linalg.fill ins(%half : f32) outs(%e : tensor<1x?x2xf32>) -> tensor<1x?x2xf32>
  %y = linalg.batch_matmul ins(%x, %w : tensor<1x?x2xf32>, tensor<1x2x2xf32>) outs(%init : tensor<1x?x2xf32>) -> tensor<1x?x2xf32>
  return %y : tensor<1x?x2xf32>
}

// -----

// vecmat: one sample times a CSR weight.
// CHECK-LABEL: sffnn.network @vecmat_sffnn
// CHECK: weights <2x3, offsets = dense<[0, 1, 2]> : tensor<3xi32>, indices = dense<[2, 0]> : tensor<2xi32>, values = dense<[7.000000e+00, 5.000000e+00]> : tensor<2xf32>>
// CHECK-LABEL: func.func @vecmat
// CHECK-NEXT: tensor.expand_shape
// CHECK-NEXT: sffnn.call @vecmat_sffnn({{.*}}) : (tensor<1x3xf32>) -> tensor<1x2xf32>
// CHECK-NEXT: tensor.collapse_shape
#CSR = #sparse_tensor.encoding<{ map = (d0, d1) -> (d0 : dense, d1 : compressed) }>
func.func @vecmat(%x: tensor<3xf32>) -> tensor<2xf32> {
  %w = arith.constant dense<[[0.0, 5.0], [0.0, 0.0], [7.0, 0.0]]> : tensor<3x2xf32>
  %ws = sparse_tensor.convert %w : tensor<3x2xf32> to tensor<3x2xf32, #CSR>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2xf32>) -> tensor<2xf32>
  %y = linalg.vecmat ins(%x, %ws : tensor<3xf32>, tensor<3x2xf32, #CSR>) outs(%init : tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}
