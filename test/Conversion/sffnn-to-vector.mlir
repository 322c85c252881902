// The conversion spells the plan: straight-line chunk functions with one
// FMA per connection and splat-constant weights, a driver over batch tiles,
// and the table form for kernel-form=table or, with kernel-form=auto (the
// default), where the cost model prefers it or the straight-line budget
// (max-straight-line connections) is spent.
// RUN: sparse-ffnn-opt %s --convert-sffnn-to-vector="tile=8 register-tile=2" | FileCheck %s
// RUN: sparse-ffnn-opt %s --convert-sffnn-to-vector="tile=8 max-straight-line=2" 2>&1 | FileCheck %s --check-prefix=TABLE --implicit-check-not=remark
// RUN: sparse-ffnn-opt %s --convert-sffnn-to-vector="tile=8 kernel-form=table" 2>&1 | FileCheck %s --check-prefix=TABLE --implicit-check-not=remark
// An explicit form wins over max-straight-line:
// RUN: sparse-ffnn-opt %s --convert-sffnn-to-vector="tile=8 kernel-form=straight-line max-straight-line=2" 2>&1 | FileCheck %s --implicit-check-not=remark
// Both forms in one kernel: one chunk per neuron, straight-line and table in turn.
// RUN: sparse-ffnn-opt %s --convert-sffnn-to-vector="tile=8 register-tile=1 chunk-connections=1 kernel-form=alternate" | FileCheck %s --check-prefix=MIXED
// RUN: sparse-ffnn-opt %s --sffnn-to-llvm-pipeline="tile=8 kernel-form=table" | FileCheck %s --check-prefix=LLVM
// RUN: not sparse-ffnn-opt %s --convert-sffnn-to-vector="kernel-form=dense" 2>&1 | FileCheck %s --check-prefix=BADFORM
// BADFORM: error: unknown kernel-form 'dense'; expected auto, straight-line, table or alternate
// RUN: sparse-ffnn-opt %s --sffnn-to-llvm-pipeline="tile=8" | FileCheck %s --check-prefix=LLVM
// RUN: sparse-ffnn-opt %s --convert-sffnn-to-vector="tile=3 drop-dead-samples=true kernel-form=straight-line" 2>/dev/null | FileCheck %s --check-prefix=TILE3

sffnn.network @tiny(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %h = sffnn.layer relu clamp 4.0 (%x : tensor<?x3xf32>) weights #sffnn.csr<2x3,
         offsets = dense<[0, 1, 3]> : tensor<3xi32>,
         indices = dense<[2, 0, 1]> : tensor<3xi32>,
         values = dense<[0.5, -1.0, 2.0]> : tensor<3xf32>>
       bias dense<[0.1, 0.2]> : tensor<2xf32> -> tensor<?x2xf32>
  sffnn.return %h : tensor<?x2xf32>
}

// CHECK-NOT: sffnn.network
// CHECK-LABEL: func.func private @tiny_chunk0(
// CHECK-SAME: memref<{{[0-9]+}}xf32, strided<[1], offset: ?>>
// Weights are LLVM constants already (one per distinct weight: the
// conversion passes need not rewrite them); the bias is an arith constant.
// CHECK-DAG: llvm.mlir.constant(dense<5.000000e-01> : vector<8xf32>) : vector<8xf32>
// CHECK-DAG: llvm.mlir.constant(dense<-1.000000e+00> : vector<8xf32>) : vector<8xf32>
// CHECK-DAG: llvm.mlir.constant(dense<2.000000e+00> : vector<8xf32>) : vector<8xf32>
// CHECK-DAG: arith.constant dense<1.000000e-01> : vector<8xf32>
// CHECK-COUNT-3: llvm.intr.fmuladd
// CHECK-NOT: llvm.intr.fmuladd
// relu clamp 4: z < 0 ? 0 : z, then 4 < y ? 4 : y, as the interpreter's
// std::max and std::min.
// CHECK: %[[NEG:.*]] = arith.cmpf olt, %[[Z:.*]], %[[ZERO:.*]] : vector<8xf32>
// CHECK: %[[Y:.*]] = arith.select %[[NEG]], %[[ZERO]], %[[Z]]
// CHECK: %[[ABOVE:.*]] = arith.cmpf olt, %[[FOUR:.*]], %[[Y]] : vector<8xf32>
// CHECK: arith.select %[[ABOVE]], %[[FOUR]], %[[Y]]
// CHECK: vector.store {{.*}} {alignment = 32 : i64}
// CHECK-NOT: scf.for
// CHECK: return
// CHECK-LABEL: func.func @tiny_impl(%{{.*}}: memref<?xf32>, %{{.*}}: memref<?xf32>, %{{.*}}: index)
// CHECK-SAME: sffnn.kernel = {chunks = 1 : i64, connections = 3 : i64, drop_dead_samples = false, form = "straight-line", inputs = 3 : i64, name = "tiny", outputs = 2 : i64
// CHECK: memref.alloc
// CHECK: scf.for
// CHECK: vector.maskedload
// CHECK: vector.transpose
// CHECK: call @tiny_chunk0
// CHECK: vector.maskedstore
// CHECK: memref.dealloc

// Alternate forms: chunk 0 straight-line, chunk 1 a call of the table
// form's loop function.
// MIXED-LABEL: func.func private @tiny_loop0(
// MIXED: scf.for
// MIXED: vector.fma
// MIXED-LABEL: func.func private @tiny_chunk0(
// MIXED: llvm.intr.fmuladd
// MIXED-NOT: scf.for
// MIXED-LABEL: func.func private @tiny_chunk1(%{{.*}}: memref<?xf32>, %{{.*}}: index) attributes {no_inline}
// MIXED: scf.for
// MIXED: memref.subview
// MIXED-NEXT: call @tiny_loop0(
// MIXED: form = "mixed"

// The loop is a function emitted once per shape, out of line; chunks call
// it with their bounds.
// TABLE: memref.global "private" constant @tiny_term_slot
// TABLE-LABEL: func.func private @tiny_loop0(
// TABLE-SAME: index, %{{.*}}: index) attributes {no_inline}
// TABLE: scf.for
// TABLE: scf.for
// TABLE: vector.fma
// A table chunk loops over the tiles itself, out of line, so that the
// kernel function is a run of calls, not one loop per chunk (LLVM's loop
// analyses take time quadratic in the loops of one function).
// TABLE-LABEL: func.func private @tiny_chunk0(
// TABLE-SAME: %[[S:.*]]: memref<?xf32>, %[[TILES:.*]]: index) attributes {no_inline}
// TABLE-DAG: %[[FIRST:.*]] = arith.constant 0 : index
// TABLE-DAG: %[[END:.*]] = arith.constant 2 : index
// TABLE: scf.for %{{.*}} = %{{.*}} to %[[TILES]]
// TABLE: %[[VIEW:.*]] = memref.subview %[[S]]
// TABLE-NEXT: call @tiny_loop0(%[[VIEW]], %[[FIRST]], %[[END]])
// TABLE-NEXT: }
// TABLE-NEXT: return
// TABLE: form = "table"
// TABLE-NOT: func.func
// TABLE: call @tiny_chunk0(%{{.*}}, %{{.*}}) : (memref<?xf32>, index) -> ()

// LLVM-DAG: llvm.func internal @tiny_chunk0(
// LLVM-DAG: llvm.func internal @tiny_impl(
// LLVM-DAG: llvm.func @tiny(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64)
// LLVM: llvm.call @tiny_impl

// The scratch area is plain floats, T per word, without padding, as the
// runtime reads it (runtime/sffnn_runtime.h): 3 slots of 3 floats per tile,
// words at offsets 0, 3 and 6, 64 tiles per group with drop-dead-samples.
// TILE3-LABEL: func.func private @tiny_chunk0(%{{.*}}: memref<9xf32, strided<[1], offset: ?>>)
// TILE3-DAG: vector.load %{{.*}}[%c0] {alignment = 4 : i64} : memref<9xf32, strided<[1], offset: ?>>, vector<3xf32>
// TILE3-DAG: vector.load %{{.*}}[%c3] {alignment = 4 : i64}
// TILE3-DAG: vector.load %{{.*}}[%c6] {alignment = 4 : i64}
// TILE3-LABEL: func.func @tiny_impl(
// TILE3: memref.alloc(%c576) {alignment = 64 : i64} : memref<?xf32>
// TILE3: call @sffnn_rt_scatter(%{{.*}}) : (memref<?xf32>,
