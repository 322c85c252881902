// convert-sffnn-to-vector lowers the networks, then every sffnn.call on
// buffers to a call of the network's kernel on 1-D views of the row-major
// buffers, with the batch size as an index.
// RUN: sparse-ffnn-opt %s --split-input-file --verify-diagnostics --convert-sffnn-to-vector="tile=4" | FileCheck %s

sffnn.network @chain(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %in:2 = sffnn.split %x : tensor<?x2xf32>
  %a = sffnn.neuron relu (%in#0, %in#1) weights [1.0, -2.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// Identity layouts: views, no copies; a static batch is a constant.
// CHECK-LABEL: func.func @static_batch(
// CHECK-SAME: %[[X:.*]]: memref<3x2xf32>, %[[Y:.*]]: memref<3x1xf32>)
// CHECK-NOT: memref.copy
// CHECK-DAG: %[[B:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[XC:.*]] = memref.collapse_shape %[[X]] {{\[\[}}0, 1]] : memref<3x2xf32> into memref<6xf32>
// CHECK-DAG: %[[X1:.*]] = memref.cast %[[XC]] : memref<6xf32> to memref<?xf32>
// CHECK-DAG: %[[YC:.*]] = memref.collapse_shape %[[Y]] {{\[\[}}0, 1]] : memref<3x1xf32> into memref<3xf32>
// CHECK-DAG: %[[Y1:.*]] = memref.cast %[[YC]] : memref<3xf32> to memref<?xf32>
// CHECK: call @chain_impl(%[[X1]], %[[Y1]], %[[B]]) : (memref<?xf32>, memref<?xf32>, index) -> ()
// CHECK-NOT: sffnn.call
func.func @static_batch(%x: memref<3x2xf32>, %y: memref<3x1xf32>) {
  sffnn.call @chain(%x, %y) : (memref<3x2xf32>, memref<3x1xf32>) -> ()
  return
}

// A `?` batch is the input's memref.dim, checked against the output's at
// run time (the kernel writes batch x outputs floats).
// CHECK-LABEL: func.func @dynamic_batch(
// CHECK-SAME: %[[X:.*]]: memref<?x2xf32>, %[[Y:.*]]: memref<?x1xf32>)
// CHECK-DAG: %[[B:.*]] = memref.dim %[[X]]
// CHECK-DAG: %[[BY:.*]] = memref.dim %[[Y]]
// CHECK: %[[SAME:.*]] = arith.cmpi eq, %[[B]], %[[BY]] : index
// CHECK: cf.assert %[[SAME]], "sffnn.call @chain: input and output batch sizes differ"
// CHECK-DAG: %[[X1:.*]] = memref.collapse_shape %[[X]] {{\[\[}}0, 1]] : memref<?x2xf32> into memref<?xf32>
// CHECK-DAG: %[[Y1:.*]] = memref.collapse_shape %[[Y]] {{\[\[}}0, 1]] : memref<?x1xf32> into memref<?xf32>
// CHECK: call @chain_impl(%[[X1]], %[[Y1]], %[[B]])
func.func @dynamic_batch(%x: memref<?x2xf32>, %y: memref<?x1xf32>) {
  sffnn.call @chain(%x, %y) : (memref<?x2xf32>, memref<?x1xf32>) -> ()
  return
}

// Other layouts (every other row of a batch, a column window) are copied
// into contiguous buffers by loops (not memref.copy, whose lowering for
// strided layouts calls MLIR's runner utils); the output is copied back
// after the call.
// CHECK-LABEL: func.func @strided(
// CHECK-SAME: %[[X:.*]]: memref<3x2xf32, strided<[4, 1], offset: ?>>, %[[Y:.*]]: memref<3x1xf32, strided<[2, 1], offset: 1>>)
// CHECK: %[[XS:.*]] = memref.alloc() : memref<3x2xf32>
// CHECK: scf.for %[[I:.*]] = {{.*}} {
// CHECK-NEXT: scf.for %[[J:.*]] = {{.*}} {
// CHECK-NEXT: %[[V:.*]] = memref.load %[[X]][%[[I]], %[[J]]]
// CHECK-NEXT: memref.store %[[V]], %[[XS]][%[[I]], %[[J]]]
// CHECK: %[[YS:.*]] = memref.alloc() : memref<3x1xf32>
// CHECK-NOT: memref.copy
// CHECK: call @chain_impl(
// CHECK: scf.for %[[I:.*]] = {{.*}} {
// CHECK-NEXT: scf.for %[[J:.*]] = {{.*}} {
// CHECK-NEXT: %[[V:.*]] = memref.load %[[YS]][%[[I]], %[[J]]]
// CHECK-NEXT: memref.store %[[V]], %[[Y]][%[[I]], %[[J]]]
// CHECK-DAG: memref.dealloc %[[XS]]
// CHECK-DAG: memref.dealloc %[[YS]]
func.func @strided(%x: memref<3x2xf32, strided<[4, 1], offset: ?>>,
                   %y: memref<3x1xf32, strided<[2, 1], offset: 1>>) {
  sffnn.call @chain(%x, %y) : (memref<3x2xf32, strided<[4, 1], offset: ?>>, memref<3x1xf32, strided<[2, 1], offset: 1>>) -> ()
  return
}

// The kernel the calls use.
// CHECK-LABEL: func.func @chain_impl(
// CHECK-SAME: memref<?xf32>, %{{.*}}: memref<?xf32>, %{{.*}}: index)

// -----

sffnn.network @chain(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %in:2 = sffnn.split %x : tensor<?x2xf32>
  %a = sffnn.neuron relu (%in#0, %in#1) weights [1.0, -2.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

func.func @not_bufferized(%x: tensor<3x2xf32>) -> tensor<3x1xf32> {
  // expected-error @+1 {{'sffnn.call' op on tensors must be bufferized before its network is lowered (one-shot-bufferize; sffnn-to-llvm-pipeline runs it)}}
  %y = sffnn.call @chain(%x) : (tensor<3x2xf32>) -> tensor<3x1xf32>
  return %y : tensor<3x1xf32>
}

// -----

sffnn.network @chain(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %in:2 = sffnn.split %x : tensor<?x2xf32>
  %a = sffnn.neuron relu (%in#0, %in#1) weights [1.0, -2.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

func.func @memory_space(%x: memref<3x2xf32, 1>, %y: memref<3x1xf32, 1>) {
  // expected-error @+1 {{'sffnn.call' op takes buffers in the default memory space only; got 'memref<3x2xf32, 1>'}}
  sffnn.call @chain(%x, %y) : (memref<3x2xf32, 1>, memref<3x1xf32, 1>) -> ()
  return
}
