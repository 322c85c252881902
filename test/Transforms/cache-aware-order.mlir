// order=cache-aware: the ready group of equal input sets that misses the
// fewest sources in a simulated cache of M - 1 words goes first. With M = 3,
// {b, d} misses one input and {a, c} two: b, d first; then f, whose sources
// b and d are resident, before a, c; then e.
// RUN: sparse-ffnn-opt %s --sffnn-schedule="order=cache-aware fast-memory=3" | FileCheck %s
// CHECK: sffnn.schedule = dense<[4, 6, 8, 3, 5, 7]> : tensor<6xi32>
// It is one of the anchors `best` tries, and no worse than the baseline.
// RUN: sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=3" --sffnn-schedule="order=cache-aware fast-memory=3" --sffnn-io-report="output=%t.json" -o /dev/null
// RUN: %python -c "import json; d = json.load(open('%t.json'))[0]; print(d['baseline_ios'], d['schedule_ios']); assert d['schedule_ios'] < d['baseline_ios']" | FileCheck %s --check-prefix=IOS
// IOS: {{[0-9]+}} {{[0-9]+}}

sffnn.network @pairs(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %in:3 = sffnn.split %x : tensor<?x3xf32>
  %a = sffnn.neuron relu (%in#0, %in#1) weights [1.0, 1.0]
  %b = sffnn.neuron relu (%in#2) weights [1.0]
  %c = sffnn.neuron relu (%in#0, %in#1) weights [2.0, 1.0]
  %d = sffnn.neuron relu (%in#2) weights [2.0]
  %e = sffnn.neuron relu (%a, %c) weights [1.0, 1.0]
  %f = sffnn.neuron relu (%b, %d) weights [1.0, 1.0]
  %y = sffnn.concat %e, %f : tensor<?x2xf32>
  sffnn.return %y : tensor<?x2xf32>
}
