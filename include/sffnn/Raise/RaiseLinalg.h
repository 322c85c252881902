//===- RaiseLinalg.h - sparse FFNNs out of linalg-on-tensors ----*- C++ -*-===//
//
// Finds, in linalg-on-tensors IR as ML compilers emit it (torch-mlir,
// MPACT), the subgraphs that are sparse feed-forward networks: contractions
// with constant weights followed by bias adds, activations, clamps and skip
// adds. Each becomes an `sffnn.network` symbol of the module and an
// `sffnn.call` in place of the subgraph. Candidates left alone get a remark
// saying why. docs/Integration.md lists the forms.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_RAISE_RAISELINALG_H
#define SFFNN_RAISE_RAISELINALG_H

#include "sffnn/Roofline/Roofline.h"

#include "mlir/IR/BuiltinOps.h"

namespace mlir::sffnn {

struct RaiseOptions {
  /// Raise a layer when its fraction of zero weights is at least this;
  /// unset: when the sparsity roofline of `machine` predicts CSR faster
  /// than dense (its density is below the CSR break-even density).
  std::optional<double> minSparsity;
  ::sffnn::roofline::MachineModel machine;
  /// The batch the roofline assumes when the IR's batch is dynamic.
  int64_t batch = 1;
};

/// Raises every subgraph found in `module`. Never fails on IR it does not
/// understand: that IR stays as it is, with a remark at each contraction
/// that was not raised. O(ops + weight elements).
void raiseLinalg(ModuleOp module, const RaiseOptions &options);

/// A nominal model of the host for the roofline default: its SIMD width,
/// FMA units and caches (sffnn::describeHost), with bandwidths in bytes per
/// cycle and the peak in FLOPs per cycle (the clock cancels out of a
/// comparison of two formats). docs/Integration.md gives the figures.
::sffnn::roofline::MachineModel nominalHostModel();

} // namespace mlir::sffnn

#endif // SFFNN_RAISE_RAISELINALG_H
