// sffnn-merge-duplicate-neurons: neurons of a layer with the same sources,
// weights (bit for bit), bias (bit for bit) and activation are one.
// RUN: sparse-ffnn-opt %s --split-input-file --sffnn-merge-duplicate-neurons 2>/dev/null | FileCheck %s
// RUN: sparse-ffnn-opt %s --split-input-file --sffnn-merge-duplicate-neurons 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK --implicit-check-not=remark
// Only the networks that change get a remark (in this order, below):
// REMARK: merge-duplicate-neurons.mlir:[[# @LINE + 13]]:1: remark: merge-duplicate-neurons: removed 1 of 5 neurons and 3 of 11 connections
// REMARK: remark: merge-duplicate-neurons: removed 1 of 10 neurons and 1 of 10 connections

// Hidden neurons 0 and 2 are identical; neuron 1 differs from them in one
// bit of one weight (0x3F000001 is the float after 0.5). The output reads
// h0 and h2 (weights 2 and 3: one connection of weight 5 to the survivor)
// and, through a skip connection, the input (its columns move from 3-4 to
// 2-3). Removed: h2 and its 2 connections, and y0's second connection.
// CHECK-LABEL: sffnn.network @identical(%arg0: tensor<?x2xf32>) -> tensor<?x2xf32> {{{$}}
// The recorded schedule numbered the old neurons: it is dropped.
// CHECK-NOT: sffnn.schedule
// CHECK: %[[H:.*]] = sffnn.layer relu (%arg0 : tensor<?x2xf32>) weights <2x2, offsets = dense<[0, 2, 4]> : tensor<3xi32>, indices = dense<[0, 1, 0, 1]> : tensor<4xi32>, values = dense<[5.000000e-01, -1.000000e+00, 0.50000006, -1.000000e+00]> : tensor<4xf32>> bias dense<2.500000e-01> : tensor<2xf32> -> tensor<?x2xf32>
// CHECK: sffnn.layer identity (%[[H]], %arg0 : tensor<?x2xf32>, tensor<?x2xf32>) weights <2x4, offsets = dense<[0, 2, 4]> : tensor<3xi32>, indices = dense<[0, 2, 1, 3]> : tensor<4xi32>, values = dense<[5.000000e+00, 1.000000e+00, 4.000000e+00, 1.500000e+00]> : tensor<4xf32>> -> tensor<?x2xf32>
sffnn.network @identical(%x: tensor<?x2xf32>) -> tensor<?x2xf32> attributes {sffnn.schedule = dense<[2, 3, 4, 5, 6]> : tensor<5xi32>} {
  %h = sffnn.layer relu (%x : tensor<?x2xf32>)
         weights <3x2, offsets = dense<[0, 2, 4, 6]> : tensor<4xi32>,
                       indices = dense<[0, 1, 0, 1, 0, 1]> : tensor<6xi32>,
                       values = dense<[0.5, -1.0, 0x3F000001, -1.0, 0.5, -1.0]> : tensor<6xf32>>
         bias dense<0.25> : tensor<3xf32>
         -> tensor<?x3xf32>
  %y = sffnn.layer identity (%h, %x : tensor<?x3xf32>, tensor<?x2xf32>)
         weights <2x5, offsets = dense<[0, 3, 5]> : tensor<3xi32>,
                       indices = dense<[0, 2, 3, 1, 4]> : tensor<5xi32>,
                       values = dense<[2.0, 3.0, 1.0, 4.0, 1.5]> : tensor<5xf32>>
         -> tensor<?x2xf32>
  sffnn.return %y : tensor<?x2xf32>
}

// -----

// Biases 0.0 and -0.0 differ in their bits, 1.0 in value: nothing merges
// (and no remark).
// CHECK-LABEL: sffnn.network @bias
// CHECK: sffnn.layer relu (%arg0 : tensor<?x1xf32>) weights <3x1, {{.*}}> bias dense<[0.000000e+00, -0.000000e+00, 1.000000e+00]> : tensor<3xf32> -> tensor<?x3xf32>
sffnn.network @bias(%x: tensor<?x1xf32>) -> tensor<?x1xf32> {
  %h = sffnn.layer relu (%x : tensor<?x1xf32>)
         weights <3x1, offsets = dense<[0, 1, 2, 3]> : tensor<4xi32>,
                       indices = dense<0> : tensor<3xi32>,
                       values = dense<2.0> : tensor<3xf32>>
         bias dense<[0.0, -0.0, 1.0]> : tensor<3xf32>
         -> tensor<?x3xf32>
  %y = sffnn.layer identity (%h : tensor<?x3xf32>)
         weights <1x3, offsets = dense<[0, 3]> : tensor<2xi32>,
                       indices = dense<[0, 1, 2]> : tensor<3xi32>,
                       values = dense<1.0> : tensor<3xf32>>
         -> tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

// Activations and clamps belong to a layer: the same neuron in a relu layer
// and in a relu clamp layer stays twice. The neuron-level form: identical
// sffnn.neuron ops merge (the concat reads the survivor twice, so the
// output keeps its two columns); a different clamp does not. (The remark:
// 1 of 10 neurons, 1 of 10 connections.)
// CHECK-LABEL: sffnn.network @activation
// CHECK: sffnn.layer relu (%arg0 : tensor<?x1xf32>) weights <1x1
// CHECK: sffnn.layer relu clamp 1.000000e+00 (%arg0 : tensor<?x1xf32>) weights <1x1
// CHECK: %[[A:.*]] = sffnn.neuron relu (%{{.*}}) weights [2.000000e+00]
// CHECK-NOT: sffnn.neuron relu (%{{.*}}) weights [2.000000e+00]{{$}}
// CHECK: %[[C:.*]] = sffnn.neuron relu clamp 1.000000e+00 (%{{.*}}) weights [2.000000e+00]
// CHECK: sffnn.concat %[[A]], %[[A]], %[[C]] : tensor<?x3xf32>
sffnn.network @activation(%x: tensor<?x1xf32>) -> tensor<?x5xf32> {
  %r = sffnn.layer relu (%x : tensor<?x1xf32>)
         weights <1x1, offsets = dense<[0, 1]> : tensor<2xi32>,
                       indices = dense<0> : tensor<1xi32>,
                       values = dense<2.0> : tensor<1xf32>> -> tensor<?x1xf32>
  %c = sffnn.layer relu clamp 1.0 (%x : tensor<?x1xf32>)
         weights <1x1, offsets = dense<[0, 1]> : tensor<2xi32>,
                       indices = dense<0> : tensor<1xi32>,
                       values = dense<2.0> : tensor<1xf32>> -> tensor<?x1xf32>
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [2.0]
  %b = sffnn.neuron relu (%in#0) weights [2.0]
  %d = sffnn.neuron relu clamp 1.0 (%in#0) weights [2.0]
  %n = sffnn.concat %a, %b, %d : tensor<?x3xf32>
  %y = sffnn.layer identity (%r, %c, %n : tensor<?x1xf32>, tensor<?x1xf32>, tensor<?x3xf32>)
         weights <5x5, offsets = dense<[0, 1, 2, 3, 4, 5]> : tensor<6xi32>,
                       indices = dense<[0, 1, 2, 3, 4]> : tensor<5xi32>,
                       values = dense<1.0> : tensor<5xf32>> -> tensor<?x5xf32>
  sffnn.return %y : tensor<?x5xf32>
}

// -----

// Duplicates in the output layer stay: each output column is computed.
// CHECK-LABEL: sffnn.network @output
// CHECK: sffnn.layer identity (%arg0 : tensor<?x2xf32>) weights <2x2, {{.*}} -> tensor<?x2xf32>
sffnn.network @output(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %y = sffnn.layer identity (%x : tensor<?x2xf32>)
         weights <2x2, offsets = dense<[0, 2, 4]> : tensor<3xi32>,
                       indices = dense<[0, 1, 0, 1]> : tensor<4xi32>,
                       values = dense<[1.0, 2.0, 1.0, 2.0]> : tensor<4xf32>>
         -> tensor<?x2xf32>
  sffnn.return %y : tensor<?x2xf32>
}
