//===- Bounds.h - lower and upper bounds on inference I/O -------*- C++ -*-===//
//
// docs/IOModel.md derives both bounds. Counts are in words (one word = one
// batch tile of one value). O(I + n + W).
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_IO_BOUNDS_H
#define SFFNN_IO_BOUNDS_H

#include "sffnn/IO/Graph.h"

namespace sffnn::io {

struct Bounds {
  int64_t inputs = 0, outputs = 0, neurons = 0, connections = 0, biases = 0;
  /// Inputs read by at least one connection or returned as outputs.
  int64_t usedInputs = 0;
  /// Outputs that are inputs (returned unchanged): a load and a store each.
  int64_t inputOutputs = 0;
  /// P = W + B: every weight and bias is loaded exactly once.
  int64_t parameterIOs = 0;
  /// Activation I/Os any schedule needs: used inputs loaded, outputs stored.
  int64_t activationLower = 0;
  /// Activation I/Os of any non-wasteful neuron-level schedule, M >= 2.
  int64_t activationUpper = 0;

  int64_t lower() const { return parameterIOs + activationLower; }
  int64_t upper() const { return parameterIOs + activationUpper; }
  /// upper <= 2 * lower, i.e. n - B <= 2 (I_used + O) - (inputs returned).
  bool twoOptimal() const { return upper() <= 2 * lower(); }
};

Bounds computeBounds(const Graph &graph);

} // namespace sffnn::io

#endif // SFFNN_IO_BOUNDS_H
