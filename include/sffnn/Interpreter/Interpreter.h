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
#include "sffnn/Support/Tolerance.h"

namespace mlir::sffnn {

/// Evaluates `network` on `inputs` (samples x network inputs), float
/// storage and double accumulation. Returns samples x outputs, or emits an
/// error at the network (shape mismatch, memory limit).
/// Time O(samples * connections); memory O(samples * live neurons).
///
/// With `scale`, also returns for every output its error scale s: a kernel
/// that sums in another order, in float, is within rtol * s of the result
/// (docs/Testing.md, "The propagated tolerance"). s is
/// |b| + sum |w| * (|y| + c) over the output's connections, y the source
/// values and c the error scales the sources carry (0 for the network's
/// input, slope * s for a neuron); `rtol` decides which neurons are flat
/// (slope 0) within their error.
FailureOr<::sffnn::DenseBatch>
interpret(NetworkOp network, const ::sffnn::DenseBatch &inputs,
          ::sffnn::DenseBatch *scale = nullptr,
          double rtol = ::sffnn::kDefaultRtol);

/// The largest slope |act'| on [z - radius, z + radius]: 1 for identity,
/// 1 or 0 (flat: below 0 or above the clamp) for relu, at most 1/4 for
/// sigmoid and 1 for tanh.
double activationSlopeBound(Activation activation, std::optional<double> clamp,
                            double z, double radius);

/// act(z) in double precision, as the interpreter applies it.
double applyActivation(Activation activation, std::optional<double> clamp,
                       double z);

} // namespace mlir::sffnn

#endif // SFFNN_INTERPRETER_INTERPRETER_H
