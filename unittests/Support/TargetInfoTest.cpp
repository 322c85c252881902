//===- TargetInfoTest.cpp - target descriptions and their sources ---------===//
#include "sffnn/Support/TargetInfo.h"

#include "../TempFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

using namespace sffnn;
using sffnn::testing::message;
using sffnn::testing::TempFile;

namespace {

void writeFile(const std::string &path, const std::string &text) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  os << text << "\n";
}

/// A fake sysfs root with cpu0's cache directory.
struct FakeSysfs {
  FakeSysfs() {
    llvm::SmallString<128> dir;
    llvm::sys::fs::createUniqueDirectory("sffnn-sysfs", dir);
    root = std::string(dir.str());
  }
  ~FakeSysfs() { llvm::sys::fs::remove_directories(root); }
  void level(int index, const char *lvl, const char *type, const char *size) {
    std::string d =
        root + "/devices/system/cpu/cpu0/cache/index" + std::to_string(index);
    llvm::sys::fs::create_directories(d);
    writeFile(d + "/level", lvl);
    writeFile(d + "/type", type);
    writeFile(d + "/size", size);
    writeFile(d + "/coherency_line_size", "64");
  }
  std::string root;
};

ProbeOptions only(const std::string &sysfs, bool sysconf, bool cpuid) {
  ProbeOptions probe;
  probe.sysfsRoot = sysfs;
  probe.useSysconf = sysconf;
  probe.useCpuid = cpuid;
  return probe;
}

TEST(TargetInfo, ReadsSysfsFirst) {
  FakeSysfs sysfs;
  sysfs.level(0, "1", "Data", "48K");
  sysfs.level(1, "1", "Instruction", "32K");
  sysfs.level(2, "2", "Unified", "2048K");
  sysfs.level(3, "3", "Unified", "32M");
  auto host = describeHost(only(sysfs.root, true, true));
  ASSERT_TRUE(bool(host)) << message(host.takeError());
  EXPECT_EQ(host->cacheSource, "sysfs");
  ASSERT_EQ(host->caches.size(), 3u);
  EXPECT_EQ(host->caches[0].bytes, 48 << 10);
  EXPECT_EQ(host->caches[1].bytes, 2 << 20);
  EXPECT_EQ(host->caches[2].bytes, 32 << 20);
  EXPECT_EQ(message(requireCaches(*host)), "");
  EXPECT_TRUE(host->isHost);
}

TEST(TargetInfo, FallsBackWithoutSysfs) {
  FakeSysfs empty; // no cache directory at all, as on many cloud VMs
  auto none = describeHost(only(empty.root, false, false));
  ASSERT_TRUE(bool(none));
  EXPECT_TRUE(none->caches.empty());
  EXPECT_EQ(none->cacheSource, "none");
  EXPECT_NE(message(requireCaches(*none)).find("SFFNN_MACHINE_FILE"),
            std::string::npos);
  // glibc and x86 CPUs know the sizes: each source alone gives an L1.
  for (bool sysconf : {true, false}) {
    auto host = describeHost(only(empty.root, sysconf, !sysconf));
    ASSERT_TRUE(bool(host));
#if defined(__x86_64__) && defined(__GLIBC__)
    EXPECT_EQ(host->cacheSource, sysconf ? "sysconf" : "cpuid");
    ASSERT_FALSE(host->caches.empty());
    EXPECT_EQ(host->caches[0].level, 1);
    EXPECT_GE(host->caches[0].bytes, 4096);
#endif
  }
}

TEST(TargetInfo, MachineFileComesBeforeSysfs) {
  FakeSysfs sysfs;
  sysfs.level(0, "1", "Data", "48K");
  TempFile file(R"({"simd_lanes": 8, "fma_units": 1,
    "caches": [{"level": 2, "bytes": 1048576}, {"level": 1, "bytes": 32768,
    "line_bytes": 128}]})",
                "json");
  ProbeOptions probe = only(sysfs.root, true, true);
  probe.machineFile = file.str();
  auto host = describeHost(probe);
  ASSERT_TRUE(bool(host)) << message(host.takeError());
  EXPECT_EQ(host->cacheSource, "machine-file");
  EXPECT_EQ(host->simdLanes, 8);
  EXPECT_EQ(host->fmaUnits, 1);
  ASSERT_EQ(host->caches.size(), 2u);
  EXPECT_EQ(host->caches[0].lineBytes, 128);
  EXPECT_EQ(host->caches[1].bytes, 1 << 20);
}

TEST(TargetInfo, BadMachineFiles) {
  for (const char *bad :
       {"", "[1]", "{\"simd_lanes\": 0}", "{\"simd_lanes\": 1.5}",
        "{\"caches\": 3}", "{\"caches\": [{\"level\": 1}]}",
        "{\"caches\": [{\"level\": 1, \"bytes\": -4}]}"}) {
    TempFile file(bad, "json");
    TargetInfo info;
    std::string error = message(readMachineFile(file.str(), info));
    EXPECT_NE(error.find(file.str()), std::string::npos) << bad << error;
  }
  TargetInfo info;
  EXPECT_NE(message(readMachineFile("/nonexistent/m.json", info)), "");
}

TEST(TargetInfo, NamedTargets) {
  struct Case {
    const char *triple, *cpu, *features;
    int64_t lanes, registers;
  } cases[] = {
      {"x86_64-linux-gnu", "haswell", "", 8, 16},
      {"x86_64-linux-gnu", "skylake-avx512", "", 16, 32},
      {"x86_64-linux-gnu", "skylake-avx512", "-avx512f", 8, 16},
      {"x86_64-linux-gnu", "x86-64", "", 4, 16},
      {"x86_64-linux-gnu", "", "+avx2,+fma", 8, 16},
      {"aarch64-linux-gnu", "neoverse-v1", "", 4, 32},
  };
  for (const Case &c : cases) {
    auto t = describeTarget(c.triple, c.cpu, c.features);
    ASSERT_TRUE(bool(t)) << c.cpu << ": " << message(t.takeError());
    EXPECT_EQ(t->simdLanes, c.lanes) << c.cpu << c.features;
    EXPECT_EQ(t->vectorRegisters, c.registers) << c.cpu << c.features;
    EXPECT_FALSE(t->isHost);
    EXPECT_TRUE(t->caches.empty());
  }
}

TEST(TargetInfo, UnknownNamesAreErrors) {
  EXPECT_NE(message(describeTarget("notatriple-x-y", "", "").takeError())
                .find("unknown target triple"),
            std::string::npos);
  EXPECT_NE(message(describeTarget("x86_64-linux-gnu", "notacpu", "")
                        .takeError())
                .find("unknown target CPU 'notacpu'"),
            std::string::npos);
  EXPECT_NE(message(describeTarget("x86_64-linux-gnu", "", "+notafeature")
                        .takeError())
                .find("unknown target feature 'notafeature'"),
            std::string::npos);
  EXPECT_NE(message(describeTarget("x86_64-linux-gnu", "", "avx2")
                        .takeError())
                .find("must start with"),
            std::string::npos);
}

TEST(TargetInfo, FormatsOneLine) {
  TargetInfo info;
  info.triple = "x86_64-unknown-linux-gnu";
  info.cpu = "znver4";
  info.simdLanes = 16;
  info.vectorRegisters = 32;
  info.caches = {{1, 32768, 64}, {2, 1048576, 64}};
  info.cacheSource = "sysconf";
  EXPECT_EQ(formatTargetInfo(info),
            "triple=x86_64-unknown-linux-gnu cpu=znver4 simd_lanes=16 "
            "vector_registers=32 fma_units=2 l1=32768 l2=1048576 "
            "caches_from=sysconf");
}

} // namespace
