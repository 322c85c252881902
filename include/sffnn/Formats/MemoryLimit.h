//===- MemoryLimit.h - one memory budget for every input -------*- C++ -*-===//
//
// Readers, importers, the interpreter and the tools estimate the memory an
// input will need before they allocate it, and refuse (a located error, not
// an allocation failure) above one limit: by default half of the physical
// memory, set by `--max-memory=SIZE` in every tool (SIZE in bytes, or with a
// K, M, G or T suffix, powers of 1024) or by setMemoryLimitBytes().
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_FORMATS_MEMORYLIMIT_H
#define SFFNN_FORMATS_MEMORYLIMIT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <optional>

namespace sffnn {

/// The budget in bytes: --max-memory when given, else setMemoryLimitBytes(),
/// else half of the physical memory (sysconf), else 4 GiB.
uint64_t memoryLimitBytes();
void setMemoryLimitBytes(uint64_t bytes);

/// Parses "123", "64K", "512M", "8G", "1T" (powers of 1024). None when
/// malformed, zero or out of range.
std::optional<uint64_t> parseByteSize(llvm::StringRef text);

/// Success when `bytes` (an estimate; double so that products of huge sizes
/// cannot wrap) fits the budget; else an error "<where>: <what> needs N MiB,
/// more than the memory limit of M MiB (--max-memory)". `where` is a
/// `file:line:col` or a file name; empty for none.
llvm::Error checkMemory(double bytes, const llvm::Twine &what,
                        const llvm::Twine &where = "");

/// The message of checkMemory without the location, for callers that report
/// through their own diagnostics (MLIR ops). Empty when `bytes` fits.
std::string memoryExcess(double bytes, const llvm::Twine &what);

} // namespace sffnn

#endif // SFFNN_FORMATS_MEMORYLIMIT_H
