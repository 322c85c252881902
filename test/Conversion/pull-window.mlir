// pull-window: a register group takes the later neurons with exactly its
// first neuron's sources. Here a and c read in#0 and in#1, b reads in#2;
// with two neurons per group the default groups {a, c} (in#0 and in#1
// loaded once, two FMAs each) then {b}: three source loads in all.
// pull-window=0 follows the schedule exactly: {a, b} then {c}, five loads.
// (Loads counted after sffnn-expand-fma-groups has written them out.)
// RUN: sparse-ffnn-opt %s --sffnn-to-llvm-pipeline="tile=8 register-tile=2 kernel-form=straight-line" | FileCheck %s --check-prefix=PULL
// PULL-LABEL: llvm.func internal @pw_chunk0(
// PULL-COUNT-3: llvm.load
// PULL-NOT: llvm.load
// PULL: llvm.return
// RUN: sparse-ffnn-opt %s --sffnn-to-llvm-pipeline="tile=8 register-tile=2 pull-window=0 kernel-form=straight-line" | FileCheck %s --check-prefix=EXACT
// EXACT-LABEL: llvm.func internal @pw_chunk0(
// EXACT-COUNT-5: llvm.load
// EXACT-NOT: llvm.load
// EXACT: llvm.return
// RUN: not sparse-ffnn-opt %s --convert-sffnn-to-vector="pull-window=-1" 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: pull-window must be in [0, {{[0-9]+}}], got -1

sffnn.network @pw(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %in:3 = sffnn.split %x : tensor<?x3xf32>
  %a = sffnn.neuron relu (%in#0, %in#1) weights [1.0, 2.0]
  %b = sffnn.neuron relu (%in#2) weights [3.0]
  %c = sffnn.neuron relu (%in#0, %in#1) weights [4.0, 5.0]
  %y = sffnn.concat %a, %b, %c : tensor<?x3xf32>
  sffnn.return %y : tensor<?x3xf32>
}
