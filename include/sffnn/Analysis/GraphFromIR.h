//===- GraphFromIR.h - the I/O model's graph of a network -------*- C++ -*-===//
#ifndef SFFNN_ANALYSIS_GRAPHFROMIR_H
#define SFFNN_ANALYSIS_GRAPHFROMIR_H

#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"
#include "sffnn/IO/Graph.h"

namespace mlir::sffnn {

/// The compact graph of a verified network in any mix of layer and neuron
/// form. Nodes: the inputs, then every computed neuron in program order
/// (layer neurons by index). Outputs: the returned neurons (duplicates
/// collapse to one). O(I + n + W).
::sffnn::io::Graph buildGraph(NetworkOp network);

} // namespace mlir::sffnn

#endif // SFFNN_ANALYSIS_GRAPHFROMIR_H
