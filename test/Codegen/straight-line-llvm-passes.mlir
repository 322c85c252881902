// Straight-line chunk functions skip LLVM's module pipeline and get only
// EarlyCSE (lib/Compiler/Compiler.cpp, optimizeModule): the two identical
// neurons below, each its own register group (register-tile=1, so the
// lowering's sharing of equal sums within a group does not apply), are
// still computed once, the result stored to both slots; the function keeps
// its mark and none of the attributes that kept the module pipeline away
// (optnone, noduplicate).
// RUN: sparse-ffnn-translate --compile-to llvm %s -o - --pipeline-options="kernel-form=straight-line tile=8 fma-emitter=llvm register-tile=1" | FileCheck %s

// CHECK-LABEL: define internal {{.*}}void @twins_chunk0(
// CHECK-SAME: #[[ATTRS:[0-9]+]] {
// CHECK: call <8 x float> @llvm.fmuladd.v8f32(<8 x float> splat (float 5.000000e-01)
// CHECK: %[[Z:.*]] = call <8 x float> @llvm.fmuladd.v8f32(<8 x float> splat (float -1.500000e+00)
// CHECK-NOT: fmuladd
// CHECK: %[[Y:.*]] = select <8 x i1> %{{.*}}, <8 x float> zeroinitializer, <8 x float> %[[Z]]
// CHECK: store <8 x float> %[[Y]]
// CHECK: store <8 x float> %[[Y]]
// CHECK-NEXT: ret void
// CHECK: attributes #[[ATTRS]] = { noinline "sffnn-straight-line" }

sffnn.network @twins(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %in:2 = sffnn.split %x : tensor<?x2xf32>
  %a = sffnn.neuron relu (%in#0, %in#1) weights [0.5, -1.5] bias 0.25
  %b = sffnn.neuron relu (%in#0, %in#1) weights [0.5, -1.5] bias 0.25
  %y = sffnn.concat %a, %b : tensor<?x2xf32>
  sffnn.return %y : tensor<?x2xf32>
}
