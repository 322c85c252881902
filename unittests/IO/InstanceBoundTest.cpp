//===- InstanceBoundTest.cpp - the instance lower bound is sound ----------===//
//
// 1. The minimum cut finds the fewest open words: equal to an exhaustive
//    search over every state a schedule can be in when the cut neuron
//    completes, on random tiny networks with random word costs.
// 2. LB <= instance LB <= OPT (the exact solver) on the 1500 random tiny
//    networks of the property test and M = 2..4, for the open-words bound,
//    the first-completion bound (FirstCompletionBoundTest.cpp) and their
//    maximum, and instance LB <= the simulated I/O of the baseline, of
//    every anchor and of random edge orders under both policies.
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
    auto complete = [&](Node v) { return completeIn(g, v, s); };
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

/// On the tiny networks seeds [first, last] (the exact solver's, as in
/// PropertyTest.cpp) with M = 2..4: I_used + O <= each bound <= OPT, and each
/// bound <= the simulated I/Os of every anchor order and of a random edge
/// order under both eviction policies. Returns how many seeds each bound
/// rises above I_used + O.
std::pair<int, int> checkBetweenSimpleBoundAndOptimum(uint64_t first,
                                                      uint64_t last) {
  int openWordsTighter = 0, firstCompletionTighter = 0;
  for (uint64_t seed = first; seed <= last; ++seed) {
    Graph g = randomTiny(seed);
    Bounds bounds = computeBounds(g);
    int64_t m = 2 + seed % 3; // 2..4: small M, where the bound can rise
    InstanceBound instance = instanceLowerBound(g, m);
    EXPECT_EQ(instance.base, bounds.activationLower) << "seed " << seed;
    EXPECT_GE(instance.openWordsExtra, 0) << "seed " << seed;
    EXPECT_GE(instance.firstCompletionExtra, 0) << "seed " << seed;
    EXPECT_EQ(instance.extra,
              std::max(instance.openWordsExtra, instance.firstCompletionExtra));
    auto opt = optimalActivationIOs(g, m);
    EXPECT_TRUE(bool(opt)) << "seed " << seed << ": "
                           << llvm::toString(opt.takeError());
    if (!opt)
      continue;
    // Each bound on its own, and their maximum.
    EXPECT_LE(instance.base + instance.openWordsExtra, *opt)
        << "seed " << seed << " M " << m;
    EXPECT_LE(instance.base + instance.firstCompletionExtra, *opt)
        << "seed " << seed << " M " << m;
    for (Policy policy : {Policy::Belady, Policy::Lru}) {
      for (Anchor anchor : kAllAnchors) {
        auto count =
            simulateNeuronOrder(g, anchorOrder(g, anchor, m), m, policy);
        EXPECT_TRUE(bool(count)) << "seed " << seed;
        if (count)
          EXPECT_LE(instance.activation(), count->activation())
              << "seed " << seed << " " << anchorName(anchor) << " "
              << policyName(policy);
      }
      Random random(seed);
      auto any = simulate(g, randomEdgeOrder(g, random), m, policy);
      EXPECT_TRUE(bool(any));
      if (any)
        EXPECT_LE(instance.activation(), any->activation()) << "seed " << seed;
    }
    openWordsTighter += instance.openWordsExtra > 0;
    firstCompletionTighter += instance.firstCompletionExtra > 0;
  }
  return {openWordsTighter, firstCompletionTighter};
}

// Every tiny network of the exact solver's property test, in two halves
// (each a few seconds).
TEST(InstanceBound, BetweenTheSimpleBoundAndTheOptimum) {
  auto [openWords, firstCompletion] = checkBetweenSimpleBoundAndOptimum(1, 750);
  // Not vacuous: the open-words bound rises above I_used + O on some
  // networks. The first-completion bound cannot at M >= 2: no level of these
  // networks has more than 3 nodes, so no cut exceeds 2M (wider networks:
  // FirstCompletionBoundTest.cpp).
  EXPECT_GT(openWords, 5);
  EXPECT_EQ(firstCompletion, 0);
}

TEST(InstanceBound, BetweenTheSimpleBoundAndTheOptimumMoreNetworks) {
  auto [openWords, firstCompletion] =
      checkBetweenSimpleBoundAndOptimum(751, 1500);
  EXPECT_GT(openWords, 5);
  EXPECT_EQ(firstCompletion, 0);
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
  capped.firstCompletion = false;
  InstanceBound none = instanceLowerBound(g, 8, capped);
  EXPECT_EQ(none.extra, 0);
  EXPECT_EQ(none.flows, 0);
  EXPECT_EQ(none.base, full.base);
}

} // namespace
