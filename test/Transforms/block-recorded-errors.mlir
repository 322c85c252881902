// expansion=recorded (the default of sffnn-block and sffnn-io-plot) reads
// the recorded expansion; one this build does not know is a located error,
// not a silent neuron order. The dialect checks only the fields' kinds.
// RUN: sparse-ffnn-opt %s -split-input-file -verify-diagnostics --sffnn-block="machine=m=3" -o /dev/null
// RUN: sparse-ffnn-opt %s -split-input-file -verify-diagnostics --sffnn-io-plot="output=%t.svg memories=4" -o /dev/null

// expected-error @+1 {{sffnn.io_schedule records an unknown expansion 'columns'; expected neuron or register-groups}}
sffnn.network @columns(%x: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {
    sffnn.schedule = dense<[1]> : tensor<1xi32>,
    sffnn.io_schedule = {activation = 2 : i64, expansion = "columns", fast_memory = 3 : i64, hidden_loads = 0 : i64, hidden_stores = 0 : i64, input_loads = 1 : i64, output_stores = 1 : i64, partial_loads = 0 : i64, partial_stores = 0 : i64, policy = "belady", register_tile = 0 : i64, total = 4 : i64}} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

// Without a recorded order the program order is meant, counted as the
// baseline was.
// expected-error @+1 {{sffnn.io_baseline records register groups of 0 neurons; expected at least 1}}
sffnn.network @tile0(%x: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {
    sffnn.io_baseline = {activation = 2 : i64, expansion = "register-groups", fast_memory = 3 : i64, hidden_loads = 0 : i64, hidden_stores = 0 : i64, input_loads = 1 : i64, output_stores = 1 : i64, partial_loads = 0 : i64, partial_stores = 0 : i64, policy = "belady", register_tile = 0 : i64, total = 4 : i64}} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}
