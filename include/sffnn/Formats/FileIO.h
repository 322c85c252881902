//===- FileIO.h - bounded input, atomic output -----------------*- C++ -*-===//
//
// Every tool reads its input files and writes its output files through
// these two functions, so that a stream cannot outgrow the memory limit and
// a failed or interrupted write leaves no partial file.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_FORMATS_FILEIO_H
#define SFFNN_FORMATS_FILEIO_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>

namespace sffnn {

/// Reads `path` (`-`: standard input), refusing it with an error naming it
/// when it holds more than the memory limit (MemoryLimit.h). A regular file
/// is refused by its size before any of it is read, else mapped as
/// llvm::MemoryBuffer::getOpenFile maps it; anything else (a pipe, a FIFO,
/// a character device such as /dev/zero) is read in chunks and refused once
/// it holds more than the limit: such a stream has no size to check
/// beforehand and may never end. Errors start with `path: `.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readInputFile(llvm::StringRef path, bool requiresNullTerminator = true);

/// Writes `path` (`-`: standard output) with `write`: into a temporary file
/// beside it, renamed over `path` only when everything was written, so a
/// failed write (a full disk, an error from `write`, a signal) leaves no
/// partial file and an existing file intact. A path that exists and is not
/// a regular file (/dev/null, a FIFO) is written in place. A write error is
/// returned as "path: cannot write the output file: <reason>".
llvm::Error
writeOutputFile(llvm::StringRef path,
                llvm::function_ref<llvm::Error(llvm::raw_ostream &)> write);

/// The two halves of writeOutputFile, for a caller that decides later
/// whether the file should appear (sparse-ffnn-opt's pass reports):
/// whether `path` is written in place (`-`, a device, a FIFO), and the
/// temporary beside `path` holding everything `write` wrote, not yet
/// renamed (keep it with keepOutputFile, or discard() it).
bool writesInPlace(llvm::StringRef path);
llvm::Expected<llvm::sys::fs::TempFile> writeTemporaryFile(
    llvm::StringRef path,
    llvm::function_ref<llvm::Error(llvm::raw_ostream &)> write);
llvm::Error keepOutputFile(llvm::sys::fs::TempFile &temp,
                           llvm::StringRef path);

} // namespace sffnn

#endif // SFFNN_FORMATS_FILEIO_H
