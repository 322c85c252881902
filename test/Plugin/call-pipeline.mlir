// Debian's mlir-opt with the plugin lowers a module that calls a network
// (bufferization model, sffnn-bufferize, the call lowering, the whole
// pipeline); mlir-runner prints what the same module lowered by
// sparse-ffnn-opt prints, and the hand-checkable values below
// (p = 2x; y = relu(p0 - 2 p1 + 0.5)).
// REQUIRES: mlir-runner
// RUN: %debian_mlir_opt --load-dialect-plugin=%sffnn_plugin --load-pass-plugin=%sffnn_plugin %s --pass-pipeline="builtin.module(sffnn-to-llvm-pipeline{tile=4})" -o %t.plugin.mlir
// RUN: %mlir_runner %t.plugin.mlir -e main -entry-point-result=void %runner_libs | sed 's/base@ = 0x[0-9a-f]*//' > %t.plugin.txt
// RUN: sparse-ffnn-opt %s --sffnn-to-llvm-pipeline="tile=4" -o %t.opt.mlir
// RUN: %mlir_runner %t.opt.mlir -e main -entry-point-result=void %runner_libs | sed 's/base@ = 0x[0-9a-f]*//' > %t.opt.txt
// RUN: diff %t.plugin.txt %t.opt.txt
// RUN: FileCheck %s < %t.plugin.txt
// CHECK: sizes = [3, 1]
// CHECK-NEXT: {{\[\[}}2.5],
// CHECK-NEXT: [2.5],
// CHECK-NEXT: [0]]

sffnn.network @chain(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %in:2 = sffnn.split %x : tensor<?x2xf32>
  %a = sffnn.neuron relu (%in#0, %in#1) weights [1.0, -2.0] bias 0.5
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @main() {
  %x = arith.constant dense<[[1.0, 0.0], [3.0, 1.0], [0.0, 2.0]]> : tensor<3x2xf32>
  %e = tensor.empty() : tensor<3x2xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<3x2xf32>) outs(%e : tensor<3x2xf32>) {
  ^bb0(%a: f32, %o: f32):
    %two = arith.constant 2.0 : f32
    %m = arith.mulf %a, %two : f32
    linalg.yield %m : f32
  } -> tensor<3x2xf32>
  %y = sffnn.call @chain(%p) : (tensor<3x2xf32>) -> tensor<3x1xf32>
  %m = bufferization.to_buffer %y read_only : tensor<3x1xf32> to memref<3x1xf32>
  %u = memref.cast %m : memref<3x1xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}
