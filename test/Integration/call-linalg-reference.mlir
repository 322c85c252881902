// A network called from linalg code (a scaling before, a bias add after),
// lowered as a whole by sffnn-to-llvm-pipeline and run by Debian's
// mlir-runner, against the same computation without sffnn: the network's
// weights as dense linalg.matmul operands, lowered by the same upstream
// passes. One call takes the whole batch (identity layout: views), one takes
// every other sample through a `?` batch (a strided view: copied in and out).
// The module prints the difference, the scale |b| + sum |w * y| of the
// output layer and the output; check_outputs.py applies docs/Testing.md's
// tolerance and fails on a dead network.
// REQUIRES: mlir-runner
// RUN: sparse-ffnn-opt %s --sffnn-to-llvm-pipeline="tile=4" -o %t.tile4.mlir
// RUN: %mlir_runner %t.tile4.mlir -e main -entry-point-result=void %runner_libs | %python %S/Inputs/check_outputs.py | FileCheck %s
// RUN: sparse-ffnn-opt %s --sffnn-to-llvm-pipeline="tile=8 kernel-form=table" -o %t.table.mlir
// RUN: %mlir_runner %t.table.mlir -e main -entry-point-result=void %runner_libs | %python %S/Inputs/check_outputs.py | FileCheck %s
// CHECK: checked 18 values
// CHECK-NOT: FAILED

#id = affine_map<(i, j) -> (i, j)>
#col = affine_map<(i, j) -> (j)>

// 4 inputs, 3 hidden (relu), 2 outputs.
sffnn.network @mlp(%x: tensor<?x4xf32>) -> tensor<?x2xf32> {
  %h = sffnn.layer relu (%x : tensor<?x4xf32>) weights #sffnn.csr<3x4,
         offsets = dense<[0, 2, 4, 6]> : tensor<4xi32>,
         indices = dense<[0, 2, 1, 3, 0, 3]> : tensor<6xi32>,
         values = dense<[0.5, -1.0, 2.0, 0.25, -0.75, 1.5]> : tensor<6xf32>>
       bias dense<[0.1, -0.2, 0.3]> : tensor<3xf32> -> tensor<?x3xf32>
  %y = sffnn.layer identity (%h : tensor<?x3xf32>) weights #sffnn.csr<2x3,
         offsets = dense<[0, 2, 4]> : tensor<3xi32>,
         indices = dense<[0, 1, 1, 2]> : tensor<4xi32>,
         values = dense<[1.0, -0.5, 0.75, 2.0]> : tensor<4xf32>>
       bias dense<[0.05, -0.1]> : tensor<2xf32> -> tensor<?x2xf32>
  sffnn.return %y : tensor<?x2xf32>
}

// Adds a row vector to every row (a bias add, as ML compilers write it).
func.func @add_row(%m: tensor<?x?xf32>, %row: tensor<?xf32>) -> tensor<?x?xf32> {
  %r = linalg.generic {indexing_maps = [#col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%row : tensor<?xf32>) outs(%m : tensor<?x?xf32>) {
  ^bb0(%b: f32, %o: f32):
    %s = arith.addf %o, %b : f32
    linalg.yield %s : f32
  } -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

func.func @abs(%m: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %r = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]}
      outs(%m : tensor<?x?xf32>) {
  ^bb0(%o: f32):
    %a = math.absf %o : f32
    linalg.yield %a : f32
  } -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// The network with dense weights (transposed: inputs x outputs), and the
// scale of its outputs, |b2| + h |W2| (h >= 0 after the relu).
func.func @reference(%x: tensor<?x4xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %x, %c0 : tensor<?x4xf32>
  %w1 = arith.constant dense<[[0.5, 0.0, -0.75], [0.0, 2.0, 0.0],
                              [-1.0, 0.0, 0.0], [0.0, 0.25, 1.5]]> : tensor<4x3xf32>
  %b1 = arith.constant dense<[0.1, -0.2, 0.3]> : tensor<3xf32>
  %w2 = arith.constant dense<[[1.0, 0.0], [-0.5, 0.75], [0.0, 2.0]]> : tensor<3x2xf32>
  %b2 = arith.constant dense<[0.05, -0.1]> : tensor<2xf32>

  %e3 = tensor.empty(%n) : tensor<?x3xf32>
  %z3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<?x3xf32>) -> tensor<?x3xf32>
  %xw1 = linalg.matmul ins(%x, %w1 : tensor<?x4xf32>, tensor<4x3xf32>) outs(%z3 : tensor<?x3xf32>) -> tensor<?x3xf32>
  %xw1d = tensor.cast %xw1 : tensor<?x3xf32> to tensor<?x?xf32>
  %b1d = tensor.cast %b1 : tensor<3xf32> to tensor<?xf32>
  %s1 = call @add_row(%xw1d, %b1d) : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %s1s = tensor.cast %s1 : tensor<?x?xf32> to tensor<?x3xf32>
  %h = linalg.generic {indexing_maps = [#id], iterator_types = ["parallel", "parallel"]}
      outs(%s1s : tensor<?x3xf32>) {
  ^bb0(%o: f32):
    %r = arith.maximumf %o, %zero : f32
    linalg.yield %r : f32
  } -> tensor<?x3xf32>

  %e2 = tensor.empty(%n) : tensor<?x2xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<?x2xf32>) -> tensor<?x2xf32>
  %hw2 = linalg.matmul ins(%h, %w2 : tensor<?x3xf32>, tensor<3x2xf32>) outs(%z2 : tensor<?x2xf32>) -> tensor<?x2xf32>
  %hw2d = tensor.cast %hw2 : tensor<?x2xf32> to tensor<?x?xf32>
  %b2d = tensor.cast %b2 : tensor<2xf32> to tensor<?xf32>
  %y = call @add_row(%hw2d, %b2d) : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>

  %w2d = tensor.cast %w2 : tensor<3x2xf32> to tensor<?x?xf32>
  %w2abs = call @abs(%w2d) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %w2abss = tensor.cast %w2abs : tensor<?x?xf32> to tensor<3x2xf32>
  %z2b = linalg.fill ins(%zero : f32) outs(%e2 : tensor<?x2xf32>) -> tensor<?x2xf32>
  %hw2abs = linalg.matmul ins(%h, %w2abss : tensor<?x3xf32>, tensor<3x2xf32>) outs(%z2b : tensor<?x2xf32>) -> tensor<?x2xf32>
  %hw2absd = tensor.cast %hw2abs : tensor<?x2xf32> to tensor<?x?xf32>
  %b2row = tensor.expand_shape %b2 [[0, 1]] output_shape [1, 2] : tensor<2xf32> into tensor<1x2xf32>
  %b2rowd = tensor.cast %b2row : tensor<1x2xf32> to tensor<?x?xf32>
  %b2abs = call @abs(%b2rowd) : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %b2abs2 = tensor.cast %b2abs : tensor<?x?xf32> to tensor<1x2xf32>
  %b2abs1 = tensor.collapse_shape %b2abs2 [[0, 1]] : tensor<1x2xf32> into tensor<2xf32>
  %b2abs1d = tensor.cast %b2abs1 : tensor<2xf32> to tensor<?xf32>
  %scale = call @add_row(%hw2absd, %b2abs1d) : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>

  %ys = tensor.cast %y : tensor<?x?xf32> to tensor<?x2xf32>
  %scales = tensor.cast %scale : tensor<?x?xf32> to tensor<?x2xf32>
  return %ys, %scales : tensor<?x2xf32>, tensor<?x2xf32>
}

func.func private @printMemrefF32(memref<*xf32>) attributes {llvm.emit_c_interface}

func.func @print(%t: tensor<?x2xf32>) {
  %m = bufferization.to_buffer %t read_only : tensor<?x2xf32> to memref<?x2xf32>
  %u = memref.cast %m : memref<?x2xf32> to memref<*xf32>
  call @printMemrefF32(%u) : (memref<*xf32>) -> ()
  return
}

// Prints got - want, the scale and got.
func.func @check(%got: tensor<?x2xf32>, %want: tensor<?x2xf32>, %scale: tensor<?x2xf32>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %got, %c0 : tensor<?x2xf32>
  %e = tensor.empty(%n) : tensor<?x2xf32>
  %d = linalg.sub ins(%got, %want : tensor<?x2xf32>, tensor<?x2xf32>) outs(%e : tensor<?x2xf32>) -> tensor<?x2xf32>
  vector.print str "DIFF\n"
  call @print(%d) : (tensor<?x2xf32>) -> ()
  vector.print str "SCALE\n"
  call @print(%scale) : (tensor<?x2xf32>) -> ()
  vector.print str "OUT\n"
  call @print(%got) : (tensor<?x2xf32>) -> ()
  return
}

// The same post-processing on both sides: a bias add.
func.func @post(%y: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %bias = arith.constant dense<[1.0, -0.5]> : tensor<2xf32>
  %yd = tensor.cast %y : tensor<?x2xf32> to tensor<?x?xf32>
  %bd = tensor.cast %bias : tensor<2xf32> to tensor<?xf32>
  %z = call @add_row(%yd, %bd) : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %zs = tensor.cast %z : tensor<?x?xf32> to tensor<?x2xf32>
  return %zs : tensor<?x2xf32>
}

func.func @main() {
  %x = arith.constant dense<[[1.0, -2.0, 0.5, 3.0], [0.25, 1.5, -1.0, 2.0],
                             [-0.5, 0.0, 2.5, 1.0], [2.0, 1.0, 1.0, -1.5],
                             [0.75, -0.25, 0.0, 0.5], [-1.25, 2.25, 1.75, 0.3]]> : tensor<6x4xf32>
  // Pre-processing: p = 1.5 x - 0.25.
  %e = tensor.empty() : tensor<6x4xf32>
  %p = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<6x4xf32>) outs(%e : tensor<6x4xf32>) {
  ^bb0(%a: f32, %o: f32):
    %k = arith.constant 1.5 : f32
    %c = arith.constant 0.25 : f32
    %m = arith.mulf %a, %k : f32
    %s = arith.subf %m, %c : f32
    linalg.yield %s : f32
  } -> tensor<6x4xf32>
  %pd = tensor.cast %p : tensor<6x4xf32> to tensor<?x4xf32>

  // The whole batch.
  %y = sffnn.call @mlp(%p) : (tensor<6x4xf32>) -> tensor<6x2xf32>
  %yd = tensor.cast %y : tensor<6x2xf32> to tensor<?x2xf32>
  %z = call @post(%yd) : (tensor<?x2xf32>) -> tensor<?x2xf32>
  %yref, %scale = call @reference(%pd) : (tensor<?x4xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>)
  %zref = call @post(%yref) : (tensor<?x2xf32>) -> tensor<?x2xf32>
  call @check(%z, %zref, %scale) : (tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>) -> ()

  // Samples 1, 3 and 5: a strided view, a `?` batch.
  %odd = tensor.extract_slice %p[1, 0] [3, 4] [2, 1] : tensor<6x4xf32> to tensor<3x4xf32>
  %oddd = tensor.cast %odd : tensor<3x4xf32> to tensor<?x4xf32>
  %y2 = sffnn.call @mlp(%oddd) : (tensor<?x4xf32>) -> tensor<?x2xf32>
  %z2 = call @post(%y2) : (tensor<?x2xf32>) -> tensor<?x2xf32>
  %y2ref, %scale2 = call @reference(%oddd) : (tensor<?x4xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>)
  %z2ref = call @post(%y2ref) : (tensor<?x2xf32>) -> tensor<?x2xf32>
  call @check(%z2, %z2ref, %scale2) : (tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>) -> ()
  return
}
