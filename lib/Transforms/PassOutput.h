//===- PassOutput.h - files written by analysis passes ----------*- C++ -*-===//
#ifndef SFFNN_LIB_TRANSFORMS_PASSOUTPUT_H
#define SFFNN_LIB_TRANSFORMS_PASSOUTPUT_H

#include "mlir/IR/Operation.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::sffnn {

/// Writes what `write` prints to `path` (`-`: stdout; empty: nothing).
/// A file that cannot be opened is an error at `op`.
LogicalResult writeOutputFile(Operation *op, StringRef path,
                              function_ref<void(llvm::raw_ostream &)> write);

} // namespace mlir::sffnn

#endif
