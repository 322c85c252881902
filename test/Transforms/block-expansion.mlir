// sffnn-block counts each level's I/O under an expansion, as sffnn-schedule
// and sffnn-anneal do (docs/IOModel.md, "Expansions"). @shared (as in
// expansion.mlir): c and d both read x0, x1, x2, no biases (P = W = 6).
// As a neuron order (each neuron loads its sources, then is stored): with
// M = 2 nothing survives from c to d, 6 loads + 2 stores = 8 activation
// I/Os; with M = 3 d finds two of its inputs still there: 4 + 2 = 6. The
// register group {c, d} streams each input once into both partial sums:
// 3 + 2 = 5 with M = 3; with M = 2 two open partial sums and a source do
// not fit, and the sums spill: 13. With M = 4 both reach the lower bound 5
// (a tie keeps the neuron order).
//
// Each level's count is the one sffnn-schedule records at that size for the
// same order and expansion (another pass: the report prints both).
// RUN: for m in 2 3 4; do for e in neuron register-groups; do \
// RUN:   sparse-ffnn-opt %s --sffnn-io-bounds --sffnn-schedule="order=given fast-memory=$m expansion=$e" \
// RUN:     --sffnn-block="machine=m2=2,m3=3,m4=4 expansion=$e" --sffnn-io-report="table=-" -o /dev/null \
// RUN:   | FileCheck %s --check-prefix=SAME-$e -DM=$m || exit 1; done; done
// SAME-neuron: schedule (belady) [[T:[0-9]+]] 6 [[A:[0-9]+]]
// SAME-neuron: level m[[M]] [[M]] words {{[0-9]+}} blocks schedule I/O [[T]] (activations [[A]]){{$}}
// SAME-register-groups: schedule (belady, register-groups of 16) [[T:[0-9]+]] 6 [[A:[0-9]+]]
// SAME-register-groups: level m[[M]] [[M]] words 1 blocks schedule I/O [[T]] (activations [[A]]), register-groups of 16
//
// The counts themselves, and the blocks: as neuron orders c and d are blocks
// of their own at every size (one neuron needs 3 sources, itself and a
// partial sum: 5 words); as register groups a block never cuts the group
// {c, d} (the lowering ends a register group at every block start).
// RUN: sparse-ffnn-opt %s --sffnn-block="machine=m2=2,m3=3,m4=4 expansion=neuron" | FileCheck %s --check-prefix=NEURON
// NEURON: sffnn.blocks = {m2 = dense<[0, 1]> : tensor<2xi32>, m3 = dense<[0, 1]> : tensor<2xi32>, m4 = dense<[0, 1]> : tensor<2xi32>}
// NEURON-SAME: sffnn.io_levels = {m2 = {activation = 8 : i64, blocks = 2 : i64, expansion = "neuron", register_tile = 0 : i64, total = 14 : i64, words = 2 : i64}, m3 = {activation = 6 : i64, {{.*}}, m4 = {activation = 5 : i64
// RUN: sparse-ffnn-opt %s --sffnn-block="machine=m2=2,m3=3,m4=4 expansion=register-groups" | FileCheck %s --check-prefix=GROUPS
// GROUPS: sffnn.blocks = {m2 = dense<0> : tensor<1xi32>, m3 = dense<0> : tensor<1xi32>, m4 = dense<0> : tensor<1xi32>}
// GROUPS-SAME: sffnn.io_levels = {m2 = {activation = 13 : i64, blocks = 1 : i64, expansion = "register-groups", register_tile = 16 : i64, total = 19 : i64, words = 2 : i64}, m3 = {activation = 5 : i64, {{.*}}, m4 = {activation = 5 : i64
// `best` takes the cheaper at each level and records which; blocks respect
// the groups on every level.
// RUN: sparse-ffnn-opt %s --sffnn-block="machine=m2=2,m3=3,m4=4 expansion=best" | FileCheck %s --check-prefix=BEST
// BEST: sffnn.blocks = {m2 = dense<0> : tensor<1xi32>, m3 = dense<0> : tensor<1xi32>, m4 = dense<0> : tensor<1xi32>}
// BEST-SAME: m2 = {activation = 8 : i64, blocks = 1 : i64, expansion = "neuron", register_tile = 0 : i64
// BEST-SAME: m3 = {activation = 5 : i64, blocks = 1 : i64, expansion = "register-groups", register_tile = 16 : i64
// BEST-SAME: m4 = {activation = 5 : i64, blocks = 1 : i64, expansion = "neuron", register_tile = 0 : i64
//
// The default counts the schedule as it was recorded: as register groups
// after sffnn-schedule (or sffnn-anneal, whose default expansion=best picks
// them at M = 3) chose them, with the recorded register tile (1: groups of
// one neuron, the neuron order's counts and blocks), and as a neuron order
// when nothing is recorded.
// RUN: sparse-ffnn-opt %s --sffnn-schedule="fast-memory=3 expansion=register-groups" --sffnn-block="machine=m2=2,m3=3" | FileCheck %s --check-prefix=RECORDED
// RECORDED: m2 = {activation = 13 : i64, blocks = 1 : i64, expansion = "register-groups", register_tile = 16 : i64
// RECORDED-SAME: m3 = {activation = 5 : i64, blocks = 1 : i64, expansion = "register-groups", register_tile = 16 : i64
// RUN: sparse-ffnn-opt %s --sffnn-anneal="fast-memory=3 iterations=100" --sffnn-block="machine=m3=3" | FileCheck %s --check-prefix=ANNEALED
// ANNEALED: sffnn.io_annealed = {accepted = {{[0-9]+}} : i64, activation = 5 : i64, expansion = "register-groups"
// ANNEALED-SAME: sffnn.io_levels = {m3 = {activation = 5 : i64, blocks = 1 : i64, expansion = "register-groups", register_tile = 16 : i64
// RUN: sparse-ffnn-opt %s --sffnn-schedule="fast-memory=3 expansion=register-groups register-tile=1" --sffnn-block="machine=m3=3" | FileCheck %s --check-prefix=TILE1
// TILE1: sffnn.blocks = {m3 = dense<[0, 1]> : tensor<2xi32>}
// TILE1-SAME: m3 = {activation = 6 : i64, blocks = 2 : i64, expansion = "register-groups", register_tile = 1 : i64
// RUN: sparse-ffnn-opt %s --sffnn-block="machine=m3=3" | FileCheck %s --check-prefix=NOTHING
// NOTHING: m3 = {activation = 6 : i64, blocks = 2 : i64, expansion = "neuron", register_tile = 0 : i64
//
// Bad values: the messages of the other I/O passes, plus `recorded`.
// RUN: not sparse-ffnn-opt %s --sffnn-block="machine=m3=3 expansion=groups" 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: unknown expansion 'groups'; expected neuron, register-groups, best or recorded
// RUN: not sparse-ffnn-opt %s --sffnn-block="machine=m3=3 register-tile=0" 2>&1 | FileCheck %s --check-prefix=TILE0
// TILE0: error: register-tile must be at least 1, got 0

sffnn.network @shared(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %in:3 = sffnn.split %x : tensor<?x3xf32>
  %c = sffnn.neuron relu (%in#0, %in#1, %in#2) weights [1.0, 2.0, 3.0]
  %d = sffnn.neuron relu (%in#0, %in#1, %in#2) weights [4.0, 5.0, 6.0]
  %y = sffnn.concat %c, %d : tensor<?x2xf32>
  sffnn.return %y : tensor<?x2xf32>
}
