// Debian's own mlir-opt loads SFFNNPlugin.so and gets the dialect, every
// sffnn pass and sffnn-to-llvm-pipeline. Pass flags from a plugin are not
// known when mlir-opt parses its command line: they go through
// --pass-pipeline.
// RUN: %debian_mlir_opt --load-dialect-plugin=%sffnn_plugin %s | FileCheck %s --check-prefix=PARSE
// PARSE: sffnn.network @chain
// PARSE: sffnn.neuron relu
// RUN: %debian_mlir_opt --load-dialect-plugin=%sffnn_plugin --load-pass-plugin=%sffnn_plugin %s --pass-pipeline="builtin.module(sffnn-io-bounds{fast-memory=4})" | FileCheck %s --check-prefix=BOUNDS
// BOUNDS: sffnn.io_bounds = {{{.*}}lower_bound = 4 : i64{{.*}}upper_bound = 6 : i64
// RUN: %debian_mlir_opt --load-dialect-plugin=%sffnn_plugin --load-pass-plugin=%sffnn_plugin %s --pass-pipeline="builtin.module(sffnn-to-llvm-pipeline{tile=8})" | FileCheck %s --check-prefix=LOWER
// LOWER: llvm.func @chain(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64)
// The dialect's verifiers run inside mlir-opt too.
// RUN: not %debian_mlir_opt --load-dialect-plugin=%sffnn_plugin --load-pass-plugin=%sffnn_plugin %s --pass-pipeline="builtin.module(sffnn-anneal{fast-memory=4 seconds=nan})" 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: seconds must be a finite number

sffnn.network @chain(%x: tensor<?x1xf32>) -> tensor<?x1xf32> {
  %in:1 = sffnn.split %x : tensor<?x1xf32>
  %a = sffnn.neuron relu (%in#0) weights [1.0]
  %b = sffnn.neuron relu (%a) weights [1.0]
  %y = sffnn.concat %b : tensor<?x1xf32>
  sffnn.return %y : tensor<?x1xf32>
}
