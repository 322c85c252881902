// Complete T x T blocks of inputs and outputs are loops over slot tables,
// not unrolled per block, so the kernel function does not grow with the
// network's width: 12 inputs and 8 outputs at T = 4 give one block of T
// row loads and one of T row stores, each in a loop of 3 and 2 blocks
// (the differential tests check the values).
// RUN: sparse-ffnn-opt %s --convert-sffnn-to-vector="tile=4 small-batch=0" | FileCheck %s

sffnn.network @wide(%x: tensor<?x12xf32>) -> tensor<?x8xf32> {
  %h = sffnn.layer relu (%x : tensor<?x12xf32>) weights #sffnn.csr<8x12,
         offsets = dense<[0, 2, 4, 6, 8, 10, 12, 14, 16]> : tensor<9xi32>,
         indices = dense<[0, 11, 1, 10, 2, 9, 3, 8, 4, 7, 5, 6, 0, 6, 1, 11]> : tensor<16xi32>,
         values = dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5]> : tensor<16xf32>>
       bias dense<[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]> : tensor<8xf32> -> tensor<?x8xf32>
  sffnn.return %h : tensor<?x8xf32>
}

// CHECK-LABEL: func.func @wide_impl(
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C3]]
// CHECK-COUNT-4: vector.maskedload
// CHECK-NOT: vector.maskedload
// CHECK: vector.transpose
// CHECK: call @wide_chunk0
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C2]]
// CHECK: vector.transpose
// CHECK-COUNT-4: vector.maskedstore
// CHECK-NOT: vector.maskedstore
// CHECK: memref.dealloc
// CHECK-DAG: memref.global "private" constant @wide_input_slots : memref<12xi32>
// CHECK-DAG: memref.global "private" constant @wide_output_block_slots : memref<8xi32>
