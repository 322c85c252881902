// order=early-release is an anchor `sffnn-schedule` records like the others
// (on this two-layer network it is the cache-aware order it starts from:
// there is no layer boundary after the first to improve), and one of the
// anchors `best` tries. test/GraphChallenge/early-release-order.test
// shows it beating cache-aware on the challenge layers.
// RUN: sparse-ffnn-opt %s --sffnn-schedule="order=early-release fast-memory=3" | FileCheck %s
// CHECK: sffnn.schedule = dense<[4, 6, 8, 3, 5, 7]> : tensor<6xi32>
// RUN: sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=3" --sffnn-schedule="order=early-release fast-memory=3" --sffnn-io-report="output=-" -o /dev/null | FileCheck %s --check-prefix=REPORT
// REPORT: "order": "early-release"

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
