//===- InstanceBoundTest.cpp - the instance lower bound is sound ----------===//
//
// 1. The minimum cut finds the fewest open words: equal to an exhaustive
//    search over every state a schedule can be in when the cut neuron
//    completes, on random tiny networks with random word costs.
// 2. LB <= instance LB <= OPT (the exact solver) on random tiny networks
//    and M = 2..4, and instance LB <= the simulated I/O of the baseline,
//    of every anchor and of random edge orders under both policies.
//
//===----------------------------------------------------------------------===//
#include "sffnn/IO/AnchorOrders.h"
#include "sffnn/IO/Bounds.h"
#include "sffnn/IO/ExactSolver.h"
#include "sffnn/IO/InstanceBound.h"
#include "sffnn/IO/Simulator.h"

#include "TinyNetworks.h"

#include "gtest/gtest.h"

using namespace sffnn;
using namespace sffnn::io;
using namespace sffnn::io::tiny;

namespace {

/// The fewest open words at the moment `cut` completes, by trying every
/// set of added connections: closed (a connection out of a computed node
/// needs all connections into it), holding every connection into `cut` and
/// none out of it.
int64_t exhaustiveOpenCost(const Graph &g, Node cut,
                           const std::vector<int64_t> &cost) {
  const int64_t w = g.numEdges();
  int64_t best = -1;
  for (uint64_t s = 0; s < (uint64_t(1) << w); ++s) {
    auto added = [&](int64_t e) { return (s >> e & 1) != 0; };
    auto complete = [&](Node v) {
      if (g.isInput(v))
        return true;
      for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
           ++e)
        if (!added(e))
          return false;
      return true;
    };
    bool valid = complete(cut);
    for (int64_t e = 0; e < w && valid; ++e)
      if (added(e) && (!complete(g.inSources[e]) || g.inSources[e] == cut))
        valid = false;
    if (!valid)
      continue;
    int64_t open = 0;
    for (Node v = 0; v < g.numNodes(); ++v) {
      bool before = false, after = false;
      auto see = [&](int64_t e) { (added(e) ? before : after) = true; };
      if (!g.isInput(v))
        for (int64_t e = g.firstInEdge(v); e < g.firstInEdge(v) + g.inDegree(v);
             ++e)
          see(e);
      for (int64_t k = g.outOffsets[v]; k < g.outOffsets[v + 1]; ++k)
        see(g.outEdges[k]);
      open += before && after ? cost[v] : 0;
    }
    if (best < 0 || open < best)
      best = open;
  }
  return best;
}

TEST(InstanceBound, MinimumCutMatchesExhaustiveSearch) {
  int compared = 0, positive = 0;
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    Graph g = randomTiny(seed);
    if (g.numEdges() > 14)
      continue;
    Random random(seed * 7919);
    std::vector<int64_t> cost(g.numNodes());
    for (int64_t &c : cost)
      c = static_cast<int64_t>(random.below(3));
    for (Node cut = static_cast<Node>(g.numInputs); cut < g.numNodes(); ++cut) {
      if (g.inDegree(cut) == 0)
        continue;
      int64_t exact = exhaustiveOpenCost(g, cut, cost);
      EXPECT_EQ(minimumOpenCost(g, cut, cost), exact)
          << "seed " << seed << " cut " << cut;
      ++compared;
      positive += exact > 0;
    }
  }
  EXPECT_GT(compared, 1000);
  EXPECT_GT(positive, 300); // the cuts are not all trivially empty
}

TEST(InstanceBound, BetweenTheSimpleBoundAndTheOptimum) {
  int checked = 0, tighter = 0;
  for (uint64_t seed = 1; seed <= 600; ++seed) {
    Graph g = randomTiny(seed);
    Bounds bounds = computeBounds(g);
    int64_t m = 2 + seed % 3; // 2..4: small M, where the bound can rise
    InstanceBound instance = instanceLowerBound(g, m);
    EXPECT_EQ(instance.base, bounds.activationLower) << "seed " << seed;
    EXPECT_GE(instance.extra, 0) << "seed " << seed;
    auto opt = optimalActivationIOs(g, m);
    ASSERT_TRUE(bool(opt)) << "seed " << seed << ": "
                           << llvm::toString(opt.takeError());
    EXPECT_LE(instance.activation(), *opt) << "seed " << seed << " M " << m;
    for (Policy policy : {Policy::Belady, Policy::Lru}) {
      for (Anchor anchor : kAllAnchors) {
        auto count = simulateNeuronOrder(g, anchorOrder(g, anchor, m), m, policy);
        ASSERT_TRUE(bool(count)) << "seed " << seed;
        EXPECT_LE(instance.activation(), count->activation())
            << "seed " << seed << " " << anchorName(anchor) << " "
            << policyName(policy);
      }
      Random random(seed);
      auto any = simulate(g, randomEdgeOrder(g, random), m, policy);
      ASSERT_TRUE(bool(any));
      EXPECT_LE(instance.activation(), any->activation()) << "seed " << seed;
    }
    tighter += instance.extra > 0;
    ++checked;
  }
  EXPECT_EQ(checked, 600);
  // Not vacuous: the bound often rises above I_used + O.
  EXPECT_GT(tighter, 10);
}

} // namespace

namespace {

/// Blocks touching more connections than the cap are skipped: they add
/// nothing, and the bound stays a bound.
TEST(InstanceBound, OversizedBlocksAreSkipped) {
  DagOptions o;
  o.inputs = 32;
  o.neurons = 400;
  o.outputs = 8;
  o.connections = 4000;
  o.seed = 2;
  auto dag = generateDag(o);
  ASSERT_TRUE(bool(dag));
  Graph g = toProgram(*dag).graph;
  InstanceBound full = instanceLowerBound(g, 8);
  EXPECT_GT(full.extra, 0);
  InstanceBoundOptions capped;
  capped.maxBlockConnections = 0;
  InstanceBound none = instanceLowerBound(g, 8, capped);
  EXPECT_EQ(none.extra, 0);
  EXPECT_EQ(none.flows, 0);
  EXPECT_EQ(none.base, full.base);
}

} // namespace
