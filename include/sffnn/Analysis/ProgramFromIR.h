//===- ProgramFromIR.h - a network at neuron level, from IR -----*- C++ -*-===//
#ifndef SFFNN_ANALYSIS_PROGRAMFROMIR_H
#define SFFNN_ANALYSIS_PROGRAMFROMIR_H

#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"
#include "sffnn/Model/Program.h"

namespace mlir::sffnn {

/// The neuron-level program of a verified network, either form: the same
/// graph (node and edge numbering) as buildGraph, with weights, biases and
/// activations; a network in layer form gives what toProgram gives for its
/// LayeredNetwork. O(n + W).
::sffnn::Program buildProgram(NetworkOp network);

} // namespace mlir::sffnn

#endif // SFFNN_ANALYSIS_PROGRAMFROMIR_H
