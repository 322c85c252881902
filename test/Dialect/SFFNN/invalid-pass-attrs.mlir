// The attributes passes record (sffnn.schedule, sffnn.blocks,
// sffnn.io_levels, sffnn.io_*, sffnn.kernel) are declared by the dialect and
// verified wherever they appear: a malformed one is a located error, not
// something a pass ignores.
// RUN: sparse-ffnn-opt %s -split-input-file -verify-diagnostics

// The neurons of @chain are nodes 1 and 2 (node 0 is the input).
// expected-error @+1 {{attribute 'sffnn.schedule' has 3 entries for 2 neurons}}
sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {sffnn.schedule = dense<[1, 2, 2]> : tensor<3xi32>} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %b = sffnn.neuron relu (%a) weights [1.0]
  %y = sffnn.concat %b : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

// expected-error @+1 {{attribute 'sffnn.schedule' entry 1 (1) is not a new computed neuron (ids 1 to 2)}}
sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {sffnn.schedule = dense<[1, 1]> : tensor<2xi32>} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %b = sffnn.neuron relu (%a) weights [1.0]
  %y = sffnn.concat %b : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

// expected-error @+1 {{attribute 'sffnn.schedule' must be an i32 array}}
sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {sffnn.schedule = "1,2"} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

// expected-error @+1 {{attribute 'sffnn.blocks' level 'l1' must rise strictly from 0 below 2; entry 1 is 0}}
sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {sffnn.blocks = {l1 = dense<[0, 0]> : tensor<2xi32>}} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %b = sffnn.neuron relu (%a) weights [1.0]
  %y = sffnn.concat %b : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

// expected-error @+1 {{attribute 'sffnn.io_levels' needs 'blocks' as a non-negative i64}}
sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {sffnn.io_levels = {l1 = {words = 8 : i64, total = 3 : i64, activation = 1 : i64}}} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

// A level's expansion is optional (files before it), but when present a
// string, and its register tile a non-negative i64.
// expected-error @+1 {{attribute 'sffnn.io_levels' needs 'expansion' as a string}}
sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {sffnn.io_levels = {l1 = {words = 8 : i64, blocks = 1 : i64, total = 3 : i64, activation = 1 : i64, expansion = 16 : i64}}} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

// expected-error @+1 {{attribute 'sffnn.io_levels' needs 'register_tile' as a non-negative i64}}
sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {sffnn.io_levels = {l1 = {words = 8 : i64, blocks = 1 : i64, total = 3 : i64, activation = 1 : i64, expansion = "register-groups", register_tile = -1 : i64}}} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

// expected-error @+1 {{attribute 'sffnn.io_baseline' has unknown entry 'totl'}}
sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {sffnn.io_baseline = {policy = "belady", fast_memory = 4 : i64, expansion = "neuron", register_tile = 0 : i64, total = 3 : i64, totl = 3 : i64, activation = 1 : i64, input_loads = 1 : i64, hidden_loads = 0 : i64, partial_loads = 0 : i64, hidden_stores = 0 : i64, partial_stores = 0 : i64, output_stores = 1 : i64}} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

// sffnn.io_schedule may name its order (sffnn-schedule records it; older
// files have none), as a string; only io_schedule has it.
// expected-error @+1 {{attribute 'sffnn.io_schedule' needs 'order' as a string}}
sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {sffnn.io_schedule = {policy = "belady", fast_memory = 4 : i64, expansion = "neuron", register_tile = 0 : i64, total = 3 : i64, order = 3 : i64, activation = 1 : i64, input_loads = 1 : i64, hidden_loads = 0 : i64, partial_loads = 0 : i64, hidden_stores = 0 : i64, partial_stores = 0 : i64, output_stores = 1 : i64}} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

// Without an order (as written before sffnn-schedule recorded it): valid.
sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {sffnn.io_schedule = {policy = "belady", fast_memory = 4 : i64, expansion = "neuron", register_tile = 0 : i64, total = 3 : i64, activation = 1 : i64, input_loads = 1 : i64, hidden_loads = 0 : i64, partial_loads = 0 : i64, hidden_stores = 0 : i64, partial_stores = 0 : i64, output_stores = 1 : i64}} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

// expected-error @+1 {{attribute 'sffnn.io_baseline' has unknown entry 'order'}}
sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {sffnn.io_baseline = {policy = "belady", fast_memory = 4 : i64, expansion = "neuron", register_tile = 0 : i64, total = 3 : i64, order = "grouped", activation = 1 : i64, input_loads = 1 : i64, hidden_loads = 0 : i64, partial_loads = 0 : i64, hidden_stores = 0 : i64, partial_stores = 0 : i64, output_stores = 1 : i64}} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

// expected-error @+1 {{unknown sffnn attribute 'sffnn.schedul'}}
sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> attributes {sffnn.schedul = dense<[1]> : tensor<1xi32>} {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %y = sffnn.concat %a : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}

// -----

// expected-error @+1 {{attribute 'sffnn.kernel' needs 'tile' as a non-negative i64}}
func.func @k_impl() attributes {sffnn.kernel = {name = "k", form = "straight-line", inputs = 1 : i64, outputs = 1 : i64, connections = 1 : i64, slots = 1 : i64, chunks = 1 : i64, drop_dead_samples = false}} {
  return
}

// -----

// expected-error @+1 {{attribute 'sffnn.schedule' belongs on sffnn.network}}
func.func @f() attributes {sffnn.schedule = dense<[1]> : tensor<1xi32>} {
  return
}
