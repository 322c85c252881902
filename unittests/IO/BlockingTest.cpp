//===- BlockingTest.cpp - cache blocks and machine descriptions -----------===//
#include "sffnn/IO/Blocking.h"
#include "sffnn/IO/Expansion.h"
#include "sffnn/Model/Generators.h"
#include "sffnn/Model/Program.h"

#include "../TempFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

#include <set>

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

// c and d both read x0, x1, x2: one register group. As neuron orders each
// is a block of its own with M = 3 (3 sources, itself and a partial sum);
// as register groups the group, which does not fit either, is one block:
// the kernel, which ends a group at every block start, keeps it whole.
TEST(Blocking, RegisterGroupsAreNotCut) {
  GraphBuilder builder(3);
  builder.addOutput(builder.addNeuron({0, 1, 2}, false));
  builder.addOutput(builder.addNeuron({0, 1, 2}, false));
  Graph g = builder.finish();
  NeuronOrder order = programOrder(g);
  Machine m = {{"m3", 3}, {"m100", 100}};
  std::vector<int64_t> groups = registerGroupStarts(g, order, 16);
  EXPECT_EQ(groups, (std::vector<int64_t>{0, 2}));
  auto neuron = blockOrder(g, order, m);
  EXPECT_EQ(neuron[0], (std::vector<int64_t>{0, 1}));
  EXPECT_EQ(neuron[1], (std::vector<int64_t>{0}));
  auto grouped = blockOrder(g, order, m, groups);
  EXPECT_EQ(grouped[0], (std::vector<int64_t>{0}));
  EXPECT_EQ(grouped[1], (std::vector<int64_t>{0}));
  // Groups of one neuron are the neuron order's units.
  EXPECT_EQ(blockOrder(g, order, m, registerGroupStarts(g, order, 1)), neuron);
}

/// The distinct values the neurons at positions [first, end) read or
/// produce, counted independently of blockOrder.
int64_t workingSet(const Graph &g, const NeuronOrder &order, int64_t first,
                   int64_t end) {
  std::set<Node> values;
  for (int64_t p = first; p < end; ++p) {
    values.insert(order[p]);
    for (int64_t e = g.firstInEdge(order[p]);
         e < g.firstInEdge(order[p]) + g.inDegree(order[p]); ++e)
      values.insert(g.inSources[e]);
  }
  return static_cast<int64_t>(values.size());
}

// On layered networks and several tiles: every block starts at a group
// start, blocks nest, a block fits its level (working set + 1 partial sum)
// unless it is one group, and it is maximal: with the next group it would
// not fit, unless a larger level's boundary comes first.
TEST(Blocking, GroupBlocksFitNestAndAreMaximal) {
  for (uint64_t seed : {1, 2, 3}) {
    LayeredOptions o;
    o.widths = {40, 60, 60, 10};
    o.density = 0.08;
    o.seed = seed;
    Graph g = toProgram(*generateLayered(o)).graph;
    NeuronOrder order = programOrder(g);
    const int64_t n = static_cast<int64_t>(order.size());
    Machine m = {{"registers", 8}, {"l1", 30}, {"l2", 120}};
    for (int64_t tile : {1, 4, 16}) {
      std::vector<int64_t> groups = registerGroupStarts(g, order, tile);
      auto starts = blockOrder(g, order, m, groups);
      auto nextGroup = [&](int64_t p) {
        return *std::upper_bound(groups.begin(), groups.end(), p);
      };
      for (size_t i = 0; i < m.size(); ++i) {
        const std::vector<int64_t> &level = starts[i];
        ASSERT_FALSE(level.empty());
        EXPECT_EQ(level.front(), 0);
        for (size_t k = 0; k < level.size(); ++k) {
          EXPECT_TRUE(
              std::binary_search(groups.begin(), groups.end(), level[k]))
              << "level " << i << " cuts a group at " << level[k];
          int64_t end = k + 1 < level.size() ? level[k + 1] : n;
          if (nextGroup(level[k]) < end)
            EXPECT_LE(workingSet(g, order, level[k], end) + 1, m[i].words)
                << "level " << i << " block at " << level[k];
          bool outerCut =
              i + 1 < m.size() && std::binary_search(starts[i + 1].begin(),
                                                     starts[i + 1].end(), end);
          if (end < n && !outerCut)
            EXPECT_GT(workingSet(g, order, level[k], nextGroup(end)) + 1,
                      m[i].words)
                << "level " << i << " block at " << level[k]
                << " could take the next group";
        }
        if (i + 1 < m.size())
          for (int64_t p : starts[i + 1])
            EXPECT_TRUE(std::binary_search(level.begin(), level.end(), p));
      }
    }
  }
}

} // namespace
