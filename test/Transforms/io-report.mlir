// The JSON report (one object per network) and the table.
// RUN: sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=2" --sffnn-io-report="output=-" -o /dev/null | FileCheck %s --check-prefix=JSON
// JSON: [
// JSON:   "baseline": {
// JSON:     "activation": 7,
// JSON:     "hidden_loads": 2,
// JSON:     "policy": "belady",
// JSON:     "total": 11
// JSON:   "baseline_efficiency": 0.63636363636363635,
// JSON:   "baseline_ios": 11,
// JSON:   "bound_ratio": 1.5714285714285714,
// JSON:   "connections": 4,
// JSON:   "fast_memory": 2,
// JSON:   "inputs": 2,
// JSON:   "instance_method": "simple",
// JSON:   "lower_bound": 7,
// JSON:   "network": "diamond",
// JSON:   "neurons": 3,
// JSON:   "outputs": 1,
// JSON:   "parameter_ios": 4,
// JSON:   "two_optimal": true,
// JSON:   "upper_bound": 11,
// JSON-NOT: annealed
// RUN: sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=2" --sffnn-io-report="table=-" -o /dev/null | FileCheck %s --check-prefix=TABLE
// TABLE: network @diamond: I=2 O=1 n=3 W=4 B=0  fast memory M=2 words
// TABLE: lower bound 7 4 3
// TABLE: upper bound 11 4 7
// TABLE: baseline (belady) 11 4 7 4 3
// TABLE: baseline efficiency (lower bound / total): 0.6364
// The report needs the analysis first.
// RUN: not sparse-ffnn-opt %s --sffnn-io-report="output=-" -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: no I/O results recorded; run sffnn-io-bounds before sffnn-io-report

sffnn.network @diamond(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %in:2 = sffnn.split %x : tensor<?x2xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %b = sffnn.neuron relu (%in#1) weights [1.0]
  %c = sffnn.neuron relu (%a, %b) weights [1.0, 1.0]
  %y = sffnn.concat %c : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}
