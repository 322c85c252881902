// The partition anchor of sffnn-schedule (METIS). In @pairs, a and c read
// the same inputs, as do b and d; with M = 4 each pair's working set fits
// and the whole first layer's does not: partition computes a, c, then b, d,
// then the second layer.
// RUN: sparse-ffnn-opt %s --sffnn-schedule="order=partition fast-memory=4" | FileCheck %s --check-prefix=PAIRS
// PAIRS: sffnn.schedule = dense<[3, 5, 4, 6, 7, 8]> : tensor<6xi32>
//
// With a fast memory holding everything there is nothing to split: the
// program order.
// RUN: sparse-ffnn-opt %s --sffnn-schedule="order=partition fast-memory=100" | FileCheck %s --check-prefix=ALL
// ALL: sffnn.schedule = dense<[3, 4, 5, 6, 7, 8]> : tensor<6xi32>
//
// On a random DAG the order is valid (the simulation checks it) and sits
// between the instance lower bound and the upper bound; `best` is at least
// as good as partition.
// RUN: sparse-ffnn-gen dag --inputs 64 --neurons 600 --outputs 16 --connections 6000 --seed 3 -o %t.dag.mlir
// RUN: sparse-ffnn-opt %t.dag.mlir --sffnn-io-bounds="fast-memory=24" --sffnn-schedule="order=partition fast-memory=24" --sffnn-io-report="output=%t.part.json" -o /dev/null
// RUN: sparse-ffnn-opt %t.dag.mlir --sffnn-io-bounds="fast-memory=24" --sffnn-schedule="order=best fast-memory=24" --sffnn-io-report="output=%t.best.json" -o /dev/null
// RUN: %python -c "import json; p = json.load(open('%t.part.json'))[0]; b = json.load(open('%t.best.json'))[0]; assert p['instance_lower_bound'] <= p['schedule_ios'] <= p['upper_bound'], p; assert b['schedule_ios'] <= p['schedule_ios'], (b, p); print('ok')" | FileCheck %s --check-prefix=DAG
// DAG: ok

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
