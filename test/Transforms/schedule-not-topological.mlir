// A recorded neuron order (sffnn.schedule) that lists a neuron before one of
// its sources passes the dialect verifier, which checks only its shape
// (every computed neuron once): checking the dependencies costs
// O(connections) on every parse. Every pass that follows the order checks it
// (O(neurons + connections)) and refuses it at the network, naming
// sffnn.schedule, the first neuron listed too early, its entry and the
// source. Here neuron 3 (entry 1) reads neuron 2, listed after it.
// RUN: sparse-ffnn-opt %s -o /dev/null
// RUN: not sparse-ffnn-opt %s --sffnn-anneal -o /dev/null 2>&1 | FileCheck %s
// RUN: not sparse-ffnn-opt %s --sffnn-block="machine=m=3" -o /dev/null 2>&1 | FileCheck %s
// RUN: not sparse-ffnn-opt %s --convert-sffnn-to-vector -o /dev/null 2>&1 | FileCheck %s
// RUN: not sparse-ffnn-translate --compile-to header %s -o %t.h 2>&1 | FileCheck %s
// RUN: not test -e %t.h
// RUN: printf '1\n' > %t.x
// RUN: not sparse-ffnn-run %s --input %t.x --input-format dense --output %t.y 2>&1 | FileCheck %s
// RUN: not test -e %t.y
// CHECK: schedule-not-topological.mlir:[[@LINE+3]]:1: error: invalid sffnn.schedule: neuron 3 (entry 1) comes before its source 2
// The passes that do not follow a recorded order run as before: the
// interpreter computes in program order (2*1 -> 3*2+1 -> -7+1).
sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {sffnn.schedule = dense<[1, 3, 2]> : tensor<3xi32>} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron identity (%in#0) weights [2.0]
  %b = sffnn.neuron identity (%a) weights [3.0] bias 1.0
  %c = sffnn.neuron identity (%b) weights [-1.0] bias 1.0
  %y = sffnn.concat %c : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}
// RUN: sparse-ffnn-run %s --input %t.x --input-format dense --interpret --output - | FileCheck %s --check-prefix=INTERP
// INTERP: {{^}}-6{{$}}
