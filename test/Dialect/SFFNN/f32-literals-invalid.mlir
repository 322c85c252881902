// Numbers of the custom syntax that are no finite f32 are rejected at the
// literal with the verifier's message, whether a decimal beyond f32's range
// or an inf/NaN bit pattern (hex literals are f32 bits, not f64 ones).
// RUN: sparse-ffnn-opt %s -split-input-file -verify-diagnostics

sffnn.network @weight_overflow(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %n:2 = sffnn.split %x : tensor<?x2xf32>
  // expected-error @+1 {{weight 1 is not finite (C-NEURON-2)}}
  %h = sffnn.neuron relu (%n#0, %n#1) weights [1.0, 1.0e39]
  %y = sffnn.concat %h : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

sffnn.network @weight_inf_bits(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %n:2 = sffnn.split %x : tensor<?x2xf32>
  // expected-error @+1 {{weight 0 is not finite (C-NEURON-2)}}
  %h = sffnn.neuron relu (%n#0) weights [0x7F800000]
  %y = sffnn.concat %h : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

sffnn.network @weight_nan_bits(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %n:2 = sffnn.split %x : tensor<?x2xf32>
  // expected-error @+1 {{weight 0 is not finite (C-NEURON-2)}}
  %h = sffnn.neuron relu (%n#0) weights [0x7FC00000]
  %y = sffnn.concat %h : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

sffnn.network @weight_too_wide(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %n:2 = sffnn.split %x : tensor<?x2xf32>
  // expected-error @+2 {{hexadecimal float constant out of range for type}}
  // expected-error @+1 {{expected an f32 literal such as 0.5, -2.5e-3 or 0x3F800000}}
  %h = sffnn.neuron relu (%n#0) weights [0x3FF0000000000000]
  %y = sffnn.concat %h : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

// `1e-46` is no MLIR float literal (it needs a '.'): say what is expected.
sffnn.network @no_dot(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %n:2 = sffnn.split %x : tensor<?x2xf32>
  // expected-error @+3 {{unexpected decimal integer literal for a floating point value}}
  // expected-note @+2 {{add a trailing dot}}
  // expected-error @+1 {{a decimal needs a '.', as in 1.0e-5}}
  %h = sffnn.neuron relu (%n#0) weights [1e-46]
  %y = sffnn.concat %h : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

sffnn.network @bias_overflow(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %n:2 = sffnn.split %x : tensor<?x2xf32>
  // expected-error @+1 {{bias is not finite (C-NEURON-2)}}
  %h = sffnn.neuron relu (%n#0) weights [1.0] bias -1.0e39
  %y = sffnn.concat %h : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

sffnn.network @neuron_clamp_nan_bits(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %n:2 = sffnn.split %x : tensor<?x2xf32>
  // expected-error @+1 {{clamp must be a positive finite number, got nan (C-NEURON-3)}}
  %h = sffnn.neuron relu clamp 0x7FC00000 (%n#0) weights [1.0]
  %y = sffnn.concat %h : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

sffnn.network @layer_clamp_overflow(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  // expected-error @+1 {{clamp must be a positive finite number, got INF (C-LAYER-4)}}
  %h = sffnn.layer relu clamp 1.0e39 (%x : tensor<?x2xf32>) weights #sffnn.csr<1x2, offsets = dense<[0, 1]> : tensor<2xi32>, indices = dense<[0]> : tensor<1xi32>, values = dense<[1.0]> : tensor<1xf32>> -> tensor<?x1xf32>
  sffnn.return %h : tensor<?x1xf32>
}

// -----

// The generic form reaches the verifier, which says the same.
sffnn.network @generic_weight_inf(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %n:2 = sffnn.split %x : tensor<?x2xf32>
  // expected-error @+1 {{weight 0 is not finite (C-NEURON-2)}}
  %h = "sffnn.neuron"(%n#0) <{activation = #sffnn<activation relu>, weights = array<f32: 0x7F800000>}> : (!sffnn.neuron) -> !sffnn.neuron
  %y = sffnn.concat %h : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}
