// Bad pass options: an error and a non-zero exit.
// RUN: not sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=1" 2>&1 | FileCheck %s --check-prefix=SMALL
// SMALL: error: fast-memory must be at least 2 words (a partial sum and a source), got 1
// RUN: not sparse-ffnn-opt %s --sffnn-io-bounds="policy=fifo" 2>&1 | FileCheck %s --check-prefix=POLICY
// POLICY: error: unknown policy 'fifo'; expected belady or lru
// RUN: not sparse-ffnn-opt %s --sffnn-schedule="order=random" 2>&1 | FileCheck %s --check-prefix=ORDER
// ORDER: error: unknown order 'random'; expected given or depth
// RUN: not sparse-ffnn-opt %s --sffnn-io-bounds="fast-memory=many" 2>&1 | FileCheck %s --check-prefix=PARSE
// PARSE: for the --fast-memory option: 'many' value invalid for long argument

sffnn.network @id(%x: tensor<?x1xf32>) -> tensor<?x1xf32> {
  sffnn.return %x : tensor<?x1xf32>
}
