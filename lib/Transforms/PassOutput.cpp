//===- PassOutput.cpp - files written by analysis passes ------------------===//
#include "PassOutput.h"

#include "sffnn/Formats/FileIO.h"
#include "sffnn/Transforms/Passes.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/FileSystem.h"

#include <mutex>
#include <utility>
#include <vector>

using namespace mlir;

namespace {

/// Deferred outputs: written temporaries and their final paths, in the
/// order written (a later writer of a path wins, as without deferral).
struct Deferred {
  std::mutex mutex;
  bool enabled = false;
  std::vector<std::pair<llvm::sys::fs::TempFile, std::string>> files;
};

Deferred &deferred() {
  static Deferred state;
  return state;
}

} // namespace

void mlir::sffnn::deferPassOutputs() {
  std::lock_guard<std::mutex> lock(deferred().mutex);
  deferred().enabled = true;
}

LogicalResult mlir::sffnn::commitPassOutputs() {
  std::lock_guard<std::mutex> lock(deferred().mutex);
  LogicalResult result = success();
  for (auto &[temp, path] : deferred().files)
    if (llvm::Error err = ::sffnn::keepOutputFile(temp, path)) {
      llvm::errs() << "error: " << llvm::toString(std::move(err)) << "\n";
      llvm::consumeError(temp.discard());
      result = failure();
    }
  deferred().files.clear();
  return result;
}

void mlir::sffnn::discardPassOutputs() {
  std::lock_guard<std::mutex> lock(deferred().mutex);
  for (auto &file : deferred().files)
    llvm::consumeError(file.first.discard());
  deferred().files.clear();
}

LogicalResult
mlir::sffnn::writeOutputFile(Operation *op, StringRef path,
                             function_ref<void(llvm::raw_ostream &)> write) {
  if (path.empty())
    return success();
  auto writeAll = [&](llvm::raw_ostream &os) {
    write(os);
    return llvm::Error::success();
  };
  std::lock_guard<std::mutex> lock(deferred().mutex);
  // Only a regular file (or a new one) is deferred: renaming a temporary
  // over /dev/null or a FIFO would replace it (as root, the device itself).
  if (!deferred().enabled || ::sffnn::writesInPlace(path)) {
    // Whole or not at all; a write error names the file.
    if (llvm::Error err = ::sffnn::writeOutputFile(path, writeAll))
      return emitError(op->getLoc(), llvm::toString(std::move(err)));
    return success();
  }
  llvm::Expected<llvm::sys::fs::TempFile> temp =
      ::sffnn::writeTemporaryFile(path, writeAll);
  if (!temp)
    return emitError(op->getLoc(), llvm::toString(temp.takeError()));
  deferred().files.emplace_back(std::move(*temp), std::string(path));
  return success();
}
