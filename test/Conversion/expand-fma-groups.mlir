// sffnn-expand-fma-groups: per source a GEP and a load at its offset (none
// for a source without terms), per term an FMA into its accumulator in
// order, the weights as splat constants shared by every group of the
// function; invalid groups are rejected by the verifier or the pass.
// RUN: sparse-ffnn-opt %s --split-input-file --verify-diagnostics --sffnn-expand-fma-groups | FileCheck %s --implicit-check-not=sffnn.fma_group

// CHECK-LABEL: llvm.func @two_groups(
// CHECK-SAME: %[[P:.*]]: !llvm.ptr, %[[B:.*]]: vector<4xf32>
// Three distinct weights, each once in the function:
// CHECK-DAG: %[[HALF:.*]] = llvm.mlir.constant(dense<5.000000e-01> : vector<4xf32>)
// CHECK-DAG: %[[TWO:.*]] = llvm.mlir.constant(dense<2.000000e+00> : vector<4xf32>)
// CHECK-DAG: %[[NEG:.*]] = llvm.mlir.constant(dense<-3.000000e+00> : vector<4xf32>)
// CHECK: %[[A4:.*]] = llvm.getelementptr inbounds %[[P]][4] : (!llvm.ptr) -> !llvm.ptr, f32
// CHECK: %[[X4:.*]] = llvm.load %[[A4]] {alignment = 16 : i64} : !llvm.ptr -> vector<4xf32>
// CHECK: %[[S0:.*]] = llvm.intr.fmuladd(%[[HALF]], %[[X4]], %[[B]])
// CHECK: %[[S1:.*]] = llvm.intr.fmuladd(%[[TWO]], %[[X4]], %[[B]])
// The source at 8 has no terms: nothing is loaded.
// CHECK-NOT: %[[P]][8]
// CHECK: %[[A0:.*]] = llvm.getelementptr inbounds %[[P]][0]
// CHECK: %[[X0:.*]] = llvm.load %[[A0]]
// CHECK: %[[S1B:.*]] = llvm.intr.fmuladd(%[[HALF]], %[[X0]], %[[S1]])
// Second group: the weight 0.5 is the same constant.
// CHECK: %[[A12:.*]] = llvm.getelementptr inbounds %[[P]][12]
// CHECK: %[[X12:.*]] = llvm.load %[[A12]]
// CHECK: %[[T0:.*]] = llvm.intr.fmuladd(%[[NEG]], %[[X12]], %[[S0]])
// CHECK: %[[T1:.*]] = llvm.intr.fmuladd(%[[HALF]], %[[X12]], %[[T0]])
// CHECK: %[[R0:.*]] = llvm.insertvalue %[[S1B]], %{{.*}}[0]
// CHECK: llvm.insertvalue %[[T1]], %[[R0]][1]
llvm.func @two_groups(%p: !llvm.ptr, %b: vector<4xf32>) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)> {
  %g:2 = sffnn.fma_group %p [%b, %b] {alignment = 16 : i64,
      offsets = array<i64: 4, 8, 0>, term_ends = array<i32: 2, 2, 3>,
      term_accumulators = array<i32: 0, 1, 1>,
      weights = array<f32: 0.5, 2.0, 0.5>}
      : !llvm.ptr, (vector<4xf32>, vector<4xf32>) -> (vector<4xf32>, vector<4xf32>)
  %h = sffnn.fma_group %p [%g#0] {alignment = 16 : i64,
      offsets = array<i64: 12>, term_ends = array<i32: 2>,
      term_accumulators = array<i32: 0, 0>, weights = array<f32: -3.0, 0.5>}
      : !llvm.ptr, (vector<4xf32>) -> (vector<4xf32>)
  %u = llvm.mlir.poison : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
  %r0 = llvm.insertvalue %g#1, %u[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
  %r1 = llvm.insertvalue %h, %r0[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
  llvm.return %r1 : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
}

// -----

llvm.func @not_a_pointer(%p: i64, %b: vector<4xf32>) -> vector<4xf32> {
  // expected-error @+1 {{needs an !llvm.ptr scratch operand to be expanded}}
  %g = sffnn.fma_group %p [%b] {alignment = 16 : i64, offsets = array<i64: 0>,
      term_ends = array<i32: 1>, term_accumulators = array<i32: 0>,
      weights = array<f32: 1.0>} : i64, (vector<4xf32>) -> (vector<4xf32>)
  llvm.return %g : vector<4xf32>
}

// -----

llvm.func @bad_accumulator(%p: !llvm.ptr, %b: vector<4xf32>) -> vector<4xf32> {
  // expected-error @+1 {{term accumulator 1 out of range [0, 1)}}
  %g = sffnn.fma_group %p [%b] {alignment = 16 : i64, offsets = array<i64: 0>,
      term_ends = array<i32: 1>, term_accumulators = array<i32: 1>,
      weights = array<f32: 1.0>} : !llvm.ptr, (vector<4xf32>) -> (vector<4xf32>)
  llvm.return %g : vector<4xf32>
}

// -----

llvm.func @descending_ends(%p: !llvm.ptr, %b: vector<4xf32>) -> vector<4xf32> {
  // expected-error @+1 {{term ends must ascend from 0 to the 2 terms}}
  %g = sffnn.fma_group %p [%b] {alignment = 16 : i64, offsets = array<i64: 0, 4>,
      term_ends = array<i32: 2, 1>, term_accumulators = array<i32: 0, 0>,
      weights = array<f32: 1.0, 2.0>} : !llvm.ptr, (vector<4xf32>) -> (vector<4xf32>)
  llvm.return %g : vector<4xf32>
}

// -----

llvm.func @short_ends(%p: !llvm.ptr, %b: vector<4xf32>) -> vector<4xf32> {
  // expected-error @+1 {{term ends must end at the 2 terms}}
  %g = sffnn.fma_group %p [%b] {alignment = 16 : i64, offsets = array<i64: 0>,
      term_ends = array<i32: 1>, term_accumulators = array<i32: 0, 0>,
      weights = array<f32: 1.0, 2.0>} : !llvm.ptr, (vector<4xf32>) -> (vector<4xf32>)
  llvm.return %g : vector<4xf32>
}

// -----

llvm.func @mismatched_sources(%p: !llvm.ptr, %b: vector<4xf32>) -> vector<4xf32> {
  // expected-error @+1 {{has 2 offsets but 1 term ends}}
  %g = sffnn.fma_group %p [%b] {alignment = 16 : i64, offsets = array<i64: 0, 4>,
      term_ends = array<i32: 1>, term_accumulators = array<i32: 0>,
      weights = array<f32: 1.0>} : !llvm.ptr, (vector<4xf32>) -> (vector<4xf32>)
  llvm.return %g : vector<4xf32>
}

// -----

llvm.func @bad_alignment(%p: !llvm.ptr, %b: vector<4xf32>) -> vector<4xf32> {
  // expected-error @+1 {{alignment must be a power of two}}
  %g = sffnn.fma_group %p [%b] {alignment = 12 : i64, offsets = array<i64: 0>,
      term_ends = array<i32: 1>, term_accumulators = array<i32: 0>,
      weights = array<f32: 1.0>} : !llvm.ptr, (vector<4xf32>) -> (vector<4xf32>)
  llvm.return %g : vector<4xf32>
}

// -----

llvm.func @mixed_words(%p: !llvm.ptr, %a: vector<4xf32>, %b: vector<8xf32>) -> vector<4xf32> {
  // expected-error @+1 {{needs accumulators of one type}}
  %g:2 = sffnn.fma_group %p [%a, %b] {alignment = 16 : i64, offsets = array<i64: 0>,
      term_ends = array<i32: 2>, term_accumulators = array<i32: 0, 1>,
      weights = array<f32: 1.0, 2.0>} : !llvm.ptr, (vector<4xf32>, vector<8xf32>) -> (vector<4xf32>, vector<8xf32>)
  llvm.return %g#0 : vector<4xf32>
}
