// sffnn-anneal on a random DAG with skip connections: it records the best
// order and its I/O, moves measurably fewer words than the baseline, is
// reproducible for a seed and a move budget, and rejects bad options.
// RUN: sparse-ffnn-gen dag --inputs 16 --neurons 300 --outputs 4 --connections 3000 --seed 5 -o %t.mlir
// RUN: sparse-ffnn-opt %t.mlir --sffnn-io-bounds="fast-memory=16" --sffnn-anneal="fast-memory=16 iterations=100000" --sffnn-io-report="output=%t.json" -o %t.a.mlir
// RUN: sparse-ffnn-opt %t.mlir --sffnn-io-bounds="fast-memory=16" --sffnn-anneal="fast-memory=16 iterations=100000" -o %t.b.mlir
// RUN: diff %t.a.mlir %t.b.mlir
// RUN: %python -c "import json; r = json.load(open('%t.json'))[0]; print('saved', r['baseline_ios'] - r['annealed_ios'], 'of', r['baseline_ios']); assert r['annealed_ios'] < 0.97 * r['baseline_ios']" | FileCheck %s
// CHECK: saved {{[0-9]+}} of {{[0-9]+}}
// RUN: FileCheck %s --check-prefix=IR < %t.a.mlir
// IR: sffnn.io_annealed = {accepted = {{[0-9]+}} : i64, activation = {{[0-9]+}} : i64, expansion = "{{neuron|register-groups}}", fast_memory = 16 : i64
// IR-SAME: moves = 100000 : i64
// IR-SAME: seed = 1 : i64, start = "{{baseline|depth|grouped|rcm|depth-first|partition|cache-aware}}"
// IR-SAME: sffnn.schedule = dense_resource<dag_schedule> : tensor<300xi32>
// The report says where the annealer started; a second pass starts from the
// recorded schedule.
// RUN: sparse-ffnn-opt %t.mlir --sffnn-io-bounds="fast-memory=16" --sffnn-anneal="fast-memory=16 iterations=1000" --sffnn-io-report="table=-" -o /dev/null | FileCheck %s --check-prefix=FROM-ANCHOR
// FROM-ANCHOR: annealed started from: {{baseline|depth|grouped|rcm|depth-first|partition|cache-aware}} ({{[0-9]+}} I/Os)
// RUN: sparse-ffnn-opt %t.a.mlir --sffnn-anneal="fast-memory=16 iterations=1000 seed=2" --sffnn-io-report="table=-" -o /dev/null | FileCheck %s --check-prefix=FROM-RECORDED
// FROM-RECORDED: annealed started from: recorded ({{[0-9]+}} I/Os)
// RUN: not sparse-ffnn-opt %t.mlir --sffnn-anneal="iterations=0" 2>&1 | FileCheck %s --check-prefix=BUDGET
// BUDGET: error: annealing needs a move budget (iterations > 0) or a time budget (seconds > 0)
// RUN: not sparse-ffnn-opt %t.mlir --sffnn-anneal="max-distance=0" 2>&1 | FileCheck %s --check-prefix=DISTANCE
// DISTANCE: error: max-distance must be at least 1
// RUN: not sparse-ffnn-opt %t.mlir --sffnn-anneal="policy=random" 2>&1 | FileCheck %s --check-prefix=POLICY
// POLICY: error: unknown policy 'random'; expected belady or lru
