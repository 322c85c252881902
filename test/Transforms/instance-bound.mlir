// The instance lower bound in sffnn.io_bounds and in the report: on a random
// DAG much wider than M it lies well above W + B + I_used + O and below every
// schedule, and the report gives each schedule's efficiency against it.
// RUN: sparse-ffnn-gen dag --inputs 32 --neurons 400 --outputs 8 --connections 4000 --seed 2 -o %t.mlir
// RUN: sparse-ffnn-opt %t.mlir --sffnn-io-bounds="fast-memory=8" --sffnn-schedule="order=best fast-memory=8" --sffnn-anneal="fast-memory=8 iterations=20000" --sffnn-io-report="output=%t.json table=%t.txt" -o %t.out.mlir
// RUN: %python -c "import json; r = json.load(open('%t.json'))[0]; lb, ilb, al, ail = r['lower_bound'], r['instance_lower_bound'], r['activation_lower_bound'], r['activation_instance_lower_bound']; assert ilb - ail == lb - al == r['parameter_ios']; assert ail > 2 * al, (al, ail); assert r['instance_method'] in ('open-words', 'first-completion'), r['instance_method']; assert ilb <= min(r['baseline_ios'], r['schedule_ios'], r['annealed_ios']); e = r['annealed_activation_instance_efficiency']; assert 0 < e <= 1 and abs(e - ail / r['annealed']['activation']) < 1e-12; assert abs(r['baseline_instance_efficiency'] - ilb / r['baseline_ios']) < 1e-12; print('ok')" | FileCheck %s
// CHECK: ok
// RUN: FileCheck %s --check-prefix=TABLE < %t.txt
// TABLE: instance lower bnd ({{open-words|first-completion}}) {{[0-9]+}} {{[0-9]+}} {{[0-9]+}}
// TABLE: annealed against the instance bound: total 0.{{[0-9]+}}, activations 0.{{[0-9]+}}
// RUN: FileCheck %s --check-prefix=IR < %t.out.mlir
// IR: sffnn.io_bounds = {activation_instance_lower_bound = {{[0-9]+}} : i64
// The verifier wants both fields.
// RUN: sed -e 's/, instance_lower_bound = [0-9]* : i64//' %t.out.mlir | not sparse-ffnn-opt 2>&1 | FileCheck %s --check-prefix=VERIFY
// VERIFY: needs 'instance_lower_bound' as a non-negative i64
