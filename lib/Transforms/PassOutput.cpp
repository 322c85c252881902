//===- PassOutput.cpp - files written by analysis passes ------------------===//
#include "PassOutput.h"

#include "sffnn/Formats/FileIO.h"
#include "sffnn/Transforms/Passes.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Signals.h"

#include <mutex>
#include <utility>
#include <vector>

using namespace mlir;

namespace {

/// Deferred outputs: (temporary, final path), in the order written.
struct Deferred {
  std::mutex mutex;
  bool enabled = false;
  std::vector<std::pair<std::string, std::string>> files;
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
  for (auto &[temporary, path] : deferred().files) {
    llvm::sys::DontRemoveFileOnSignal(temporary);
    if (std::error_code ec = llvm::sys::fs::rename(temporary, path)) {
      llvm::errs() << "error: cannot write '" << path << "': " << ec.message()
                   << "\n";
      llvm::sys::fs::remove(temporary);
      result = failure();
    }
  }
  deferred().files.clear();
  return result;
}

void mlir::sffnn::discardPassOutputs() {
  std::lock_guard<std::mutex> lock(deferred().mutex);
  for (auto &file : deferred().files) {
    llvm::sys::DontRemoveFileOnSignal(file.first);
    llvm::sys::fs::remove(file.first);
  }
  deferred().files.clear();
}

LogicalResult
mlir::sffnn::writeOutputFile(Operation *op, StringRef path,
                             function_ref<void(llvm::raw_ostream &)> write) {
  if (path.empty())
    return success();
  std::lock_guard<std::mutex> lock(deferred().mutex);
  // Only a regular file (or a new one) is deferred: renaming a temporary
  // over /dev/null or a FIFO would replace it (as root, the device itself).
  llvm::sys::fs::file_status status;
  bool special = !llvm::sys::fs::status(path, status) &&
                 status.type() != llvm::sys::fs::file_type::regular_file;
  if (!deferred().enabled || path == "-" || special) {
    // Whole or not at all; a write error names the file.
    llvm::Error err =
        ::sffnn::writeOutputFile(path, [&](llvm::raw_ostream &os) {
          write(os);
          return llvm::Error::success();
        });
    if (err)
      return emitError(op->getLoc(), llvm::toString(std::move(err)));
    return success();
  }
  // Beside the final path, so that the rename cannot cross file systems;
  // created now, so that an unwritable directory is still an error at `op`.
  llvm::SmallString<128> model(path);
  model += ".tmp-%%%%%%";
  int fd;
  llvm::SmallString<128> temporary;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueFile(model, fd, temporary))
    return emitError(op->getLoc(), "cannot write '")
           << path << "': " << ec.message();
  llvm::sys::RemoveFileOnSignal(temporary);
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    write(os);
    os.flush();
    if (os.has_error()) {
      std::string message = os.error().message();
      os.clear_error();
      llvm::sys::DontRemoveFileOnSignal(temporary);
      llvm::sys::fs::remove(temporary);
      return emitError(op->getLoc(), "cannot write '")
             << path << "': " << message;
    }
  }
  deferred().files.emplace_back(std::string(temporary), std::string(path));
  return success();
}
