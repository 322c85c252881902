//===- MemoryLimit.cpp - one memory budget for every input ----------------===//
#include "sffnn/Formats/MemoryLimit.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/WithColor.h"
#include <cstdlib>
#include <unistd.h>

using namespace sffnn;

static uint64_t optionLimit = 0, explicitLimit = 0;

/// Registered in every tool that links the Formats library. A bad value is
/// a command-line error, reported and fatal like cl's own parse errors.
static llvm::cl::opt<std::string> maxMemory(
    "max-memory",
    llvm::cl::desc("Refuse inputs whose estimated memory exceeds SIZE "
                   "(K, M, G, T suffixes; default: half the physical memory)"),
    llvm::cl::value_desc("SIZE"), llvm::cl::callback([](const std::string &v) {
      std::optional<uint64_t> bytes = parseByteSize(v);
      if (!bytes) {
        llvm::WithColor::error() << "--max-memory: '" << v
                                 << "' is not a positive size (bytes, or "
                                    "with a K, M, G or T suffix)\n";
        std::exit(1);
      }
      optionLimit = *bytes;
    }));


void sffnn::setMemoryLimitBytes(uint64_t bytes) { explicitLimit = bytes; }

uint64_t sffnn::memoryLimitBytes() {
  if (optionLimit)
    return optionLimit;
  if (explicitLimit)
    return explicitLimit;
  long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGESIZE);
  if (pages > 0 && pageSize > 0)
    return static_cast<uint64_t>(pages) * static_cast<uint64_t>(pageSize) / 2;
  return uint64_t(4) << 30;
}

std::optional<uint64_t> sffnn::parseByteSize(llvm::StringRef text) {
  unsigned shift = 0;
  if (!text.empty()) {
    switch (text.back()) {
    case 'K': case 'k': shift = 10; break;
    case 'M': case 'm': shift = 20; break;
    case 'G': case 'g': shift = 30; break;
    case 'T': case 't': shift = 40; break;
    default: break;
    }
  }
  if (shift)
    text = text.drop_back();
  uint64_t value;
  if (text.empty() || !llvm::all_of(text, [](char c) { return c >= '0' && c <= '9'; }) ||
      text.getAsInteger(10, value) || value == 0 ||
      value > (UINT64_MAX >> shift))
    return std::nullopt;
  return value << shift;
}

static std::string mebibytes(double bytes) {
  std::string text;
  llvm::raw_string_ostream(text)
      << llvm::format("%.0f MiB", bytes / (1024.0 * 1024.0));
  return text;
}

std::string sffnn::memoryExcess(double bytes, const llvm::Twine &what) {
  double limit = static_cast<double>(memoryLimitBytes());
  if (!(bytes > limit)) // also false for NaN estimates: never expected
    return "";
  return (what + " needs about " + mebibytes(bytes) +
          ", more than the memory limit of " + mebibytes(limit) +
          " (--max-memory)")
      .str();
}

llvm::Error sffnn::checkMemory(double bytes, const llvm::Twine &what,
                               const llvm::Twine &where) {
  std::string excess = memoryExcess(bytes, what);
  if (excess.empty())
    return llvm::Error::success();
  std::string location = where.str();
  return llvm::createStringError(
      std::errc::not_enough_memory, "%s%s%s", location.c_str(),
      location.empty() ? "" : ": ", excess.c_str());
}
