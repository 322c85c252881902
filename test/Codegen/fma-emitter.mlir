// Straight-line chunks: neurons with the same bias and terms share one sum
// (a and b are duplicates; c differs from a only by its activation, d by
// its bias), each sum activated once per activation (docs/Codegen.md); and
// the code they get (option fma-emitter): auto is inline assembly for
// x86-64 targets with AVX-512F and LLVM IR FMAs otherwise; x86-avx512 on
// another target is an error.
// RUN: sparse-ffnn-opt %s --convert-sffnn-to-vector="kernel-form=straight-line tile=16" | FileCheck %s --check-prefix=GROUP
// RUN: sparse-ffnn-translate --compile-to llvm %s -o - --pipeline-options="kernel-form=straight-line target-triple=x86_64-unknown-linux-gnu target-cpu=skylake-avx512" | FileCheck %s --check-prefix=ASM
// RUN: sparse-ffnn-translate --compile-to llvm %s -o - --pipeline-options="kernel-form=straight-line target-triple=x86_64-unknown-linux-gnu target-cpu=skylake-avx512 fma-emitter=llvm" | FileCheck %s --check-prefix=IR
// RUN: sparse-ffnn-translate --compile-to llvm %s -o - --pipeline-options="kernel-form=straight-line target-triple=x86_64-unknown-linux-gnu target-cpu=haswell" | FileCheck %s --check-prefix=IR
// RUN: not sparse-ffnn-translate --compile-to llvm %s -o /dev/null --pipeline-options="kernel-form=straight-line target-triple=x86_64-unknown-linux-gnu target-cpu=haswell fma-emitter=x86-avx512" 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not sparse-ffnn-translate --compile-to llvm %s -o /dev/null --pipeline-options="fma-emitter=avx" 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// GROUP-LABEL: func.func private @dup_chunk0(
// GROUP-DAG: %[[QUARTER:.*]] = arith.constant dense<2.500000e-01> : vector<16xf32>
// GROUP-DAG: %[[HALF:.*]] = arith.constant dense<5.000000e-01> : vector<16xf32>
// GROUP: %[[S:.*]]:2 = sffnn.fma_group %{{.*}} [%[[QUARTER]], %[[HALF]]] {{{.*}}term_accumulators = array<i32: 0, 1, 0, 1>
// GROUP: %[[A:.*]] = arith.select %{{.*}}, %{{.*}}, %[[S]]#0
// GROUP-NEXT: vector.store %[[A]]
// GROUP-NEXT: vector.store %[[A]]
// GROUP-NEXT: vector.store %[[S]]#0
// GROUP: %[[D:.*]] = arith.select %{{.*}}, %{{.*}}, %[[S]]#1
// GROUP-NEXT: vector.store %[[D]]
// GROUP-NOT: sffnn.fma_group

// ASM: @dup_chunk0_weights = private constant [4 x float] [float 5.000000e-01, float 5.000000e-01, float -1.500000e+00, float -1.500000e+00], align 64
// ASM-LABEL: define internal {{.*}}void @dup_chunk0(
// ASM-NOT: fmuladd
// ASM: call { <16 x float>, <16 x float>, <16 x float> } asm "vmovups 0($3), $2\0A\09vfmadd231ps 0($4){1to16}, $2, $0\0A\09vfmadd231ps 4($4){1to16}, $2, $1\0A\09vmovups 64($3), $2\0A\09vfmadd231ps 8($4){1to16}, $2, $0\0A\09vfmadd231ps 12($4){1to16}, $2, $1\0A\09", "=v,=v,=&v,r,r,0,1,~{memory}"(ptr %{{.*}}, ptr @dup_chunk0_weights, <16 x float> splat (float 2.500000e-01), <16 x float> splat (float 5.000000e-01))
// ASM-NOT: asm
// ASM: store <16 x float> %[[Y:.*]], ptr
// ASM-NEXT: store <16 x float> %[[Y]], ptr
// ASM-LABEL: define internal

// IR-LABEL: define internal {{.*}}void @dup_chunk0(
// IR-NOT: asm
// IR-COUNT-4: call <{{8|16}} x float> @llvm.fmuladd
// IR-NOT: fmuladd
// IR: store <{{8|16}} x float> %[[Y:.*]], ptr
// IR-NEXT: store <{{8|16}} x float> %[[Y]], ptr
// IR-LABEL: define internal

// BAD: error: fma-emitter=x86-avx512 needs an x86-64 target with AVX-512F, not x86_64-unknown-linux-gnu cpu 'haswell'
// UNKNOWN: error: unknown fma-emitter 'avx'; expected auto, llvm or x86-avx512

sffnn.network @dup(%x: tensor<?x2xf32>) -> tensor<?x4xf32> {
  %in:2 = sffnn.split %x : tensor<?x2xf32>
  %a = sffnn.neuron relu (%in#0, %in#1) weights [0.5, -1.5] bias 0.25
  %b = sffnn.neuron relu (%in#0, %in#1) weights [0.5, -1.5] bias 0.25
  %c = sffnn.neuron identity (%in#0, %in#1) weights [0.5, -1.5] bias 0.25
  %d = sffnn.neuron relu (%in#0, %in#1) weights [0.5, -1.5] bias 0.5
  %y = sffnn.concat %a, %b, %c, %d : tensor<?x4xf32>
  sffnn.return %y : tensor<?x4xf32>
}
