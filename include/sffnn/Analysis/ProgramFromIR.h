//===- ProgramFromIR.h - a network as a codegen program ---------*- C++ -*-===//
#ifndef SFFNN_ANALYSIS_PROGRAMFROMIR_H
#define SFFNN_ANALYSIS_PROGRAMFROMIR_H

#include "sffnn/Codegen/KernelPlan.h"
#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

namespace mlir::sffnn {

/// The neuron-level program of a verified network, either form: the same
/// graph (node and edge numbering) as buildGraph, with weights, biases and
/// activations. O(n + W).
::sffnn::codegen::Program buildProgram(NetworkOp network);

} // namespace mlir::sffnn

#endif // SFFNN_ANALYSIS_PROGRAMFROMIR_H
