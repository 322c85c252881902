//===- FileIO.cpp - bounded input, atomic output --------------------------===//
#include "sffnn/Formats/FileIO.h"

#include "sffnn/Formats/MemoryLimit.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/SmallVectorMemoryBuffer.h"

using namespace sffnn;
namespace fs = llvm::sys::fs;

static llvm::Error cannotOpen(llvm::StringRef path, std::error_code ec) {
  return llvm::createStringError(ec, "%s: cannot open: %s", path.str().c_str(),
                                 ec.message().c_str());
}

/// "PATH: WHAT holds more than the memory limit of N MiB (--max-memory);
/// ACTION": one message for every input refused by its size.
static llvm::Error overMemoryLimit(llvm::StringRef path, llvm::StringRef what,
                                  llvm::StringRef action) {
  return llvm::createStringError(
      std::errc::not_enough_memory,
      "%s: %s holds more than the memory limit of %.0f MiB (--max-memory); "
      "%s",
      path.str().c_str(), what.str().c_str(),
      static_cast<double>(memoryLimitBytes()) / (1 << 20),
      action.str().c_str());
}

/// Reads a stream to its end, refusing it past the memory limit. The buffer
/// grows by doubling up to the limit and a chunk, no further.
static llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readStream(llvm::StringRef path, fs::file_t handle,
           bool requiresNullTerminator) {
  if (path == "-")
    path = "<stdin>";
  constexpr size_t kChunk = size_t(1) << 20;
  const uint64_t limit = memoryLimitBytes();
  llvm::SmallVector<char, 0> data;
  while (true) {
    if (data.size() > limit)
      return overMemoryLimit(path, "the stream (not a regular file)",
                             "stopped reading it");
    size_t size = data.size();
    if (data.capacity() < size + kChunk)
      data.reserve(std::max<uint64_t>(
          size + kChunk, std::min<uint64_t>(2 * data.capacity(),
                                            limit + kChunk)));
    data.resize_for_overwrite(size + kChunk);
    llvm::Expected<size_t> read = fs::readNativeFile(
        handle, llvm::MutableArrayRef<char>(data.data() + size, kChunk));
    if (!read) {
      std::error_code ec = llvm::errorToErrorCode(read.takeError());
      return llvm::createStringError(ec, "%s: cannot read: %s",
                                     path.str().c_str(), ec.message().c_str());
    }
    data.truncate(size + *read);
    if (*read == 0)
      break;
  }
  return std::make_unique<llvm::SmallVectorMemoryBuffer>(
      std::move(data), path, requiresNullTerminator);
}

/// A regular file is mapped once its size, taken from the open handle (the
/// file that is read, not whatever the path named a moment before), fits
/// the memory limit: a larger one is refused without reading a byte.
/// Anything else is a stream.
static llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readOpenFile(llvm::StringRef path, fs::file_t handle,
             bool requiresNullTerminator) {
  fs::file_status status;
  if (std::error_code ec = fs::status(handle, status))
    return cannotOpen(path, ec);
  if (status.type() != fs::file_type::regular_file)
    return readStream(path, handle, requiresNullTerminator);
  uint64_t size = status.getSize();
  if (size > memoryLimitBytes())
    return overMemoryLimit(
        path, "the file (" + std::to_string(size) + " bytes)", "not read");
  auto buffer = llvm::MemoryBuffer::getOpenFile(handle, path, size,
                                                requiresNullTerminator);
  if (!buffer)
    return cannotOpen(path, buffer.getError());
  return std::move(*buffer);
}

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
sffnn::readInputFile(llvm::StringRef path, bool requiresNullTerminator) {
  if (path == "-")
    return readStream(path, fs::getStdinHandle(), requiresNullTerminator);
  fs::file_status status;
  if (std::error_code ec = fs::status(path, status))
    return cannotOpen(path, ec);
  if (status.type() == fs::file_type::directory_file)
    return cannotOpen(path, std::make_error_code(std::errc::is_a_directory));
  llvm::Expected<fs::file_t> handle = fs::openNativeFileForRead(path);
  if (!handle)
    return cannotOpen(path, llvm::errorToErrorCode(handle.takeError()));
  auto buffer = readOpenFile(path, *handle, requiresNullTerminator);
  fs::closeFile(*handle);
  return buffer;
}

static llvm::Error cannotWrite(llvm::StringRef path, std::error_code ec) {
  return llvm::createStringError(ec, "%s: cannot write the output file: %s",
                                 path.str().c_str(), ec.message().c_str());
}

/// Runs `write` on `os` and flushes it; a stream error becomes cannotWrite.
static llvm::Error
writeAndFlush(llvm::StringRef path, llvm::raw_fd_ostream &os,
              llvm::function_ref<llvm::Error(llvm::raw_ostream &)> write) {
  llvm::Error err = write(os);
  os.flush();
  if (std::error_code ec = os.error()) {
    // Cleared, or the stream's destructor would report it as a fatal error.
    os.clear_error();
    llvm::consumeError(std::move(err));
    return cannotWrite(path, ec);
  }
  return err;
}

bool sffnn::writesInPlace(llvm::StringRef path) {
  // A device or pipe cannot be replaced by a rename (and must not be).
  fs::file_status status;
  return path == "-" || (!fs::status(path, status) &&
                         status.type() != fs::file_type::regular_file);
}

llvm::Expected<fs::TempFile> sffnn::writeTemporaryFile(
    llvm::StringRef path,
    llvm::function_ref<llvm::Error(llvm::raw_ostream &)> write) {
  llvm::Expected<fs::TempFile> temp =
      fs::TempFile::create(path + ".tmp-%%%%%%");
  if (!temp)
    return cannotWrite(path, llvm::errorToErrorCode(temp.takeError()));
  llvm::Error written = [&] {
    llvm::raw_fd_ostream os(temp->FD, /*shouldClose=*/false);
    return writeAndFlush(path, os, write);
  }();
  if (written) {
    llvm::consumeError(temp->discard());
    return std::move(written);
  }
  return std::move(*temp);
}

llvm::Error sffnn::keepOutputFile(fs::TempFile &temp, llvm::StringRef path) {
  if (llvm::Error err = temp.keep(path))
    return cannotWrite(path, llvm::errorToErrorCode(std::move(err)));
  return llvm::Error::success();
}

llvm::Error sffnn::writeOutputFile(
    llvm::StringRef path,
    llvm::function_ref<llvm::Error(llvm::raw_ostream &)> write) {
  if (path == "-")
    return writeAndFlush("standard output", llvm::outs(), write);
  if (writesInPlace(path)) {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    if (ec)
      return cannotWrite(path, ec);
    return writeAndFlush(path, os, write);
  }
  llvm::Expected<fs::TempFile> temp = writeTemporaryFile(path, write);
  if (!temp)
    return temp.takeError();
  return keepOutputFile(*temp, path);
}
