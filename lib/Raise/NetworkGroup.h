//===- NetworkGroup.h - a network being gathered from linalg ----*- C++ -*-===//
//
// The ops found so far that compute one network from one input value, as a
// LayeredNetwork under construction. As in the ONNX importer, a value is a
// source (the input or an emitted layer) or a pending layer that a later
// bias add or activation can still fuse into; a value read more than once is
// emitted, so that it is computed once.
//
// An elementwise linalg.generic is read in two phases: `analyzeBody` checks
// its body against the forms a layer can absorb and builds an expression
// without touching any group; `GroupSet::apply` then applies it and cannot
// fail. A rejected op thus leaves every group as it was.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_LIB_RAISE_NETWORKGROUP_H
#define SFFNN_LIB_RAISE_NETWORKGROUP_H

#include "sffnn/Model/LayerAlgebra.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Error.h"
#include <memory>

namespace mlir::sffnn::raise {

/// A value of a network under construction.
struct Computed {
  std::optional<::sffnn::Layer> pending;
  int source = ::sffnn::kNetworkInput;
};

struct Group {
  Value input;
  ::sffnn::LayeredNetwork net;
  /// The results of the group's ops.
  llvm::DenseMap<Value, Computed> values;
  SmallVector<Operation *> ops;
  Group *mergedInto = nullptr;

  int64_t width(const Computed &value) const {
    return value.pending ? value.pending->neurons() : net.width(value.source);
  }
  /// Emits a pending layer; returns the source id.
  int materialize(Computed &value);
  /// The activation `value` has been through (and its clamp).
  std::pair<::sffnn::Activation, std::optional<float>>
  activationOf(const Computed &value) const;
};

/// What an elementwise body computes, in terms of its input operands.
struct Expr {
  enum Kind { Operand, Constant, Add, Relu, Clamp, Sigmoid, Tanh } kind;
  unsigned operand = 0;      ///< Operand: the input operand number
  std::vector<float> values; ///< Constant: one per neuron
  float bound = 0;           ///< Clamp: min(child, bound), child after relu
  std::unique_ptr<Expr> lhs, rhs;
  /// The value is max(x, 0) of something (a relu, possibly clamped).
  bool afterRelu = false;
};

/// The groups of one block, and which group computes which value.
class GroupSet {
public:
  /// The group computing `value`, if any.
  Group *owner(Value value) const;
  /// A new group for the layer `layer` read from the untracked `input`, or
  /// the layer added to the group that computes `input`.
  void addLinear(Operation *op, Value input, ::sffnn::Layer layer);
  /// Checks the elementwise generic `op` (whose operands include values of
  /// `group`) and, when a layer can absorb it, adds it to `group`, merging
  /// in the groups of its other operands (same input). Returns why not.
  llvm::Error addElementwise(linalg::GenericOp op, Group &group);
  SmallVector<Group *> live() const;

private:
  llvm::Expected<std::unique_ptr<Expr>>
  analyzeBody(linalg::GenericOp op, Group &group, Value body,
              ArrayRef<std::optional<std::vector<float>>> constants,
              SmallVectorImpl<bool> &seen);
  Computed apply(Group &group, linalg::GenericOp op, const Expr &expr);
  Computed take(Group &group, Operation *user, Value value);
  Computed fusable(Group &group, Computed value);
  void merge(Group &into, Group &from);

  std::vector<std::unique_ptr<Group>> groups;
  llvm::DenseMap<Value, Group *> owners;
};

} // namespace mlir::sffnn::raise

#endif // SFFNN_LIB_RAISE_NETWORKGROUP_H
