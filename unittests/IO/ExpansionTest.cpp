//===- ExpansionTest.cpp - neuron orders expanded into edge orders --------===//
//
// The register-groups expansion (the compiled kernel's register groups,
// partial sums) on hand-computed networks, and on random tiny networks
// against the exact optimum and the instance lower bound:
//   I_used + O <= instance LB <= OPT <= simulated(expansion), both policies.
// (unittests/Codegen/ExpansionMatchesPlanTest.cpp checks that the expansion
// is the order the kernel plan adds its terms in.)
//
//===----------------------------------------------------------------------===//
#include "sffnn/IO/AnchorOrders.h"
#include "sffnn/IO/Annealer.h"
#include "sffnn/IO/Bounds.h"
#include "sffnn/IO/ExactSolver.h"
#include "sffnn/IO/Expansion.h"
#include "sffnn/IO/InstanceBound.h"

#include "TinyNetworks.h"
#include "gtest/gtest.h"

using namespace sffnn;
using namespace sffnn::io;
using namespace sffnn::io::tiny;

namespace {

/// c and d (outputs) both read x0, x1, x2. Edges: e0..e2 into c, e3..e5
/// into d, each in source order.
Graph sharedSources() {
  GraphBuilder b(3);
  b.addOutput(b.addNeuron({0, 1, 2}, false));
  b.addOutput(b.addNeuron({0, 1, 2}, false));
  return b.finish();
}

int64_t activation(const Graph &g, const NeuronOrder &order, Expansion x,
                   int64_t tile, int64_t m, Policy policy = Policy::Belady) {
  auto count = simulateSchedule(g, order, x, tile, m, policy);
  EXPECT_TRUE(bool(count)) << llvm::toString(count.takeError());
  return count ? count->activation() : -1;
}

// A group loads each shared source once for both members: with M = 3 the
// two partial sums and one source fit, so 3 loads and 2 output stores (the
// optimum); one neuron at a time must reload a source: 4 loads.
TEST(Expansion, SharedSourcesLoadedOncePerGroup) {
  Graph g = sharedSources();
  NeuronOrder order = programOrder(g);
  EXPECT_EQ(expandSchedule(g, order, Expansion::Neuron, 16),
            (EdgeOrder{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(expandSchedule(g, order, Expansion::RegisterGroups, 16),
            (EdgeOrder{0, 3, 1, 4, 2, 5}));
  // Groups of one neuron are the neuron order.
  EXPECT_EQ(expandSchedule(g, order, Expansion::RegisterGroups, 1),
            expandNeuronOrder(g, order));
  EXPECT_EQ(activation(g, order, Expansion::Neuron, 16, 3), 6);
  EXPECT_EQ(activation(g, order, Expansion::RegisterGroups, 16, 3), 5);
  EXPECT_EQ(activation(g, order, Expansion::RegisterGroups, 1, 3), 6);
  auto opt = optimalActivationIOs(g, 3);
  ASSERT_TRUE(bool(opt));
  EXPECT_EQ(*opt, 5);
  auto cheapest = cheapestExpansion(g, order, kAllExpansions, 16, 3,
                                    Policy::Belady);
  ASSERT_TRUE(bool(cheapest));
  EXPECT_EQ(cheapest->expansion, Expansion::RegisterGroups);
  EXPECT_EQ(cheapest->count.activation(), 5);
  // With room for everything both cost the lower bound; ties keep the
  // neuron order.
  cheapest = cheapestExpansion(g, order, kAllExpansions, 16, 8,
                               Policy::Belady);
  ASSERT_TRUE(bool(cheapest));
  EXPECT_EQ(cheapest->expansion, Expansion::Neuron);
  EXPECT_EQ(cheapest->count.activation(), 5);
}

// A group ends before a neuron that reads one of its members, and after
// register-tile members.
TEST(Expansion, GroupsEndAtDependenciesAndAtTheTile) {
  GraphBuilder chain(1);
  Node a = chain.addNeuron({0}, false);
  chain.addOutput(chain.addNeuron({a}, false));
  Graph g = chain.finish();
  EXPECT_EQ(registerGroupStarts(g, programOrder(g), 16),
            (std::vector<int64_t>{0, 1, 2}));

  GraphBuilder wide(2);
  for (int k = 0; k < 5; ++k)
    wide.addOutput(wide.addNeuron({k % 2, 1 - k % 2}, false));
  Graph w = wide.finish();
  EXPECT_EQ(registerGroupStarts(w, programOrder(w), 2),
            (std::vector<int64_t>{0, 2, 4, 5}));
  EXPECT_EQ(registerGroupStarts(w, programOrder(w), 16),
            (std::vector<int64_t>{0, 5}));
}

// A neuron no output depends on is not computed by the kernel: it joins no
// group, and its edges follow the group it stands in.
TEST(Expansion, DeadNeuronsFollowTheirGroup) {
  GraphBuilder b(2);
  b.addNeuron({0}, false); // dead: e0
  b.addOutput(b.addNeuron({0, 1}, false)); // e1, e2
  b.addOutput(b.addNeuron({1}, false));    // e3
  Graph g = b.finish();
  NeuronOrder order = programOrder(g);
  EXPECT_EQ(registerGroupStarts(g, order, 16), (std::vector<int64_t>{0, 3}));
  EdgeOrder edges = expandSchedule(g, order, Expansion::RegisterGroups, 16);
  EXPECT_EQ(edges, (EdgeOrder{1, 2, 3, 0}));
  EXPECT_FALSE(bool(checkEdgeOrder(g, edges)));
}

TEST(Expansion, RejectsBadInput) {
  Graph g = sharedSources();
  auto tile = simulateSchedule(g, programOrder(g), Expansion::RegisterGroups,
                               0, 3, Policy::Belady);
  ASSERT_FALSE(bool(tile));
  EXPECT_EQ(llvm::toString(tile.takeError()),
            "register-tile must be at least 1, got 0");
  auto order = simulateSchedule(g, NeuronOrder{3}, Expansion::RegisterGroups,
                                16, 3, Policy::Belady);
  EXPECT_FALSE(bool(order));
  llvm::consumeError(order.takeError());
  EXPECT_FALSE(parseExpansion("groups"));
  EXPECT_EQ(parseExpansion("register-groups"), Expansion::RegisterGroups);
}

// On random tiny networks every anchor, expanded into register groups of
// 1, 2 and 16, is a valid edge order costing at least the optimum and the
// instance bound, under both policies; the groups reach the optimum where
// the neuron order does not on some of them (not vacuous).
TEST(Expansion, BetweenTheBoundsAndTheOptimum) {
  int checked = 0, groupsBetter = 0;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    Graph g = randomTiny(seed);
    int64_t m = 2 + seed % 3; // 2..4
    Bounds bounds = computeBounds(g);
    InstanceBound instance = instanceLowerBound(g, m);
    auto opt = optimalActivationIOs(g, m);
    ASSERT_TRUE(bool(opt)) << "seed " << seed;
    EXPECT_LE(bounds.activationLower, instance.activation());
    EXPECT_LE(instance.activation(), *opt) << "seed " << seed;
    for (Policy policy : {Policy::Belady, Policy::Lru})
      for (Anchor anchor : {Anchor::Baseline, Anchor::Grouped,
                            Anchor::CacheAware}) {
        NeuronOrder order = anchorOrder(g, anchor, m);
        int64_t pull = activation(g, order, Expansion::Neuron, 16, m, policy);
        for (int64_t tile : {1, 2, 16}) {
          int64_t groups =
              activation(g, order, Expansion::RegisterGroups, tile, m, policy);
          EXPECT_LE(*opt, groups) << "seed " << seed << " tile " << tile;
          EXPECT_LE(instance.activation(), groups) << "seed " << seed;
          groupsBetter += groups < pull && groups == *opt;
        }
      }
    ++checked;
  }
  EXPECT_EQ(checked, 300);
  EXPECT_GT(groupsBetter, 10);
}

// 64 neurons in 4 sets of 16 sharing 24 inputs each: with M = 32 a neuron
// at a time cannot keep its 24 sources and the set's other values, the
// groups load each source once per group. The annealer keeps the cheaper
// expansion, records it, and its count is the exact simulation of it.
TEST(Expansion, AnnealerKeepsTheCheaperExpansion) {
  GraphBuilder b(96);
  for (int n = 0; n < 64; ++n) {
    std::vector<Node> sources;
    for (int k = 0; k < 24; ++k)
      sources.push_back(static_cast<Node>((n % 4) * 24 + k));
    b.addOutput(b.addNeuron(sources, true));
  }
  Graph g = b.finish();
  AnnealOptions options;
  options.fastMemory = 32;
  options.iterations = 2000;
  NeuronOrder start = programOrder(g);
  auto result = anneal(g, start, options);
  ASSERT_TRUE(bool(result)) << llvm::toString(result.takeError());
  int64_t pull = activation(g, start, Expansion::Neuron, 16, 32);
  int64_t groups = activation(g, start, Expansion::RegisterGroups, 16, 32);
  EXPECT_LT(groups, pull);
  EXPECT_EQ(result->startExpansion, Expansion::RegisterGroups);
  EXPECT_EQ(result->start.activation(), groups);
  EXPECT_LE(result->best.activation(), groups);
  EXPECT_EQ(activation(g, result->order, result->expansion, 16, 32),
            result->best.activation());
  // Told to count neuron orders only, it never records register groups.
  options.expansions = {Expansion::Neuron};
  auto neuronOnly = anneal(g, start, options);
  ASSERT_TRUE(bool(neuronOnly));
  EXPECT_EQ(neuronOnly->expansion, Expansion::Neuron);
  EXPECT_EQ(neuronOnly->start.activation(), pull);
  options.expansions.clear();
  auto none = anneal(g, start, options);
  ASSERT_FALSE(bool(none));
  llvm::consumeError(none.takeError());
}

} // namespace
