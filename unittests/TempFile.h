//===- TempFile.h - temporary input files for unit tests -------*- C++ -*-===//
#ifndef SFFNN_UNITTESTS_TEMPFILE_H
#define SFFNN_UNITTESTS_TEMPFILE_H

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace sffnn::testing {

/// A file holding `contents`, removed when the object dies.
class TempFile {
public:
  TempFile(llvm::StringRef contents, llvm::StringRef suffix = "txt") {
    int fd;
    llvm::sys::fs::createTemporaryFile("sffnn-test", suffix, fd, path);
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << contents;
  }
  ~TempFile() { llvm::sys::fs::remove(path); }
  std::string str() const { return std::string(path.str()); }

private:
  llvm::SmallString<128> path;
};

/// The message of an error, consuming it ("" for success).
inline std::string message(llvm::Error error) {
  return error ? llvm::toString(std::move(error)) : "";
}

} // namespace sffnn::testing

#endif
