//===- PassOutput.cpp - files written by analysis passes ------------------===//
#include "PassOutput.h"

#include "sffnn/Formats/FileIO.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;

LogicalResult
mlir::sffnn::writeOutputFile(Operation *op, StringRef path,
                             function_ref<void(llvm::raw_ostream &)> write) {
  if (path.empty())
    return success();
  // Whole or not at all; a write error names the file.
  llvm::Error err = ::sffnn::writeOutputFile(path, [&](llvm::raw_ostream &os) {
    write(os);
    return llvm::Error::success();
  });
  if (err)
    return emitError(op->getLoc(), llvm::toString(std::move(err)));
  return success();
}
