// sffnn-expand-fma-groups with emitter=x86-avx512: a group of 16-float
// words becomes inline assembly (a vmovups per source with terms, a
// vfmadd231ps with an embedded-broadcast weight per term, operands numbered
// accumulators, source register, scratch pointer, weights pointer), its
// weights a private constant global; at most 30 accumulators per
// statement; other words, offsets beyond a 32-bit displacement and unknown
// emitters as documented.
// RUN: sparse-ffnn-opt %s --split-input-file --sffnn-expand-fma-groups=emitter=x86-avx512 | FileCheck %s --implicit-check-not=sffnn.fma_group
// RUN: not sparse-ffnn-opt %s --split-input-file --sffnn-expand-fma-groups=emitter=sse 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: unknown emitter 'sse'; expected llvm or x86-avx512

// CHECK-LABEL: llvm.func @group(
// CHECK-SAME: %[[P:[^:]*]]: !llvm.ptr, %[[B:[^:]*]]: vector<16xf32>, %[[C:[^:]*]]: vector<16xf32>
// CHECK: %[[W:.*]] = llvm.mlir.addressof @group_weights : !llvm.ptr
// The source at 32 has no terms.
// CHECK-NEXT: %[[R:.*]] = llvm.inline_asm has_side_effects asm_dialect = att "vmovups 64($4), $3\0A\09vfmadd231ps 0($5){1to16}, $3, $0\0A\09vfmadd231ps 4($5){1to16}, $3, $1\0A\09vfmadd231ps 8($5){1to16}, $3, $2\0A\09vmovups 0($4), $3\0A\09vfmadd231ps 12($5){1to16}, $3, $2\0A\09vfmadd231ps 16($5){1to16}, $3, $1\0A\09vfmadd231ps 20($5){1to16}, $3, $0\0A\09", "=v,=v,=v,=&v,r,r,0,1,2,~{memory}" %[[P]], %[[W]], %[[B]], %[[C]], %[[B]] : (!llvm.ptr, !llvm.ptr, vector<16xf32>, vector<16xf32>, vector<16xf32>) -> !llvm.struct<(vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)>
// CHECK-NEXT: %[[A0:.*]] = llvm.extractvalue %[[R]][0]
// CHECK-NEXT: %[[A1:.*]] = llvm.extractvalue %[[R]][1]
// CHECK-NEXT: %[[A2:.*]] = llvm.extractvalue %[[R]][2]
// CHECK: %[[S0:.*]] = llvm.insertvalue %[[A0]], %{{.*}}[0]
// CHECK: %[[S1:.*]] = llvm.insertvalue %[[A1]], %[[S0]][1]
// CHECK: llvm.insertvalue %[[A2]], %[[S1]][2]
// CHECK: llvm.mlir.global private constant @group_weights(dense<[5.000000e-01, 2.000000e+00, 5.000000e-01, -1.000000e+00, 3.000000e+00, -1.000000e+00]> : tensor<6xf32>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<6 x f32>
llvm.func @group(%p: !llvm.ptr, %b: vector<16xf32>, %c: vector<16xf32>) -> !llvm.struct<(vector<16xf32>, vector<16xf32>, vector<16xf32>)> {
  %g:3 = sffnn.fma_group %p [%b, %c, %b] {alignment = 64 : i64,
      offsets = array<i64: 16, 32, 0>, term_ends = array<i32: 3, 3, 6>,
      term_accumulators = array<i32: 0, 1, 2, 2, 1, 0>,
      weights = array<f32: 0.5, 2.0, 0.5, -1.0, 3.0, -1.0>}
      : !llvm.ptr, (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>)
  %u = llvm.mlir.poison : !llvm.struct<(vector<16xf32>, vector<16xf32>, vector<16xf32>)>
  %r0 = llvm.insertvalue %g#0, %u[0] : !llvm.struct<(vector<16xf32>, vector<16xf32>, vector<16xf32>)>
  %r1 = llvm.insertvalue %g#1, %r0[1] : !llvm.struct<(vector<16xf32>, vector<16xf32>, vector<16xf32>)>
  %r2 = llvm.insertvalue %g#2, %r1[2] : !llvm.struct<(vector<16xf32>, vector<16xf32>, vector<16xf32>)>
  llvm.return %r2 : !llvm.struct<(vector<16xf32>, vector<16xf32>, vector<16xf32>)>
}

// -----

// Two groups of a function get two weight arrays.
// CHECK-LABEL: llvm.func @constants(
// CHECK: llvm.mlir.addressof @constants_weights :
// CHECK-NEXT: llvm.inline_asm {{.*}}"vmovups 0($3), $2\0A\09vfmadd231ps 0($4){1to16}, $2, $0\0A\09vfmadd231ps 4($4){1to16}, $2, $1\0A\09", "=v,=v,=&v,r,r,0,1,~{memory}"
// CHECK: llvm.mlir.addressof @constants_weights_0 :
// CHECK-NEXT: llvm.inline_asm {{.*}}"vmovups 0($3), $2\0A\09vfmadd231ps 0($4){1to16}, $2, $0\0A\09vfmadd231ps 4($4){1to16}, $2, $1\0A\09", "=v,=v,=&v,r,r,0,1,~{memory}"
// CHECK-NOT: llvm.inline_asm
// CHECK: llvm.mlir.global private constant @constants_weights(dense<2.000000e+00> : tensor<2xf32>)
// CHECK: llvm.mlir.global private constant @constants_weights_0(dense<[2.000000e+00, 3.000000e+00]> : tensor<2xf32>)
llvm.func @constants(%p: !llvm.ptr) -> vector<16xf32> {
  %one = llvm.mlir.constant(dense<1.0> : vector<16xf32>) : vector<16xf32>
  %uno = llvm.mlir.constant(dense<1.0> : vector<16xf32>) : vector<16xf32>
  %g:2 = sffnn.fma_group %p [%one, %uno] {alignment = 64 : i64,
      offsets = array<i64: 0>, term_ends = array<i32: 2>,
      term_accumulators = array<i32: 0, 1>, weights = array<f32: 2.0, 2.0>}
      : !llvm.ptr, (vector<16xf32>, vector<16xf32>) -> (vector<16xf32>, vector<16xf32>)
  %h:2 = sffnn.fma_group %p [%one, %uno] {alignment = 64 : i64,
      offsets = array<i64: 0>, term_ends = array<i32: 2>,
      term_accumulators = array<i32: 0, 1>, weights = array<f32: 2.0, 3.0>}
      : !llvm.ptr, (vector<16xf32>, vector<16xf32>) -> (vector<16xf32>, vector<16xf32>)
  %s = llvm.fadd %g#0, %g#1 : vector<16xf32>
  %t = llvm.fadd %h#0, %h#1 : vector<16xf32>
  %r = llvm.fadd %s, %t : vector<16xf32>
  llvm.return %r : vector<16xf32>
}

// -----

// 31 accumulators: statements of 30 and 1.
// CHECK-LABEL: llvm.func @wide(
// CHECK: llvm.inline_asm {{.*}}vfmadd231ps 116($32){1to16}, $30, $29\0A\09", "{{(=v,)+}}=&v,r,r,0,{{.*}},29,~{memory}"
// CHECK: llvm.inline_asm {{.*}}"vmovups 0($2), $1\0A\09vfmadd231ps 0($3){1to16}, $1, $0\0A\09", "=v,=&v,r,r,0,~{memory}"
// CHECK: llvm.mlir.global private constant @wide_weights({{.*}}) {{.*}} : !llvm.array<30 x f32>
// CHECK: llvm.mlir.global private constant @wide_weights_0(dense<3.100000e+01> : tensor<1xf32>) {{.*}} : !llvm.array<1 x f32>
llvm.func @wide(%p: !llvm.ptr, %b: vector<16xf32>) -> vector<16xf32> {
  %g:31 = sffnn.fma_group %p [%b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b, %b] {alignment = 64 : i64,
      offsets = array<i64: 0>, term_ends = array<i32: 31>,
      term_accumulators = array<i32: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30>,
      weights = array<f32: 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0>}
      : !llvm.ptr, (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
  llvm.return %g#30 : vector<16xf32>
}

// -----

// Words of 8 floats, and offsets beyond a 32-bit displacement, stay LLVM
// dialect ops.
// CHECK-LABEL: llvm.func @narrow(
// CHECK-NOT: llvm.inline_asm
// CHECK: llvm.intr.fmuladd
// CHECK-LABEL: llvm.func @far(
// CHECK-NOT: llvm.inline_asm
// (An index this large is an operand: constant indices hold 29 bits.)
// CHECK: %[[I:.*]] = llvm.mlir.constant(1073741824 : i64) : i64
// CHECK: %[[A:.*]] = llvm.getelementptr inbounds %{{.*}}[%[[I]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK: llvm.load %[[A]]
// CHECK: llvm.intr.fmuladd
llvm.func @narrow(%p: !llvm.ptr, %b: vector<8xf32>) -> vector<8xf32> {
  %g = sffnn.fma_group %p [%b] {alignment = 32 : i64, offsets = array<i64: 0>,
      term_ends = array<i32: 1>, term_accumulators = array<i32: 0>,
      weights = array<f32: 1.0>} : !llvm.ptr, (vector<8xf32>) -> (vector<8xf32>)
  llvm.return %g : vector<8xf32>
}
llvm.func @far(%p: !llvm.ptr, %b: vector<16xf32>) -> vector<16xf32> {
  %g = sffnn.fma_group %p [%b] {alignment = 64 : i64,
      offsets = array<i64: 1073741824>, term_ends = array<i32: 1>,
      term_accumulators = array<i32: 0>, weights = array<f32: 1.0>}
      : !llvm.ptr, (vector<16xf32>) -> (vector<16xf32>)
  llvm.return %g : vector<16xf32>
}
