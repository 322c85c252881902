//===- FuzzFile.h - hand a fuzz input to a reader that takes a path -*- C++ -*-===//
//
// The readers open files by name, as the tools do; each input is written to
// one per-process file in /dev/shm (memory, not disk) and read back through
// the same path a user's file takes.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_FUZZ_FUZZFILE_H
#define SFFNN_FUZZ_FUZZFILE_H

#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <cstdlib>
#include <string>
#include <unistd.h>

namespace sffnn::fuzz {

/// Writes `data` to this process's scratch file with `suffix` and returns
/// its path. Aborts (a fuzzer finding, not a silent skip) if it cannot.
inline const std::string &writeScratch(const uint8_t *data, size_t size,
                                       const char *suffix) {
  static std::string path;
  const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  path = std::string(dir) + "/sffnn-fuzz-" + std::to_string(getpid()) + suffix;
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec) {
    llvm::errs() << path << ": " << ec.message() << "\n";
    std::abort();
  }
  os.write(reinterpret_cast<const char *>(data), size);
  return path;
}

/// Readers must return a value or an error; either is fine, the error is
/// dropped. Crashes, hangs and sanitizer reports are the findings.
template <typename T> void consume(llvm::Expected<T> result) {
  if (!result)
    llvm::consumeError(result.takeError());
}
inline void consume(llvm::Error err) { llvm::consumeError(std::move(err)); }

} // namespace sffnn::fuzz

#endif // SFFNN_FUZZ_FUZZFILE_H
