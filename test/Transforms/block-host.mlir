// sffnn-block with the host machine read from sysfs: at least the vector
// registers and one cache level.
// REQUIRES: sysfs-caches
// RUN: sparse-ffnn-opt %s --sffnn-block | FileCheck %s
// CHECK: sffnn.io_levels = {{{.*}}l1 = {{{.*}}registers = {

sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %b = sffnn.neuron relu (%a) weights [1.0]
  %y = sffnn.concat %b : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}
