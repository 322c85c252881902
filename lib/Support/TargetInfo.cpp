//===- TargetInfo.cpp - one description of the machine code runs on -------===//
#include "sffnn/Support/TargetInfo.h"

#include "sffnn/Formats/FileIO.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

using namespace sffnn;

namespace {

std::string fromEnv(const std::string &given, const char *variable,
                    const char *fallback) {
  if (!given.empty())
    return given;
  const char *value = std::getenv(variable);
  return value && *value ? value : fallback;
}

std::string readTrimmed(const llvm::Twine &path) {
  // sysfs reports sizes that are not the content: read as a stream.
  auto buffer = llvm::MemoryBuffer::getFileAsStream(path);
  return buffer ? (*buffer)->getBuffer().trim().str() : std::string();
}

void sortCaches(std::vector<CacheLevel> &caches) {
  std::sort(caches.begin(), caches.end(),
            [](const CacheLevel &a, const CacheLevel &b) {
              return a.level < b.level;
            });
}

/// sysfs: cpu0's data and unified caches ("32K", "1024K", "32M").
std::vector<CacheLevel> cachesFromSysfs(llvm::StringRef root) {
  std::vector<CacheLevel> caches;
  llvm::SmallString<128> base(root);
  llvm::sys::path::append(base, "devices/system/cpu/cpu0/cache");
  for (int index = 0;; ++index) {
    llvm::SmallString<128> dir(base);
    llvm::sys::path::append(dir, "index" + std::to_string(index));
    if (!llvm::sys::fs::is_directory(dir))
      break;
    std::string type = readTrimmed(dir + "/type");
    std::string sizeText = readTrimmed(dir + "/size");
    llvm::StringRef size = sizeText;
    int level = 0;
    int64_t amount = 0, line = 64;
    if (type == "Instruction" ||
        llvm::StringRef(readTrimmed(dir + "/level")).getAsInteger(10, level))
      continue;
    int64_t scale = size.consume_back("K")   ? 1024
                    : size.consume_back("M") ? 1024 * 1024
                                             : 1;
    if (size.getAsInteger(10, amount) || amount <= 0)
      continue;
    llvm::StringRef(readTrimmed(dir + "/coherency_line_size"))
        .getAsInteger(10, line);
    caches.push_back({level, amount * scale, line > 0 ? line : 64});
  }
  return caches;
}

/// glibc's sysconf, which itself asks CPUID on x86.
std::vector<CacheLevel> cachesFromSysconf() {
  std::vector<CacheLevel> caches;
#ifdef _SC_LEVEL1_DCACHE_SIZE
  const int sizes[] = {_SC_LEVEL1_DCACHE_SIZE, _SC_LEVEL2_CACHE_SIZE,
                       _SC_LEVEL3_CACHE_SIZE, _SC_LEVEL4_CACHE_SIZE};
  const int lines[] = {_SC_LEVEL1_DCACHE_LINESIZE, _SC_LEVEL2_CACHE_LINESIZE,
                       _SC_LEVEL3_CACHE_LINESIZE, _SC_LEVEL4_CACHE_LINESIZE};
  for (int i = 0; i < 4; ++i) {
    long bytes = sysconf(sizes[i]), line = sysconf(lines[i]);
    if (bytes > 0)
      caches.push_back({i + 1, bytes, line > 0 ? line : 64});
  }
#endif
  return caches;
}

/// CPUID's deterministic cache parameters: leaf 4 (Intel) or 0x8000001D
/// (AMD with topology extensions). Empty elsewhere.
std::vector<CacheLevel> cachesFromCpuid() {
  std::vector<CacheLevel> caches;
#if defined(__x86_64__) || defined(__i386__)
  unsigned eax, ebx, ecx, edx;
  unsigned leaf = 4;
  if (__get_cpuid(0x80000001, &eax, &ebx, &ecx, &edx) && (ecx & (1u << 22)) &&
      __get_cpuid_max(0x80000000, nullptr) >= 0x8000001D)
    leaf = 0x8000001D;
  else if (__get_cpuid_max(0, nullptr) < 4)
    return caches;
  for (unsigned sub = 0; sub < 16; ++sub) {
    if (!__get_cpuid_count(leaf, sub, &eax, &ebx, &ecx, &edx))
      break;
    unsigned type = eax & 0x1f; // 0 none, 1 data, 2 instruction, 3 unified
    if (type == 0)
      break;
    if (type == 2)
      continue;
    int64_t line = (ebx & 0xfff) + 1, partitions = ((ebx >> 12) & 0x3ff) + 1;
    int64_t ways = ((ebx >> 22) & 0x3ff) + 1, sets = int64_t(ecx) + 1;
    caches.push_back(
        {int((eax >> 5) & 7), ways * partitions * line * sets, line});
  }
#endif
  return caches;
}

void initializeTargets() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargetMCs();
  });
}

/// Checks every "+name"/"-name" of `features` against the subtarget's list.
llvm::Error checkFeatureNames(const llvm::MCSubtargetInfo &sti,
                              llvm::StringRef features) {
  llvm::SmallVector<llvm::StringRef> list;
  features.split(list, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef feature : list) {
    llvm::StringRef name = feature.trim();
    if (!name.consume_front("+") && !name.consume_front("-"))
      return llvm::createStringError("target feature '" + feature +
                                     "' must start with '+' or '-'");
    if (llvm::none_of(sti.getAllProcessorFeatures(),
                      [&](const llvm::SubtargetFeatureKV &kv) {
                        return name == kv.Key;
                      }))
      return llvm::createStringError("unknown target feature '" + name +
                                     "' for " + sti.getTargetTriple().str());
  }
  return llvm::Error::success();
}

/// Lanes and registers from the features LLVM enables for the subtarget.
llvm::Error fillVectorUnit(TargetInfo &info) {
  initializeTargets();
  llvm::Triple triple(info.triple);
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple,
                                                                  error);
  if (!target)
    return llvm::createStringError("unknown target triple '" + info.triple +
                                   "': " + error);
  std::unique_ptr<llvm::MCSubtargetInfo> sti(
      target->createMCSubtargetInfo(triple, "", ""));
  if (!sti)
    return llvm::createStringError("no subtarget information for '" +
                                   info.triple + "'");
  if (!info.cpu.empty() && info.cpu != "generic" &&
      !sti->isCPUStringValid(info.cpu))
    return llvm::createStringError("unknown target CPU '" + info.cpu +
                                   "' for " + info.triple +
                                   " (see llc-22 -mtriple=" + info.triple +
                                   " -mcpu=help)");
  if (llvm::Error err = checkFeatureNames(*sti, info.features))
    return err;
  sti.reset(target->createMCSubtargetInfo(triple, info.cpu, info.features));
  auto has = [&](const char *feature) { return sti->checkFeatures(feature); };
  if (triple.isX86()) {
    bool avx512 = has("+avx512f");
    info.simdLanes = avx512 ? 16 : has("+avx") ? 8 : 4;
    info.vectorRegisters = avx512 ? 32 : 16;
    info.x86Avx512 = avx512 && triple.getArch() == llvm::Triple::x86_64;
  } else if (triple.isAArch64()) {
    info.simdLanes = 4; // NEON; SVE code is fixed to 128 bits here
    info.vectorRegisters = 32;
  } else {
    info.simdLanes = 4;
    info.vectorRegisters = 16;
  }
  return llvm::Error::success();
}

/// The caches of `info` from the machine file and, for the host, sysfs,
/// sysconf and CPUID, whichever answers first.
llvm::Error fillCaches(TargetInfo &info, const ProbeOptions &probe) {
  std::string file = fromEnv(probe.machineFile, "SFFNN_MACHINE_FILE", "");
  if (!file.empty()) {
    if (llvm::Error err = readMachineFile(file, info))
      return err;
    if (!info.caches.empty()) {
      info.cacheSource = "machine-file";
      return llvm::Error::success();
    }
  }
  if (!info.isHost)
    return llvm::Error::success();
  std::string root = fromEnv(probe.sysfsRoot, "SFFNN_SYSFS_ROOT", "/sys");
  auto tryFrom = [&](std::vector<CacheLevel> caches, const char *source) {
    if (caches.empty() || !info.caches.empty())
      return;
    sortCaches(caches);
    info.caches = std::move(caches);
    info.cacheSource = source;
  };
  tryFrom(cachesFromSysfs(root), "sysfs");
  if (probe.useSysconf)
    tryFrom(cachesFromSysconf(), "sysconf");
  if (probe.useCpuid)
    tryFrom(cachesFromCpuid(), "cpuid");
  return llvm::Error::success();
}

llvm::Error machineFileError(llvm::StringRef path, const llvm::Twine &what) {
  return llvm::createStringError(path + ": " + what);
}

/// The features of the host CPU as LLVM's "+a,-b" string.
std::string hostFeatures() {
  std::vector<std::string> list;
  for (const auto &f : llvm::sys::getHostCPUFeatures())
    list.push_back((f.getValue() ? "+" : "-") + f.getKey().str());
  std::sort(list.begin(), list.end());
  return llvm::join(list, ",");
}

} // namespace

llvm::Expected<TargetInfo> sffnn::describeTarget(llvm::StringRef triple,
                                                 llvm::StringRef cpu,
                                                 llvm::StringRef features,
                                                 const ProbeOptions &probe) {
  TargetInfo info;
  info.isHost = triple.empty() && cpu.empty() && features.empty();
  info.triple =
      triple.empty() ? llvm::sys::getDefaultTargetTriple() : triple.str();
  info.cpu = cpu.str();
  info.features = features.str();
  if (info.isHost) {
    info.cpu = llvm::sys::getHostCPUName().str();
    info.features = hostFeatures();
  }
  if (llvm::Error err = fillVectorUnit(info))
    return std::move(err);
  if (llvm::Error err = fillCaches(info, probe))
    return std::move(err);
  return info;
}

llvm::Expected<TargetInfo> sffnn::describeHost(const ProbeOptions &probe) {
  return describeTarget("", "", "", probe);
}

llvm::Error sffnn::readMachineFile(llvm::StringRef path, TargetInfo &info) {
  // Bounded like every input: a FIFO or /dev/zero named as the machine
  // file would otherwise be read until memory runs out.
  auto buffer = readInputFile(path);
  if (!buffer) // its message starts with the path
    return llvm::createStringError("cannot read the machine file " +
                                   llvm::toString(buffer.takeError()));
  llvm::Expected<llvm::json::Value> json =
      llvm::json::parse((*buffer)->getBuffer());
  if (!json)
    return machineFileError(path, llvm::toString(json.takeError()));
  const llvm::json::Object *object = json->getAsObject();
  if (!object)
    return machineFileError(path, "expected a JSON object");
  auto positive = [&](const llvm::json::Object &o, llvm::StringRef key,
                      int64_t &into) -> llvm::Error {
    const llvm::json::Value *v = o.get(key);
    if (!v)
      return llvm::Error::success();
    std::optional<int64_t> n = v->getAsInteger();
    if (!n || *n < 1 || *n > (int64_t(1) << 40))
      return machineFileError(path, "'" + key +
                                        "' must be an integer in [1, 2^40]");
    into = *n;
    return llvm::Error::success();
  };
  for (auto [key, field] :
       {std::pair<const char *, int64_t *>{"simd_lanes", &info.simdLanes},
        {"vector_registers", &info.vectorRegisters},
        {"fma_units", &info.fmaUnits}})
    if (llvm::Error err = positive(*object, key, *field))
      return err;
  if (const llvm::json::Value *list = object->get("caches")) {
    const llvm::json::Array *array = list->getAsArray();
    if (!array)
      return machineFileError(path, "'caches' must be a list");
    std::vector<CacheLevel> caches;
    for (const llvm::json::Value &entry : *array) {
      const llvm::json::Object *cache = entry.getAsObject();
      if (!cache)
        return machineFileError(path, "each cache must be an object");
      CacheLevel level;
      int64_t number = 0;
      if (llvm::Error err = positive(*cache, "level", number))
        return err;
      if (llvm::Error err = positive(*cache, "bytes", level.bytes))
        return err;
      if (llvm::Error err = positive(*cache, "line_bytes", level.lineBytes))
        return err;
      if (number == 0 || level.bytes == 0)
        return machineFileError(path, "each cache needs 'level' and 'bytes'");
      level.level = int(number);
      caches.push_back(level);
    }
    sortCaches(caches);
    // The caches are nested: one entry per level, each larger than the
    // level inside it (the blocks of a level must hold those inside it).
    for (size_t i = 1; i < caches.size(); ++i) {
      const CacheLevel &inner = caches[i - 1], &outer = caches[i];
      if (outer.level == inner.level)
        return machineFileError(path, "cache level " +
                                          llvm::Twine(outer.level) +
                                          " is given twice");
      if (outer.bytes <= inner.bytes)
        return machineFileError(
            path, "cache level " + llvm::Twine(outer.level) + " (" +
                      llvm::Twine(outer.bytes) +
                      " bytes) is not larger than level " +
                      llvm::Twine(inner.level) + " (" +
                      llvm::Twine(inner.bytes) + " bytes)");
    }
    info.caches = std::move(caches);
  }
  return llvm::Error::success();
}

llvm::Error sffnn::requireCaches(const TargetInfo &info) {
  if (!info.caches.empty())
    return llvm::Error::success();
  return llvm::createStringError(
      "no cache sizes known for this machine (no machine file, and sysfs, "
      "sysconf and CPUID said nothing); name a machine file with "
      "SFFNN_MACHINE_FILE=FILE");
}

std::string sffnn::formatTargetInfo(const TargetInfo &info) {
  std::string text = "triple=" + info.triple + " cpu=" +
                     (info.cpu.empty() ? "generic" : info.cpu) +
                     " simd_lanes=" + std::to_string(info.simdLanes) +
                     " vector_registers=" +
                     std::to_string(info.vectorRegisters) +
                     " fma_units=" + std::to_string(info.fmaUnits);
  for (const CacheLevel &c : info.caches)
    text += " l" + std::to_string(c.level) + "=" + std::to_string(c.bytes);
  return text + " caches_from=" + info.cacheSource;
}
