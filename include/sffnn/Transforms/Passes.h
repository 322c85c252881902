//===- Passes.h - sffnn analysis and scheduling passes ----------*- C++ -*-===//
#ifndef SFFNN_TRANSFORMS_PASSES_H
#define SFFNN_TRANSFORMS_PASSES_H

#include "sffnn/Dialect/SFFNN/IR/SFFNN.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::sffnn {

#define GEN_PASS_DECL
#include "sffnn/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "sffnn/Transforms/Passes.h.inc"

/// The files analysis passes write (`output=`, `table=`, `svg=` options)
/// are written as each pass runs. A tool that knows when its whole run has
/// succeeded defers them instead: they go to temporaries beside their
/// paths, which commitPassOutputs() renames into place and
/// discardPassOutputs() removes, so a failing pipeline leaves none of them
/// behind (standard output, devices and FIFOs are never deferred: they are
/// written in place at once). sparse-ffnn-opt does this;
/// passes run elsewhere (mlir-opt with the plugin) write at once.
void deferPassOutputs();
LogicalResult commitPassOutputs();
void discardPassOutputs();

} // namespace mlir::sffnn

#endif // SFFNN_TRANSFORMS_PASSES_H
