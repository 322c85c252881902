//===- MemoryLimitTest.cpp - the memory budget ----------------------------===//
#include "sffnn/Formats/MemoryLimit.h"

#include "gtest/gtest.h"

using namespace sffnn;

TEST(MemoryLimit, ParsesSizesWithSuffixes) {
  EXPECT_EQ(parseByteSize("123"), 123u);
  EXPECT_EQ(parseByteSize("64K"), 64u << 10);
  EXPECT_EQ(parseByteSize("512m"), 512u << 20);
  EXPECT_EQ(parseByteSize("8G"), uint64_t(8) << 30);
  EXPECT_EQ(parseByteSize("1T"), uint64_t(1) << 40);
  for (const char *bad : {"", "0", "G", "-1", "1.5G", "1X", "+5",
                          "99999999999999999999", "16777216T"})
    EXPECT_EQ(parseByteSize(bad), std::nullopt) << bad;
}

TEST(MemoryLimit, RefusesAboveTheLimitWithLocation) {
  uint64_t saved = memoryLimitBytes();
  setMemoryLimitBytes(1 << 20);
  EXPECT_FALSE(checkMemory(1 << 20, "exactly the limit"));
  llvm::Error err = checkMemory(3.0 * (1 << 20), "a thing", "f.txt:3:1");
  ASSERT_TRUE(bool(err));
  EXPECT_EQ(llvm::toString(std::move(err)),
            "f.txt:3:1: a thing needs about 3 MiB, more than the memory "
            "limit of 1 MiB (--max-memory)");
  // Products of huge sizes are estimated in double: no wrap-around.
  EXPECT_FALSE(memoryExcess(1e30, "x").empty());
  setMemoryLimitBytes(saved);
}

TEST(MemoryLimit, DefaultsToPartOfPhysicalMemory) {
  setMemoryLimitBytes(0);
  EXPECT_GT(memoryLimitBytes(), uint64_t(0));
}
