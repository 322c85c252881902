//===- BlockingTest.cpp - cache blocks and machine descriptions -----------===//
#include "sffnn/IO/Blocking.h"
#include "sffnn/Model/Generators.h"
#include "sffnn/Model/Program.h"

#include "../TempFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

using namespace sffnn;
using namespace sffnn::io;

namespace {

TEST(Machine, ParsesAndSorts) {
  auto m = parseMachine("l2=32768, registers=32,l1=768");
  ASSERT_TRUE(bool(m));
  ASSERT_EQ(m->size(), 3u);
  EXPECT_EQ((*m)[0].name, "registers");
  EXPECT_EQ((*m)[2].words, 32768);
  EXPECT_EQ(formatMachine(*m), "registers=32,l1=768,l2=32768");
  for (const char *bad : {"", "l1", "l1=x", "l1=1", "=5"}) {
    auto e = parseMachine(bad);
    EXPECT_FALSE(bool(e)) << bad;
    if (!e)
      llvm::consumeError(e.takeError());
  }
}

TEST(Machine, FromTarget) {
  TargetInfo target;
  target.vectorRegisters = 32;
  target.caches = {{1, 48 << 10, 64}, {2, 2 << 20, 64}};
  EXPECT_EQ(formatMachine(machineOf(target, 64)),
            "registers=32,l1=768,l2=32768");
  target.vectorRegisters = 16;
  EXPECT_EQ(formatMachine(machineOf(target, 32)),
            "registers=16,l1=1536,l2=65536");
}

TEST(Blocking, HandCountedChain) {
  // x0 -> a -> b -> c -> d: every neuron has one source, working set of a
  // run of k neurons is k + 1 values plus the partial sum.
  GraphBuilder builder(1);
  Node prev = 0;
  for (int i = 0; i < 4; ++i)
    prev = builder.addNeuron({prev}, false);
  builder.addOutput(prev);
  Graph g = builder.finish();
  Machine m = {{"r", 3}, {"l1", 4}, {"l2", 100}};
  auto starts = blockOrder(g, programOrder(g), m);
  EXPECT_EQ(starts[2], (std::vector<int64_t>{0}));          // all 4 fit
  EXPECT_EQ(starts[1], (std::vector<int64_t>{0, 2}));       // 2 neurons: 3+1
  EXPECT_EQ(starts[0], (std::vector<int64_t>{0, 1, 2, 3})); // 1: 2+1
}

TEST(Blocking, NestedAndCovering) {
  LayeredOptions o;
  o.widths = {50, 80, 80, 10};
  o.density = 0.1;
  Graph g = toProgram(*generateLayered(o)).graph;
  Machine m = {{"registers", 8}, {"l1", 40}, {"l2", 200}};
  auto starts = blockOrder(g, programOrder(g), m);
  for (size_t i = 0; i + 1 < m.size(); ++i)
    for (int64_t p : starts[i + 1])
      EXPECT_TRUE(std::binary_search(starts[i].begin(), starts[i].end(), p))
          << "a level-" << i + 1 << " boundary is not a level-" << i
          << " boundary";
  for (auto &level : starts) {
    EXPECT_EQ(level.front(), 0);
    EXPECT_TRUE(std::is_sorted(level.begin(), level.end()));
  }
  EXPECT_LT(starts[2].size(), starts[1].size());
}

} // namespace
