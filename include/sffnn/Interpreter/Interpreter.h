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
/// Evaluates `network` on `inputs` (float storage, double accumulation).
/// With `scale`, also returns for every output |bias| + sum |w * x| over its
/// connections (x the reference source values): the magnitude that rounding
/// errors of a reordered float sum scale with (docs/Testing.md).
FailureOr<::sffnn::DenseBatch> interpret(NetworkOp network,
                                         const ::sffnn::DenseBatch &inputs,
                                         ::sffnn::DenseBatch *scale = nullptr);

/// act(z) in double precision, as the interpreter applies it.
double applyActivation(Activation activation, std::optional<double> clamp,
                       double z);

} // namespace mlir::sffnn

#endif // SFFNN_INTERPRETER_INTERPRETER_H
