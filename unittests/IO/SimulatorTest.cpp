//===- SimulatorTest.cpp - hand-computed I/O counts -----------------------===//
#include "sffnn/IO/Simulator.h"
#include "sffnn/IO/ExactSolver.h"

#include "Networks.h"
#include "gtest/gtest.h"

using namespace sffnn::io;

namespace {

IOCount run(const Graph &g, const EdgeOrder &edges, int64_t m, Policy p) {
  auto count = simulate(g, edges, m, p);
  EXPECT_TRUE(bool(count)) << llvm::toString(count.takeError());
  return count ? *count : IOCount();
}

TEST(Simulator, ChainMeetsTheLowerBound) {
  Graph g = nets::chain();
  for (Policy p : {Policy::Belady, Policy::Lru}) {
    IOCount c = run(g, {0, 1}, 2, p);
    EXPECT_EQ(c.inputLoads, 1);
    EXPECT_EQ(c.outputStores, 1);
    EXPECT_EQ(c.activation(), 2);
    EXPECT_EQ(c.parameterIOs, 2);
  }
}

// M = 2, neuron order a, b, c: computing b evicts a (store), computing c
// evicts b (store) to reload a, then reloads b.
TEST(Simulator, DiamondWithTwoWords) {
  Graph g = nets::diamond();
  for (Policy p : {Policy::Belady, Policy::Lru}) {
    IOCount c = run(g, {0, 1, 2, 3}, 2, p);
    EXPECT_EQ(c.inputLoads, 2);
    EXPECT_EQ(c.hiddenStores, 2);
    EXPECT_EQ(c.hiddenLoads, 2);
    EXPECT_EQ(c.outputStores, 1);
    EXPECT_EQ(c.partialLoads + c.partialStores, 0);
    EXPECT_EQ(c.activation(), 7);
  }
}

TEST(Simulator, DiamondWithThreeWords) {
  IOCount c = run(nets::diamond(), {0, 1, 2, 3}, 3, Policy::Belady);
  EXPECT_EQ(c.activation(), 3);
}

// Adding a -> c before computing b keeps one word free: the partial sum of
// c is stored and reloaded once (2 I/Os) instead of storing and reloading
// both a and b (4 I/Os). That is also the optimum.
TEST(Simulator, PartialSumsBeatEveryNeuronOrder) {
  Graph g = nets::diamond();
  IOCount c = run(g, {0, 2, 1, 3}, 2, Policy::Belady);
  EXPECT_EQ(c.inputLoads, 2);
  EXPECT_EQ(c.partialStores, 1);
  EXPECT_EQ(c.partialLoads, 1);
  EXPECT_EQ(c.outputStores, 1);
  EXPECT_EQ(c.activation(), 5);
  auto opt = optimalActivationIOs(g, 2);
  ASSERT_TRUE(bool(opt));
  EXPECT_EQ(*opt, 5);
  auto opt3 = optimalActivationIOs(g, 3);
  ASSERT_TRUE(bool(opt3));
  EXPECT_EQ(*opt3, 3);
}

// Belady and LRU differ: six output neurons read x0 x1 x2 x0 x1 x2. With
// M = 3 (a partial sum and two values) LRU always evicts the input needed
// next but one; Belady evicts the one needed farthest away.
TEST(Simulator, BeladyAndLruDiffer) {
  GraphBuilder b(3);
  for (Node x : {0, 1, 2, 0, 1, 2})
    b.addOutput(b.addNeuron({x}, false));
  Graph g = b.finish();
  EdgeOrder order = {0, 1, 2, 3, 4, 5};
  IOCount belady = run(g, order, 3, Policy::Belady);
  IOCount lru = run(g, order, 3, Policy::Lru);
  EXPECT_EQ(belady.inputLoads, 4); // x0 x1 x2, then x1 again
  EXPECT_EQ(lru.inputLoads, 5);    // x0 x1 x2 x0 x1
  EXPECT_EQ(belady.outputStores, 6);
  EXPECT_EQ(lru.outputStores, 6);
  // With M = 2 only the partial sum and one input fit: every read loads.
  EXPECT_EQ(run(g, order, 2, Policy::Belady).inputLoads, 6);
  EXPECT_EQ(run(g, order, 4, Policy::Lru).inputLoads, 3);
}

TEST(Simulator, RejectsBadSchedules) {
  Graph g = nets::diamond();
  auto tooSmall = simulate(g, {0, 1, 2, 3}, 1, Policy::Belady);
  ASSERT_FALSE(bool(tooSmall));
  EXPECT_NE(llvm::toString(tooSmall.takeError()).find("at least 2 words"),
            std::string::npos);
  auto early = simulate(g, {0, 2, 3, 1}, 4, Policy::Belady);
  ASSERT_FALSE(bool(early));
  EXPECT_EQ(llvm::toString(early.takeError()),
            "connection 3 reads neuron 3 before all its in-edges are added");
  auto repeated = simulate(g, {0, 0, 2, 3}, 4, Policy::Belady);
  ASSERT_FALSE(bool(repeated));
  llvm::consumeError(repeated.takeError());
  auto order = simulateNeuronOrder(g, {4, 2, 3}, 4, Policy::Belady);
  ASSERT_FALSE(bool(order));
  EXPECT_EQ(llvm::toString(order.takeError()),
            "neuron 4 (entry 0) comes before its source 2");
}

TEST(Simulator, Deterministic) {
  Graph g = nets::diamond();
  IOCount a = run(g, {0, 2, 1, 3}, 2, Policy::Lru);
  IOCount b = run(g, {0, 2, 1, 3}, 2, Policy::Lru);
  EXPECT_EQ(a.activation(), b.activation());
  EXPECT_EQ(a.partialStores, b.partialStores);
}

} // namespace
