//===- LinalgForms.h - the single ops a sparse FFNN is made of --*- C++ -*-===//
//
// Recognizers for one op at a time: a contraction with a constant weight
// (a layer), the constants behind weights and biases, and the scalar
// constants of elementwise bodies. Each says why when it does not match;
// the raising turns that into the remark at the op.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_LIB_RAISE_LINALGFORMS_H
#define SFFNN_LIB_RAISE_LINALGFORMS_H

#include "sffnn/Model/LayerAlgebra.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "llvm/Support/Error.h"

namespace mlir::sffnn::raise {

/// A constant tensor seen through linalg.transpose, transposing generics and
/// sparse_tensor.convert: dimension i of the traced value is dimension
/// perm[i] of `attr`.
struct TracedConstant {
  ElementsAttr attr;
  SmallVector<int64_t> perm;
};

/// The constant behind `value`, or why it is not one. O(chain length).
llvm::Expected<TracedConstant> traceConstant(Value value);

/// The f32 elements of `attr` in row-major order (dense, dense_resource,
/// splat or sparse). O(elements).
llvm::Expected<std::vector<float>> readFloats(ElementsAttr attr);

/// The value of an f32 scalar `arith.constant` (none for anything else).
std::optional<float> scalarConstant(Value value);

/// A contraction of the batch with a constant weight, as one layer reading
/// the network input (the caller rewires its source).
struct LinearForm {
  /// The operand carrying the batch (rows of samples, features last).
  Value input;
  ::sffnn::Layer layer;
  /// The static batch extent, or ShapedType::kDynamic.
  int64_t batch = 1;
};

/// `op` (a contraction through linalg's contraction interface) as a layer:
/// one reduction, a constant weight on either side, possibly transposed,
/// the result with the neurons last, a zero, scalar or broadcast per-neuron
/// `outs` as the bias. O(weight elements).
llvm::Expected<LinearForm> matchLinear(linalg::LinalgOp op);

/// One value per neuron from the constant operand `operand` of the
/// elementwise generic `op` whose neurons are its output's last dimension:
/// a scalar or a vector broadcast over the batch (a `(d0, d1) -> (d1)` map).
llvm::Expected<std::vector<float>> perNeuronConstant(linalg::LinalgOp op,
                                                     OpOperand &operand,
                                                     int64_t neurons);

} // namespace mlir::sffnn::raise

#endif // SFFNN_LIB_RAISE_LINALGFORMS_H
