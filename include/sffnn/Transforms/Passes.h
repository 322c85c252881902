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

} // namespace mlir::sffnn

#endif // SFFNN_TRANSFORMS_PASSES_H
