// sffnn-io-plot counts every point under an expansion, as sffnn-schedule
// does; each marker's tooltip says M, the count and the expansion. @shared
// (as in block-expansion.mlir): as neuron orders 14, 12, 11 I/Os at
// M = 2, 3, 4; as the register group {c, d} 19, 11, 11. The plot's points
// are checked against sffnn-schedule's counts of the same orders (the
// baseline is order=given, the best anchor order=best) at each M.
// RUN: sparse-ffnn-opt %s --sffnn-io-plot="output=%t.best.svg memories=2,3,4 expansion=best anneal-iterations=50" -o /dev/null
// RUN: for m in 2 3 4; do for order in given best; do \
// RUN:   sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=$m" --sffnn-schedule="order=$order fast-memory=$m expansion=best" \
// RUN:     --sffnn-io-report="table=-" -o /dev/null || exit 1; done; done > %t.counts
// RUN: cat %t.counts %t.best.svg | FileCheck %s --check-prefix=BEST
// `best`: the neuron order at M = 2 and 4 (a tie), the group at M = 3, drawn
// hollow, and the title says both were tried.
// BEST: schedule (belady) [[G2:[0-9]+]] 6
// BEST: schedule (belady) [[B2:[0-9]+]] 6
// BEST: schedule (belady, register-groups of 16) [[G3:[0-9]+]] 6
// BEST: schedule (belady, register-groups of 16) [[B3:[0-9]+]] 6
// BEST: schedule (belady) [[G4:[0-9]+]] 6
// BEST: schedule (belady) [[B4:[0-9]+]] 6
// BEST: I/Os of @shared: I=3 n=2 W=6 (belady, best of neuron and register-groups of 16)
// BEST: >upper bound</text>
// BEST-NEXT: <polyline
// BEST-NEXT: <circle {{.*}} fill="#36c"><title>M=2: [[G2]] I/Os (neuron)</title></circle>
// BEST-NEXT: <circle {{.*}} fill="white" stroke="#36c" stroke-width="1.5"><title>M=3: [[G3]] I/Os (register-groups of 16)</title></circle>
// BEST-NEXT: <circle {{.*}} fill="#36c"><title>M=4: [[G4]] I/Os (neuron)</title></circle>
// BEST: >baseline</text>
// BEST-NEXT: <polyline
// BEST-NEXT: <circle {{.*}} fill="#85c"><title>M=2: [[B2]] I/Os (neuron)</title></circle>
// BEST-NEXT: <circle {{.*}} fill="white" stroke="#85c" stroke-width="1.5"><title>M=3: [[B3]] I/Os (register-groups of 16)</title></circle>
// BEST-NEXT: <circle {{.*}} fill="#85c"><title>M=4: [[B4]] I/Os (neuron)</title></circle>
// BEST: >best anchor</text>
// BEST: <title>M=3: {{[0-9]+}} I/Os (register-groups of 16)</title>
// BEST: >annealed</text>
// BEST: >hollow: register groups</text>
//
// One expansion: no hollow markers; the neuron baseline is sffnn-io-bounds'
// baseline at M = 3.
// RUN: sparse-ffnn-opt %s --sffnn-io-plot="output=%t.neuron.svg memories=2,3,4 expansion=neuron" -o /dev/null
// RUN: sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=3" --sffnn-io-report="table=-" -o /dev/null > %t.baseline
// RUN: cat %t.baseline %t.neuron.svg | FileCheck %s --check-prefix=NEURON
// NEURON: baseline (belady) [[N3:[0-9]+]]
// NEURON: I/Os of @shared: I=3 n=2 W=6 (belady, neuron)
// NEURON: <title>M=2: 14 I/Os (neuron)</title>
// NEURON-NEXT: <title>M=3: [[N3]] I/Os (neuron)</title>
// NEURON-NOT: fill="white" stroke
// NEURON-NOT: hollow
// RUN: sparse-ffnn-opt %s --sffnn-io-plot="output=%t.groups.svg memories=2,3,4 expansion=register-groups" -o /dev/null
// RUN: FileCheck %s --check-prefix=GROUPS < %t.groups.svg
// GROUPS: I/Os of @shared: I=3 n=2 W=6 (belady, register-groups of 16)
// GROUPS: <title>M=2: 19 I/Os (register-groups of 16)</title>
// GROUPS-NEXT: <title>M=3: 11 I/Os (register-groups of 16)</title>
// GROUPS-NOT: fill="white" stroke
//
// By default the expansion and tile the schedule was recorded with.
// RUN: sparse-ffnn-opt %s --sffnn-schedule="fast-memory=3 expansion=register-groups register-tile=2" --sffnn-io-plot="output=%t.recorded.svg memories=3" -o /dev/null
// RUN: FileCheck %s --check-prefix=RECORDED < %t.recorded.svg
// RECORDED: I/Os of @shared: I=3 n=2 W=6 (belady, register-groups of 2)
// RECORDED: <title>M=3: 11 I/Os (register-groups of 2)</title>
//
// Bad values: the messages of the other I/O passes, plus `recorded`.
// RUN: not sparse-ffnn-opt %s --sffnn-io-plot="output=%t.svg expansion=groups" 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: unknown expansion 'groups'; expected neuron, register-groups, best or recorded
// RUN: not sparse-ffnn-opt %s --sffnn-io-plot="output=%t.svg register-tile=-3" 2>&1 | FileCheck %s --check-prefix=TILE
// TILE: error: register-tile must be at least 1, got -3

sffnn.network @shared(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %in:3 = sffnn.split %x : tensor<?x3xf32>
  %c = sffnn.neuron relu (%in#0, %in#1, %in#2) weights [1.0, 2.0, 3.0]
  %d = sffnn.neuron relu (%in#0, %in#1, %in#2) weights [4.0, 5.0, 6.0]
  %y = sffnn.concat %c, %d : tensor<?x2xf32>
  sffnn.return %y : tensor<?x2xf32>
}
