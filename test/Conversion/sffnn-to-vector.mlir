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
// RUN: sparse-ffnn-opt %s --sffnn-to-llvm-pipeline="tile=8 kernel-form=straight-line" | FileCheck %s --check-prefix=EXPANDED --implicit-check-not=sffnn.fma_group

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
// The loads and FMAs of the register group are one sffnn.fma_group on the
// view's pointer (the conversion passes then walk one op, not one per
// connection); the accumulators start at the biases, arith constants.
// CHECK-DAG: %[[B0:.*]] = arith.constant dense<1.000000e-01> : vector<8xf32>
// CHECK-DAG: %[[B1:.*]] = arith.constant dense<2.000000e-01> : vector<8xf32>
// CHECK: %[[D:.*]] = builtin.unrealized_conversion_cast %{{.*}} : memref<{{.*}}> to !llvm.struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>
// CHECK: %[[ALIGNED:.*]] = llvm.extractvalue %[[D]][1]
// CHECK: %[[OFFSET:.*]] = llvm.extractvalue %[[D]][2]
// CHECK: %[[P:.*]] = llvm.getelementptr inbounds %[[ALIGNED]][%[[OFFSET]]]
// Sources in#2, in#0, in#1 in slots 2, 0, 1 (8 floats per word); neuron 0
// reads in#2 with weight 0.5, neuron 1 in#0 and in#1 with -1 and 2.
// CHECK: %[[Z:.*]]:2 = sffnn.fma_group %[[P]] [%[[B0]], %[[B1]]] {alignment = 32 : i64, offsets = array<i64: 16, 0, 8>, term_accumulators = array<i32: 0, 1, 1>, term_ends = array<i32: 1, 2, 3>, weights = array<f32: 5.000000e-01, -1.000000e+00, 2.000000e+00>}
// CHECK-NOT: sffnn.fma_group
// relu clamp 4: z < 0 ? 0 : z, then 4 < y ? 4 : y, as the interpreter's
// std::max and std::min.
// CHECK: %[[NEG:.*]] = arith.cmpf olt, %[[Z]]#0, %[[ZERO:.*]] : vector<8xf32>
// CHECK: %[[Y:.*]] = arith.select %[[NEG]], %[[ZERO]], %[[Z]]#0
// CHECK: %[[ABOVE:.*]] = arith.cmpf olt, %[[FOUR:.*]], %[[Y]] : vector<8xf32>
// CHECK: %[[C:.*]] = arith.select %[[ABOVE]], %[[FOUR]], %[[Y]]
// Stored through the pointer to neuron 0's slot (1 or 3, 8 floats each, as
// the runs' register groups reuse slots).
// CHECK: %[[AT:.*]] = llvm.getelementptr inbounds %[[P]][{{8|24}}] : (!llvm.ptr) -> !llvm.ptr, f32
// CHECK: llvm.store %[[C]], %[[AT]] {alignment = 32 : i64} : vector<8xf32>, !llvm.ptr
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
// MIXED: sffnn.fma_group
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

// At the end of the pipeline, sffnn-expand-fma-groups writes the group
// out: one load per source at its slot, one FMA per connection, the
// weights as splat LLVM constants at the start of the function.
// EXPANDED-LABEL: llvm.func internal @tiny_chunk0(
// EXPANDED-DAG: %[[W0:.*]] = llvm.mlir.constant(dense<5.000000e-01> : vector<8xf32>) : vector<8xf32>
// EXPANDED-DAG: %[[W1:.*]] = llvm.mlir.constant(dense<-1.000000e+00> : vector<8xf32>) : vector<8xf32>
// EXPANDED-DAG: %[[W2:.*]] = llvm.mlir.constant(dense<2.000000e+00> : vector<8xf32>) : vector<8xf32>
// EXPANDED-DAG: %[[B0:.*]] = llvm.mlir.constant(dense<1.000000e-01> : vector<8xf32>) : vector<8xf32>
// EXPANDED-DAG: %[[B1:.*]] = llvm.mlir.constant(dense<2.000000e-01> : vector<8xf32>) : vector<8xf32>
// EXPANDED: %[[P:.*]] = llvm.getelementptr inbounds %{{.*}}[%{{.*}}] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// EXPANDED: %[[A2:.*]] = llvm.getelementptr inbounds %[[P]][16] : (!llvm.ptr) -> !llvm.ptr, f32
// EXPANDED: %[[X2:.*]] = llvm.load %[[A2]] {alignment = 32 : i64} : !llvm.ptr -> vector<8xf32>
// EXPANDED: %[[Z0:.*]] = llvm.intr.fmuladd(%[[W0]], %[[X2]], %[[B0]])
// EXPANDED: %[[A0:.*]] = llvm.getelementptr inbounds %[[P]][0]
// EXPANDED: %[[X0:.*]] = llvm.load %[[A0]]
// EXPANDED: %[[Z1:.*]] = llvm.intr.fmuladd(%[[W1]], %[[X0]], %[[B1]])
// EXPANDED: %[[A1:.*]] = llvm.getelementptr inbounds %[[P]][8]
// EXPANDED: %[[X1:.*]] = llvm.load %[[A1]]
// EXPANDED: llvm.intr.fmuladd(%[[W2]], %[[X1]], %[[Z1]])
// EXPANDED-NOT: llvm.intr.fmuladd
// EXPANDED: llvm.return

// The scratch area is plain floats, T per word, without padding, as the
// runtime reads it (runtime/sffnn_runtime.h): 3 slots of 3 floats per tile,
// words at offsets 0, 3 and 6, 64 tiles per group with drop-dead-samples.
// TILE3-LABEL: func.func private @tiny_chunk0(%{{.*}}: memref<9xf32, strided<[1], offset: ?>>)
// TILE3: sffnn.fma_group {{.*}} {alignment = 4 : i64, offsets = array<i64: 6, 0, 3>
// TILE3-LABEL: func.func @tiny_impl(
// TILE3: memref.alloc(%c576) {alignment = 64 : i64} : memref<?xf32>
// TILE3: call @sffnn_rt_scatter(%{{.*}}) : (memref<?xf32>,
