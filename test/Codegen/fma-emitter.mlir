// The code straight-line chunks get (option fma-emitter, docs/Codegen.md):
// auto is inline assembly for x86-64 targets with AVX-512F, which computes
// every neuron (a and b are duplicates; c differs from a by its activation,
// d by its bias), and LLVM IR FMAs otherwise, where EarlyCSE computes each
// distinct sum once; x86-avx512 on another target is an error.
// RUN: sparse-ffnn-translate --compile-to llvm %s -o - --pipeline-options="kernel-form=straight-line target-triple=x86_64-unknown-linux-gnu target-cpu=skylake-avx512" | FileCheck %s --check-prefix=ASM
// RUN: sparse-ffnn-translate --compile-to llvm %s -o - --pipeline-options="kernel-form=straight-line target-triple=x86_64-unknown-linux-gnu target-cpu=skylake-avx512 fma-emitter=llvm" | FileCheck %s --check-prefix=IR
// RUN: sparse-ffnn-translate --compile-to llvm %s -o - --pipeline-options="kernel-form=straight-line target-triple=x86_64-unknown-linux-gnu target-cpu=haswell" | FileCheck %s --check-prefix=IR
// RUN: not sparse-ffnn-translate --compile-to llvm %s -o /dev/null --pipeline-options="kernel-form=straight-line target-triple=x86_64-unknown-linux-gnu target-cpu=haswell fma-emitter=x86-avx512" 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not sparse-ffnn-translate --compile-to llvm %s -o /dev/null --pipeline-options="fma-emitter=avx" 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// The assembly takes words of 16 floats: another tile is LLVM IR with
// auto, an error when forced.
// RUN: sparse-ffnn-translate --compile-to llvm %s -o - --pipeline-options="kernel-form=straight-line target-triple=x86_64-unknown-linux-gnu target-cpu=skylake-avx512 tile=8" | FileCheck %s --check-prefix=IR
// RUN: not sparse-ffnn-translate --compile-to llvm %s -o /dev/null --pipeline-options="kernel-form=straight-line target-triple=x86_64-unknown-linux-gnu target-cpu=skylake-avx512 tile=8 fma-emitter=x86-avx512" 2>&1 | FileCheck %s --check-prefix=TILE
// TILE: error: fma-emitter=x86-avx512 needs words of 16 floats (tile=16), not 8

// ASM: @twins_chunk0_weights = private constant [8 x float] [float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float 5.000000e-01, float -1.500000e+00, float -1.500000e+00, float -1.500000e+00, float -1.500000e+00], align 64
// ASM-LABEL: define internal {{.*}}void @twins_chunk0(
// ASM-NOT: fmuladd
// ASM: call { <16 x float>, <16 x float>, <16 x float>, <16 x float>, <16 x float> } asm sideeffect "vmovups 0($5), $4\0A\09vfmadd231ps 0($6){1to16}, $4, $0\0A\09vfmadd231ps 4($6){1to16}, $4, $1\0A\09vfmadd231ps 8($6){1to16}, $4, $2\0A\09vfmadd231ps 12($6){1to16}, $4, $3\0A\09vmovups 64($5), $4\0A\09vfmadd231ps 16($6){1to16}, $4, $0\0A\09vfmadd231ps 20($6){1to16}, $4, $1\0A\09vfmadd231ps 24($6){1to16}, $4, $2\0A\09vfmadd231ps 28($6){1to16}, $4, $3\0A\09", "=v,=v,=v,=v,=&v,r,r,0,1,2,3,~{memory}"(ptr %{{.*}}, ptr @twins_chunk0_weights, <16 x float> splat (float 2.500000e-01), <16 x float> splat (float 2.500000e-01), <16 x float> splat (float 2.500000e-01), <16 x float> splat (float 5.000000e-01))
// ASM-NOT: asm
// ASM-COUNT-4: store <16 x float>
// ASM-NOT: store
// ASM-LABEL: define internal

// IR-LABEL: define internal {{.*}}void @twins_chunk0(
// IR-NOT: asm
// IR-COUNT-4: call <{{8|16}} x float> @llvm.fmuladd
// IR-NOT: fmuladd
// IR: store <{{8|16}} x float> %[[Y:.*]], ptr
// IR-NEXT: store <{{8|16}} x float> %[[Y]], ptr
// IR-LABEL: define internal

// BAD: error: fma-emitter=x86-avx512 needs an x86-64 target with AVX-512F, not x86_64-unknown-linux-gnu cpu 'haswell'
// UNKNOWN: error: unknown fma-emitter 'avx'; expected auto, llvm or x86-avx512

sffnn.network @twins(%x: tensor<?x2xf32>) -> tensor<?x4xf32> {
  %in:2 = sffnn.split %x : tensor<?x2xf32>
  %a = sffnn.neuron relu (%in#0, %in#1) weights [0.5, -1.5] bias 0.25
  %b = sffnn.neuron relu (%in#0, %in#1) weights [0.5, -1.5] bias 0.25
  %c = sffnn.neuron identity (%in#0, %in#1) weights [0.5, -1.5] bias 0.25
  %d = sffnn.neuron relu (%in#0, %in#1) weights [0.5, -1.5] bias 0.5
  %y = sffnn.concat %a, %b, %c, %d : tensor<?x4xf32>
  sffnn.return %y : tensor<?x4xf32>
}
