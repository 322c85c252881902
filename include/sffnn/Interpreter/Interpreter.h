//===- Interpreter.h - the reference interpreter of sffnn -------*- C++ -*-===//
//
// The oracle every other execution path is checked against. It walks the
// ops of a network in program order and computes each neuron's sum in double
// precision, rounding to f32 once per neuron after the activation: simple,
// independent of any schedule, and more accurate than an f32 kernel.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_INTERPRETER_INTERPRETER_H
#define SFFNN_INTERPRETER_INTERPRETER_H

#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"
#include "sffnn/Formats/Matrix.h"

namespace mlir::sffnn {

/// Evaluates `network` on `inputs` (samples x network inputs). Returns
/// samples x outputs, or emits an error at the network (shape mismatch).
/// Time O(samples * connections); memory O(samples * live neurons).
FailureOr<::sffnn::DenseBatch> interpret(NetworkOp network,
                                         const ::sffnn::DenseBatch &inputs);

/// act(z) in double precision, as the interpreter applies it.
double applyActivation(Activation activation, std::optional<double> clamp,
                       double z);

} // namespace mlir::sffnn

#endif // SFFNN_INTERPRETER_INTERPRETER_H
