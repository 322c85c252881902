// sffnn-roofline on a 2x4 layer with 3 connections, batch 2, on a machine
// given inline (peak 1e9 FLOP/s; L1 1 kB at 1e10 B/s; DRAM 1e9 B/s).
// Dense: 2*2*4*2 = 32 FLOPs, 4*8 + 4*2*(4+2) = 80 B (fits L1): 3.2e-8 s
// compute vs 8e-9 s memory. The connections read inputs 0, 1 and 3, so the
// sparse formats move 4*2*(3+2) = 40 B of activations. CSR: 2*3*2 = 12
// FLOPs, 8*3 + 4*3 + 40 = 76 B: 1.2e-8 s. 2x2 blocks: rows 0-1 touch block
// columns 0 and 1, 2 blocks of 4 values: 2*8*2 = 32 FLOPs (zeros count),
// 4*8 + 4*2 + 4*2 + 40 = 88 B.
// 2:4 keeps half of the 8 weights: 16 FLOPs.
// RUN: sparse-ffnn-opt %s --sffnn-roofline="machine=peak=1e9,l1=1000:1e10,dram=1e9 batch=2 formats=dense,csr,bsr2x2,2:4 table=-" -o /dev/null | FileCheck %s
// CHECK: network @tiny: batch 2, peak 1 GFLOP/s
// CHECK: layer 1: 2x4, 3 connections (density 0.3750), CSR break-even density 1.0000
// CHECK: dense 32 80 0.4 l1 compute 3.2e-08 1.000
// CHECK: csr 12 76 0.158 l1 compute 1.2e-08 2.667
// CHECK: bsr2x2 32 88 0.364 l1 compute 3.2e-08 1.000
// CHECK: 2:4 16 {{[0-9]+}} {{.*}} l1 compute 1.6e-08 2.000
// CHECK: network speedup over dense (ratio of summed times): dense 1.000 csr 2.667 bsr2x2 1.000 2:4 2.000
// A machine with one memory level: every word comes from it. The schedule
// row counts, like CSR's, each word once (per tile): 3 weights of 4 B, 3
// inputs read and 2 outputs of 8 B (2 lanes): 52 B, memory-bound at 1e9 B/s.
// RUN: sparse-ffnn-opt %s --sffnn-roofline="machine=peak=1e9,dram=1e9 batch=2 formats=dense,csr,schedule table=-" -o /dev/null | FileCheck %s --check-prefix=ONELEVEL
// ONELEVEL: dense 32 80 0.4 dram memory 8e-08 1.000
// ONELEVEL: csr 12 76 0.158 dram memory 7.6e-08 1.053
// ONELEVEL: schedule 12 52 0.231 dram memory 5.2e-08 1.538
// Measured efficiencies turn predictions into expected times: dense at 50%
// of its roofline takes 6.4e-8 s, CSR at 25% 4.8e-8 s: 1.333x.
// RUN: sparse-ffnn-opt %s --sffnn-roofline="machine=peak=1e9,l1=1000:1e10,dram=1e9 batch=2 formats=dense,csr efficiency=dense=0.5,csr=0.25 table=-" -o /dev/null | FileCheck %s --check-prefix=EXPECTED
// EXPECTED: dense 32 80 0.4 l1 compute 3.2e-08 1.000 6.4e-08 1.000
// EXPECTED: csr 12 76 0.158 l1 compute 1.2e-08 2.667 4.8e-08 1.333
// EXPECTED: expected network speedup (with the efficiencies): dense 1.000 csr 1.333
// RUN: not sparse-ffnn-opt %s --sffnn-roofline="machine=peak=1e9,dram=1e9 efficiency=csr=fast" 2>&1 | FileCheck %s --check-prefix=EFF
// EFF: error: bad efficiency 'csr=fast': expected FORMAT=FACTOR with a positive factor
// RUN: not sparse-ffnn-opt %s --sffnn-roofline="machine=peak=1e9,dram=1e9 efficiency=foo=0.5" 2>&1 | FileCheck %s --check-prefix=EFFNAME
// EFFNAME: error: bad efficiency 'foo=0.5': 'foo' is not a format (dense, csr, bsrRxC, N:M or schedule)
// RUN: not sparse-ffnn-opt %s --sffnn-roofline="machine=peak=1e9,dram=1e9 efficiency=csr=0.5,csr=0.25" 2>&1 | FileCheck %s --check-prefix=EFFTWICE
// EFFTWICE: error: efficiency of 'csr' given twice
// RUN: sparse-ffnn-opt %s --sffnn-roofline="machine=peak=1e9,dram=1e9 formats=bsr4x4,2:4 efficiency=bsr4x4=0.5,2:4=0.5,schedule=1 table=-" -o /dev/null | FileCheck %s --check-prefix=EFFKNOWN
// EFFKNOWN: bsr4x4
// The JSON and the chart:
// RUN: sparse-ffnn-opt %s --sffnn-roofline="machine=peak=1e9,l1=1000:1e10,dram=1e9 batch=2 output=- svg=%t.svg" -o /dev/null | FileCheck %s --check-prefix=JSON
// JSON: "csr_break_even_density": 1,
// JSON: "format": "schedule",
// JSON: "speedup": {
// RUN: FileCheck %s --check-prefix=SVG < %t.svg
// SVG: Sparsity roofline
// SVG: >schedule</text>
// Bad options:
// RUN: not sparse-ffnn-opt %s --sffnn-roofline 2>&1 | FileCheck %s --check-prefix=NOMACHINE
// NOMACHINE: error: sffnn-roofline needs machine=FILE (from sparse-ffnn-run --calibrate) or a spec
// RUN: not sparse-ffnn-opt %s --sffnn-roofline="machine=peak=1e9,dram=1e9 formats=ell" 2>&1 | FileCheck %s --check-prefix=FORMAT
// FORMAT: error: unknown format 'ell'; expected dense, csr, bsrRxC, N:M or schedule
// A block size past int64 is an unknown format, not a crash:
// RUN: not sparse-ffnn-opt %s --sffnn-roofline="machine=peak=1e9,dram=1e9 formats=bsr99999999999999999999x2" 2>&1 | FileCheck %s --check-prefix=HUGE
// HUGE: error: unknown format 'bsr99999999999999999999x2'
// RUN: not sparse-ffnn-opt %s --sffnn-roofline="machine=%t.missing.json" 2>&1 | FileCheck %s --check-prefix=FILE
// FILE: error: {{.*}}missing.json: cannot open
// RUN: not sparse-ffnn-opt %s --sffnn-roofline="machine=peak=1e9,dram=1e9 batch=0" 2>&1 | FileCheck %s --check-prefix=BATCH
// BATCH: error: batch must be at least 1

sffnn.network @tiny(%x: tensor<?x4xf32>) -> tensor<?x2xf32> {
  %h = sffnn.layer relu (%x : tensor<?x4xf32>) weights #sffnn.csr<2x4, offsets = dense<[0, 2, 3]> : tensor<3xi32>, indices = dense<[0, 3, 1]> : tensor<3xi32>, values = dense<1.0> : tensor<3xf32>> -> tensor<?x2xf32>
  sffnn.return %h : tensor<?x2xf32>
}
