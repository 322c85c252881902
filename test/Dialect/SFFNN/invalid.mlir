// Every verifier constraint of docs/Spec.md, one case each.
// RUN: sparse-ffnn-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{must take one input batch and return one output batch, got 2 inputs and 1 results (C-NET-1)}}
sffnn.network @two_inputs(%x: tensor<?x2xf32>, %y: tensor<?x2xf32>) -> tensor<?x2xf32> {
  sffnn.return %x : tensor<?x2xf32>
}

// -----

// expected-error @+1 {{input and output must be tensor<B x N x f32> with a static N >= 1 (C-NET-1)}}
sffnn.network @dynamic_features(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  sffnn.return %x : tensor<?x?xf32>
}

// -----

// expected-error @+1 {{input and output batch sizes differ (C-NET-2)}}
sffnn.network @batch(%x: tensor<4x2xf32>) -> tensor<8x2xf32> {
  sffnn.return %x : tensor<4x2xf32>
}

// -----

sffnn.network @layer_batch(%x: tensor<4x2xf32>) -> tensor<4x1xf32> {
  %n:2 = sffnn.split %x : tensor<4x2xf32>
  // expected-error @+1 {{batch size ? differs from the network's (C-NET-2)}}
  %y = sffnn.concat %n#0 : tensor<?x1xf32>
  %z = sffnn.concat %n#1 : tensor<4x1xf32>
  sffnn.return %z : tensor<4x1xf32>
}

// -----

sffnn.network @return_type(%x: tensor<?x2xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{operand types must match the network result types (C-NET-3)}}
  sffnn.return %x : tensor<?x2xf32>
}

// -----

sffnn.network @foreign(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  // expected-error @+1 {{is not allowed inside sffnn.network (C-NET-4)}}
  %c = arith.constant 1.0 : f32
  sffnn.return %x : tensor<?x2xf32>
}

// -----

sffnn.network @no_sources(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{needs at least one source (C-LAYER-1)}}
  %h = "sffnn.layer"() <{activation = #sffnn<activation relu>, weights = #sffnn.csr<1x2, offsets = dense<[0, 1]> : tensor<2xi32>, indices = dense<[0]> : tensor<1xi32>, values = dense<[1.0]> : tensor<1xf32>>}> : () -> tensor<?x1xf32>
  sffnn.return %h : tensor<?x1xf32>
}

// -----

sffnn.network @columns(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{weights have 3 columns but the sources have 2 features in all (C-LAYER-2)}}
  %h = sffnn.layer relu (%x : tensor<?x2xf32>) weights #sffnn.csr<1x3, offsets = dense<[0, 1]> : tensor<2xi32>, indices = dense<[0]> : tensor<1xi32>, values = dense<[1.0]> : tensor<1xf32>> -> tensor<?x1xf32>
  sffnn.return %h : tensor<?x1xf32>
}

// -----

sffnn.network @rows(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{weights have 2 rows but the result has 1 neurons (C-LAYER-2)}}
  %h = sffnn.layer relu (%x : tensor<?x2xf32>) weights #sffnn.csr<2x2, offsets = dense<[0, 1, 1]> : tensor<3xi32>, indices = dense<[0]> : tensor<1xi32>, values = dense<[1.0]> : tensor<1xf32>> -> tensor<?x1xf32>
  sffnn.return %h : tensor<?x1xf32>
}

// -----

sffnn.network @bias_shape(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{bias must be a tensor<1xf32> (C-LAYER-3)}}
  %h = sffnn.layer relu (%x : tensor<?x2xf32>) weights #sffnn.csr<1x2, offsets = dense<[0, 1]> : tensor<2xi32>, indices = dense<[0]> : tensor<1xi32>, values = dense<[1.0]> : tensor<1xf32>> bias dense<[1.0, 2.0]> : tensor<2xf32> -> tensor<?x1xf32>
  sffnn.return %h : tensor<?x1xf32>
}

// -----

sffnn.network @bias_nan(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  // expected-error @+1 {{bias of neuron 1 is not finite (C-LAYER-3)}}
  %h = sffnn.layer relu (%x : tensor<?x2xf32>) weights #sffnn.csr<2x2, offsets = dense<[0, 1, 2]> : tensor<3xi32>, indices = dense<[0, 1]> : tensor<2xi32>, values = dense<[1.0, 1.0]> : tensor<2xf32>> bias dense<[1.0, 0x7FC00000]> : tensor<2xf32> -> tensor<?x2xf32>
  sffnn.return %h : tensor<?x2xf32>
}

// -----

sffnn.network @clamp_tanh(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{clamp is only allowed with relu (C-LAYER-4)}}
  %h = sffnn.layer tanh clamp 2.0 (%x : tensor<?x2xf32>) weights #sffnn.csr<1x2, offsets = dense<[0, 1]> : tensor<2xi32>, indices = dense<[0]> : tensor<1xi32>, values = dense<[1.0]> : tensor<1xf32>> -> tensor<?x1xf32>
  sffnn.return %h : tensor<?x1xf32>
}

// -----

sffnn.network @clamp_negative(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{clamp must be a positive finite number, got -1.000000e+00 (C-LAYER-4)}}
  %h = sffnn.layer relu clamp -1.0 (%x : tensor<?x2xf32>) weights #sffnn.csr<1x2, offsets = dense<[0, 1]> : tensor<2xi32>, indices = dense<[0]> : tensor<1xi32>, values = dense<[1.0]> : tensor<1xf32>> -> tensor<?x1xf32>
  sffnn.return %h : tensor<?x1xf32>
}

// -----

sffnn.network @source_batch(%x: tensor<4x2xf32>) -> tensor<4x1xf32> {
  // expected-error @+1 {{sources and result must share one batch size (C-LAYER-5)}}
  %h = sffnn.layer relu (%x : tensor<4x2xf32>) weights #sffnn.csr<1x2, offsets = dense<[0, 1]> : tensor<2xi32>, indices = dense<[0]> : tensor<1xi32>, values = dense<[1.0]> : tensor<1xf32>> -> tensor<8x1xf32>
  %n:1 = sffnn.split %h : tensor<8x1xf32>
  %y = sffnn.concat %n#0 : tensor<4x1xf32>
  sffnn.return %y : tensor<4x1xf32>
}

// -----

// expected-error @+1 {{csr shape must be positive, got 0x2 (C-CSR-1)}}
#empty = #sffnn.csr<0x2, offsets = dense<[0]> : tensor<1xi32>, indices = dense<[0]> : tensor<1xi32>, values = dense<[1.0]> : tensor<1xf32>>

// -----

// expected-error @+1 {{csr offsets must have rows + 1 = 3 elements, got 2 (C-CSR-2)}}
#short = #sffnn.csr<2x2, offsets = dense<[0, 1]> : tensor<2xi32>, indices = dense<[0]> : tensor<1xi32>, values = dense<[1.0]> : tensor<1xf32>>

// -----

// expected-error @+1 {{csr offsets and indices must be rank-1 i32 arrays and values a rank-1 f32 array (C-CSR-2)}}
#wide = #sffnn.csr<1x2, offsets = dense<[0, 1]> : tensor<2xi32>, indices = dense<[0]> : tensor<1xi64>, values = dense<[1.0]> : tensor<1xf32>>

// -----

// expected-error @+1 {{csr has 1 indices but 2 values (C-CSR-2)}}
#counts = #sffnn.csr<1x2, offsets = dense<[0, 1]> : tensor<2xi32>, indices = dense<[0]> : tensor<1xi32>, values = dense<[1.0, 2.0]> : tensor<2xf32>>

// -----

sffnn.network @offsets_end(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{csr offsets must run from 0 to the number of connections 1, got 0 to 2 (C-CSR-3)}}
  %h = sffnn.layer relu (%x : tensor<?x2xf32>) weights #sffnn.csr<1x2, offsets = dense<[0, 2]> : tensor<2xi32>, indices = dense<[0]> : tensor<1xi32>, values = dense<[1.0]> : tensor<1xf32>> -> tensor<?x1xf32>
  sffnn.return %h : tensor<?x1xf32>
}

// -----

sffnn.network @offsets_decrease(%x: tensor<?x2xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{csr offsets decrease at row 1 (C-CSR-3)}}
  %h = sffnn.layer relu (%x : tensor<?x2xf32>) weights #sffnn.csr<3x2, offsets = dense<[0, 2, 1, 2]> : tensor<4xi32>, indices = dense<[0, 1]> : tensor<2xi32>, values = dense<[1.0, 1.0]> : tensor<2xf32>> -> tensor<?x3xf32>
  sffnn.return %h : tensor<?x3xf32>
}

// -----

sffnn.network @index_range(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{csr row 0 has column index 2 outside [0, 2) (C-CSR-4)}}
  %h = sffnn.layer relu (%x : tensor<?x2xf32>) weights #sffnn.csr<1x2, offsets = dense<[0, 1]> : tensor<2xi32>, indices = dense<[2]> : tensor<1xi32>, values = dense<[1.0]> : tensor<1xf32>> -> tensor<?x1xf32>
  sffnn.return %h : tensor<?x1xf32>
}

// -----

sffnn.network @duplicate(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{csr row 0 has column indices that are not strictly increasing (duplicate or unsorted entry 1) (C-CSR-4)}}
  %h = sffnn.layer relu (%x : tensor<?x2xf32>) weights #sffnn.csr<1x2, offsets = dense<[0, 2]> : tensor<2xi32>, indices = dense<[1, 1]> : tensor<2xi32>, values = dense<[1.0, 1.0]> : tensor<2xf32>> -> tensor<?x1xf32>
  sffnn.return %h : tensor<?x1xf32>
}

// -----

sffnn.network @weight_inf(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{csr row 0 column 1 has a non-finite weight (C-CSR-5)}}
  %h = sffnn.layer relu (%x : tensor<?x2xf32>) weights #sffnn.csr<1x2, offsets = dense<[0, 2]> : tensor<2xi32>, indices = dense<[0, 1]> : tensor<2xi32>, values = dense<[1.0, 0x7F800000]> : tensor<2xf32>> -> tensor<?x1xf32>
  sffnn.return %h : tensor<?x1xf32>
}

// -----

sffnn.network @missing_blob(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{csr indices refers to resource 'nowhere', which the file does not provide (C-CSR-5)}}
  %h = sffnn.layer relu (%x : tensor<?x2xf32>) weights #sffnn.csr<1x2, offsets = dense<[0, 1]> : tensor<2xi32>, indices = dense_resource<nowhere> : tensor<1xi32>, values = dense<[1.0]> : tensor<1xf32>> -> tensor<?x1xf32>
  sffnn.return %h : tensor<?x1xf32>
}

// -----

sffnn.network @split_count(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{yields 1 neurons but the input has 2 features (C-SPLIT-1)}}
  %n = "sffnn.split"(%x) : (tensor<?x2xf32>) -> !sffnn.neuron
  %y = sffnn.concat %n : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

sffnn.network @neuron_weights(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %n:2 = sffnn.split %x : tensor<?x2xf32>
  // expected-error @+1 {{has 2 sources but 1 weights (C-NEURON-1)}}
  %h = sffnn.neuron relu (%n#0, %n#1) weights [1.0]
  %y = sffnn.concat %h : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

sffnn.network @neuron_twice(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %n:2 = sffnn.split %x : tensor<?x2xf32>
  // expected-error @+1 {{reads the same source twice (C-NEURON-1)}}
  %h = sffnn.neuron relu (%n#0, %n#0) weights [1.0, 2.0]
  %y = sffnn.concat %h : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

sffnn.network @neuron_bias_inf(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %n:2 = sffnn.split %x : tensor<?x2xf32>
  // expected-error @+1 {{bias is not finite (C-NEURON-2)}}
  %h = sffnn.neuron relu (%n#0) weights [1.0] bias 0x7F800000
  %y = sffnn.concat %h : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

sffnn.network @neuron_clamp(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %n:2 = sffnn.split %x : tensor<?x2xf32>
  // expected-error @+1 {{clamp is only allowed with relu (C-NEURON-3)}}
  %h = sffnn.neuron sigmoid clamp 1.0 (%n#0) weights [1.0]
  %y = sffnn.concat %h : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

sffnn.network @concat_count(%x: tensor<?x2xf32>) -> tensor<?x3xf32> {
  %n:2 = sffnn.split %x : tensor<?x2xf32>
  // expected-error @+1 {{has 2 sources but the result has 3 features (C-CONCAT-1)}}
  %y = sffnn.concat %n#0, %n#1 : tensor<?x3xf32>
  sffnn.return %y : tensor<?x3xf32>
}

// -----

// A cycle cannot be written: SSA dominance rejects it.
sffnn.network @cycle(%x: tensor<?x1xf32>) -> tensor<?x1xf32> {
  %n:1 = sffnn.split %x : tensor<?x1xf32>
  // expected-error @+1 {{operand #1 does not dominate this use}}
  %a = sffnn.neuron relu (%n#0, %b) weights [1.0, 1.0]
  // expected-note @+1 {{operand defined here}}
  %b = sffnn.neuron relu (%a) weights [1.0]
  %y = sffnn.concat %b : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

sffnn.network @activation(%x: tensor<?x1xf32>) -> tensor<?x1xf32> {
  %n:1 = sffnn.split %x : tensor<?x1xf32>
  // expected-error @+1 {{unknown activation 'gelu'; expected identity, relu, sigmoid or tanh}}
  %a = sffnn.neuron gelu (%n#0) weights [1.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

sffnn.network @net(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %h = sffnn.layer relu (%x : tensor<?x3xf32>) weights #sffnn.csr<2x3,
         offsets = dense<[0, 1, 3]> : tensor<3xi32>, indices = dense<[2, 0, 1]> : tensor<3xi32>,
         values = dense<[0.5, -1.0, 2.0]> : tensor<3xf32>> -> tensor<?x2xf32>
  sffnn.return %h : tensor<?x2xf32>
}
func.func @mixed(%x: tensor<4x3xf32>, %y: memref<4x2xf32>) {
  // expected-error @+1 {{takes one input tensor and returns one tensor, or takes an input and an output memref and returns nothing (C-CALL-1)}}
  sffnn.call @net(%x, %y) : (tensor<4x3xf32>, memref<4x2xf32>) -> ()
  return
}

// -----

func.func @batches(%x: tensor<4x3xf32>) -> tensor<8x2xf32> {
  // expected-error @+1 {{input and output batch sizes differ (C-CALL-1)}}
  %y = sffnn.call @net(%x) : (tensor<4x3xf32>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}

// -----

func.func @f(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  return %x : tensor<4x3xf32>
}
func.func @not_a_network(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'f' does not name an sffnn.network (C-CALL-2)}}
  %y = sffnn.call @f(%x) : (tensor<4x3xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

sffnn.network @net(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %h = sffnn.layer relu (%x : tensor<?x3xf32>) weights #sffnn.csr<2x3,
         offsets = dense<[0, 1, 3]> : tensor<3xi32>, indices = dense<[2, 0, 1]> : tensor<3xi32>,
         values = dense<[0.5, -1.0, 2.0]> : tensor<3xf32>> -> tensor<?x2xf32>
  sffnn.return %h : tensor<?x2xf32>
}
func.func @features(%x: tensor<4x2xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{passes 2 inputs and 2 outputs to 'net', which has 3 inputs and 2 outputs (C-CALL-3)}}
  %y = sffnn.call @net(%x) : (tensor<4x2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

sffnn.network @net8(%x: tensor<8x3xf32>) -> tensor<8x2xf32> {
  %h = sffnn.layer relu (%x : tensor<8x3xf32>) weights #sffnn.csr<2x3,
         offsets = dense<[0, 1, 3]> : tensor<3xi32>, indices = dense<[2, 0, 1]> : tensor<3xi32>,
         values = dense<[0.5, -1.0, 2.0]> : tensor<3xf32>> -> tensor<8x2xf32>
  sffnn.return %h : tensor<8x2xf32>
}
func.func @batch_mismatch(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{batch size 4 differs from the batch size 8 of 'net8' (C-CALL-3)}}
  %y = sffnn.call @net8(%x) : (tensor<4x3xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}
