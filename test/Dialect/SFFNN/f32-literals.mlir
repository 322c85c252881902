// Every f32 of the custom syntax (weights, bias, clamp) is read in f32
// semantics, as the generic form reads it: a hex literal is the f32 bit
// pattern, a decimal rounds to the nearest f32. Print -> parse is exact:
// values with no short decimal print as hex and must read back as the same
// bits (the generic form below is the ground truth).
// RUN: sparse-ffnn-opt %s | FileCheck %s
// RUN: sparse-ffnn-opt %s | sparse-ffnn-opt | FileCheck %s
// RUN: sparse-ffnn-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC
// RUN: sparse-ffnn-opt %s | sparse-ffnn-opt --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC
// RUN: sparse-ffnn-opt %s --mlir-print-op-generic | sparse-ffnn-opt | FileCheck %s
// RUN: sparse-ffnn-opt %s -o %t.mlir && sparse-ffnn-opt %t.mlir -o %t2.mlir && diff %t.mlir %t2.mlir
// RUN: echo "1 2" > %t.in
// RUN: sparse-ffnn-run %s --network hex --input %t.in --interpret --output - | FileCheck %s --check-prefix=RUN-HEX

// The review's case: 0x3F800000 is 1.0 in f32 (it was read as the f64 bit
// pattern, a denormal that became 0). relu(1*1 + 2*2 + 1) = 6 < clamp 7.
// RUN-HEX: {{^}}6 2{{$}}
// CHECK-LABEL: sffnn.network @hex
// CHECK: sffnn.neuron relu clamp 7.000000e+00 (%{{.*}}, %{{.*}}) weights [1.000000e+00, 2.000000e+00] bias 1.000000e+00
// GENERIC-LABEL: sym_name = "hex"
// GENERIC: bias = 1.000000e+00 : f32, clamp = 7.000000e+00 : f32, weights = array<f32: 1.000000e+00, 2.000000e+00>
sffnn.network @hex(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %a:2 = sffnn.split %x : tensor<?x2xf32>
  %b = sffnn.neuron relu clamp 0x40E00000 (%a#0, %a#1) weights [0x3F800000, 2.0] bias 0x3F800000
  %c = sffnn.concat %b, %a#1 : tensor<?x2xf32>
  sffnn.return %c : tensor<?x2xf32>
}

// Values whose 7-digit decimal does not read back (1/3 in f32, the largest
// f32, and 2^24 + 2 as a bias, which prints as hex), the smallest denormal by hex and by decimal,
// a tiny decimal that rounds to zero, and -0.
// CHECK-LABEL: sffnn.network @exact
// CHECK: sffnn.neuron identity (%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) weights [0.333333343, 3.40282347E+38, 1.401300e-45, 1.401300e-45, 0.000000e+00, -0.000000e+00] bias 0x4B800001
// GENERIC-LABEL: sym_name = "exact"
// GENERIC: bias = 0x4B800001 : f32, weights = array<f32: 0.333333343, 3.40282347E+38, 1.401300e-45, 1.401300e-45, 0.000000e+00, -0.000000e+00>
sffnn.network @exact(%x: tensor<?x6xf32>) -> tensor<?x1xf32> {
  %a:6 = sffnn.split %x : tensor<?x6xf32>
  %b = sffnn.neuron identity (%a#0, %a#1, %a#2, %a#3, %a#4, %a#5) weights [0.33333334, 3.4028235e38, 0x00000001, 1.0e-45, 1.0e-46, -0.0] bias 16777218.0
  %c = sffnn.concat %b : tensor<?x1xf32>
  sffnn.return %c : tensor<?x1xf32>
}

// A layer's clamp too.
// CHECK-LABEL: sffnn.network @layer_clamp
// CHECK: sffnn.layer relu clamp 1.000000e-01 (
// GENERIC-LABEL: sym_name = "layer_clamp"
// GENERIC: clamp = 1.000000e-01 : f32
sffnn.network @layer_clamp(%x: tensor<?x1xf32>) -> tensor<?x1xf32> {
  %h = sffnn.layer relu clamp 0x3DCCCCCD (%x : tensor<?x1xf32>) weights #sffnn.csr<1x1,
         offsets = dense<[0, 1]> : tensor<2xi32>, indices = dense<0> : tensor<1xi32>,
         values = dense<1.0> : tensor<1xf32>> -> tensor<?x1xf32>
  sffnn.return %h : tensor<?x1xf32>
}
