//===- GraphFromIR.h - the I/O model's graph of a network -------*- C++ -*-===//
#ifndef SFFNN_ANALYSIS_GRAPHFROMIR_H
#define SFFNN_ANALYSIS_GRAPHFROMIR_H

#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"
#include "sffnn/IO/Graph.h"
#include "sffnn/IO/Schedule.h"

namespace mlir::sffnn {

/// The compact graph of a verified network in any mix of layer and neuron
/// form. Nodes: the inputs, then every computed neuron in program order
/// (layer neurons by index). Outputs: the returned neurons (duplicates
/// collapse to one). O(I + n + W).
::sffnn::io::Graph buildGraph(NetworkOp network);

/// The recorded neuron order (sffnn.schedule), or the program order when
/// none is recorded, checked against `graph` (buildGraph's or the program's:
/// they share nodes and edges). The dialect verifies only the order's shape,
/// since checking dependencies costs O(connections) on every parse; every
/// user of the order calls this instead, and a non-topological order is an
/// error at the network naming the first neuron listed before one of its
/// sources. O(n + W).
FailureOr<::sffnn::io::NeuronOrder>
scheduleOf(NetworkOp network, const ::sffnn::io::Graph &graph);

} // namespace mlir::sffnn

#endif // SFFNN_ANALYSIS_GRAPHFROMIR_H
