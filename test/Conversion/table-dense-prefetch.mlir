// A dense register group in the table form: two neurons reading the same
// three sources are one iteration of the loop over dense groups (the loop function
// of their shape, @pair_loop0), whose loop
// over sources loads each source word once for both accumulators and
// prefetches the source word and the weight row 16 sources ahead. The
// tables are padded for it: the slot table with 16 zeros (slot 0), the
// weight table with 16 rows of the largest dense group (64 members).
// RUN: sparse-ffnn-opt %s --convert-sffnn-to-vector="tile=8 kernel-form=table" | FileCheck %s

sffnn.network @pair(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %h = sffnn.layer relu (%x : tensor<?x3xf32>) weights #sffnn.csr<2x3,
         offsets = dense<[0, 3, 6]> : tensor<3xi32>,
         indices = dense<[0, 1, 2, 0, 1, 2]> : tensor<6xi32>,
         values = dense<[0.5, -1.0, 2.0, 1.5, 0.25, -0.75]> : tensor<6xf32>>
       bias dense<[0.1, 0.2]> : tensor<2xf32> -> tensor<?x2xf32>
  sffnn.return %h : tensor<?x2xf32>
}

// CHECK: memref.global "private" constant @pair_source_slot : memref<19xi32> = dense<[{{[0-9]+}}, {{[0-9]+}}, {{[0-9]+}}, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]>
// CHECK: memref.global "private" constant @pair_dense_weight : memref<1030xf32>
// CHECK-LABEL: func.func private @pair_loop0(
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[C32:.*]] = arith.constant 32 : index
// CHECK: scf.for
// CHECK: scf.for %[[K:.*]] = {{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (vector<8xf32>, vector<8xf32>)
// CHECK: %[[X:.*]] = vector.load
// CHECK: %[[AHEAD:.*]] = arith.addi %[[K]], %[[C16]] : index
// CHECK: memref.load %{{.*}}[%[[AHEAD]]] : memref<19xi32>
// CHECK: memref.prefetch %{{.*}}[%{{.*}}], read, locality<3>, data : memref<40xf32
// CHECK: %[[ROW:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// CHECK: %[[ROWAHEAD:.*]] = arith.addi %[[ROW]], %[[C32]] : index
// CHECK: memref.prefetch %{{.*}}[%[[ROWAHEAD]]], read, locality<3>, data : memref<1030xf32>
// CHECK-COUNT-2: vector.fma %{{.*}}, %[[X]], %{{.*}} : vector<8xf32>
// CHECK: scf.yield
