// sffnn-block with the host machine: at least the vector registers and one
// cache level, from sysfs, and without sysfs cache files (an empty sysfs
// root, as on many cloud VMs) from sysconf or CPUID; a machine file wins.
// RUN: sparse-ffnn-opt %s --sffnn-block | FileCheck %s
// RUN: rm -rf %t.sys && mkdir -p %t.sys
// RUN: env SFFNN_SYSFS_ROOT=%t.sys sparse-ffnn-opt %s --sffnn-block | FileCheck %s
// CHECK: sffnn.io_levels = {{{.*}}l1 = {{{.*}}registers = {
// RUN: echo '{"vector_registers": 8, "caches": [{"level": 1, "bytes": 4096}, {"level": 2, "bytes": 65536}]}' > %t.json
// RUN: env SFFNN_MACHINE_FILE=%t.json sparse-ffnn-opt %s --sffnn-block | FileCheck %s --check-prefix=FILE
// FILE: sffnn.io_levels = {l1 = {activation = {{[0-9]+}} : i64, blocks = 1 : i64, expansion = "neuron", register_tile = 0 : i64, total = {{[0-9]+}} : i64, words = 64 : i64}, l2 = {{{.*}}words = 1024 : i64}, registers = {{{.*}}words = 8 : i64}}
// RUN: echo '{"caches": 7}' > %t.bad.json
// RUN: env SFFNN_MACHINE_FILE=%t.bad.json not sparse-ffnn-opt %s --sffnn-block 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: {{.*}}.bad.json: 'caches' must be a list

sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %b = sffnn.neuron relu (%a) weights [1.0]
  %y = sffnn.concat %b : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}
