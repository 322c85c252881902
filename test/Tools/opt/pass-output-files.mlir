// The report files of analysis passes appear only when the whole run
// succeeds: a later pass that fails leaves none of them (and no temporary)
// behind; a run that succeeds writes them all, the later writer of a path
// winning.
// RUN: rm -rf %t && mkdir -p %t
// RUN: not sparse-ffnn-opt %s --pass-pipeline="builtin.module(sffnn-io-bounds{fast-memory=2},sffnn-io-report{output=%t/io.json},sffnn-io-plot{output=%t/p.svg},sffnn-schedule{fast-memory=1})" -o %t/out.mlir 2>&1 | FileCheck %s --check-prefix=FAIL
// FAIL: error: {{.*}}fast-memory
// RUN: ls -A %t | count 0
// RUN: sparse-ffnn-opt %s --pass-pipeline="builtin.module(sffnn-io-bounds{fast-memory=2},sffnn-io-report{output=%t/io.json},sffnn-io-plot{output=%t/p.svg},sffnn-io-report{output=%t/io.json table=%t/t.txt})" -o %t/out.mlir
// RUN: ls -A %t | FileCheck %s --check-prefix=FILES --implicit-check-not=tmp
// FILES: io.json
// FILES-NEXT: out.mlir
// FILES-NEXT: p.svg
// FILES-NEXT: t.txt
// RUN: FileCheck %s --input-file=%t/io.json --check-prefix=JSON
// JSON: "network": "diamond"
// A FIFO (or a device) is written in place, never replaced by a renamed
// temporary (as root that once replaced /dev/full itself with a file).
// RUN: rm -f %t/fifo && mkfifo %t/fifo
// RUN: timeout 60 sh -c 'cat %t/fifo > %t/from-fifo & sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=2" --sffnn-io-report="output=%t/fifo" -o /dev/null; status=$?; wait; exit $status'
// RUN: test -p %t/fifo
// RUN: FileCheck %s --input-file=%t/from-fifo --check-prefix=JSON
// An unwritable path is still an error at the pass, before anything runs on.
// RUN: not sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=2" --sffnn-io-report="output=%t/missing/io.json" -o /dev/null 2>&1 | FileCheck %s --check-prefix=DIR
// DIR: error: {{.*}}missing/io.json: cannot write the output file: No such file or directory

sffnn.network @diamond(%x: tensor<?x2xf32>) -> tensor<?x1xf32> {
  %in:2 = sffnn.split %x : tensor<?x2xf32>
  %a = sffnn.neuron relu (%in#0, %in#1) weights [1.0, 1.0]
  %b = sffnn.neuron relu (%in#0) weights [1.0]
  %c = sffnn.neuron relu (%a, %b) weights [1.0, 1.0]
  %y = sffnn.concat %c : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}
