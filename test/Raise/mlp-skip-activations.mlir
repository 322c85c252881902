// Several layers become one network: a 3-layer MLP with a skip add and a
// clamp, sigmoid and tanh in their torch-mlir forms, and a bias add fused
// with relu in one body.
// RUN: sparse-ffnn-opt %s -split-input-file --sffnn-raise-linalg=min-sparsity=0 | FileCheck %s

// h1 = relu(x W1 + b1), h2 = relu(h1 W2), y = clamp((h2 + h1) W3, 0, 6).
// h1 is read twice, so it is a layer of its own; the skip add is an
// identity layer reading h2 and h1.
// CHECK-LABEL: sffnn.network @mlp_sffnn(%arg0: tensor<?x3xf32>) -> tensor<?x2xf32>
// CHECK-NEXT: %[[H1:.*]] = sffnn.layer relu (%arg0 : tensor<?x3xf32>) weights <3x3, {{.*}}> bias dense<[1.000000e+00, 0.000000e+00, -1.000000e+00]> : tensor<3xf32>
// CHECK-NEXT: %[[H2:.*]] = sffnn.layer relu (%[[H1]] : tensor<?x3xf32>) weights <3x3,
// CHECK-NEXT: %[[S:.*]] = sffnn.layer identity (%[[H2]], %[[H1]] : tensor<?x3xf32>, tensor<?x3xf32>) weights <3x6, offsets = dense<[0, 2, 4, 6]> : tensor<4xi32>, indices = dense<[0, 3, 1, 4, 2, 5]> : tensor<6xi32>, values = dense<1.000000e+00> : tensor<6xf32>>
// CHECK-NEXT: %[[Y:.*]] = sffnn.layer relu clamp 6.000000e+00 (%[[S]] : tensor<?x3xf32>) weights <2x3,
// CHECK-NEXT: sffnn.return %[[Y]]
// CHECK-LABEL: func.func @mlp
// CHECK-NEXT: sffnn.call @mlp_sffnn(%arg0) : (tensor<2x3xf32>) -> tensor<2x2xf32>
// CHECK-NEXT: return
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @mlp(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %w1 = arith.constant dense<[[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0]]> : tensor<3x3xf32>
  %b1 = arith.constant dense<[1.0, 0.0, -1.0]> : tensor<3xf32>
  %w2 = arith.constant dense<[[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, -1.0]]> : tensor<3x3xf32>
  %w3 = arith.constant dense<[[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]> : tensor<3x2xf32>
  %e3 = tensor.empty() : tensor<2x3xf32>
  %z3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<2x3xf32>) -> tensor<2x3xf32>
  %m1 = linalg.matmul ins(%x, %w1 : tensor<2x3xf32>, tensor<3x3xf32>) outs(%z3 : tensor<2x3xf32>) -> tensor<2x3xf32>
  %h1 = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%m1, %b1 : tensor<2x3xf32>, tensor<3xf32>) outs(%e3 : tensor<2x3xf32>) {
  ^bb0(%in: f32, %b: f32, %out: f32):
    %s = arith.addf %in, %b : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<2x3xf32>
  %m2 = linalg.matmul ins(%h1, %w2 : tensor<2x3xf32>, tensor<3x3xf32>) outs(%z3 : tensor<2x3xf32>) -> tensor<2x3xf32>
  %h2 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%m2 : tensor<2x3xf32>) outs(%e3 : tensor<2x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  } -> tensor<2x3xf32>
  %skip = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%h2, %h1 : tensor<2x3xf32>, tensor<2x3xf32>) outs(%e3 : tensor<2x3xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<2x3xf32>
  %e2 = tensor.empty() : tensor<2x2xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m3 = linalg.matmul ins(%skip, %w3 : tensor<2x3xf32>, tensor<3x2xf32>) outs(%z2 : tensor<2x2xf32>) -> tensor<2x2xf32>
  // torch-mlir's clamp(min=0, max=6): cmpf ult + select, cmpf ugt + select.
  %y = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%m3 : tensor<2x2xf32>) outs(%e2 : tensor<2x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %lt = arith.cmpf ult, %in, %zero : f32
    %lo = arith.select %lt, %zero, %in : f32
    %gt = arith.cmpf ugt, %lo, %six : f32
    %hi = arith.select %gt, %six, %lo : f32
    linalg.yield %hi : f32
  } -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// sigmoid as torch-mlir writes it (negf, exp, addf 1, divf 1 by it), then
// tanh; the second contraction is a linalg.generic doing mulf/addf.
// CHECK-LABEL: sffnn.network @sigmoid_tanh_sffnn
// CHECK-NEXT: %[[A:.*]] = sffnn.layer sigmoid (%arg0 : tensor<?x2xf32>) weights <2x2,
// CHECK-NEXT: %[[B:.*]] = sffnn.layer tanh (%[[A]] : tensor<?x2xf32>) weights <1x2, offsets = dense<[0, 1]> : tensor<2xi32>, indices = dense<1> : tensor<1xi32>, values = dense<-2.000000e+00> : tensor<1xf32>>
// CHECK-NEXT: sffnn.return %[[B]]
// CHECK-LABEL: func.func @sigmoid_tanh
// CHECK-NEXT: sffnn.call @sigmoid_tanh_sffnn
// CHECK-NEXT: return
#id = affine_map<(d0, d1) -> (d0, d1)>
#mk = affine_map<(d0, d1, d2) -> (d0, d2)>
#kn = affine_map<(d0, d1, d2) -> (d2, d1)>
#mn = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @sigmoid_tanh(%x: tensor<4x2xf32>) -> tensor<4x1xf32> {
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %w1 = arith.constant dense<[[0.0, 1.0], [2.0, 0.0]]> : tensor<2x2xf32>
  %w2 = arith.constant dense<[[0.0], [-2.0]]> : tensor<2x1xf32>
  %e = tensor.empty() : tensor<4x2xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<4x2xf32>) -> tensor<4x2xf32>
  %m1 = linalg.matmul ins(%x, %w1 : tensor<4x2xf32>, tensor<2x2xf32>) outs(%z : tensor<4x2xf32>) -> tensor<4x2xf32>
  %s = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%m1 : tensor<4x2xf32>) outs(%e : tensor<4x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    %x1 = math.exp %n : f32
    %d = arith.addf %x1, %one : f32
    %r = arith.divf %one, %d : f32
    linalg.yield %r : f32
  } -> tensor<4x2xf32>
  %e1 = tensor.empty() : tensor<4x1xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<4x1xf32>) -> tensor<4x1xf32>
  %m2 = linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "parallel", "reduction"]} ins(%s, %w2 : tensor<4x2xf32>, tensor<2x1xf32>) outs(%z1 : tensor<4x1xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %q = arith.addf %acc, %p : f32
    linalg.yield %q : f32
  } -> tensor<4x1xf32>
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%m2 : tensor<4x1xf32>) outs(%e1 : tensor<4x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = math.tanh %in : f32
    linalg.yield %r : f32
  } -> tensor<4x1xf32>
  return %t : tensor<4x1xf32>
}
