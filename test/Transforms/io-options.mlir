// Bad pass options: an error and a non-zero exit.
// RUN: not sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=1" 2>&1 | FileCheck %s --check-prefix=SMALL
// SMALL: error: fast-memory must be at least 2 words (a partial sum and a source), got 1
// RUN: not sparse-ffnn-opt %s --sffnn-io-bounds="policy=fifo" 2>&1 | FileCheck %s --check-prefix=POLICY
// POLICY: error: unknown policy 'fifo'; expected belady or lru
// RUN: not sparse-ffnn-opt %s --sffnn-schedule="order=random" 2>&1 | FileCheck %s --check-prefix=ORDER
// ORDER: error: unknown order 'random'; expected given, baseline, depth, grouped, rcm, depth-first, partition, cache-aware, early-release or best
// RUN: not sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=many" 2>&1 | FileCheck %s --check-prefix=PARSE
// PARSE: for the --fast-memory option: 'many' value invalid for long argument

sffnn.network @id(%x: tensor<?x1xf32>) -> tensor<?x1xf32> {
  sffnn.return %x : tensor<?x1xf32>
}

// Numeric options are finite and in range (issue 12, defect 4): a NaN or
// infinite time budget never ran out and the pass hung.
// RUN: not sparse-ffnn-opt %s --sffnn-anneal="seconds=nan iterations=0" 2>&1 | FileCheck %s --check-prefix=NAN
// NAN: error: seconds must be a finite number of at most 1000000 (about 11 days), got nan
// RUN: not sparse-ffnn-opt %s --sffnn-anneal="seconds=inf iterations=0" 2>&1 | FileCheck %s --check-prefix=INF
// INF: error: seconds must be a finite number of at most 1000000 (about 11 days), got inf
// RUN: not sparse-ffnn-opt %s --sffnn-anneal="seconds=1e300 iterations=0" 2>&1 | FileCheck %s --check-prefix=BIG
// BIG: error: seconds must be a finite number of at most 1000000 (about 11 days), got 1e+300
// RUN: not sparse-ffnn-opt %s --sffnn-anneal="seconds=-1" 2>&1 | FileCheck %s --check-prefix=NEG
// NEG: error: annealing needs a move budget
// RUN: not sparse-ffnn-opt %s --sffnn-anneal="checkpoints=-3" 2>&1 | FileCheck %s --check-prefix=CHECKPOINTS
// CHECKPOINTS: error: checkpoints must be in [0, 1000000], got -3
// RUN: not sparse-ffnn-opt %s --sffnn-anneal="max-distance=0" 2>&1 | FileCheck %s --check-prefix=DISTANCE
// DISTANCE: error: max-distance must be at least 1
// RUN: not sparse-ffnn-opt %s --sffnn-anneal="iterations=-5" 2>&1 | FileCheck %s --check-prefix=NEG
// RUN: not sparse-ffnn-opt %s --sffnn-anneal="seed=-1" 2>&1 | FileCheck %s --check-prefix=SEED
// SEED: for the --seed option: '-1' value invalid
// RUN: not sparse-ffnn-opt %s --sffnn-block="machine=l1=768 word-bytes=0" 2>&1 | FileCheck %s --check-prefix=WORD
// WORD: error: word-bytes must be at least 1, got 0
// RUN: not sparse-ffnn-opt %s --sffnn-io-plot="output=%t.svg anneal-iterations=-1" 2>&1 | FileCheck %s --check-prefix=PLOT
// PLOT: error: anneal-iterations must be at least 0, got -1
// RUN: not sparse-ffnn-opt %s --sffnn-io-plot="output=%t.svg memories=0" 2>&1 | FileCheck %s --check-prefix=MEM
// MEM: error: every size in memories must be >= 2
// RUN: not sparse-ffnn-opt %s --sffnn-roofline="machine=peak=1e9,dram=1e9 batch=0" 2>&1 | FileCheck %s --check-prefix=BATCH
// BATCH: error: batch must be at least 1
// A machine spec's numbers are finite and positive, and only the last level
// has no size (two unsized levels ended in an int64 conversion of inf:
// found by fuzz-pass-options).
// RUN: not sparse-ffnn-opt %s --sffnn-roofline="machine=peak=1e9,l1=32768:1e11,dram=1e1,dram=1" 2>&1 | FileCheck %s --check-prefix=UNSIZED
// UNSIZED: error: machine spec 'peak=1e9,l1=32768:1e11,dram=1e1,dram=1': only the last memory level may have no size, found 2
// RUN: not sparse-ffnn-opt %s --sffnn-roofline="machine=peak=nan,dram=1e9" 2>&1 | FileCheck %s --check-prefix=PEAK
// PEAK: error: machine spec 'peak=nan,dram=1e9': the peak must be a positive finite number of FLOP/s
// RUN: not sparse-ffnn-opt %s --sffnn-roofline="machine=peak=1e9,l1=1e300:1e11,dram=1e9" 2>&1 | FileCheck %s --check-prefix=SIZE
// SIZE: error: machine spec 'peak=1e9,l1=1e300:1e11,dram=1e9': level 'l1': the size must be a positive number of bytes, at most 1e18
// RUN: not sparse-ffnn-opt %s --sffnn-roofline="machine=peak=1e9,dram=inf" 2>&1 | FileCheck %s --check-prefix=BANDWIDTH
// BANDWIDTH: error: machine spec 'peak=1e9,dram=inf': level 'dram': the bandwidth must be a positive finite number
