// sffnn.call on tensors bufferizes to sffnn.call on buffers: the input's
// buffer is read in place (never copied, never written), the output is a
// new identity-layout buffer of the call's shape (a `?` batch taken from
// the input).
// RUN: sparse-ffnn-opt %s --sffnn-bufferize | FileCheck %s
// Upstream one-shot-bufferize uses the same model; it would also try the
// networks' bodies, which are not buffers (hence allow-unknown-ops here,
// and sffnn-bufferize in the pipeline).
// RUN: sparse-ffnn-opt %s --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-unknown-ops" | FileCheck %s
// The plugin gives Debian's mlir-opt the model too.
// RUN: %debian_mlir_opt --load-dialect-plugin=%sffnn_plugin %s --one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map allow-unknown-ops" | FileCheck %s

sffnn.network @chain(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %in:2 = sffnn.split %x : tensor<?x2xf32>
  %a = sffnn.neuron relu (%in#0, %in#1) weights [1.0, -2.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// The network is left alone.
// CHECK-LABEL: sffnn.network @chain
// CHECK: sffnn.neuron relu

// CHECK-LABEL: func.func @static_batch(
// CHECK-SAME: %[[X:.*]]: memref<3x2xf32>) -> memref<3x1xf32>
// CHECK-NOT: memref.copy
// CHECK: %[[Y:.*]] = memref.alloc() {{.*}}: memref<3x1xf32>
// CHECK-NEXT: sffnn.call @chain(%[[X]], %[[Y]]) : (memref<3x2xf32>, memref<3x1xf32>) -> ()
// CHECK-NEXT: return %[[Y]]
func.func @static_batch(%x: tensor<3x2xf32>) -> tensor<3x1xf32> {
  %y = sffnn.call @chain(%x) : (tensor<3x2xf32>) -> tensor<3x1xf32>
  return %y : tensor<3x1xf32>
}

// CHECK-LABEL: func.func @dynamic_batch(
// CHECK-SAME: %[[X:.*]]: memref<?x2xf32>) -> memref<?x1xf32>
// CHECK: %[[B:.*]] = memref.dim %[[X]], %{{.*}} : memref<?x2xf32>
// CHECK: %[[Y:.*]] = memref.alloc(%[[B]]) {{.*}}: memref<?x1xf32>
// CHECK-NEXT: sffnn.call @chain(%[[X]], %[[Y]]) : (memref<?x2xf32>, memref<?x1xf32>) -> ()
func.func @dynamic_batch(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %y = sffnn.call @chain(%x) : (tensor<?x2xf32>) -> tensor<?x1xf32>
  return %y : tensor<?x1xf32>
}

// The input is only read: calling twice on it needs no copy, and the two
// results are two buffers.
// CHECK-LABEL: func.func @twice(
// CHECK-SAME: %[[X:.*]]: memref<3x2xf32>)
// CHECK-NOT: memref.copy
// CHECK: %[[Y1:.*]] = memref.alloc() {{.*}}: memref<3x1xf32>
// CHECK-NEXT: sffnn.call @chain(%[[X]], %[[Y1]])
// CHECK: %[[Y2:.*]] = memref.alloc() {{.*}}: memref<3x1xf32>
// CHECK-NEXT: sffnn.call @chain(%[[X]], %[[Y2]])
// CHECK: return %[[Y1]], %[[Y2]]
func.func @twice(%x: tensor<3x2xf32>) -> (tensor<3x1xf32>, tensor<3x1xf32>) {
  %y1 = sffnn.call @chain(%x) : (tensor<3x2xf32>) -> tensor<3x1xf32>
  %y2 = sffnn.call @chain(%x) : (tensor<3x2xf32>) -> tensor<3x1xf32>
  return %y1, %y2 : tensor<3x1xf32>, tensor<3x1xf32>
}

// A call on buffers is already bufferized and stays as it is.
// CHECK-LABEL: func.func @buffers(
// CHECK-NEXT: sffnn.call @chain(%arg0, %arg1) : (memref<3x2xf32>, memref<3x1xf32>) -> ()
func.func @buffers(%x: memref<3x2xf32>, %y: memref<3x1xf32>) {
  sffnn.call @chain(%x, %y) : (memref<3x2xf32>, memref<3x1xf32>) -> ()
  return
}
