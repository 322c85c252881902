//===- PropertyTest.cpp - bounds, optimum and simulation agree ------------===//
//
// Over thousands of random tiny networks (layered and general DAGs, with and
// without biases) and M = 2..6:
//   LB <= OPT <= simulated(baseline, belady) <= UB,  simulated(lru) <= UB,
//   and OPT <= simulated(any valid edge order).
//
//===----------------------------------------------------------------------===//
#include "sffnn/IO/Bounds.h"
#include "sffnn/IO/ExactSolver.h"
#include "sffnn/IO/Simulator.h"
#include "sffnn/Model/Generators.h"
#include "sffnn/Model/Program.h"

#include "TinyNetworks.h"

#include "gtest/gtest.h"

using namespace sffnn;
using namespace sffnn::io;
using namespace sffnn::io::tiny;

namespace {

TEST(Property, BoundsOptimumAndSimulationAgree) {
  int checked = 0, strictlyBetter = 0;
  for (uint64_t seed = 1; seed <= 1500; ++seed) {
    Graph g = randomTiny(seed);
    Bounds bounds = computeBounds(g);
    int64_t m = 2 + seed % 5; // 2..6
    auto baseline = simulateNeuronOrder(g, programOrder(g), m, Policy::Belady);
    auto lru = simulateNeuronOrder(g, programOrder(g), m, Policy::Lru);
    ASSERT_TRUE(bool(baseline) && bool(lru)) << "seed " << seed;
    auto opt = optimalActivationIOs(g, m);
    ASSERT_TRUE(bool(opt)) << "seed " << seed << ": "
                           << llvm::toString(opt.takeError());
    int64_t optimum = bounds.parameterIOs + *opt;
    EXPECT_LE(bounds.lower(), optimum) << "seed " << seed;
    EXPECT_LE(optimum, baseline->total()) << "seed " << seed;
    EXPECT_LE(baseline->total(), bounds.upper()) << "seed " << seed;
    EXPECT_LE(lru->total(), bounds.upper()) << "seed " << seed;
    EXPECT_EQ(baseline->parameterIOs, bounds.parameterIOs);
    Random random(seed);
    auto any = simulate(g, randomEdgeOrder(g, random), m, Policy::Belady);
    ASSERT_TRUE(bool(any));
    EXPECT_LE(optimum, any->total()) << "seed " << seed;
    strictlyBetter += optimum < baseline->total();
    ++checked;
  }
  EXPECT_EQ(checked, 1500);
  // The search is not vacuous: it often beats the baseline.
  EXPECT_GT(strictlyBetter, 50);
}

} // namespace

namespace {

// Maximally I/O-efficient networks meet the lower bound exactly when run in
// construction order with the memory they were built for (under either
// policy: nothing is ever evicted), and cost more with less memory.
TEST(Property, IoOptimalNetworksMeetTheLowerBound) {
  int built = 0, tighter = 0;
  for (uint64_t seed = 1; seed <= 1000; ++seed) {
    Random random(seed);
    IoOptimalOptions o;
    o.inputs = 1 + random.below(12);
    o.outputs = 1 + random.below(4);
    o.neurons = o.outputs + random.below(40);
    o.fastMemory = 2 + random.below(8);
    o.connections = o.neurons + random.below(3 * o.neurons);
    o.bias = random.below(2) ? std::optional<Distribution>() : o.bias;
    o.seed = seed;
    auto net = generateIoOptimal(o);
    if (!net) { // not every combination can be built
      llvm::consumeError(net.takeError());
      continue;
    }
    ++built;
    ASSERT_FALSE(bool(validate(*net))) << "seed " << seed;
    EXPECT_EQ(net->connections(), o.connections) << "seed " << seed;
    Graph g = toProgram(*net).graph;
    Bounds bounds = computeBounds(g);
    for (Policy p : {Policy::Belady, Policy::Lru}) {
      auto count = simulateNeuronOrder(g, programOrder(g), o.fastMemory, p);
      ASSERT_TRUE(bool(count));
      EXPECT_EQ(count->total(), bounds.lower())
          << "seed " << seed << " policy " << policyName(p);
    }
    if (o.fastMemory > 2) {
      auto less = simulateNeuronOrder(g, programOrder(g), 2, Policy::Belady);
      ASSERT_TRUE(bool(less));
      EXPECT_GE(less->total(), bounds.lower());
      tighter += less->total() > bounds.lower();
    }
  }
  EXPECT_GT(built, 500);
  EXPECT_GT(tighter, 50); // memory matters: the construction is not trivial
}

} // namespace
