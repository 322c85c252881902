// The anchor orders of sffnn-schedule. In @pairs, a and c read the same
// inputs, as do b and d: grouped computes a, c, then b, d; depth-first
// also computes e right after its last source c.
// RUN: sparse-ffnn-opt %s --sffnn-schedule="order=grouped fast-memory=3" | FileCheck %s --check-prefix=GROUPED
// GROUPED: sffnn.schedule = dense<[3, 5, 4, 6, 7, 8]> : tensor<6xi32>
// RUN: sparse-ffnn-opt %s --sffnn-schedule="order=depth-first fast-memory=3" | FileCheck %s --check-prefix=DEPTHFIRST
// DEPTHFIRST: sffnn.schedule = dense<[3, 5, 7, 4, 6, 8]> : tensor<6xi32>
// RUN: sparse-ffnn-opt %s --sffnn-schedule="order=baseline fast-memory=3" | FileCheck %s --check-prefix=BASELINE
// BASELINE: sffnn.schedule = dense<[3, 4, 5, 6, 7, 8]> : tensor<6xi32>
// rcm keeps the levels: the four first-layer neurons first, in some order.
// RUN: sparse-ffnn-opt %s --sffnn-schedule="order=rcm fast-memory=3" | FileCheck %s --check-prefix=RCM
// RCM: sffnn.schedule = dense<[{{[3-6]}}, {{[3-6]}}, {{[3-6]}}, {{[3-6]}}, {{[78]}}, {{[78]}}]> : tensor<6xi32>
// With M = 3 the depth-first order moves fewer words than the baseline, and
// `best` finds an order at least as good as depth-first.
// RUN: sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=3" --sffnn-schedule="order=depth-first fast-memory=3" --sffnn-io-report="output=%t.df.json" -o /dev/null
// RUN: sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=3" --sffnn-schedule="order=best fast-memory=3" --sffnn-io-report="output=%t.best.json" -o /dev/null
// RUN: %python -c "import json; d = json.load(open('%t.df.json'))[0]; b = json.load(open('%t.best.json'))[0]; print(d['baseline_ios'], d['schedule_ios'], b['schedule_ios']); assert d['schedule_ios'] < d['baseline_ios'] and b['schedule_ios'] <= d['schedule_ios']; assert d['lower_bound'] <= d['instance_lower_bound'] <= b['schedule_ios']" | FileCheck %s --check-prefix=BEST
// BEST: {{[0-9]+}} {{[0-9]+}} {{[0-9]+}}
// The schedule records which anchor it is (with best, the one that won),
// and the report's table says so.
// RUN: %python -c "import json; print(json.load(open('%t.df.json'))[0]['schedule']['order'])" | FileCheck %s --check-prefix=NAMED
// NAMED: depth-first
// RUN: sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=3" --sffnn-schedule="order=best fast-memory=3" --sffnn-io-report="table=-" -o /dev/null | FileCheck %s --check-prefix=TABLE
// TABLE: schedule order: depth-first
// TABLE-NEXT: schedule efficiency

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
