// Without min-sparsity, a layer is raised where the sparsity roofline
// predicts CSR faster than dense: its density is below the CSR break-even
// density of its shape and batch on the machine (here a given one, then the
// nominal model of the host).
// RUN: sparse-ffnn-opt %s -verify-diagnostics --sffnn-raise-linalg="machine=peak=1e12,l1=49152:1e11,dram=1e10" | FileCheck %s
// RUN: sparse-ffnn-opt %s --sffnn-raise-linalg 2>&1 | FileCheck %s --check-prefix=HOST
// RUN: not sparse-ffnn-opt %s --sffnn-raise-linalg="machine=peak=-1,dram=1" 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not sparse-ffnn-opt %s --sffnn-raise-linalg="min-sparsity=2" 2>&1 | FileCheck %s --check-prefix=BAD-SPARSITY

// The remarks come first (stderr), then the module.
// HOST: remark: not raised: too dense: density 0.938 of a 4x4 layer at batch 8 is not below the roofline's CSR break-even density

// One nonzero of sixteen: raised.
// CHECK-LABEL: sffnn.network @sparse_sffnn
// CHECK-LABEL: func.func @sparse
// CHECK-NEXT: sffnn.call @sparse_sffnn
// HOST-LABEL: func.func @sparse
// HOST-NEXT: sffnn.call @sparse_sffnn
func.func @sparse(%x: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %w = arith.constant dense<[[0.0, 0.0, 0.0, 0.0], [0.0, 2.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]> : tensor<4x4xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x4xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x4xf32>) -> tensor<8x4xf32>
  %y = linalg.matmul ins(%x, %w : tensor<8x4xf32>, tensor<4x4xf32>) outs(%z : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %y : tensor<8x4xf32>
}

// Fifteen nonzeros of sixteen: CSR's indices cost more than the zero saves.
// CHECK-LABEL: func.func @dense
// CHECK: linalg.matmul
// HOST-LABEL: func.func @dense
// HOST: linalg.matmul
func.func @dense(%x: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %w = arith.constant dense<[[1.0, 1.0, 1.0, 1.0], [1.0, 2.0, 1.0, 1.0], [1.0, 1.0, 0.0, 1.0], [1.0, 1.0, 1.0, 1.0]]> : tensor<4x4xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x4xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<8x4xf32>) -> tensor<8x4xf32>
  // expected-remark @below {{not raised: too dense: density 0.938 of a 4x4 layer at batch 8 is not below the roofline's CSR break-even density}}
  %y = linalg.matmul ins(%x, %w : tensor<8x4xf32>, tensor<4x4xf32>) outs(%z : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %y : tensor<8x4xf32>
}

// BAD: error: bad machine entry 'peak=-1'
// BAD-SPARSITY: error: min-sparsity must be at most 1
