//===- NetworkSummary.h - the sizes the I/O model is stated in -*- C++ -*-===//
//
// I inputs, O outputs, n computed neurons, W connections and B biased
// neurons of a network in either form (docs/IOModel.md, section 1), plus the
// number of ops that compute neurons and the longest path in neurons.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_ANALYSIS_NETWORKSUMMARY_H
#define SFFNN_ANALYSIS_NETWORKSUMMARY_H

#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

namespace mlir::sffnn {

struct NetworkSummary {
  int64_t inputs = 0, outputs = 0, neurons = 0, connections = 0, biases = 0;
  /// sffnn.layer and sffnn.neuron ops.
  int64_t computeOps = 0;
  /// Longest input-to-output path, counted in computing ops.
  int64_t depth = 0;
};

/// O(ops + operands); reads no weights.
NetworkSummary summarize(NetworkOp network);

} // namespace mlir::sffnn

#endif // SFFNN_ANALYSIS_NETWORKSUMMARY_H
