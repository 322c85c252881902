//===- TargetInfo.h - one description of the machine code runs on -*- C++ -*-===//
//
// Everything the compiler and the models need to know about a target: its
// SIMD width (the default batch tile), vector registers (the innermost
// level of cache blocking), cache levels (blocking, roofline, calibration)
// and FMA units. One library answers for the host and for named targets, so
// that no consumer probes the machine itself.
//
// Cache levels come from the first source that knows them, in this order:
// explicit options, a machine file, sysfs, sysconf (glibc), CPUID (x86).
// The description says which one it used. Cloud VMs often have no sysfs
// cache directory; glibc's sysconf and CPUID still know the sizes there.
//
//===----------------------------------------------------------------------===//
#ifndef SFFNN_SUPPORT_TARGETINFO_H
#define SFFNN_SUPPORT_TARGETINFO_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sffnn {

/// A data or unified cache level.
struct CacheLevel {
  int level = 0; // 1, 2, 3, ...
  int64_t bytes = 0;
  int64_t lineBytes = 64;
};

struct TargetInfo {
  /// LLVM's names; `features` is a comma-separated "+f,-g" list, empty for
  /// the CPU's defaults.
  std::string triple, cpu, features;
  /// fp32 lanes of the widest vector unit LLVM may use.
  int64_t simdLanes = 4;
  int64_t vectorRegisters = 16;
  /// x86-64 with AVX-512F, for which straight-line FMAs can be written as
  /// inline assembly (sffnn-expand-fma-groups, emitter x86-avx512).
  bool x86Avx512 = false;
  /// Vector FMA pipes per core (2 on current x86 and Arm server cores).
  int64_t fmaUnits = 2;
  /// Data and unified caches by ascending level; may be empty.
  std::vector<CacheLevel> caches;
  /// Where `caches` came from: option, machine-file, sysfs, sysconf, cpuid,
  /// or none.
  std::string cacheSource = "none";
  bool isHost = false;
};

/// Where to look for the host's caches. The environment variables are the
/// defaults, so that tests and users can point the tools elsewhere.
struct ProbeOptions {
  /// A machine file (JSON, see readMachineFile); empty: $SFFNN_MACHINE_FILE.
  std::string machineFile;
  /// The root of sysfs; empty: $SFFNN_SYSFS_ROOT, else "/sys".
  std::string sysfsRoot;
  /// Tests turn the later sources off to see each one alone.
  bool useSysconf = true, useCpuid = true;
};

/// The host: LLVM's name and features of this CPU, and its caches.
llvm::Expected<TargetInfo> describeHost(const ProbeOptions &probe = {});

/// A target given by LLVM triple, CPU and features (each empty = the
/// host's). Lanes and registers come from the features LLVM's subtarget
/// enables; caches from the machine file, or the host's when the target is
/// the host, else none. Unknown triples, CPUs and features are errors.
llvm::Expected<TargetInfo> describeTarget(llvm::StringRef triple,
                                          llvm::StringRef cpu,
                                          llvm::StringRef features,
                                          const ProbeOptions &probe = {});

/// Reads a machine file: a JSON object with any of "simd_lanes",
/// "vector_registers", "fma_units" and "caches" (a list of {"level",
/// "bytes", "line_bytes"}); what it gives overrides `info`.
llvm::Error readMachineFile(llvm::StringRef path, TargetInfo &info);

/// An error saying where cache sizes can be given when `info` has none
/// (success when it has some).
llvm::Error requireCaches(const TargetInfo &info);

/// One line: triple, cpu, lanes, registers, FMA units, caches and source.
std::string formatTargetInfo(const TargetInfo &info);

} // namespace sffnn

#endif // SFFNN_SUPPORT_TARGETINFO_H
