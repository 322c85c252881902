//===- PassOutput.cpp - files written by analysis passes ------------------===//
#include "PassOutput.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;

LogicalResult
mlir::sffnn::writeOutputFile(Operation *op, StringRef path,
                             function_ref<void(llvm::raw_ostream &)> write) {
  if (path.empty())
    return success();
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> file = openOutputFile(path, &error);
  if (!file)
    return emitError(op->getLoc(), error);
  write(file->os());
  file->keep();
  return success();
}
