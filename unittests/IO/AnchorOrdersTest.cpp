//===- AnchorOrdersTest.cpp - the anchor orders ---------------------------===//
#include "sffnn/IO/AnchorOrders.h"

#include "TinyNetworks.h"

#include "gtest/gtest.h"

using namespace sffnn;
using namespace sffnn::io;
using namespace sffnn::io::tiny;

namespace {

/// Every anchor is a valid neuron order on random DAGs and layered networks,
/// small and larger.
TEST(AnchorOrders, AlwaysValid) {
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    Graph g = randomTiny(seed);
    for (Anchor anchor : kAllAnchors)
      EXPECT_FALSE(bool(checkNeuronOrder(g, anchorOrder(g, anchor, 3))))
          << "seed " << seed << " " << anchorName(anchor);
  }
  DagOptions o;
  o.inputs = 64;
  o.neurons = 2000;
  o.outputs = 16;
  o.connections = 20000;
  o.seed = 3;
  auto dag = generateDag(o);
  ASSERT_TRUE(bool(dag));
  Graph g = toProgram(*dag).graph;
  for (Anchor anchor : kAllAnchors) {
    llvm::Error err = checkNeuronOrder(g, anchorOrder(g, anchor, 3));
    EXPECT_FALSE(bool(err)) << anchorName(anchor) << ": "
                            << llvm::toString(std::move(err));
  }
}

TEST(AnchorOrders, Names) {
  for (Anchor anchor : kAllAnchors)
    EXPECT_EQ(parseAnchor(anchorName(anchor)), anchor);
  EXPECT_EQ(parseAnchor("given"), Anchor::Baseline);
  EXPECT_FALSE(parseAnchor("random").has_value());
}

/// One layer whose neurons read four input sets in turn (a, b, c, d, a, b,
/// ...): grouped puts equal sets together, and after a group comes the one
/// sharing the most inputs with it.
TEST(AnchorOrders, GroupedGathersEqualInputSets) {
  GraphBuilder b(6);
  const std::vector<std::vector<Node>> sets = {
      {0, 1}, {4, 5}, {1, 2}, {3, 4}};
  std::vector<Node> neurons;
  for (int k = 0; k < 12; ++k)
    neurons.push_back(b.addNeuron(sets[k % 4], false));
  for (Node v : neurons)
    b.addOutput(v);
  Graph g = b.finish();
  NeuronOrder order = anchorOrder(g, Anchor::Grouped, 3);
  // Groups: {0,1} first (first seen), then {1,2} (shares 1), then nothing
  // shares with {1,2} except... {0,1} (visited): next unvisited {4,5}, then
  // {3,4} (shares 4).
  std::vector<int> expectedSets = {0, 0, 0, 2, 2, 2, 1, 1, 1, 3, 3, 3};
  ASSERT_EQ(order.size(), 12u);
  for (size_t i = 0; i < order.size(); ++i)
    EXPECT_EQ((order[i] - 6) % 4, expectedSets[i]) << "position " << i;
}

/// Two chains from one input, interleaved in program order: depth-first
/// finishes the first chain before starting the second.
TEST(AnchorOrders, DepthFirstFollowsConsumers) {
  GraphBuilder b(1);
  Node a1 = b.addNeuron({0}, false);
  Node b1 = b.addNeuron({0}, false);
  Node a2 = b.addNeuron({a1}, false);
  Node b2 = b.addNeuron({b1}, false);
  Node a3 = b.addNeuron({a2}, false);
  Node b3 = b.addNeuron({b2}, false);
  b.addOutput(a3);
  b.addOutput(b3);
  Graph g = b.finish();
  EXPECT_EQ(anchorOrder(g, Anchor::DepthFirst, 3),
            (NeuronOrder{a1, a2, a3, b1, b2, b3}));
  EXPECT_EQ(anchorOrder(g, Anchor::Depth, 3),
            (NeuronOrder{a1, b1, a2, b2, a3, b3}));
}

/// The best anchor is never worse than the baseline and is the least of
/// all anchors.
TEST(AnchorOrders, BestIsTheLeast) {
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    Graph g = randomTiny(seed);
    auto best = bestAnchor(g, 3, Policy::Belady);
    ASSERT_TRUE(bool(best));
    for (Anchor anchor : kAllAnchors) {
      auto count = simulateNeuronOrder(g, anchorOrder(g, anchor, 3), 3,
                                       Policy::Belady);
      ASSERT_TRUE(bool(count));
      EXPECT_LE(best->count.total(), count->total()) << "seed " << seed;
    }
  }
}

} // namespace
