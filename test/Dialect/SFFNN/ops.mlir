// Round trip of every op: custom form, generic form and bytecode.
// RUN: sparse-ffnn-opt %s | FileCheck %s
// RUN: sparse-ffnn-opt %s | sparse-ffnn-opt | FileCheck %s
// RUN: sparse-ffnn-opt %s --mlir-print-op-generic | sparse-ffnn-opt | FileCheck %s
// RUN: sparse-ffnn-opt %s --emit-bytecode | sparse-ffnn-opt | FileCheck %s

// CHECK-LABEL: sffnn.network @layer_form(%arg0: tensor<?x3xf32>) -> tensor<?x2xf32>
// CHECK: %[[H:.*]] = sffnn.layer relu clamp 4.000000e+00 (%arg0 : tensor<?x3xf32>) weights <2x3, offsets = dense<[0, 1, 3]> : tensor<3xi32>, indices = dense<[2, 0, 1]> : tensor<3xi32>, values = dense<[5.000000e-01, -1.000000e+00, 2.000000e+00]> : tensor<3xf32>> bias dense<[1.000000e-01, 2.000000e-01]> : tensor<2xf32> -> tensor<?x2xf32>
// CHECK: sffnn.return %[[H]] : tensor<?x2xf32>
sffnn.network @layer_form(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %h = sffnn.layer relu clamp 4.0 (%x : tensor<?x3xf32>) weights #sffnn.csr<2x3,
         offsets = dense<[0, 1, 3]> : tensor<3xi32>,
         indices = dense<[2, 0, 1]> : tensor<3xi32>,
         values = dense<[0.5, -1.0, 2.0]> : tensor<3xf32>>
       bias dense<[0.1, 0.2]> : tensor<2xf32>
       -> tensor<?x2xf32>
  sffnn.return %h : tensor<?x2xf32>
}

// A skip connection: the second layer reads the input and the first layer.
// Splat weights and bias stay one number each.
// CHECK-LABEL: sffnn.network @skip(%arg0: tensor<8x2xf32>) -> tensor<8x1xf32>
// CHECK: %[[A:.*]] = sffnn.layer tanh (%arg0 : tensor<8x2xf32>)
// CHECK: sffnn.layer identity (%arg0, %[[A]] : tensor<8x2xf32>, tensor<8x2xf32>) weights <1x4, {{.*}} values = dense<2.500000e-01> : tensor<2xf32>> bias dense<-3.000000e-01> : tensor<1xf32> -> tensor<8x1xf32>
sffnn.network @skip(%x: tensor<8x2xf32>) -> tensor<8x1xf32> {
  %a = sffnn.layer tanh (%x : tensor<8x2xf32>) weights #sffnn.csr<2x2,
         offsets = dense<[0, 1, 2]> : tensor<3xi32>,
         indices = dense<[1, 0]> : tensor<2xi32>,
         values = dense<[1.0, -1.0]> : tensor<2xf32>>
       -> tensor<8x2xf32>
  %y = sffnn.layer identity (%x, %a : tensor<8x2xf32>, tensor<8x2xf32>) weights #sffnn.csr<1x4,
         offsets = dense<[0, 2]> : tensor<2xi32>,
         indices = dense<[0, 3]> : tensor<2xi32>,
         values = dense<0.25> : tensor<2xf32>>
       bias dense<-0.3> : tensor<1xf32>
       -> tensor<8x1xf32>
  sffnn.return %y : tensor<8x1xf32>
}

// The neuron-level form.
// CHECK-LABEL: sffnn.network @neurons(%arg0: tensor<?x2xf32>) -> tensor<?x2xf32>
// CHECK: %[[X:.*]]:2 = sffnn.split %arg0 : tensor<?x2xf32>
// CHECK: %[[A:.*]] = sffnn.neuron sigmoid (%[[X]]#0, %[[X]]#1) weights [1.000000e+00, -2.000000e+00] bias 5.000000e-01
// CHECK: %[[B:.*]] = sffnn.neuron relu clamp 1.000000e+00 (%[[A]], %[[X]]#1) weights [3.000000e+00, 1.000000e+00]
// CHECK: %[[Y:.*]] = sffnn.concat %[[B]], %[[A]] : tensor<?x2xf32>
// CHECK: sffnn.return %[[Y]]
sffnn.network @neurons(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %in:2 = sffnn.split %x : tensor<?x2xf32>
  %a = sffnn.neuron sigmoid (%in#0, %in#1) weights [1.0, -2.0] bias 0.5
  %b = sffnn.neuron relu clamp 1.0 (%a, %in#1) weights [3.0, 1.0]
  %y = sffnn.concat %b, %a : tensor<?x2xf32>
  sffnn.return %y : tensor<?x2xf32>
}

// A network called from functions, on tensors and on buffers.
// CHECK-LABEL: func.func @caller
// CHECK: %[[Y:.*]] = sffnn.call @neurons(%arg0) : (tensor<4x2xf32>) -> tensor<4x2xf32>
// CHECK: sffnn.call @neurons(%arg1, %arg2) : (memref<4x2xf32>, memref<4x2xf32>) -> ()
// CHECK: return %[[Y]]
func.func @caller(%x: tensor<4x2xf32>, %xb: memref<4x2xf32>, %yb: memref<4x2xf32>) -> tensor<4x2xf32> {
  %y = sffnn.call @neurons(%x) : (tensor<4x2xf32>) -> tensor<4x2xf32>
  sffnn.call @neurons(%xb, %yb) : (memref<4x2xf32>, memref<4x2xf32>) -> ()
  return %y : tensor<4x2xf32>
}

// Weights in dense_resource blobs, as the importers write them.
// CHECK-LABEL: sffnn.network @resources
// CHECK: offsets = dense_resource<offs> : tensor<3xi32>, indices = dense_resource<idx> : tensor<2xi32>
// CHECK: offs: "0x04000000000000000100000002000000"
sffnn.network @resources(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %h = sffnn.layer relu (%x : tensor<?x2xf32>) weights #sffnn.csr<2x2,
         offsets = dense_resource<offs> : tensor<3xi32>,
         indices = dense_resource<idx> : tensor<2xi32>,
         values = dense<1.0> : tensor<2xf32>>
       -> tensor<?x2xf32>
  sffnn.return %h : tensor<?x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      offs: "0x04000000000000000100000002000000",
      idx: "0x040000000100000000000000"
    }
  }
#-}
