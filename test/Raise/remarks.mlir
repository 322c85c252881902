// What is not raised, and why: a remark at the contraction or at the op a
// network stops at. Layers here are at least half zeros, so that
// min-sparsity=0.5 keeps them apart from the "too dense" case.
// RUN: sparse-ffnn-opt %s -split-input-file -verify-diagnostics --max-memory=1G --sffnn-raise-linalg=min-sparsity=0.5 | FileCheck %s

// A weight that is a function argument.
// CHECK-LABEL: func.func @weight_argument
// CHECK: linalg.matmul
func.func @weight_argument(%x: tensor<2x2xf32>, %w: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{not raised: this contraction has no constant weight (its right operand is a block argument, not a constant; its left operand is not constant either)}}
  %y = linalg.matmul ins(%x, %w : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// A weight computed from another value.
func.func @weight_computed(%x: tensor<2x2xf32>, %v: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %w = linalg.add ins(%v, %v : tensor<2x2xf32>, tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{its right operand is computed by 'linalg.add', not a constant}}
  %y = linalg.matmul ins(%x, %w : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// Three nonzeros of four: sparsity 0.25 < 0.5.
// CHECK-LABEL: func.func @too_dense
// CHECK: linalg.matmul
func.func @too_dense(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, 2.0], [0.0, 3.0]]> : tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{not raised: too dense: sparsity 0.250 is below min-sparsity 0.5}}
  %y = linalg.matmul ins(%x, %w : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// An elementwise op no layer absorbs: the network ends before it.
// CHECK-LABEL: sffnn.network @unknown_elementwise_sffnn
// CHECK: sffnn.layer relu
// CHECK-LABEL: func.func @unknown_elementwise
// CHECK: %[[H:.*]] = sffnn.call @unknown_elementwise_sffnn
// CHECK: linalg.generic {{.*}} ins(%[[H]]
// CHECK: math.sin
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @unknown_elementwise(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, 0.0], [0.0, 3.0]]> : tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<2x2xf32>
  // expected-remark @below {{not raised past this op: it computes 'math.sin', an elementwise op that no layer form matches (bias add, relu, clamp, sigmoid, tanh, skip add)}}
  %s = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%r : tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = math.sin %in : f32
    linalg.yield %m : f32
  } -> tensor<2x2xf32>
  return %s : tensor<2x2xf32>
}

// -----

// A lower clamp other than 0, a min before any relu, a subtracted layer.
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @clamps(%x: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %w = arith.constant dense<[[1.0, 0.0], [0.0, 3.0]]> : tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{not raised past this op: it takes the max with 1, which is not relu (max with 0) or a relu clamp (min with a positive bound after a relu)}}
  %a = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %one : f32
    linalg.yield %m : f32
  } -> tensor<2x2xf32>
  // expected-remark @below {{not raised past this op: it takes the min with 1, which is not relu}}
  %b = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.minimumf %in, %one : f32
    linalg.yield %m : f32
  } -> tensor<2x2xf32>
  // expected-remark @below {{not raised past this op: it subtracts a computed value; a layer only adds them}}
  %c = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.subf %zero, %in : f32
    linalg.yield %m : f32
  } -> tensor<2x2xf32>
  return %a, %b, %c : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// A network has one result: both h and y are returned.
// CHECK-LABEL: func.func @two_results
// CHECK-NOT: sffnn.call
func.func @two_results(%x: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %w = arith.constant dense<[[1.0, 0.0], [0.0, 3.0]]> : tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{not raised: this result and 1 other value(s) of the same network are used outside it (a network has one result)}}
  %h = linalg.matmul ins(%x, %w : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{not raised: this result and 1 other value(s)}}
  %y = linalg.matmul ins(%h, %w : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %h, %y : tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// Values of networks with different inputs are not added: each network
// is raised alone and the add stays.
// CHECK-LABEL: func.func @two_inputs
// CHECK: sffnn.call
// CHECK: sffnn.call
// CHECK: linalg.generic
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @two_inputs(%x: tensor<2x2xf32>, %v: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, 0.0], [0.0, 3.0]]> : tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %a = linalg.matmul ins(%x, %w : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  %b = linalg.matmul ins(%v, %w : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{not raised past this op: it combines values computed from different inputs (a network has one input)}}
  %s = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%a, %b : tensor<2x2xf32>, tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%p: f32, %q: f32, %out: f32):
    %m = arith.addf %p, %q : f32
    linalg.yield %m : f32
  } -> tensor<2x2xf32>
  return %s : tensor<2x2xf32>
}

// -----

// A bias that differs per sample, a named elementwise op.
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @per_sample_bias(%x: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>) {
  %w = arith.constant dense<[[1.0, 0.0], [0.0, 3.0]]> : tensor<2x2xf32>
  %b = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{not raised past this op: it reads an operand that is neither computed by the network nor a per-neuron constant: it varies over the batch (a per-sample constant)}}
  %s = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%y, %b : tensor<2x2xf32>, tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%p: f32, %q: f32, %out: f32):
    %m = arith.addf %p, %q : f32
    linalg.yield %m : f32
  } -> tensor<2x2xf32>
  // expected-remark @below {{not raised past this op: named elementwise ops are not matched (run linalg-generalize-named-ops first)}}
  %t = linalg.add ins(%y, %b : tensor<2x2xf32>, tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %s, %t : tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// Contractions that are not layers: f64, a batch of two matrices, the
// batch in the columns (W x^T), an `outs` that is not a bias.
func.func @not_layers(%x: tensor<2x2xf64>, %x3: tensor<2x2x2xf32>, %xt: tensor<2x3xf32>, %x2: tensor<3x2xf32>) -> (tensor<2x2xf64>, tensor<2x2x2xf32>, tensor<2x3xf32>, tensor<3x2xf32>) {
  %w64 = arith.constant dense<[[1.0, 0.0], [0.0, 3.0]]> : tensor<2x2xf64>
  %w3 = arith.constant dense<[[[1.0, 0.0], [0.0, 3.0]], [[1.0, 0.0], [0.0, 3.0]]]> : tensor<2x2x2xf32>
  %w = arith.constant dense<[[1.0, 0.0], [0.0, 3.0]]> : tensor<2x2xf32>
  %e64 = tensor.empty() : tensor<2x2xf64>
  // expected-remark @below {{not raised: this contraction computes on elements other than f32}}
  %a = linalg.matmul ins(%x, %w64 : tensor<2x2xf64>, tensor<2x2xf64>) outs(%e64 : tensor<2x2xf64>) -> tensor<2x2xf64>
  %e3 = tensor.empty() : tensor<2x2x2xf32>
  // expected-remark @below {{not raised: this contraction batches over a dimension of size other than 1 (a batch_matmul of several matrices)}}
  %b = linalg.batch_matmul ins(%x3, %w3 : tensor<2x2x2xf32>, tensor<2x2x2xf32>) outs(%e3 : tensor<2x2x2xf32>) -> tensor<2x2x2xf32>
  %et = tensor.empty() : tensor<2x3xf32>
  // expected-remark @below {{not raised: this contraction reads its input with the features first (transposed)}}
  %c = linalg.matmul ins(%w, %xt : tensor<2x2xf32>, tensor<2x3xf32>) outs(%et : tensor<2x3xf32>) -> tensor<2x3xf32>
  %e = tensor.empty() : tensor<3x2xf32>
  // expected-remark @below {{not raised: this contraction accumulates into 'tensor.empty', which is not a fill or a broadcast of a constant bias}}
  %d = linalg.matmul ins(%x2, %w : tensor<3x2xf32>, tensor<2x2xf32>) outs(%e : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %a, %b, %c, %d : tensor<2x2xf64>, tensor<2x2x2xf32>, tensor<2x3xf32>, tensor<3x2xf32>
}

// -----

// Bad numbers and sizes: a NaN weight, a NaN bias, a splat weight of 10^10
// elements (a few bytes of IR) that raising would have to read.
func.func @bad_numbers(%x: tensor<2x2xf32>, %big: tensor<2x100000xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x100000xf32>) {
  %wnan = arith.constant dense<[[0x7FC00000, 0.0], [0.0, 0.0]]> : tensor<2x2xf32>
  %w = arith.constant dense<[[2.0, 0.0], [0.0, 0.0]]> : tensor<2x2xf32>
  %wbig = arith.constant dense<1.0> : tensor<100000x100000xf32>
  %zero = arith.constant 0.0 : f32
  %nan = arith.constant 0x7FC00000 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %n = linalg.fill ins(%nan : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{not raised: this contraction cannot use its weight: weight (0, 0) is not finite}}
  %a = linalg.matmul ins(%x, %wnan : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{not raised: network 'bad_numbers_sffnn', layer 1: has a non-finite bias}}
  %b = linalg.matmul ins(%x, %w : tensor<2x2xf32>, tensor<2x2xf32>) outs(%n : tensor<2x2xf32>) -> tensor<2x2xf32>
  %eb = tensor.empty() : tensor<2x100000xf32>
  %zb = linalg.fill ins(%zero : f32) outs(%eb : tensor<2x100000xf32>) -> tensor<2x100000xf32>
  // expected-remark @below {{not raised: this contraction has a weight too large to raise: reading its weight needs about 114441 MiB, more than the memory limit of 1024 MiB}}
  %c = linalg.matmul ins(%big, %wbig : tensor<2x100000xf32>, tensor<100000x100000xf32>) outs(%zb : tensor<2x100000xf32>) -> tensor<2x100000xf32>
  return %a, %b, %c : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x100000xf32>
}
