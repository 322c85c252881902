// Bounds and exact simulation on a network small enough to count by hand.
// x0 -> a, x1 -> b, (a, b) -> c, no biases: W = 4, n = 3, I = 2, O = 1.
// LB = P + I_used + O = 4 + 2 + 1 = 7; UB = P + W + n = 4 + 4 + 3 = 11.
// M = 2, order a, b, c: b's computation evicts a (store), c's reloads a
// (evicting b: store) and then b: 2 input loads, 2 stores, 2 loads, 1 output.
// M = 3: nothing is evicted: the lower bound.
// RUN: sparse-ffnn-opt %s --test-sffnn-print-io="fast-memory=2" -o /dev/null | FileCheck %s --check-prefix=M2
// RUN: sparse-ffnn-opt %s --test-sffnn-print-io="fast-memory=2 policy=lru" -o /dev/null | FileCheck %s --check-prefix=M2
// RUN: sparse-ffnn-opt %s --test-sffnn-print-io="fast-memory=3" -o /dev/null | FileCheck %s --check-prefix=M3
// M2: @diamond I=2 O=1 n=3 W=4 B=0 M=2 LB=7 UB=11 P=4 sim=11 in=2 hl=2 pl=0 hs=2 ps=0 os=1
// M2: @layers I=2 O=1 n=3 W=4 B=3 M=2 LB=10 UB=14 P=7 sim=14 in=2 hl=2 pl=0 hs=2 ps=0 os=1
// M3: @diamond I=2 O=1 n=3 W=4 B=0 M=3 LB=7 UB=11 P=4 sim=7 in=2 hl=0 pl=0 hs=0 ps=0 os=1

// The pass records the same numbers on the network.
// RUN: sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=2" | FileCheck %s --check-prefix=ATTRS
// ATTRS: sffnn.network @diamond
// ATTRS-SAME: attributes {sffnn.io_baseline = {activation = 7 : i64, expansion = "neuron", fast_memory = 2 : i64, hidden_loads = 2 : i64, hidden_stores = 2 : i64, input_loads = 2 : i64, output_stores = 1 : i64, partial_loads = 0 : i64, partial_stores = 0 : i64, policy = "belady", register_tile = 0 : i64, total = 11 : i64}, sffnn.io_bounds = {activation_instance_lower_bound = 3 : i64, activation_lower_bound = 3 : i64, activation_upper_bound = 7 : i64, biases = 0 : i64, connections = 4 : i64, fast_memory = 2 : i64, inputs = 2 : i64, instance_lower_bound = 7 : i64, instance_method = "simple", lower_bound = 7 : i64, neurons = 3 : i64, outputs = 1 : i64, parameter_ios = 4 : i64, two_optimal = true, upper_bound = 11 : i64, used_inputs = 2 : i64}}

sffnn.network @diamond(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %in:2 = sffnn.split %x : tensor<?x2xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %b = sffnn.neuron relu (%in#1) weights [1.0]
  %c = sffnn.neuron relu (%a, %b) weights [1.0, 1.0]
  %y = sffnn.concat %c : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// The same graph in layer form, with biases (B = 3 raises P and both bounds).
sffnn.network @layers(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %ab = sffnn.layer relu (%x : tensor<?x2xf32>) weights #sffnn.csr<2x2, offsets = dense<[0, 1, 2]> : tensor<3xi32>, indices = dense<[0, 1]> : tensor<2xi32>, values = dense<1.0> : tensor<2xf32>> bias dense<0.5> : tensor<2xf32> -> tensor<?x2xf32>
  %c = sffnn.layer relu (%ab : tensor<?x2xf32>) weights #sffnn.csr<1x2, offsets = dense<[0, 2]> : tensor<2xi32>, indices = dense<[0, 1]> : tensor<2xi32>, values = dense<1.0> : tensor<2xf32>> bias dense<0.5> : tensor<1xf32> -> tensor<?x1xf32>
  sffnn.return %c : tensor<?x1xf32>
}
